//! Any CRM with a JSON REST API, read live as a description file says (`describe.rs`): how
//! to find people by email and by phone, how to read a person's account and the open deals of
//! the person and the account, and how each answer reads.
//!
//! The built-in connectors' guarantees hold here too: every row is checked against the
//! searched keys (emails compared case-folded, phones in E.164 whatever format they are
//! stored in: an API that cannot search numbers can list, and the proxy filters); only the
//! chosen fields are returned; throttling (`Retry-After`), the gate, the byte cap and timeouts
//! are the shared core's (`crm/http.rs`); paging stops at the description's `max_rows`. A
//! mapping problem is logged by the step that failed, never shown to the agent.

mod config;
pub mod describe;
mod map;
mod template;

pub use config::HttpSettings;

use super::http::{Dialect, Transport};
use super::oauth::{ClientCredentials, StaticToken};
use super::{Connector, CrmError, Health, LookupKeys, Plan, match_reasons};
use crate::secret::Secret;
use async_trait::async_trait;
use describe::{Auth, Description, FieldMap, Paging, People, Request, Rows};
use futures::future::try_join_all;
use reqwest::StatusCode;
use serde_json::Value as Json;
use sidecard_model::phone::{national_digits, national_format};
use sidecard_model::{Customer, Deal, Entity, FieldInfo, MatchReason, Record};
use std::collections::HashMap;
use std::sync::Arc;
use template::{Context, fill};

/// How the CRM's error answers read: nothing is assumed of their shape.
struct Api;

impl Dialect for Api {
    const NAME: &'static str = "the CRM";

    fn error(&self, status: StatusCode, body: &[u8]) -> CrmError {
        let text: String = String::from_utf8_lossy(body).chars().take(300).collect();
        match status {
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => CrmError::Auth(format!(
                "the CRM refused the credentials ({status}): {text}"
            )),
            StatusCode::NOT_FOUND => CrmError::NotFound(format!("{status}: {text}")),
            _ => CrmError::Upstream(format!("{status}: {text}")),
        }
    }
}

/// How long a CRM's own field list is reused.
const SCHEMA_TTL: std::time::Duration = std::time::Duration::from_secs(3600);

/// Most people one lookup shows (a chooser's worth).
const MAX_PEOPLE: usize = 25;

/// How each call authenticates, beyond the transport's bearer token.
enum Credentials {
    /// The transport's bearer token (or none at all).
    Transport,
    Basic {
        username: String,
        password: Secret,
    },
    Header {
        name: String,
        key: Secret,
    },
    Query {
        name: String,
        key: Secret,
    },
}

/// A connector for a CRM its description describes.
pub struct HttpCrm {
    transport: Transport,
    credentials: Credentials,
    description: Description,
    /// Every request and how each row read, when an admin checks a description
    /// (`cargo xtask check-crm`); `None` in service.
    trace: Option<std::sync::Mutex<Vec<String>>>,
    /// Each entity's fields: the declared ones and those of the CRM's schema endpoint, an hour.
    schema: moka::future::Cache<Entity, Arc<Vec<FieldMap>>>,
}

/// Reads a secret named by a description (`…_env` or `…_file`), trimmed.
fn secret(env: &Option<String>, file: &Option<String>) -> Result<Secret, String> {
    let value = match (env, file) {
        (Some(var), None) => {
            std::env::var(var).map_err(|_| format!("the environment has no {var}"))?
        }
        (None, Some(path)) => std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?,
        _ => return Err("needs exactly one of …_env or …_file".into()),
    };
    let value = value.trim().to_owned();
    if value.is_empty() {
        return Err("the secret is empty".into());
    }
    Ok(Secret::new(value))
}

