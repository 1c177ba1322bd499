//! `GET /demo/records/{entity}/{id}`: the demo CRM's record page, where its deep links go, so
//! "Open in CRM" works on the demo the way it does against a real CRM. It shows CRM data, so
//! it asks what a lookup asks: a credential, or anonymous calls allowed.

use super::escape;
use crate::auth::Caller;
use crate::crm::demo::RECORD_PAGE_PREFIX;
use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
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
    _caller: Caller,
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
    let label = entity.label();
    Ok(super::page(
        StatusCode::OK,
        &format!("Demo CRM: {label}"),
        &format!("<p>Sidecard demo CRM</p><h1>{label}</h1><table>{rows}</table>"),
    ))
}

fn not_found() -> Response {
    super::page(
        StatusCode::NOT_FOUND,
        "Not found",
        "<h1>No such record in the demo CRM</h1>",
    )
}
