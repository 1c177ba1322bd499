//! CRM lookups against the strict loopback stand-ins of Dynamics 365 (Entra + Dataverse) and
//! Salesforce (`crates/fakes`).
//!
//! For each connector prints: upstream API calls per lookup (1 when a contact matches), token
//! requests, and the latency the proxy adds over the fake's own response time, p50/p99, for
//! the connector alone and for the whole `/api/v1/lookup` path (normalization, connector,
//! JSON) with the cache off. A measurement, not a test. `BENCH_LOOKUPS` sets N (default 500).

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use serde_json::json;
use sidecard_fakes::dataverse::DataverseOrg;
use sidecard_fakes::salesforce::SalesforceOrg;
use sidecard_model::email::normalize_email;
use sidecard_model::phone::Region;
use sidecard_proxy::crm::dynamics::{DynamicsConfig, DynamicsCrm};
use sidecard_proxy::crm::http::Limits;
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

fn summary(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let at = |p: usize| samples[(samples.len() * p / 100).min(samples.len() - 1)];
    (at(50), at(99))
}

/// Runs the three measurements for one connector and prints them.
async fn measure(
    name: &str,
    n: usize,
    crm: Arc<dyn Connector>,
    calls: impl Fn() -> u64,
    tokens: impl Fn() -> u64,
    fake: impl AsyncFn() -> (),
) {
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
        assert_eq!(found[0].open_deals.len(), 5, "every tie's deal, each once");
    }
    let per_lookup = (calls() - before) as f64 / n as f64;

    let options = LookupOptions {
        region: Region::default(),
        timeout: Duration::from_secs(10),
        cache_ttl: None,
        stale_grace: Duration::ZERO,
        cache_bytes: 64 << 20,
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
    let http = reqwest::Client::new();
    // The stand-in's own round trip: a query it refuses at once (no token).
    let direct = format!("{}/api/data/v9.2/contacts", server.uri());
    let (a, b) = (crm.clone(), crm.clone());
    measure(
        "Dynamics 365",
        n,
        crm,
        move || a.request_count(),
        move || b.token_request_count(),
        async || {
            http.get(&direct)
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap();
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
    let http = reqwest::Client::new();
    // The stand-in's own round trip: a Composite call it refuses at once (no token).
    let direct = format!("{}/services/data/v61.0/composite", server.uri());
    let (a, b) = (crm.clone(), crm.clone());
    measure(
        "Salesforce",
        n,
        crm,
        move || a.call_count(),
        move || b.token_request_count(),
        async || {
            http.post(&direct)
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap();
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
}
