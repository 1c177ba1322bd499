//! Who may read `/metrics`, and which request ids are kept.

mod common;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use sidecard_proxy::{AppState, Config};
use std::net::SocketAddr;
use tower::ServiceExt;

const METRICS_KEY: &str = "metrics-key-0123456789abcdef0123456789";

async fn proxy(flags: &[&str]) -> (tempfile::TempDir, Router) {
    common::demo_proxy(flags).await
}

fn from(peer: &str, request: axum::http::request::Builder) -> Request<Body> {
    let mut request = request.body(Body::empty()).unwrap();
    let peer: SocketAddr = peer.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    request
}

async fn status(app: &Router, request: Request<Body>) -> u16 {
    app.clone()
        .oneshot(request)
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn without_a_key_only_this_machine_reads_the_metrics() {
    let (_dir, app) = proxy(&[]).await;
    let get = || Request::get("/metrics");
    assert_eq!(status(&app, from("127.0.0.1:5000", get())).await, 200);
    assert_eq!(status(&app, from("[::1]:5000", get())).await, 200);
    assert_eq!(status(&app, from("10.0.0.7:5000", get())).await, 404);
    // A reverse proxy on this machine passing on someone else's request.
    let forwarded = get().header("x-forwarded-for", "203.0.113.9");
    assert_eq!(status(&app, from("127.0.0.1:5000", forwarded)).await, 404);
    let forwarded = get().header("forwarded", "for=203.0.113.9");
    assert_eq!(status(&app, from("127.0.0.1:5000", forwarded)).await, 404);
}

#[tokio::test]
async fn with_a_key_the_scraper_needs_it_from_anywhere() {
    let (_dir, app) = proxy(&["--metrics-key", METRICS_KEY]).await;
    let get = || Request::get("/metrics");
    assert_eq!(status(&app, from("127.0.0.1:5000", get())).await, 404);
    let wrong = get().header(
        "authorization",
        "Bearer metrics-key-0123456789abcdef0123456780",
    );
    assert_eq!(status(&app, from("10.0.0.7:5000", wrong)).await, 404);
    let right = get().header("authorization", format!("Bearer {METRICS_KEY}"));
    let response = app
        .clone()
        .oneshot(from("10.0.0.7:5000", right))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4"
    );
}

#[tokio::test]
async fn a_short_metrics_key_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::load_from([
        "sidecard-proxy",
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--metrics-key",
        "short",
    ])
    .unwrap();
    let err = AppState::from_config(&config).await.err().unwrap();
    assert!(err.to_string().contains("metrics-key"), "{err}");
}

#[tokio::test]
async fn redis_without_a_shared_database_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::load_from([
        "sidecard-proxy",
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--redis-url",
        "redis://127.0.0.1:6379/0",
    ])
    .unwrap();
    let err = AppState::from_config(&config).await.err().unwrap();
    assert!(err.to_string().contains("--database-url"), "{err}");
}

#[tokio::test]
async fn a_sane_request_id_is_kept_and_any_other_replaced() {
    let (_dir, app) = proxy(&[]).await;
    let id = |given: &str| {
        let app = app.clone();
        let request = Request::get("/healthz")
            .header("x-request-id", given)
            .body(Body::empty())
            .unwrap();
        async move {
            let response = app.oneshot(request).await.unwrap();
            response.headers()["x-request-id"]
                .to_str()
                .unwrap()
                .to_owned()
        }
    };
    assert_eq!(id("nginx-4f2a.77:1").await, "nginx-4f2a.77:1");
    for bad in ["two words", "<script>", &"x".repeat(129)] {
        let replaced = id(bad).await;
        assert_ne!(replaced, bad);
        assert_eq!(replaced.len(), 36, "a new UUID, not {replaced:?}");
    }
}
