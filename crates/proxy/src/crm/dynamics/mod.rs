//! Dynamics 365 / Dataverse Web API connector.
//!
//! One HTTP request per lookup when a contact matches: `contacts` filtered on every email and
//! phone field (phones against every common format of the number: Dataverse compares stored
//! strings, it does not normalize), with the parent account, the account's open opportunities
//! and the contact's own open opportunities (through every tie: parent account, parent
//! contact, Potential Customer) in the same response through `$expand`. Only when no contact
//! matches are open leads searched (one more request). Every returned row is checked against
//! the searched keys before it is shown, so whatever the server does with `%`, `_` or `[` in a
//! literal, it cannot widen a match.
//!
//! The folder: `schema.rs` the tables and the org's column list, `query.rs` the URLs (and
//! their sources), `map.rs` rows to customers, `panel.rs` the Dynamics 365 panel's sign-in and
//! impersonation, `config.rs` the `--dynamics-*` settings. Tokens (client credentials against
//! Microsoft Entra, kept warm), the 401 → renew → retry, 429 `Retry-After` and the byte cap are
//! the shared core's (`crm/http.rs`).
//!
//! Every answer is read with a byte cap (`--crm-max-response-bytes`). Dataverse cannot `$top`
//! a collection nested in `$expand`, so a contact whose account has thousands of open deals
//! could exceed it; the lookup then asks again without the deals, and reads them in one
//! separate query limited to [`MAX_DEALS`].
//!
//! Facts and their sources (Microsoft Learn, Power Apps developer docs):
//! - "Compose HTTP requests and handle errors": every request carries `Accept:
//!   application/json`, `OData-MaxVersion: 4.0`, `OData-Version: 4.0` and `If-None-Match: null`
//!   (else expanded collections may come from a cache); errors read
//!   `{"error":{"code","message"}}`, where `code` may be empty; 404 means no such row.
//! - "Select columns using OData": `Prefer: odata.include-annotations="OData.Community.
//!   Display.V1.FormattedValue"` adds each value as the org formats it.
//! - "Create a table row using the Web API": `Prefer: return=representation` answers 201 with
//!   the row, `$select` on the POST URL choosing its columns.
//! - "Detect duplicate data using the Web API": `MSCRM.SuppressDuplicateDetection: false`
//!   turns duplicate detection on (it is off for API calls); a duplicate fails with code
//!   `0x80040333`, whose HTTP status the docs give as 500 in one place and 412 in another, so
//!   the code alone is matched.
//! - "Column (attribute) definitions": `IsValidForCreate` says a create may set a column and
//!   `RequiredLevel.Value` (`None`, `SystemRequired`, `ApplicationRequired`, `Recommended`)
//!   whether one must be given; the platform enforces only `SystemRequired`, model-driven
//!   forms `ApplicationRequired`, so Sidecard's create form asks for both. "Query table
//!   definitions using the Web API" selects and filters `EntityDefinitions(...)/Attributes`
//!   on them.
//! - "Service protection API limits": a 429 carries `Retry-After` in seconds.
//! - The phonecall and task references: activities bind their contact through
//!   `regardingobjectid_contact_phonecall` / `regardingobjectid_contact_task`.
//!
//! What stays unverified without a live org is listed in the README ("What a live org must
//! still confirm").

mod activity;
mod config;
mod map;
mod panel;
mod query;
mod schema;

pub use config::{DynamicsConfig, DynamicsSettings};
pub use query::{MAX_DEALS, guid, odata_string};

use super::http::{Dialect, Transport};
use super::oauth::ClientCredentials;
use super::wire::{Chosen, FieldsCache, check_creatable, infos, put_values};
use super::{
    ActivityKind, Connector, CrmError, Health, LookupKeys, NewActivity, NewPerson, PanelSignIn,
    Plan,
};
use async_trait::async_trait;
use map::Mapper;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use schema::{CONTACTS, LEADS, table};
use serde_json::{Map, Value as Json, json};
use sidecard_model::activity::{HostKind, LogTarget};
use sidecard_model::people::CreateForm;
use sidecard_model::phone::Region;
use sidecard_model::{Customer, Entity, FieldInfo, Record};
use std::sync::Arc;

