//! The HTTP surface: one module per resource, each with its `router()`, assembled here with
//! the layers every response gets.

mod cif;
mod demo;
mod health;
mod lookup;
mod settings;
mod widget;

use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, Method, Uri, header};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The whole app: `/api/v1/…`, `/healthz`, the demo CRM's record pages, and the widget.
pub fn router(state: AppState) -> Router {
    let mut api = Router::new()
        .merge(lookup::router())
        .merge(settings::router())
        .merge(cif::api_router())
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
                .allow_methods([Method::GET, Method::POST, Method::PUT])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT]),
        );
    }
    let csp = state.csp.clone();
    let mut app = Router::new()
        .nest("/api/v1", api)
        .merge(health::router())
        .merge(cif::page_router());
    if state.demo.is_some() {
        app = app.merge(demo::router());
    }
    app.fallback_service(widget::service(state.dist.as_deref()))
        .with_state(state)
        .layer(CompressionLayer::new())
        // Only Sidecard itself, the help desks, the Dynamics installs' orgs and configured
        // origins may frame its pages (a page that sets its own policy keeps it: the channel
        // page's error message may be framed by any org).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        // Page URLs carry the customer's email or phone: never leak them to linked CRMs.
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(TraceLayer::new_for_http())
}

/// A request body up to `max` bytes (413 past it, declared or not).
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
