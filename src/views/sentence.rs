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

/// Message `id` with `values` (its variables, by name) each in its own element, and `other`
/// variables as plain text.
pub fn sentence(
    id: &str,
    values: Vec<(&'static str, String)>,
    other: &[(&str, JsValue)],
    kind: Value,
) -> impl IntoView + use<> {
    let names: Vec<&str> = values.iter().map(|(name, _)| *name).collect();
    let parts = sentence_parts(id, &names, other);
    let mut values: Vec<Option<String>> = values.into_iter().map(|(_, v)| Some(v)).collect();
    parts
        .into_iter()
        .map(|(text, at)| {
            let value = at.and_then(|i| values[i].take()).map(|v| match kind {
                Value::Text => view! { <bdi>{v}</bdi> }.into_any(),
                Value::Code => view! { <code dir="auto">{v}</code> }.into_any(),
            });
            view! { {text} {value} }
        })
        .collect_view()
}
