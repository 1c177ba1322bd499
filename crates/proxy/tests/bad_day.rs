//! The CRM's bad day: a throttled connection sends nothing until the CRM's `Retry-After` has
//! passed, a failing one gets one probe per interval, one connection's trouble never touches
//! another's, agents get the last known answer with its age and the reason, and `/readyz`
//! says where each connection stands.
//!
//! Against a wiremock Dataverse (the connector's request shapes are `dynamics.rs`'s concern).
//! Windows are crossed on Tokio's paused clock: the clock is paused only while no request is
//! in flight, since a paused clock jumps ahead while a socket is being read.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value as Json, json};
use sidecard_model::phone::Region;
use sidecard_proxy::crm::dynamics::{DynamicsConfig, DynamicsCrm};
use sidecard_proxy::crm::gate::{FAILURES_TO_OPEN, OPEN_FIRST};
use sidecard_proxy::crm::http::Limits;
use sidecard_proxy::crm::{Connector, CrmError, LookupKeys, Plan};
use sidecard_proxy::secret::Secret;
use sidecard_proxy::store::sqlite::SqliteStore;
use sidecard_proxy::{AppState, app};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TENANT: &str = "contoso.onmicrosoft.com";
const CONTACTS: &str = "/api/data/v9.2/contacts";
const ANA: &str = "ana.garcia@contoso.example";

/// An org whose token endpoint works and whose contacts answer `contacts`.
async fn org(contacts: ResponseTemplate) -> (MockServer, Arc<DynamicsCrm>) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/{TENANT}/oauth2/v2.0/token")))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"token_type": "Bearer", "expires_in": 3599, "access_token": "t"}),
        ))
        .mount(&server)
        .await;
    answer(&server, contacts, 5).await;
    let crm = DynamicsCrm::new(DynamicsConfig {
        org_url: server.uri(),
        tenant: TENANT.into(),
        client_id: "11111111-2222-3333-4444-555555555555".into(),
        client_secret: Secret::new("secret"),
        api_version: "v9.2".into(),
        authority: server.uri(),
        limits: Limits {
            timeout: Duration::from_secs(5),
            max_retry_wait: Duration::from_secs(2),
            max_response_bytes: 1 << 20,
        },
        region: Region::default(),
    })
    .unwrap();
    (server, Arc::new(crm))
}

/// From now on, contacts answer `response` (a lower `priority` wins).
async fn answer(server: &MockServer, response: ResponseTemplate, priority: u8) {
    Mock::given(method("GET"))
        .and(path(CONTACTS))
        .respond_with(response)
        .with_priority(priority)
        .mount(server)
        .await;
}

fn ana() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"value": [{
        "contactid": "8b0d4a1e-34cb-ed11-b596-0022481d68cd", "fullname": "Ana García",
        "emailaddress1": ANA
    }]}))
}

fn throttled(seconds: u32) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("Retry-After", seconds.to_string().as_str())
        .set_body_json(json!({"error": {"code": "0x80072322",
            "message": "Number of requests exceeded the limit of 6000 over time window of 300 seconds."}}))
}

fn unavailable() -> ResponseTemplate {
    ResponseTemplate::new(503).set_body_string("Service Unavailable")
}

/// Contacts queries the org received.
async fn lookups_received(server: &MockServer) -> usize {
    let requests = server.received_requests().await.unwrap();
    requests.iter().filter(|r| r.url.path() == CONTACTS).count()
}

async fn look_up(crm: &DynamicsCrm) -> Result<usize, CrmError> {
    let keys = LookupKeys {
        emails: vec![ANA.into()],
        phones: vec![],
    };
    let plan = Plan::defaults(crm, Region::default());
    crm.find_customers(&keys, &plan).await.map(|c| c.len())
}

/// Moves the paused clock on by `by` (pausing it for that), then lets it run again.
async fn later(by: Duration) {
    tokio::time::pause();
    tokio::time::advance(by).await;
    tokio::time::resume();
}

