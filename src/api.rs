//! The only code that knows the proxy's URLs and wire types. Help desk hosts reach the proxy
//! through their own request proxies ([`Host::post`]), the Dynamics panel with its session;
//! the standalone and settings pages fetch it directly, same-origin.

use crate::host::{Host, Reply, js};
use serde::de::DeserializeOwned;
use sidecard_model::{CustomerView, Entity, ErrorBody, FieldInfo, LookupRequest, Settings};
use wasm_bindgen::JsValue;

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
/// directly from the proxy's own page. Always a POST body: customer emails and phones never
/// travel in a URL (where access logs and proxies keep them).
pub async fn lookup(host: &Host, request: &LookupRequest) -> Result<CustomerView, LookupError> {
    let body = lookup_body(request);
    if let Some(reply) = host.post(LOOKUP_PATH, LOOKUP_TEMPLATE, body.clone()).await {
        return read_reply(reply?);
    }
    read_reply(fetch("POST", LOOKUP_PATH, None, Some(body)).await?)
}

/// Which install's settings the settings page edits, and the admin key it has been given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Admin {
    /// `?install=<id>`; the standalone install when `None`.
    pub install: Option<String>,
    /// The admin key, when typed (reads without it work where anonymous calls are allowed).
    pub key: String,
}

impl Admin {
    fn url(&self, path: &str) -> String {
        match &self.install {
            Some(id) => format!("{path}?install={}", js_sys::encode_uri_component(id)),
            None => path.to_owned(),
        }
    }

    fn authorization(&self) -> Option<String> {
        let key = self.key.trim();
        (!key.is_empty()).then(|| format!("Bearer {key}"))
    }
}

/// `GET /api/v1/settings`: the settings in force (defaults before the first save).
pub async fn settings(admin: &Admin) -> Result<Settings, LookupError> {
    let url = admin.url("/api/v1/settings");
    read_reply(fetch("GET", &url, admin.authorization().as_deref(), None).await?)
}

/// `GET /api/v1/schema/{entity}`: every field the CRM has for `entity`.
pub async fn schema(admin: &Admin, entity: Entity) -> Result<Vec<FieldInfo>, LookupError> {
    let url = admin.url(&format!("/api/v1/schema/{}", entity.as_str()));
    read_reply(fetch("GET", &url, admin.authorization().as_deref(), None).await?)
}

/// `PUT /api/v1/settings` with the admin key; answers the document as saved (new version).
pub async fn save_settings(settings: &Settings, admin: &Admin) -> Result<Settings, LookupError> {
    let body = serde_json::to_string(settings)
        .map_err(|e| LookupError::Unexpected(format!("the settings did not serialize: {e}")))?;
    let url = admin.url("/api/v1/settings");
    // Always sent, even blank: a save without the key is the proxy's 403 to explain.
    let key = format!("Bearer {}", admin.key.trim());
    read_reply(fetch("PUT", &url, Some(&key), Some(body)).await?)
}

/// What the proxy's `POST /api/v1/cif/challenge` gives the Dynamics panel to sign in with.
pub struct CifChallenge {
    /// The signed challenge, handed back with the note's id.
    pub challenge: String,
    /// What the note must hold.
    pub nonce: String,
    /// The note's title.
    pub subject: String,
}

/// `POST /api/v1/cif/challenge {org}`: step 1 of the Dynamics panel's sign-in.
pub async fn cif_challenge(org: &str) -> Result<CifChallenge, LookupError> {
    let body = js::json(&js::object(&[("org", org.into())]));
    let answer = read_object(fetch("POST", "/api/v1/cif/challenge", None, Some(body)).await?)?;
    let field = |name| js::string(&answer, name).unwrap_or_default();
    Ok(CifChallenge {
        challenge: field("challenge"),
        nonce: field("nonce"),
        subject: field("subject"),
    })
}

