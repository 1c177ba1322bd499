//! `GET /api/v1/audit?install=<id>[&before=<id>][&limit=<n>]` (admin): the install's audit
//! log, newest first, a page at a time (`before` = the last `id` seen).

use crate::auth::Admin;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::AuditRecord;
use crate::store::sqlite::MAX_AUDIT_PAGE;
use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};

/// Records per page when `limit` is not given.
const PAGE: u32 = 50;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/audit", get(page))
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "settings",
    params(
        ("install" = Option<String>, Query, description = "The install (the operator's admin key only)"),
        ("limit" = Option<u32>, Query, description = "At most this many records (up to 200, default 50)"),
        ("before" = Option<i64>, Query, description = "Records older than this id"),
    ),
    responses((status = 200, description = "Audit records, newest first", body = Vec<AuditRecord>)))]
async fn page(
    State(state): State<AppState>,
    admin: Admin,
    RawQuery(query): RawQuery,
) -> Result<Json<Vec<AuditRecord>>, ApiError> {
    let mut before = None;
    let mut limit = PAGE;
    for (name, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        let number = || {
            value.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
                ApiError::BadParameter(format!(
                    "`{name}` must be a positive whole number, not {value:?}"
                ))
            })
        };
        match &*name {
            "before" => before = Some(number()?),
            "limit" => limit = u32::try_from(number()?).unwrap_or(MAX_AUDIT_PAGE),
            _ => {}
        }
    }
    Ok(Json(
        state
            .audit
            .page(&admin.install.id, before, limit.min(MAX_AUDIT_PAGE))
            .await?,
    ))
}
