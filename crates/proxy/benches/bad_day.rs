//! The CRM's bad day, under load: 32 agents open customers seen earlier in the day while a
//! loopback Dataverse answers every call with `429 Retry-After: 30`, with `503`, or refuses
//! connections, for 10 seconds.
//!
//! For each outage prints: lookups served, upstream requests during the outage (the first
//! answer that reveals it, then what the gate let through), the share answered with data
//! (the last known answer, marked stale), errors by status, and the latency agents saw,
//! p50/p99. A measurement, not a test: `BAD_DAY_SECS` sets the outage's length (default 10).

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use serde_json::{Value as Json, json};
use sidecard_model::phone::Region;
use sidecard_proxy::crm::Connector;
use sidecard_proxy::crm::bounded::Bounded;
use sidecard_proxy::crm::dynamics::{DynamicsConfig, DynamicsCrm};
use sidecard_proxy::crm::http::Limits;
use sidecard_proxy::limits::Limits as ProxyLimits;
use sidecard_proxy::lookup::LookupOptions;
use sidecard_proxy::secret::Secret;
use sidecard_proxy::store::sqlite::SqliteStore;
use sidecard_proxy::{AppState, app};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TENANT: &str = "bench";
const CONTACTS: &str = "/api/data/v9.2/contacts";
/// Customers the agents saw earlier in the day.
const CUSTOMERS: usize = 200;
/// Agents opening customers at once.
const AGENTS: usize = 32;
/// How long an agent takes between two customers.
const THINK: Duration = Duration::from_millis(50);
/// How long answers are current (short, so the whole outage is past it).
const TTL: Duration = Duration::from_secs(1);

#[derive(Clone, Copy, Debug)]
enum Outage {
    Throttled,
    Unavailable,
    Refused,
}

fn email(i: usize) -> String {
    format!("customer{i}@contoso.example")
}

/// A Dataverse that answers each customer's query with that customer.
struct Org {
    server: Option<MockServer>,
}

impl Org {
    async fn start() -> Self {
        // Not from wiremock's pool: a pooled server stays up when dropped, answering 404s.
        let server = MockServer::builder().start().await;
        Mock::given(method("POST"))
            .and(path(format!("/{TENANT}/oauth2/v2.0/token")))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"token_type": "Bearer", "expires_in": 3599, "access_token": "t"}),
            ))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(CONTACTS))
            .respond_with(|request: &wiremock::Request| {
                // The customer whose address the filter names.
                let filter = request
                    .url
                    .query_pairs()
                    .find(|(k, _)| k == "$filter")
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default();
                let email = filter
                    .split('\'')
                    .nth(1)
                    .unwrap_or("nobody@contoso.example")
                    .to_owned();
                ResponseTemplate::new(200).set_body_json(json!({"value": [{
                    "contactid": "8b0d4a1e-34cb-ed11-b596-0022481d68cd",
                    "fullname": email, "emailaddress1": email
                }]}))
            })
            .with_priority(5)
            .mount(&server)
            .await;
        Org {
            server: Some(server),
        }
    }

    fn uri(&self) -> String {
        self.server.as_ref().expect("running").uri()
    }

    async fn fail(&mut self, outage: Outage) {
        let server = self.server.as_ref().expect("running");
        let response = match outage {
            Outage::Throttled => ResponseTemplate::new(429)
                .insert_header("Retry-After", "30")
                .set_body_json(json!({"error": {"code": "0x80072322", "message": "Number of requests exceeded the limit."}})),
            Outage::Unavailable => ResponseTemplate::new(503).set_body_string("Service Unavailable"),
            Outage::Refused => {
                // Gone: its port refuses connections.
                self.server = None;
                return;
            }
        };
        Mock::given(method("GET"))
            .and(path(CONTACTS))
            .respond_with(response)
            .with_priority(1)
            .mount(server)
            .await;
    }
}

