//! Salesforce connector (REST API).
//!
//! One API call per lookup: a Composite request of SOQL queries (`query.rs` says which and
//! why), answered together; `map.rs` turns the rows into customers. What the queries search
//! comes from the org's own `describe` (`schema.rs`): every filterable email and phone field
//! of contacts and leads, custom ones included, and whether the org has several currencies.
//! The describes of the four objects are read in one more Composite call, kept an hour; a
//! single-currency org's currency is read once per hour with the SOAP API's `getUserInfo`
//! (`orgDefaultCurrencyIsoCode`: SOAP API Developer Guide, "GetUserInfoResult"), the one place
//! the org's currency is documented for API clients.
//!
//! Tokens, retries and the byte cap are the shared core's (`crm/http.rs`); signing in is
//! `auth.rs`, the `--salesforce-*` settings `config.rs`. Every answer's `Sforce-Limit-Info:
//! api-usage=used/allocation` header is recorded and logged as a warning past
//! [`USAGE_WARNING`] of the org's daily allocation (REST API Developer Guide, "Limit Info
//! Header").
//!
//! Creating a person (REST API Developer Guide, "Create a Record", "Duplicate Rule Header";
//! Object Reference, "Required Fields", "DuplicateResult"): `Sforce-Duplicate-Rule-Header:
//! allowSave=true` saves past rules that only alert (every header field defaults to false),
//! never past rules that block; a refused create is 400 `DUPLICATES_DETECTED` with the matched
//! records, under the key live orgs spell `duplicateResut` (client libraries capture it so;
//! the docs show no JSON), read under both spellings. A field is required on create when
//! describe says it is `createable`, not `nillable` and not `defaultedOnCreate`.
//!
//! Verified against the vendor's documentation: Composite's accepted resources and limits, the
//! result and error shapes, SOQL semi-joins, `OpportunityContactRoles`, `IsConverted`,
//! `IsClosed`, `CurrencyIsoCode`, `getUserInfo`, the duplicate rule header and the required
//! field properties. Unverified without a live org: the README's "What a live org must still
//! confirm" (among them `REQUIRED_FIELD_MISSING`'s shape and the matched records' fields).

mod activity;
mod auth;
mod config;
mod map;
mod query;
mod schema;

pub use auth::SalesforceAuth;
pub use config::{SalesforceConfig, SalesforceSettings};
pub use query::{MAX_DEALS, salesforce_id, soql_string};

use super::http::{Dialect, Transport};
use super::wire::{Chosen, encode, infos, put_values};
use super::{ActivityKind, Connector, CrmError, Health, LookupKeys, NewActivity, NewPerson, Plan};
use crate::crm::wire::check_creatable;
use async_trait::async_trait;
use map::{Mapper, records, sobject_type};
use query::Lookup;
use reqwest::{RequestBuilder, Response, StatusCode};
use schema::{CONTACT, Described, LEAD, OBJECTS, Schema};
use serde_json::{Map, Value as Json, json};
use sidecard_model::activity::{HostKind, LogTarget};
use sidecard_model::people::CreateForm;
use sidecard_model::{Customer, Entity, FieldInfo, Record};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// API usage share past which every response's `Sforce-Limit-Info` is logged as a warning.
const USAGE_WARNING: f64 = 0.8;
/// How long the org's describes and currency are reused: they change when an admin adds a
/// field or a currency, and an hour later lookups search it.
const SCHEMA_TTL: Duration = Duration::from_secs(3600);

/// The Salesforce connector.
pub struct SalesforceCrm {
    /// Client, tokens, retries and the byte cap.
    transport: Transport,
    /// How the org's answers read, and its API usage.
    org: Org,
    /// `v61.0`.
    version: String,
    /// The org's describes and currency, one entry.
    schema: moka::future::Cache<(), Arc<Schema>>,
}

