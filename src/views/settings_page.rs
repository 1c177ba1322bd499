//! The settings page: an admin shapes every card (which fields, in which order, under which
//! labels), the deal list, the lookup options and what "Log to CRM" records, sees the result
//! in a live preview, and saves.
//!
//! The page edits a draft copy of the saved document; Save sends it with the version it was
//! based on, so a save over someone else's newer one is refused (409) and nothing is lost.

use super::card_editor::CardEditor;
use super::preview::Preview;
use crate::i18n::{self, sentence_parts, t, t_args};
use crate::transport::LookupError;
use crate::{api, on_demand};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sidecard_model::activity::ActivityKind;
use sidecard_model::{Entity, ErrorCode, FieldInfo, Settings};
use wasm_bindgen::JsValue;

/// What the page is showing.
#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Ready,
    Failed(LookupError),
}

/// The outcome of the last save.
#[derive(Clone, PartialEq)]
enum SaveState {
    Idle,
    Saving,
    Saved(u64),
    Failed(LookupError),
}

/// Which part of the document is being edited.
#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Card(Entity),
    Lookup,
    Log,
    CreateForm,
}

impl Tab {
    const ALL: [Tab; 8] = [
        Tab::Card(Entity::Contact),
        Tab::Card(Entity::Lead),
        Tab::Card(Entity::Account),
        Tab::Card(Entity::Deal),
        Tab::Card(Entity::Activity),
        Tab::Lookup,
        Tab::Log,
        Tab::CreateForm,
    ];