impl HttpCrm {
    /// The connector for `description`, with its secrets read; starts any token fetch.
    pub fn new(description: Description, limits: super::http::Limits) -> Result<Self, CrmError> {
        let http = Transport::client(&limits)?;
        let bad = |e: String| CrmError::Auth(format!("the description's auth: {e}"));
        let (transport, credentials) = match &description.auth {
            Auth::None => (
                Transport::without_bearer(http, limits),
                Credentials::Transport,
            ),
            Auth::Bearer {
                token_env,
                token_file,
            } => {
                let token = secret(token_env, token_file).map_err(bad)?;
                (
                    Transport::start(http, limits, StaticToken(token)),
                    Credentials::Transport,
                )
            }
            Auth::Oauth {
                token_url,
                client_id,
                scope,
                secret_env,
                secret_file,
            } => {
                let client_secret = secret(secret_env, secret_file).map_err(bad)?;
                let endpoint = ClientCredentials {
                    http: http.clone(),
                    url: token_url.clone(),
                    client_id: client_id.clone(),
                    client_secret,
                    scope: scope.clone(),
                };
                (
                    Transport::start(http, limits, endpoint),
                    Credentials::Transport,
                )
            }
            Auth::Basic {
                username,
                password_env,
                password_file,
            } => (
                Transport::without_bearer(http, limits),
                Credentials::Basic {
                    username: username.clone(),
                    password: secret(password_env, password_file).map_err(bad)?,
                },
            ),
            Auth::ApiKey {
                header,
                query,
                key_env,
                key_file,
            } => {
                let key = secret(key_env, key_file).map_err(bad)?;
                let credentials = match (header, query) {
                    (Some(name), _) => Credentials::Header {
                        name: name.clone(),
                        key,
                    },
                    (None, Some(name)) => Credentials::Query {
                        name: name.clone(),
                        key,
                    },
                    (None, None) => return Err(bad("an api_key needs a header or a query".into())),
                };
                (Transport::without_bearer(http, limits), credentials)
            }
        };
        Ok(Self {
            transport,
            credentials,
            description,
            trace: None,
            schema: moka::future::Cache::builder()
                .time_to_live(SCHEMA_TTL)
                .build(),
        })
    }

    /// This connector noting every request it sends (no secret: they travel in headers or
    /// parameters the note leaves out) and how each row read, for [`HttpCrm::trace`].
    pub fn traced(self) -> Self {
        Self {
            trace: Some(std::sync::Mutex::new(Vec::new())),
            ..self
        }
    }

    /// What a traced connector noted so far, in order (emptied).
    pub fn trace(&self) -> Vec<String> {
        self.trace
            .as_ref()
            .map(|t| std::mem::take(&mut *t.lock().unwrap_or_else(|e| e.into_inner())))
            .unwrap_or_default()
    }

    /// `url` as a trace shows it: the API key's query parameter, if the CRM's links repeat
    /// it, hidden.
    fn redacted(&self, url: &str) -> String {
        let Credentials::Query { name, .. } = &self.credentials else {
            return url.to_owned();
        };
        match reqwest::Url::parse(url) {
            Ok(mut parsed) if parsed.query_pairs().any(|(k, _)| k == name.as_str()) => {
                let kept: Vec<(String, String)> = parsed
                    .query_pairs()
                    .map(|(k, v)| {
                        let v = if k == name.as_str() {
                            "(hidden)".to_owned()
                        } else {
                            v.into_owned()
                        };
                        (k.into_owned(), v)
                    })
                    .collect();
                parsed.query_pairs_mut().clear().extend_pairs(kept);
                parsed.to_string()
            }
            _ => url.to_owned(),
        }
    }

    fn note(&self, line: impl FnOnce() -> String) {
        if let Some(trace) = &self.trace {
            trace.lock().unwrap_or_else(|e| e.into_inner()).push(line());
        }
    }

    /// `entity`'s fields: the declared ones, then those of the CRM's schema endpoint (cached)
    /// that no declared one names.
    async fn schema_fields(
        &self,
        entity: Entity,
        rows: &Rows,
    ) -> Result<Arc<Vec<FieldMap>>, CrmError> {
        let step = format!("{}.answer.schema", entity.as_str());
        // Cached either way: a lookup maps with a shared list, not a fresh copy of it.
        self.schema
            .try_get_with(entity, async {
                let Some(schema) = &rows.schema else {
                    return Ok(Arc::new(rows.fields.clone()));
                };
                let definitions = self
                    .rows(&schema.get, &HashMap::new(), schema.rows.get_ref(), &step)
                    .await?;
                let read = map::schema_fields(&definitions, schema);
                let mut all = rows.fields.clone();
                all.extend(
                    read.into_iter()
                        .filter(|f| !rows.fields.iter().any(|d| d.key == f.key)),
                );
                Ok(Arc::new(all))
            })
            .await
            .map_err(|e: Arc<CrmError>| (*e).clone())
    }

