//! A failed lookup: what went wrong in words, and "Try again" when trying again can help.

use crate::api::LookupError;
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
    let (title, message, retryable) = match &error {
        LookupError::Api(body) => {
            let title = match body.code {
                ErrorCode::InvalidEmail
                | ErrorCode::InvalidPhone
                | ErrorCode::NoLookupKey
                | ErrorCode::TooManyKeys
                | ErrorCode::InvalidRequest => "Check what was searched",
                ErrorCode::InvalidJson | ErrorCode::InvalidSettings | ErrorCode::TooLarge => {
                    "Check the settings"
                }
                ErrorCode::Unauthorized => "Sidecard doesn't recognise this app",
                ErrorCode::Forbidden => "Only an admin can do this",
                ErrorCode::Conflict => "Someone else saved first",
                ErrorCode::Duplicate => "Already in the CRM",
                ErrorCode::NotSupported => "Not available for this CRM",
                // The message says whose limit it is and when to try again.
                ErrorCode::CrmThrottled | ErrorCode::CrmBusy | ErrorCode::RateLimited => {
                    "Too busy right now"
                }
                ErrorCode::CrmTimeout | ErrorCode::RequestTimeout => "Taking too long",
                ErrorCode::CrmTooLarge => "Too much to show",
                ErrorCode::CrmUnavailable => "The CRM did not answer",
                ErrorCode::CrmAuth => "Sidecard can't sign in to the CRM",
                ErrorCode::NotFound | ErrorCode::Internal | ErrorCode::Unknown => {
                    "Something went wrong"
                }
            };
            (title, body.message.clone(), body.is_retryable())
        }
        LookupError::Network => (
            "Can't reach Sidecard",
            "Check your connection. If it works, the Sidecard proxy may be down: tell your admin."
                .to_owned(),
            true,
        ),
        LookupError::Host(detail) => ("Sidecard can't read this page", detail.clone(), false),
        LookupError::Unexpected(detail) => (
            "Sidecard answered unexpectedly",
            format!("Tell your admin: {detail}."),
            true,
        ),
    };
    view! {
        <div class="error-panel" role="alert">
            <h2>{title}</h2>
            <p>{message}</p>
            {retryable.then(|| view! {
                <button type="button" class="retry" on:click=move |_| on_retry.run(())>
                    "Try again"
                </button>
            })}
        </div>
    }
}
