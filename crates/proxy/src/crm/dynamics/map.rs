//! Web API rows → Sidecard's model: records with their chosen columns, deals, and customers
//! whose every row is checked against the searched keys before it is shown.
//!
//! Row shapes (Microsoft Learn, "Query data using the Web API" and "Join tables using OData"):
//! a collection answers `{"value": [...]}`; an expanded single-valued navigation property is a
//! nested object (or `null`), a collection-valued one a nested array; lookup columns read as
//! `_<name>_value`; with `Prefer: odata.include-annotations="OData.Community.Display.V1.
//! FormattedValue"` each money, date and choice column has a `…@OData.Community.Display.V1.
//! FormattedValue` companion in the org's format.

use super::query::{ACCOUNT_DEALS, CONTACT_DEALS, NAV_CONTACT_ACCOUNT, NAV_CURRENCY, STATE_OPEN};
use super::schema::{ACCOUNTS, ACTIVITIES, CONTACTS, DEAL_AMOUNT, OPPORTUNITIES, Table};
use crate::crm::wire::{Chosen, encode, link, record_link, text};
use crate::crm::{LookupKeys, Plan, match_reasons};
use serde_json::{Map, Value as Json};
use sidecard_model::activity::Activity;
use sidecard_model::{
    Customer, Deal, Field, FieldInfo, FieldKind, Money, Record, Value, sort_deals,
};
use std::collections::{HashMap, HashSet};

/// Turns rows into model types for one org.
pub(super) struct Mapper<'a> {
    /// `https://org.crm.dynamics.com`, for deep links.
    pub(super) org: &'a str,
    pub(super) chosen: &'a Chosen,
}

/// The rows of a collection answer.
pub(super) fn rows(body: &Json) -> impl Iterator<Item = &Map<String, Json>> {
    body.get("value")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(Json::as_object)
}

impl Mapper<'_> {
    /// A row of `table` as a record with `fields`, linked to its page in the org.
    pub(super) fn record(
        &self,
        table: &Table,
        row: &Map<String, Json>,
        fields: &[FieldInfo],
    ) -> Record {
        let id = text(row, table.id).unwrap_or_default();
        Record {
            entity: table.entity,
            link: record_link(format!(
                "{}/main.aspx?pagetype=entityrecord&etn={}&id={}",
                self.org,
                table.logical,
                encode(&id)
            )),
            id,
            title: text(row, table.title).unwrap_or_else(|| "(no name)".to_owned()),
            fields: fields
                .iter()
                .map(|f| Field::new(&f.key, &f.label, value(row, &f.key, f.kind)))
                .collect(),
        }
    }

    fn deal(&self, row: &Map<String, Json>) -> Deal {
        let record = self.record(&OPPORTUNITIES, row, &self.chosen.deal);
        let amount = match value(row, DEAL_AMOUNT, FieldKind::Money) {
            Value::Money(m) => Some(m),
            _ => None,
        };
        let stage = text(row, "stepname").or_else(|| formatted(row, "salesstage"));
        let close_date = text(row, "estimatedclosedate").and_then(|d| d.parse().ok());
        Deal {
            record,
            amount,
            stage,
            close_date,
        }
    }

    /// Turns one contact or lead row (with its expansions) into a customer, keeping only the
    /// searched keys it really holds.
    fn customer(
        &self,
        table: &Table,
        row: &Map<String, Json>,
        keys: &LookupKeys,
        plan: &Plan,
    ) -> Customer {
        let account_row = row.get(NAV_CONTACT_ACCOUNT).and_then(Json::as_object);
        let account_deals = ACCOUNT_DEALS
            .into_iter()
            .filter_map(|nav| account_row?.get(nav)?.as_array());
        let contact_deals = CONTACT_DEALS
            .into_iter()
            .filter_map(|nav| row.get(nav)?.as_array());
        let mut seen = HashSet::new();
        // Each deal once, however many of these ties it has.
        let mut open_deals: Vec<Deal> = account_deals
            .chain(contact_deals)
            .flatten()
            .filter(|_| plan.deal.is_some())
            .filter_map(Json::as_object)
            .filter(|deal| {
                deal.get("statecode")
                    .and_then(Json::as_u64)
                    .is_none_or(|s| s == u64::from(STATE_OPEN))
            })
            .filter(|deal| seen.insert(text(deal, OPPORTUNITIES.id)))
            .map(|deal| self.deal(deal))
            .collect();
        sort_deals(&mut open_deals);
        Customer {
            person: self.record(table, row, self.chosen.of(table.entity)),
            matched_on: match_reasons(
                plan.emails(table.emails),
                table.phones,
                |column| text(row, column),
                keys,
                plan.region,
            ),
            account: account_row
                .filter(|_| plan.account.is_some())
                .map(|a| self.record(&ACCOUNTS, a, &self.chosen.account)),
            open_deals,
            more_deals: 0,
            recent: Vec::new(),
        }
    }

    /// The people of a collection answer of `table` that hold a searched key.
    pub(super) fn people(
        &self,
        table: &Table,
        body: &Json,
        keys: &LookupKeys,
        plan: &Plan,
    ) -> Vec<Customer> {
        rows(body)
            .map(|row| self.customer(table, row, keys, plan))
            // The server's comparison may be looser than ours (wildcards, collation): a row
            // that does not hold a searched key exactly is not a match.
            .filter(|c| !c.matched_on.is_empty())
            .collect()
    }

    /// The rows of a [`super::query::recent_activities`] answer by regarding person (lower
    /// case), newest first, `per_person` each: the type's and the owner's display names
    /// (formatted values), the subject, when it was created (what the request orders by), the
    /// chosen columns.
    pub(super) fn recent(&self, body: &Json, per_person: u8) -> HashMap<String, Vec<Activity>> {
        let mut recent: HashMap<String, Vec<Activity>> = HashMap::new();
        for row in rows(body) {
            let Some(person) = text(row, "_regardingobjectid_value") else {
                continue;
            };
            let list = recent.entry(person.to_lowercase()).or_default();
            if list.len() < usize::from(per_person) {
                let record = self.record(&ACTIVITIES, row, &self.chosen.activity);
                list.push(Activity {
                    kind: formatted(row, "activitytypecode")
                        .or_else(|| text(row, "activitytypecode"))
                        .unwrap_or_default(),
                    subject: text(row, "subject").unwrap_or_default(),
                    when: text(row, "createdon"),
                    owner: formatted(row, "_ownerid_value"),
                    fields: record.fields,
                });
            }
        }
        recent
    }

    /// Gives each customer the open deals of `deals` (a [`super::query::deals_of`] answer)
    /// tied to them or to their account; `owners` holds each customer's `(contact, account)`.
    pub(super) fn assign_deals(
        &self,
        customers: &mut [Customer],
        owners: &[(String, Option<String>)],
        deals: &Json,
    ) {
        let deals: Vec<&Map<String, Json>> = rows(deals).collect();
        for (customer, (contact, account)) in customers.iter_mut().zip(owners) {
            let mine = |deal: &Map<String, Json>| {
                let customer = text(deal, "_customerid_value");
                text(deal, "_parentcontactid_value").as_ref() == Some(contact)
                    || customer.as_ref() == Some(contact)
                    || (account.is_some()
                        && (text(deal, "_parentaccountid_value") == *account
                            || customer == *account))
            };
            customer.open_deals = deals
                .iter()
                .filter(|deal| mine(deal))
                .map(|deal| self.deal(deal))
                .collect();
            sort_deals(&mut customer.open_deals);
        }
    }
}

