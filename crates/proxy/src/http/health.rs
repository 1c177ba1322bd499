//! `GET /healthz`: the process is up and which CRM it serves (liveness, for load balancers and
//! the newcomer checking that the proxy started).
//!
//! `GET /readyz`: whether the process can serve lookups, connection by connection: `ok`,
//! `throttled` or `failing`. 503 when every connection is down (its circuit open, or no usable
//! token): a load balancer then sends agents to a process that can reach its CRM; one failure
//! is not down. With the operator's admin key (`Authorization: Bearer …`) each connection also
//! says the seconds left of the CRM's pause, since when it fails and when the next try goes,
//! the token's age and next renewal, and the CRM's API usage where it reports it: facts for
//! the operator, not for whoever can reach the address. Install ids and error texts are never
//! in it; the proxy's log has them.

use crate::auth::is_admin_key;
use crate::crm::gate::Status;
use crate::crm::{Connector, Health};
use crate::lookup::rfc3339;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};
use std::time::Duration;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(health))
        .route("/readyz", get(ready))
}

#[utoipa::path(get, path = "/healthz", tag = "operations", security(()),
    responses((status = 200, description = "`{\"status\": \"ok\", \"crm\", \"widget\"}`: the process is up", body = Object)))]
async fn health(State(state): State<AppState>) -> Json<Value> {
    Json(json!({
        "status": "ok",
        "crm": state.installs.standalone_install().lookup.connector_name(),
        "widget": state.dist.is_some(),
    }))
}

#[utoipa::path(get, path = "/readyz", tag = "operations", security((), ("bearer" = [])),
    responses(
        (status = 200, description = "Ready: one entry per CRM connection", body = Object),
        (status = 503, description = "Every CRM connection is down", body = Object),
    ))]
async fn ready(State(state): State<AppState>, headers: HeaderMap) -> (StatusCode, Json<Value>) {
    let operator = crate::auth::bearer_in(&headers).is_some_and(|key| is_admin_key(&state, key));
    // Each connection once, however many installs share it.
    let mut seen = Vec::new();
    let mut connections = Vec::new();
    let mut down = 0;
    for install in state.installs.iter() {
        let connector: &dyn Connector = install.lookup.connector();
        let address = connector as *const dyn Connector as *const ();
        if seen.contains(&address) {
            continue;
        }
        seen.push(address);
        let health = connector.health();
        if is_down(&health) {
            down += 1;
        }
        connections.push(report(connector.name(), &health, operator));
    }
    let ready = down < connections.len();
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({
        "status": if ready { "ready" } else { "down" },
        "connections": connections,
    });
    (status, Json(body))
}

/// Its circuit open, or without a usable token while its renewal fails.
fn is_down(health: &Health) -> bool {
    let no_token = health
        .token
        .as_ref()
        .is_some_and(|t| t.last_error.is_some() && t.expires_in.is_none_or(|left| left.is_zero()));
    health.gate.is_down() || no_token
}

/// One connection: its status, and (for the operator) the details.
fn report(crm: &str, health: &Health, operator: bool) -> Value {
    let secs = |d: Duration| d.as_secs();
    let status = match health.gate {
        Status::Ok => "ok",
        Status::Throttled(_) => "throttled",
        Status::Failing { .. } => "failing",
    };
    let mut out = json!({ "crm": crm, "status": status });
    if !operator {
        return out;
    }
    match health.gate {
        Status::Ok => {}
        Status::Throttled(left) => out["retry_in_secs"] = json!(secs(left).max(1)),
        Status::Failing {
            since,
            failures,
            open_for,
        } => {
            out["failing_since"] = json!(rfc3339(since));
            out["failures"] = json!(failures);
            if let Some(left) = open_for {
                out["next_try_in_secs"] = json!(secs(left).max(1));
            }
        }
    }
    if let Some(token) = &health.token {
        out["token"] = json!({
            "age_secs": token.age.map(secs),
            "renews_in_secs": token.renews_in.map(secs),
            "expires_in_secs": token.expires_in.map(secs),
            "renewal_failing": token.last_error.is_some(),
        });
    }
    if let Some((used, allowed)) = health.api_usage {
        out["api_usage"] = json!({ "used": used, "allowed": allowed });
    }
    out
}
