//! The settings page's lookup and call options: which emails are searched, whether leads are,
//! the phone region, what "create" does about duplicates and what "call" opens.

use super::settings_page::edit;
use crate::i18n::sentence_parts;
use crate::i18n::t;
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
        <section class="lookup-options" aria-label=t("lookup-options-label")>
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
                {t("lookup-options-secondary-emails")}
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
                {t("lookup-options-fall-back-to-leads")}
            </label>
            <label>
                {t("lookup-options-region")}
                " "
                <input
                    type="text"
                    class="default-region"
                    maxlength="2"
                    size="3"
                    placeholder=t("lookup-options-region-placeholder")
                    prop:value=region
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        set(Box::new(move |s| {
                            s.lookup.default_region = (!text.trim().is_empty()).then(|| text.clone());
                        }));
                    }
                />
                <span class="hint">" " {t("lookup-options-region-hint")}</span>
            </label>
            <label>
                {t("lookup-options-duplicates")}
                " "
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
                        {t("lookup-options-duplicates-block")}
                    </option>
                    <option value="warn" selected=move || policy() == DuplicatePolicy::Warn>
                        {t("lookup-options-duplicates-warn")}
                    </option>
                    <option value="allow" selected=move || policy() == DuplicatePolicy::Allow>
                        {t("lookup-options-duplicates-allow")}
                    </option>
                </select>
            </label>
            <label>
                {t("lookup-options-dial")}
                " "
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
                    " "
                    // One sentence; its three values are code, wherever the language puts them.
                    {move || {
                        let url = dial_url(&template(), "+14255550100");
                        sentence_parts("lookup-options-dial-hint", &["e164", "digits", "url"], &[])
                            .into_iter()
                            .map(|(text, value)| {
                                let code = value.map(|i| {
                                    let value = match i {
                                        0 => "{e164}".to_owned(),
                                        1 => "{digits}".to_owned(),
                                        _ => url.clone(),
                                    };
                                    view! { <code>{value}</code> }
                                });
                                view! { {text} {code} }
                            })
                            .collect_view()
                    }}
                </span>
            </label>
        </section>
    }
}