#[tokio::test]
async fn a_throttled_connection_sends_nothing_until_retry_after_has_passed() {
    let (server, crm) = org(throttled(30)).await;
    let first = look_up(&crm).await;
    assert!(
        matches!(first, Err(CrmError::Throttled { retry_after: Some(d) }) if d == Duration::from_secs(30)),
        "{first:?}"
    );
    answer(&server, ana(), 1).await;
    // 29 seconds of agents opening the customer, 16 at a time: not one request leaves.
    tokio::time::pause();
    for second in 1..=29 {
        tokio::time::advance(Duration::from_secs(1)).await;
        let tries = futures::future::join_all((0..16).map(|_| look_up(&crm))).await;
        for tried in tries {
            match tried {
                Err(CrmError::Throttled {
                    retry_after: Some(left),
                }) => {
                    // The time left, to the second (the first answer took real time).
                    let expected = Duration::from_secs(30 - second);
                    assert!(left <= expected && expected - left < Duration::from_millis(500));
                }
                other => panic!("second {second}: {other:?}"),
            }
        }
    }
    tokio::time::advance(Duration::from_secs(1)).await;
    tokio::time::resume();
    assert_eq!(lookups_received(&server).await, 1);
    // The first lookup after the window reaches the CRM.
    assert_eq!(look_up(&crm).await.unwrap(), 1);
    assert_eq!(lookups_received(&server).await, 2);
}

#[tokio::test]
async fn a_failing_crm_gets_one_probe_per_interval() {
    let (server, crm) = org(unavailable()).await;
    for _ in 0..FAILURES_TO_OPEN {
        assert!(matches!(look_up(&crm).await, Err(CrmError::Unavailable(_))));
    }
    let opened = lookups_received(&server).await;
    assert_eq!(opened, FAILURES_TO_OPEN as usize);
    // Open: lookups fail at once, nothing is sent.
    let tries = futures::future::join_all((0..16).map(|_| look_up(&crm))).await;
    assert!(
        tries
            .iter()
            .all(|t| matches!(t, Err(CrmError::Unavailable(_))))
    );
    assert_eq!(lookups_received(&server).await, opened);
    // After the interval, sixteen agents at once: one probe; it fails, so the circuit stays
    // open twice as long.
    later(OPEN_FIRST).await;
    futures::future::join_all((0..16).map(|_| look_up(&crm))).await;
    assert_eq!(lookups_received(&server).await, opened + 1);
    later(OPEN_FIRST).await;
    futures::future::join_all((0..16).map(|_| look_up(&crm))).await;
    assert_eq!(lookups_received(&server).await, opened + 1);
    // The CRM is back; the next probe finds it, and every lookup goes through again.
    answer(&server, ana(), 1).await;
    later(OPEN_FIRST).await;
    let probe = futures::future::join_all((0..16).map(|_| look_up(&crm))).await;
    assert_eq!(probe.iter().filter(|t| t.is_ok()).count(), 1);
    assert_eq!(lookups_received(&server).await, opened + 2);
    assert_eq!(look_up(&crm).await.unwrap(), 1);
    assert_eq!(look_up(&crm).await.unwrap(), 1);
    assert_eq!(lookups_received(&server).await, opened + 4);
}

#[tokio::test]
async fn one_connections_throttle_never_touches_another() {
    let (a_server, a) = org(throttled(30)).await;
    let (b_server, b) = org(ana()).await;
    assert!(matches!(look_up(&a).await, Err(CrmError::Throttled { .. })));
    for _ in 0..5 {
        assert_eq!(look_up(&b).await.unwrap(), 1);
        assert!(matches!(look_up(&a).await, Err(CrmError::Throttled { .. })));
    }
    assert_eq!(
        (
            lookups_received(&a_server).await,
            lookups_received(&b_server).await
        ),
        (1, 5)
    );
}

const ADMIN_KEY: &str = "operator-key-0123456789abcdef0123456789";

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Json) {
    get_as(app, uri, None).await
}

