//! CRM lookups against the strict loopback stand-ins of Dynamics 365 (Entra + Dataverse),
//! Salesforce and HubSpot (`crates/fakes`), and a REST CRM over HTTP (json-server from npm,
//! read through `crms/json-server.toml`).
//!
//! For each connector prints: upstream API calls per lookup, round trips per lookup, token
//! requests, and the latency the proxy adds over the fake's own response time, p50/p99, for
//! the connector alone and for the whole `/api/v1/lookup` path (normalization, connector,
//! JSON) with the cache off. Round trips are measured with every answer of the stand-in
//! delayed by [`PROBE_LATENCY`] where the stand-in can delay (HubSpot's, json-server); the others
//! send their calls one after another, so theirs equal their calls. A measurement, not a test.
//! `BENCH_LOOKUPS` sets N (default 500).

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use serde_json::json;
use sidecard_fakes::dataverse::DataverseOrg;
use sidecard_fakes::hubspot::{HubSpotPortal, TOKEN as HUBSPOT_TOKEN};
use sidecard_fakes::json_server::JsonServer;
use sidecard_fakes::salesforce::SalesforceOrg;
use sidecard_model::email::normalize_email;
use sidecard_model::phone::Region;
use sidecard_proxy::crm::dynamics::{DynamicsConfig, DynamicsCrm};
use sidecard_proxy::crm::http::Limits;
use sidecard_proxy::crm::hubspot::{HubSpotConfig, HubSpotCrm};
use sidecard_proxy::crm::rest::HttpCrm;
use sidecard_proxy::crm::rest::describe::Description;
use sidecard_proxy::crm::salesforce::{SalesforceAuth, SalesforceConfig, SalesforceCrm};
use sidecard_proxy::crm::{Connector, LookupKeys, Plan};
use sidecard_proxy::lookup::LookupOptions;
use sidecard_proxy::secret::Secret;
use sidecard_proxy::store::sqlite::SqliteStore;
use sidecard_proxy::{AppState, app};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const EMAIL: &str = "ana.garcia@contoso.example";
/// Each answer's delay while round trips are measured.
const PROBE_LATENCY: Duration = Duration::from_millis(100);

fn summary(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let at = |p: usize| samples[(samples.len() * p / 100).min(samples.len() - 1)];
    (at(50), at(99))
}

/// Round trips per lookup of a connector whose CRM delays every answer by [`PROBE_LATENCY`]:
/// how many of those delays a lookup waits out.
async fn round_trips(crm: &dyn Connector, keys: &LookupKeys, plan: &Plan) -> f64 {
    let probes = 5;
    let start = Instant::now();
    for _ in 0..probes {
        crm.find_customers(keys, plan).await.unwrap();
    }
    start.elapsed().as_secs_f64() / f64::from(probes) / PROBE_LATENCY.as_secs_f64()
}

/// What one connector's lookup is known to be like.
struct Expect {
    /// Round trips measured with delayed answers; `None`: its calls go one after another.
    round_trips: Option<f64>,
    /// The open deals the seeded person has, each tie's once.
    deals: usize,
}

/// Runs the three measurements for one connector and prints them.
async fn measure(
    name: &str,
    n: usize,
    crm: Arc<dyn Connector>,
    calls: impl Fn() -> u64,
    tokens: impl Fn() -> u64,
    own: (reqwest::Method, String),
    expect: Expect,
) {
    let http = reqwest::Client::new();
    let fake = async || {
        http.request(own.0.clone(), &own.1)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
    };
    let Expect { round_trips, deals } = expect;
    let keys = LookupKeys {
        emails: vec![normalize_email(EMAIL).unwrap()],
        phones: vec![],
    };
    // Warm up: first token, connection pool.
    crm.find_customers(&keys, &Plan::defaults(crm.as_ref(), Region::default()))
        .await
        .unwrap();

    let mut own = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        fake().await;
        own.push(start.elapsed());
    }

    let before = calls();
    let mut connector = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        let found = crm
            .find_customers(&keys, &Plan::defaults(crm.as_ref(), Region::default()))
            .await
            .unwrap();
        connector.push(start.elapsed());
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].open_deals.len(),
            deals,
            "every tie's deal, each once"
        );
    }
    let per_lookup = (calls() - before) as f64 / n as f64;

    let options = LookupOptions {
        region: Region::default(),
        timeout: Duration::from_secs(10),
        cache_ttl: None,
        stale_grace: Duration::ZERO,
        cache_bytes: 64 << 20,
        redis: None,
    };
    let store = Arc::new(SqliteStore::in_memory().unwrap());
    let router = app(AppState::new(crm, store, options));
    let mut whole = Vec::with_capacity(n);
    for _ in 0..n {
        let request = Request::get(format!("/api/v1/lookup?email={EMAIL}"))
            .body(Body::empty())
            .unwrap();
        let start = Instant::now();
        let response = router.clone().oneshot(request).await.unwrap();
        response.into_body().collect().await.unwrap();
        whole.push(start.elapsed());
    }

    let (own50, own99) = summary(own);
    let (con50, con99) = summary(connector);
    let (app50, app99) = summary(whole);
    println!("{name}: {n} lookups, loopback fake, a contact matches");
    println!("  API calls per lookup        : {per_lookup:.2}");
    match round_trips {
        Some(trips) => println!("  round trips per lookup      : {trips:.2}"),
        None => println!(
            "  round trips per lookup      : {per_lookup:.2} (calls sent one after another)"
        ),
    }
    println!("  token requests (whole run)  : {}", tokens());
    println!("  fake's own latency          : p50 {own50:>10.1?}  p99 {own99:>10.1?}");
    println!(
        "  added by the connector      : p50 {:>10.1?}  p99 {:>10.1?}",
        con50.saturating_sub(own50),
        con99.saturating_sub(own99)
    );
    println!(
        "  added by /api/v1/lookup     : p50 {:>10.1?}  p99 {:>10.1?}  (cache off)",
        app50.saturating_sub(own50),
        app99.saturating_sub(own99)
    );
}

