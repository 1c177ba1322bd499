//! Search and batch-read results → Sidecard's model: people checked against the searched
//! keys, their company, their open deals with stage labels.
//!
//! Result shape (HubSpot's "Search the CRM" and batch read guides): `{"results": [{"id",
//! "properties": {…}, "createdAt", "updatedAt", "archived"}]}`; a property asked for but unset
//! reads `null`. Record pages (no HubSpot page documents the URL; the form every HubSpot
//! link uses): `https://<uiDomain>/contacts/<portalId>/record/<objectTypeId>/<id>`, object
//! types `0-1` contact, `0-2` company, `0-3` deal (the CRM objects guide's type ids), on the
//! portal's own `uiDomain` from `GET /account-info/v3/details` (`app-eu1.hubspot.com` for EU
//! portals).

use super::schema::{self, Property};
use crate::crm::wire::{currency_code, encode, record_link, text};
use crate::crm::{LookupKeys, Plan, match_reasons};
use serde_json::{Map, Value as Json};
use sidecard_model::{Deal, Entity, Field, MatchReason, Money, Record, Value};
use std::collections::HashMap;

/// One result: its id and properties.
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub(super) id: String,
    pub(super) properties: Map<String, Json>,
}

impl Row {
    pub(super) fn get(&self, key: &str) -> Option<String> {
        text(&self.properties, key)
    }

    /// One object of an answer (a create's, a read's).
    pub(super) fn of(object: &Json) -> Option<Row> {
        Some(Row {
            id: object.get("id")?.as_str()?.to_owned(),
            properties: object
                .get("properties")
                .and_then(Json::as_object)
                .cloned()
                .unwrap_or_default(),
        })
    }
}

/// The `results` of a search or batch read answer.
pub(super) fn rows(body: &Json) -> Vec<Row> {
    body.get("results")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(Row::of)
        .collect()
}

/// What the portal says of itself, for links and money; unread, no links and no currency.
#[derive(Debug, Clone, Default)]
pub(super) struct Account {
    /// `None`: unknown, and no record links.
    pub(super) portal_id: Option<u64>,
    /// `app.hubspot.com`, `app-eu1.hubspot.com`: checked to be HubSpot's app host.
    pub(super) ui_domain: String,
    /// The company currency, for amounts of deals without their own.
    pub(super) currency: Option<String>,
}

impl Account {
    /// Reads `GET /account-info/v3/details`. A `uiDomain` that is not HubSpot's app host
    /// (`app.hubspot.com`, `app-<data center>.hubspot.com`) is not used in links: the default
    /// app host is.
    pub(super) fn read(body: &Json) -> Account {
        let ui_domain = body
            .get("uiDomain")
            .and_then(Json::as_str)
            .filter(|d| app_host(d))
            .unwrap_or("app.hubspot.com")
            .to_owned();
        Account {
            portal_id: body.get("portalId").and_then(Json::as_u64),
            ui_domain,
            currency: body
                .get("companyCurrency")
                .and_then(Json::as_str)
                .and_then(currency_code),
        }
    }

    fn link(&self, object_type: &str, id: &str) -> Option<sidecard_model::WebUrl> {
        record_link(format!(
            "https://{}/contacts/{}/record/{object_type}/{}",
            self.ui_domain,
            self.portal_id?,
            encode(id)
        ))
    }
}

/// Whether `host` is HubSpot's app host: `app.hubspot.com` or `app-<data center>.hubspot.com`
/// (`app-eu1.hubspot.com`).
fn app_host(host: &str) -> bool {
    match host.strip_suffix(".hubspot.com") {
        Some("app") => true,
        Some(name) => name.strip_prefix("app-").is_some_and(|dc| {
            !dc.is_empty()
                && dc.len() <= 10
                && dc
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        }),
        None => false,
    }
}

/// A deal stage: its label, and whether deals in it are closed.
#[derive(Debug, Clone)]
pub(super) struct Stage {
    pub(super) label: String,
    pub(super) closed: bool,
}

/// Every deal pipeline's stages by id, from `GET /crm/v3/pipelines/deals` (HubSpot's
/// pipelines guide: `results[].stages[]` with `id`, `label` and `metadata.isClosed`, a
/// string).
pub(super) fn stages(body: &Json) -> HashMap<String, Stage> {
    let mut out = HashMap::new();
    for pipeline in body
        .get("results")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        for stage in pipeline
            .get("stages")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            let (Some(id), Some(label)) = (
                stage.get("id").and_then(Json::as_str),
                stage.get("label").and_then(Json::as_str),
            ) else {
                continue;
            };
            let closed = stage.pointer("/metadata/isClosed").and_then(Json::as_str) == Some("true");
            out.insert(
                id.to_owned(),
                Stage {
                    label: label.to_owned(),
                    closed,
                },
            );
        }
    }
    out
}

/// Turns rows into model types.
pub(super) struct Mapper<'a> {
    pub(super) account: &'a Account,
    /// Each object's properties, by name.
    pub(super) contacts: &'a [Property],
    pub(super) companies: &'a [Property],
    pub(super) deals: &'a [Property],
    pub(super) stages: &'a HashMap<String, Stage>,
    pub(super) plan: &'a Plan,
}