/// Each contact's account id in a contacts answer (the account card may be hidden), in the
/// order of `customers`.
pub(super) fn owners(body: &Json, customers: &[Customer]) -> Vec<(String, Option<String>)> {
    let account_of = |contact: &str| -> Option<String> {
        rows(body).find_map(|row| {
            (text(row, CONTACTS.id).as_deref() == Some(contact))
                .then(|| row.get(NAV_CONTACT_ACCOUNT)?.as_object())
                .flatten()
                .and_then(|a| text(a, ACCOUNTS.id))
        })
    };
    customers
        .iter()
        .map(|c| (c.person.id.clone(), account_of(&c.person.id)))
        .collect()
}

fn formatted(row: &Map<String, Json>, key: &str) -> Option<String> {
    text(
        row,
        &format!("{key}@OData.Community.Display.V1.FormattedValue"),
    )
}

/// A column's typed value, with Dataverse's own formatting for money and option sets.
fn value(row: &Map<String, Json>, key: &str, kind: FieldKind) -> Value {
    let value = match kind {
        FieldKind::Text => text(row, key).map(Value::Text),
        FieldKind::Email => text(row, key).map(Value::Email),
        FieldKind::Phone => text(row, key).map(Value::Phone),
        FieldKind::Link => text(row, key).map(link),
        FieldKind::Choice => formatted(row, key)
            .or_else(|| row.get(key).filter(|v| !v.is_null()).map(Json::to_string))
            .map(Value::Choice),
        FieldKind::Money => row.get(key).and_then(Json::as_f64).map(|amount| {
            let currency = row
                .get(NAV_CURRENCY)
                .and_then(|c| c.get("isocurrencycode"))
                .and_then(Json::as_str);
            match currency.and_then(|c| Money::from_decimal(amount, c)) {
                Some(mut money) => {
                    money.formatted = formatted(row, key);
                    Value::Money(money)
                }
                // No currency to type it with: show what Dataverse shows.
                None => Value::Text(formatted(row, key).unwrap_or_else(|| amount.to_string())),
            }
        }),
        FieldKind::Date => text(row, key).and_then(|d| d.parse().ok()).map(Value::Date),
        FieldKind::Number => row.get(key).and_then(Json::as_f64).map(Value::Number),
        FieldKind::Bool => row.get(key).and_then(Json::as_bool).map(Value::Bool),
    };
    value.unwrap_or(Value::Empty)
}
