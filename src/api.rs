//! The only code that knows the proxy's URLs and wire types. Help desk hosts reach the proxy
//! through their own request proxies ([`Host::post`]); the standalone and settings pages fetch
//! it directly, same-origin.

use crate::host::{Host, Reply};
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
    /// The help desk could not tell who the customer is, or is not set up for Sidecard.
    Host(String),
}

/// The lookup's path on the proxy.
pub const LOOKUP_PATH: &str = "/api/v1/lookup";
/// The Freshdesk request template that POSTs to [`LOOKUP_PATH`] (`config/requests.json`).
pub const LOOKUP_TEMPLATE: &str = "sidecardLookup";

/// The customer's cards: `POST /api/v1/lookup` through the host's request proxy, or
/// `GET /api/v1/lookup?email=…&phone=…` from the proxy's own page.
pub async fn lookup(host: &Host, request: &LookupRequest) -> Result<CustomerView, LookupError> {
    if let Some(reply) = host
        .post(LOOKUP_PATH, LOOKUP_TEMPLATE, lookup_body(request))
        .await
    {
        return read_reply(reply?);
    }
    let params = web_sys::UrlSearchParams::new()
        .map_err(|_| LookupError::Unexpected("this browser has no URLSearchParams".into()))?;
    for (name, value) in request.query_pairs() {
        params.append(name, value);
    }
    let query: String = params.to_string().into();
    send(Request::get(&format!("{LOOKUP_PATH}?{query}"))).await
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

/// Like [`read`], for an answer that came through a host's request proxy.
fn read_reply<T: DeserializeOwned>(reply: Reply) -> Result<T, LookupError> {
    let status = reply.status;
    if (200..300).contains(&status) {
        return serde_json::from_str(&reply.body).map_err(|e| {
            LookupError::Unexpected(format!("HTTP {status}: unreadable answer ({e})"))
        });
    }
    match serde_json::from_str::<ErrorBody>(&reply.body) {
        Ok(body) => Err(LookupError::Api(body)),
        Err(_) => Err(LookupError::Unexpected(format!("HTTP {status}"))),
    }
}

/// `{"emails": [...], "phones": [...]}` by the browser's own JSON (serde_json's serializer
/// would add its code to every sidebar's download for this one body).
fn lookup_body(request: &LookupRequest) -> String {
    let list = |values: &[String]| -> js_sys::Array {
        values
            .iter()
            .map(|v| wasm_bindgen::JsValue::from_str(v))
            .collect()
    };
    let body = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&body, &"emails".into(), &list(&request.emails));
    let _ = js_sys::Reflect::set(&body, &"phones".into(), &list(&request.phones));
    js_sys::JSON::stringify(&body)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}
