//! The only code that knows the proxy's URLs and wire types.

use gloo_net::http::Request;
use sidecard_model::{CustomerView, ErrorBody, LookupRequest};

/// Why a lookup produced no customer view.
#[derive(Debug, Clone, PartialEq)]
pub enum LookupError {
    /// The proxy answered with its `{code, message}` error.
    Api(ErrorBody),
    /// The proxy could not be reached (offline, proxy down, blocked).
    Network,
    /// The proxy answered something that is not the API (a misconfigured route, a captive
    /// portal): the status and what went wrong, for the agent to pass on.
    Unexpected(String),
}

/// `GET /api/v1/lookup?email=…&phone=…`.
pub async fn lookup(request: &LookupRequest) -> Result<CustomerView, LookupError> {
    let params = web_sys::UrlSearchParams::new()
        .map_err(|_| LookupError::Unexpected("this browser has no URLSearchParams".into()))?;
    for (name, value) in request.query_pairs() {
        params.append(name, value);
    }
    let query: String = params.to_string().into();
    let response = Request::get(&format!("/api/v1/lookup?{query}"))
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| LookupError::Network)?;
    let status = response.status();
    if response.ok() {
        return response.json::<CustomerView>().await.map_err(|e| {
            LookupError::Unexpected(format!("HTTP {status}: unreadable answer ({e})"))
        });
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(LookupError::Api(body)),
        Err(_) => Err(LookupError::Unexpected(format!(
            "HTTP {status} {}",
            response.status_text()
        ))),
    }
}
