//! Dynamics lookups against a loopback fake of Entra and the Dataverse Web API.
//!
//! Prints: Web API requests per lookup (1 when a contact matches), token requests, and the
//! latency the proxy adds over the fake's own response time, p50/p99, for the connector alone
//! and for the whole `/api/v1/lookup` path (normalization, connector, JSON) with the cache off.
//! `BENCH_LOOKUPS` sets N (default 500).

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use serde_json::json;
use sidecard_model::email::normalize_email;
use sidecard_model::phone::Region;
use sidecard_proxy::crm::dynamics::{DynamicsConfig, DynamicsCrm};
use sidecard_proxy::crm::{Connector, LookupKeys};
use sidecard_proxy::lookup::LookupOptions;
use sidecard_proxy::secret::Secret;
use sidecard_proxy::{AppState, app};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

fn summary(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    (percentile(&samples, 50), percentile(&samples, 99))
}

fn contact() -> serde_json::Value {
    json!({
        "contactid": "8b0d4a1e-34cb-ed11-b596-0022481d68cd",
        "fullname": "Ana García",
        "emailaddress1": "ana.garcia@contoso.example",
        "telephone1": "(425) 555-0100",
        "parentcustomerid_account": {
            "accountid": "78914942-34cb-ed11-b596-0022481d68cd",
            "name": "Contoso Pharmaceuticals",
            "opportunity_parent_account": (0..5).map(|i| json!({
                "opportunityid": format!("00000000-0000-0000-0000-00000000000{i}"),
                "name": format!("Deal {i}"),
                "estimatedvalue": 1000.0 * f64::from(i),
                "estimatedclosedate": "2027-01-15",
                "statecode": 0,
                "transactioncurrencyid": {"isocurrencycode": "USD"}
            })).collect::<Vec<_>>()
        },
        "opportunity_parent_contact": []
    })
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("BENCH_LOOKUPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/bench/oauth2/v2.0/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"token_type": "Bearer", "expires_in": 3599, "access_token": "t"}),
        ))
        .mount(&server)
        .await;
    let body = json!({"value": [contact()]});
    Mock::given(method("GET"))
        .and(path("/api/data/v9.2/contacts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;

    let crm = Arc::new(
        DynamicsCrm::new(DynamicsConfig {
            org_url: server.uri(),
            tenant: "bench".into(),
            client_id: "bench".into(),
            client_secret: Secret::new("bench"),
            api_version: "v9.2".into(),
            authority: server.uri(),
            timeout: Duration::from_secs(10),
            max_retry_wait: Duration::from_secs(1),
            region: Region::default(),
        })
        .unwrap(),
    );
    let keys = LookupKeys {
        emails: vec![normalize_email("ana.garcia@contoso.example").unwrap()],
        phones: vec![],
    };
    // Warm up: first token, connection pool.
    crm.find_customers(&keys).await.unwrap();

    // The fake's own time: the same request, straight from an HTTP client.
    let http = reqwest::Client::new();
    let direct = format!("{}/api/data/v9.2/contacts?$select=contactid", server.uri());
    let mut fake = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        let response = http.get(&direct).send().await.unwrap();
        response.bytes().await.unwrap();
        fake.push(start.elapsed());
    }

    let before = crm.request_count();
    let mut connector = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        let found = crm.find_customers(&keys).await.unwrap();
        connector.push(start.elapsed());
        assert_eq!(found.len(), 1);
    }
    let per_lookup = (crm.request_count() - before) as f64 / n as f64;

    let state = AppState::new(
        crm.clone(),
        LookupOptions {
            region: Region::default(),
            timeout: Duration::from_secs(10),
            cache_ttl: None,
        },
    );
    let router = app(state);
    let mut whole = Vec::with_capacity(n);
    for _ in 0..n {
        let request = Request::get("/api/v1/lookup?email=ana.garcia%40contoso.example")
            .body(Body::empty())
            .unwrap();
        let start = Instant::now();
        let response = router.clone().oneshot(request).await.unwrap();
        response.into_body().collect().await.unwrap();
        whole.push(start.elapsed());
    }

    let (fake50, fake99) = summary(fake);
    let (con50, con99) = summary(connector);
    let (app50, app99) = summary(whole);
    let added = |a: Duration, b: Duration| a.saturating_sub(b);
    println!("dynamics lookup benchmark: {n} lookups, loopback fake, contact matches");
    println!("  Web API requests per lookup : {per_lookup:.2}");
    println!(
        "  token requests (whole run)  : {}",
        crm.token_request_count()
    );
    println!("  fake's own latency          : p50 {fake50:>10.1?}  p99 {fake99:>10.1?}");
    println!("  connector                   : p50 {con50:>10.1?}  p99 {con99:>10.1?}");
    println!(
        "  added by the connector      : p50 {:>10.1?}  p99 {:>10.1?}",
        added(con50, fake50),
        added(con99, fake99)
    );
    println!("  /api/v1/lookup, cache off   : p50 {app50:>10.1?}  p99 {app99:>10.1?}");
    println!(
        "  added by the proxy          : p50 {:>10.1?}  p99 {:>10.1?}",
        added(app50, fake50),
        added(app99, fake99)
    );
}
