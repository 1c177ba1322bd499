//! The call the agent asked for by clicking a number in the host: who it is shows below, the
//! link places the call through the admin's dial URL (`tel:`, a softphone or a PBX).

use super::sentence::{Value, sentence};
use leptos::prelude::*;
use sidecard_model::Searched;

/// "Call <number>" for each number looked up.
#[component]
pub fn CallBar(
    /// What was looked up; each phone carries its dial link.
    searched: Searched,
) -> impl IntoView {
    searched
        .phones
        .into_iter()
        .filter_map(|phone| {
            let dial = phone.dial?;
            // The number as the host gave it, isolated from the words around it.
            let text = sentence("call-bar-call", ("number", phone.input), &[], Value::Text);
            Some(view! {
                <a class="call" href=dial>{text}</a>
            })
        })
        .collect_view()
}
