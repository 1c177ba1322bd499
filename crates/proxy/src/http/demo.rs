//! `GET /demo/records/{entity}/{id}`: the demo CRM's record page, where its deep links go, so
//! "Open in CRM" works on the demo the way it does against a real CRM.

use crate::crm::demo::RECORD_PAGE_PREFIX;
use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use sidecard_model::Entity;

pub(super) fn router() -> Router<AppState> {
    Router::new().route(
        &format!("{RECORD_PAGE_PREFIX}/{{entity}}/{{id}}"),
        get(record),
    )
}

async fn record(
    State(state): State<AppState>,
    Path((entity, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (Some(demo), Some(entity)) = (state.demo.as_ref(), Entity::parse(&entity)) else {
        return Ok(not_found());
    };
    let Some(columns) = demo.record_columns(entity, id).await? else {
        return Ok(not_found());
    };
    let rows: String = columns
        .iter()
        .map(|(name, value)| {
            format!(
                "<tr><th>{}</th><td>{}</td></tr>",
                escape(name),
                escape(value)
            )
        })
        .collect();
    Ok(Html(format!(
        "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>\
         <title>Demo CRM: {label}</title>\
         <style>body{{font:15px system-ui,sans-serif;margin:2rem;color-scheme:light dark}}\
         th{{text-align:left;padding-right:1.5rem;font-weight:600}}td,th{{padding:.25rem 0}}</style>\
         <p>Sidecard demo CRM</p><h1>{label}</h1><table>{rows}</table>",
        label = entity.label(),
    ))
    .into_response())
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html("<!doctype html><meta charset=utf-8><title>Not found</title><h1>No such record in the demo CRM</h1>"),
    )
        .into_response()
}

/// Minimal HTML escaping for text placed in element content.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
