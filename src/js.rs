//! The few JavaScript operations the host SDKs need, on untyped objects: the SDKs are plain
//! JavaScript whose shapes differ by version, so each read says what it expected when the
//! shape is not there.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `object[name]`, or `undefined`.
pub fn get(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// `object.a.b.c` for `path = "a.b.c"`.
#[cfg(any(feature = "zendesk", feature = "freshdesk", feature = "cif"))]
pub fn path(object: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(object.clone(), |value, name| {
        if value.is_object() {
            get(&value, name)
        } else {
            JsValue::UNDEFINED
        }
    })
}

/// `object[name]` as a string, if it is one and not blank.
pub fn string(object: &JsValue, name: &str) -> Option<String> {
    get(object, name)
        .as_string()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// `object.method(...args)`.
pub fn call(object: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let function: Function = get(object, method)
        .dyn_into()
        .map_err(|_| format!("the host SDK has no `{method}`"))?;
    let args: js_sys::Array = args.iter().collect();
    function
        .apply(object, &args)
        .map_err(|e| format!("`{method}` failed: {}", describe(&e)))
}

/// Awaits `value` if it is a promise; a rejection comes back as its value.
pub async fn settle(value: JsValue) -> Result<JsValue, JsValue> {
    match value.dyn_into::<Promise>() {
        Ok(promise) => JsFuture::from(promise).await,
        Err(value) => Ok(value),
    }
}

/// `object.method(...args)`, awaited.
pub async fn call_async(
    object: &JsValue,
    method: &str,
    args: &[JsValue],
) -> Result<JsValue, String> {
    settle(call(object, method, args)?)
        .await
        .map_err(|e| format!("`{method}` failed: {}", describe(&e)))
}

/// `target.on(event, handler)`: the SDKs' event subscription. The handler lives as long as
/// the page (the SDK holds it).
#[cfg(any(feature = "zendesk", feature = "freshdesk"))]
pub fn on(target: &JsValue, event: &str, handler: Box<dyn Fn(JsValue)>) {
    // Boxed, not generic: one copy of the closure glue for every handler.
    let handler = wasm_bindgen::closure::Closure::wrap(handler);
    let _ = call(target, "on", &[event.into(), handler.as_ref().clone()]);
    handler.forget();
}

/// A plain object with these properties (options objects for the SDKs). Built in place
/// rather than through `serde_json::Value`, which would add its code to every sidebar's
/// download.
pub fn object(properties: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (name, value) in properties {
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object.into()
}

/// The `content` of the page's `<meta>` that `selector` finds (`meta[name=…]`), if any.
pub fn meta(selector: &str) -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector(selector)
        .ok()??
        .get_attribute("content")
}

/// `JSON.stringify(value)` (the browser's, not serde_json's: see [`object`]).
pub fn json(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// What a thrown value or rejection says, for a message.
pub fn describe(error: &JsValue) -> String {
    if let Some(s) = error.as_string() {
        return s;
    }
    if let Some(message) = string(error, "message") {
        return message;
    }
    js_sys::JSON::stringify(error)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Adds `value` to `list` unless it is absent or already there (case-insensitively).
#[cfg(any(feature = "zendesk", feature = "freshdesk", feature = "cif"))]
pub fn push_unique(list: &mut Vec<String>, value: Option<String>) {
    if let Some(value) = value
        && !list.iter().any(|v| v.eq_ignore_ascii_case(&value))
    {
        list.push(value);
    }
}