    /// The fields a lookup maps: with the schema's when it can be read, else the declared
    /// ones (a lookup never fails for the field list).
    async fn fields_of(&self, entity: Entity, rows: &Rows) -> Arc<Vec<FieldMap>> {
        self.schema_fields(entity, rows).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, entity = entity.as_str(), "the CRM's field list is unavailable; declared fields only");
            Arc::new(rows.fields.clone())
        })
    }

    /// API calls made so far.
    pub fn call_count(&self) -> u64 {
        self.transport.request_count()
    }

    /// Sends `request` filled with `values`: its rows (paged up to `max_rows`) as JSON.
    async fn rows(
        &self,
        request: &Request,
        values: &HashMap<&str, String>,
        pointer: &str,
        step: &str,
    ) -> Result<Vec<Json>, CrmError> {
        let base = self.description.base_url.get_ref();
        let path = fill(request.path.get_ref(), values, Context::Path);
        let mut url = format!("{base}{path}");
        let query: Vec<(String, String)> = request
            .query
            .iter()
            .map(|(k, v)| (k.clone(), fill(v.get_ref(), values, Context::Raw)))
            .collect();
        let body = request.body.as_ref().map(|b| template::body(b, values));
        let post = request.method.get_ref().eq_ignore_ascii_case("POST");
        let cap = self.description.max_rows;
        let mut out: Vec<Json> = Vec::new();
        let mut page = 0usize;
        let mut cursor: Option<String> = None;
        // A next link carries its own query; a link seen before would page forever.
        let mut linked = false;
        let mut seen: Vec<String> = Vec::new();
        loop {
            let mut params = if linked { Vec::new() } else { query.clone() };
            if let (Paging::Cursor { param, .. }, Some(at)) = (&request.paging, &cursor) {
                params.push((param.clone(), at.clone()));
            }
            match &request.paging {
                Paging::Page {
                    param,
                    size_param,
                    size,
                } => {
                    params.push((param.clone(), (page + 1).to_string()));
                    params.push((size_param.clone(), size.to_string()));
                }
                Paging::Offset {
                    param,
                    size_param,
                    size,
                } => {
                    params.push((param.clone(), (page * size).to_string()));
                    params.push((size_param.clone(), size.to_string()));
                }
                Paging::None | Paging::Link | Paging::Cursor { .. } => {}
            }
            let response = self
                .transport
                .send(&Api, |http, _| {
                    let builder = if post {
                        http.post(&url)
                    } else {
                        http.get(&url)
                    };
                    let builder = builder.header("Accept", "application/json").query(&params);
                    let builder = match &body {
                        Some(body) => builder.json(body),
                        None => builder,
                    };
                    match &self.credentials {
                        Credentials::Transport => builder,
                        Credentials::Basic { username, password } => {
                            builder.basic_auth(username, Some(password.expose()))
                        }
                        Credentials::Header { name, key } => builder.header(name, key.expose()),
                        Credentials::Query { name, key } => {
                            builder.query(&[(name.as_str(), key.expose())])
                        }
                    }
                })
                .await?;
            let next = next_link(response.headers(), base, &url);
            let status = response.status();
            let answer = self.transport.json::<Api>(response).await?;
            let found = map::rows(&answer, pointer, step).map_err(|problem| {
                self.note(|| format!("  {problem}"));
                tracing::warn!(%problem, "the CRM's answer does not read as its description says");
                CrmError::Upstream(problem)
            })?;
            let count = found.len();
            self.note(|| {
                let shown: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
                let method = if post { "POST" } else { "GET" };
                format!(
                    "{step}: {method} {} [{}] → {status}, {count} rows",
                    self.redacted(&url),
                    shown.join(" ")
                )
            });
            out.extend(found.into_iter().cloned());
            page += 1;
            if out.len() >= cap {
                out.truncate(cap);
                break;
            }
            match &request.paging {
                Paging::Page { size, .. } | Paging::Offset { size, .. } if count >= *size => {}
                Paging::Link => match next {
                    Some(next) if count > 0 && !seen.contains(&next) => {
                        seen.push(url.clone());
                        url = next;
                        linked = true;
                        continue;
                    }
                    _ => break,
                },
                Paging::Cursor { next, .. } => match map::text(&answer, next) {
                    // A cursor that does not move would page forever.
                    Some(at) if count > 0 && cursor.as_ref() != Some(&at) => {
                        cursor = Some(at);
                        continue;
                    }
                    _ => break,
                },
                _ => break,
            }
            // A page as full as asked: there may be more.
        }
        Ok(out)
    }

    /// Everyone of `people` holding a searched key, each with why, found by every email and
    /// number searched (in parallel), each once.
    async fn people(
        &self,
        entity: Entity,
        people: &People,
        keys: &LookupKeys,
        plan: &Plan,
    ) -> Result<Vec<(Record, Vec<MatchReason>, Json)>, CrmError> {
        let step = format!("{}.answer", entity.as_str());
        let fields = self.fields_of(entity, &people.answer).await;
        let names = api_names(&fields, plan.fields(entity));
        let mut searches: Vec<(&Request, HashMap<&str, String>)> = Vec::new();
        if let Some(request) = &people.by_email {
            for email in &keys.emails {
                searches.push((
                    request,
                    HashMap::from([("email", email.clone()), ("fields", names.clone())]),
                ));
            }
        }
        if people.by_phone.is_none() && !keys.phones.is_empty() {
            self.note(|| {
                format!(
                    "  {}: no by_phone: numbers are not searched",
                    entity.as_str()
                )
            });
            tracing::info!(
                entity = entity.as_str(),
                "the description has no phone search; numbers are not searched"
            );
        }
        if let Some(request) = &people.by_phone {
            for phone in &keys.phones {
                let national = national_digits(&phone.e164).unwrap_or_default();
                let values = HashMap::from([
                    ("e164", phone.e164.clone()),
                    ("fields", names.clone()),
                    ("digits", national.clone()),
                    ("national", national_format(&phone.e164).unwrap_or(national)),
                ]);
                searches.push((request, values));
            }
        }
        let answers = try_join_all(searches.iter().map(|(request, values)| {
            self.rows(request, values, people.answer.rows.get_ref(), &step)
        }))
        .await?;
        let chosen = plan.fields(entity);
        let mut out: Vec<(Record, Vec<MatchReason>, Json)> = Vec::new();
        for (at, row) in answers.into_iter().flatten().enumerate() {
            let reasons = reasons(&row, people, keys, plan);
            if reasons.is_empty() {
                self.note(|| format!("  row {}: holds no searched key, left out", at + 1));
                continue;
            }
            match map::record(entity, &people.answer, &fields, &row, at, chosen, &step) {
                Ok(record) if !out.iter().any(|(r, ..)| r.id == record.id) => {
                    self.note(|| {
                        format!(
                            "  row {}: {} {:?} ({}), matched on {reasons:?}, fields {:?}",
                            at + 1,
                            entity.as_str(),
                            record.title,
                            record.id,
                            record.fields
                        )
                    });
                    out.push((record, reasons, row));
                }
                Ok(record) => self.note(|| format!("  row {}: {} again", at + 1, record.id)),
                Err(problem) => {
                    self.note(|| format!("  {problem}: left out"));
                    tracing::warn!(%problem, "a row left out");
                }
            }
        }
        Ok(out)
    }

    /// The account `id`, or `None` when the CRM has none by that id.
    async fn account(&self, id: &str, plan: &Plan) -> Result<Option<Record>, CrmError> {
        let Some(accounts) = &self.description.account else {
            return Ok(None);
        };
        let fields = self.fields_of(Entity::Account, &accounts.answer).await;
        let values = HashMap::from([
            ("id", id.to_owned()),
            ("fields", api_names(&fields, plan.fields(Entity::Account))),
        ]);
        let rows = match self
            .rows(
                &accounts.get,
                &values,
                accounts.answer.rows.get_ref(),
                "account.answer",
            )
            .await
        {
            Err(CrmError::NotFound(_)) => return Ok(None),
            other => other?,
        };
        let chosen = plan.fields(Entity::Account);
        Ok(rows.first().and_then(|row| {
            map::record(
                Entity::Account,
                &accounts.answer,
                &fields,
                row,
                0,
                chosen,
                "account.answer",
            )
            .map_err(|problem| {
                self.note(|| format!("  {problem}: the account left out"));
                tracing::warn!(%problem, "the account left out");
            })
            .ok()
        }))
    }

    /// The open deals of a person and of their account, each once.
    async fn deals(
        &self,
        person: &str,
        account: Option<&str>,
        plan: &Plan,
    ) -> Result<Vec<Deal>, CrmError> {
        let Some(deals) = &self.description.deal else {
            return Ok(Vec::new());
        };
        let pointer = deals.answer.rows.get_ref();
        let fields = self.fields_of(Entity::Deal, &deals.answer).await;
        let names = api_names(&fields, plan.fields(Entity::Deal));
        let of_person = async {
            match &deals.of_person {
                Some(r) => {
                    let values = HashMap::from([
                        ("person_id", person.to_owned()),
                        ("fields", names.clone()),
                    ]);
                    self.rows(r, &values, pointer, "deal.answer").await
                }
                None => Ok(Vec::new()),
            }
        };
        let of_account = async {
            match (&deals.of_account, account) {
                (Some(r), Some(id)) => {
                    let values =
                        HashMap::from([("account_id", id.to_owned()), ("fields", names.clone())]);
                    self.rows(r, &values, pointer, "deal.answer").await
                }
                _ => Ok(Vec::new()),
            }
        };
        let (mine, theirs) = futures::try_join!(of_person, of_account)?;
        let chosen = plan.fields(Entity::Deal);
        let mut out: Vec<Deal> = Vec::new();
        for (at, row) in mine.iter().chain(&theirs).enumerate() {
            match open(deals, row, at) {
                Ok(true) => {}
                Ok(false) => {
                    self.note(|| format!("  deal row {}: not open, left out", at + 1));
                    continue;
                }
                Err(problem) => {
                    self.note(|| format!("  {problem}: left out"));
                    tracing::warn!(%problem, "a deal left out");
                    continue;
                }
            }
            let record = match map::record(
                Entity::Deal,
                &deals.answer,
                &fields,
                row,
                at,
                chosen,
                "deal.answer",
            ) {
                Ok(record) => record,
                Err(problem) => {
                    tracing::warn!(%problem, "a deal left out");
                    continue;
                }
            };
            if out.iter().any(|d| d.record.id == record.id) {
                continue;
            }
            let amount = deals.amount.as_ref().and_then(|m| {
                let amount = map::number(row, m.get_ref())?;
                let currency = map::currency(row, deals.currency.as_deref()?)?;
                sidecard_model::Money::from_decimal(amount, &currency)
            });
            out.push(Deal {
                record,
                amount,
                stage: deals
                    .stage
                    .as_ref()
                    .and_then(|m| map::text(row, m.get_ref())),
                close_date: deals
                    .close_date
                    .as_ref()
                    .and_then(|m| map::text(row, m.get_ref())?.get(..10)?.parse().ok()),
            });
        }
        sidecard_model::sort_deals(&mut out);
        Ok(out)
    }

    fn rows_of(&self, entity: Entity) -> Option<&Rows> {
        let d = &self.description;
        match entity {
            Entity::Contact => Some(&d.contact.answer),
            Entity::Lead => d.lead.as_ref().map(|l| &l.answer),
            Entity::Account => d.account.as_ref().map(|a| &a.answer),
            Entity::Deal => d.deal.as_ref().map(|a| &a.answer),
            Entity::Activity => None,
        }
    }
}

