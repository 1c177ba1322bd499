//! Salesforce connector (REST API).
//!
//! One API call per lookup: a Composite request (which counts as a single call against the
//! org's API allocation) carrying
//! - a SOSL search `FIND {…} IN EMAIL FIELDS` (and one `IN PHONE FIELDS` for numbers) returning
//!   contacts and unconverted leads: SOSL covers every email and phone field, custom ones
//!   included, and compares phone digits whatever the stored format;
//! - a SOQL relationship query for the accounts of matching contacts with their open
//!   opportunities as a subquery (`IsClosed = false`).
//!
//! If a contact found by SOSL belongs to an account the SOQL semi-join did not return (it
//! matched on a custom field the semi-join cannot see), one more query fetches those accounts.
//!
//! Tokens come from the shared [`TokenSource`]: the client credentials flow or the JWT bearer
//! flow against the org's My Domain. Neither returns a lifetime, so tokens are renewed in the
//! background after the configured session length and at once on `INVALID_SESSION_ID`.
//!
//! Facts and sources: `shared/reference/api-contracts.md` §5.

use super::oauth::{AccessToken, IssuedToken, TokenEndpoint, TokenSource};
use super::wire::{
    Chosen, Column, FieldsCache, check_creatable, col, encode, infos, link, read_capped,
    record_link, text,
};
use super::{
    ActivityKind, Connector, CrmError, LookupKeys, NewActivity, NewPerson, Plan, match_reasons,
};
use crate::secret::Secret;
use async_trait::async_trait;
use reqwest::{RequestBuilder, Response, StatusCode};
use serde_json::{Map, Value as Json, json};
use sidecard_model::{
    Customer, Deal, Entity, Field, FieldInfo, FieldKind, MatchReason, Money, Record, Value,
    sort_deals,
};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Most people one lookup returns (per object).
const MAX_PEOPLE: u32 = 25;
/// Most open opportunities read per account (the subquery's `LIMIT`): an account with
/// thousands of open deals must not make every lookup of its contacts megabytes long.
pub const MAX_DEALS: u32 = 200;
/// API usage share past which every response's `Sforce-Limit-Info` is logged as a warning.
const USAGE_WARNING: f64 = 0.8;
/// JWT bearer assertions may be valid for at most 3 minutes (Salesforce's limit).
const JWT_LIFETIME: Duration = Duration::from_secs(180);

/// How one Salesforce object maps onto a Sidecard entity.
struct Object {
    entity: Entity,
    name: &'static str,
    /// Card fields in order (until the settings page chooses them).
    columns: &'static [Column],
    /// Email fields we read back to say why a row matched, with labels.
    emails: &'static [(&'static str, &'static str)],
    /// Phone fields likewise.
    phones: &'static [(&'static str, &'static str)],
}

const CONTACT: Object = Object {
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
    emails: &[("Email", "Email")],
    phones: &[
        ("Phone", "Phone"),
        ("MobilePhone", "Mobile"),
        ("HomePhone", "Home phone"),
        ("OtherPhone", "Other phone"),
    ],
};

const LEAD: Object = Object {
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
    emails: &[("Email", "Email")],
    phones: &[("Phone", "Phone"), ("MobilePhone", "Mobile")],
};

const ACCOUNT: Object = Object {
    entity: Entity::Account,
    name: "Account",
    columns: &[
        col("Industry", "Industry", FieldKind::Choice),
        col("Website", "Website", FieldKind::Link),
        col("Phone", "Phone", FieldKind::Phone),
        col("BillingCity", "City", FieldKind::Text),
        col("AnnualRevenue", "Annual revenue", FieldKind::Money),
    ],
    emails: &[],
    phones: &[],
};

const OPPORTUNITY: Object = Object {
    entity: Entity::Deal,
    name: "Opportunity",
    columns: &[
        col("Amount", "Amount", FieldKind::Money),
        col("StageName", "Stage", FieldKind::Choice),
        col("CloseDate", "Close date", FieldKind::Date),
        col("Probability", "Probability (%)", FieldKind::Number),
    ],
    emails: &[],
    phones: &[],
};

fn object(entity: Entity) -> &'static Object {
    match entity {
        Entity::Contact => &CONTACT,
        Entity::Lead => &LEAD,
        Entity::Account => &ACCOUNT,
        Entity::Deal => &OPPORTUNITY,
    }
}

