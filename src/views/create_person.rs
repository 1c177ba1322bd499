//! Create the contact or lead the lookup did not find: a short form filled from the host
//! (the requester's name split in two, the searched email and phone, the company), sent under
//! the install's duplicate policy. Likely duplicates are shown with why they match; under
//! `warn` the agent may create anyway, under `block` not. Below the built-in boxes, the fields
//! the admin added and the CRM requires (`GET /api/v1/people/form`), each typed as the CRM
//! types it; the host's other emails and phones fill the email and phone fields among them.

use super::sentence::{Value, sentence};
use crate::api::{self, Created, NewPerson};
use crate::host::Host;
use crate::i18n::{self, t, t_args};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sidecard_model::people::PersonForm;
use sidecard_model::{Customer, Entity, FieldInfo, FieldKind, Record, Searched};
use wasm_bindgen::JsCast;

/// Where the form is.
#[derive(Clone)]
enum Phase {
    /// Being filled in (with the last failure, if any).
    Editing(Option<String>),
    /// On its way.
    Saving,
    /// The CRM already has likely matches.
    Duplicates {
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
    // The other fields' values as last sent, by key (a checkbox's as "true"/"false"): the
    // inputs themselves hold them while the form shows.
    let extra = StoredValue::new(Vec::<(String, String)>::new());
    let form = RwSignal::new(PersonForm::default());
    let phase = RwSignal::new(Phase::Editing(None));
    // Every address and number the host knows beyond the first two boxes' (a second email, a
    // mobile), for the email and phone fields the admin added.
    let others_known = StoredValue::new((
        searched.emails.iter().skip(1).cloned().collect::<Vec<_>>(),
        searched
            .phones
            .iter()
            .skip(1)
            .map(|p| p.e164.clone())
            .collect::<Vec<_>>(),
    ));
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
    // Without it the form still creates; a field the CRM requires is then the proxy's to name.
    spawn_local(async move {
        if let Ok(fields) = api::person_form(&host.get_value()).await {
            form.set(fields);
        }
    });
    let send = move |create_anyway: bool| {
        phase.set(Phase::Saving);
        let entity = if lead.get_untracked() {
            Entity::Lead
        } else {
            Entity::Contact
        };
        // Read from the form's inputs (only this entity's: what was typed for the other
        // stays behind); "create anyway" sends what the form had.
        if !create_anyway {
            let fields = form.with_untracked(|f| f.of(entity).iter().map(read_field).collect());
            extra.set_value(fields);
        }
        let fields = extra.get_value();
        let person = NewPerson {
            entity,
            first_name: first.get_untracked(),
            last_name: last.get_untracked(),
            email: email.get_untracked(),
            phone: phone.get_untracked(),
            company: company.get_untracked(),
            fields,
            create_anyway,
            agent: agent.get_untracked(),
        };
        let host = host.get_value();
        spawn_local(async move {
            match api::create_person(&host, &person).await {
                Ok(Created::Person(record)) => on_created.run(record),
                Ok(Created::Duplicates {
                    existing,
                    create_anyway,
                }) => phase.set(Phase::Duplicates {
                    existing,
                    create_anyway,
                }),
                Err(e) => phase.set(Phase::Editing(Some(e.message()))),
            }
        });
    };
    let field =
        move |id: &'static str, label: String, value: RwSignal<String>, kind: &'static str| {
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
            existing,
            create_anyway,
        } => view! {
            <section class="card duplicates" role="alert">
                <h2>{t("create-person-duplicates-title")}</h2>
                <p>{duplicates_said(&existing, create_anyway)}</p>
                <ul>
                    {existing
                        .into_iter()
                        .map(|c| view! {
                            <li>
                                <strong>{c.person.title.clone()}</strong>
                                " "
                                {t_args(
                                    "create-person-duplicate-entity",
                                    &[("entity", i18n::entity(c.person.entity).into())],
                                )}
                                " "
                                <span class="matched-on">{c.match_summary()}</span>
                            </li>
                        })
                        .collect_view()}
                </ul>
                {create_anyway.then(|| view! {
                    <button type="button" class="create-anyway" on:click=move |_| send(true)>
                        {t("create-person-create-anyway")}
                    </button>
                })}
                <button type="button" class="secondary" on:click=move |_| phase.set(Phase::Editing(None))>
                    {t("create-person-back")}
                </button>
            </section>
        }
        .into_any(),
        current => {
            let saving = matches!(current, Phase::Saving);
            // The other fields, for the entity chosen, once the form and the box exist.
            let others = NodeRef::<leptos::html::Div>::new();
            Effect::new(move |_| {
                let entity = if lead.get() { Entity::Lead } else { Entity::Contact };
                if let Some(others) = others.get() {
                    form.with(|f| {
                        extra.with_value(|v| {
                            others_known.with_value(|known| show_fields(&others, f.of(entity), v, known))
                        })
                    });
                }
            });
            let failed = match current {
                Phase::Editing(failed) => failed,
                _ => None,
            };
            view! {
                <form class="card create-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    send(false);
                }>
                    <h2>{t("create-person-title")}</h2>
                    <fieldset class="entity">
                        <label>
                            <input type="radio" name="sidecard-entity" prop:checked=move || !lead.get()
                                on:change=move |_| lead.set(false) />
                            {i18n::entity(Entity::Contact)}
                        </label>
                        <label>
                            <input type="radio" name="sidecard-entity" prop:checked=move || lead.get()
                                on:change=move |_| lead.set(true) />
                            {i18n::entity(Entity::Lead)}
                        </label>
                    </fieldset>
                    {field("sidecard-first", t("create-person-first-name"), first, "text")}
                    {field("sidecard-last", t("create-person-last-name"), last, "text")}
                    {field("sidecard-email", t("create-person-email"), email, "email")}
                    {field("sidecard-phone", t("create-person-phone"), phone, "tel")}
                    {field("sidecard-company", t("create-person-company"), company, "text")}
                    <div class="other-fields" node_ref=others></div>
                    {failed.map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                    <button type="submit" class="create-save" disabled=saving>
                        {t(if saving { "create-person-creating" } else { "create-person-create" })}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>
                        {t("create-person-cancel")}
                    </button>
                </form>
            }
            .into_any()
        }
    })
    .into_any()
}