/// `POST /api/v1/cif/session {challenge, note}`: the panel's session, once the org confirmed
/// the note.
pub async fn cif_session(challenge: &str, note: &str) -> Result<String, LookupError> {
    let body = js::json(&js::object(&[
        ("challenge", challenge.into()),
        ("note", note.into()),
    ]));
    let answer = read_object(fetch("POST", "/api/v1/cif/session", None, Some(body)).await?)?;
    js::string(&answer, "token")
        .ok_or_else(|| LookupError::Unexpected("the sign-in answered no session".into()))
}

/// A same-origin call with the browser's `fetch`: JSON in and out, and the credential when
/// given. The answer's status and text, or `Network` when there was no answer at all.
pub(crate) async fn fetch(
    method: &str,
    url: &str,
    authorization: Option<&str>,
    body: Option<String>,
) -> Result<Reply, LookupError> {
    let window: JsValue = web_sys::window().ok_or(LookupError::Network)?.into();
    let mut headers = vec![("Accept", JsValue::from_str("application/json"))];
    if let Some(authorization) = authorization {
        headers.push(("Authorization", authorization.into()));
    }
    let mut init = vec![("method", JsValue::from_str(method))];
    if let Some(body) = body {
        headers.push(("Content-Type", "application/json".into()));
        init.push(("body", body.into()));
    }
    init.push(("headers", js::object(&headers)));
    let response = js::call_async(&window, "fetch", &[url.into(), js::object(&init)])
        .await
        .map_err(|_| LookupError::Network)?;
    let status = js::get(&response, "status").as_f64().unwrap_or(0.0) as u16;
    let body = js::call_async(&response, "text", &[])
        .await
        .map_err(|_| LookupError::Network)?
        .as_string()
        .unwrap_or_default();
    Ok(Reply { status, body })
}

/// The answer's JSON, or the API's error body, or what was wrong with the answer.
fn read_reply<T: DeserializeOwned>(reply: Reply) -> Result<T, LookupError> {
    let status = reply.status;
    if (200..300).contains(&status) {
        let unreadable =
            |e: String| LookupError::Unexpected(format!("HTTP {status}: unreadable answer ({e})"));
        // The browser's JSON parser, then serde over the JS value: serde_json's own parser
        // would add its code to every sidebar's download.
        let value = js_sys::JSON::parse(&reply.body).map_err(|_| unreadable("not JSON".into()))?;
        return serde_wasm_bindgen::from_value(value).map_err(|e| unreadable(e.to_string()));
    }
    Err(api_error(&reply))
}

/// A small answer as a plain JS object (no Rust type for three strings), or the API's error.
fn read_object(reply: Reply) -> Result<JsValue, LookupError> {
    if !(200..300).contains(&reply.status) {
        return Err(api_error(&reply));
    }
    js_sys::JSON::parse(&reply.body)
        .ok()
        .filter(JsValue::is_object)
        .ok_or_else(|| LookupError::Unexpected(format!("HTTP {}: unreadable answer", reply.status)))
}

/// The API's `{code, message}` of a failed call, or its status.
fn api_error(reply: &Reply) -> LookupError {
    let body = js_sys::JSON::parse(&reply.body)
        .ok()
        .and_then(|value| serde_wasm_bindgen::from_value::<ErrorBody>(value).ok());
    match body {
        Some(body) => LookupError::Api(body),
        None => LookupError::Unexpected(format!("HTTP {}", reply.status)),
    }
}

/// `{"emails": [...], "phones": [...]}` (and `"refresh": true` for the agent's "try again")
/// by the browser's own JSON (serde_json's serializer
/// would add its code to every sidebar's download for this one body).
fn lookup_body(request: &LookupRequest) -> String {
    let list = |values: &[String]| -> js_sys::Array {
        values
            .iter()
            .map(|v| wasm_bindgen::JsValue::from_str(v))
            .collect()
    };
    let mut body = vec![
        ("emails", list(&request.emails).into()),
        ("phones", list(&request.phones).into()),
    ];
    if request.refresh {
        body.push(("refresh", JsValue::TRUE));
    }
    js::json(&js::object(&body))
}
