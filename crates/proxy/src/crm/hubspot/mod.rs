//! HubSpot connector (CRM API v3, a private app's or service key's access token).
//!
//! A lookup is at most three calls in two round trips once the portal's metadata is known:
//! one contacts search whose filter groups hold every searched email (primary and
//! additional) and number (on the calculated searchable phone properties: `search.rs` says
//! why), then, at the same time, one batch read of the matched people's primary companies
//! (`associatedcompanyid`) and one deals search per person (open deals tied to the contact or
//! to its company, by the `associations.{object}` pseudo-properties; with several matches,
//! one search each, within [`SEARCHES_PER_LOOKUP`] searches in all, so each deal is known
//! to be theirs; a match beyond that shows no deals). Keys beyond one search's limits make more searches in the first round trip. The
//! portal's properties (labels, types, options), its deal stages (labels, closed or not) and
//! its account details (portal id, app host, company currency) are read once an hour,
//! alongside a lookup's search when it needs them. Leads are contacts at a lead lifecycle
//! stage ([`HubSpotConfig::lead_stages`]): shown, with the lead badge, only when no contact at
//! another stage matches.
//!
//! Limits (HubSpot's usage guidelines and error handling pages): every answer but a search's
//! carries `X-HubSpot-RateLimit-Remaining` and `-Interval-Milliseconds`; when none remain no
//! call leaves until the window has passed. A 429 names its `policyName` in the body and no
//! `Retry-After`: `TEN_SECONDLY_ROLLING` waits the interval, the search endpoints' per-second
//! limit (`SECONDLY`, "You have reached your secondly limit.") a second, `DAILY` the longest
//! throttle the gate keeps. `423 Locked` is retried once after two seconds. Errors read
//! `{"status": "error", "message", "correlationId", "category"}`; a 401 or 403 is the token
//! (`crm_auth`: an admin must fix it).
//!
//! Verified against HubSpot's documentation: search limits and operators, the
//! `associations.{object}` filter, calculated searchable phone properties, batch read, the
//! properties, pipelines and account details answers, engagement properties and association
//! type ids, rate-limit headers and the 429 body. Unverified without a live portal (the
//! README lists them): the record page URL, `hs_is_closed` (seen in live answers, not in the
//! docs), `EQ` on `hs_additional_emails` matching one of several addresses, the 409 body's
//! wording for a duplicate contact, and whether a search's 429 says `SECONDLY`.

mod activity;
mod config;
mod map;
mod schema;
mod search;

pub use config::{HubSpotConfig, HubSpotSettings};
pub use search::MAX_DEALS;

use super::http::{Dialect, Transport};
use super::oauth::StaticToken;
use super::wire::{self, check_creatable};
use super::{ActivityKind, Connector, CrmError, Health, LookupKeys, NewActivity, NewPerson, Plan};
use async_trait::async_trait;
use futures::future::try_join_all;
use map::{Account, Mapper, Row, Stage, rows};
use reqwest::header::HeaderMap;
use reqwest::{Response, StatusCode};
use schema::Property;
use serde_json::{Map, Value as Json, json};
use sidecard_model::activity::{HostKind, LogTarget, LogValue};
use sidecard_model::people::CreateForm;
use sidecard_model::{Customer, Entity, FieldInfo, Record};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// How long the portal's properties, stages and account details are reused: an admin's new
/// property shows on the settings page within the hour.
const METADATA_TTL: Duration = Duration::from_secs(3600);
/// Most searches one lookup sends (the contact searches, then one deal search per person
/// while any are left, at least one): the search endpoints allow five requests a second per
/// account, and other agents' lookups share them.
pub const SEARCHES_PER_LOOKUP: usize = 4;
/// The rolling window when a throttled answer does not say.
const DEFAULT_WINDOW: Duration = Duration::from_secs(10);

/// The HubSpot connector.
pub struct HubSpotCrm {
    /// Client, the token, retries and the byte cap.
    transport: Transport,
    /// `https://api.hubapi.com`.
    api: String,
    /// Lifecycle stages whose contacts are leads.
    lead_stages: Vec<String>,
    /// Each object's properties.
    properties: moka::future::Cache<&'static str, Arc<Vec<Property>>>,
    /// The deal stages by id.
    stages: moka::future::Cache<(), Arc<HashMap<String, Stage>>>,
    /// The portal's id, app host and currency.
    account: moka::future::Cache<(), Arc<Account>>,
}

