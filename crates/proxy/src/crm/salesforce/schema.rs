//! What Sidecard knows of an org's objects before asking (the fields a card shows by default),
//! and what it learns from `describe` (every email and phone field to search, custom ones
//! included; whether the org has several currencies).
//!
//! Sources: REST API Developer Guide, "sObject Describe" (`fields[]` with `name`, `type`,
//! `label`, `filterable`); Object Reference, field types (`email`, `phone`, `currency`, …);
//! multi-currency orgs have a `CurrencyIsoCode` field on every object ("Object Reference:
//! CurrencyIsoCode … available only for orgs with the multicurrency feature enabled").

use crate::crm::wire::{Column, col};
use serde_json::Value as Json;
use sidecard_model::{Entity, FieldInfo, FieldKind};

/// How one Salesforce object maps onto a Sidecard entity.
pub(super) struct Object {
    pub(super) entity: Entity,
    pub(super) name: &'static str,
    /// Card fields in order (until the settings page chooses them).
    pub(super) columns: &'static [Column],
}

pub(super) const CONTACT: Object = Object {
    entity: Entity::Contact,
    name: "Contact",
    columns: &[
        col("Title", "Title", FieldKind::Text),
        col("Email", "Email", FieldKind::Email),
        col("Phone", "Phone", FieldKind::Phone),
        col("MobilePhone", "Mobile", FieldKind::Phone),
        col("HomePhone", "Home phone", FieldKind::Phone),
        col("OtherPhone", "Other phone", FieldKind::Phone),
        col("MailingCity", "City", FieldKind::Text),
    ],
};

pub(super) const LEAD: Object = Object {
    entity: Entity::Lead,
    name: "Lead",
    columns: &[
        col("Company", "Company", FieldKind::Text),
        col("Title", "Title", FieldKind::Text),
        col("Email", "Email", FieldKind::Email),
        col("Phone", "Phone", FieldKind::Phone),
        col("MobilePhone", "Mobile", FieldKind::Phone),
        col("Status", "Lead status", FieldKind::Choice),
        col("LeadSource", "Lead source", FieldKind::Choice),
    ],
};

pub(super) const ACCOUNT: Object = Object {
    entity: Entity::Account,
    name: "Account",
    columns: &[
        col("Industry", "Industry", FieldKind::Choice),
        col("Website", "Website", FieldKind::Link),
        col("Phone", "Phone", FieldKind::Phone),
        col("BillingCity", "City", FieldKind::Text),
        col("AnnualRevenue", "Annual revenue", FieldKind::Money),
    ],
};

pub(super) const OPPORTUNITY: Object = Object {
    entity: Entity::Deal,
    name: "Opportunity",
    columns: &[
        col("Amount", "Amount", FieldKind::Money),
        col("StageName", "Stage", FieldKind::Choice),
        col("CloseDate", "Close date", FieldKind::Date),
        col("Probability", "Probability (%)", FieldKind::Number),
    ],
};

/// The recent-activity list's rows: a person's Tasks (calls are Tasks of subtype Call).
/// Object Reference, "Task": `Description`, `Status`, `Priority`, `CallType`,
/// `CallDurationInSeconds`, `ActivityDate`.
pub(super) const TASK: Object = Object {
    entity: Entity::Activity,
    name: "Task",
    columns: &[
        col("Description", "Comments", FieldKind::Text),
        col("Status", "Status", FieldKind::Choice),
        col("Priority", "Priority", FieldKind::Choice),
        col("CallType", "Call Type", FieldKind::Choice),
        col("CallDurationInSeconds", "Call Duration", FieldKind::Number),
        col("ActivityDate", "Due Date Only", FieldKind::Date),
    ],
};

/// Every object in the order [`Schema::objects`] keeps them.
pub(super) const OBJECTS: [&Object; 5] = [&CONTACT, &LEAD, &ACCOUNT, &OPPORTUNITY, &TASK];

pub(super) fn object(entity: Entity) -> &'static Object {
    match entity {
        Entity::Contact => &CONTACT,
        Entity::Lead => &LEAD,
        Entity::Account => &ACCOUNT,
        Entity::Deal => &OPPORTUNITY,
        Entity::Activity => &TASK,
    }
}

/// The field every multi-currency record carries its currency in.
pub(super) const CURRENCY_FIELD: &str = "CurrencyIsoCode";
/// The primary email field of contacts and leads; any other email field is a secondary one.
pub(super) const PRIMARY_EMAIL: &str = "Email";

/// The fields every create form has (the connector fills them from the form's own boxes).
const BUILT_IN_ON_CREATE: [&str; 6] =
    ["FirstName", "LastName", "Name", "Email", "Phone", "Company"];

/// A field a lookup searches: its API name and label (for "matched on").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Searched {
    pub(super) name: String,
    pub(super) label: String,
}

/// What one object's describe says.
#[derive(Debug, Clone, Default)]
pub(super) struct Described {
    /// Every field with something to show, by label.
    pub(super) fields: Vec<FieldInfo>,
    /// The fields a create form may ask for beyond the built-in name, email, phone and
    /// company, by label; required: createable, not nillable, not defaulted on create
    /// (Object Reference, "Required Fields").
    pub(super) creatable: Vec<FieldInfo>,
    /// Filterable email fields, the primary one first.
    pub(super) emails: Vec<Searched>,
    /// Filterable phone fields.
    pub(super) phones: Vec<Searched>,
    /// Whether records carry `CurrencyIsoCode`.
    pub(super) currency_field: bool,
}

