//! Nobody matched: say exactly what was searched, so the agent knows what to try next, and
//! let them create the contact or lead.

use super::sentence::{Value, sentence};
use crate::host::Host;
use crate::i18n::t;
use crate::on_demand;
use leptos::prelude::*;
use sidecard_model::{Record, Searched};
use wasm_bindgen::JsValue;

/// The no-match state.
#[component]
pub fn NoMatch(
    /// What the proxy searched for.
    searched: Searched,
    /// Called with the person the agent created.
    #[prop(into)]
    on_created: Callback<Record>,
) -> impl IntoView {
    let creating = RwSignal::new(false);
    let form_searched = searched.clone();
    let emails = searched
        .emails
        .iter()
        .map(|e| view! { <li>{sentence("no-match-email", ("email", e.clone()), &[], Value::Code)}</li> })
        .collect_view();
    let phones = searched
        .phones
        .iter()
        .map(|p| {
            let formats = p
                .formats
                .iter()
                .skip(1)
                .take(6)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            // A number with no other written forms says so, rather than "also written as".
            let (id, more) = if formats.is_empty() {
                ("no-match-phone-only", Vec::new())
            } else {
                (
                    "no-match-phone",
                    vec![("formats", JsValue::from_str(&formats))],
                )
            };
            view! { <li>{sentence(id, ("phone", p.e164.clone()), &more, Value::Code)}</li> }
        })
        .collect_view();
    // Where the host has its own new-contact form (Dynamics), the agent may start that too.
    let host_form = Host::from_context()
        .filter(|host| host.creates_contacts())
        .map(|host| {
            let searched = searched.clone();
            view! {
                <button type="button" class="secondary host-form" on:click=move |_| host.create_contact(&searched)>
                    {t("no-match-host-form")}
                </button>
            }
        });
    view! {
        <section class="card no-match" role="status">
            <h2>{t("no-match-title")}</h2>
            <p>{t("no-match-searched")}</p>
            <ul>{emails}{phones}</ul>
            <p class="hint">{t("no-match-hint")}</p>
            <button type="button" class="create" on:click=move |_| creating.set(true)>
                {t("no-match-create")}
            </button>
            {host_form}
        </section>
        {move || creating.get().then(|| {
            let searched = form_searched.clone();
            on_demand::view(on_demand::nothing, move || on_demand::create_person(
                searched.clone(),
                on_created,
                Callback::new(move |()| creating.set(false)),
            ))
        })}
    }
}
