//! The error body every failed proxy call returns: a stable machine code and a message a
//! person can act on. Internals (upstream bodies, SQL errors) never go in here.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Machine-readable error codes. The widget picks its wording and its retry button from these;
/// the proxy documents the HTTP status each one travels with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: an `email` parameter is not an email address.
    InvalidEmail,
    /// 400: a `phone` parameter is not a phone number.
    InvalidPhone,
    /// 400: the lookup names neither an email nor a phone.
    NoLookupKey,
    /// 400: more keys, or longer values, than one lookup accepts.
    TooManyKeys,
    /// 400: a request the CRM cannot take as given (e.g. a malformed record id).
    InvalidRequest,
    /// 409: the CRM's duplicate detection refused a new record.
    Duplicate,
    /// 501: the configured CRM connector cannot do this.
    NotSupported,
    /// 400: the request body is not valid JSON.
    InvalidJson,
    /// 422: the settings document has problems (the message lists them).
    InvalidSettings,
    /// 401: the call carries no valid install credential (missing, wrong, expired, or another
    /// install's); the widget asks the admin to check the app's settings.
    Unauthorized,
    /// 403: the caller may not do this (e.g. save settings without the admin role).
    Forbidden,
    /// 409: the settings were saved by someone else since they were opened.
    Conflict,
    /// 413: the request body is larger than the API accepts.
    TooLarge,
    /// 404: no such API route.
    NotFound,
    /// 502: the CRM answered with an error or could not be reached.
    CrmUnavailable,
    /// 502: the CRM refused Sidecard's credentials; an admin must fix the connection.
    CrmAuth,
    /// 503: the CRM is throttling us; try again later.
    CrmThrottled,
    /// 504: the CRM did not answer in time.
    CrmTimeout,
    /// 503: the CRM connection has as many calls in flight as it may; try again shortly.
    CrmBusy,
    /// 502: the CRM's answer was larger than the proxy reads; an admin can show fewer fields.
    CrmTooLarge,
    /// 429: this install or address made more calls than its rate limit allows
    /// (`Retry-After` says when to try again).
    RateLimited,
    /// 408: the request took longer than the proxy allows.
    RequestTimeout,
    /// 500: a bug on our side; the proxy log has the details.
    Internal,
    /// Any code this build does not know yet (a newer proxy); treated like `internal`.
    #[serde(other)]
    Unknown,
}

/// `{"code": "...", "message": "..."}`, the body of every non-2xx API response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// What went wrong, for code.
    pub code: ErrorCode,
    /// What went wrong and what to do, for people.
    pub message: String,
    /// Each problem on its own, where there are several (`invalid_settings`), so a form can
    /// list them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

impl ErrorBody {
    /// Builds an error body.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            problems: Vec::new(),
        }
    }

    /// Whether trying the same request again may succeed (the widget shows "Try again").
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.code,
            ErrorCode::CrmUnavailable
                | ErrorCode::CrmThrottled
                | ErrorCode::CrmBusy
                | ErrorCode::RateLimited
                | ErrorCode::RequestTimeout
                | ErrorCode::CrmTimeout
                | ErrorCode::Internal
                | ErrorCode::Unknown
        )
    }
}

impl fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_shape_is_code_and_message() {
        let body = ErrorBody::new(ErrorCode::InvalidEmail, "bad");
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"code":"invalid_email","message":"bad"}"#
        );
    }

    #[test]
    fn unknown_codes_from_a_newer_proxy_still_parse() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"code":"quota_exceeded","message":"m"}"#).unwrap();
        assert_eq!(body.code, ErrorCode::Unknown);
        assert!(body.is_retryable());
    }

    #[test]
    fn bad_input_is_not_retryable() {
        assert!(!ErrorBody::new(ErrorCode::InvalidPhone, "x").is_retryable());
        assert!(ErrorBody::new(ErrorCode::CrmTimeout, "x").is_retryable());
    }
}
