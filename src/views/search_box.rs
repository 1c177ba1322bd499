//! The search box of the standalone host: one field that takes an email or a phone number.

use crate::i18n::t;
use leptos::prelude::*;
use sidecard_model::LookupRequest;

/// Type an email or phone, press Enter or "Look up".
#[component]
pub fn SearchBox(
    /// The current subject, shown in the box.
    #[prop(into)]
    subject: Signal<LookupRequest>,
    /// Called with what the agent asked for.
    #[prop(into)]
    on_search: Callback<LookupRequest>,
) -> impl IntoView {
    let initial = subject.with_untracked(|s| {
        s.emails
            .first()
            .or_else(|| s.phones.first())
            .cloned()
            .unwrap_or_default()
    });
    let text = RwSignal::new(initial);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_search.run(LookupRequest::from_typed(&text.get_untracked()));
    };
    view! {
        <form class="search" role="search" on:submit=submit>
            <label class="visually-hidden" for="sidecard-q">{t("search-box-label")}</label>
            <input
                id="sidecard-q"
                name="q"
                type="search"
                placeholder=t("search-box-placeholder")
                autocomplete="off"
                spellcheck="false"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            />
            <button type="submit">{t("search-box-submit")}</button>
        </form>
    }
}