/// How HubSpot's answers read.
struct Portal;

impl Dialect for Portal {
    const NAME: &'static str = "HubSpot";
    const LOCKED_RETRY: Option<Duration> = Some(Duration::from_secs(2));

    fn error(&self, status: StatusCode, body: &[u8]) -> CrmError {
        let body: Json = serde_json::from_slice(body).unwrap_or(Json::Null);
        let field = |key: &str| body.get(key).and_then(Json::as_str).unwrap_or("");
        let message: String = field("message").chars().take(400).collect();
        let category = field("category");
        match status {
            StatusCode::UNAUTHORIZED => CrmError::Auth(format!(
                "HubSpot refused the access token ({category}): {message}"
            )),
            StatusCode::FORBIDDEN => CrmError::Auth(format!(
                "the access token lacks a scope ({category}): {message}"
            )),
            _ => CrmError::Upstream(format!("{} {category}: {message}", status.as_u16())),
        }
    }

    fn observe(&self, response: &Response) -> Option<Duration> {
        let headers = response.headers();
        let remaining: u64 = header(headers, "x-hubspot-ratelimit-remaining")?;
        (remaining == 0).then(|| window(headers))
    }

    fn throttled_for(&self, headers: &HeaderMap, body: &[u8]) -> Option<Duration> {
        let body: Json = serde_json::from_slice(body).ok()?;
        match body.get("policyName").and_then(Json::as_str)? {
            "TEN_SECONDLY_ROLLING" => Some(window(headers)),
            "SECONDLY" => Some(Duration::from_secs(1)),
            "DAILY" => Some(super::gate::MAX_THROTTLE),
            _ => None,
        }
    }
}

fn header(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// The rolling window a rate limit counts in (`X-HubSpot-RateLimit-Interval-Milliseconds`).
fn window(headers: &HeaderMap) -> Duration {
    header(headers, "x-hubspot-ratelimit-interval-milliseconds")
        .map_or(DEFAULT_WINDOW, Duration::from_millis)
}

/// A cache of portal metadata, each entry kept [`METADATA_TTL`].
fn metadata_cache<K, V>() -> moka::future::Cache<K, V>
where
    K: std::hash::Hash + Eq + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    moka::future::Cache::builder()
        .time_to_live(METADATA_TTL)
        .build()
}

/// A HubSpot record id: digits only, so it is safe in a path.
fn record_id(id: &str) -> Result<&str, CrmError> {
    if !id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit()) {
        Ok(id)
    } else {
        Err(CrmError::Invalid(format!(
            "{id:?} is not a HubSpot record id"
        )))
    }
}

/// A refused write in HubSpot's words (see [`wire::refused`]).
fn refused(error: CrmError, what: &str, fix: &str) -> CrmError {
    wire::refused("HubSpot", &wire::STATUS_FIRST, error, what, fix)
}

/// `cache`'s entry for `key`, or the one `fetch` reads (a failure is not kept).
async fn cached<K, V>(
    cache: &moka::future::Cache<K, Arc<V>>,
    key: K,
    fetch: impl Future<Output = Result<V, CrmError>>,
) -> Result<Arc<V>, CrmError>
where
    K: std::hash::Hash + Eq + Send + Sync + 'static,
    V: Send + Sync + 'static,
{
    cache
        .try_get_with(key, async { fetch.await.map(Arc::new) })
        .await
        .map_err(|e: Arc<CrmError>| (*e).clone())
}

impl HubSpotCrm {
    /// Builds the connector.
    pub fn new(config: HubSpotConfig) -> Result<Self, CrmError> {
        let http = Transport::client(&config.limits)?;
        Ok(Self {
            transport: Transport::start(http, config.limits, StaticToken(config.token)),
            api: config.api_url,
            lead_stages: config.lead_stages,
            properties: metadata_cache(),
            stages: metadata_cache(),
            account: metadata_cache(),
        })
    }

