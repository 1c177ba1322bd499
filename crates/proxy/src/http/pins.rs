//! `PUT /api/v1/pins` pins the right person for a customer whose lookup matches several, or,
//! without a person, unpins; `DELETE /api/v1/pins` with the same customer-only body unpins too.
//! Strict JSON naming the customer as a lookup does (`emails`, `phones`), authenticated as the
//! install; only a person the customer's lookup matches can be pinned. Both are in the audit
//! log.
//!
//! The widget unpins with a `PUT`: a `DELETE`'s content has no defined meaning (RFC 9110
//! §9.3.5), and the help desks' request proxies it passes through need not forward it. The
//! `DELETE` serves scripts, whose clients send it; the customer stays in the body, not the
//! URL, where access logs would keep their emails.

use super::people::{audit, may_write, named};
use crate::auth::{Caller, ClientAddress};
use crate::error::ApiError;
use crate::pins;
use crate::state::AppState;
use crate::store::Pin;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::put;
use axum::{Json, Router};
use serde::Deserialize;
use sidecard_model::{Entity, LookupRequest, Pinned};

/// Largest body: ten emails, five phones and an id fit well under this.
const MAX_BODY: usize = 8 * 1024;
/// Longest name of the agent who pins.
const MAX_BY_CHARS: usize = 80;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/pins", put(pin_or_unpin).delete(pin_or_unpin))
}

/// The customer, and the person to pin (neither `entity` nor `id`: unpin).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PinBody {
    #[serde(default)]
    emails: Vec<String>,
    #[serde(default)]
    phones: Vec<String>,
    #[serde(default)]
    entity: Option<Entity>,
    #[serde(default)]
    id: Option<String>,
    /// The agent, as their help desk names them.
    #[serde(default)]
    by: Option<String>,
}

/// `200` with the pin, or `204` once unpinned (a `DELETE` only unpins: naming a person there
/// is refused, as it would read "unpin only if it is them").
#[utoipa::path(put, path = "/api/v1/pins", tag = "pins", request_body = PinBody,
    responses(
        (status = 200, description = "The pin", body = Pinned),
        (status = 204, description = "Unpinned (the body named only the customer)"),
    ))]
async fn pin_or_unpin(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddress(address): ClientAddress,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    may_write(&caller)?;
    let body: PinBody = super::read_json(&headers, body, MAX_BODY).await?;
    let address = address.map(|a| a.to_string());
    if method == Method::DELETE {
        return unpin(state, caller, address, body).await;
    }
    match (body.entity, body.id.clone()) {
        (Some(entity), Some(id)) => Ok(pin(state, caller, address, body, entity, id)
            .await?
            .into_response()),
        (None, None) => unpin(state, caller, address, body).await,
        _ => Err(ApiError::BadParameter(
            "Name both the person's entity and id to pin, or neither to unpin.".into(),
        )),
    }
}

async fn pin(
    state: AppState,
    caller: Caller,
    address: Option<String>,
    body: PinBody,
    entity: Entity,
    id: String,
) -> Result<Json<Pinned>, ApiError> {
    let by = body.by.as_deref().map(str::trim).unwrap_or_default();
    if by.chars().count() > MAX_BY_CHARS {
        return Err(ApiError::BadParameter(format!(
            "The agent's name is longer than {MAX_BY_CHARS} characters."
        )));
    }
    let request = LookupRequest::given(body.emails.clone(), body.phones.clone());
    let (searched, customer) = caller
        .install
        .lookup
        .matched(&request, &caller.agent, entity, &id)
        .await?;
    let person = &customer.person;
    let pin = Pin {
        entity: person.entity,
        id: person.id.clone(),
        by: if by.is_empty() { "an agent" } else { by }.to_owned(),
        at: String::new(),
    };
    let pin = state
        .pins
        .pin(&caller.install.id, &pins::key(&searched), &pin)
        .await?;
    audit(
        &state,
        &caller,
        body.by.as_deref(),
        address,
        "pin.set",
        named(person),
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
    state: AppState,
    caller: Caller,
    address: Option<String>,
    body: PinBody,
) -> Result<Response, ApiError> {
    if body.entity.is_some() || body.id.is_some() || body.by.is_some() {
        return Err(ApiError::BadParameter(
            "Unpinning names only the customer (`emails`, `phones`): a person and `by` belong \
             to a pin."
                .into(),
        ));
    }
    let request = LookupRequest::given(body.emails, body.phones);
    let (_, plan) = caller.install.lookup.in_force().await?;
    let (searched, _) = caller.install.lookup.normalize(&request, plan.region)?;
    let removed = state
        .pins
        .unpin(&caller.install.id, &pins::key(&searched))
        .await?;
    if let Some(pin) = removed {
        let detail = format!("{} {}", pin.entity.as_str(), pin.id);
        audit(&state, &caller, None, address, "pin.remove", detail).await;
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
