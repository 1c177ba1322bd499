//! Nobody matched: say exactly what was searched, so the agent knows what to try next, and
//! let them create the contact or lead.

use super::create_person::CreatePerson;
use crate::host::Host;
use leptos::prelude::*;
use sidecard_model::{Record, Searched};

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
        .map(|e| view! { <li>"Email " <code>{e.clone()}</code> " in every email field"</li> })
        .collect_view();
    let phones = searched
        .phones
        .iter()
        .map(|p| {
            view! {
                <li>
                    "Phone " <code>{p.e164.clone()}</code> " in every phone field, also written as "
                    {p.formats.iter().skip(1).take(6).cloned().collect::<Vec<_>>().join(", ")}
                </li>
            }
        })
        .collect_view();
    // Where the host has its own new-contact form (Dynamics), the agent may start that too.
    let host_form = Host::from_context()
        .filter(Host::creates_contacts)
        .map(|host| {
            let searched = searched.clone();
            view! {
                <button type="button" class="secondary host-form" on:click=move |_| host.create_contact(&searched)>
                    "Open Dynamics' form"
                </button>
            }
        });
    view! {
        <section class="card no-match" role="status">
            <h2>"No customer found"</h2>
            <p>"No contact or open lead in the CRM matches:"</p>
            <ul>{emails}{phones}</ul>
            <p class="hint">
                "Check the spelling, or search for another address or number the customer uses."
            </p>
            <button type="button" class="create" on:click=move |_| creating.set(true)>
                "Create contact or lead"
            </button>
            {host_form}
        </section>
        {move || creating.get().then(|| view! {
            <CreatePerson
                searched=form_searched.clone()
                on_created=on_created
                on_cancel=move |_| creating.set(false)
            />
        })}
    }
}