/// How Sidecard signs in to the org.
#[derive(Debug, Clone)]
pub enum SalesforceAuth {
    /// OAuth 2.0 client credentials (an external client app with a "run as" user).
    ClientCredentials {
        /// The app's consumer key.
        client_id: String,
        /// The app's consumer secret.
        client_secret: Secret,
    },
    /// OAuth 2.0 JWT bearer (a pre-authorized user and the app's certificate).
    JwtBearer {
        /// The app's consumer key (the JWT's issuer).
        client_id: String,
        /// The Salesforce username to act as (the JWT's subject).
        username: String,
        /// PEM private key whose certificate is uploaded to the app.
        private_key_pem: Secret,
        /// The JWT's audience: `https://login.salesforce.com` (or `https://test.salesforce.com`).
        audience: String,
    },
}

/// Settings of a Salesforce connection (validated by the proxy's config).
#[derive(Debug, Clone)]
pub struct SalesforceConfig {
    /// My Domain URL, `https://acme.my.salesforce.com`, without a trailing slash.
    pub url: String,
    /// REST API version, `v61.0`.
    pub api_version: String,
    /// The token endpoint (default `<url>/services/oauth2/token`).
    pub token_url: String,
    /// Client credentials or JWT bearer.
    pub auth: SalesforceAuth,
    /// How long a session lasts (the org's session timeout); tokens are renewed at 80% of it.
    pub session: Duration,
    /// Per-request time limit.
    pub timeout: Duration,
    /// Largest answer read, in bytes.
    pub max_response_bytes: u64,
}

/// The Salesforce connector.
pub struct SalesforceCrm {
    /// One client, one connection pool.
    http: reqwest::Client,
    /// My Domain URL, used when the token does not name an instance.
    url: String,
    /// `v61.0`.
    version: String,
    /// Warm access tokens.
    tokens: TokenSource,
    /// Request time limit, reported in timeout errors.
    timeout: Duration,
    /// See [`SalesforceConfig::max_response_bytes`].
    max_response_bytes: u64,
    /// Describe results per entity.
    fields: FieldsCache,
    /// API calls made (token requests not included), for the benchmark and tests.
    calls: AtomicU64,
    /// Last `Sforce-Limit-Info` api-usage seen: used and max.
    usage: (AtomicU64, AtomicU64),
    /// The usage percentage last warned about (0: below the threshold).
    warned_at: AtomicU64,
}

/// Gets tokens from Salesforce's OAuth endpoint with either flow.
struct SalesforceTokens {
    http: reqwest::Client,
    url: String,
    auth: SalesforceAuth,
    session: Duration,
}

#[async_trait]
impl TokenEndpoint for SalesforceTokens {
    async fn fetch(&self) -> Result<IssuedToken, CrmError> {
        let form: Vec<(&str, String)> = match &self.auth {
            SalesforceAuth::ClientCredentials {
                client_id,
                client_secret,
            } => vec![
                ("grant_type", "client_credentials".into()),
                ("client_id", client_id.clone()),
                ("client_secret", client_secret.expose().to_owned()),
            ],
            SalesforceAuth::JwtBearer {
                client_id,
                username,
                private_key_pem,
                audience,
            } => vec![
                (
                    "grant_type",
                    "urn:ietf:params:oauth:grant-type:jwt-bearer".into(),
                ),
                (
                    "assertion",
                    jwt_assertion(client_id, username, audience, private_key_pem)?,
                ),
            ],
        };
        let response = self
            .http
            .post(&self.url)
            .form(&form)
            .send()
            .await
            .map_err(|e| {
                CrmError::Unavailable(format!("Salesforce token endpoint: {}", e.without_url()))
            })?;
        let status = response.status();
        let body: Json = response.json().await.unwrap_or(Json::Null);
        if status.is_success() {
            let token = body
                .get("access_token")
                .and_then(Json::as_str)
                .ok_or_else(|| {
                    CrmError::Auth("Salesforce token response has no access_token".into())
                })?;
            return Ok(IssuedToken {
                value: Secret::new(token),
                lifetime: self.session,
                instance_url: body
                    .get("instance_url")
                    .and_then(Json::as_str)
                    .map(|u| u.trim_end_matches('/').to_owned()),
            });
        }
        let detail = format!(
            "{}: {}",
            body.get("error").and_then(Json::as_str).unwrap_or("error"),
            body.get("error_description")
                .and_then(Json::as_str)
                .unwrap_or("")
        );
        if status.is_server_error() {
            Err(CrmError::Unavailable(format!(
                "Salesforce token endpoint {status}: {detail}"
            )))
        } else {
            Err(CrmError::Auth(format!(
                "Salesforce token endpoint {status}: {detail}"
            )))
        }
    }
}

#[derive(serde::Serialize)]
struct JwtClaims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    exp: u64,
}