impl Described {
    /// Reads a describe answer.
    pub(super) fn read(body: &Json) -> Self {
        let mut out = Described::default();
        for f in body
            .get("fields")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            let (Some(name), Some(kind)) = (
                f.get("name").and_then(Json::as_str),
                f.get("type").and_then(Json::as_str),
            ) else {
                continue;
            };
            let label = f
                .get("label")
                .and_then(Json::as_str)
                .filter(|l| !l.is_empty())
                .unwrap_or(name)
                .to_owned();
            if name == CURRENCY_FIELD {
                out.currency_field = true;
            }
            // An encrypted field may not be filterable: searching it would fail the query.
            let filterable = f.get("filterable").and_then(Json::as_bool) == Some(true);
            let searched = Searched {
                name: name.to_owned(),
                label: label.clone(),
            };
            match kind {
                "email" if filterable && name == PRIMARY_EMAIL => out.emails.insert(0, searched),
                "email" if filterable => out.emails.push(searched),
                "phone" if filterable => out.phones.push(searched),
                _ => {}
            }
            if let Some(field_type) = field_kind(kind) {
                let info = FieldInfo::new(name, label, field_type);
                let flag = |property| f.get(property).and_then(Json::as_bool) == Some(true);
                // Not what an agent cannot type (a picklist, an id), nor a date-time (the
                // form gives dates).
                if flag("createable")
                    && field_type != FieldKind::Choice
                    && kind != "datetime"
                    && !BUILT_IN_ON_CREATE.contains(&name)
                {
                    out.creatable.push(FieldInfo {
                        required: !flag("nillable") && !flag("defaultedOnCreate"),
                        ..info.clone()
                    });
                }
                out.fields.push(info);
            }
        }
        out.fields.sort_by_key(|f| f.label.to_lowercase());
        out.creatable.sort_by_key(|f| f.label.to_lowercase());
        out
    }

    /// The email fields a lookup searches: only the primary one unless secondary emails are.
    pub(super) fn searched_emails(&self, secondary: bool) -> &[Searched] {
        if secondary {
            &self.emails
        } else {
            let primary = self.emails.iter().take_while(|s| s.name == PRIMARY_EMAIL);
            &self.emails[..primary.count()]
        }
    }
}

/// What a connection knows of its org: each object's describe, and its currency.
#[derive(Debug, Clone, Default)]
pub(super) struct Schema {
    /// Contact, lead, account, opportunity, task, in the order of [`OBJECTS`].
    pub(super) objects: [Described; 5],
    /// The org's one currency, for amounts in an org without `CurrencyIsoCode`; `None` in a
    /// multi-currency org (every record names its own) or when it could not be read.
    pub(super) currency: Option<String>,
}

impl Schema {
    /// What `entity`'s describe said.
    pub(super) fn of(&self, entity: Entity) -> &Described {
        let at = OBJECTS
            .iter()
            .position(|o| o.entity == entity)
            .expect("every entity has an object");
        &self.objects[at]
    }

    /// Whether the org has several currencies (its opportunities carry `CurrencyIsoCode`).
    pub(super) fn multi_currency(&self) -> bool {
        self.of(Entity::Deal).currency_field
    }
}

/// Describe `type` → how Sidecard shows it; `None` for what has nothing to show (ids,
/// compound address/location fields, binaries).
fn field_kind(describe_type: &str) -> Option<FieldKind> {
    Some(match describe_type {
        "string" | "textarea" | "combobox" | "encryptedstring" => FieldKind::Text,
        "email" => FieldKind::Email,
        "phone" => FieldKind::Phone,
        "url" => FieldKind::Link,
        "picklist" | "multipicklist" | "reference" => FieldKind::Choice,
        "boolean" => FieldKind::Bool,
        "currency" => FieldKind::Money,
        "double" | "percent" | "int" | "long" => FieldKind::Number,
        "date" | "datetime" => FieldKind::Date,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn describe_names_every_searchable_email_and_phone_primary_first() {
        let described = Described::read(&json!({ "fields": [
            { "name": "Id", "type": "id", "label": "Contact ID", "filterable": true },
            { "name": "Work_Email__c", "type": "email", "label": "Work email", "filterable": true },
            { "name": "Email", "type": "email", "label": "Email", "filterable": true },
            { "name": "Secret_Email__c", "type": "email", "label": "Secret", "filterable": false },
            { "name": "Phone", "type": "phone", "label": "Business Phone", "filterable": true },
            { "name": "Pager__c", "type": "phone", "label": "Pager", "filterable": true },
            { "name": "CurrencyIsoCode", "type": "picklist", "label": "Currency", "filterable": true },
        ]}));
        let names = |s: &[Searched]| s.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&described.emails), ["Email", "Work_Email__c"]);
        assert_eq!(names(described.searched_emails(false)), ["Email"]);
        assert_eq!(names(&described.phones), ["Phone", "Pager__c"]);
        assert!(described.currency_field);
        assert!(
            !described.fields.iter().any(|f| f.key == "Id"),
            "ids have nothing to show"
        );
    }
}
