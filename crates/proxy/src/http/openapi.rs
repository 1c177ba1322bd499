//! `GET /api/v1/openapi.json`: the API described in OpenAPI 3.1, generated (utoipa) from the
//! handlers' `#[utoipa::path]` attributes and the model's types, so it cannot drift from them.
//!
//! What every route shares is added here rather than repeated on each: the error answers
//! (`{"code", "message"}`, with the statuses the README's table lists; which of them a given
//! route gives is in the README) and the credentials (`Authorization: Bearer`: an install's
//! credential, a panel session, or an admin key).

use axum::Json;
use axum::routing::get;
use sidecard_model::ErrorBody;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sidecard",
        description = "Customers from the CRM for a help desk's sidebar: lookups, creating people, logging conversations, pins, settings.",
    ),
    paths(
        super::lookup::lookup,
        super::lookup::lookup_json,
        super::people::create_person,
        super::people::person_form,
        super::pins::pin_or_unpin,
        super::activities::log,
        super::settings::read,
        super::settings::write,
        super::settings::schema,
        super::settings::activity_schema,
        super::settings::create_schema,
        super::audit::page,
        super::cif::challenge,
        super::cif::session,
        super::health::health,
        super::health::ready,
        crate::telemetry::metrics,
        openapi,
    ),
    components(schemas(ErrorBody)),
    modifiers(&Shared),
    security(("bearer" = [])),
)]
struct ApiDoc;

/// Every API route's error answers and the credentials it takes.
struct Shared;

/// The error statuses an API call may answer with, and when (README, "API").
const ERRORS: &[(&str, &str)] = &[
    (
        "400",
        "`invalid_email`, `invalid_phone`, `no_lookup_key`, `too_many_keys`, `invalid_json` or `invalid_request`",
    ),
    (
        "401",
        "`unauthorized`: no credential where one is needed, or a wrong one",
    ),
    ("403", "`forbidden`: not an admin of that install"),
    ("404", "`not_found`"),
    ("408", "`request_timeout`"),
    ("409", "`conflict` or `duplicate`"),
    ("413", "`too_large`: the body is over its limit"),
    ("422", "`invalid_settings`, each problem in `problems`"),
    ("429", "`rate_limited`, with `Retry-After`"),
    (
        "431",
        "`too_large`: the headers are over `--max-header-bytes`",
    ),
    (
        "500",
        "`internal`: Sidecard's own database failed (details in the proxy's log)",
    ),
    ("501", "`not_supported`: the CRM connector cannot do it"),
    ("502", "`crm_unavailable`, `crm_auth` or `crm_too_large`"),
    (
        "503",
        "`crm_throttled` (with `Retry-After` when known), `crm_busy`, or `internal`: Sidecard's own database did not answer in time",
    ),
    ("504", "`crm_timeout`"),
];

impl Modify for Shared {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let components = api.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An install's credential (a help desk app's signed token or key), a Dynamics panel session, or an admin key",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "metrics_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        let error = |description: &str| -> RefOr<Response> {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    utoipa::openapi::ContentBuilder::new()
                        .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                            "ErrorBody",
                        ))))
                        .build(),
                )
                .into()
        };
        for (path, item) in api.paths.paths.iter_mut() {
            if !path.starts_with("/api/") {
                continue;
            }
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
            ];
            for operation in operations.into_iter().flatten() {
                for (status, description) in ERRORS {
                    operation
                        .responses
                        .responses
                        .entry((*status).to_owned())
                        .or_insert_with(|| error(description));
                }
            }
        }
        // `DELETE /api/v1/pins` unpins like `PUT` with only the customer (for scripts).
        if let Some(pins) = api.paths.paths.get_mut("/api/v1/pins")
            && let Some(put) = pins.put.clone()
        {
            let mut delete = put;
            delete.operation_id = Some("unpin".to_owned());
            delete.summary =
                Some("Unpins the customer's person (the body names the customer only)".to_owned());
            pins.delete = Some(delete);
        }
    }
}

/// The description, as JSON.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "operations", security(()),
    responses((status = 200, description = "This API in OpenAPI 3.1", body = Object)))]
async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}

/// The API description.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut api = ApiDoc::openapi();
    api.info.version = env!("CARGO_PKG_VERSION").to_owned();
    api
}

/// `/openapi.json` under `/api/v1`.
pub(super) fn router() -> axum::Router<crate::state::AppState> {
    axum::Router::new().route("/openapi.json", get(openapi))
}
