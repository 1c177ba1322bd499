//! The abuse suite: the real server on a loopback port, driven as an attacker would. Bounded
//! loads only (a few dozen requests), every one to 127.0.0.1, each test stopping by itself.
//!
//! - the rate limit per client address lets exactly the configured burst through;
//! - a client that trickles its headers is cut off at the header timeout;
//! - malformed requests (bad JSON, invalid UTF-8, 10 k parameters, oversized headers and
//!   bodies, unknown fields) all get a 4xx with Sidecard's `{code, message}` body.

use sidecard_model::ErrorBody;
use sidecard_proxy::limits::Limits;
use sidecard_proxy::store::sqlite::SqliteStore;
use sidecard_proxy::{AppState, serve};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::oneshot;

mod common;
use common::Crm;

/// The proxy on a free loopback port with `limits`; stops when the sender drops.
async fn start(limits: Limits) -> (String, Arc<Crm>, oneshot::Sender<()>) {
    let crm = Crm::new("Target");
    let state = AppState::new(
        crm.clone(),
        Arc::new(SqliteStore::in_memory().unwrap()),
        common::options(None),
    )
    .with_limits(limits);
    let (address, stop) = serve_on_loopback(state).await;
    (address, crm, stop)
}

/// `state` served on a free loopback port; stops when the sender drops.
async fn serve_on_loopback(state: AppState) -> (String, oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(serve(listener, state, async {
        let _ = rx.await;
    }));
    (address, tx)
}