async fn dynamics(n: usize) {
    // The strict stand-in org: it evaluates the OData it receives (and refuses what Dataverse
    // refuses), so the numbers are those of queries a real org would accept.
    let org = DataverseOrg::default();
    let account = org.insert(
        "accounts",
        json!({ "name": "Contoso Pharmaceuticals", "websiteurl": "contoso.example" }),
    );
    let ana = org.insert(
        "contacts",
        json!({ "firstname": "Ana", "lastname": "García", "emailaddress1": EMAIL,
                "telephone1": "(425) 555-0100", "_parentcustomerid_value": account }),
    );
    // Deals through each tie: parent account, Potential Customer, parent contact.
    for (i, (column, to)) in [
        ("_parentaccountid_value", &account),
        ("_customerid_value", &account),
        ("_parentcontactid_value", &ana),
        ("_customerid_value", &ana),
        ("_parentaccountid_value", &account),
    ]
    .into_iter()
    .enumerate()
    {
        org.insert(
            "opportunities",
            json!({ "name": format!("Deal {i}"), column: to, "estimatedvalue": 1000.0 * i as f64,
                    "estimatedclosedate": "2027-01-15", "stepname": "2-Develop" }),
        );
    }
    let (server, _org) = org.start().await;
    let crm = Arc::new(
        DynamicsCrm::new(DynamicsConfig {
            org_url: server.uri(),
            tenant: "bench".into(),
            client_id: "bench".into(),
            client_secret: Secret::new("bench"),
            api_version: "v9.2".into(),
            authority: server.uri(),
            limits: Limits {
                timeout: Duration::from_secs(10),
                max_retry_wait: Duration::from_secs(1),
                max_response_bytes: 4 << 20,
            },
            region: Region::default(),
        })
        .unwrap(),
    );
    // The stand-in's own round trip: a query it refuses at once (no token).
    let direct = format!("{}/api/data/v9.2/contacts", server.uri());
    let (a, b) = (crm.clone(), crm.clone());
    measure(
        "Dynamics 365",
        n,
        crm,
        move || a.request_count(),
        move || b.token_request_count(),
        (reqwest::Method::GET, direct),
        Expect {
            round_trips: None,
            deals: 5,
        },
    )
    .await;
}

async fn salesforce(n: usize) {
    // The strict stand-in org: it evaluates the SOQL it receives, so the numbers are those of
    // queries a real org would accept.
    let org = SalesforceOrg::default();
    let account = org.insert("Account", json!({ "Name": "Contoso Pharmaceuticals" }));
    org.insert(
        "Contact",
        json!({ "FirstName": "Ana", "LastName": "García", "Email": EMAIL,
                "Phone": "(425) 555-0100", "AccountId": account }),
    );
    for i in 0..5 {
        org.insert(
            "Opportunity",
            json!({ "Name": format!("Deal {i}"), "AccountId": account, "IsClosed": false,
                    "Amount": 1000.0 * f64::from(i), "CloseDate": "2027-01-15" }),
        );
    }
    let (server, _org) = org.start().await;
    let crm = Arc::new(
        SalesforceCrm::new(SalesforceConfig {
            url: server.uri(),
            api_version: "v61.0".into(),
            token_url: format!("{}/services/oauth2/token", server.uri()),
            auth: SalesforceAuth::ClientCredentials {
                client_id: "bench".into(),
                client_secret: Secret::new("bench"),
            },
            session: Duration::from_secs(7200),
            limits: Limits {
                timeout: Duration::from_secs(10),
                max_retry_wait: Duration::from_secs(1),
                max_response_bytes: 4 << 20,
            },
        })
        .unwrap(),
    );
    // The stand-in's own round trip: a Composite call it refuses at once (no token).
    let direct = format!("{}/services/data/v61.0/composite", server.uri());
    let (a, b) = (crm.clone(), crm.clone());
    measure(
        "Salesforce",
        n,
        crm,
        move || a.call_count(),
        move || b.token_request_count(),
        (reqwest::Method::POST, direct),
        Expect {
            round_trips: None,
            deals: 5,
        },
    )
    .await;
}

