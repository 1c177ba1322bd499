//! The settings page's "Create form" tab: which fields "Create contact / lead" asks for beyond
//! the name, email, phone and company every form has. The fields the CRM requires are always
//! on the form, marked; the others are the admin's to add, in the order they add them (the
//! proxy checks the choice against the CRM's fields again on save).

use super::settings_page::edit;
use crate::i18n::{self, t, t_args};
use leptos::prelude::*;
use sidecard_model::{Entity, FieldInfo, Settings};
use wasm_bindgen::JsValue;

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
                        t_args(
                            "form-editor-required",
                            &[("field", JsValue::from_str(&field.label))],
                        )
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
                                {label} <span class="kind">{i18n::field_kind(field.kind)}</span>
                            </label>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="form-fields" data-entity=entity.as_str()>
                    <h2>
                        {t_args("form-editor-new", &[("entity", JsValue::from_str(entity.as_str()))])}
                    </h2>
                    <ul class="field-picker">{rows}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <div class="form-editor">
            <p class="hint">{t("form-editor-hint")}</p>
            {sections}
        </div>
    }
}