/// `{fields}`: the API names of the `chosen` fields that have one, in the chosen order,
/// comma-separated.
fn api_names(fields: &[FieldMap], chosen: &[String]) -> String {
    chosen
        .iter()
        .filter_map(|key| fields.iter().find(|f| &f.key == key)?.name.clone())
        .collect::<Vec<_>>()
        .join(",")
}

/// Whether a deal row is open by the description's rule; the problem when the member is
/// missing.
fn open(deals: &describe::Deals, row: &Json, at: usize) -> Result<bool, String> {
    let rule = &deals.open;
    let pointer = rule.path.get_ref();
    let value = map::text(row, pointer)
        .ok_or_else(|| format!("deal.open: member {pointer:?} missing in row {}", at + 1))?;
    // Compared as text, as the member reads: `"1"`, `1` and `1.0` in TOML or JSON alike.
    let same = |v: &toml::Value| {
        let rule = match v {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        rule.eq_ignore_ascii_case(&value)
            || rule
                .parse::<f64>()
                .is_ok_and(|a| value.parse::<f64>() == Ok(a))
    };
    Ok(if rule.is.is_empty() {
        !rule.is_not.iter().any(same)
    } else {
        rule.is.iter().any(same)
    })
}

/// Why `row` matched: each email member holding a searched address (case-folded), each phone
/// member holding a searched number in any format; a member may hold several values (an
/// array), each compared. A member is named by the label of the field reading it, if any.
fn reasons(row: &Json, people: &People, keys: &LookupKeys, plan: &Plan) -> Vec<MatchReason> {
    let label = |member: &str, default: &'static str| {
        people
            .answer
            .fields
            .iter()
            .find(|f| f.path.get_ref() == member)
            .map_or(default.to_owned(), |f| f.label.clone())
    };
    let mut out = Vec::new();
    for (members, is_email) in [(&people.emails, true), (&people.phones, false)] {
        for member in members {
            let member = member.get_ref();
            let name = label(member, if is_email { "Email" } else { "Phone" });
            for value in map::texts(row, member) {
                let pair = [("value", name.as_str())];
                let (emails, phones): (&[_], &[_]) =
                    if is_email { (&pair, &[]) } else { (&[], &pair) };
                out.extend(match_reasons(
                    emails,
                    phones,
                    |_| Some(value.clone()),
                    keys,
                    plan.region,
                ));
            }
        }
    }
    out
}

