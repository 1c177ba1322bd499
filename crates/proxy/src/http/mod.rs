//! The HTTP surface: one module per resource, each with its `router()`, assembled here with
//! the layers every response gets.

mod demo;
mod health;
mod lookup;
mod settings;
mod widget;

use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::http::{HeaderValue, Uri, header};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The whole app: `/api/v1/…`, `/healthz`, the demo CRM's record pages, and the widget.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .merge(lookup::router())
        .merge(settings::router())
        .fallback(|uri: Uri| async move { ApiError::NotFound(format!("/api/v1{}", uri.path())) })
        // Customer data: never stored by browsers or shared caches.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    let mut app = Router::new().nest("/api/v1", api).merge(health::router());
    if state.demo.is_some() {
        app = app.merge(demo::router());
    }
    app.fallback_service(widget::service(state.dist.as_deref()))
        .with_state(state)
        .layer(CompressionLayer::new())
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
