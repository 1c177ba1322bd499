//! One card's part of the settings page: show the card or not, the chosen fields in order
//! (move up/down with buttons that work from the keyboard, rename, hide), and every CRM field
//! with a search box and a checkbox to show it. For deals, also how many and in what order;
//! for the recent-activity list, how many.

use super::settings_page::edit;
use crate::i18n::sentence_parts;
use crate::i18n::{self, t, t_args};
use leptos::prelude::*;
use sidecard_model::activity::MAX_RECENT;
use sidecard_model::settings::MAX_DEALS_SHOWN;
use sidecard_model::{DealSort, Entity, FieldChoice, FieldInfo, Settings};
use wasm_bindgen::{JsCast, JsValue};

/// The editor for `entity`'s card.
#[component]
pub fn CardEditor(
    /// Which card.
    entity: Entity,
    /// The document being edited.
    draft: RwSignal<Option<Settings>>,
    /// Every field the CRM has for the entity.
    fields: Vec<FieldInfo>,
) -> impl IntoView {
    let fields = StoredValue::new(fields);
    let edit = move |change: &dyn Fn(&mut Settings)| edit(draft, change);
    let chosen = Memo::new(move |_| {
        draft.with(|d| {
            d.as_ref()
                .map(|d| d.fields(entity).to_vec())
                .unwrap_or_default()
        })
    });
    let shown = move || draft.with(|d| d.as_ref().is_some_and(|d| d.shown(entity)));
    let crm_label = move |key: &str| {
        fields.with_value(|f| {
            f.iter()
                .find(|f| f.key == key)
                .map_or_else(|| key.to_owned(), |f| f.label.clone())
        })
    };
    let kind_of = move |key: &str| {
        fields.with_value(|f| {
            f.iter()
                .find(|f| f.key == key)
                .map_or_else(|| t("card-editor-not-in-crm"), |f| i18n::field_kind(f.kind))
        })
    };
    let move_field = move |key: String, by: isize, button: String| {
        edit(&|d| {
            d.edit(entity).shift(&key, by);
        });
        // The row's nodes moved; keep the keyboard where the admin was.
        request_animation_frame(move || {
            if let Some(el) = document()
                .get_element_by_id(&button)
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    };

    let row = move |choice: FieldChoice| {
        let key = choice.key.clone();
        let label = crm_label(&key);
        let kind = kind_of(&key);
        let position = {
            let key = key.clone();
            move || chosen.with(|c| (c.iter().position(|f| f.key == key), c.len()))
        };
        let is_first = {
            let position = position.clone();
            move || position().0 == Some(0)
        };
        let is_last = move || {
            let (i, len) = position();
            i.is_some_and(|i| i + 1 == len)
        };
        let current_label = {
            let key = key.clone();
            move || {
                chosen.with(|c| {
                    c.iter()
                        .find(|f| f.key == key)
                        .and_then(|f| f.label.clone())
                        .unwrap_or_default()
                })
            }
        };
        let (up_id, down_id) = (format!("up-{key}"), format!("down-{key}"));
        let about = |id: &str| t_args(id, &[("field", JsValue::from_str(&label))]);
        let (k1, k2, k3, k4) = (key.clone(), key.clone(), key.clone(), key.clone());
        let (up_focus, down_focus) = (up_id.clone(), down_id.clone());
        view! {
            <li class="chosen-field" data-key=key.clone()>
                <span class="field-name">
                    {label.clone()} <span class="kind">{kind}</span>
                </span>
                <input
                    class="label-override"
                    type="text"
                    maxlength="80"
                    placeholder=label.clone()
                    aria-label=about("card-editor-label-for")
                    prop:value=current_label
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        edit(&|d| d.edit(entity).set_label(&k1, &text));
                    }
                />
                <span class="row-buttons">
                    <button
                        type="button"
                        class="icon move-up"
                        id=up_id
                        aria-label=about("card-editor-move-up")
                        disabled=is_first
                        on:click=move |_| move_field(k2.clone(), -1, up_focus.clone())
                    >
                        "↑"
                    </button>
                    <button
                        type="button"
                        class="icon move-down"
                        id=down_id
                        aria-label=about("card-editor-move-down")
                        disabled=is_last
                        on:click=move |_| move_field(k3.clone(), 1, down_focus.clone())
                    >
                        "↓"
                    </button>
                    <button
                        type="button"
                        class="icon remove"
                        aria-label=about("card-editor-hide")
                        on:click=move |_| edit(&|d| d.edit(entity).toggle(&k4))
                    >
                        "✕"
                    </button>
                </span>
            </li>
        }
    };

    let query = RwSignal::new(String::new());
    let all_fields = move || {
        let q = query.get().trim().to_lowercase();
        fields.with_value(|all| {
            all.iter()
                .filter(|f| {
                    q.is_empty()
                        || f.label.to_lowercase().contains(&q)
                        || f.key.to_lowercase().contains(&q)
                })
                .map(|f| {
                    let key = f.key.clone();
                    let toggle_key = key.clone();
                    let checked = move || chosen.with(|c| c.iter().any(|c| c.key == key));
                    view! {
                        <li>
                            <label class="field-option">
                                <input
                                    type="checkbox"
                                    data-key=f.key.clone()
                                    prop:checked=checked
                                    on:change=move |_| {
                                        edit(&|d| d.edit(entity).toggle(&toggle_key))
                                    }
                                />
                                <span>{f.label.clone()}</span>
                                <span class="kind">{i18n::field_kind(f.kind)} " · " <code>{f.key.clone()}</code></span>
                            </label>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let total = fields.with_value(Vec::len);
    // Whole sentences per card (`$entity`), so each language words them its own way.
    let of_entity = |id: &str| t_args(id, &[("entity", JsValue::from_str(entity.as_str()))]);
    let all_fields_title = t_args(
        "card-editor-all-fields",
        &[
            ("entity", JsValue::from_str(entity.as_str())),
            ("count", i18n::count(total)),
        ],
    );
    let (heading, always) = match entity {
        Entity::Deal => (
            t("card-editor-deal-heading"),
            Some(t("card-editor-deal-always")),
        ),
        Entity::Activity => (
            t("card-editor-activity-heading"),
            Some(t("card-editor-activity-always")),
        ),
        _ => (t("card-editor-fields-heading"), None),
    };

    view! {
        <section class="card-editor" aria-label=of_entity("card-editor-label")>
            <label class="toggle">
                <input
                    type="checkbox"
                    class="card-shown"
                    prop:checked=shown
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        edit(&|d| d.set_shown(entity, on));
                    }
                />
                {of_entity("card-editor-show")}
            </label>
            {(entity == Entity::Deal).then(|| view! { <DealOptions draft=draft /> })}
            {(entity == Entity::Activity).then(|| view! { <RecentOptions draft=draft /> })}
            <h2 class="section-title">{heading}</h2>
            {always.map(|text| view! { <p class="hint">{text}</p> })}
            <ol class="chosen-fields">
                <For each=move || chosen.get() key=|c| c.key.clone() children=row />
            </ol>
            {move || chosen.with(Vec::is_empty).then(|| view! {
                <p class="hint">{t("card-editor-none-chosen")}</p>
            })}
            <h2 class="section-title">{all_fields_title}</h2>
            <input
                type="search"
                class="field-search"
                placeholder=t("card-editor-search-placeholder")
                aria-label=t("card-editor-search-label")
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            <ul class="all-fields">{all_fields}</ul>
        </section>
    }
}

/// How many of a person's latest activities the card lists.
#[component]
fn RecentOptions(draft: RwSignal<Option<Settings>>) -> impl IntoView {
    let recent = move || draft.with(|d| d.as_ref().map_or(0, |d| d.recent_activities));
    view! {
        <label class="recent-options">
            {t("card-editor-recent")}
            " "
            <select
                class="recent-activities"
                on:change=move |ev| {
                    let count = event_target_value(&ev).parse().unwrap_or(0);
                    edit(draft, |d| d.recent_activities = count);
                }
            >
                {(0..=MAX_RECENT)
                    .map(|n| view! {
                        <option value=n.to_string() selected=move || recent() == n>
                            {if n == 0 { t("card-editor-recent-none") } else { n.to_string() }}
                        </option>
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// How many deals show and in what order.
#[component]
fn DealOptions(draft: RwSignal<Option<Settings>>) -> impl IntoView {
    let max = move || draft.with(|d| d.as_ref().map_or(5, |d| d.deal.max_shown));
    let sort = move || draft.with(|d| d.as_ref().map(|d| d.deal.sort).unwrap_or_default());
    view! {
        <div class="deal-options">
            <label>
                // The number box sits where the language puts `$input` in the sentence.
                {sentence_parts("card-editor-max-deals", &["input"], &[])
                    .into_iter()
                    .map(|(text, input)| {
                        let input = input.map(|_| view! {
                            <input
                                type="number"
                                class="max-deals"
                                min="1"
                                max=MAX_DEALS_SHOWN.to_string()
                                prop:value=move || max().to_string()
                                on:change=move |ev| {
                                    if let Ok(n) = event_target_value(&ev).trim().parse::<u8>() {
                                        edit(draft, |d| d.deal.max_shown = n);
                                    }
                                }
                            />
                        });
                        view! { {text} {input} }
                    })
                    .collect_view()}
            </label>
            <label>
                {t("card-editor-order")}
                " "
                <select
                    class="deal-sort"
                    on:change=move |ev| {
                        let by_amount = event_target_value(&ev) == "amount_desc";
                        edit(draft, |d| {
                            d.deal.sort = if by_amount { DealSort::AmountDesc } else { DealSort::CloseDate };
                        });
                    }
                >
                    <option value="close_date" selected=move || sort() == DealSort::CloseDate>
                        {t("card-editor-order-close-date")}
                    </option>
                    <option value="amount_desc" selected=move || sort() == DealSort::AmountDesc>
                        {t("card-editor-order-amount")}
                    </option>
                </select>
            </label>
        </div>
    }
}