async fn get(router: &axum::Router, uri: &str) -> (u16, Json) {
    let response = router
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap_or(Json::Null))
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

async fn day(outage: Outage, length: Duration) {
    let mut org = Org::start().await;
    let crm = Arc::new(
        DynamicsCrm::new(DynamicsConfig {
            org_url: org.uri(),
            tenant: TENANT.into(),
            client_id: "bench".into(),
            client_secret: Secret::new("bench"),
            api_version: "v9.2".into(),
            authority: org.uri(),
            limits: Limits {
                timeout: Duration::from_secs(8),
                max_retry_wait: Duration::from_secs(4),
                max_response_bytes: 4 << 20,
            },
            region: Region::default(),
        })
        .unwrap(),
    );
    let bounded: Arc<dyn Connector> =
        Arc::new(Bounded::new(crm.clone(), 16, Duration::from_secs(2)));
    let options = LookupOptions {
        region: Region::default(),
        timeout: Duration::from_secs(8),
        cache_ttl: Some(TTL),
        stale_grace: Duration::from_secs(86_400),
        cache_bytes: 64 << 20,
        redis: None,
    };
    // The agents are one team behind one install: its rate limit is not what is measured.
    let limits = ProxyLimits {
        install_rate: 1_000_000,
        install_burst: 1_000_000,
        ..ProxyLimits::default()
    };
    let router = app(AppState::new(
        bounded,
        Arc::new(SqliteStore::in_memory().unwrap()),
        options,
    )
    .with_limits(limits));
    // Earlier in the day: every customer seen once.
    for i in 0..CUSTOMERS {
        let (status, _) = get(&router, &format!("/api/v1/lookup?email={}", email(i))).await;
        assert_eq!(status, 200);
    }
    tokio::time::sleep(TTL).await;

    org.fail(outage).await;
    let before = crm.request_count();
    let end = Instant::now() + length;
    let agents: Vec<_> = (0..AGENTS)
        .map(|agent| {
            let router = router.clone();
            tokio::spawn(async move {
                let mut seen = Vec::new();
                let mut n = agent * 7;
                while Instant::now() < end {
                    n = (n + 13) % CUSTOMERS;
                    let started = Instant::now();
                    let (status, body) =
                        get(&router, &format!("/api/v1/lookup?email={}", email(n))).await;
                    let with_data = status == 200
                        && body["customers"].as_array().is_some_and(|c| !c.is_empty());
                    let code = body["code"].as_str().unwrap_or("").to_owned();
                    seen.push((started.elapsed(), status, with_data, code));
                    tokio::time::sleep(THINK).await;
                }
                seen
            })
        })
        .collect();
    let mut all = Vec::new();
    for agent in agents {
        all.extend(agent.await.unwrap());
    }
    let upstream = crm.request_count() - before;
    let mut latencies: Vec<Duration> = all.iter().map(|s| s.0).collect();
    latencies.sort();
    let with_data = all.iter().filter(|s| s.2).count();
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    for (_, status, data, code) in &all {
        if !data {
            *errors.entry(format!("{status} {code}")).or_default() += 1;
        }
    }
    println!(
        "{outage:?} for {length:?}: {AGENTS} agents, {} lookups of {CUSTOMERS} customers seen earlier",
        all.len()
    );
    println!("  upstream requests during the outage : {upstream}");
    println!(
        "  answered with data (last known)     : {:.2}%",
        100.0 * with_data as f64 / all.len() as f64
    );
    println!("  errors                              : {errors:?}");
    println!(
        "  latency agents saw                  : p50 {:>9.1?}  p99 {:>9.1?}",
        percentile(&latencies, 50),
        percentile(&latencies, 99)
    );
}

#[tokio::main]
async fn main() {
    let length = Duration::from_secs(
        std::env::var("BAD_DAY_SECS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(10),
    );
    for outage in [Outage::Throttled, Outage::Unavailable, Outage::Refused] {
        day(outage, length).await;
    }
}
