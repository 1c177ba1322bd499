//! `POST /api/v1/people`: the agent creates the contact or lead the lookup did not find;
//! `GET /api/v1/people/form`: the form's fields beyond the name, email, phone and company (the
//! admin's choice and the CRM's required ones).
//!
//! Strict JSON (`NewPersonRequest`: unknown fields refused, 64 KiB at most), authenticated as
//! the install. `201` with the new record; `409 duplicate` with the likely duplicates and
//! whether the agent may create anyway (the install's duplicate policy, `people.rs`); every
//! create is in the audit log, a confirmed duplicate as `person.create_anyway`.

use crate::auth::{Agent, Caller, ClientAddress};
use crate::error::ApiError;
use crate::people::{Created, create, form};
use crate::state::AppState;
use crate::store::AuditEvent;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use sidecard_model::people::NewPersonRequest;

/// Largest form: the built-in values and a few long added ones fit well under this (each
/// value is also capped, `NewPersonRequest::problem`).
const MAX_BODY: usize = 64 * 1024;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/people", post(create_person))
        .route("/people/form", get(person_form))
}

/// `200` with the `PersonForm`.
#[utoipa::path(get, path = "/api/v1/people/form", tag = "people",
    responses((status = 200, description = "The create form's other fields, per entity", body = sidecard_model::people::PersonForm)))]
async fn person_form(caller: Caller) -> Result<Response, ApiError> {
    Ok(Json(form(&caller.install.lookup, &caller.agent).await?).into_response())
}

#[utoipa::path(post, path = "/api/v1/people", tag = "people", request_body = NewPersonRequest,
    responses(
        (status = 201, description = "The new contact or lead", body = sidecard_model::Record),
        (status = 409, description = "`duplicate`: the CRM likely has them already", body = sidecard_model::people::DuplicateAnswer),
    ))]
async fn create_person(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    may_write(&caller)?;
    let request: NewPersonRequest = super::read_json(&headers, body, MAX_BODY).await?;
    let (record, confirmed) = match create(&caller.install.lookup, &caller.agent, &request).await? {
        Created::Person { record, confirmed } => (record, confirmed),
        Created::Duplicates(answer) => {
            return Ok((StatusCode::CONFLICT, Json(answer)).into_response());
        }
    };
    let action = if confirmed {
        "person.create_anyway"
    } else {
        "person.create"
    };
    let detail = named(&record);
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
    Ok((StatusCode::CREATED, Json(record)).into_response())
}

/// Writes need an install's credential: a call without one (`--anonymous`) may only look
/// customers up, except in the demo CRM, where the standalone page tries everything.
pub(super) fn may_write(caller: &Caller) -> Result<(), ApiError> {
    if caller.agent == Agent::Anonymous && caller.install.lookup.connector_name() != "demo" {
        return Err(ApiError::Forbidden(
            "Creating, logging and pinning need an install's credential: calls without one may only look customers up.",
        ));
    }
    Ok(())
}

/// Records an agent's write in the audit log: who (`said`: the agent as their app names
/// them), from where, what and about which record.
pub(super) async fn audit(
    state: &AppState,
    caller: &Caller,
    said: Option<&str>,
    address: Option<String>,
    action: &str,
    detail: String,
) {
    let event = AuditEvent {
        install: caller.install.id.clone(),
        actor: actor(&caller.agent, said),
        action: action.into(),
        detail,
        address,
    };
    crate::auth::record(state, event).await;
}

/// A record as the audit log names it: `contact C01 (Ana García)`.
pub(super) fn named(record: &sidecard_model::Record) -> String {
    format!(
        "{} {} ({})",
        record.entity.as_str(),
        record.id,
        record.title
    )
}

/// Who acted: as far as the credential says, and for a help desk also the agent its app
/// names (`said`), marked as the app's word.
pub(super) fn actor(agent: &Agent, said: Option<&str>) -> String {
    match (agent, said.map(str::trim).filter(|s| !s.is_empty())) {
        (Agent::Anonymous, _) => "anonymous".into(),
        (Agent::HelpDesk, Some(name)) => format!("help-desk (agent {name:?}, as its app says)"),
        (Agent::HelpDesk, None) => "help-desk".into(),
        (Agent::Panel(user), _) => format!("dynamics-user:{}", user.user_id),
    }
}