/// The org as the transport sees it: its errors and its `Sforce-Limit-Info`.
struct Org {
    /// My Domain URL, for record links and when the token does not name an instance.
    url: String,
    /// Last `Sforce-Limit-Info` api-usage seen: used and max.
    usage: (AtomicU64, AtomicU64),
    /// The usage percentage last warned about (0: below the threshold).
    warned_at: AtomicU64,
}

impl Dialect for Org {
    const NAME: &'static str = "Salesforce";

    fn error(&self, status: StatusCode, body: &[u8]) -> CrmError {
        self.error_from(status, &serde_json::from_slice(body).unwrap_or(Json::Null))
    }

    fn observe(&self, response: &Response) -> Option<std::time::Duration> {
        self.record_usage(response);
        None
    }
}

impl SalesforceCrm {
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
        let http = Transport::client(&config.limits)?;
        let tokens = auth::SalesforceTokens {
            http: http.clone(),
            url: config.token_url,
            auth: config.auth,
            session: config.session,
        };
        Ok(Self {
            transport: Transport::start(http, config.limits, tokens),
            org: Org {
                url: config.url,
                usage: (AtomicU64::new(0), AtomicU64::new(0)),
                warned_at: AtomicU64::new(0),
            },
            version: config.api_version,
            schema: moka::future::Cache::builder()
                .time_to_live(SCHEMA_TTL)
                .build(),
        })
    }

    /// API calls made so far (token requests not included).
    pub fn call_count(&self) -> u64 {
        self.transport.request_count()
    }

    /// Token requests made so far.
    pub fn token_request_count(&self) -> u64 {
        self.transport.token_request_count()
    }

    /// The org's API usage from the last `Sforce-Limit-Info` header: (used, allocation).
    pub fn api_usage(&self) -> Option<(u64, u64)> {
        let max = self.org.usage.1.load(Ordering::Relaxed);
        (max > 0).then(|| (self.org.usage.0.load(Ordering::Relaxed), max))
    }

    /// `/services/data/v61.0` on the token's instance (or the My Domain URL).
    fn base(&self, instance: Option<&str>) -> String {
        format!(
            "{}/services/data/{}",
            instance.unwrap_or(&self.org.url),
            self.version
        )
    }

    /// Sends one API call built by `build(client, base_url)`.
    async fn send(
        &self,
        build: impl Fn(&reqwest::Client, &str) -> RequestBuilder,
    ) -> Result<Response, CrmError> {
        self.transport
            .send(&self.org, |http, token| {
                build(http, &self.base(token.instance_url.as_deref()))
                    .header("Accept", "application/json")
            })
            .await
    }

    /// One Composite call of GET `subrequests` (`(referenceId, resource under the version)`):
    /// each answer's body by its reference, or the first failure's error.
    async fn composite(
        &self,
        subrequests: Vec<(&str, String)>,
    ) -> Result<HashMap<String, Json>, CrmError> {
        let path = format!("/services/data/{}", self.version);
        let requests: Vec<Json> = subrequests
            .iter()
            .map(|(reference, resource)| {
                json!({ "method": "GET", "url": format!("{path}/{resource}"), "referenceId": reference })
            })
            .collect();
        let body = json!({ "allOrNone": false, "compositeRequest": requests });
        let response = self
            .send(|http, base| http.post(format!("{base}/composite")).json(&body))
            .await?;
        let answer = self.transport.json::<Org>(response).await?;
        let mut results = HashMap::new();
        for part in answer
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
                return Err(self.org.error_from(status, &body));
            }
            if let Some(reference) = part.get("referenceId").and_then(Json::as_str) {
                results.insert(reference.to_owned(), body);
            }
        }
        Ok(results)
    }

    /// The org's describes and currency: cached, else one Composite call of four describes
    /// (and, in a single-currency org, one SOAP call for its currency).
    async fn schema(&self) -> Result<Arc<Schema>, CrmError> {
        self.schema
            .try_get_with((), async {
                let describes = OBJECTS
                    .iter()
                    .map(|o| (o.name, format!("sobjects/{}/describe", o.name)))
                    .collect();
                let results = self.composite(describes).await?;
                let mut schema = Schema::default();
                for (at, object) in OBJECTS.iter().enumerate() {
                    schema.objects[at] = results
                        .get(object.name)
                        .map(Described::read)
                        .unwrap_or_default();
                }
                if !schema.multi_currency() {
                    // A failed read is kept with the rest for the hour too: a SOAP API that is
                    // off for this user must not cost one more call per lookup.
                    schema.currency = match self.org_currency().await {
                        Ok(currency) => currency,
                        Err(e) => {
                            tracing::warn!(error = %e, "could not read the org's currency; amounts show without one");
                            None
                        }
                    };
                }
                Ok(Arc::new(schema))
            })
            .await
            .map_err(|e: Arc<CrmError>| (*e).clone())
    }

    /// A single-currency org's currency: `orgDefaultCurrencyIsoCode` of the SOAP API's
    /// `getUserInfo` (the REST API has no resource for it). `None` when the answer has none.
    async fn org_currency(&self) -> Result<Option<String>, CrmError> {
        let version = self.version.trim_start_matches('v');
        let response = self
            .transport
            .send(&self.org, |http, token| {
                // The SOAP API reads the session from the envelope, not from `Authorization`.
                let envelope = format!(
                    r#"<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com"><soapenv:Header><urn:SessionHeader><urn:sessionId>{}</urn:sessionId></urn:SessionHeader></soapenv:Header><soapenv:Body><urn:getUserInfo/></soapenv:Body></soapenv:Envelope>"#,
                    token.value.expose()
                );
                let host = token.instance_url.as_deref().unwrap_or(&self.org.url);
                http.post(format!("{host}/services/Soap/u/{version}"))
                    .header("Content-Type", "text/xml; charset=UTF-8")
                    .header("SOAPAction", "\"\"")
                    .body(envelope)
            })
            .await?;
        let xml = String::from_utf8_lossy(&self.transport.bytes(response).await?).into_owned();
        Ok(soap_value(&xml, "orgDefaultCurrencyIsoCode")
            .and_then(|c| super::wire::currency_code(&c)))
    }
}