/// A signed RS256 assertion for the JWT bearer flow, valid for [`JWT_LIFETIME`].
fn jwt_assertion(
    client_id: &str,
    username: &str,
    audience: &str,
    key: &Secret,
) -> Result<String, CrmError> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let claims = JwtClaims {
        iss: client_id,
        sub: username,
        aud: audience,
        exp: (now + JWT_LIFETIME).as_secs(),
    };
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(key.expose().as_bytes())
        .map_err(|e| CrmError::Auth(format!("Salesforce private key: {e}")))?;
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
        &claims,
        &key,
    )
    .map_err(|e| CrmError::Auth(format!("signing the Salesforce JWT: {e}")))
}

impl SalesforceCrm {
    /// The answer's JSON, read with the byte cap; `what` names the call in errors.
    async fn read_json(&self, response: reqwest::Response, what: &str) -> Result<Json, CrmError> {
        let bytes = read_capped(response, self.max_response_bytes).await?;
        serde_json::from_slice(&bytes).map_err(|e| CrmError::Upstream(format!("{what}: {e}")))
    }

    /// Builds the connector and starts fetching its first token in the background.
    pub fn new(config: SalesforceConfig) -> Result<Self, CrmError> {
        if let SalesforceAuth::JwtBearer {
            private_key_pem, ..
        } = &config.auth
        {
            // A key that cannot sign is a configuration error: say so at startup.
            jsonwebtoken::EncodingKey::from_rsa_pem(private_key_pem.expose().as_bytes())
                .map_err(|e| CrmError::Auth(format!("Salesforce private key: {e}")))?;
        }
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .user_agent(concat!("Sidecard/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CrmError::Unavailable(format!("HTTP client: {e}")))?;
        let tokens = TokenSource::start(SalesforceTokens {
            http: http.clone(),
            url: config.token_url,
            auth: config.auth,
            session: config.session,
        });
        Ok(Self {
            http,
            url: config.url,
            version: config.api_version,
            tokens,
            timeout: config.timeout,
            max_response_bytes: config.max_response_bytes,
            fields: FieldsCache::new(),
            calls: AtomicU64::new(0),
            usage: (AtomicU64::new(0), AtomicU64::new(0)),
            warned_at: AtomicU64::new(0),
        })
    }

    /// API calls made so far.
    pub fn call_count(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }

    /// Token requests made so far.
    pub fn token_request_count(&self) -> u64 {
        self.tokens.fetch_count()
    }

    /// The org's API usage from the last `Sforce-Limit-Info` header: (used, allocation).
    pub fn api_usage(&self) -> Option<(u64, u64)> {
        let max = self.usage.1.load(Ordering::Relaxed);
        (max > 0).then(|| (self.usage.0.load(Ordering::Relaxed), max))
    }

    fn base(&self, token: &AccessToken) -> String {
        let host = token.instance_url.as_deref().unwrap_or(&self.url);
        format!("{host}/services/data/{}", self.version)
    }

    /// Sends one API call built by `build(base_url)`. `INVALID_SESSION_ID` (401) renews the
    /// token once and retries; every response's `Sforce-Limit-Info` is recorded.
    async fn send(
        &self,
        build: impl Fn(&reqwest::Client, &str) -> RequestBuilder,
    ) -> Result<Response, CrmError> {
        let mut token: Arc<AccessToken> = self.tokens.token().await?;
        let mut renewed = false;
        loop {
            self.calls.fetch_add(1, Ordering::Relaxed);
            let response = build(&self.http, &self.base(&token))
                .bearer_auth(token.value.expose())
                .header("Accept", "application/json")
                .send()
                .await
                .map_err(|e| self.transport_error(e))?;
            self.record_usage(&response);
            match response.status() {
                s if s.is_success() => return Ok(response),
                StatusCode::UNAUTHORIZED if !renewed => {
                    token = self.tokens.renew_after_rejection(&token).await?;
                    renewed = true;
                }
                status => {
                    let body = response.bytes().await.unwrap_or_default();
                    let body = serde_json::from_slice(&body).unwrap_or(Json::Null);
                    return Err(self.error_from(status, &body));
                }
            }
        }
    }

    fn transport_error(&self, e: reqwest::Error) -> CrmError {
        if e.is_timeout() {
            CrmError::Timeout(self.timeout)
        } else {
            CrmError::Unavailable(format!("Salesforce: {}", e.without_url()))
        }
    }

    /// Reads `Sforce-Limit-Info: api-usage=18/5000`; warns past [`USAGE_WARNING`].
    fn record_usage(&self, response: &Response) {
        let Some((used, max)) = response
            .headers()
            .get("Sforce-Limit-Info")
            .and_then(|v| v.to_str().ok())
            .and_then(parse_api_usage)
        else {
            return;
        };
        self.usage.0.store(used, Ordering::Relaxed);
        self.usage.1.store(max, Ordering::Relaxed);
        if max == 0 {
            return;
        }
        // One warning per percentage point past the threshold, not one per response: a busy
        // proxy at 85% would otherwise log every lookup.
        let percent = used * 100 / max;
        if (percent as f64) < USAGE_WARNING * 100.0 {
            self.warned_at.store(0, Ordering::Relaxed);
        } else if self.warned_at.fetch_max(percent, Ordering::Relaxed) < percent {
            tracing::warn!(
                api_usage = used,
                api_allocation = max,
                "Salesforce API usage is at {percent}% of the org's 24-hour allocation"
            );
        }
    }

    fn record(&self, object: &Object, row: &Map<String, Json>, fields: &[FieldInfo]) -> Record {
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
                .map(|f| Field::new(&f.key, &f.label, value(row, &f.key, f.kind)))
                .collect(),
        }
    }

    fn deal(&self, row: &Map<String, Json>, fields: &[FieldInfo]) -> Deal {
        let amount = match value(row, "Amount", FieldKind::Money) {
            Value::Money(m) => Some(m),
            _ => None,
        };
        Deal {
            record: self.record(&OPPORTUNITY, row, fields),
            amount,
            stage: text(row, "StageName"),
            close_date: text(row, "CloseDate").and_then(|d| d.parse().ok()),
        }
    }

    /// The chosen fields of every card, typed: no request when the built-in fields cover the
    /// choice, else the (cached) describe results.
    async fn chosen(&self, plan: &Plan) -> Result<Chosen, CrmError> {
        Chosen::resolve(plan, |e| object(e).columns, |e| self.fields(e)).await
    }

    /// The Composite request body for a lookup.
    fn lookup_request(&self, keys: &LookupKeys, plan: &Plan, chosen: &Chosen) -> Json {
        let mut requests = Vec::new();
        let path = format!("/services/data/{}", self.version);
        if !keys.emails.is_empty() {
            let q = sosl(&email_terms(keys), "EMAIL", plan, chosen);
            requests.push(json!({
                "method": "GET",
                "url": format!("{path}/search/?q={}", encode(&q)),
                "referenceId": "emailSearch",
            }));
        }
        if !keys.phones.is_empty() {
            let q = sosl(&phone_terms(keys), "PHONE", plan, chosen);
            requests.push(json!({
                "method": "GET",
                "url": format!("{path}/search/?q={}", encode(&q)),
                "referenceId": "phoneSearch",
            }));
        }
        // Deals come through their account, so the account is queried for either card.
        if plan.account.is_some() || plan.deal.is_some() {
            let condition = format!(
                "Id IN (SELECT AccountId FROM Contact WHERE {})",
                contact_match_soql(keys)
            );
            requests.push(json!({
                "method": "GET",
                "url": format!("{path}/query/?q={}", encode(&accounts_soql(&condition, plan, chosen))),
                "referenceId": "accounts",
            }));
        }
        json!({ "allOrNone": false, "compositeRequest": requests })
    }

    async fn accounts_by_id(
        &self,
        ids: &[String],
        plan: &Plan,
        chosen: &Chosen,
    ) -> Result<Vec<Map<String, Json>>, CrmError> {
        let list = ids
            .iter()
            .map(|id| soql_string(id))
            .collect::<Vec<_>>()
            .join(", ");
        let q = encode(&accounts_soql(&format!("Id IN ({list})"), plan, chosen));
        let response = self
            .send(|http, base| http.get(format!("{base}/query/?q={q}")))
            .await?;
        let body = self
            .read_json(response, "Salesforce answered unreadable JSON")
            .await?;
        Ok(records(&body))
    }
}

#[async_trait]
impl Connector for SalesforceCrm {
    fn name(&self) -> &'static str {
        "salesforce"
    }