/// `uri`, with the operator's admin key when `key` is given.
async fn get_as(app: &axum::Router, uri: &str, key: Option<&str>) -> (StatusCode, Json) {
    let mut request = Request::get(uri);
    if let Some(key) = key {
        request = request.header("Authorization", format!("Bearer {key}"));
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn agents_see_the_last_known_answer_with_its_age_and_readyz_says_why() {
    let (server, crm) = org(ana()).await;
    let ttl = Duration::from_secs(60);
    let state = AppState::new(
        crm,
        Arc::new(SqliteStore::in_memory().unwrap()),
        common::options(Some(ttl)),
    )
    .with_admin_key(Some(Secret::new(ADMIN_KEY)));
    let app = app(state);
    let lookup = format!("/api/v1/lookup?email={ANA}");
    let (status, fresh) = get(&app, &lookup).await;
    assert_eq!(status, StatusCode::OK);
    assert!(fresh.get("stale").is_none(), "{fresh}");
    let as_of = fresh["as_of"].as_str().unwrap().to_owned();
    assert!(as_of.ends_with('Z') && as_of.len() == 20, "{as_of}");
    let (status, ready) = get(&app, "/readyz").await;
    assert_eq!(
        (status, &ready["connections"][0]),
        (StatusCode::OK, &json!({"crm": "dynamics", "status": "ok"})),
        "anyone sees the status, nothing more"
    );
    let (_, ready) = get_as(&app, "/readyz", Some(ADMIN_KEY)).await;
    assert!(
        ready["connections"][0]["token"]["age_secs"].is_u64(),
        "{ready}"
    );

    // The CRM goes down. Past the TTL, the refresh fails: the last known answer, saying it
    // is one, and why (polled: on a busy machine the first failure may outlast the short
    // revalidation wait, and the answer before it is the known one, unmarked).
    answer(&server, unavailable(), 2).await;
    later(ttl).await;
    let mut stale = get(&app, &lookup).await.1;
    for _ in 0..100 {
        if stale.get("stale").is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        stale = get(&app, &lookup).await.1;
    }
    assert_eq!(stale["customers"][0]["person"]["title"], "Ana García");
    assert_eq!(stale["as_of"], json!(as_of));
    assert_eq!(stale["stale"], json!({"reason": "crm_unavailable"}));
    // One failure is not down: the process stays ready.
    let (status, ready) = get(&app, "/readyz").await;
    assert_eq!(
        (status, &ready["connections"][0]["status"]),
        (StatusCode::OK, &json!("failing"))
    );
    // The agent's "try again" waits for the CRM, which still fails: the same answer.
    let (status, again) = get(&app, &format!("{lookup}&refresh=1")).await;
    assert_eq!(
        (status, &again["stale"]),
        (StatusCode::OK, &json!({"reason": "crm_unavailable"}))
    );
    // Enough failures open the circuit: /readyz says the only connection is down.
    for _ in 0..FAILURES_TO_OPEN {
        get(&app, &format!("{lookup}&refresh=1")).await;
    }
    let (status, ready) = get(&app, "/readyz").await;
    assert_eq!(
        (status, &ready["status"], &ready["connections"][0]["status"]),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            &json!("down"),
            &json!("failing")
        )
    );
    assert!(ready["connections"][0].get("failing_since").is_none());
    let (_, ready) = get_as(&app, "/readyz", Some(ADMIN_KEY)).await;
    let connection = &ready["connections"][0];
    assert!(connection["failing_since"].is_string(), "{connection}");
    assert!(connection["next_try_in_secs"].is_u64(), "{connection}");
    // Someone never seen before gets a clear error, not an empty card.
    let (status, error) = get(&app, "/api/v1/lookup?email=new@contoso.example").await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(error["code"], "crm_unavailable");

    // The CRM is back: the next try after the interval is fresh again.
    answer(&server, ana(), 1).await;
    later(OPEN_FIRST * 4).await;
    let (_, back) = get(&app, &format!("{lookup}&refresh=1")).await;
    assert!(back.get("stale").is_none(), "{back}");
    let (status, ready) = get(&app, "/readyz").await;
    assert_eq!(
        (status, &ready["status"]),
        (StatusCode::OK, &json!("ready"))
    );
}