/// The text of the first `<name>…</name>` element of a SOAP answer.
fn soap_value(xml: &str, name: &str) -> Option<String> {
    let start = xml.find(&format!("<{name}>"))? + name.len() + 2;
    let end = start + xml[start..].find(&format!("</{name}>"))?;
    Some(xml[start..end].trim().to_owned())
}

#[async_trait]
impl Connector for SalesforceCrm {
    fn name(&self) -> &'static str {
        "salesforce"
    }

    fn health(&self) -> Health {
        Health {
            api_usage: self.api_usage(),
            ..self.transport.health()
        }
    }

    async fn find_customers(
        &self,
        keys: &LookupKeys,
        plan: &Plan,
    ) -> Result<Vec<Customer>, CrmError> {
        let schema = self.schema().await?;
        let chosen = Chosen::resolve(
            plan,
            |e| schema::object(e).columns,
            |e| {
                let fields = schema.of(e).fields.clone();
                async move { Ok(fields) }
            },
        )
        .await?;
        let lookup = Lookup {
            keys,
            plan,
            chosen: &chosen,
            schema: &schema,
        };
        let mut subrequests = Vec::new();
        for (reference, soql) in [
            ("contacts", lookup.contacts()),
            ("deals", lookup.account_deals()),
            ("leads", lookup.leads()),
        ] {
            if let Some(soql) = soql {
                subrequests.push((reference, format!("query?q={}", encode(&soql))));
            }
        }
        if subrequests.is_empty() {
            return Ok(Vec::new());
        }
        let results = self.composite(subrequests).await?;
        let account_deals: HashMap<String, Vec<Map<String, Json>>> = results
            .get("deals")
            .map(records)
            .unwrap_or_default()
            .iter()
            .filter_map(|account| {
                let id = account.get("Id")?.as_str()?.to_owned();
                Some((
                    id,
                    account
                        .get("Opportunities")
                        .map(records)
                        .unwrap_or_default(),
                ))
            })
            .collect();
        let mapper = Mapper {
            url: &self.org.url,
            schema: &schema,
            chosen: &chosen,
        };
        let none = Json::Null;
        let contacts = mapper.customers(
            &CONTACT,
            results.get("contacts").unwrap_or(&none),
            keys,
            plan,
            &account_deals,
        );
        if !contacts.is_empty() || !plan.leads {
            return Ok(contacts);
        }
        Ok(mapper.customers(
            &LEAD,
            results.get("leads").unwrap_or(&none),
            keys,
            plan,
            &HashMap::new(),
        ))
    }

    fn default_fields(&self, entity: Entity) -> Vec<String> {
        if matches!(entity, Entity::Deal | Entity::Activity) {
            // Name, amount, stage and close date (type, subject, date and owner) always show;
            // no extras until an admin adds some.
            return Vec::new();
        }
        schema::object(entity)
            .columns
            .iter()
            .map(|c| c.key.to_owned())
            .collect()
    }

    async fn fields(&self, entity: Entity) -> Result<Vec<FieldInfo>, CrmError> {
        Ok(self.schema().await?.of(entity).fields.clone())
    }

    async fn create_person(&self, person: &NewPerson) -> Result<Record, CrmError> {
        check_creatable(person)?;
        let object = schema::object(person.entity);
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
        // The form's other fields.
        put_values(&mut body, &person.values);
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
        let allow_save = person.allow_duplicates;
        let body = Json::Object(body);
        let response = self
            .send(|http, base| {
                http.post(format!("{base}/sobjects/{name}/"))
                    // `allowSave=true` saves past rules whose action is to alert (the agent
                    // confirmed); rules that block still block (REST API Developer Guide,
                    // "Duplicate Rule Header", API 52.0 and later).
                    .header(
                        "Sforce-Duplicate-Rule-Header",
                        if allow_save {
                            "allowSave=true; includeRecordDetails=true; runAsCurrentUser=false"
                        } else {
                            "allowSave=false; includeRecordDetails=true; runAsCurrentUser=false"
                        },
                    )
                    .json(&body)
            })
            .await
            .map_err(|e| {
                refused(
                    e,
                    &format!("the new {}", object.entity.as_str()),
                    "Check the form's values, or ask your Sidecard admin to check the create form.",
                )
            })?;
        let created = self.transport.json::<Org>(response).await?;
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
        Ok(self
            .org
            .plain()
            .record(object, &row, &infos(object.columns)))
    }

    async fn create_fields(&self, entity: Entity) -> Result<Vec<FieldInfo>, CrmError> {
        Ok(match entity {
            Entity::Contact | Entity::Lead => self.schema().await?.of(entity).creatable.clone(),
            Entity::Account | Entity::Deal | Entity::Activity => Vec::new(),
        })
    }

    fn default_create_form(&self) -> CreateForm {
        // Contacts and leads have one standard email field.
        CreateForm {
            contact: vec!["MobilePhone".into()],
            lead: vec!["MobilePhone".into()],
        }
    }

    async fn log_activity(&self, activity: &NewActivity) -> Result<String, CrmError> {
        let body = activity::body(activity)?;
        if let Some(id) = &activity.update {
            let id = salesforce_id(id, "00T")?;
            self.send(|http, base| http.patch(format!("{base}/sobjects/Task/{id}")).json(&body))
                .await
                .map_err(|e| refused(e, "the activity", LOG_FIX))?;
            return Ok(id.to_owned());
        }
        let response = self
            .send(|http, base| http.post(format!("{base}/sobjects/Task/")).json(&body))
            .await
            .map_err(|e| refused(e, "the activity", LOG_FIX))?;
        let created = self.transport.json::<Org>(response).await?;
        created
            .get("id")
            .and_then(Json::as_str)
            .map(str::to_owned)
            .ok_or_else(|| CrmError::Upstream("Salesforce did not return the Task's id".into()))
    }

    async fn activity_fields(&self, _kind: ActivityKind) -> Result<Vec<FieldInfo>, CrmError> {
        // One object for both: a call is a Task of subtype Call.
        let response = self
            .send(|http, base| http.get(format!("{base}/sobjects/Task/describe")))
            .await?;
        let describe = self.transport.json::<Org>(response).await?;
        let fields = Described::read(&describe).fields;
        Ok(activity::mappable(&describe, fields))
    }

    fn default_log(&self, host: HostKind) -> Option<LogTarget> {
        Some(activity::default_log(host))
    }
}