/// The `Link` header's `rel="next"` URL (RFC 8288), resolved against the answer's URL, when
/// it stays on the CRM's API: the same scheme, host and port as `base`, under its path. A
/// next page anywhere else would carry the credentials there.
fn next_link(headers: &reqwest::header::HeaderMap, base: &str, current: &str) -> Option<String> {
    let base = reqwest::Url::parse(base).ok()?;
    let current = reqwest::Url::parse(current).ok()?;
    let link = headers.get(reqwest::header::LINK)?.to_str().ok()?;
    // `<url>; param; param, <url>; …`: a URL may hold commas, so cut at the angle brackets.
    let mut rest = link;
    while let Some(open) = rest.find('<') {
        let close = open + rest[open..].find('>')?;
        let target = &rest[open + 1..close];
        let params_end = rest[close..].find('<').map_or(rest.len(), |i| close + i);
        let params = &rest[close + 1..params_end];
        rest = &rest[params_end..];
        let next = params.split(';').any(|p| {
            // The last parameter of a link runs to the comma before the next one.
            let p = p.trim().trim_end_matches(',').trim_end();
            p.len() > 4
                && p[..4].eq_ignore_ascii_case("rel=")
                && p[4..]
                    .trim_matches('"')
                    .split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("next"))
        });
        if !next {
            continue;
        }
        let url = current.join(target).ok()?;
        let base_path = base.path().trim_end_matches('/');
        let under = url.path() == base_path || url.path().starts_with(&format!("{base_path}/"));
        let same = url.scheme() == base.scheme()
            && url.host_str() == base.host_str()
            && url.port_or_known_default() == base.port_or_known_default()
            && url.username().is_empty()
            && url.password().is_none();
        return (same && under).then(|| url.to_string());
    }
    None
}

