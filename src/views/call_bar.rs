//! The call the agent asked for by clicking a number in the host: who it is shows below, the
//! link places the call through the admin's dial URL (`tel:`, a softphone or a PBX).

use crate::i18n::t_args;
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
            let text = t_args("call-bar-call", &[("number", phone.input.as_str().into())]);
            Some(view! {
                <a class="call" href=dial>{text}</a>
            })
        })
        .collect_view()
}