    /// Its name in the page (`data-tab`).
    fn id(self) -> &'static str {
        match self {
            Tab::Card(entity) => entity.as_str(),
            Tab::Lookup => "lookup",
            Tab::Log => "log",
            Tab::CreateForm => "create-form",
        }
    }

    /// What the tab says, in the admin's language.
    fn label(self) -> String {
        match self {
            Tab::Card(Entity::Deal) => t("settings-tab-deals"),
            Tab::Card(Entity::Activity) => t("settings-tab-activity"),
            Tab::Card(entity) => i18n::entity(entity),
            Tab::Lookup => t("settings-tab-lookup"),
            Tab::Log => t("settings-tab-log"),
            Tab::CreateForm => t("settings-tab-create-form"),
        }
    }
}

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    // The tab's title as well: the browser's tabs and history show it. (The page is drawn
    // again when its language changes, so the title follows.)
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&t("settings-title"));
    }
    let load = RwSignal::new(Load::Loading);
    // As stored (what Discard returns to) and as edited.
    let saved = RwSignal::new(None::<Settings>);
    let draft = RwSignal::new(None::<Settings>);
    let schema = RwSignal::new(Vec::<(Entity, Vec<FieldInfo>)>::new());
    let activity_schema = RwSignal::new(Vec::<(ActivityKind, Vec<FieldInfo>)>::new());
    let create_schema = RwSignal::new(Vec::<(Entity, Vec<FieldInfo>)>::new());
    let save_state = RwSignal::new(SaveState::Idle);
    let tab = RwSignal::new(Tab::Card(Entity::Contact));
    // Typed by the admin, kept in this page's memory only.
    let admin_key = RwSignal::new(String::new());
    // `/settings?install=<id>` edits that install's settings.
    let install = install_param();
    let heading_install = install.clone();
    let admin = StoredValue::new(install);
    let as_admin = move || api::Admin {
        install: admin.get_value(),
        key: admin_key.get_untracked(),
    };

    let reload = move || {
        load.set(Load::Loading);
        let admin = as_admin();
        spawn_local(async move {
            let result = async {
                let settings = api::settings(&admin).await?;
                let mut fields = Vec::new();
                for entity in Entity::ALL {
                    fields.push((entity, api::schema(&admin, entity).await?));
                }
                // Only a CRM that logs activities has a mapping to edit.
                let mut activity_fields = Vec::new();
                if settings.log.is_some() {
                    for kind in ActivityKind::ALL {
                        activity_fields.push((kind, api::activity_schema(&admin, kind).await?));
                    }
                }
                let mut create_fields = Vec::new();
                for entity in [Entity::Contact, Entity::Lead] {
                    // Without them the rest of the page still works; the tab then offers none.
                    let fields = api::create_schema(&admin, entity).await.unwrap_or_default();
                    create_fields.push((entity, fields));
                }
                Ok::<_, LookupError>((settings, fields, activity_fields, create_fields))
            }
            .await;
            match result {
                Ok((settings, fields, activity_fields, create_fields)) => {
                    create_schema.set(create_fields);
                    saved.set(Some(settings.clone()));
                    draft.set(Some(settings));
                    schema.set(fields);
                    activity_schema.set(activity_fields);
                    load.set(Load::Ready);
                    on_demand::preload(on_demand::preload_editors);
                }
                Err(e) => load.set(Load::Failed(e)),
            }
        });
    };
    reload();

    let dirty = Memo::new(move |_| draft.with(|d| saved.with(|s| d != s)));
    let save = move || {
        let Some(mut doc) = draft.get_untracked() else {
            return;
        };
        doc.tidy();
        let admin = as_admin();
        save_state.set(SaveState::Saving);
        spawn_local(async move {
            match api::save_settings(&doc, &admin).await {
                Ok(stored) => {
                    let version = stored.version;
                    saved.set(Some(stored.clone()));
                    draft.set(Some(stored));
                    save_state.set(SaveState::Saved(version));
                }
                Err(e) => save_state.set(SaveState::Failed(e)),
            }
        });
    };
    let discard = move || {
        draft.set(saved.get_untracked());
        save_state.set(SaveState::Idle);
    };
    let fields_of = move |entity: Entity| {
        schema.with(|s| {
            s.iter()
                .find(|(e, _)| *e == entity)
                .map(|(_, f)| f.clone())
                .unwrap_or_default()
        })
    };

    let editor = move || {
        let current = tab.get();
        match current {
            Tab::Card(entity) => {
                let fields = fields_of(entity);
                view! {
                    <div class="settings-columns">
                        <CardEditor entity=entity draft=draft fields=fields.clone() />
                        <Preview entity=entity draft=draft fields=fields />
                    </div>
                }
                .into_any()
            }
            // The other tabs' code is a chunk of its own (`on_demand`), fetched once the page
            // is ready: most visits change the cards' fields and nothing else.
            Tab::Lookup => {
                on_demand::view(on_demand::nothing, move || on_demand::lookup_options(draft))
            }
            Tab::Log => {
                let fields = activity_schema.get();
                on_demand::view(on_demand::nothing, move || {
                    on_demand::log_editor(draft, fields.clone())
                })
            }
            Tab::CreateForm => {
                let fields = create_schema.get();
                on_demand::view(on_demand::nothing, move || {
                    on_demand::form_editor(draft, fields.clone())
                })
            }
        }
    };
    let tabs = move || {
        Tab::ALL
            .into_iter()
            .map(|t| {
                view! {
                    <button
                        type="button"
                        role="tab"
                        class="tab"
                        data-tab=t.id()
                        aria-selected=move || (tab.get() == t).to_string()
                        on:click=move |_| tab.set(t)
                    >
                        {t.label()}
                    </button>
                }
            })
            .collect_view()
    };

    view! {
        <main class="sidecard settings">
            <header class="settings-header">
                <h1>{t("settings-title")}</h1>
                {heading_install.map(|id| {
                    let parts = sentence_parts("settings-install", &["install"], &[])
                        .into_iter()
                        .map(|(text, install)| {
                            let strong = install.map(|_| view! { <strong>{id.clone()}</strong> });
                            view! { {text} {strong} }
                        })
                        .collect_view();
                    view! { <p class="install">{parts}</p> }
                })}
                <a href="./" class="back-link">{t("settings-back")}</a>
            </header>
            {move || match load.get() {
                Load::Loading => view! {
                    <p class="prompt" role="status">{t("settings-loading")}</p>
                }
                .into_any(),
                // Where reading needs a credential, the admin key opens the page.
                Load::Failed(LookupError::Api(body)) if body.code == ErrorCode::Unauthorized => view! {
                    <form class="error-panel unlock" on:submit=move |ev| { ev.prevent_default(); reload(); }>
                        <h2>{t("settings-unlock-title")}</h2>
                        <p>{t("settings-unlock-text")}</p>
                        <AdminKey key=admin_key />
                        <button type="submit" class="retry">{t("settings-unlock-open")}</button>
                    </form>
                }
                .into_any(),
                Load::Failed(error) => view! {
                    <div class="error-panel" role="alert">
                        <h2>{t("settings-load-failed")}</h2>
                        <p>{describe(&error)}</p>
                        <button type="button" class="retry" on:click=move |_| reload()>
                            {t("settings-try-again")}
                        </button>
                    </div>
                }
                .into_any(),
                Load::Ready => view! {
                    <div role="tablist" class="tabs" aria-label=t("settings-tabs-label")>{tabs()}</div>
                    <div role="tabpanel">{editor}</div>
                    <footer class="save-bar">
                        <AdminKey key=admin_key />
                        <div class="save-buttons">
                            <button
                                type="button"
                                class="save"
                                disabled=move || {
                                    !dirty.get() || save_state.get() == SaveState::Saving
                                }
                                on:click=move |_| save()
                            >
                                {t("settings-save")}
                            </button>
                            <button
                                type="button"
                                class="discard secondary"
                                disabled=move || !dirty.get()
                                on:click=move |_| discard()
                            >
                                {t("settings-discard")}
                            </button>
                        </div>
                        <SaveMessage state=save_state dirty=dirty on_reload=move || reload() />
                    </footer>
                }
                .into_any(),
            }}
        </main>
    }
}