    async fn find_customers(
        &self,
        keys: &LookupKeys,
        plan: &Plan,
    ) -> Result<Vec<Customer>, CrmError> {
        let chosen = self.chosen(plan).await?;
        let body = self.lookup_request(keys, plan, &chosen);
        let response = self
            .send(|http, base| http.post(format!("{base}/composite")).json(&body))
            .await?;
        let composite = self
            .read_json(response, "Salesforce answered unreadable JSON")
            .await?;
        let mut results: HashMap<String, Json> = HashMap::new();
        for part in composite
            .get("compositeResponse")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            let status = part
                .get("httpStatusCode")
                .and_then(Json::as_u64)
                .unwrap_or(0);
            let body = part.get("body").cloned().unwrap_or(Json::Null);
            if !(200..300).contains(&status) {
                let status = StatusCode::from_u16(status as u16).unwrap_or(StatusCode::BAD_GATEWAY);
                return Err(self.error_from(status, &body));
            }
            if let Some(reference) = part.get("referenceId").and_then(Json::as_str) {
                results.insert(reference.to_owned(), body);
            }
        }

        // People from both searches, each once, with why they matched.
        let mut contacts: Vec<Map<String, Json>> = Vec::new();
        let mut leads: Vec<Map<String, Json>> = Vec::new();
        let mut found_by: HashMap<String, Vec<MatchReason>> = HashMap::new();
        for (reference, scope) in [("emailSearch", Scope::Email), ("phoneSearch", Scope::Phone)] {
            for row in results
                .get(reference)
                .and_then(|b| b.get("searchRecords"))
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
                .filter_map(Json::as_object)
            {
                let Some(id) = text(row, "Id") else { continue };
                let kind = sobject_type(row);
                let list = match kind {
                    "Contact" => &mut contacts,
                    "Lead" if plan.leads => &mut leads,
                    _ => continue,
                };
                if !found_by.contains_key(&id) {
                    list.push(row.clone());
                }
                found_by
                    .entry(id)
                    .or_default()
                    .push(scope.fallback_reason(keys));
            }
        }

