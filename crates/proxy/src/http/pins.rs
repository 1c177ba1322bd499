//! `PUT /api/v1/pins` pins the right person for a customer whose lookup matches several;
//! `DELETE /api/v1/pins` unpins. Strict JSON naming the customer as a lookup does (`emails`,
//! `phones`), authenticated as the install; only a person the customer's lookup matches can be
//! pinned. Both are in the audit log.

use super::people::{actor, may_write};
use crate::auth::{Caller, ClientAddress};
use crate::error::ApiError;
use crate::pins;
use crate::state::AppState;
use crate::store::{AuditEvent, Pin};
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::put;
use axum::{Json, Router};
use serde::Deserialize;
use sidecard_model::{Entity, LookupRequest, Pinned};

/// Largest body: ten emails, five phones and an id fit well under this.
const MAX_BODY: usize = 8 * 1024;
/// Longest name of the agent who pins.
const MAX_BY_CHARS: usize = 80;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/pins", put(pin).delete(unpin))
}

/// `PUT`: the customer and the person to pin.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PinBody {
    #[serde(default)]
    emails: Vec<String>,
    #[serde(default)]
    phones: Vec<String>,
    entity: Entity,
    id: String,
    /// The agent, as their help desk names them.
    #[serde(default)]
    by: Option<String>,
}

/// `DELETE`: the customer.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnpinBody {
    #[serde(default)]
    emails: Vec<String>,
    #[serde(default)]
    phones: Vec<String>,
}

async fn pin(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Pinned>, ApiError> {
    may_write(&caller)?;
    let bytes = super::read_body(&headers, body, MAX_BODY).await?;
    let body: PinBody =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    let by = body.by.as_deref().map(str::trim).unwrap_or_default();
    if by.chars().count() > MAX_BY_CHARS {
        return Err(ApiError::BadParameter(format!(
            "The agent's name is longer than {MAX_BY_CHARS} characters."
        )));
    }
    let request = LookupRequest::given(body.emails, body.phones);
    // Only someone this customer's lookup matches (read as the agent reads it).
    let view = caller
        .install
        .lookup
        .lookup(&request, &caller.agent)
        .await?;
    let Some(person) = view
        .customers
        .iter()
        .map(|c| &c.person)
        .find(|p| p.entity == body.entity && p.id == body.id.trim())
    else {
        return Err(ApiError::BadParameter(
            "That person is not among this customer's matches: look the customer up again.".into(),
        ));
    };
    let pin = Pin {
        entity: person.entity,
        id: person.id.clone(),
        by: if by.is_empty() { "an agent" } else { by }.to_owned(),
        at: String::new(),
    };
    let pin = state
        .pins
        .pin(&caller.install.id, &pins::key(&view.searched), &pin)
        .await?;
    crate::auth::record(
        &state,
        AuditEvent {
            install: caller.install.id.clone(),
            actor: actor(&caller.agent),
            action: "pin.set".into(),
            detail: format!(
                "{} {} ({})",
                person.entity.as_str(),
                person.id,
                person.title
            ),
            address: address.map(|a| a.to_string()),
        },
    )
    .await;
    Ok(Json(Pinned {
        entity: pin.entity,
        id: pin.id,
        by: pin.by,
        at: pin.at,
    }))
}

async fn unpin(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: Body,
) -> Result<StatusCode, ApiError> {
    may_write(&caller)?;
    let bytes = super::read_body(&headers, body, MAX_BODY).await?;
    let body: UnpinBody =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    let request = LookupRequest::given(body.emails, body.phones);
    let (_, plan) = caller.install.lookup.in_force().await?;
    let (searched, _) = caller.install.lookup.normalize(&request, plan.region)?;
    let removed = state
        .pins
        .unpin(&caller.install.id, &pins::key(&searched))
        .await?;
    if let Some(pin) = removed {
        crate::auth::record(
            &state,
            AuditEvent {
                install: caller.install.id.clone(),
                actor: actor(&caller.agent),
                action: "pin.remove".into(),
                detail: format!("{} {}", pin.entity.as_str(), pin.id),
                address: address.map(|a| a.to_string()),
            },
        )
        .await;
    }
    Ok(StatusCode::NO_CONTENT)
}