#[tokio::test]
async fn one_address_gets_exactly_its_burst_then_429() {
    let (address, crm, _stop) = start(Limits {
        address_rate: 1,
        address_burst: 10,
        ..Limits::default()
    })
    .await;
    let client = reqwest::Client::new();
    let mut ok = 0;
    let mut limited = None;
    for _ in 0..16 {
        let response = client
            .post(format!("http://{address}/api/v1/lookup"))
            .json(&serde_json::json!({"emails": ["ann@x.example"]}))
            .send()
            .await
            .unwrap();
        match response.status().as_u16() {
            200 => ok += 1,
            429 => limited = Some(response),
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(ok, 10, "exactly the burst passes");
    assert_eq!(crm.calls(), 10);
    let limited = limited.expect("the rest are limited");
    assert!(limited.headers().contains_key("retry-after"));
    let body: ErrorBody = limited.json().await.unwrap();
    assert_eq!(body.code, sidecard_model::ErrorCode::RateLimited);
}

/// Status codes of `n` lookups claiming `forwarded_for` as `X-Forwarded-For`.
async fn lookups_as(address: &str, forwarded_for: &str, n: usize) -> Vec<u16> {
    let client = reqwest::Client::new();
    let mut statuses = Vec::new();
    for _ in 0..n {
        let response = client
            .post(format!("http://{address}/api/v1/lookup"))
            .header("x-forwarded-for", forwarded_for)
            .json(&serde_json::json!({"emails": ["ann@x.example"]}))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_bucket() {
    // The test's loopback connection plays the reverse proxy.
    let (address, _crm, _stop) = start(Limits {
        address_rate: 1,
        address_burst: 2,
        trusted_proxies: vec![sidecard_proxy::forwarded::parse_proxy("127.0.0.1").unwrap()],
        ..Limits::default()
    })
    .await;
    assert_eq!(
        lookups_as(&address, "203.0.113.1", 3).await,
        [200, 200, 429]
    );
    // Another client through the same proxy has its own burst.
    assert_eq!(lookups_as(&address, "203.0.113.2", 2).await, [200, 200]);
    // A client naming someone else in front of what the proxy saw is still itself.
    assert_eq!(
        lookups_as(&address, "198.51.100.7, 203.0.113.1", 1).await,
        [429]
    );
}

#[tokio::test]
async fn the_audit_log_records_the_client_a_trusted_proxy_names() {
    const ADMIN: &str = "an-operator-admin-key-of-32-characters";
    let mut state = AppState::new(
        Crm::new("Target"),
        Arc::new(SqliteStore::in_memory().unwrap()),
        common::options(None),
    )
    .with_limits(Limits {
        trusted_proxies: vec![sidecard_proxy::forwarded::parse_proxy("127.0.0.0/8").unwrap()],
        ..Limits::default()
    });
    state.admin_key = Some(sidecard_proxy::secret::Secret::new(ADMIN));
    let (address, _stop) = serve_on_loopback(state).await;
    let client = reqwest::Client::new();
    let refused = client
        .put(format!("http://{address}/api/v1/settings"))
        .bearer_auth("not-the-admin-key")
        .header("x-forwarded-for", "203.0.113.9")
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let log: serde_json::Value = client
        .get(format!("http://{address}/api/v1/audit"))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let refusal = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "admin.refused")
        .unwrap_or_else(|| panic!("no refusal in {log}"));
    assert_eq!(refusal["address"], "203.0.113.9", "{log}");
}

#[tokio::test]
async fn without_trusted_proxies_a_forwarded_address_changes_nothing() {
    let (address, _crm, _stop) = start(Limits {
        address_rate: 1,
        address_burst: 2,
        ..Limits::default()
    })
    .await;
    // Each claims to be someone new; all come from this one connection's address.
    assert_eq!(lookups_as(&address, "203.0.113.1", 2).await, [200, 200]);
    assert_eq!(lookups_as(&address, "203.0.113.2", 1).await, [429]);
}

#[tokio::test]
async fn a_client_trickling_its_headers_is_cut_off() {
    let (address, crm, _stop) = start(Limits {
        header_timeout_secs: 1,
        ..Limits::default()
    })
    .await;
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    // Never finishes the headers. The server closes the connection at its header timeout
    // (1 s); the bound here only keeps the test from hanging if it did not.
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(20), slow.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "the connection was still open after 20 s");
    assert!(
        !String::from_utf8_lossy(&rest).contains("200 OK"),
        "no request was served"
    );
    // A client that connects and sends nothing at all is cut off too.
    let mut silent = tokio::net::TcpStream::connect(&address).await.unwrap();
    let mut nothing = Vec::new();
    let closed =
        tokio::time::timeout(Duration::from_secs(20), silent.read_to_end(&mut nothing)).await;
    assert!(
        closed.is_ok(),
        "a silent connection was still open after 20 s"
    );
    // A client that sends its headers at once is served.
    let mut quick = tokio::net::TcpStream::connect(&address).await.unwrap();
    quick
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    quick.read_to_end(&mut answer).await.unwrap();
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
    assert_eq!(crm.calls(), 0);
}

#[tokio::test]
async fn malformed_requests_get_a_4xx_with_our_error_body() {
    let (address, crm, _stop) = start(Limits::default()).await;
    let client = reqwest::Client::new();
    let url = format!("http://{address}/api/v1/lookup");
    let json = |body: Vec<u8>| {
        client
            .post(&url)
            .header("content-type", "application/json")
            .body(body)
    };
    let ten_thousand: String = "a=1&".repeat(10_000);
    let cases: Vec<(&str, reqwest::RequestBuilder, u16, &str)> = vec![
        (
            "bad JSON",
            json(b"{\"emails\": [".to_vec()),
            400,
            "invalid_json",
        ),
        (
            "invalid UTF-8",
            json(b"{\"emails\": [\"\xff\xfe@x.example\"]}".to_vec()),
            400,
            "invalid_json",
        ),
        (
            "unknown field",
            json(br#"{"emails":["a@b.example"],"admin":true}"#.to_vec()),
            400,
            "invalid_json",
        ),
        (
            "oversized body",
            json(format!(r#"{{"emails":["{}"]}}"#, "a".repeat(100_000)).into_bytes()),
            413,
            "too_large",
        ),
        (
            "10 k parameters",
            client.get(format!("{url}?{ten_thousand}")),
            400,
            "no_lookup_key",
        ),
        (
            "oversized headers",
            client
                .get(format!("{url}?email=a@b.example"))
                .header("x-filler", "y".repeat(20_000)),
            431,
            "too_large",
        ),
        (
            "bad email",
            json(br#"{"emails":["<script>@"]}"#.to_vec()),
            400,
            "invalid_email",
        ),
        (
            "too many keys",
            json(
                serde_json::json!({"phones": vec!["+14255550100"; 50]})
                    .to_string()
                    .into_bytes(),
            ),
            400,
            "too_many_keys",
        ),
        (
            "unknown route",
            client.get(format!("http://{address}/api/v1/nothing")),
            404,
            "not_found",
        ),
    ];
    for (case, request, status, code) in cases {
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{case}");
        let text = response.text().await.unwrap();
        let body: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{case}: {e}: {text}"));
        assert_eq!(body["code"], code, "{case}: {text}");
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{case}"
        );
    }
    assert_eq!(crm.calls(), 0, "nothing malformed reached the CRM");
}