    /// API calls made so far.
    pub fn call_count(&self) -> u64 {
        self.transport.request_count()
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Json>,
    ) -> Result<Json, CrmError> {
        let url = format!("{}{path}", self.api);
        let response = self
            .transport
            .send(&Portal, |http, _| {
                let request = http
                    .request(method.clone(), &url)
                    .header("Accept", "application/json");
                match body {
                    Some(body) => request.json(body),
                    None => request,
                }
            })
            .await?;
        self.transport.json::<Portal>(response).await
    }

    async fn get(&self, path: &str) -> Result<Json, CrmError> {
        self.send(reqwest::Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: &Json) -> Result<Json, CrmError> {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    /// `object`'s properties: cached, else one call.
    async fn properties(&self, object: &'static str) -> Result<Arc<Vec<Property>>, CrmError> {
        cached(&self.properties, object, async {
            let body = self.get(&format!("/crm/v3/properties/{object}")).await?;
            Ok(schema::read(&body))
        })
        .await
    }

    /// `entity`'s properties, or none when Sidecard reads no object for it (or it is not
    /// `needed`).
    async fn properties_of(
        &self,
        entity: Entity,
        needed: bool,
    ) -> Result<Arc<Vec<Property>>, CrmError> {
        match schema::object(entity) {
            Some(object) if needed => self.properties(object).await,
            _ => Ok(Arc::default()),
        }
    }

    /// The deal stages by id (none when deals are not `needed`).
    async fn stages(&self, needed: bool) -> Result<Arc<HashMap<String, Stage>>, CrmError> {
        if !needed {
            return Ok(Arc::default());
        }
        cached(&self.stages, (), async {
            Ok(map::stages(&self.get("/crm/v3/pipelines/deals").await?))
        })
        .await
    }

    /// The portal's account details. They make links and the fallback currency: when they
    /// cannot be read (a token without the scope) cards show without them rather than not at
    /// all, and the next lookup asks again.
    async fn account(&self) -> Arc<Account> {
        let read = cached(&self.account, (), async {
            Ok(Account::read(&self.get("/account-info/v3/details").await?))
        })
        .await;
        read.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "HubSpot account details unavailable; cards show without links");
            Arc::new(Account::default())
        })
    }

    /// Everyone any of `searches` finds (each a search's groups), once each, in order.
    async fn search_people(
        &self,
        searches: &[Vec<search::Group>],
        properties: &[String],
    ) -> Result<Vec<Row>, CrmError> {
        let answers = try_join_all(searches.iter().map(|groups| {
            let body = search::body(groups, properties, search::MAX_PEOPLE, None);
            async move { self.post("/crm/v3/objects/contacts/search", &body).await }
        }))
        .await?;
        let mut found: Vec<Row> = Vec::new();
        for row in answers.iter().flat_map(rows) {
            if !found.iter().any(|r| r.id == row.id) {
                found.push(row);
            }
        }
        Ok(found)
    }

    /// Reads `ids` of `object` with `properties` in batches of a hundred.
    async fn batch_read(
        &self,
        object: &str,
        ids: &[String],
        properties: &[String],
    ) -> Result<Vec<Row>, CrmError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let answers = try_join_all(ids.chunks(search::MAX_BATCH).map(|chunk| {
            let inputs: Vec<Json> = chunk.iter().map(|id| json!({ "id": id })).collect();
            let body = json!({ "properties": properties, "inputs": inputs });
            let path = format!("/crm/v3/objects/{object}/batch/read");
            async move { self.post(&path, &body).await }
        }))
        .await?;
        // A 207 lists the ids it could not read under `errors`: a company deleted since is no
        // company to show.
        Ok(answers.iter().flat_map(rows).collect())
    }

    /// The open deals of each `(contact, company)`, one search each, in order, with
    /// `properties`; a field list too long for a search body comes by a batch read after.
    async fn deals_of(
        &self,
        owners: &[(String, Option<String>)],
        properties: &[String],
    ) -> Result<Vec<Vec<Row>>, CrmError> {
        let essential: Vec<String> = search::DEAL_PROPERTIES.map(str::to_owned).to_vec();
        let body = |owner: &(String, Option<String>), properties: &[String]| {
            let groups = search::deal_groups(&owner.0, owner.1.as_deref());
            search::body(&groups, properties, MAX_DEALS, Some("closedate"))
        };
        let long = owners.iter().any(|o| !search::fits(&body(o, properties)));
        let asked = if long { &essential } else { properties };
        let mut found = try_join_all(owners.iter().map(|owner| {
            let body = body(owner, asked);
            async move {
                let answer = self.post("/crm/v3/objects/deals/search", &body).await?;
                Ok::<_, CrmError>(rows(&answer))
            }
        }))
        .await?;
        if long {
            let ids: Vec<String> = found.iter().flatten().map(|d| d.id.clone()).collect();
            let full = self.batch_read("deals", &ids, properties).await?;
            for deal in found.iter_mut().flatten() {
                if let Some(more) = full.iter().find(|f| f.id == deal.id) {
                    deal.properties.extend(more.properties.clone());
                }
            }
        }
        Ok(found)
    }

    /// A just-created or duplicate contact, with the card's default fields: a lead when its
    /// lifecycle stage says so (a portal may give new contacts one), else `entity`.
    async fn created(&self, entity: Entity, row: &Row) -> Result<Record, CrmError> {
        let (account, contacts) = futures::join!(self.account(), self.properties("contacts"));
        let contacts = contacts?;
        let plan = Plan::defaults(self, sidecard_model::phone::Region::default());
        let stages = HashMap::new();
        let mapper = Mapper {
            account: &account,
            contacts: &contacts,
            companies: &[],
            deals: &[],
            stages: &stages,
            plan: &plan,
        };
        let entity = match row.get("lifecyclestage") {
            Some(_) if self.is_lead(row) => Entity::Lead,
            Some(_) => Entity::Contact,
            None => entity,
        };
        Ok(mapper.person(entity, row))
    }

    /// The contact a 409 names ("Contact already exists. Existing ID: 512"), with its name;
    /// `None` when the message names none or it cannot be read (merged or deleted since).
    async fn existing(&self, message: &str) -> Option<Record> {
        let id = message.split("Existing ID:").nth(1)?.trim();
        let id = record_id(id.split(|c: char| !c.is_ascii_digit()).next()?).ok()?;
        let path = format!(
            "/crm/v3/objects/contacts/{id}?properties=firstname,lastname,email,lifecyclestage"
        );
        let row = match self.get(&path).await {
            Ok(answer) => Row::of(&answer)?,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the contact HubSpot names as the duplicate");
                return None;
            }
        };
        self.created(Entity::Contact, &row).await.ok()
    }

    fn is_lead(&self, row: &Row) -> bool {
        row.get("lifecyclestage")
            .is_some_and(|s| self.lead_stages.contains(&s.to_lowercase()))
    }

    /// The people of a lookup: everyone the searches find who holds a searched key, contacts
    /// at a customer stage when any match, else (when the plan searches leads) the leads.
    fn matched(&self, found: Vec<Row>, keys: &LookupKeys, plan: &Plan) -> (Entity, Vec<Matched>) {
        let mut matched: Vec<Matched> = found
            .into_iter()
            .filter_map(|row| {
                let reasons = map::match_reasons_of(&row, keys, plan);
                (!reasons.is_empty()).then_some(Matched { row, reasons })
            })
            .collect();
        let contacts = matched.iter().any(|m| !self.is_lead(&m.row));
        if !contacts && !plan.leads {
            return (Entity::Contact, Vec::new());
        }
        matched.retain(|m| self.is_lead(&m.row) != contacts);
        let entity = if contacts {
            Entity::Contact
        } else {
            Entity::Lead
        };
        (entity, matched)
    }
}

