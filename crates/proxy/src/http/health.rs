//! `GET /healthz`: the process is up and which CRM it serves (for load balancers and the
//! newcomer checking that the proxy started).

use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(health))
}

async fn health(State(state): State<AppState>) -> Json<Value> {
    Json(json!({
        "status": "ok",
        "crm": state.installs.standalone_install().lookup.connector_name(),
        "widget": state.dist.is_some(),
    }))
}
