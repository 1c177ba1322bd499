//! `GET /api/v1/settings`, `PUT /api/v1/settings` (admin only) and
//! `GET /api/v1/schema/{entity}`, `GET /api/v1/schema/activity/{kind}` and
//! `GET /api/v1/schema/create/{contact|lead}` (the CRM's fields, for the settings page's cards,
//! log mapping and create form).
//!
//! Reads are the calling install's (an agent's credential reads its own install's settings,
//! an admin's the install it acts on). Saving needs an admin credential (the operator's key
//! acting on `?install=<id>`, or the install's own admin key) and is written to the audit log.

use crate::auth::{Admin, Reader};
use crate::crm::default_settings;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::AuditEvent;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use sidecard_model::activity::ActivityKind;
use sidecard_model::{Entity, FieldInfo, Settings};
use std::collections::HashMap;

/// Largest settings document accepted: 100 fields × 4 cards with long labels is ~40 KB.
pub const MAX_BODY: usize = 256 * 1024;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/settings", get(read).put(write))
        .route("/schema/{entity}", get(schema))
        .route("/schema/activity/{kind}", get(activity_schema))
        .route("/schema/create/{entity}", get(create_schema))
}

/// The saved document, or the defaults (version 0) before the first save. Read from the
/// store, not the lookup service's copy, so an admin always edits the latest version.
#[utoipa::path(get, path = "/api/v1/settings", tag = "settings",
    params(("install" = Option<String>, Query, description = "The install (the operator's admin key only)")),
    responses((status = 200, description = "The install's settings document", body = Settings)))]
async fn read(State(state): State<AppState>, reader: Reader) -> Result<Json<Settings>, ApiError> {
    let lookup = &reader.install.lookup;
    let mut settings = state
        .settings
        .load(lookup.install())
        .await?
        .unwrap_or_else(|| default_settings(lookup.connector()));
    // The admin sees (and edits) what a log does before anyone mapped it.
    if settings.log.is_none() {
        settings.log = lookup.connector().default_log(reader.install.host);
    }
    Ok(Json(settings))
}

#[utoipa::path(put, path = "/api/v1/settings", tag = "settings", request_body = Settings,
    params(("install" = Option<String>, Query, description = "The install (the operator's admin key only)")),
    responses((status = 200, description = "The document as saved, with its new version", body = Settings)))]
async fn write(
    State(state): State<AppState>,
    admin: Admin,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Settings>, ApiError> {
    let id = admin.install.id.clone();
    let lookup = &admin.install.lookup;
    let settings = parse(&super::read_body(&headers, body, MAX_BODY).await?)?;
    let mut schema: HashMap<Entity, Vec<FieldInfo>> = HashMap::new();
    for entity in Entity::ALL {
        schema.insert(entity, lookup.connector().fields(entity).await?);
    }
    let mut problems = settings.problems(|entity| schema.remove(&entity).unwrap_or_default());
    if let Some(log) = &settings.log {
        let fields = lookup.connector().activity_fields(log.activity).await?;
        problems.extend(log.problems(admin.install.host, &fields));
        problems.extend(lookup.connector().log_problems(log));
    }
    for entity in [Entity::Contact, Entity::Lead] {
        if !settings.create_form.chosen(entity).is_empty() {
            let creatable = lookup.connector().create_fields(entity).await?;
            problems.extend(settings.create_form.problems(entity, &creatable));
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::InvalidSettings(problems));
    }
    let saved = state.settings.save(&id, &settings).await?;
    crate::auth::record(
        &state,
        AuditEvent {
            install: id.clone(),
            actor: admin.actor.into(),
            action: "settings.save".into(),
            detail: format!("version {}", saved.version),
            address: admin.address.map(|a| a.to_string()),
        },
    )
    .await;
    // Agents see the change on their next open.
    lookup.use_settings(saved.clone());
    Ok(Json(saved))
}

#[utoipa::path(get, path = "/api/v1/schema/{entity}", tag = "settings",
    params(("entity" = Entity, Path, description = "`contact`, `lead`, `account`, `deal` or `activity`")),
    responses((status = 200, description = "The CRM's fields of the entity", body = Vec<FieldInfo>)))]
async fn schema(
    reader: Reader,
    Path(entity): Path<String>,
) -> Result<Json<Vec<FieldInfo>>, ApiError> {
    let entity = Entity::parse(&entity)
        .ok_or_else(|| ApiError::NotFound(format!("/api/v1/schema/{entity}")))?;
    Ok(Json(
        reader.install.lookup.connector().fields(entity).await?,
    ))
}

/// `GET /api/v1/schema/activity/{phone_call|task}`: the fields a log may fill.
#[utoipa::path(get, path = "/api/v1/schema/activity/{kind}", tag = "settings",
    params(("kind" = String, Path, description = "`phone_call` or `task`")),
    responses((status = 200, description = "The fields a log may fill", body = Vec<FieldInfo>)))]
async fn activity_schema(
    reader: Reader,
    Path(kind): Path<String>,
) -> Result<Json<Vec<FieldInfo>>, ApiError> {
    let kind = ActivityKind::parse(&kind)
        .ok_or_else(|| ApiError::NotFound(format!("/api/v1/schema/activity/{kind}")))?;
    Ok(Json(
        reader
            .install
            .lookup
            .connector()
            .activity_fields(kind)
            .await?,
    ))
}

/// `GET /api/v1/schema/create/{contact|lead}`: the fields a create form may ask for, the
/// CRM's required ones marked.
#[utoipa::path(get, path = "/api/v1/schema/create/{entity}", tag = "settings",
    params(("entity" = String, Path, description = "`contact` or `lead`")),
    responses((status = 200, description = "The fields a create form may ask for", body = Vec<FieldInfo>)))]
async fn create_schema(
    reader: Reader,
    Path(entity): Path<String>,
) -> Result<Json<Vec<FieldInfo>>, ApiError> {
    let entity = Entity::parse(&entity)
        .filter(|e| matches!(e, Entity::Contact | Entity::Lead))
        .ok_or_else(|| ApiError::NotFound(format!("/api/v1/schema/create/{entity}")))?;
    Ok(Json(
        reader
            .install
            .lookup
            .connector()
            .create_fields(entity)
            .await?,
    ))
}

/// Malformed JSON is a 400; JSON that is not a settings document (unknown or missing
/// properties, wrong types) is a 422 naming what is wrong.
fn parse(body: &[u8]) -> Result<Settings, ApiError> {
    serde_json::from_slice(body).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => ApiError::InvalidSettings(vec![e.to_string()]),
        _ => ApiError::InvalidJson(e.to_string()),
    })
}