/// What the likely duplicates are, in the agent's language: the best match's name where the
/// language puts it (in an element of its own, `sentence.rs`), and whether the agent may still
/// create the new record. The proxy's answer says the same in English, for API clients.
fn duplicates_said(existing: &[Customer], create_anyway: bool) -> AnyView {
    let Some(first) = existing.first() else {
        return t("create-person-duplicates-refused").into_any();
    };
    let id = if create_anyway {
        "create-person-duplicates-may-create"
    } else {
        "create-person-duplicates-blocked"
    };
    sentence(id, ("name", first.person.title.clone()), &[], Value::Text).into_any()
}

/// The element id of a field's input.
fn input_id(key: &str) -> String {
    format!("sidecard-field-{key}")
}

/// Puts a label and an input of its type into `container` for each field the admin added or
/// the CRM requires, showing the value last sent (`values`) or, in email and phone fields, the
/// host's other emails and phones in turn, in place of what it held. Built
/// on the DOM directly (labels as text, never markup): Leptos views of a list cost kilobytes
/// of every sidebar's download. The inputs keep what the agent types; it is read on send.
fn show_fields(
    container: &web_sys::Element,
    fields: &[FieldInfo],
    values: &[(String, String)],
    (emails, phones): &(Vec<String>, Vec<String>),
) {
    container.set_text_content(None);
    let page = document();
    let (mut emails, mut phones) = (emails.iter(), phones.iter());
    for info in fields {
        let (Ok(label), Ok(input)) = (page.create_element("label"), page.create_element("input"))
        else {
            continue;
        };
        let id = input_id(&info.key);
        let kind = match info.kind {
            FieldKind::Bool => "checkbox",
            FieldKind::Email => "email",
            FieldKind::Phone => "tel",
            FieldKind::Link => "url",
            FieldKind::Number | FieldKind::Money => "number",
            FieldKind::Date => "date",
            _ => "text",
        };
        // What was sent before, else the host's next other email or phone for such a field.
        let sent = values.iter().find(|(k, _)| *k == info.key).map(|(_, v)| v);
        let known = match info.kind {
            FieldKind::Email => emails.next(),
            FieldKind::Phone => phones.next(),
            _ => None,
        };
        let value = sent.or(known).map_or("", String::as_str);
        let _ = label.set_attribute("for", &id);
        if info.required {
            // "<label> (required)": the CRM's label isolated from the words around it.
            for (text, at) in i18n::sentence_parts("create-person-required", &["label"], &[]) {
                let _ = label.append_child(&page.create_text_node(&text));
                if at.is_some()
                    && let Ok(bdi) = page.create_element("bdi")
                {
                    bdi.set_text_content(Some(&info.label));
                    let _ = label.append_child(&bdi);
                }
            }
        } else {
            label.set_text_content(Some(&info.label));
        }
        let mut attributes = vec![
            ("id", id.as_str()),
            ("type", kind),
            ("data-key", info.key.as_str()),
            ("maxlength", "2000"),
            ("step", "any"),
        ];
        if info.required {
            attributes.push(("required", ""));
        }
        match info.kind {
            FieldKind::Bool if value == "true" => attributes.push(("checked", "")),
            FieldKind::Bool => {}
            _ => attributes.push(("value", value)),
        }
        for (name, value) in attributes {
            let _ = input.set_attribute(name, value);
        }
        let _ = container.append_child(&label);
        let _ = container.append_child(&input);
    }
}

/// A field's key and its input's value (a checkbox's "true" or "false").
fn read_field(info: &FieldInfo) -> (String, String) {
    let input = document()
        .get_element_by_id(&input_id(&info.key))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    let value = match input {
        Some(input) if info.kind == FieldKind::Bool => input.checked().to_string(),
        Some(input) => input.value(),
        None => String::new(),
    };
    (info.key.clone(), value)
}
