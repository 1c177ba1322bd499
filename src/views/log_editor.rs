//! The settings page's "Log to CRM" tab: which activity a log records, what a second log of
//! the same ticket does, and which activity field is filled from what, with a preview of what
//! a log of a sample ticket would send. Every field the CRM's activity type has can be mapped
//! (the proxy checks the mapping again on save).

use super::settings_page::edit;
use crate::i18n::{self, t, t_args};
use leptos::prelude::*;
use sidecard_model::activity::{
    ActivityKind, Conversation, Facts, FieldMap, LogTarget, LogValue, Repeat, SAMPLE_NOTE, Source,
};
use sidecard_model::{FieldInfo, Settings};
use wasm_bindgen::JsValue;

/// The log mapping's editor.
#[component]
pub fn LogEditor(
    /// The document being edited.
    draft: RwSignal<Option<Settings>>,
    /// Each activity type's fields, as the CRM lists them.
    fields: Vec<(ActivityKind, Vec<FieldInfo>)>,
) -> impl IntoView {
    let fields = StoredValue::new(fields);
    let target = move || draft.with(|d| d.as_ref().and_then(|d| d.log.clone()));
    let change = move |f: Box<dyn FnOnce(&mut LogTarget)>| {
        edit(draft, move |s| {
            if let Some(log) = s.log.as_mut() {
                f(log);
            }
        })
    };
    let fields_of = move |kind: ActivityKind| {
        fields.with_value(|all| {
            all.iter()
                .find(|(k, _)| *k == kind)
                .map(|(_, f)| f.clone())
                .unwrap_or_default()
        })
    };
    move || {
        let Some(log) = target() else {
            return view! {
                <p class="hint">{t("log-editor-no-log")}</p>
            }
            .into_any();
        };
        let available = fields_of(log.activity);
        let label_of = |key: &str| {
            available
                .iter()
                .find(|f| f.key == key)
                .map(|f| f.label.clone())
                .unwrap_or_else(|| key.to_owned())
        };
        let rows = log
            .fields
            .iter()
            .enumerate()
            .map(|(at, map)| {
                let label = label_of(&map.field);
                let about = |id: &str| t_args(id, &[("field", JsValue::from_str(&label))]);
                let kind = map.kind;
                let current = map.from.key();
                let options = Source::HOST_DATA
                    .into_iter()
                    .filter(|s| s.fits(kind))
                    .chain([Source::Fixed(String::new())])
                    .map(|s| {
                        let key = s.key();
                        view! { <option value=key selected=key == current>{i18n::source(&s)}</option> }
                    })
                    .collect_view();
                let fixed = match &map.from {
                    Source::Fixed(text) => Some(view! {
                        <input
                            type="text"
                            class="log-fixed"
                            maxlength="255"
                            aria-label=about("log-editor-fixed-value")
                            prop:value=text.clone()
                            // On change (leaving the field), not per keystroke: the table is
                            // drawn anew on every edit, which would take the focus away.
                            on:change=move |ev| {
                                let text = event_target_value(&ev);
                                change(Box::new(move |log| {
                                    if let Some(map) = log.fields.get_mut(at) {
                                        map.from = Source::Fixed(text);
                                    }
                                }));
                            }
                        />
                    }),
                    _ => None,
                };
                view! {
                    <tr>
                        <td>
                            {label.clone()}
                            <span class="hint">
                                {t_args(
                                    "log-editor-field-kind",
                                    &[("kind", JsValue::from_str(&i18n::field_kind(kind)))],
                                )}
                            </span>
                        </td>
                        <td>
                            <select
                                class="log-source"
                                aria-label=about("log-editor-source-label")
                                on:change=move |ev| {
                                    let key = event_target_value(&ev);
                                    change(Box::new(move |log| {
                                        if let (Some(map), Some(from)) =
                                            (log.fields.get_mut(at), Source::from_key(&key))
                                        {
                                            map.from = from;
                                        }
                                    }));
                                }
                            >
                                {options}
                            </select>
                            {fixed}
                        </td>
                        <td>
                            <button
                                type="button"
                                class="icon log-remove"
                                aria-label=about("log-editor-remove-label")
                                on:click=move |_| change(Box::new(move |log| {
                                    if at < log.fields.len() {
                                        log.fields.remove(at);
                                    }
                                }))
                            >
                                "✕"
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        let unmapped = available
            .iter()
            .filter(|f| !log.fields.iter().any(|m| m.field == f.key))
            .map(|f| view! { <option value=f.key.clone()>{f.label.clone()}</option> })
            .collect_view();
        let add = move |ev: leptos::ev::Event| {
            let key = event_target_value(&ev);
            let Some(info) = fields_of(target().map_or(ActivityKind::Task, |l| l.activity))
                .into_iter()
                .find(|f| f.key == key)
            else {
                return;
            };
            let from = Source::suggest(&info);
            change(Box::new(move |log| {
                log.fields.push(FieldMap::new(&info.key, info.kind, from));
            }));
        };
        let sample = Conversation::sample();
        let preview = log
            .values(&Facts {
                conversation: &sample,
                note: Some(SAMPLE_NOTE),
            })
            .into_iter()
            .map(|(key, _, value)| {
                let shown = match value {
                    LogValue::Text(text) => text,
                    LogValue::Number(n) => n.to_string(),
                    LogValue::Bool(yes) => t(if yes { "value-yes" } else { "value-no" }),
                };
                view! { <div class="field"><dt>{label_of(&key)}</dt><dd>{shown}</dd></div> }
            })
            .collect_view();
        let activity = log.activity;
        let repeat = log.repeat;
        view! {
            <section class="log-editor" aria-label=t("log-editor-label")>
                <label>
                    {t("log-editor-activity")}
                    " "
                    <select
                        class="log-activity"
                        on:change=move |ev| {
                            let Some(kind) = ActivityKind::parse(&event_target_value(&ev)) else {
                                return;
                            };
                            let fields = fields_of(kind);
                            change(Box::new(move |log| log.retype(kind, &fields)));
                        }
                    >
                        {ActivityKind::ALL
                            .into_iter()
                            .map(|k| view! {
                                <option value=k.as_str() selected=k == activity>{i18n::activity_kind(k)}</option>
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    {t("log-editor-repeat")}
                    " "
                    <select
                        class="log-repeat"
                        on:change=move |ev| {
                            let again = if event_target_value(&ev) == "append" {
                                Repeat::Append
                            } else {
                                Repeat::Update
                            };
                            change(Box::new(move |log| log.repeat = again));
                        }
                    >
                        <option value="update" selected=repeat == Repeat::Update>
                            {t("log-editor-repeat-update")}
                        </option>
                        <option value="append" selected=repeat == Repeat::Append>
                            {t("log-editor-repeat-append")}
                        </option>
                    </select>
                </label>
                <table class="log-fields">
                    <thead>
                        <tr>
                            <th>{t("log-editor-column-field")}</th>
                            <th>{t("log-editor-column-source")}</th>
                            <th><span class="visually-hidden">{t("log-editor-column-remove")}</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                <label>
                    {t("log-editor-add")}
                    " "
                    <select class="log-add" on:change=add>
                        <option value="" selected=true>{t("log-editor-add-choose")}</option>
                        {unmapped}
                    </select>
                </label>
                <h2 class="section-title">{t("log-editor-preview-title")}</h2>
                <dl class="fields log-preview">{preview}</dl>
            </section>
        }
        .into_any()
    }
}