        let mut accounts: HashMap<String, Map<String, Json>> = results
            .get("accounts")
            .map(records)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|a| Some((text(&a, "Id")?, a)))
            .collect();
        let missing: Vec<String> = contacts
            .iter()
            .filter_map(|c| text(c, "AccountId"))
            .filter(|id| !accounts.contains_key(id))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !missing.is_empty() && (plan.account.is_some() || plan.deal.is_some()) {
            // Matched through a field the semi-join cannot see (a custom email or phone field).
            for account in self.accounts_by_id(&missing, plan, &chosen).await? {
                if let Some(id) = text(&account, "Id") {
                    accounts.insert(id, account);
                }
            }
        }

        let (object, rows, fields) = if contacts.is_empty() {
            (&LEAD, leads, &chosen.lead)
        } else {
            (&CONTACT, contacts, &chosen.contact)
        };
        Ok(rows
            .iter()
            .filter_map(|row| {
                let id = text(row, "Id").unwrap_or_default();
                let mut matched_on = match_reasons(
                    plan.emails(object.emails),
                    object.phones,
                    |field| text(row, field),
                    keys,
                    plan.region,
                );
                if matched_on.is_empty() {
                    // SOSL matched a field we do not read back (custom, or a phone in another
                    // format): say which search found the person. A custom email field is a
                    // secondary email, so it counts only when those are searched.
                    matched_on = found_by.remove(&id).unwrap_or_default();
                    matched_on.retain(|r| {
                        plan.secondary_emails || !matches!(r, MatchReason::Email { .. })
                    });
                    matched_on.dedup();
                }
                if matched_on.is_empty() {
                    return None;
                }
                let account = text(row, "AccountId").and_then(|a| accounts.get(&a));
                let mut open_deals: Vec<Deal> = account
                    .and_then(|a| a.get("Opportunities"))
                    .map(records)
                    .unwrap_or_default()
                    .iter()
                    .filter(|o| o.get("IsClosed").and_then(Json::as_bool) != Some(true))
                    .map(|o| self.deal(o, &chosen.deal))
                    .collect();
                sort_deals(&mut open_deals);
                Some(Customer {
                    person: self.record(object, row, fields),
                    matched_on,
                    account: account
                        .filter(|_| plan.account.is_some())
                        .map(|a| self.record(&ACCOUNT, a, &chosen.account)),
                    open_deals,
                    more_deals: 0,
                })
            })
            .collect())
    }

    fn default_fields(&self, entity: Entity) -> Vec<String> {
        if entity == Entity::Deal {
            // Name, amount, stage and close date always show; no extras until an admin adds some.
            return Vec::new();
        }
        object(entity)
            .columns
            .iter()
            .map(|c| c.key.to_owned())
            .collect()
    }

    async fn fields(&self, entity: Entity) -> Result<Vec<FieldInfo>, CrmError> {
        let name = object(entity).name;
        self.fields
            .get_or_fetch(entity, async {
                let response = self
                    .send(|http, base| http.get(format!("{base}/sobjects/{name}/describe/")))
                    .await?;
                let body = self.read_json(response, "Salesforce describe").await?;
                Ok(fields_from_describe(&body))
            })
            .await
    }

    async fn create_person(&self, person: &NewPerson) -> Result<Record, CrmError> {
        check_creatable(person)?;
        let object = object(person.entity);
        let mut body = Map::new();
        body.insert("LastName".into(), json!(person.last_name));
        for (key, value) in [
            ("FirstName", &person.first_name),
            ("Email", &person.email),
            ("Phone", &person.phone),
        ] {
            if let Some(v) = value {
                body.insert(key.into(), json!(v));
            }
        }
        if object.entity == Entity::Lead {
            // Company is required on leads.
            body.insert(
                "Company".into(),
                json!(
                    person
                        .company
                        .clone()
                        .unwrap_or_else(|| person.last_name.clone())
                ),
            );
        }
        let name = object.name;
        let body = Json::Object(body);
        let response = self
            .send(|http, base| {
                http.post(format!("{base}/sobjects/{name}/"))
                    .header(
                        "Sforce-Duplicate-Rule-Header",
                        "allowSave=false; includeRecordDetails=true; runAsCurrentUser=false",
                    )
                    .json(&body)
            })
            .await?;
        let created = self.read_json(response, "Salesforce create").await?;
        let id = created
            .get("id")
            .and_then(Json::as_str)
            .ok_or_else(|| CrmError::Upstream("Salesforce create returned no id".into()))?;
        let title = [
            person.first_name.as_deref(),
            Some(person.last_name.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        let mut row = Map::new();
        row.insert("Id".into(), json!(id));
        row.insert("Name".into(), json!(title));
        if let Some(email) = &person.email {
            row.insert("Email".into(), json!(email));
        }
        if let Some(phone) = &person.phone {
            row.insert("Phone".into(), json!(phone));
        }
        Ok(self.record(object, &row, &infos(object.columns)))
    }

    async fn log_activity(&self, activity: &NewActivity) -> Result<String, CrmError> {
        let who = salesforce_id(&activity.contact_id, "003")?;
        let mut body = Map::new();
        body.insert("WhoId".into(), json!(who));
        body.insert("Subject".into(), json!(activity.subject));
        body.insert("Status".into(), json!("Completed"));
        if let Some(description) = &activity.description {
            body.insert("Description".into(), json!(description));
        }
        if activity.kind == ActivityKind::PhoneCall {
            body.insert("TaskSubtype".into(), json!("Call"));
            body.insert("CallType".into(), json!("Inbound"));
        }
        let body = Json::Object(body);
        let response = self
            .send(|http, base| http.post(format!("{base}/sobjects/Task/")).json(&body))
            .await?;
        let created = self.read_json(response, "Salesforce create Task").await?;
        created
            .get("id")
            .and_then(Json::as_str)
            .map(str::to_owned)
            .ok_or_else(|| CrmError::Upstream("Salesforce did not return the Task's id".into()))
    }
}

impl SalesforceCrm {
    /// Maps Salesforce's error array (`[{"message","errorCode","fields"}]`) to our error;
    /// `DUPLICATES_DETECTED` becomes [`CrmError::Duplicate`] with the matched records.
    fn error_from(&self, status: StatusCode, body: &Json) -> CrmError {
        let first = body.as_array().and_then(|a| a.first());
        let field = |name| {
            first
                .and_then(|e| e.get(name))
                .and_then(Json::as_str)
                .unwrap_or("")
        };
        let (code, message) = (field("errorCode"), field("message"));
        match (status, code) {
            (_, "REQUEST_LIMIT_EXCEEDED") => CrmError::Throttled { retry_after: None },
            (_, "DUPLICATES_DETECTED") => CrmError::Duplicate {
                existing: self.duplicates(body),
            },
            (StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN, _)
            | (_, "INVALID_SESSION_ID" | "INSUFFICIENT_ACCESS") => {
                CrmError::Auth(format!("{status} {code}: {message}"))
            }
            _ if code.is_empty() => CrmError::Upstream(format!("Salesforce HTTP {status}")),
            _ => CrmError::Upstream(format!("{status} {code}: {message}")),
        }
    }

    /// The records a duplicate rule matched (`duplicateResult.matchResults[].matchRecords[]`).
    fn duplicates(&self, body: &Json) -> Vec<Record> {
        body.as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e.pointer("/duplicateResult/matchResults"))
            .filter_map(Json::as_array)
            .flatten()
            .filter_map(|m| m.get("matchRecords").and_then(Json::as_array))
            .flatten()
            .filter_map(|m| m.get("record").and_then(Json::as_object))
            .map(|r| {
                let kind = sobject_type(r);
                let object = if kind == "Lead" { &LEAD } else { &CONTACT };
                self.record(object, r, &infos(object.columns))
            })
            .collect()
    }
}

