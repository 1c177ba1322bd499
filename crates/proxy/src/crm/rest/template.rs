//! Filling a description's request templates: `{name}` placeholders, each filled as its
//! context needs, never pasted as text into a URL.
//!
//! - In a path, a value is one percent-encoded segment: it cannot add a segment (`/`), a
//!   query (`?`), a fragment (`#`) or climb (`..`).
//! - In a query, a value goes to the HTTP client as a parameter's value, which encodes it.
//! - In a JSON body, a value fills a string and is serialized as JSON, so it cannot end it.

use crate::crm::wire::encode;
use std::collections::HashMap;

/// A placeholder's name: lowercase letters, digits and `_` (so `{"where": …}` in a query is
/// JSON, not a placeholder).
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// `text` cut at its placeholders: literal text, then each `{name}` as `Err(name)`.
fn parts(text: &str) -> Vec<Result<&str, &str>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let name_len = rest[start + 1..].find('}');
        match name_len {
            Some(len) if is_name(&rest[start + 1..start + 1 + len]) => {
                out.push(Ok(&rest[..start]));
                out.push(Err(&rest[start + 1..start + 1 + len]));
                rest = &rest[start + len + 2..];
            }
            _ => {
                out.push(Ok(&rest[..=start]));
                rest = &rest[start + 1..];
            }
        }
    }
    out.push(Ok(rest));
    out
}

/// The placeholder names `text` holds, in order.
pub(super) fn placeholders(text: &str) -> Vec<String> {
    parts(text)
        .into_iter()
        .filter_map(|p| p.err().map(str::to_owned))
        .collect()
}

/// Where a template is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Context {
    /// A URL path: each value one encoded segment.
    Path,
    /// A query value or a JSON string: the value as it is (the client or the serializer
    /// escapes it).
    Raw,
}

/// `text` with every placeholder replaced by its value in `values`, as `context` needs.
/// Unknown names are left as they are (the description was checked at start-up).
pub(super) fn fill(text: &str, values: &HashMap<&str, String>, context: Context) -> String {
    let mut out = String::with_capacity(text.len());
    for part in parts(text) {
        match part {
            Ok(literal) => out.push_str(literal),
            Err(name) => match (values.get(name), context) {
                (Some(value), Context::Path) => out.push_str(&segment(value)),
                (Some(value), Context::Raw) => out.push_str(value),
                (None, _) => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// `value` as one path segment: percent-encoded, and never a dot segment (which a URL parser
/// would resolve, climbing out of the path).
fn segment(value: &str) -> String {
    match value {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        other => encode(other),
    }
}

/// A TOML body template as JSON, each string filled (raw: serialization escapes it).
pub(super) fn body(template: &toml::Value, values: &HashMap<&str, String>) -> serde_json::Value {
    use serde_json::Value as Json;
    match template {
        toml::Value::String(s) => Json::String(fill(s, values, Context::Raw)),
        toml::Value::Integer(n) => Json::from(*n),
        toml::Value::Float(f) => Json::from(*f),
        toml::Value::Boolean(b) => Json::Bool(*b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(items) => Json::Array(items.iter().map(|v| body(v, values)).collect()),
        toml::Value::Table(table) => Json::Object(
            table
                .iter()
                .map(|(k, v)| (k.clone(), body(v, values)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> HashMap<&'static str, String> {
        HashMap::from([
            ("email", "a&b=c@x.example".to_owned()),
            ("id", "../admin".to_owned()),
            ("dots", "..".to_owned()),
            ("quote", "\"}, \"x\": 1".to_owned()),
        ])
    }

    #[test]
    fn placeholders_are_listed_in_order() {
        assert_eq!(placeholders("/a/{id}/b?{x}{y}"), ["id", "x", "y"]);
        assert!(placeholders("/plain").is_empty());
        // JSON in a query value is no placeholder; the one inside it is.
        let json = r#"{"where":{"email":"{email}"}}"#;
        assert_eq!(placeholders(json), ["email"]);
        assert_eq!(
            fill(json, &values(), Context::Raw),
            r#"{"where":{"email":"a&b=c@x.example"}}"#
        );
    }

    #[test]
    fn a_value_cannot_change_the_path() {
        assert_eq!(
            fill("/companies/{id}", &values(), Context::Path),
            "/companies/..%2Fadmin"
        );
        assert_eq!(fill("/c/{dots}", &values(), Context::Path), "/c/%2E%2E");
        assert_eq!(fill("{unknown}/x", &values(), Context::Path), "{unknown}/x");
    }

    #[test]
    fn a_value_cannot_leave_its_json_string() {
        let template: toml::Value = toml::from_str(
            r#"filter = { email = "{email}", note = "{quote}" }
               limit = 5"#,
        )
        .unwrap();
        let json = body(&template, &values());
        assert_eq!(json["filter"]["note"], "\"}, \"x\": 1");
        assert_eq!(json["limit"], 5);
        assert!(json.get("x").is_none());
    }
}
