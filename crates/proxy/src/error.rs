//! The API's error type: every failure a handler can return, the HTTP status it becomes, and
//! the `{code, message}` body the widget shows. CRM details are logged here, never returned.

use crate::crm::CrmError;
use crate::store::StoreError;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sidecard_model::email::EmailError;
use sidecard_model::phone::PhoneError;
use sidecard_model::{ErrorBody, ErrorCode};

/// Everything an API call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400 `invalid_email`: the message names the value.
    #[error(transparent)]
    InvalidEmail(#[from] EmailError),
    /// 400 `invalid_phone`: the message names the value.
    #[error(transparent)]
    InvalidPhone(#[from] PhoneError),
    /// 400 `no_lookup_key`: neither `email` nor `phone` was given.
    #[error("Give an `email` or a `phone` to look up.")]
    NoLookupKey,
    /// 400 `too_many_keys`: more values than one lookup takes.
    #[error("A lookup takes at most {max} `{param}` values; {given} were given.")]
    TooManyKeys {
        /// The query parameter.
        param: &'static str,
        /// The limit.
        max: usize,
        /// How many came.
        given: usize,
    },
    /// 400 `invalid_request`: a query parameter or a field is not what the endpoint takes.
    #[error("{0}")]
    BadParameter(String),
    /// 404 `not_found`: no such API route or resource.
    #[error("There is no API endpoint {0}.")]
    NotFound(String),
    /// 400 `invalid_json`: the body is not JSON.
    #[error("The request body is not valid JSON: {0}")]
    InvalidJson(String),
    /// 422 `invalid_settings`: the document does not fit the schema, or names unknown fields.
    #[error("The settings cannot be saved: {}", .0.join(" "))]
    InvalidSettings(Vec<String>),
    /// 413 `too_large`: the body is over the limit.
    #[error("The request body is larger than {0} bytes.")]
    TooLarge(usize),
    /// 401 `unauthorized`: no valid install credential (`WWW-Authenticate: Bearer`).
    #[error(transparent)]
    Unauthorized(#[from] crate::auth::AuthError),
    /// 403 `forbidden`: the caller lacks the role.
    #[error("{0}")]
    Forbidden(&'static str),
    /// 409 `conflict`, 500 `internal` or 503 `internal`: the settings store refused, failed
    /// or did not answer in time.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// 429 `rate_limited` with `Retry-After`: the install or address is over its rate limit.
    #[error("Too many calls: try again in {} s.", retry_after.as_secs().max(1))]
    RateLimited {
        /// When a call will be accepted again.
        retry_after: std::time::Duration,
    },
    /// 408 `request_timeout`: the request took longer than the proxy allows.
    #[error("The request took longer than {} s and was stopped. Try again.", .0.as_secs())]
    RequestTimeout(std::time::Duration),
    /// 431 `too_large`: the request's headers are larger than the proxy accepts.
    #[error("The request's headers are larger than {0} bytes.")]
    HeadersTooLarge(usize),
    /// 502 `crm_unavailable`, `crm_auth` or `crm_too_large`, 503 `crm_throttled` or
    /// `crm_busy`, 504 `crm_timeout`, 409 `duplicate`, 400 `invalid_request`,
    /// 501 `not_supported`.
    #[error(transparent)]
    Crm(#[from] CrmError),
}

impl ApiError {
    /// The HTTP status this error travels with.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::InvalidEmail(_)
            | ApiError::InvalidPhone(_)
            | ApiError::NoLookupKey
            | ApiError::TooManyKeys { .. } => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadParameter(_) => StatusCode::BAD_REQUEST,
            ApiError::InvalidJson(_) => StatusCode::BAD_REQUEST,
            ApiError::InvalidSettings(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::HeadersTooLarge(_) => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::Store(StoreError::Conflict { .. }) => StatusCode::CONFLICT,
            ApiError::Store(StoreError::Storage(_)) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Store(StoreError::Unanswered(_)) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Crm(
                CrmError::Unavailable(_)
                | CrmError::Upstream(_)
                | CrmError::Auth(_)
                | CrmError::TooLarge(_),
            ) => StatusCode::BAD_GATEWAY,
            ApiError::Crm(CrmError::Throttled { .. } | CrmError::Busy(_)) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Crm(CrmError::Timeout(_)) => StatusCode::GATEWAY_TIMEOUT,
            ApiError::Crm(CrmError::Duplicate { .. }) => StatusCode::CONFLICT,
            ApiError::Crm(CrmError::Invalid(_)) => StatusCode::BAD_REQUEST,
            ApiError::Crm(CrmError::NotFound(_)) => StatusCode::NOT_FOUND,
            ApiError::Crm(CrmError::Unsupported(_)) => StatusCode::NOT_IMPLEMENTED,
        }
    }

    /// The body the client sees: a stable code and a message a person can act on.
    pub fn body(&self) -> ErrorBody {
        let (code, message) = match self {
            ApiError::InvalidEmail(_) => (ErrorCode::InvalidEmail, self.to_string()),
            ApiError::InvalidPhone(_) => (ErrorCode::InvalidPhone, self.to_string()),
            ApiError::NoLookupKey => (ErrorCode::NoLookupKey, self.to_string()),
            ApiError::TooManyKeys { .. } => (ErrorCode::TooManyKeys, self.to_string()),
            ApiError::NotFound(_) => (ErrorCode::NotFound, self.to_string()),
            ApiError::BadParameter(_) => (ErrorCode::InvalidRequest, self.to_string()),
            ApiError::InvalidJson(_) => (ErrorCode::InvalidJson, self.to_string()),
            ApiError::InvalidSettings(_) => (ErrorCode::InvalidSettings, self.to_string()),
            ApiError::TooLarge(_) => (ErrorCode::TooLarge, self.to_string()),
            // One body for every refusal, so an answer never tells which install ids, keys or
            // orgs exist; the reason goes to the log.
            ApiError::Unauthorized(_) => (
                ErrorCode::Unauthorized,
                "Sidecard could not verify this call's credential. Reload; if it keeps \
                 happening, ask your Sidecard admin to check the app's shared secret (Zendesk) \
                 or API key (Freshdesk) and the proxy's log."
                    .to_owned(),
            ),
            ApiError::RateLimited { .. } => (ErrorCode::RateLimited, self.to_string()),
            ApiError::RequestTimeout(_) => (ErrorCode::RequestTimeout, self.to_string()),
            ApiError::HeadersTooLarge(_) => (ErrorCode::TooLarge, self.to_string()),
            ApiError::Forbidden(_) => (ErrorCode::Forbidden, self.to_string()),
            ApiError::Store(StoreError::Conflict { .. }) => (ErrorCode::Conflict, self.to_string()),
            ApiError::Store(StoreError::Unanswered(_)) => (ErrorCode::Internal, self.to_string()),
            ApiError::Store(StoreError::Storage(_)) => (
                ErrorCode::Internal,
                "Sidecard could not read or save its settings. Ask your Sidecard admin to check \
                 the proxy's log."
                    .to_owned(),
            ),
            ApiError::Crm(CrmError::Unavailable(_) | CrmError::Upstream(_)) => (
                ErrorCode::CrmUnavailable,
                "The CRM could not answer. Try again in a moment; if it keeps \
                 failing, ask your Sidecard admin to check the proxy's log."
                    .to_owned(),
            ),
            ApiError::Crm(CrmError::Auth(_)) => (
                ErrorCode::CrmAuth,
                "Sidecard could not sign in to the CRM. Ask your Sidecard admin to check the CRM \
                 connection's credentials and permissions."
                    .to_owned(),
            ),
            ApiError::Crm(CrmError::Throttled { retry_after }) => (
                ErrorCode::CrmThrottled,
                match retry_after {
                    Some(wait) => format!(
                        "The CRM is busy (its rate limit was reached). Try again in {} s.",
                        wait.as_secs().max(1)
                    ),
                    None => "The CRM is busy (its rate limit was reached). Try again shortly."
                        .to_owned(),
                },
            ),
            ApiError::Crm(CrmError::Duplicate { existing }) => (
                ErrorCode::Duplicate,
                match existing.first() {
                    Some(first) => format!(
                        "The CRM already has this person: {} ({}){}. Open that record instead.",
                        first.title,
                        first.entity.label(),
                        if existing.len() > 1 {
                            format!(" and {} more", existing.len() - 1)
                        } else {
                            String::new()
                        }
                    ),
                    None => "The CRM's duplicate detection refused the new record: a matching \
                             record already exists."
                        .to_owned(),
                },
            ),
            ApiError::Crm(CrmError::Busy(_)) => (
                ErrorCode::CrmBusy,
                "The CRM connection is busy with other lookups. Try again in a moment.".to_owned(),
            ),
            ApiError::Crm(CrmError::TooLarge(cap)) => (
                ErrorCode::CrmTooLarge,
                format!(
                    "The CRM's answer was larger than Sidecard reads ({} MB). Ask your Sidecard \
                     admin to show fewer fields or deals, or to raise --crm-max-response-bytes.",
                    cap.div_ceil(1024 * 1024)
                ),
            ),
            ApiError::Crm(CrmError::Invalid(message)) => {
                (ErrorCode::InvalidRequest, message.clone())
            }
            ApiError::Crm(CrmError::NotFound(_)) => (
                ErrorCode::NotFound,
                "The CRM no longer has this record: it may have been deleted or merged. \
                 Reload the sidebar."
                    .to_owned(),
            ),
            ApiError::Crm(CrmError::Unsupported(what)) => (
                ErrorCode::NotSupported,
                format!("The configured CRM connector does not support {what}."),
            ),
            ApiError::Crm(CrmError::Timeout(limit)) => (
                ErrorCode::CrmTimeout,
                format!(
                    "The CRM did not answer within {} s. Try again; if it keeps happening, ask \
                     your Sidecard admin to check the CRM's status.",
                    limit.as_secs()
                ),
            ),
        };
        let mut body = ErrorBody::new(code, message);
        if let ApiError::InvalidSettings(problems) = self {
            body.problems = problems.clone();
        }
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        match &self {
            // The only places these failures are logged: the client gets the safe message.
            ApiError::Crm(detail) => tracing::warn!(error = %detail, %status, "CRM call failed"),
            ApiError::Store(StoreError::Storage(detail)) => {
                tracing::error!(error = %detail, "settings store failed")
            }
            ApiError::Store(e @ StoreError::Unanswered(_)) => {
                tracing::error!(error = %e, "settings store did not answer")
            }
            ApiError::Unauthorized(why) => tracing::info!(reason = ?why, "call refused"),
            _ => {}
        }
        let mut response = (status, Json(self.body())).into_response();
        let retry_after = match &self {
            ApiError::Crm(CrmError::Throttled {
                retry_after: Some(wait),
            })
            | ApiError::RateLimited { retry_after: wait } => Some(wait),
            _ => None,
        };
        if let Some(wait) = retry_after {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(wait.as_secs().max(1)),
            );
        }
        if let ApiError::Unauthorized(_) = &self {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"sidecard\""),
            );
        }
        response
    }
}
