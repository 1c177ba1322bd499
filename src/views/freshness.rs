//! How old the answer is: a notice, with "Try again", when it is the last known one because
//! the CRM cannot answer now; a discreet "Updated N min ago" when a reused answer is older
//! than a minute; nothing for a current one.

use crate::i18n::{self, t, t_args};
use crate::locale::{AgentLocale, time};
use leptos::either::Either;
use leptos::prelude::*;
use sidecard_model::{Stale, StaleReason};
use wasm_bindgen::JsValue;

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
        let minutes = ((js_sys::Date::now() - fetched?) / 60_000.0) as usize;
        return (minutes >= 1).then(|| {
            let text = t_args("freshness-updated", &[("minutes", i18n::count(minutes))]);
            Either::Left(view! { <p class="as-of">{text}</p> })
        });
    };
    // Why, as the catalog's `$reason` selects it: each reason is a whole sentence there.
    let why = match reason {
        StaleReason::CrmUnavailable => "unavailable",
        StaleReason::CrmThrottled => "throttled",
        StaleReason::CrmTimeout => "timeout",
    };
    // A stale answer always says so, with its time when the proxy gave a readable one.
    let locale = AgentLocale::get();
    let text = match fetched {
        Some(at) => {
            let at = time(at, locale.as_deref().unwrap_or("en-US"));
            t_args(
                "freshness-stale-as-of",
                &[
                    ("reason", JsValue::from_str(why)),
                    ("time", JsValue::from_str(&at)),
                ],
            )
        }
        None => t_args("freshness-stale", &[("reason", JsValue::from_str(why))]),
    };
    Some(Either::Right(view! {
        <div class="card stale" role="status">
            <p>{text}</p>
            <button type="button" class="retry" on:click=move |_| on_retry.run(())>
                {t("freshness-try-again")}
            </button>
        </div>
    }))
}
