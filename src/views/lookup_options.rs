//! The settings page's lookup and call options: which emails are searched, whether leads are,
//! the phone region, what "create" does about duplicates and what "call" opens.

use super::settings_page::edit;
use leptos::prelude::*;
use sidecard_model::settings::dial_url;
use sidecard_model::{DuplicatePolicy, Settings};

/// The lookup and call options.
#[component]
pub fn LookupOptions(
    /// The document being edited.
    draft: RwSignal<Option<Settings>>,
) -> impl IntoView {
    let read =
        move |get: fn(&Settings) -> bool| move || draft.with(|d| d.as_ref().is_some_and(get));
    let set = move |change: Box<dyn Fn(&mut Settings)>| edit(draft, change);
    let region = move || {
        draft.with(|d| {
            d.as_ref()
                .and_then(|d| d.lookup.default_region.clone())
                .unwrap_or_default()
        })
    };
    let policy = move || draft.with(|d| d.as_ref().map(|d| d.duplicate_policy).unwrap_or_default());
    let template = move || {
        draft.with(|d| {
            d.as_ref()
                .map(|d| d.dial_url_template.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <section class="lookup-options" aria-label="Lookup and calls">
            <label class="toggle">
                <input
                    type="checkbox"
                    class="secondary-emails"
                    prop:checked=read(|s| s.lookup.search_secondary_emails)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        set(Box::new(move |s| s.lookup.search_secondary_emails = on));
                    }
                />
                "Search every email field, not only the primary one"
            </label>
            <label class="toggle">
                <input
                    type="checkbox"
                    class="fall-back-to-leads"
                    prop:checked=read(|s| s.lookup.fall_back_to_leads)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        set(Box::new(move |s| s.lookup.fall_back_to_leads = on));
                    }
                />
                "Search open leads when no contact matches"
            </label>
            <label>
                "Country for numbers without a country code "
                <input
                    type="text"
                    class="default-region"
                    maxlength="2"
                    size="3"
                    placeholder="US"
                    prop:value=region
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        set(Box::new(move |s| {
                            s.lookup.default_region = (!text.trim().is_empty()).then(|| text.clone());
                        }));
                    }
                />
                <span class="hint">" Two letters (US, GB, DE). Empty: the proxy's default."</span>
            </label>
            <label>
                "When a new contact looks like a duplicate "
                <select
                    class="duplicate-policy"
                    on:change=move |ev| {
                        let policy = match event_target_value(&ev).as_str() {
                            "block" => DuplicatePolicy::Block,
                            "allow" => DuplicatePolicy::Allow,
                            _ => DuplicatePolicy::Warn,
                        };
                        set(Box::new(move |s| s.duplicate_policy = policy));
                    }
                >
                    <option value="block" selected=move || policy() == DuplicatePolicy::Block>
                        "Block it and show the existing record"
                    </option>
                    <option value="warn" selected=move || policy() == DuplicatePolicy::Warn>
                        "Warn, and let the agent create it anyway"
                    </option>
                    <option value="allow" selected=move || policy() == DuplicatePolicy::Allow>
                        "Create it without asking"
                    </option>
                </select>
            </label>
            <label>
                "Call link "
                <input
                    type="text"
                    class="dial-template"
                    prop:value=template
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        set(Box::new(move |s| s.dial_url_template = text.clone()));
                    }
                />
                <span class="hint">
                    " " <code>"{e164}"</code> " or " <code>"{digits}"</code>
                    " is the number. +1 425 555 0100 would open: "
                    <code>{move || dial_url(&template(), "+14255550100")}</code>
                </span>
            </label>
        </section>
    }
}