/// The admin key field (a password field: kept in this page's memory only).
#[component]
fn AdminKey(key: RwSignal<String>) -> impl IntoView {
    view! {
        <label class="admin-key">
            {t("settings-admin-key")}
            <input
                type="password"
                autocomplete="current-password"
                prop:value=move || key.get()
                on:input=move |ev| key.set(event_target_value(&ev))
            />
        </label>
    }
}

/// What the last save did, in words; for a conflict, the way to the newer version.
#[component]
fn SaveMessage(
    state: RwSignal<SaveState>,
    dirty: Memo<bool>,
    #[prop(into)] on_reload: Callback<()>,
) -> impl IntoView {
    move || {
        match state.get() {
        SaveState::Idle if dirty.get() => {
            view! { <p class="save-status" role="status">{t("settings-unsaved")}</p> }.into_any()
        }
        SaveState::Idle => ().into_any(),
        SaveState::Saving => {
            view! { <p class="save-status" role="status">{t("settings-saving")}</p> }.into_any()
        }
        SaveState::Saved(version) => view! {
            <p class="save-status saved" role="status">
                // A string: a version is a name, not an amount ("1234", never "1,234").
                {t_args("settings-saved", &[("version", JsValue::from_str(&version.to_string()))])}
            </p>
        }
        .into_any(),
        SaveState::Failed(LookupError::Api(body)) if body.code == ErrorCode::Conflict => view! {
            <div class="save-status problem conflict" role="alert">
                <p>{body.message.clone()}</p>
                <button type="button" class="secondary" on:click=move |_| on_reload.run(())>
                    {t("settings-load-theirs")}
                </button>
            </div>
        }
        .into_any(),
        SaveState::Failed(LookupError::Api(body)) if !body.problems.is_empty() => {
            let items = body
                .problems
                .iter()
                .map(|p| view! { <li>{p.clone()}</li> })
                .collect_view();
            view! {
                <div class="save-status problem" role="alert">
                    <p>{t("settings-not-saved-problems")}</p>
                    <ul>{items}</ul>
                </div>
            }
            .into_any()
        }
        SaveState::Failed(error) => view! {
            <div class="save-status problem" role="alert">
                <p>{t_args("settings-not-saved", &[("reason", JsValue::from_str(&describe(&error)))])}</p>
            </div>
        }
        .into_any(),
    }
    }
}

/// Applies `change` to the document being edited (once it has loaded).
pub(super) fn edit(draft: RwSignal<Option<Settings>>, change: impl FnOnce(&mut Settings)) {
    draft.update(|d| {
        if let Some(d) = d {
            change(d);
        }
    });
}

/// What went wrong, in a sentence: for the proxy's errors, their title in the admin's language
/// before the proxy's own words (which name the field, the limit or the CRM), as the agents'
/// forms show them.
fn describe(error: &LookupError) -> String {
    match error {
        LookupError::Api(_) => error.message(),
        LookupError::Network => t("settings-error-network"),
        LookupError::Unexpected(detail) => t_args(
            "settings-error-unexpected",
            &[("detail", JsValue::from_str(detail))],
        ),
        LookupError::Host(message) => message.text(),
    }
}

/// The `install` parameter of the page's URL.
fn install_param() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params
        .get("install")
        .map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty())
}
