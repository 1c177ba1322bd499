//! How old the answer is: a notice, with "Try again", when it is the last known one because
//! the CRM cannot answer now; a discreet "Updated N min ago" when a reused answer is older
//! than a minute; nothing for a current one.

use crate::locale::{AgentLocale, time};
use leptos::either::Either;
use leptos::prelude::*;
use sidecard_model::{Stale, StaleReason};

/// The answer's age and, when stale, why; `None` for a current answer. `on_retry` asks the
/// CRM again, waiting for its answer.
pub fn freshness(
    as_of: Option<String>,
    stale: Option<Stale>,
    on_retry: Callback<()>,
) -> Option<impl IntoView> {
    let fetched = as_of
        .map(|t| js_sys::Date::parse(&t))
        .filter(|t| t.is_finite());
    let Some(Stale { reason }) = stale else {
        let minutes = ((js_sys::Date::now() - fetched?) / 60_000.0) as u32;
        return (minutes >= 1).then(|| {
            Either::Left(view! { <p class="as-of">{format!("Updated {minutes} min ago")}</p> })
        });
    };
    let why = match reason {
        StaleReason::CrmUnavailable => "the CRM isn't answering",
        StaleReason::CrmThrottled => "the CRM asked Sidecard to slow down",
        StaleReason::CrmTimeout => "the CRM is slow to answer",
    };
    // A stale answer always says so, with its time when the proxy gave a readable one.
    let locale = AgentLocale::get();
    let text = match fetched {
        Some(t) => format!(
            "As of {} — {why}; this may be out of date.",
            time(t, locale.as_deref().unwrap_or("en-US"))
        ),
        None => format!("{why}; this may be out of date."),
    };
    Some(Either::Right(view! {
        <div class="card stale" role="status">
            <p>{text}</p>
            <button type="button" class="retry" on:click=move |_| on_retry.run(())>
                "Try again"
            </button>
        </div>
    }))
}
