//! How the widget talks to the proxy (and reads its own files, the catalogs): the browser's
//! `fetch`, the reply every host's request proxy comes back with, and what a call that
//! produced no answer was. `api.rs` (the proxy's API), the host adapters (their own request
//! proxies) and `i18n.rs` build on it; it knows none of them.

use crate::i18n::{Message, t, t_args};
use crate::js;
use serde::de::DeserializeOwned;
use sidecard_model::{ErrorBody, ErrorCode};
use wasm_bindgen::JsValue;

/// An answer from a server, through the browser or a host's request proxy.
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// The body, as text.
    pub body: String,
}

impl Reply {
    /// A help desk request proxy's settled promise: Zendesk's and Freshdesk's resolve a 2xx
    /// answer and reject the rest, both with the answer's `status`, whose `body` reads it
    /// (the standalone page's first lookup settles the same way: `host/standalone.rs`).
    /// Status 0 (or none) is no answer at all.
    pub fn settled(
        outcome: Result<JsValue, JsValue>,
        body: impl FnOnce(&JsValue) -> Option<String>,
    ) -> Result<Reply, LookupError> {
        let response = match &outcome {
            Ok(v) | Err(v) => v,
        };
        let status = js::get(response, "status").as_f64().unwrap_or(0.0) as u16;
        if status == 0 {
            return Err(LookupError::Network);
        }
        let body = body(response).unwrap_or_default();
        Ok(Reply { status, body })
    }
}

/// One call an agent's sidebar makes: its method and path on the proxy, and the Freshdesk
/// request template that makes it (`config/requests.json`, written by `cargo xtask package`).
pub struct Call {
    /// HTTP method.
    pub method: &'static str,
    /// Path on the proxy.
    pub path: &'static str,
    /// The Freshdesk request template's name.
    pub template: &'static str,
}

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
    /// The help desk could not tell who the customer is, or is not set up for Sidecard (in
    /// the agent's language when shown).
    Host(Message),
}

impl LookupError {
    /// One sentence for a form's inline error (the error panel says more): for the API's
    /// errors, their title in the agent's language before the proxy's words.
    pub fn message(&self) -> String {
        match self {
            LookupError::Api(body) => t_args(
                "error-inline",
                &[
                    ("title", t(words(body.code).0).into()),
                    ("detail", body.message.as_str().into()),
                ],
            ),
            LookupError::Network => t("error-network-short"),
            LookupError::Host(message) => message.text(),
            LookupError::Unexpected(detail) => t_args(
                "error-unexpected-short",
                &[("detail", detail.as_str().into())],
            ),
        }
    }
}

/// What the agent is told about an API error, as catalog ids: a title and what to do (the
/// proxy's own message, in English, names the specifics beneath).
pub fn words(code: ErrorCode) -> (&'static str, &'static str) {
    match code {
        ErrorCode::InvalidEmail
        | ErrorCode::InvalidPhone
        | ErrorCode::NoLookupKey
        | ErrorCode::TooManyKeys
        | ErrorCode::InvalidRequest => ("error-check-search", "error-check-search-help"),
        ErrorCode::InvalidJson | ErrorCode::InvalidSettings | ErrorCode::TooLarge => {
            ("error-check-settings", "error-check-settings-help")
        }
        ErrorCode::Unauthorized => ("error-unauthorized", "error-unauthorized-help"),
        ErrorCode::Forbidden => ("error-forbidden", "error-forbidden-help"),
        ErrorCode::Conflict => ("error-conflict", "error-conflict-help"),
        ErrorCode::Duplicate => ("error-duplicate", "error-duplicate-help"),
        ErrorCode::NotSupported => ("error-not-supported", "error-not-supported-help"),
        // The message says whose limit it is and when to try again.
        ErrorCode::CrmThrottled | ErrorCode::CrmBusy | ErrorCode::RateLimited => {
            ("error-busy", "error-busy-help")
        }
        ErrorCode::CrmTimeout | ErrorCode::RequestTimeout => {
            ("error-timeout", "error-timeout-help")
        }
        ErrorCode::CrmTooLarge => ("error-crm-too-large", "error-crm-too-large-help"),
        ErrorCode::CrmUnavailable => ("error-crm-unavailable", "error-crm-unavailable-help"),
        ErrorCode::CrmAuth => ("error-crm-auth", "error-crm-auth-help"),
        ErrorCode::NotFound | ErrorCode::Internal | ErrorCode::Unknown => {
            ("error-other", "error-other-help")
        }
    }
}

/// A same-origin call with the browser's `fetch`: JSON in and out, and the credential when
/// given. The answer's status and text, or `Network` when there was no answer at all.
/// (`gloo-net`'s request builder in its place cost 2.6 KB brotli of wasm and 0.4 KB of JS
/// glue, measured: this is the call by name.)
pub async fn fetch(
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
    // A GET has no body (`fetch` refuses one, even empty).
    if let Some(body) = body.filter(|b| !b.is_empty()) {
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
pub fn read_reply<T: DeserializeOwned>(reply: Reply) -> Result<T, LookupError> {
    let status = reply.status;
    if (200..300).contains(&status) {
        let unreadable =
            |e: String| LookupError::Unexpected(format!("HTTP {status}: unreadable answer ({e})"));
        // The browser's JSON parser, then serde over the JS value: serde_json's own parser
        // in its place measured 5.3 KB brotli more of every sidebar's download.
        let value = js_sys::JSON::parse(&reply.body).map_err(|_| unreadable("not JSON".into()))?;
        return crate::from_js::from_value(value).map_err(|e| unreadable(e.to_string()));
    }
    Err(api_error(&reply))
}

/// A small answer as a plain JS object (no Rust type for three strings), or the API's error.
pub fn read_object(reply: Reply) -> Result<JsValue, LookupError> {
    if !(200..300).contains(&reply.status) {
        return Err(api_error(&reply));
    }
    read_json(&reply)
}

/// The answer's body as a JS object.
pub fn read_json(reply: &Reply) -> Result<JsValue, LookupError> {
    js_sys::JSON::parse(&reply.body)
        .ok()
        .filter(JsValue::is_object)
        .ok_or_else(|| LookupError::Unexpected(format!("HTTP {}: unreadable answer", reply.status)))
}

/// The API's `{code, message}` of a failed call, or its status.
pub fn api_error(reply: &Reply) -> LookupError {
    let body = js_sys::JSON::parse(&reply.body)
        .ok()
        .and_then(|value| crate::from_js::from_value::<ErrorBody>(value).ok());
    match body {
        Some(body) => LookupError::Api(body),
        None => LookupError::Unexpected(format!("HTTP {}", reply.status)),
    }
}
