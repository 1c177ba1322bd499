//! What the proxy tells its operators: `GET /metrics` in Prometheus's text format, and the
//! request id every log line of a request carries, down to each CRM call it made.
//!
//! - **Metrics** (the `metrics` facade, rendered by `metrics-exporter-prometheus` without a
//!   listener of its own): requests and their latency per route and status, lookups by
//!   outcome, the cache's hits, CRM calls and their latency per connection and status, the
//!   CRM windows entered, Redis failures, and at each scrape every install's token age,
//!   connection state and Salesforce API usage. Histograms are rendered as
//!   `_bucket{le=…}`/`_sum`/`_count` ([`BUCKETS`]); the exporter renders summaries unless
//!   buckets are set, and needs its upkeep run (docs.rs/metrics-exporter-prometheus). The
//!   content type is `text/plain; version=0.0.4` (prometheus.io, "Exposition formats").
//! - **Request ids.** A request's `X-Request-Id` (a reverse proxy's, or a new UUID) is in its
//!   span, so every line logged while serving it names it, and is returned on the response.
//!   Work a request starts in a task of its own (the cache's CRM fetch) keeps its span.
//!
//! Labels never hold customer data: routes are the matched patterns (`/api/v1/lookup`), never
//! the path a client sent.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
#[allow(unused_imports)] // named in the API description
use sidecard_model::ErrorBody;
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Instant;

/// Histogram buckets, in seconds: a cached lookup takes about a millisecond, a CRM call tens
/// to hundreds, a CRM's bad day its whole time limit.
pub const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

tokio::task_local! {
    /// The CRM connection a connector is being built for (its name in the installs file), so
    /// its calls are counted under it.
    pub static CONNECTION: String;
}

/// The connection being built, or `default`.
pub fn connection() -> String {
    CONNECTION
        .try_with(Clone::clone)
        .unwrap_or_else(|_| crate::install::DEFAULT.to_owned())
}

/// The process's recorder, installed on first use (one per process: the `metrics` macros
/// anywhere in the proxy record into it).
pub fn recorder() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets(BUCKETS)
            .expect("the buckets are not empty");
        match builder.install_recorder() {
            Ok(handle) => handle,
            // Another recorder is installed (a program embedding the proxy): keep ours
            // apart so `/metrics` still renders what it can.
            Err(_) => PrometheusBuilder::new()
                .set_buckets(BUCKETS)
                .expect("the buckets are not empty")
                .build_recorder()
                .handle(),
        }
    })
}

/// Counts and times every request by route pattern, method and status.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("static", |m| m.as_str())
        .to_owned();
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let labels = [
        ("route", route),
        ("method", method),
        ("status", response.status().as_u16().to_string()),
    ];
    metrics::counter!("sidecard_http_requests_total", &labels).increment(1);
    metrics::histogram!("sidecard_http_request_duration_seconds", &labels)
        .record(started.elapsed().as_secs_f64());
    response
}

/// One lookup's outcome: `fresh` (the CRM's answer now), `cached`, `stale`, or the error code.
pub fn lookup(outcome: &str) {
    metrics::counter!("sidecard_lookups_total", "outcome" => outcome.to_owned()).increment(1);
}

/// `GET /metrics`: loopback clients, or anyone with `--metrics-key`.
#[utoipa::path(get, path = "/metrics", tag = "operations", security((), ("metrics_key" = [])),
    responses(
        (status = 200, description = "Prometheus text format", content_type = "text/plain; version=0.0.4", body = String),
        (status = 404, description = "Neither on this machine nor with the metrics key", body = ErrorBody),
    ))]
pub async fn metrics(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, ApiError> {
    let allowed = match &state.metrics_key {
        Some(key) => crate::auth::bearer_in(request.headers())
            .is_some_and(|given| crate::auth::same_secret(given, key)),
        // Loopback, and not a reverse proxy on this machine passing someone else's request.
        None => {
            let forwarded = ["forwarded", "x-forwarded-for", "x-real-ip"]
                .iter()
                .any(|h| request.headers().contains_key(*h));
            !forwarded
                && request
                    .extensions()
                    .get::<ConnectInfo<SocketAddr>>()
                    .is_some_and(|ConnectInfo(peer)| peer.ip().is_loopback())
        }
    };
    if !allowed {
        return Err(ApiError::NotFound("/metrics".into()));
    }
    for install in state.installs.iter() {
        let health = install.lookup.connector().health();
        let id = install.id.clone();
        if let Some(token) = &health.token
            && let Some(age) = token.age
        {
            metrics::gauge!("sidecard_crm_token_age_seconds", "install" => id.clone())
                .set(age.as_secs_f64());
        }
        if let Some((used, allowed)) = health.api_usage {
            metrics::gauge!("sidecard_salesforce_api_usage", "install" => id.clone(), "kind" => "used")
                .set(used as f64);
            metrics::gauge!("sidecard_salesforce_api_usage", "install" => id.clone(), "kind" => "allowed")
                .set(allowed as f64);
        }
        let state = match health.gate {
            crate::crm::gate::Status::Ok => 0.0,
            crate::crm::gate::Status::Throttled(_) => 1.0,
            failing if failing.is_down() => 2.0,
            crate::crm::gate::Status::Failing { .. } => 0.0,
        };
        metrics::gauge!("sidecard_crm_connection_state", "install" => id).set(state);
    }
    let handle = recorder();
    handle.run_upkeep();
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4"),
        )],
        handle.render(),
    )
        .into_response())
}
