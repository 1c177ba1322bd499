//! The five Dataverse tables Sidecard reads, their built-in card columns and searched
//! columns, and the org's own column list (`EntityDefinitions(...)/Attributes`) as fields an
//! admin can choose.
//!
//! Table and column names: Dataverse table/entity references for `contact`, `lead`, `account`,
//! `opportunity` and `activitypointer` (Microsoft Learn, Power Apps developer docs; the Web
//! API's "activitypointer EntityType" lists `description`, `actualdurationminutes`,
//! `actualend`, `scheduledend`, `prioritycode` on every activity). `AttributeOf eq null` keeps
//! the columns a person sees (not the `…name` companions of lookups); `IsValidForRead` says
//! whether a column can be read at all. "Query table definitions using the Web API" allows
//! `$filter` on any primitive property and shows it inside `$expand=Attributes(...)`; both
//! are primitive properties of `AttributeMetadata` (its EntityType reference), though no page
//! shows these two in a filter.

use crate::crm::wire::{Column, col};
use serde_json::Value as Json;
use sidecard_model::{Entity, FieldInfo, FieldKind};

/// The opportunity column every deal shows as its amount.
pub(super) const DEAL_AMOUNT: &str = "estimatedvalue";

/// How one Dataverse table maps onto a Sidecard entity.
pub(super) struct Table {
    pub(super) entity: Entity,
    /// Entity set name in URLs.
    pub(super) set: &'static str,
    /// Logical name (metadata, deep links).
    pub(super) logical: &'static str,
    /// Primary key column.
    pub(super) id: &'static str,
    /// The column used as the card's title.
    pub(super) title: &'static str,
    /// Card fields, in order (until the settings page chooses them).
    pub(super) columns: &'static [Column],
    /// Searched email columns with their labels.
    pub(super) emails: &'static [(&'static str, &'static str)],
    /// Searched phone columns with their labels.
    pub(super) phones: &'static [(&'static str, &'static str)],
}

pub(super) const CONTACTS: Table = Table {
    entity: Entity::Contact,
    set: "contacts",
    logical: "contact",
    id: "contactid",
    title: "fullname",
    columns: &[
        col("jobtitle", "Job title", FieldKind::Text),
        col("emailaddress1", "Email", FieldKind::Email),
        col("emailaddress2", "Email 2", FieldKind::Email),
        col("emailaddress3", "Email 3", FieldKind::Email),
        col("telephone1", "Business phone", FieldKind::Phone),
        col("mobilephone", "Mobile phone", FieldKind::Phone),
        col("telephone2", "Home phone", FieldKind::Phone),
        col("telephone3", "Other phone", FieldKind::Phone),
        col("address1_city", "City", FieldKind::Text),
    ],
    emails: &[
        ("emailaddress1", "Email"),
        ("emailaddress2", "Email 2"),
        ("emailaddress3", "Email 3"),
    ],
    phones: &[
        ("telephone1", "Business phone"),
        ("mobilephone", "Mobile phone"),
        ("telephone2", "Home phone"),
        ("telephone3", "Other phone"),
    ],
};

pub(super) const LEADS: Table = Table {
    entity: Entity::Lead,
    set: "leads",
    logical: "lead",
    id: "leadid",
    title: "fullname",
    columns: &[
        col("companyname", "Company", FieldKind::Text),
        col("jobtitle", "Job title", FieldKind::Text),
        col("emailaddress1", "Email", FieldKind::Email),
        col("emailaddress2", "Email 2", FieldKind::Email),
        col("emailaddress3", "Email 3", FieldKind::Email),
        col("telephone1", "Business phone", FieldKind::Phone),
        col("mobilephone", "Mobile phone", FieldKind::Phone),
        col("leadsourcecode", "Lead source", FieldKind::Choice),
    ],
    emails: &[
        ("emailaddress1", "Email"),
        ("emailaddress2", "Email 2"),
        ("emailaddress3", "Email 3"),
    ],
    phones: &[
        ("telephone1", "Business phone"),
        ("mobilephone", "Mobile phone"),
    ],
};

pub(super) const ACCOUNTS: Table = Table {
    entity: Entity::Account,
    set: "accounts",
    logical: "account",
    id: "accountid",
    title: "name",
    columns: &[
        col("industrycode", "Industry", FieldKind::Choice),
        col("websiteurl", "Website", FieldKind::Link),
        col("telephone1", "Main phone", FieldKind::Phone),
        col("address1_city", "City", FieldKind::Text),
        col("revenue", "Annual revenue", FieldKind::Money),
    ],
    emails: &[],
    phones: &[],
};

pub(super) const OPPORTUNITIES: Table = Table {
    entity: Entity::Deal,
    set: "opportunities",
    logical: "opportunity",
    id: "opportunityid",
    title: "name",
    columns: &[
        col("estimatedvalue", "Est. revenue", FieldKind::Money),
        col("stepname", "Pipeline stage", FieldKind::Text),
        col("estimatedclosedate", "Est. close date", FieldKind::Date),
        col("closeprobability", "Probability (%)", FieldKind::Number),
    ],
    emails: &[],
    phones: &[],
};