impl Mapper<'_> {
    /// The chosen fields of `entity` that `properties` has, in the chosen order, valued from
    /// `row` (keys the portal no longer has are skipped).
    fn fields(
        &self,
        entity: Entity,
        properties: &[Property],
        row: &Row,
        currency: Option<&str>,
    ) -> Vec<Field> {
        self.plan
            .fields(entity)
            .iter()
            .filter_map(|key| {
                let property = properties.iter().find(|p| &p.name == key)?;
                let label = property.info()?.label;
                Some(Field::new(
                    key,
                    label,
                    property.value(row.get(key).as_deref(), currency),
                ))
            })
            .collect()
    }

    /// A contact as a person of kind `entity`.
    pub(super) fn person(&self, entity: Entity, row: &Row) -> Record {
        let name = [row.get("firstname"), row.get("lastname")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let title = Some(name)
            .filter(|n| !n.is_empty())
            .or_else(|| row.get("email"))
            .unwrap_or_else(|| "(no name)".to_owned());
        Record {
            entity,
            link: self.account.link("0-1", &row.id),
            id: row.id.clone(),
            title,
            fields: self.fields(entity, self.contacts, row, self.account.currency.as_deref()),
        }
    }

    pub(super) fn company(&self, row: &Row) -> Record {
        Record {
            entity: Entity::Account,
            link: self.account.link("0-2", &row.id),
            id: row.id.clone(),
            title: row
                .get("name")
                .or_else(|| row.get("domain"))
                .unwrap_or_else(|| "(no name)".to_owned()),
            fields: self.fields(
                Entity::Account,
                self.companies,
                row,
                self.account.currency.as_deref(),
            ),
        }
    }

    /// A deal, or `None` when it is closed (by `hs_is_closed` or its stage): the search asks
    /// for open ones only, and a stage closed since the index was written must not show.
    pub(super) fn deal(&self, row: &Row) -> Option<Deal> {
        let stage = row.get("dealstage");
        let known = stage.as_ref().and_then(|s| self.stages.get(s));
        if row.get("hs_is_closed").as_deref() == Some("true") || known.is_some_and(|s| s.closed) {
            return None;
        }
        let currency = row
            .get("deal_currency_code")
            .and_then(|c| currency_code(&c))
            .or_else(|| self.account.currency.clone());
        let amount = row
            .get("amount")
            .and_then(|a| a.parse::<f64>().ok())
            .and_then(|a| Money::from_decimal(a, currency.as_deref()?));
        // A stage the pipelines do not list (archived) still shows by the property's option
        // label, else as it is.
        let stage = stage.map(|id| match known {
            Some(stage) => stage.label.clone(),
            None => {
                self.deals
                    .iter()
                    .find(|p| p.name == "dealstage")
                    .map_or(id.clone(), |p| match p.value(Some(&id), None) {
                        Value::Choice(label) => label,
                        _ => id.clone(),
                    })
            }
        });
        Some(Deal {
            record: Record {
                entity: Entity::Deal,
                link: self.account.link("0-3", &row.id),
                id: row.id.clone(),
                title: row
                    .get("dealname")
                    .unwrap_or_else(|| "(no name)".to_owned()),
                fields: self.fields(Entity::Deal, self.deals, row, currency.as_deref()),
            },
            amount,
            stage,
            close_date: row.get("closedate").as_deref().and_then(schema::date),
        })
    }
}

/// Why `row` matched: the primary email, an additional email (`hs_additional_emails`, `;`
/// separated) when secondary emails are searched, a phone or mobile number in whatever
/// format it is stored. Empty: HubSpot's match was looser than ours, and the row is no match.
pub(super) fn match_reasons_of(row: &Row, keys: &LookupKeys, plan: &Plan) -> Vec<MatchReason> {
    let mut reasons = match_reasons(
        &[("email", "Email")],
        &[
            ("phone", "Phone number"),
            ("mobilephone", "Mobile phone number"),
        ],
        |key| row.get(key),
        keys,
        plan.region,
    );
    if plan.secondary_emails
        && let Some(additional) = row.get("hs_additional_emails")
    {
        for email in additional.split(';').map(str::trim) {
            if keys.emails.contains(&email.to_lowercase()) {
                reasons.push(MatchReason::Email {
                    field: "Additional email".to_owned(),
                    value: email.to_owned(),
                });
            }
        }
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_a_hubspot_host_goes_into_links() {
        let eu = Account::read(
            &json!({ "portalId": 4711, "uiDomain": "app-eu1.hubspot.com",
                                        "companyCurrency": "EUR" }),
        );
        assert_eq!(
            eu.link("0-1", "512").unwrap().as_str(),
            "https://app-eu1.hubspot.com/contacts/4711/record/0-1/512"
        );
        for odd in [
            "evil.example/x?",
            "app.evil.hubspot.com",
            ".hubspot.com",
            "a..hubspot.com",
        ] {
            let read = Account::read(&json!({ "portalId": 1, "uiDomain": odd }));
            assert_eq!(read.ui_domain, "app.hubspot.com", "{odd}");
        }
        let unknown = Account::read(&json!({ "uiDomain": "app.hubspot.com" }));
        assert_eq!(unknown.link("0-1", "1"), None, "no portal id, no link");
        let odd_currency = Account::read(&json!({ "portalId": 1, "companyCurrency": "<b>" }));
        assert_eq!(odd_currency.currency, None);
    }

    #[test]
    fn stages_read_their_labels_and_closed_flag() {
        let read = stages(&json!({ "results": [{ "id": "default", "stages": [
            { "id": "closedwon", "label": "Closed Won", "metadata": { "isClosed": "true" } },
            { "id": "contractsent", "label": "Contract Sent", "metadata": { "isClosed": "false" } },
        ]}]}));
        assert!(read["closedwon"].closed);
        assert_eq!(read["contractsent"].label, "Contract Sent");
        assert!(!read["contractsent"].closed);
    }
}