/// Asked of every request: display labels for money, dates and option sets, as the org
/// formats them.
const PREFER_FORMATTED: &str =
    "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\"";
/// How [`error_from`] begins the message of a 404.
const NOT_FOUND: &str = "not found:";
/// How [`error_from`] begins the message of a 400.
const BAD_REQUEST: &str = "bad request:";
/// The request header that makes Dataverse act as another user, by their Entra object id.
const CALLER_OBJECT_ID: &str = "CallerObjectId";
/// Dataverse's error code for "a duplicate of the current record already exists".
const DUPLICATE_CODE: &str = "0x80040333";

/// The Dynamics 365 connector: the connection, read as its application user, or (from
/// [`PanelSignIn::as_user`]) as one of the org's users.
pub struct DynamicsCrm {
    /// The connection, shared by every view of it.
    shared: Arc<Connection>,
    /// The Entra object id of the user this view impersonates; `None`: the application user.
    caller: Option<String>,
}

// The connector's methods read the connection's parts as their own (`self.api`): a view is
// the connection plus whom it acts as.
impl std::ops::Deref for DynamicsCrm {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        &self.shared
    }
}

/// One Dynamics connection: transport, caches and counters.
pub struct Connection {
    /// Client, tokens, retries and the byte cap.
    transport: Transport,
    /// `https://org.crm.dynamics.com/api/data/v9.2/`.
    api: String,
    /// `https://org.crm.dynamics.com`, for deep links.
    org: String,
    /// Region for comparing stored phone numbers.
    region: Region,
    /// Fields metadata per entity.
    fields: FieldsCache,
    /// What a create may fill, per entity.
    creatable: FieldsCache,
}

/// How Dataverse's answers read.
struct Dataverse;

impl Dialect for Dataverse {
    const NAME: &'static str = "Dataverse";

    fn error(&self, status: StatusCode, body: &[u8]) -> CrmError {
        error_from(status, body)
    }
}

impl DynamicsCrm {
    /// Builds the connector and starts fetching its first token in the background.
    pub fn new(config: DynamicsConfig) -> Result<Self, CrmError> {
        let http = Transport::client(&config.limits)?;
        let org = config.org_url.trim_end_matches('/').to_owned();
        let tokens = ClientCredentials {
            http: http.clone(),
            url: format!(
                "{}/{}/oauth2/v2.0/token",
                config.authority.trim_end_matches('/'),
                config.tenant
            ),
            client_id: config.client_id,
            client_secret: config.client_secret,
            scope: format!("{org}/.default"),
        };
        let shared = Connection {
            api: format!("{org}/api/data/{}/", config.api_version),
            org,
            transport: Transport::start(http, config.limits, tokens),
            region: config.region,
            fields: FieldsCache::new(),
            creatable: FieldsCache::new(),
        };
        Ok(Self {
            shared: Arc::new(shared),
            caller: None,
        })
    }

    /// This connection acting as the user with Entra object id `oid` (a checked GUID).
    fn acting_as(&self, oid: String) -> Self {
        Self {
            shared: self.shared.clone(),
            caller: Some(oid),
        }
    }

    /// Web API requests sent so far.
    pub fn request_count(&self) -> u64 {
        self.transport.request_count()
    }

    /// Token requests sent so far.
    pub fn token_request_count(&self) -> u64 {
        self.transport.token_request_count()
    }

