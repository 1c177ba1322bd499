//! A failed lookup: what went wrong and what to do, in the agent's words; the proxy's own
//! detail beneath (it names the field, the CRM and the wait, in English); and "Try again" when
//! trying again can help.

use crate::i18n::t;
use crate::transport::LookupError;
use leptos::prelude::*;
use sidecard_model::ErrorCode;

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
            let (title, help) = match body.code {
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
                ErrorCode::CrmUnavailable => {
                    ("error-crm-unavailable", "error-crm-unavailable-help")
                }
                ErrorCode::CrmAuth => ("error-crm-auth", "error-crm-auth-help"),
                ErrorCode::NotFound | ErrorCode::Internal | ErrorCode::Unknown => {
                    ("error-other", "error-other-help")
                }
            };
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
