//! `POST /api/v1/activities`: "Log to CRM" records the conversation as an activity regarding
//! the person (`activities.rs`).
//!
//! Strict JSON (`LogRequest`: unknown fields refused, 20 KiB at most), authenticated as the
//! install. `201` with `{id, activity, logged: "created"}`; `200` with `logged: "updated"` (a
//! new log of the same conversation, where the admin chose to update) or `"unchanged"` (the
//! same log again: nothing was sent). Logs that reach the CRM are in the audit log.

use super::people::{audit, may_write};
use crate::auth::{Caller, ClientAddress};
use crate::error::ApiError;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use sidecard_model::activity::{LogRequest, Logged};

/// Largest body: a 4,000-character note (up to 16 KB of UTF-8) and the ticket's facts.
const MAX_BODY: usize = 20 * 1024;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/activities", post(log))
}

#[utoipa::path(post, path = "/api/v1/activities", tag = "activities", request_body = LogRequest,
    responses(
        (status = 201, description = "A new activity", body = sidecard_model::activity::LogAnswer),
        (status = 200, description = "The same log again (`unchanged`) or the activity updated", body = sidecard_model::activity::LogAnswer),
    ))]
async fn log(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    may_write(&caller)?;
    let request: LogRequest = super::read_json(&headers, body, MAX_BODY).await?;
    let answer = state
        .activities
        .log(&caller.install, &caller.agent, &request)
        .await?;
    let status = match answer.logged {
        Logged::Created => StatusCode::CREATED,
        Logged::Updated | Logged::Unchanged => StatusCode::OK,
    };
    if answer.logged != Logged::Unchanged {
        let action = match answer.logged {
            Logged::Created => "activity.create",
            _ => "activity.update",
        };
        let detail = format!(
            "{} {} regarding {} {} (conversation {})",
            answer.activity.as_str(),
            answer.id,
            request.entity.as_str(),
            request.id.trim(),
            request.conversation.id.trim()
        );
        let address = address.map(|a| a.to_string());
        audit(
            &state,
            &caller,
            request.agent.as_deref(),
            address,
            action,
            detail,
        )
        .await;
    }
    Ok((status, Json(answer)).into_response())
}
