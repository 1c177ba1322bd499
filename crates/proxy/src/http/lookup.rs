//! `GET /api/v1/lookup?email=…&email=…&phone=…`: the customer view for the widget.
//!
//! Query parameters are read by hand (not with a typed extractor) so that repeated keys work
//! and unknown parameters are ignored rather than refused: hosts add their own.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use sidecard_model::{CustomerView, LookupRequest};

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/lookup", get(lookup))
}

async fn lookup(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<CustomerView>, ApiError> {
    let request = parse_query(query.as_deref().unwrap_or_default());
    Ok(Json(state.lookup.lookup(&request).await?))
}

/// `email` and `phone` values, in order; blank values are skipped (a host with no phone for
/// the customer sends `phone=`), other parameters ignored.
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
