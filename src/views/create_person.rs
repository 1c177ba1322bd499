//! Create the contact or lead the lookup did not find: a short form filled from the host
//! (the requester's name split in two, the searched email and phone, the company), sent under
//! the install's duplicate policy. Likely duplicates are shown with why they match; under
//! `warn` the agent may create anyway, under `block` not.

use crate::api::{self, Created, NewPerson};
use crate::host::Host;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sidecard_model::{Customer, Entity, Record, Searched};

/// Where the form is.
#[derive(Clone)]
enum Phase {
    /// Being filled in (with the last failure, if any).
    Editing(Option<String>),
    /// On its way.
    Saving,
    /// The CRM already has likely matches.
    Duplicates {
        message: String,
        existing: Vec<Customer>,
        create_anyway: bool,
    },
}

/// The create form.
#[component]
pub fn CreatePerson(
    /// What the lookup searched: the email and phone to start from.
    searched: Searched,
    /// Called with the new record.
    #[prop(into)]
    on_created: Callback<Record>,
    /// Back to "No customer found".
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let Some(host) = Host::from_context() else {
        return ().into_any();
    };
    let lead = RwSignal::new(false);
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let email = RwSignal::new(searched.emails.first().cloned().unwrap_or_default());
    let phone = RwSignal::new(
        searched
            .phones
            .first()
            .map(|p| p.e164.clone())
            .unwrap_or_default(),
    );
    let company = RwSignal::new(String::new());
    let phase = RwSignal::new(Phase::Editing(None));
    let agent = RwSignal::new(None::<String>);
    let host = StoredValue::new_local(host);
    // The host's name for the customer, split at the last space ("Ana María García").
    spawn_local(async move {
        let context = host.get_value().context().await;
        if let Some(name) = context.name.map(|n| n.trim().to_owned()) {
            let (given, family) = name.rsplit_once(' ').unwrap_or(("", &name));
            first.set(given.trim().to_owned());
            last.set(family.to_owned());
        }
        if let Some(name) = context.company {
            company.set(name);
        }
        agent.set(context.agent);
    });
    let send = move |create_anyway: bool| {
        phase.set(Phase::Saving);
        let person = NewPerson {
            entity: if lead.get_untracked() {
                Entity::Lead
            } else {
                Entity::Contact
            },
            first_name: first.get_untracked(),
            last_name: last.get_untracked(),
            email: email.get_untracked(),
            phone: phone.get_untracked(),
            company: company.get_untracked(),
            create_anyway,
            agent: agent.get_untracked(),
        };
        let host = host.get_value();
        spawn_local(async move {
            match api::create_person(&host, &person).await {
                Ok(Created::Person(record)) => on_created.run(record),
                Ok(Created::Duplicates {
                    message,
                    existing,
                    create_anyway,
                }) => phase.set(Phase::Duplicates {
                    message,
                    existing,
                    create_anyway,
                }),
                Err(e) => phase.set(Phase::Editing(Some(e.message()))),
            }
        });
    };
    let field = move |id: &'static str,
                      label: &'static str,
                      value: RwSignal<String>,
                      kind: &'static str| {
        view! {
            <label for=id>{label}</label>
            <input
                id=id
                type=kind
                maxlength="160"
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        }
    };
    (move || match phase.get() {
        Phase::Duplicates {
            message,
            existing,
            create_anyway,
        } => view! {
            <section class="card duplicates" role="alert">
                <h2>"Already in the CRM?"</h2>
                <p>{message}</p>
                <ul>
                    {existing
                        .into_iter()
                        .map(|c| view! {
                            <li>
                                <strong>{c.person.title.clone()}</strong>
                                " (" {c.person.entity.label()} ") "
                                <span class="matched-on">{c.match_summary()}</span>
                            </li>
                        })
                        .collect_view()}
                </ul>
                {create_anyway.then(|| view! {
                    <button type="button" class="create-anyway" on:click=move |_| send(true)>
                        "Create anyway"
                    </button>
                })}
                <button type="button" class="secondary" on:click=move |_| phase.set(Phase::Editing(None))>
                    "Back to the form"
                </button>
            </section>
        }
        .into_any(),
        current => {
            let saving = matches!(current, Phase::Saving);
            let failed = match current {
                Phase::Editing(failed) => failed,
                _ => None,
            };
            view! {
                <form class="card create-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    send(false);
                }>
                    <h2>"New contact or lead"</h2>
                    <fieldset class="entity">
                        <label>
                            <input type="radio" name="sidecard-entity" prop:checked=move || !lead.get()
                                on:change=move |_| lead.set(false) />
                            "Contact"
                        </label>
                        <label>
                            <input type="radio" name="sidecard-entity" prop:checked=move || lead.get()
                                on:change=move |_| lead.set(true) />
                            "Lead"
                        </label>
                    </fieldset>
                    {field("sidecard-first", "First name", first, "text")}
                    {field("sidecard-last", "Last name (required)", last, "text")}
                    {field("sidecard-email", "Email", email, "email")}
                    {field("sidecard-phone", "Phone", phone, "tel")}
                    {field("sidecard-company", "Company", company, "text")}
                    {failed.map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                    <button type="submit" class="create-save" disabled=saving>
                        {if saving { "Creating…" } else { "Create" }}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>
                        "Cancel"
                    </button>
                </form>
            }
            .into_any()
        }
    })
    .into_any()
}
