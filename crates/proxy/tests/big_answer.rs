//! A CRM answer of 20 MB (an account with tens of thousands of open deals, or a hostile
//! endpoint) becomes a clear error, and the proxy reads no more of it than its byte cap.
//!
//! Its own test binary (one test, one process), so the peak memory it reads from
//! `/proc/self/status` is this test's alone. The stand-in Dataverse streams the answer in
//! chunks without `Content-Length`, made as it is sent, so the stand-in itself holds almost
//! nothing: the cap must stop the read while it streams in.

use http_body_util::BodyExt;
use sidecard_model::phone::Region;
use sidecard_proxy::crm::dynamics::{DynamicsConfig, DynamicsCrm};
use sidecard_proxy::lookup::LookupOptions;
use sidecard_proxy::secret::Secret;
use sidecard_proxy::store::sqlite::SqliteStore;
use sidecard_proxy::{AppState, app};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

/// The answer's size.
const ANSWER: usize = 20 * 1024 * 1024;
/// The proxy's cap in this test.
const CAP: u64 = 1024 * 1024;

/// Peak resident memory of this process, in bytes (`VmHWM`).
fn peak_memory() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kb * 1024
}

/// A loopback HTTP/1.1 server: tokens for the token endpoint, and for anything else a JSON
/// collection of `ANSWER` bytes sent chunked.
async fn dataverse() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if stream.read(&mut byte).await.unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head);
                if head.contains("/oauth2/") {
                    let body = r#"{"token_type":"Bearer","expires_in":3599,"access_token":"t"}"#;
                    // The form body of the token request is small; drain what arrived.
                    let _ = tokio::time::timeout(
                        Duration::from_millis(50),
                        stream.read(&mut [0; 4096]),
                    )
                    .await;
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.write_all(answer.as_bytes()).await;
                    return;
                }
                let _ = stream
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
                    .await;
                let row =
                    br#"{"contactid":"00000000-0000-0000-0000-000000000001","fullname":"Ana"},"#;
                let chunk: Vec<u8> = row.iter().copied().cycle().take(64 * 1024).collect();
                let mut sent = 0;
                let _ = stream.write_all(b"10\r\n{\"value\":[      \r\n").await;
                while sent < ANSWER {
                    let frame = format!("{:x}\r\n", chunk.len());
                    if stream.write_all(frame.as_bytes()).await.is_err()
                        || stream.write_all(&chunk).await.is_err()
                        || stream.write_all(b"\r\n").await.is_err()
                    {
                        return; // the proxy stopped reading: what we want
                    }
                    sent += chunk.len();
                }
                let _ = stream.write_all(b"0\r\n\r\n").await;
            });
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn a_20_mb_answer_is_a_clear_error_and_costs_at_most_the_cap() {
    let org = dataverse().await;
    let crm = DynamicsCrm::new(DynamicsConfig {
        org_url: org.clone(),
        tenant: "t".into(),
        client_id: "c".into(),
        client_secret: Secret::new("s"),
        api_version: "v9.2".into(),
        authority: org,
        limits: sidecard_proxy::crm::http::Limits {
            timeout: Duration::from_secs(20),
            max_retry_wait: Duration::from_secs(1),
            max_response_bytes: CAP,
        },
        region: Region::default(),
    })
    .unwrap();
    let state = AppState::new(
        Arc::new(crm),
        Arc::new(SqliteStore::in_memory().unwrap()),
        LookupOptions {
            region: Region::default(),
            timeout: Duration::from_secs(20),
            cache_ttl: None,
            stale_grace: Duration::ZERO,
            cache_bytes: 64 << 20,
            redis: None,
        },
    );
    let app = app(state);
    let request = || {
        axum::http::Request::post("/api/v1/lookup")
            .header("content-type", "application/json")
            .body(axum::body::Body::from(r#"{"emails":["ana@x.example"]}"#))
            .unwrap()
    };
    // Warm up the app without asking the CRM (an address that is no address).
    let warm = axum::http::Request::post("/api/v1/lookup")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(r#"{"emails":["not-an-address"]}"#))
        .unwrap();
    assert_eq!(app.clone().oneshot(warm).await.unwrap().status(), 400);
    let before = peak_memory();
    let response = app.oneshot(request()).await.unwrap();
    let after = peak_memory();
    assert_eq!(response.status(), 502);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["code"], "crm_too_large", "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("larger than Sidecard reads (1 MB)"),
        "{body}"
    );
    let grew = after.saturating_sub(before);
    println!("peak memory grew by {grew} bytes for a {ANSWER}-byte answer (cap {CAP})");
    assert!(
        grew < 8 * CAP,
        "peak memory grew by {grew} bytes: the answer was read past the cap"
    );
}