/// Which search found a person, for the reason shown when no field read back holds the key.
#[derive(Clone, Copy)]
enum Scope {
    Email,
    Phone,
}

impl Scope {
    fn fallback_reason(self, keys: &LookupKeys) -> MatchReason {
        match self {
            Scope::Email => MatchReason::Email {
                field: "An email field".into(),
                value: keys.emails.join(", "),
            },
            Scope::Phone => MatchReason::Phone {
                field: "A phone field".into(),
                value: keys
                    .phones
                    .iter()
                    .map(|p| p.e164.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            },
        }
    }
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

/// A SOSL search term: every reserved character backslash-escaped, wrapped in double quotes
/// (an exact phrase, so no term can become an operator or a wildcard).
pub fn sosl_term(value: &str) -> String {
    const RESERVED: &str = "?&|!{}[]()^~*:\\\"'+-";
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if RESERVED.contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn email_terms(keys: &LookupKeys) -> Vec<String> {
    keys.emails.clone()
}

/// SOSL compares phone digits: search the national number and the full international one.
fn phone_terms(keys: &LookupKeys) -> Vec<String> {
    let mut terms = Vec::new();
    for phone in &keys.phones {
        let digits = phone.e164.trim_start_matches('+').to_owned();
        // The longest digits-only format that is not the E.164 one is the national number.
        let national = phone
            .formats
            .iter()
            .filter(|f| f.chars().all(|c| c.is_ascii_digit()) && **f != digits)
            .max_by_key(|f| f.len())
            .cloned();
        terms.extend(national);
        terms.push(digits);
    }
    terms.dedup();
    terms
}

/// `FIND {"a" OR "b"} IN <scope> FIELDS RETURNING Contact(…), Lead(… WHERE IsConverted = false)`
/// (leads only when the plan searches them).
fn sosl(terms: &[String], scope: &str, plan: &Plan, chosen: &Chosen) -> String {
    let find = terms
        .iter()
        .map(|t| sosl_term(t))
        .collect::<Vec<_>>()
        .join(" OR ");
    let mut returning = format!(
        "Contact({} LIMIT {MAX_PEOPLE})",
        field_list(
            &CONTACT,
            &["Id", "Name", "AccountId"],
            &chosen.contact,
            plan
        )
    );
    if plan.leads {
        returning.push_str(&format!(
            ", Lead({} WHERE IsConverted = false LIMIT {MAX_PEOPLE})",
            field_list(&LEAD, &["Id", "Name"], &chosen.lead, plan)
        ));
    }
    format!("FIND {{{find}}} IN {scope} FIELDS RETURNING {returning}")
}

/// `first`, the searched fields (to verify a match), then the chosen ones; each once.
fn field_list(object: &Object, first: &[&str], chosen: &[FieldInfo], plan: &Plan) -> String {
    let mut fields: Vec<&str> = first.to_vec();
    let searched = plan.emails(object.emails).iter().chain(object.phones);
    for name in searched
        .map(|(f, _)| *f)
        .chain(chosen.iter().map(|f| f.key.as_str()))
    {
        if !fields.contains(&name) {
            fields.push(name);
        }
    }
    fields.join(", ")
}

/// Contacts whose standard email or phone fields hold a searched key, for the accounts
/// semi-join (phones in every stored format).
fn contact_match_soql(keys: &LookupKeys) -> String {
    let mut parts = Vec::new();
    if !keys.emails.is_empty() {
        let list = keys
            .emails
            .iter()
            .map(|e| soql_string(e))
            .collect::<Vec<_>>()
            .join(", ");
        parts.push(format!("Email IN ({list})"));
    }
    let formats: Vec<String> = keys
        .phones
        .iter()
        .flat_map(|p| p.formats.iter().map(|f| soql_string(f)))
        .collect();
    if !formats.is_empty() {
        let list = formats.join(", ");
        for (field, _) in CONTACT.phones {
            parts.push(format!("{field} IN ({list})"));
        }
    }
    parts.join(" OR ")
}

/// Accounts matching `condition`, with their open opportunities when the deal list shows.
fn accounts_soql(condition: &str, plan: &Plan, chosen: &Chosen) -> String {
    let deals = if plan.deal.is_some() {
        format!(
            // LIMIT bounds the subquery's rows (SOQL relationship queries accept ORDER BY and
            // LIMIT in the inner SELECT: SOQL and SOSL Reference, "Relationship Queries").
            ", (SELECT {} FROM Opportunities WHERE IsClosed = false ORDER BY CloseDate LIMIT {MAX_DEALS})",
            field_list(
                &OPPORTUNITY,
                &["Id", "Name", "IsClosed", "Amount", "StageName", "CloseDate"],
                &chosen.deal,
                plan
            ),
        )
    } else {
        String::new()
    };
    format!(
        "SELECT {}{deals} FROM Account WHERE {condition}",
        field_list(&ACCOUNT, &["Id", "Name"], &chosen.account, plan),
    )
}

/// The sObject type in a record's `attributes` (`Contact`, `Lead`, …).
fn sobject_type(row: &Map<String, Json>) -> &str {
    row.get("attributes")
        .and_then(|a| a.get("type"))
        .and_then(Json::as_str)
        .unwrap_or("")
}

/// `records` of a query result (or of a subquery; `null` when there are none).
fn records(result: &Json) -> Vec<Map<String, Json>> {
    result
        .get("records")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(Json::as_object)
        .cloned()
        .collect()
}

fn value(row: &Map<String, Json>, key: &str, kind: FieldKind) -> Value {
    let value = match kind {
        FieldKind::Text => text(row, key).map(Value::Text),
        FieldKind::Email => text(row, key).map(Value::Email),
        FieldKind::Phone => text(row, key).map(Value::Phone),
        FieldKind::Choice => text(row, key).map(Value::Choice),
        FieldKind::Link => text(row, key).map(link),
        FieldKind::Money => row.get(key).and_then(Json::as_f64).and_then(|amount| {
            // Multi-currency orgs send CurrencyIsoCode; single-currency orgs do not (their
            // corporate currency is then unknown here, so USD is assumed).
            let currency = text(row, "CurrencyIsoCode").unwrap_or_else(|| "USD".to_owned());
            Money::from_decimal(amount, &currency).map(Value::Money)
        }),
        FieldKind::Date => text(row, key).and_then(|d| d.parse().ok()).map(Value::Date),
        FieldKind::Number => row.get(key).and_then(Json::as_f64).map(Value::Number),
        FieldKind::Bool => row.get(key).and_then(Json::as_bool).map(Value::Bool),
    };
    value.unwrap_or(Value::Empty)
}

/// `api-usage=18/5000` out of `Sforce-Limit-Info: api-usage=18/5000; api-bursts=1/750`.
fn parse_api_usage(header: &str) -> Option<(u64, u64)> {
    let usage = header
        .split(';')
        .map(str::trim)
        .find_map(|part| part.strip_prefix("api-usage="))?;
    let (used, max) = usage.split_once('/')?;
    Some((used.trim().parse().ok()?, max.trim().parse().ok()?))
}

fn fields_from_describe(body: &Json) -> Vec<FieldInfo> {
    let mut fields: Vec<FieldInfo> = body
        .get("fields")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(|f| {
            let key = f.get("name")?.as_str()?.to_owned();
            let kind = field_kind(f.get("type")?.as_str()?)?;
            let label = f
                .get("label")
                .and_then(Json::as_str)
                .filter(|l| !l.is_empty())
                .map_or_else(|| key.clone(), str::to_owned);
            Some(FieldInfo { key, label, kind })
        })
        .collect();
    fields.sort_by_key(|f| f.label.to_lowercase());
    fields
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

    /// Reads one SOSL phrase term back: `None` if an unescaped reserved character or quote
    /// would change the search's structure.
    fn parse_sosl_term(text: &str) -> Option<String> {
        let inner = text.strip_prefix('"')?.strip_suffix('"')?;
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.push(chars.next()?),
                c if "?&|!{}[]()^~*:\"'+-".contains(c) => return None,
                c => out.push(c),
            }
        }
        Some(out)
    }

    proptest! {
        #[test]
        fn any_string_is_one_soql_literal(value in any::<String>()) {
            prop_assert_eq!(parse_soql_literal(&soql_string(&value)), Some(value));
        }

        #[test]
        fn any_string_is_one_sosl_phrase(value in any::<String>()) {
            prop_assert_eq!(parse_sosl_term(&sosl_term(&value)), Some(value));
        }

        #[test]
        fn the_search_keeps_its_shape_whatever_the_input(a in any::<String>(), b in any::<String>()) {
            let plan = Plan::new(
                &sidecard_model::Settings::defaults(|_| Vec::new()),
                sidecard_model::phone::Region::default(),
            );
            let chosen = Chosen { contact: vec![], lead: vec![], account: vec![], deal: vec![] };
            let q = sosl(&[a, b], "EMAIL", &plan, &chosen);
            // Exactly one FIND {…} group: the braces inside terms are all escaped.
            let unescaped_braces = q
                .char_indices()
                .filter(|(i, c)| (*c == '{' || *c == '}') && !q[..*i].ends_with('\\'))
                .count();
            prop_assert_eq!(unescaped_braces, 2);
            let shaped = q.contains("} IN EMAIL FIELDS RETURNING Contact(");
            prop_assert!(shaped);
        }
    }

    #[test]
    fn escaping_examples() {
        assert_eq!(soql_string(r"O'Brien\x"), r"'O\'Brien\\x'");
        assert_eq!(sosl_term("a+b@x.io"), "\"a\\+b@x.io\"");
        assert_eq!(sosl_term("{x} OR *"), "\"\\{x\\} OR \\*\"");
    }

    #[test]
    fn limit_info_is_read() {
        assert_eq!(parse_api_usage("api-usage=18/5000"), Some((18, 5000)));
        assert_eq!(
            parse_api_usage("api-usage=10018/100000; api-bursts=1/750"),
            Some((10018, 100000))
        );
        assert_eq!(parse_api_usage("per-app-api-usage=17/250(appName=x)"), None);
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