    /// Sends a Web API request built by `build` (called again for a retry) with the
    /// standard headers, as this view's user when it has one.
    async fn send(
        &self,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> Result<Response, CrmError> {
        self.transport
            .send(&Dataverse, |http, _| {
                let mut request = build(http)
                    .header("Accept", "application/json")
                    .header("OData-MaxVersion", "4.0")
                    .header("OData-Version", "4.0")
                    // Expanded collections may otherwise come from a stale cache (join-tables doc).
                    .header("If-None-Match", "null");
                if let Some(caller) = &self.caller {
                    request = request.header(CALLER_OBJECT_ID, caller);
                }
                request
            })
            .await
    }

    async fn get_json(&self, url: &str) -> Result<Json, CrmError> {
        let response = self
            .send(|http| http.get(url).header("Prefer", PREFER_FORMATTED))
            .await?;
        self.read_json(response).await
    }

    /// A single row, or `None` when Dataverse answers 404 (no such row).
    async fn get_optional(&self, url: &str) -> Result<Option<Json>, CrmError> {
        match self.get_json(url).await {
            Ok(row) => Ok(Some(row)),
            Err(CrmError::Upstream(message)) if message.starts_with(NOT_FOUND) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The answer's JSON, read with the byte cap.
    async fn read_json(&self, response: Response) -> Result<Json, CrmError> {
        self.transport.json::<Dataverse>(response).await
    }

    async fn post(
        &self,
        path: &str,
        body: &Json,
        extra_headers: &[(&str, &str)],
    ) -> Result<Response, CrmError> {
        let url = format!("{}{path}", self.api);
        self.send(|http| {
            let mut request = http.request(Method::POST, &url).json(body);
            for (name, value) in extra_headers {
                request = request.header(*name, *value);
            }
            request
        })
        .await
    }

    /// Everyone matching: contacts with their accounts and deals in one request, else open
    /// leads (when the plan searches them).
    async fn find_people(
        &self,
        keys: &LookupKeys,
        plan: &Plan,
        chosen: &Chosen,
    ) -> Result<Vec<Customer>, CrmError> {
        let mapper = self.mapper(chosen);
        let url = query::contacts(&self.api, keys, plan, chosen);
        let contacts = match self.get_json(&url).await {
            Err(CrmError::TooLarge(cap)) if plan.deal.is_some() => {
                tracing::info!(
                    cap,
                    "contacts with their deals exceed the cap; reading deals apart"
                );
                self.contacts_then_deals(keys, plan, chosen).await?
            }
            body => mapper.people(&CONTACTS, &body?, keys, plan),
        };
        if !contacts.is_empty() || !plan.leads {
            return Ok(contacts);
        }
        let body = self
            .get_json(&query::leads(&self.api, keys, plan, chosen))
            .await?;
        Ok(mapper.people(&LEADS, &body, keys, plan))
    }

    /// Each person's latest activities, in one more request for everyone found. They are
    /// extra: when the request fails the cards still show, without them.
    async fn add_recent(&self, found: &mut [Customer], plan: &Plan, chosen: &Chosen) {
        let people: Vec<String> = found.iter().map(|c| c.person.id.clone()).collect();
        let url = match query::recent_activities(&self.api, &people, plan.recent, &chosen.activity)
        {
            Ok(Some(url)) => url,
            Ok(None) => return,
            Err(e) => return tracing::warn!(error = %e, "cannot ask for recent activities"),
        };
        let body = match self.get_json(&url).await {
            Ok(body) => body,
            Err(e) => {
                return tracing::warn!(error = %e, "recent activities unavailable; cards shown without them");
            }
        };
        let mut recent = self.mapper(chosen).recent(&body, plan.recent);
        for customer in found {
            customer.recent = recent
                .remove(&customer.person.id.to_lowercase())
                .unwrap_or_default();
        }
    }

    fn mapper<'a>(&'a self, chosen: &'a Chosen) -> Mapper<'a> {
        Mapper {
            org: &self.org,
            chosen,
        }
    }

    /// The chosen columns of every card, typed: no request when the built-in columns cover
    /// the choice, else the (cached) field lists.
    async fn chosen(&self, plan: &Plan) -> Result<Chosen, CrmError> {
        Chosen::resolve(plan, |e| table(e).columns, |e| self.fields(e)).await
    }

    /// The contacts without their deals expanded (but with their account, for its id), then
    /// the open deals of those contacts and accounts in one query of at most [`MAX_DEALS`]:
    /// two requests where one answer would have been larger than the byte cap.
    async fn contacts_then_deals(
        &self,
        keys: &LookupKeys,
        plan: &Plan,
        chosen: &Chosen,
    ) -> Result<Vec<Customer>, CrmError> {
        let without_deals = Plan {
            deal: None,
            account: Some(plan.account.clone().unwrap_or_default()),
            ..plan.clone()
        };
        let mapper = self.mapper(chosen);
        let body = self
            .get_json(&query::contacts(&self.api, keys, &without_deals, chosen))
            .await?;
        let mut customers = mapper.people(&CONTACTS, &body, keys, plan);
        let owners = map::owners(&body, &customers);
        if let Some(url) = query::deals_of(&self.api, &owners, plan, chosen)? {
            let deals = self.get_json(&url).await?;
            mapper.assign_deals(&mut customers, &owners, &deals);
        }
        Ok(customers)
    }
}

#[async_trait]
impl Connector for DynamicsCrm {
    fn name(&self) -> &'static str {
        "dynamics"
    }

    async fn find_customers(
        &self,
        keys: &LookupKeys,
        plan: &Plan,
    ) -> Result<Vec<Customer>, CrmError> {
        let chosen = self.chosen(plan).await?;
        let mut found = self.find_people(keys, plan, &chosen).await?;
        self.add_recent(&mut found, plan, &chosen).await;
        Ok(found)
    }

    fn default_fields(&self, entity: Entity) -> Vec<String> {
        if matches!(entity, Entity::Deal | Entity::Activity) {
            // Name, amount, stage and close date (type, subject, date and owner) always show;
            // no extras until an admin adds some.
            return Vec::new();
        }
        table(entity)
            .columns
            .iter()
            .map(|c| c.key.to_owned())
            .collect()
    }

    async fn fields(&self, entity: Entity) -> Result<Vec<FieldInfo>, CrmError> {
        let url = query::attributes(&self.api, table(entity).logical);
        self.fields
            .get_or_fetch(entity, async {
                Ok(schema::fields_from_metadata(&self.get_json(&url).await?))
            })
            .await
    }

    async fn create_person(&self, person: &NewPerson) -> Result<Record, CrmError> {
        check_creatable(person)?;
        let table = table(person.entity);
        let mut body = Map::new();
        body.insert("lastname".into(), json!(person.last_name));
        for (key, value) in [
            ("firstname", &person.first_name),
            ("emailaddress1", &person.email),
            ("telephone1", &person.phone),
        ] {
            if let Some(v) = value {
                body.insert(key.into(), json!(v));
            }
        }
        if table.entity == Entity::Lead
            && let Some(company) = &person.company
        {
            body.insert("companyname".into(), json!(company));
        }
        // The form's other fields (a lead's topic among them, which Dynamics' forms require).
        put_values(&mut body, &person.values);
        let plan = Plan::defaults(self, self.region);
        let columns = infos(table.columns);
        let result = self
            .post(
                &query::created(table, &plan, &columns),
                &Json::Object(body),
                &[
                    // Duplicate detection is off for API calls unless asked for; an agent who
                    // confirmed a likely duplicate saves past it.
                    (
                        "MSCRM.SuppressDuplicateDetection",
                        if person.allow_duplicates {
                            "true"
                        } else {
                            "false"
                        },
                    ),
                    ("Prefer", "return=representation"),
                ],
            )
            .await;
        let response = match result {
            Ok(response) => response,
            Err(CrmError::Upstream(message)) if message.starts_with(DUPLICATE_CODE) => {
                let keys = LookupKeys {
                    emails: person
                        .email
                        .iter()
                        .map(|e| e.trim().to_lowercase())
                        .collect(),
                    phones: person
                        .phone
                        .iter()
                        .filter_map(|p| sidecard_model::phone::normalize_phone(p, self.region).ok())
                        .collect(),
                };
                let existing = if keys.emails.is_empty() && keys.phones.is_empty() {
                    Vec::new()
                } else {
                    self.find_customers(&keys, &plan)
                        .await
                        .unwrap_or_default()
                        .into_iter()
                        .map(|c| c.person)
                        .collect()
                };
                return Err(CrmError::Duplicate { existing });
            }
            Err(e) => {
                return Err(refused(
                    e,
                    &format!("the new {}", table.entity.as_str()),
                    "Check the form's values, or ask your Sidecard admin to check the create form.",
                ));
            }
        };
        let row = self.read_json(response).await?;
        let row = row
            .as_object()
            .ok_or_else(|| CrmError::Upstream("Dataverse create answered a non-object".into()))?;
        let chosen = Chosen::default();
        Ok(self.mapper(&chosen).record(table, row, &columns))
    }

    async fn log_activity(&self, activity: &NewActivity) -> Result<String, CrmError> {
        let body = activity::body(activity)?;
        let (set, _) = activity::table(activity.kind);
        let not_found = |e| {
            refused(
                e,
                "the activity",
                "Ask your Sidecard admin to check the log mapping.",
            )
        };
        if let Some(id) = &activity.update {
            let url = format!("{}{set}({})", self.api, guid(id)?);
            // `If-Match: *`: update only; a row deleted since is a 404, never re-created.
            self.send(|http| http.patch(&url).header("If-Match", "*").json(&body))
                .await
                .map_err(not_found)?;
            return Ok(id.clone());
        }
        let response = self
            .post(
                &format!("{set}?$select=activityid"),
                &body,
                &[("Prefer", "return=representation")],
            )
            .await
            .map_err(not_found)?;
        let row = self.read_json(response).await?;
        row.get("activityid")
            .and_then(Json::as_str)
            .map(str::to_owned)
            .ok_or_else(|| CrmError::Upstream("Dataverse did not return the activity's id".into()))
    }

    async fn create_fields(&self, entity: Entity) -> Result<Vec<FieldInfo>, CrmError> {
        if !matches!(entity, Entity::Contact | Entity::Lead) {
            return Ok(Vec::new());
        }
        let url = query::writable_attributes(&self.api, table(entity).logical);
        self.creatable
            .get_or_fetch(entity, async {
                Ok(schema::fields_from_metadata(&self.get_json(&url).await?)
                    .into_iter()
                    .filter(|f| schema::fillable_on_create(entity, f))
                    .collect())
            })
            .await
    }

    fn default_create_form(&self) -> CreateForm {
        CreateForm {
            contact: vec!["emailaddress2".into(), "mobilephone".into()],
            lead: vec!["emailaddress2".into(), "mobilephone".into()],
        }
    }

    async fn activity_fields(&self, kind: ActivityKind) -> Result<Vec<FieldInfo>, CrmError> {
        let url = query::writable_attributes(&self.api, activity::table(kind).1);
        // Lookups (`_…_value`) are written through navigation properties, never as
        // columns: a mapping cannot fill them.
        Ok(schema::fields_from_metadata(&self.get_json(&url).await?)
            .into_iter()
            .filter(|f| !f.key.starts_with('_'))
            .collect())
    }

    fn default_log(&self, host: HostKind) -> Option<LogTarget> {
        Some(activity::default_log(host))
    }

    fn log_problems(&self, target: &LogTarget) -> Vec<String> {
        activity::problems(target)
    }

    fn health(&self) -> Health {
        self.transport.health()
    }

    fn panel_sign_in(self: Arc<Self>) -> Option<Arc<dyn PanelSignIn>> {
        Some(self)
    }
}

/// A write's error as the agent and the admin can act on it: a row that is gone (404) is not
/// found, values the org refused (a 400: too long, a column or choice it lacks) are invalid,
/// saying what was refused (`what`) and what to do (`fix`); an outage stays one, to retry.
fn refused(error: CrmError, what: &str, fix: &str) -> CrmError {
    let prefixes = crate::crm::wire::Refusals {
        not_found: NOT_FOUND,
        bad_request: BAD_REQUEST,
    };
    crate::crm::wire::refused("Dynamics", &prefixes, error, what, fix)
}

/// Maps a Dataverse error response (`{"error":{"code","message"}}`) to our error; the message
/// starts with Dataverse's code so callers can recognise specific errors.
fn error_from(status: StatusCode, body: &[u8]) -> CrmError {
    let detail = serde_json::from_slice::<Json>(body)
        .ok()
        .and_then(|j| {
            let error = j.get("error")?;
            Some(format!(
                "{}: {}",
                error.get("code")?.as_str()?,
                error.get("message").and_then(Json::as_str).unwrap_or("")
            ))
        })
        .unwrap_or_else(|| {
            format!(
                "HTTP {status}: {}",
                String::from_utf8_lossy(body)
                    .chars()
                    .take(200)
                    .collect::<String>()
            )
        });
    match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => CrmError::Auth(detail),
        // Marked, so a read that may find nothing (a sign-in note) can tell "no such record",
        // and a write can tell the values it sent were refused.
        StatusCode::NOT_FOUND => CrmError::Upstream(format!("{NOT_FOUND} {detail}")),
        StatusCode::BAD_REQUEST => CrmError::Upstream(format!("{BAD_REQUEST} {detail}")),
        _ => CrmError::Upstream(detail),
    }
}
