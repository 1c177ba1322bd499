//! The SOQL a lookup sends, as the subrequests of one Composite request (which counts as one
//! API call; Composite accepts only sObject resources, Query, QueryAll and sObject Collections,
//! at most 5 of them queries: REST API Developer Guide, "Composite"):
//!
//! 1. `contacts`: contacts holding a searched key in any filterable email or phone field
//!    (custom ones included, from `describe`), with their account's fields through the
//!    `Account` parent relationship and the open opportunities they are a contact role on
//!    (`OpportunityContactRoles` subquery, whatever account those belong to);
//! 2. `deals`: the accounts of those contacts (a semi-join on `Contact.AccountId`) with their
//!    open opportunities (`Opportunities` subquery, `ORDER BY CloseDate LIMIT` [`MAX_DEALS`]);
//! 3. `leads`: unconverted leads holding a searched key, when the settings search leads.
//!
//! SOQL compares stored strings, so a number is matched in every format CRMs store it in
//! (`sidecard_model::phone`). Every value is a SOQL string literal escaped as "Quoted String
//! Escape Sequences" says (SOQL and SOSL Reference), and every field name comes from our
//! constants, the admin's saved settings or the org's own describe. A statement may hold
//! 100,000 characters ("SOQL and SOSL Limits"); the largest lookup we build stays far below.

use super::schema::{CONTACT, CURRENCY_FIELD, Described, LEAD, Object, Schema};
use crate::crm::wire::Chosen;
use crate::crm::{CrmError, LookupKeys, Plan};
use sidecard_model::Entity;

/// Most people of one kind a lookup returns.
pub(super) const MAX_PEOPLE: u32 = 25;
/// Most open opportunities read per account and per contact: an account with thousands of
/// open deals must not make every lookup of its contacts megabytes long.
pub const MAX_DEALS: u32 = 200;
/// The opportunity fields every deal shows, whatever the settings.
const DEAL_FACTS: [&str; 6] = ["Id", "Name", "IsClosed", "Amount", "StageName", "CloseDate"];

/// What one lookup asks, everything its queries are built from.
pub(super) struct Lookup<'a> {
    pub(super) keys: &'a LookupKeys,
    pub(super) plan: &'a Plan,
    pub(super) chosen: &'a Chosen,
    pub(super) schema: &'a Schema,
}

/// A select list: each field once (SOQL refuses a field selected twice), in order.
#[derive(Default)]
struct Fields(Vec<String>);

impl Fields {
    fn add(&mut self, field: impl Into<String>) {
        let field = field.into();
        if !self.0.iter().any(|f| f.eq_ignore_ascii_case(&field)) {
            self.0.push(field);
        }
    }

    fn text(&self) -> String {
        self.0.join(", ")
    }
}

