//! Query results → Sidecard's model: records with their chosen fields, deals, and customers
//! whose every row is checked against the searched keys before it is shown.
//!
//! Result shapes (REST API Developer Guide, "Query" and "Relationship Queries"): each record has
//! `attributes` and the selected fields; a parent path (`Account.Name`) comes back as a nested
//! record (`"Account": {…}` or `null`); a subquery as a nested query result (`{"records": …}`)
//! or `null` when it found nothing.

use super::schema::{ACCOUNT, CURRENCY_FIELD, OPPORTUNITY, Object, Schema, Searched, TASK};
use crate::crm::wire::{Chosen, encode, link, record_link, text};
use crate::crm::{LookupKeys, Plan, match_reasons};
use serde_json::{Map, Value as Json};
use sidecard_model::activity::Activity;
use sidecard_model::{Customer, Deal, Field, FieldInfo, FieldKind, Money, Record, Value};
use std::collections::{HashMap, HashSet};

/// Turns rows into model types for one org.
pub(super) struct Mapper<'a> {
    /// My Domain URL, for record links.
    pub(super) url: &'a str,
    pub(super) schema: &'a Schema,
    pub(super) chosen: &'a Chosen,
}

/// `(field, label)` pairs, as [`match_reasons`] reads them.
fn pairs(fields: &[Searched]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|s| (s.name.as_str(), s.label.as_str()))
        .collect()
}

/// `records` of a query result (or of a subquery; `null` when there are none).
pub(super) fn records(result: &Json) -> Vec<Map<String, Json>> {
    result
        .get("records")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(Json::as_object)
        .cloned()
        .collect()
}

/// The sObject type in a record's `attributes` (`Contact`, `Lead`, …).
pub(super) fn sobject_type(row: &Map<String, Json>) -> &str {
    row.get("attributes")
        .and_then(|a| a.get("type"))
        .and_then(Json::as_str)
        .unwrap_or("")
}

