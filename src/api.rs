//! The only code that knows the proxy's URLs and wire types.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use sidecard_model::{CustomerView, Entity, ErrorBody, FieldInfo, LookupRequest, Settings};

/// Why a call to the proxy produced no answer.
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
    send(Request::get(&format!("/api/v1/lookup?{query}"))).await
}

/// `GET /api/v1/settings`: the settings in force (defaults before the first save).
pub async fn settings() -> Result<Settings, LookupError> {
    send(Request::get("/api/v1/settings")).await
}

/// `GET /api/v1/schema/{entity}`: every field the CRM has for `entity`.
pub async fn schema(entity: Entity) -> Result<Vec<FieldInfo>, LookupError> {
    send(Request::get(&format!("/api/v1/schema/{}", entity.as_str()))).await
}

/// `PUT /api/v1/settings` with the admin key; answers the document as saved (new version).
pub async fn save_settings(settings: &Settings, admin_key: &str) -> Result<Settings, LookupError> {
    let request = Request::put("/api/v1/settings")
        .header("Authorization", &format!("Bearer {}", admin_key.trim()))
        .header("Accept", "application/json")
        .json(settings)
        .map_err(|e| LookupError::Unexpected(format!("the settings did not serialize: {e}")))?;
    let response = request.send().await.map_err(|_| LookupError::Network)?;
    read(response).await
}

async fn send<T: DeserializeOwned>(
    request: gloo_net::http::RequestBuilder,
) -> Result<T, LookupError> {
    let response = request
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| LookupError::Network)?;
    read(response).await
}

/// The answer's JSON, or the API's error body, or what was wrong with the answer.
async fn read<T: DeserializeOwned>(response: Response) -> Result<T, LookupError> {
    let status = response.status();
    if response.ok() {
        return response.json::<T>().await.map_err(|e| {
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
