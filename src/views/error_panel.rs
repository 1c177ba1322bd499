//! A failed lookup: what went wrong and what to do, in the agent's words; the proxy's own
//! detail beneath (it names the field, the CRM and the wait, in English); and "Try again" when
//! trying again can help.

use crate::i18n::t;
use crate::transport::{LookupError, words};
use leptos::prelude::*;

/// The error state.
#[component]
pub fn ErrorPanel(
    /// What went wrong.
    error: LookupError,
    /// Runs the same lookup again.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    let (title, message, detail, retryable) = match &error {
        LookupError::Api(body) => {
            let (title, help) = words(body.code);
            (
                t(title),
                t(help),
                Some(body.message.clone()),
                body.is_retryable(),
            )
        }
        LookupError::Network => (t("error-network"), t("error-network-help"), None, true),
        LookupError::Host(message) => (t("error-host"), message.text(), None, false),
        LookupError::Unexpected(detail) => (
            t("error-unexpected"),
            t("error-unexpected-help"),
            Some(detail.clone()),
            true,
        ),
    };
    view! {
        <div class="error-panel" role="alert">
            <h2>{title}</h2>
            <p>{message}</p>
            {detail.map(|detail| view! { <p class="detail">{detail}</p> })}
            {retryable.then(|| view! {
                <button type="button" class="retry" on:click=move |_| on_retry.run(())>
                    {t("error-try-again")}
                </button>
            })}
        </div>
    }
}
