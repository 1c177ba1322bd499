//! The states before an answer: nothing to look up yet, and looking up.

use crate::i18n::t;
use leptos::prelude::*;

/// Shown when there is no one to look up: `text` says how to name someone (the host's words).
#[component]
pub fn Prompt(
    /// What the agent can do to see a customer.
    #[prop(into)]
    text: String,
) -> impl IntoView {
    view! { <p class="prompt">{text}</p> }
}

/// A placeholder in the shape of the card, painted at once while the proxy answers.
#[component]
pub fn Skeleton() -> impl IntoView {
    view! {
        <div class="skeleton" role="status" aria-busy="true" aria-live="polite">
            <span class="visually-hidden">{t("skeleton-looking-up")}</span>
            <div class="card">
                <div class="bone title"></div>
                <div class="bone"></div>
                <div class="bone short"></div>
            </div>
            <div class="card">
                <div class="bone title"></div>
                <div class="bone"></div>
            </div>
        </div>
    }
}
