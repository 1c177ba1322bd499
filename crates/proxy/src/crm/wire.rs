//! What the HTTP connectors share: encoding values into query strings, reading values out of
//! JSON rows, and caching an entity's field list.

use super::{CrmError, NewPerson, Plan};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value as Json};
use sidecard_model::activity::{FieldValue, LogValue};
use sidecard_model::{Entity, FieldInfo, Value};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// Characters percent-encoded in query values: everything but RFC 3986 unreserved characters,
/// so no value can end a parameter (`&`), start a fragment (`#`) or change meaning (`+`).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// How long an entity's field list is reused (it changes when an admin customizes the CRM).
const FIELDS_TTL: Duration = Duration::from_secs(3600);

/// A query-string value, percent-encoded.
pub(crate) fn encode(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

/// A non-blank string property of a JSON row, trimmed.
pub(crate) fn text(row: &Map<String, Json>, key: &str) -> Option<String> {
    row.get(key)
        .and_then(Json::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A website as a link labelled without its scheme (CRMs often store `contoso.example`);
/// anything but an http(s) URL or a host name stays text (`sidecard_model::link`).
pub(crate) fn link(url: String) -> Value {
    Value::website(&url)
}

/// A record's deep link: built by the connector from its configured org URL and the CRM's
/// id, and checked like any other link (an id can hold anything a CRM lets through).
pub(crate) fn record_link(url: String) -> Option<sidecard_model::WebUrl> {
    sidecard_model::WebUrl::parse(&url)
}

/// A built-in field of a connector's table: what a card shows before an admin chooses, and the
/// type of a chosen field without asking the CRM.
pub(crate) struct Column {
    pub(crate) key: &'static str,
    pub(crate) label: &'static str,
    pub(crate) kind: sidecard_model::FieldKind,
}

/// A [`Column`].
pub(crate) const fn col(
    key: &'static str,
    label: &'static str,
    kind: sidecard_model::FieldKind,
) -> Column {
    Column { key, label, kind }
}

impl Column {
    pub(crate) fn info(&self) -> FieldInfo {
        FieldInfo::new(self.key.to_owned(), self.label.to_owned(), self.kind)
    }
}

/// The fields of `columns`, in order (a card's defaults).
pub(crate) fn infos(columns: &[Column]) -> Vec<FieldInfo> {
    columns.iter().map(Column::info).collect()
}

/// The built-in column `key` of `columns`.
pub(crate) fn builtin(columns: &[Column], key: &str) -> Option<FieldInfo> {
    columns.iter().find(|c| c.key == key).map(Column::info)
}

/// The chosen fields of every card for one lookup, resolved to their types.
#[derive(Default)]
pub(crate) struct Chosen {
    pub(crate) contact: Vec<FieldInfo>,
    pub(crate) lead: Vec<FieldInfo>,
    pub(crate) account: Vec<FieldInfo>,
    pub(crate) deal: Vec<FieldInfo>,
    pub(crate) activity: Vec<FieldInfo>,
}

impl Chosen {
    /// Resolves the plan's fields: from `columns` (an entity's built-in ones) when they cover
    /// the choice, else from `fields` (the connector's cached field list).
    pub(crate) async fn resolve<F, Fut>(
        plan: &Plan,
        columns: impl Fn(Entity) -> &'static [Column],
        fields: F,
    ) -> Result<Self, CrmError>
    where
        F: Fn(Entity) -> Fut,
        Fut: Future<Output = Result<Vec<FieldInfo>, CrmError>>,
    {
        let one = |entity: Entity| {
            let table = columns(entity);
            resolve_fields(
                plan.fields(entity),
                move |key| builtin(table, key),
                fields(entity),
            )
        };
        Ok(Chosen {
            contact: one(Entity::Contact).await?,
            lead: one(Entity::Lead).await?,
            account: one(Entity::Account).await?,
            deal: one(Entity::Deal).await?,
            activity: one(Entity::Activity).await?,
        })
    }

    /// The fields of `entity`'s card.
    pub(crate) fn of(&self, entity: Entity) -> &[FieldInfo] {
        match entity {
            Entity::Contact => &self.contact,
            Entity::Lead => &self.lead,
            Entity::Account => &self.account,
            Entity::Deal => &self.deal,
            Entity::Activity => &self.activity,
        }
    }
}

/// The chosen fields a CRM has, in the chosen order, with their types: from the connector's
/// built-in columns when they cover the choice (no request), else from its cached field list.
/// Keys the CRM no longer has are skipped, so a field deleted in the CRM after an admin chose
/// it does not break every lookup.
async fn resolve_fields(
    chosen: &[String],
    builtin: impl Fn(&str) -> Option<FieldInfo>,
    all: impl Future<Output = Result<Vec<FieldInfo>, CrmError>>,
) -> Result<Vec<FieldInfo>, CrmError> {
    let known: Option<Vec<FieldInfo>> = chosen.iter().map(|key| builtin(key)).collect();
    if let Some(known) = known {
        return Ok(known);
    }
    let all = all.await?;
    Ok(chosen
        .iter()
        .filter_map(|key| {
            let found = all.iter().find(|f| &f.key == key).cloned();
            if found.is_none() {
                tracing::warn!(field = %key, "a chosen field is not in the CRM any more; skipping it");
            }
            found
        })
        .collect())
}

/// How a connector's error messages begin for the two answers a write can be refused with.
pub(crate) struct Refusals {
    /// The prefix of a 404's message.
    pub(crate) not_found: &'static str,
    /// The prefix of a 400's message.
    pub(crate) bad_request: &'static str,
}

/// Messages that begin with the HTTP status (`400 …`), as Salesforce's and HubSpot's do.
pub(crate) const STATUS_FIRST: Refusals = Refusals {
    not_found: "404",
    bad_request: "400",
};

/// A refused write in the CRM's words: a 400 (a value the CRM will not take) becomes the
/// agent's or admin's to fix (`fix` says how), a 404 a record that is gone; anything else as
/// it was.
pub(crate) fn refused(
    crm: &str,
    prefixes: &Refusals,
    error: CrmError,
    what: &str,
    fix: &str,
) -> CrmError {
    match error {
        CrmError::Upstream(message) if message.starts_with(prefixes.not_found) => {
            CrmError::NotFound(message)
        }
        CrmError::Upstream(message) if message.starts_with(prefixes.bad_request) => {
            CrmError::Invalid(format!(
                "{crm} refused {what} ({}). {fix}",
                message[prefixes.bad_request.len()..].trim()
            ))
        }
        e => e,
    }
}

/// A currency code a CRM gave, if it is one (three capital letters): it is CRM data, and
/// goes into every amount shown.
pub(crate) fn currency_code(code: &str) -> Option<String> {
    let code = code.trim();
    (code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())).then(|| code.to_owned())
}

/// Only contacts and leads can be created.
pub(crate) fn check_creatable(person: &NewPerson) -> Result<(), CrmError> {
    match person.entity {
        Entity::Contact | Entity::Lead => Ok(()),
        other => Err(CrmError::Invalid(format!(
            "only contacts and leads can be created, not {}",
            other.as_str()
        ))),
    }
}

/// Field lists per entity, fetched once per hour however many settings pages ask.
pub(crate) struct FieldsCache(moka::future::Cache<Entity, Arc<Vec<FieldInfo>>>);

impl FieldsCache {
    pub(crate) fn new() -> Self {
        Self(
            moka::future::Cache::builder()
                .time_to_live(FIELDS_TTL)
                .build(),
        )
    }

    /// The cached list, or the one `fetch` produces (failures are not cached).
    pub(crate) async fn get_or_fetch(
        &self,
        entity: Entity,
        fetch: impl Future<Output = Result<Vec<FieldInfo>, CrmError>>,
    ) -> Result<Vec<FieldInfo>, CrmError> {
        let fields = self
            .0
            .try_get_with(entity, async { fetch.await.map(Arc::new) })
            .await
            .map_err(|e: Arc<CrmError>| (*e).clone())?;
        Ok((*fields).clone())
    }
}

/// Adds the create form's other values to a new record's JSON body, each under its field's
/// key (keys the connector's `create_fields` listed, so never a built-in one).
pub(crate) fn put_values(body: &mut Map<String, Json>, values: &[FieldValue]) {
    for (key, _, value) in values {
        body.insert(key.clone(), activity_value(value, None));
    }
}

/// A mapped activity value as JSON: a whole number as an integer (CRMs' integer columns
/// refuse `3.0`), text cut to `max` characters where the column holds no more (with "…": a
/// long ticket subject must not fail the log).
pub(crate) fn activity_value(value: &LogValue, max: Option<usize>) -> Json {
    match value {
        LogValue::Text(text) => match max {
            Some(max) if text.chars().count() > max => {
                let cut: String = text.chars().take(max.saturating_sub(1)).collect();
                Json::from(format!("{cut}…"))
            }
            _ => Json::from(text.as_str()),
        },
        LogValue::Bool(yes) => Json::from(*yes),
        LogValue::Number(n) if n.fract() == 0.0 && n.abs() < 2f64.powi(53) => Json::from(*n as i64),
        LogValue::Number(n) => Json::from(*n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_get_a_scheme_and_a_short_label() {
        let link_of = |raw: &str| match link(raw.into()) {
            Value::Link(l) => Some((l.url().to_string(), l.label().to_owned())),
            _ => None,
        };
        assert_eq!(
            link_of("contoso.example"),
            Some(("https://contoso.example".into(), "contoso.example".into()))
        );
        assert_eq!(
            link_of("http://x.example/"),
            Some(("http://x.example/".into(), "x.example".into()))
        );
        assert_eq!(
            link("javascript://x.example/%0Adocument.title=1".into()),
            Value::Text("javascript://x.example/%0Adocument.title=1".into())
        );
    }

    #[test]
    fn query_values_cannot_break_out() {
        assert_eq!(encode("a b&c=d#e+f/'"), "a%20b%26c%3Dd%23e%2Bf%2F%27");
    }
}