/// A person the search found, and why they are a match.
struct Matched {
    row: Row,
    reasons: Vec<sidecard_model::MatchReason>,
}

impl Matched {
    /// Their primary company's id, when it is one.
    fn company(&self) -> Option<String> {
        self.row
            .get("associatedcompanyid")
            .filter(|id| record_id(id).is_ok())
    }
}

/// Keys in order, each once.
fn unique(keys: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for key in keys {
        if !out.contains(&key) {
            out.push(key);
        }
    }
    out
}

#[async_trait]
impl Connector for HubSpotCrm {
    fn name(&self) -> &'static str {
        "hubspot"
    }

    async fn find_customers(
        &self,
        keys: &LookupKeys,
        plan: &Plan,
    ) -> Result<Vec<Customer>, CrmError> {
        let searches = search::split(search::person_groups(keys, plan.secondary_emails));
        if searches.is_empty() {
            return Ok(Vec::new());
        }
        let essential: Vec<String> = search::PERSON_PROPERTIES.map(str::to_owned).to_vec();
        let wanted = unique(
            essential
                .iter()
                .chain(&plan.contact)
                .chain(&plan.lead)
                .cloned(),
        );
        // A search body is capped at 3,000 characters: with very many chosen fields the search
        // asks for what finds and checks people, and a batch read brings the rest.
        let long = searches
            .iter()
            .any(|g| !search::fits(&search::body(g, &wanted, search::MAX_PEOPLE, None)));
        let asked = if long { &essential } else { &wanted };

        // First round trip: the searches, and any metadata not yet known.
        let (people, account) = futures::join!(
            futures::future::try_join(
                self.search_people(&searches, asked),
                self.properties("contacts")
            ),
            self.account(),
        );
        let (found, contacts) = people?;
        let (entity, mut matched) = self.matched(found, keys, plan);
        if matched.is_empty() {
            return Ok(Vec::new());
        }

        // Second round trip: companies, deals and (for a long field list) the people's fields.
        // Deal searches share the search endpoints' per-second limit with the contact
        // searches just sent: a lookup keeps within it.
        let deal_searches = SEARCHES_PER_LOOKUP.saturating_sub(searches.len()).max(1);
        let owners: Vec<(String, Option<String>)> = matched
            .iter()
            .take(deal_searches)
            .map(|m| (m.row.id.clone(), m.company()))
            .collect();
        let company_ids = unique(matched.iter().filter_map(Matched::company));
        let company_props = unique(
            ["name", "domain"]
                .map(str::to_owned)
                .into_iter()
                .chain(plan.account.iter().flatten().cloned()),
        );
        let deal_props = unique(
            search::DEAL_PROPERTIES
                .map(str::to_owned)
                .into_iter()
                .chain(plan.deal.iter().flatten().cloned()),
        );
        let people_ids: Vec<String> = matched.iter().map(|m| m.row.id.clone()).collect();
        let (companies, deals, full, company_meta, deal_meta, stages) = futures::try_join!(
            async {
                match &plan.account {
                    Some(_) => {
                        self.batch_read("companies", &company_ids, &company_props)
                            .await
                    }
                    None => Ok(Vec::new()),
                }
            },
            async {
                match &plan.deal {
                    Some(_) => self.deals_of(&owners, &deal_props).await,
                    None => Ok(Vec::new()),
                }
            },
            async {
                match long {
                    true => self.batch_read("contacts", &people_ids, &wanted).await,
                    false => Ok(Vec::new()),
                }
            },
            self.properties_of(Entity::Account, plan.account.is_some()),
            self.properties_of(Entity::Deal, plan.deal.is_some()),
            self.stages(plan.deal.is_some()),
        )?;
        for m in &mut matched {
            if let Some(more) = full.iter().find(|f| f.id == m.row.id) {
                m.row.properties.extend(more.properties.clone());
            }
        }
        let mapper = Mapper {
            account: &account,
            contacts: &contacts,
            companies: &company_meta,
            deals: &deal_meta,
            stages: &stages,
            plan,
        };
        Ok(matched
            .into_iter()
            .enumerate()
            .map(|(at, m)| {
                let company = m
                    .company()
                    .and_then(|id| companies.iter().find(|c| c.id == id));
                let mut open_deals: Vec<_> = deals
                    .get(at)
                    .into_iter()
                    .flatten()
                    .filter_map(|d| mapper.deal(d))
                    .collect();
                sidecard_model::sort_deals(&mut open_deals);
                Customer {
                    person: mapper.person(entity, &m.row),
                    matched_on: m.reasons,
                    account: company.map(|c| mapper.company(c)),
                    open_deals,
                    more_deals: 0,
                    recent: Vec::new(),
                }
            })
            .collect())
    }

    fn default_fields(&self, entity: Entity) -> Vec<String> {
        schema::default_fields(entity)
            .iter()
            .map(|k| (*k).to_owned())
            .collect()
    }

    async fn fields(&self, entity: Entity) -> Result<Vec<FieldInfo>, CrmError> {
        Ok(schema::fields(&self.properties_of(entity, true).await?))
    }

    async fn create_person(&self, person: &NewPerson) -> Result<Record, CrmError> {
        check_creatable(person)?;
        let mut properties = Map::new();
        properties.insert("lastname".into(), json!(person.last_name));
        for (key, value) in [
            ("firstname", &person.first_name),
            ("email", &person.email),
            ("phone", &person.phone),
            ("company", &person.company),
        ] {
            if let Some(value) = value {
                properties.insert(key.into(), json!(value));
            }
        }
        if person.entity == Entity::Lead
            && let Some(stage) = self
                .lead_stages
                .iter()
                .find(|s| *s == "lead")
                .or(self.lead_stages.first())
        {
            properties.insert("lifecyclestage".into(), json!(stage));
        }
        for (key, _, value) in &person.values {
            properties.insert(key.clone(), json!(stored(value)));
        }
        let body = json!({ "properties": properties });
        match self.post("/crm/v3/objects/contacts", &body).await {
            Ok(created) => {
                let row = Row::of(&created).ok_or_else(|| {
                    CrmError::Upstream("HubSpot did not return the contact's id".into())
                })?;
                self.created(person.entity, &row).await
            }
            // HubSpot keeps contacts' emails unique: "Contact already exists. Existing ID: 512".
            Err(CrmError::Upstream(m)) if m.starts_with("409") && m.contains("already exists") => {
                let existing = self.existing(&m).await.into_iter().collect();
                Err(CrmError::Duplicate { existing })
            }
            Err(e) => Err(refused(
                e,
                "the new contact",
                "Check the create form's values, or the create form's fields on the settings page.",
            )),
        }
    }

    async fn create_fields(&self, entity: Entity) -> Result<Vec<FieldInfo>, CrmError> {
        Ok(match entity {
            Entity::Contact | Entity::Lead => {
                schema::creatable(&self.properties("contacts").await?)
            }
            _ => Vec::new(),
        })
    }

    fn default_create_form(&self) -> CreateForm {
        // `hs_additional_emails` is HubSpot's to manage: a second address cannot be written.
        CreateForm {
            contact: vec!["mobilephone".into()],
            lead: vec!["mobilephone".into()],
        }
    }

    async fn log_activity(&self, activity: &NewActivity) -> Result<String, CrmError> {
        let (object, association) = activity::object(activity.kind);
        let known = self.properties(object).await?;
        let now = crate::lookup::rfc3339(std::time::SystemTime::now());
        let properties = activity::properties(activity, &known, &now)?;
        let fix = "Check the log mapping on the settings page.";
        if let Some(id) = &activity.update {
            let path = format!("/crm/v3/objects/{object}/{}", record_id(id)?);
            let body = json!({ "properties": properties });
            self.send(reqwest::Method::PATCH, &path, Some(&body))
                .await
                .map_err(|e| refused(e, "the activity", fix))?;
            return Ok(id.clone());
        }
        let body = json!({
            "properties": properties,
            "associations": [{
                "to": { "id": record_id(&activity.person_id)? },
                "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": association }],
            }],
        });
        let created = self
            .post(&format!("/crm/v3/objects/{object}"), &body)
            .await
            .map_err(|e| refused(e, "the activity", fix))?;
        Row::of(&created)
            .map(|row| row.id)
            .ok_or_else(|| CrmError::Upstream("HubSpot did not return the activity's id".into()))
    }

    async fn activity_fields(&self, kind: ActivityKind) -> Result<Vec<FieldInfo>, CrmError> {
        let (object, _) = activity::object(kind);
        Ok(activity::mappable(&self.properties(object).await?))
    }

    fn default_log(&self, host: HostKind) -> Option<LogTarget> {
        Some(activity::default_log(host))
    }

    fn health(&self) -> Health {
        self.transport.health()
    }
}

/// A form or log value as HubSpot stores every property: a string.
fn stored(value: &LogValue) -> String {
    match wire::activity_value(value, None) {
        Json::String(text) => text,
        other => other.to_string(),
    }
}