impl Mapper<'_> {
    pub(super) fn record(
        &self,
        object: &Object,
        row: &Map<String, Json>,
        fields: &[FieldInfo],
    ) -> Record {
        let id = text(row, "Id").unwrap_or_default();
        Record {
            entity: object.entity,
            link: record_link(format!(
                "{}/lightning/r/{}/{}/view",
                self.url,
                object.name,
                encode(&id)
            )),
            id,
            title: text(row, "Name").unwrap_or_else(|| "(no name)".to_owned()),
            fields: fields
                .iter()
                .map(|f| Field::new(&f.key, &f.label, self.value(row, &f.key, f.kind)))
                .collect(),
        }
    }

    pub(super) fn deal(&self, row: &Map<String, Json>) -> Deal {
        let amount = match self.value(row, "Amount", FieldKind::Money) {
            Value::Money(m) => Some(m),
            _ => None,
        };
        Deal {
            record: self.record(&OPPORTUNITY, row, &self.chosen.deal),
            amount,
            stage: text(row, "StageName"),
            close_date: text(row, "CloseDate").and_then(|d| d.parse().ok()),
        }
    }

    /// A field's typed value. Amounts are in the record's own `CurrencyIsoCode` in a
    /// multi-currency org, else in the org's one currency; when neither is known the amount
    /// shows as a plain number rather than in a currency it may not be.
    fn value(&self, row: &Map<String, Json>, key: &str, kind: FieldKind) -> Value {
        let value = match kind {
            FieldKind::Text => text(row, key).map(Value::Text),
            FieldKind::Email => text(row, key).map(Value::Email),
            FieldKind::Phone => text(row, key).map(Value::Phone),
            FieldKind::Choice => text(row, key).map(Value::Choice),
            FieldKind::Link => text(row, key).map(link),
            FieldKind::Money => row.get(key).and_then(Json::as_f64).map(|amount| {
                let currency = text(row, CURRENCY_FIELD).or_else(|| self.schema.currency.clone());
                currency
                    .and_then(|c| Money::from_decimal(amount, &c))
                    .map_or(Value::Number(amount), Value::Money)
            }),
            FieldKind::Date => text(row, key).and_then(|d| d.parse().ok()).map(Value::Date),
            FieldKind::Number => row.get(key).and_then(Json::as_f64).map(Value::Number),
            FieldKind::Bool => row.get(key).and_then(Json::as_bool).map(Value::Bool),
        };
        value.unwrap_or(Value::Empty)
    }

    /// The `Tasks` subquery's records as the card's recent activity: the subtype ("Call",
    /// "Email", else "Task"), the subject, when it was created (what the list is ordered by;
    /// a task's `ActivityDate` may be a due date to come), the owner's name, the chosen
    /// fields.
    fn recent(&self, tasks: &Json) -> Vec<Activity> {
        records(tasks)
            .iter()
            .map(|task| Activity {
                kind: text(task, "TaskSubtype").unwrap_or_else(|| "Task".to_owned()),
                subject: text(task, "Subject").unwrap_or_default(),
                when: text(task, "CreatedDate").map(|t| rfc3339(&t)),
                owner: task
                    .get("Owner")
                    .and_then(Json::as_object)
                    .and_then(|owner| text(owner, "Name")),
                fields: self.record(&TASK, task, &self.chosen.activity).fields,
            })
            .collect()
    }

    /// The people of one query result who really hold a searched key, each with their
    /// account and open deals (`account_deals`: open opportunities per account id).
    pub(super) fn customers(
        &self,
        object: &Object,
        result: &Json,
        keys: &LookupKeys,
        plan: &Plan,
        account_deals: &HashMap<String, Vec<Map<String, Json>>>,
    ) -> Vec<Customer> {
        let described = self.schema.of(object.entity);
        let emails = pairs(described.searched_emails(plan.secondary_emails));
        let phones = pairs(&described.phones);
        records(result)
            .iter()
            .filter_map(|row| {
                // SOQL's comparison ignores case and may be looser than ours: a row that
                // holds no searched key exactly is not a match.
                let matched_on =
                    match_reasons(&emails, &phones, |f| text(row, f), keys, plan.region);
                if matched_on.is_empty() {
                    return None;
                }
                let account = row.get("Account").and_then(Json::as_object);
                let mut seen = HashSet::new();
                let mut open_deals: Vec<Deal> = text(row, "AccountId")
                    .and_then(|a| account_deals.get(&a))
                    .into_iter()
                    .flatten()
                    .cloned()
                    .chain(
                        row.get("OpportunityContactRoles")
                            .map(records)
                            .unwrap_or_default()
                            .iter()
                            .filter_map(|role| role.get("Opportunity")?.as_object().cloned()),
                    )
                    .filter(|o| o.get("IsClosed").and_then(Json::as_bool) != Some(true))
                    .filter(|o| seen.insert(text(o, "Id")))
                    .map(|o| self.deal(&o))
                    .collect();
                sidecard_model::sort_deals(&mut open_deals);
                Some(Customer {
                    person: self.record(object, row, self.chosen.of(object.entity)),
                    matched_on,
                    account: account
                        .filter(|_| plan.account.is_some())
                        .map(|a| self.record(&ACCOUNT, a, &self.chosen.account)),
                    // Empty when the deal list is hidden: its queries were not sent.
                    open_deals,
                    more_deals: 0,
                    recent: row
                        .get("Tasks")
                        .map(|tasks| self.recent(tasks))
                        .unwrap_or_default(),
                })
            })
            .collect()
    }
}

/// Salesforce's `2026-11-24T09:30:00.000+0000` as RFC 3339 (`…+00:00`), which every
/// browser's `Date.parse` reads.
fn rfc3339(time: &str) -> String {
    let split = time.len().saturating_sub(5);
    match time.get(split..) {
        Some(zone)
            if zone.len() == 5
                && (zone.starts_with('+') || zone.starts_with('-'))
                && zone[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            format!("{}{}:{}", &time[..split], &zone[..3], &zone[3..])
        }
        _ => time.to_owned(),
    }
}
