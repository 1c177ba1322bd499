//! The HTTP surface: one module per resource, each with its `router()`, assembled here with
//! the layers every response gets.

mod activities;
mod audit;
mod cif;
mod demo;
mod health;
mod lookup;
pub mod openapi;
mod people;
mod pins;
mod settings;
mod widget;

pub(crate) use cif::CIF_BOOT;

use crate::csp::{PAGE_STYLE, Page};
use crate::error::ApiError;
use crate::forwarded::Client;
use crate::state::AppState;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use std::net::SocketAddr;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The header a request's id travels in.
const REQUEST_ID: header::HeaderName = header::HeaderName::from_static("x-request-id");

/// Drops a caller's request id that is no plain token (it goes into logs and back into a
/// header): up to 128 letters, digits and `-_.:`.
async fn sane_request_id(mut request: Request, next: Next) -> Response {
    let sane = request.headers().get(REQUEST_ID).is_none_or(|v| {
        v.len() <= 128
            && v.as_bytes()
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
    });
    if !sane {
        request.headers_mut().remove(REQUEST_ID);
    }
    next.run(request).await
}

/// New request ids: random UUIDs.
#[derive(Clone, Copy)]
struct RequestIds;

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&uuid::Uuid::new_v4().to_string())
            .ok()
            .map(RequestId::new)
    }
}

/// The whole app: `/api/v1/…`, `/healthz`, the demo CRM's record pages, and the widget.
pub fn router(state: AppState) -> Router {
    let mut api = Router::new()
        .merge(lookup::router())
        .merge(people::router())
        .merge(activities::router())
        .merge(pins::router())
        .merge(settings::router())
        .merge(audit::router())
        .merge(cif::api_router())
        .merge(openapi::router())
        .fallback(|uri: Uri| async move { ApiError::NotFound(format!("/api/v1{}", uri.path())) })
        // Customer data: never stored by browsers or shared caches.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    // Without the layer browsers refuse cross-origin reads: only listed origins get CORS
    // headers (Zendesk's and Freshworks' request proxies call server-side and need none).
    if !state.cors_origins.is_empty() {
        api = api.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(state.cors_origins.clone()))
                .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT]),
        );
    }
    let mut app = Router::new()
        .nest("/api/v1", api)
        .route("/metrics", get(crate::telemetry::metrics))
        .merge(health::router())
        .merge(cif::page_router());
    if state.demo.is_some() {
        app = app.merge(demo::router());
    }
    app.fallback_service(widget::service(state.dist.as_deref()))
        .layer(CompressionLayer::new())
        .layer(from_fn_with_state(state.clone(), bounds))
        // Outside the bounds, which count the client it names.
        .layer(from_fn_with_state(state.clone(), client_address))
        // What may run and who may frame (a page that sets its own policy keeps it: the
        // channel page names its org, its error message may be framed by any org).
        .layer(from_fn_with_state(state.clone(), content_security_policy))
        // Inside the routes, so each request is counted under its route's pattern.
        .layer(axum::middleware::from_fn(crate::telemetry::track))
        .with_state(state)
        // Page URLs carry the customer's email or phone: never leak them to linked CRMs.
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // The path only: query strings may hold customer data (`?email=`), logs must not.
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
            let id = request
                .headers()
                .get(REQUEST_ID)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            tracing::info_span!("request", id, method = %request.method(), path = %request.uri().path())
        }))
        // The caller's id (a reverse proxy's) when it is a sane one, else a new UUID; returned
        // on the response so a report can name it.
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, RequestIds))
        .layer(axum::middleware::from_fn(sane_request_id))
}

/// Who the client is (the connection's address, or the one a trusted reverse proxy names),
/// recorded for the bounds, the handlers and the audit log.
async fn client_address(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>() {
        let trusted = &state.guards.limits.trusted_proxies;
        let client = crate::forwarded::client(peer.ip(), request.headers(), trusted);
        request.extensions_mut().insert(Client(client));
    }
    next.run(request).await
}

/// Every request's bounds, before any work: header size, the client address's rate limit,
/// a turn among `--max-concurrent-requests`, and the request timeout (body reading included).
async fn bounds(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let guards = &state.guards;
    let limits = &guards.limits;
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if header_bytes > limits.max_header_bytes as usize {
        return ApiError::HeadersTooLarge(limits.max_header_bytes as usize).into_response();
    }
    if let Some(Client(client)) = request.extensions().get::<Client>()
        && let Err(limited) = guards.address(*client).await
    {
        return limited.into_response();
    }
    let timeout = limits.request_timeout();
    let work = async {
        // Waiting for a turn counts against the request's time, so a queue cannot grow
        // without bound: past the timeout a request is answered and dropped.
        let _turn = guards.requests.acquire().await;
        next.run(request).await
    };
    match tokio::time::timeout(timeout, work).await {
        Ok(response) => response,
        Err(_) => ApiError::RequestTimeout(timeout).into_response(),
    }
}

/// The page's `Content-Security-Policy` unless it set its own: `/settings` may be framed only
/// by itself, every other page as the installs allow.
async fn content_security_policy(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let page = if path == "/settings" || path.starts_with("/settings/") || path == "/settings.html"
    {
        Page::Settings
    } else {
        Page::Widget
    };
    let mut response = next.run(request).await;
    if !response
        .headers()
        .contains_key(header::CONTENT_SECURITY_POLICY)
    {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, state.csp.header(page));
    }
    response
}

/// One of the proxy's own small pages (demo records, messages): `body` is markup the caller
/// built, with every value in it escaped; the style is [`PAGE_STYLE`], allowed by its hash.
pub(super) fn page(status: StatusCode, title: &str, body: &str) -> Response {
    (
        status,
        Html(format!(
            "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>\
             <title>{}</title><style>{PAGE_STYLE}</style>{body}",
            escape(title)
        )),
    )
        .into_response()
}

/// Text made safe for element content and quoted attribute values.
pub(super) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A request body up to `max` bytes (413 past it, declared or not).
/// A strict JSON body of at most `max` bytes as `T` (whose unknown fields serde refuses):
/// `413` past the limit, `400 invalid_json` naming what is wrong.
pub(super) async fn read_json<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    max: usize,
) -> Result<T, ApiError> {
    let bytes = read_body(headers, body, max).await?;
    serde_json::from_slice(&bytes).map_err(|e| ApiError::InvalidJson(e.to_string()))
}

pub(super) async fn read_body(
    headers: &HeaderMap,
    body: Body,
    max: usize,
) -> Result<Bytes, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > max) {
        return Err(ApiError::TooLarge(max));
    }
    // A body without a declared length that runs past the limit fails here.
    axum::body::to_bytes(body, max)
        .await
        .map_err(|_| ApiError::TooLarge(max))
}