/// Every activity type's shared columns: the recent-activity list reads the base table, so a
/// phone call and a task come back in one request.
pub(super) const ACTIVITIES: Table = Table {
    entity: Entity::Activity,
    set: "activitypointers",
    logical: "activitypointer",
    id: "activityid",
    title: "subject",
    columns: &[
        col("description", "Description", FieldKind::Text),
        col(
            "actualdurationminutes",
            "Actual Duration",
            FieldKind::Number,
        ),
        col("actualend", "Actual End", FieldKind::Date),
        col("scheduledend", "Due", FieldKind::Date),
        col("prioritycode", "Priority", FieldKind::Choice),
        col("statecode", "Activity Status", FieldKind::Choice),
    ],
    emails: &[],
    phones: &[],
};

/// The table behind `entity`.
pub(super) fn table(entity: Entity) -> &'static Table {
    match entity {
        Entity::Contact => &CONTACTS,
        Entity::Lead => &LEADS,
        Entity::Account => &ACCOUNTS,
        Entity::Deal => &OPPORTUNITIES,
        Entity::Activity => &ACTIVITIES,
    }
}

/// The attributes of an `EntityDefinitions` answer as fields, by label.
pub(super) fn fields_from_metadata(body: &Json) -> Vec<FieldInfo> {
    let mut fields: Vec<FieldInfo> = body
        .get("Attributes")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| {
            let logical = a.get("LogicalName")?.as_str()?;
            let attribute_type = a.get("AttributeType")?.as_str()?;
            let kind = field_kind(logical, attribute_type)?;
            // Lookup columns are read (and selected) as `_<name>_value`; their formatted value
            // is the related record's name.
            let key = match attribute_type {
                "Lookup" | "Customer" | "Owner" => format!("_{logical}_value"),
                _ => logical.to_owned(),
            };
            let label = a
                .pointer("/DisplayName/UserLocalizedLabel/Label")
                .and_then(Json::as_str)
                .filter(|l| !l.is_empty())
                .map_or_else(|| logical.to_owned(), str::to_owned);
            // Asked for only with the columns a create may set.
            let required = matches!(
                a.pointer("/RequiredLevel/Value").and_then(Json::as_str),
                Some("SystemRequired" | "ApplicationRequired")
            );
            Some(FieldInfo {
                required,
                ..FieldInfo::new(key, label, kind)
            })
        })
        .collect();
    fields.sort_by_key(|f| f.label.to_lowercase());
    fields
}

/// Whether a create form may ask for `field`: not a column the form has built in (name, email,
/// phone, a lead's company), not a lookup (written through navigation properties), not a
/// choice (an option number an agent cannot type), and not a date: a `DateTime` column is
/// date-only or date-and-time, and the base attribute list does not say which (a date sent to
/// a user-local date-and-time column would move the day).
pub(super) fn fillable_on_create(entity: Entity, field: &FieldInfo) -> bool {
    const BUILT_IN: [&str; 5] = [
        "firstname",
        "lastname",
        "emailaddress1",
        "telephone1",
        "fullname",
    ];
    let built_in = BUILT_IN.contains(&field.key.as_str())
        || (entity == Entity::Lead && field.key == "companyname");
    let lookup = field.key.starts_with('_');
    !(built_in || lookup || matches!(field.kind, FieldKind::Choice | FieldKind::Date))
}

/// Dataverse `AttributeType` → how Sidecard shows it; `None` for columns with nothing to show
/// (ids, virtual columns, images, partylists).
fn field_kind(key: &str, attribute_type: &str) -> Option<FieldKind> {
    Some(match attribute_type {
        "String" | "Memo" if key.starts_with("emailaddress") => FieldKind::Email,
        "String" if key.starts_with("telephone") || key == "mobilephone" || key == "fax" => {
            FieldKind::Phone
        }
        "String" if key == "websiteurl" => FieldKind::Link,
        "String" | "Memo" => FieldKind::Text,
        "Integer" | "BigInt" | "Decimal" | "Double" => FieldKind::Number,
        "Money" => FieldKind::Money,
        "Boolean" => FieldKind::Bool,
        "DateTime" => FieldKind::Date,
        "Picklist" | "State" | "Status" | "Lookup" | "Customer" | "Owner" => FieldKind::Choice,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_types_map_to_field_kinds() {
        assert_eq!(
            field_kind("emailaddress2", "String"),
            Some(FieldKind::Email)
        );
        assert_eq!(field_kind("mobilephone", "String"), Some(FieldKind::Phone));
        assert_eq!(field_kind("revenue", "Money"), Some(FieldKind::Money));
        assert_eq!(
            field_kind("industrycode", "Picklist"),
            Some(FieldKind::Choice)
        );
        assert_eq!(field_kind("contactid", "Uniqueidentifier"), None);
    }
}