async fn hubspot(n: usize) {
    // The strict stand-in portal: it evaluates the searches it receives and refuses what
    // HubSpot refuses; its rate limits are lifted here (N lookups in a row would be throttled
    // by design), its answers the same.
    let portal = HubSpotPortal::default();
    let company = portal.insert("companies", json!({ "name": "Contoso Pharmaceuticals" }));
    let ana = portal.insert(
        "contacts",
        json!({ "firstname": "Ana", "lastname": "García", "email": EMAIL,
                "phone": "(425) 555-0100", "lifecyclestage": "customer",
                "associatedcompanyid": company }),
    );
    for i in 0..5 {
        let deal = portal.insert(
            "deals",
            json!({ "dealname": format!("Deal {i}"), "dealstage": "contractsent",
                    "pipeline": "default", "amount": 1000 * i, "closedate": "2027-01-15" }),
        );
        // Some through the company, some through Ana, one through both: each shows once.
        if i % 2 == 0 {
            portal.associate("deals", &deal, "companies", &company);
        }
        if i % 2 == 1 || i == 4 {
            portal.associate("deals", &deal, "contacts", &ana);
        }
    }
    portal.without_limits();
    let (server, portal) = portal.start().await;
    let crm = Arc::new(
        HubSpotCrm::new(HubSpotConfig {
            api_url: server.uri(),
            token: Secret::new(HUBSPOT_TOKEN),
            lead_stages: vec!["subscriber".into(), "lead".into()],
            limits: Limits {
                timeout: Duration::from_secs(10),
                max_retry_wait: Duration::from_secs(1),
                max_response_bytes: 4 << 20,
            },
        })
        .unwrap(),
    );
    let keys = LookupKeys {
        emails: vec![normalize_email(EMAIL).unwrap()],
        phones: vec![],
    };
    let plan = Plan::defaults(crm.as_ref(), Region::default());
    crm.find_customers(&keys, &plan).await.unwrap();
    // Round trips: every answer takes PROBE_LATENCY, so a lookup takes that many of them.
    portal.latency(PROBE_LATENCY);
    let trips = round_trips(crm.as_ref(), &keys, &plan).await;
    portal.latency(Duration::ZERO);
    // The stand-in's own round trip: a call it refuses at once (no token).
    let direct = format!("{}/account-info/v3/details", server.uri());
    let a = crm.clone();
    measure(
        "HubSpot",
        n,
        crm,
        move || a.call_count(),
        || 0,
        (reqwest::Method::GET, direct),
        Expect {
            round_trips: Some(trips),
            deals: 5,
        },
    )
    .await;
}

/// A REST CRM over HTTP: json-server (npm) read through the shipped description.
async fn http(n: usize) {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let seed = root.join("tests/rest/db.json");
    let description = |url: &str| {
        let text = std::fs::read_to_string(root.join("../../crms/json-server.toml"))
            .unwrap()
            .replace(
                "base_url = \"http://127.0.0.1:3000\"",
                &format!("base_url = \"{url}\""),
            );
        Description::parse("json-server.toml", &text).unwrap()
    };
    let limits = Limits {
        timeout: Duration::from_secs(10),
        max_retry_wait: Duration::from_secs(1),
        max_response_bytes: 4 << 20,
    };
    // Round trips: every answer delayed, as for HubSpot.
    let slow = JsonServer::delayed(&seed, PROBE_LATENCY);
    let probe = HttpCrm::new(description(&slow.url), limits).unwrap();
    let keys = LookupKeys {
        emails: vec![normalize_email(EMAIL).unwrap()],
        phones: vec![],
    };
    let plan = Plan::defaults(&probe, Region::default());
    probe.find_customers(&keys, &plan).await.unwrap();
    let trips = round_trips(&probe, &keys, &plan).await;
    drop(slow);

    let server = JsonServer::start(&seed, None);
    let crm = Arc::new(HttpCrm::new(description(&server.url), limits).unwrap());
    // json-server's own round trip: one list it answers empty.
    let direct = format!("{}/organizations?id=0", server.url);
    let a = crm.clone();
    measure(
        "HTTP (json-server)",
        n,
        crm,
        move || a.call_count(),
        || 0,
        (reqwest::Method::GET, direct),
        Expect {
            round_trips: Some(trips),
            deals: 2,
        },
    )
    .await;
}

#[tokio::main]
async fn main() {
    let n = std::env::var("BENCH_LOOKUPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    dynamics(n).await;
    salesforce(n).await;
    hubspot(n).await;
    http(n).await;
}
