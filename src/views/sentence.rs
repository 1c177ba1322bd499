//! A sentence from the catalog with values from the CRM or the host in it (a name, what
//! matched, what was searched): each value in an element of its own, where the language puts
//! it. The element isolates the value's direction, so an Arabic or Hebrew name, or a
//! direction override typed into a CRM field, reorders only itself and never the words
//! around it; and, unlike Fluent's isolation marks, it adds no invisible characters to what an
//! agent copies or a screen reader reads.

use crate::i18n::sentence_parts;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// How a value stands in its sentence.
#[derive(Clone, Copy)]
pub enum Value {
    /// Text like the sentence's own (`<bdi>`).
    Text,
    /// Something searched, shown as typed (`<code dir="auto">`).
    Code,
}

/// Message `id` with its variable `name` set to `value`, in an element of its own, and
/// `other` variables as plain text.
pub fn sentence(
    id: &str,
    (name, value): (&'static str, String),
    other: &[(&str, JsValue)],
    kind: Value,
) -> impl IntoView + use<> {
    let mut value = Some(value);
    sentence_parts(id, &[name], other)
        .into_iter()
        .map(|(text, at)| {
            let value = at.and_then(|_| value.take()).map(|v| match kind {
                Value::Text => view! { <bdi>{v}</bdi> }.into_any(),
                Value::Code => view! { <code dir="auto">{v}</code> }.into_any(),
            });
            view! { {text} {value} }
        })
        .collect_view()
}