impl Org {
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

    /// A mapper for records outside a lookup (created ones, duplicates): no chosen fields.
    fn plain(&self) -> Mapper<'_> {
        Mapper {
            url: &self.url,
            schema: &NO_SCHEMA,
            chosen: &NO_CHOICE,
        }
    }

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

    /// The records a duplicate rule matched (`duplicateResut.matchResults[].matchRecords[]`:
    /// live answers spell the key so, the docs' object is `DuplicateResult`; both are read).
    fn duplicates(&self, body: &Json) -> Vec<Record> {
        body.as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e.get("duplicateResut").or_else(|| e.get("duplicateResult")))
            .filter_map(|d| d.get("matchResults"))
            .filter_map(Json::as_array)
            .flatten()
            .filter_map(|m| m.get("matchRecords").and_then(Json::as_array))
            .flatten()
            .filter_map(|m| m.get("record").and_then(Json::as_object))
            .map(|r| {
                let kind = sobject_type(r);
                let object = if kind == "Lead" { &LEAD } else { &CONTACT };
                self.plain().record(object, r, &infos(object.columns))
            })
            .collect()
    }
}

/// What to do about a log the org refused.
const LOG_FIX: &str = "Ask your Sidecard admin to check the log mapping.";

/// A write's error as the agent and the admin can act on it: a record that is gone (404
/// `NOT_FOUND`, or `ENTITY_IS_DELETED` as clients report a deleted one) is not found, values
/// the org refused (a 400: a required field, too long, a restricted picklist) are invalid,
/// saying what was refused (`what`) and what to do (`fix`); an outage stays one, to retry.
fn refused(error: CrmError, what: &str, fix: &str) -> CrmError {
    super::wire::refused("Salesforce", &super::wire::STATUS_FIRST, error, what, fix)
}