impl Lookup<'_> {
    /// The contacts query, or `None` when no contact field can hold a searched key.
    pub(super) fn contacts(&self) -> Option<String> {
        let matches = self.matching(Entity::Contact)?;
        let mut fields = self.person_fields(&CONTACT);
        fields.add("AccountId");
        if self.plan.account.is_some() {
            fields.add("Account.Id");
            fields.add("Account.Name");
            for field in &self.chosen.account {
                fields.add(format!("Account.{}", field.key));
            }
            if self.schema.multi_currency() {
                fields.add(format!("Account.{CURRENCY_FIELD}"));
            }
        }
        let mut select = fields.text();
        if self.plan.deal.is_some() {
            let deal_fields = self.deal_fields();
            let through_roles = deal_fields
                .0
                .iter()
                .map(|f| format!("Opportunity.{f}"))
                .collect::<Vec<_>>()
                .join(", ");
            select.push_str(&format!(
                ", (SELECT {through_roles} FROM OpportunityContactRoles WHERE Opportunity.IsClosed = false ORDER BY Opportunity.CloseDate LIMIT {MAX_DEALS})"
            ));
        }
        select.push_str(&self.recent_tasks());
        Some(format!(
            "SELECT {select} FROM Contact WHERE {matches} LIMIT {MAX_PEOPLE}"
        ))
    }

    /// The person's latest Tasks as a child relationship subquery (`Tasks`: Task.WhoId, on
    /// Contact and Lead), or nothing when the card lists none. Tasks rather than
    /// `ActivityHistories`: that relationship restricts a user without "View All Data" to one
    /// outer record, and a lookup may match several.
    fn recent_tasks(&self) -> String {
        if self.plan.recent == 0 {
            return String::new();
        }
        let mut fields = Fields::default();
        for field in [
            "Subject",
            "TaskSubtype",
            "ActivityDate",
            "CreatedDate",
            "Owner.Name",
        ] {
            fields.add(field);
        }
        for field in &self.chosen.activity {
            fields.add(field.key.as_str());
        }
        format!(
            ", (SELECT {} FROM Tasks ORDER BY CreatedDate DESC LIMIT {})",
            fields.text(),
            self.plan.recent
        )
    }

    /// The open deals of the matching contacts' accounts, or `None` when the deal list is
    /// hidden.
    pub(super) fn account_deals(&self) -> Option<String> {
        self.plan.deal.as_ref()?;
        let matches = self.matching(Entity::Contact)?;
        Some(format!(
            "SELECT Id, (SELECT {} FROM Opportunities WHERE IsClosed = false ORDER BY CloseDate LIMIT {MAX_DEALS}) FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE {matches})",
            self.deal_fields().text()
        ))
    }

    /// Unconverted leads holding a searched key, or `None` when leads are not searched.
    pub(super) fn leads(&self) -> Option<String> {
        if !self.plan.leads {
            return None;
        }
        let matches = self.matching(Entity::Lead)?;
        Some(format!(
            "SELECT {}{} FROM Lead WHERE IsConverted = false AND ({matches}) LIMIT {MAX_PEOPLE}",
            self.person_fields(&LEAD).text(),
            self.recent_tasks()
        ))
    }

    /// Id, name, every searched field (to check the match), the currency, the chosen fields.
    fn person_fields(&self, object: &Object) -> Fields {
        let described = self.schema.of(object.entity);
        let mut fields = Fields::default();
        fields.add("Id");
        fields.add("Name");
        for searched in self.searched(described) {
            fields.add(searched);
        }
        if self.schema.multi_currency() {
            fields.add(CURRENCY_FIELD);
        }
        for field in self.chosen.of(object.entity) {
            fields.add(field.key.clone());
        }
        fields
    }

    fn deal_fields(&self) -> Fields {
        let mut fields = Fields::default();
        for fact in DEAL_FACTS {
            fields.add(fact);
        }
        if self.schema.multi_currency() {
            fields.add(CURRENCY_FIELD);
        }
        for field in &self.chosen.deal {
            fields.add(field.key.clone());
        }
        fields
    }

    /// The names of the fields searched on an object.
    fn searched<'a>(&self, described: &'a Described) -> impl Iterator<Item = &'a str> {
        described
            .searched_emails(self.plan.secondary_emails)
            .iter()
            .chain(&described.phones)
            .map(|s| s.name.as_str())
    }

    /// `Email IN ('a') OR Phone IN ('(425) 555-0100', '+14255550100', …) OR …`; `None` when
    /// the object has no field for any searched key.
    fn matching(&self, entity: Entity) -> Option<String> {
        let described = self.schema.of(entity);
        let mut parts = Vec::new();
        let emails = literals(self.keys.emails.iter().map(String::as_str));
        if !self.keys.emails.is_empty() {
            for field in described.searched_emails(self.plan.secondary_emails) {
                parts.push(format!("{} IN ({emails})", field.name));
            }
        }
        let formats = literals(
            self.keys
                .phones
                .iter()
                .flat_map(|p| p.formats.iter().map(String::as_str)),
        );
        if !self.keys.phones.is_empty() {
            for field in &described.phones {
                parts.push(format!("{} IN ({formats})", field.name));
            }
        }
        (!parts.is_empty()).then(|| parts.join(" OR "))
    }
}

/// `'a', 'b'`.
fn literals<'a>(values: impl Iterator<Item = &'a str>) -> String {
    values.map(soql_string).collect::<Vec<_>>().join(", ")
}

/// A SOQL string literal: backslash first, then quotes and control characters (SOQL
/// "Quoted String Escape Sequences").
pub fn soql_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Checks a Salesforce record id (15 or 18 letters and digits) with the object's key prefix.
pub fn salesforce_id<'a>(id: &'a str, prefix: &str) -> Result<&'a str, CrmError> {
    let ok = matches!(id.len(), 15 | 18)
        && id.chars().all(|c| c.is_ascii_alphanumeric())
        && id.starts_with(prefix);
    ok.then_some(id).ok_or_else(|| {
        CrmError::Invalid(format!(
            "{id:?} is not a Salesforce record id starting with {prefix}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Reads one SOQL string literal back; `None` if the text is anything more than that.
    fn parse_soql_literal(text: &str) -> Option<String> {
        let inner = text.strip_prefix('\'')?;
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.push(match chars.next()? {
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    c @ ('\\' | '\'' | '"') => c,
                    _ => return None,
                }),
                '\'' => return chars.next().is_none().then_some(out),
                c => out.push(c),
            }
        }
        None
    }

    proptest! {
        #[test]
        fn any_string_is_one_soql_literal(value in any::<String>()) {
            prop_assert_eq!(parse_soql_literal(&soql_string(&value)), Some(value));
        }
    }

    #[test]
    fn escaping_examples() {
        assert_eq!(soql_string(r"O'Brien\x"), r"'O\'Brien\\x'");
    }

    #[test]
    fn record_ids_are_checked() {
        assert!(salesforce_id("003XXXXXXXXXXXXXXX", "003").is_ok());
        assert!(salesforce_id("003XXXXXXXXXXXX", "003").is_ok());
        for bad in ["001XXXXXXXXXXXXXXX", "003XXXX", "003XXXXXXXXXX'; --", ""] {
            assert!(salesforce_id(bad, "003").is_err(), "{bad}");
        }
    }
}