#[async_trait]
impl Connector for HttpCrm {
    fn name(&self) -> &'static str {
        "http"
    }

    async fn find_customers(
        &self,
        keys: &LookupKeys,
        plan: &Plan,
    ) -> Result<Vec<Customer>, CrmError> {
        let d = &self.description;
        let mut people = &d.contact;
        let mut found = self.people(Entity::Contact, people, keys, plan).await?;
        if found.is_empty()
            && plan.leads
            && let Some(leads) = &d.lead
        {
            people = leads;
            found = self.people(Entity::Lead, leads, keys, plan).await?;
        }
        // As many as a chooser shows; each costs two deal lists.
        if found.len() > MAX_PEOPLE {
            self.note(|| format!("  {} found, the first {MAX_PEOPLE} kept", found.len()));
            found.truncate(MAX_PEOPLE);
        }
        let account_of = |row: &Json| {
            people
                .account_id
                .as_ref()
                .and_then(|m| map::text(row, m.get_ref()))
        };
        // Each account once, however many of its people matched.
        let mut account_ids: Vec<String> = Vec::new();
        for (_, _, row) in &found {
            if let Some(id) = account_of(row)
                && !account_ids.contains(&id)
            {
                account_ids.push(id);
            }
        }
        // The accounts and every person's deals at once: a deal list needs the account's id,
        // not its record.
        let accounts = async {
            match &plan.account {
                Some(_) => try_join_all(account_ids.iter().map(|id| self.account(id, plan))).await,
                None => Ok(Vec::new()),
            }
        };
        let deals = try_join_all(found.iter().map(|(person, _, row)| {
            let account_id = account_of(row);
            async move {
                match &plan.deal {
                    Some(_) => self.deals(&person.id, account_id.as_deref(), plan).await,
                    None => Ok(Vec::new()),
                }
            }
        }));
        let (accounts, deals) = futures::try_join!(accounts, deals)?;
        let accounts: HashMap<&String, Record> = account_ids
            .iter()
            .zip(accounts)
            .filter_map(|(id, account)| Some((id, account?)))
            .collect();
        Ok(found
            .into_iter()
            .zip(deals)
            .map(|((person, matched_on, row), open_deals)| Customer {
                account: account_of(&row).and_then(|id| accounts.get(&id).cloned()),
                person,
                matched_on,
                open_deals,
                more_deals: 0,
                recent: Vec::new(),
            })
            .collect())
    }

    async fn fields(&self, entity: Entity) -> Result<Vec<FieldInfo>, CrmError> {
        match self.rows_of(entity) {
            Some(rows) => Ok(map::infos(&self.schema_fields(entity, rows).await?)),
            None => Ok(Vec::new()),
        }
    }

    fn default_fields(&self, entity: Entity) -> Vec<String> {
        if matches!(entity, Entity::Deal | Entity::Activity) {
            return Vec::new();
        }
        self.rows_of(entity)
            .map(|rows| rows.fields.iter().map(|f| f.key.clone()).collect())
            .unwrap_or_default()
    }

    fn health(&self) -> Health {
        self.transport.health()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue, LINK};

    fn next(link: &str, base: &str) -> Option<String> {
        let mut headers = HeaderMap::new();
        headers.insert(LINK, HeaderValue::from_str(link).unwrap());
        next_link(&headers, base, &format!("{base}/people?page=1"))
    }

    #[test]
    fn a_next_link_is_followed_only_on_the_crms_own_api() {
        let base = "https://crm.example/api";
        assert_eq!(
            next(
                r#"<https://crm.example/api/people?fields=a,b&page=2>; rel="next", <https://crm.example/api/people?page=9>; rel="last""#,
                base
            )
            .as_deref(),
            Some("https://crm.example/api/people?fields=a,b&page=2"),
            "a comma inside the URL"
        );
        assert_eq!(
            next(r#"</api/people?page=2>; REL="prev next""#, base).as_deref(),
            Some("https://crm.example/api/people?page=2"),
            "relative, and rel is case-insensitive and may hold several"
        );
        for elsewhere in [
            "https://crm.example.evil.com/api/people",
            "https://crm.example@evil.com/api/people",
            "https://crm.example:8443/api/people",
            "http://crm.example/api/people",
            "https://crm.example/apix/people",
            "https://crm.example/api/../admin",
        ] {
            assert_eq!(
                next(&format!("<{elsewhere}>; rel=\"next\""), base),
                None,
                "{elsewhere}"
            );
        }
        assert_eq!(
            next(
                r#"<https://crm.example/api/people?page=2>; rel="prev""#,
                base
            ),
            None
        );
    }
}