/// What [`Org::plain`] maps with.
static NO_SCHEMA: std::sync::LazyLock<Schema> = std::sync::LazyLock::new(Schema::default);
static NO_CHOICE: Chosen = Chosen {
    contact: Vec::new(),
    lead: Vec::new(),
    account: Vec::new(),
    deal: Vec::new(),
    activity: Vec::new(),
};

/// `api-usage=18/5000` out of `Sforce-Limit-Info: api-usage=18/5000; api-bursts=1/750`.
fn parse_api_usage(header: &str) -> Option<(u64, u64)> {
    let usage = header
        .split(';')
        .map(str::trim)
        .find_map(|part| part.strip_prefix("api-usage="))?;
    let (used, max) = usage.split_once('/')?;
    Some((used.trim().parse().ok()?, max.trim().parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn soap_values_are_read_and_nil_is_none() {
        let xml = "<result><orgDefaultCurrencyIsoCode>EUR</orgDefaultCurrencyIsoCode></result>";
        assert_eq!(
            soap_value(xml, "orgDefaultCurrencyIsoCode").as_deref(),
            Some("EUR")
        );
        let nil = r#"<result><orgDefaultCurrencyIsoCode xsi:nil="true"/></result>"#;
        assert_eq!(soap_value(nil, "orgDefaultCurrencyIsoCode"), None);
    }
}
