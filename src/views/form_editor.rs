//! The settings page's "Create form" tab: which fields "Create contact / lead" asks for beyond
//! the name, email, phone and company every form has. The fields the CRM requires are always
//! on the form, marked; the others are the admin's to add, in the order they add them (the
//! proxy checks the choice against the CRM's fields again on save).

use super::settings_page::edit;
use leptos::prelude::*;
use sidecard_model::{Entity, FieldInfo, Settings};

/// The create form's editor.
#[component]
pub fn FormEditor(
    /// The document being edited.
    draft: RwSignal<Option<Settings>>,
    /// The fields a new contact and a new lead may be given, as the CRM lists them.
    fields: Vec<(Entity, Vec<FieldInfo>)>,
) -> impl IntoView {
    let sections = fields
        .into_iter()
        .map(|(entity, fields)| {
            let chosen = move |key: &str| {
                draft.with(|d| {
                    d.as_ref()
                        .is_some_and(|d| d.create_form.chosen(entity).iter().any(|k| k == key))
                })
            };
            let rows = fields
                .into_iter()
                .map(|field| {
                    let key = field.key.clone();
                    let toggle = key.clone();
                    let label = if field.required {
                        format!("{} (required by the CRM)", field.label)
                    } else {
                        field.label.clone()
                    };
                    view! {
                        <li>
                            <label>
                                <input
                                    type="checkbox"
                                    data-key=key.clone()
                                    disabled=field.required
                                    prop:checked=move || field.required || chosen(&key)
                                    on:change=move |_| {
                                        edit(draft, |d| d.create_form.toggle(entity, &toggle))
                                    }
                                />
                                {label} <span class="kind">{field.kind.label()}</span>
                            </label>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="form-fields" data-entity=entity.as_str()>
                    <h2>"New " {entity.label().to_lowercase()}</h2>
                    <ul class="field-picker">{rows}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <div class="form-editor">
            <p class="hint">
                "Every form asks for the first and last name, email, phone and company. Tick the \
                 other fields agents should fill when they create someone; the ones the CRM \
                 requires are always asked for."
            </p>
            {sections}
        </div>
    }
}
