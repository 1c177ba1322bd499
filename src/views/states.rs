//! The states before an answer: nothing to look up yet, and looking up.

use leptos::prelude::*;

/// Shown when there is no one to look up.
#[component]
pub fn Prompt(
    /// Whether the agent can type (standalone), or the host named a customer without an
    /// email or phone.
    searchable: bool,
) -> impl IntoView {
    let text = if searchable {
        "Type the customer's email or phone number to see their CRM record."
    } else {
        "The help desk gives no email address or phone number for this customer, so there is nothing to look up."
    };
    view! { <p class="prompt">{text}</p> }
}

/// A placeholder in the shape of the card, painted at once while the proxy answers.
#[component]
pub fn Skeleton() -> impl IntoView {
    view! {
        <div class="skeleton" role="status" aria-busy="true" aria-live="polite">
            <span class="visually-hidden">"Looking up the customer…"</span>
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
