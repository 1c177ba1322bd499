//! `POST /api/v1/lookup` with `{"emails": [...], "phones": [...]}` (what the widget sends
//! everywhere, so no customer data travels in a URL) and `GET /api/v1/lookup?email=…&phone=…`
//! (for people and scripts): the customer view for the calling install's widget.
//!
//! Query parameters are read by hand (not with a typed extractor) so that repeated keys work
//! and unknown parameters are ignored rather than refused: hosts add their own. The POST form
//! is for hosts whose request proxies template a fixed path and send a body (Freshdesk request
//! templates); its JSON is strict, since only Sidecard's own widget writes it.

use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use sidecard_model::{CustomerView, LookupRequest};

/// Largest lookup body: ten emails and five phones fit in well under 4 KB.
const MAX_BODY: usize = 16 * 1024;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/lookup", get(lookup).post(lookup_json))
}

#[utoipa::path(get, path = "/api/v1/lookup", tag = "lookup",
    params(
        ("email" = Option<Vec<String>>, Query, description = "An email address of the customer; repeat for several (at most 10)"),
        ("phone" = Option<Vec<String>>, Query, description = "A phone number in any format; repeat for several (at most 5)"),
        ("refresh" = Option<bool>, Query, description = "`1`: ask the CRM now (the widget's \"Try again\")"),
    ),
    responses((status = 200, description = "Every match, best first, as the settings shape them", body = CustomerView)))]
async fn lookup(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Json<CustomerView>, ApiError> {
    let request = parse_query(query.as_deref().unwrap_or_default());
    answer(&state, &caller, &request).await
}

/// The caller's install looks `request` up as the caller, its pinned person first.
async fn answer(
    state: &AppState,
    caller: &Caller,
    request: &LookupRequest,
) -> Result<Json<CustomerView>, ApiError> {
    let mut view = caller.install.lookup.lookup(request, &caller.agent).await?;
    let (pins, reads) = (state.pins.as_ref(), &state.pin_reads);
    crate::pins::apply(pins, reads, &caller.install.id, &mut view).await;
    Ok(Json(view))
}

/// The POST body: both lists optional, nothing else allowed.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct LookupBody {
    #[serde(default)]
    emails: Vec<String>,
    #[serde(default)]
    phones: Vec<String>,
    /// The agent's "try again": ask the CRM now.
    #[serde(default)]
    refresh: bool,
}

#[utoipa::path(post, path = "/api/v1/lookup", tag = "lookup", request_body = LookupBody,
    responses((status = 200, description = "Every match, best first, as the settings shape them", body = CustomerView)))]
async fn lookup_json(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<CustomerView>, ApiError> {
    let body: LookupBody = super::read_json(&headers, body, MAX_BODY).await?;
    let request = LookupRequest {
        refresh: body.refresh,
        ..LookupRequest::given(body.emails, body.phones)
    };
    answer(&state, &caller, &request).await
}

/// `email` and `phone` values, in order; blank values are skipped (a host with no phone for
/// the customer sends `phone=`); `refresh=1` asks the CRM now; other parameters ignored.
fn parse_query(query: &str) -> LookupRequest {
    let mut request = LookupRequest::default();
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if value.trim().is_empty() {
            continue;
        }
        match &*name {
            // A `+` in a hand-written URL arrives as a space; no address contains a space, so
            // `?email=sean+vip@x.ie` means what the agent typed.
            "email" => request.emails.push(value.trim().replace(' ', "+")),
            "phone" => request.phones.push(value.into_owned()),
            "refresh" => request.refresh = matches!(value.trim(), "1" | "true"),
            _ => {}
        }
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_blank_values_and_unknown_parameters() {
        let r = parse_query(
            "email=a%40b.example&phone=&email=C%2Bx%40d.example&utm=1&phone=%2B14255550100&email=s+v@x.ie",
        );
        assert_eq!(r.emails, ["a@b.example", "C+x@d.example", "s+v@x.ie"]);
        assert_eq!(r.phones, ["+14255550100"]);
        assert!(parse_query("").is_empty());
        assert!(parse_query("foo=bar").is_empty());
    }
}
