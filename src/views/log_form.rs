//! "Log to CRM": the conversation, with the agent's note, becomes an activity regarding the
//! person. The button is off while a log is on its way, and the proxy makes one activity per
//! conversation and person however often it is sent; a failed log keeps the note.
//!
//! The button is in every card; the form behind it is loaded on demand (`on_demand::log_form`,
//! in the `actions` chunk), its download started as the agent reaches the button (pointer or
//! focus).

use crate::api;
use crate::host::Host;
use crate::i18n::{Message, t};
use crate::on_demand;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sidecard_model::{Record, Searched};

/// The log action under a person card: the button, then the form.
#[component]
pub fn LogToCrm(
    /// The customer the lookup searched for (the proxy checks the person is one of theirs).
    searched: Searched,
    /// The person the conversation is about.
    person: Record,
) -> impl IntoView {
    if Host::from_context().is_none() {
        return ().into_any();
    }
    // Here, not in the form: the note survives "Cancel" until the card goes, and a save's
    // outcome still shows when it arrives after "Cancel".
    let state = RwSignal::new(LogState::Closed);
    let note = RwSignal::new(String::new());
    // The form is drawn again only when it opens or closes, not on each of its states.
    let open = Memo::new(move |_| state.with(|s| *s != LogState::Closed));
    let searched = StoredValue::new(searched);
    let person = StoredValue::new(person);
    let preload = || on_demand::preload(on_demand::preload_actions);
    (move || {
        if open.get() {
            on_demand::view(on_demand::nothing, move || {
                on_demand::log_form(searched.get_value(), person.get_value(), note, state)
            })
        } else {
            view! {
                <button
                    type="button"
                    class="secondary log-open"
                    on:pointerenter=move |_| preload()
                    on:focus=move |_| preload()
                    on:click=move |_| state.set(LogState::Open)
                >
                    {t("log-form-open")}
                </button>
            }
            .into_any()
        }
    })
    .into_any()
}

/// Where the log form is.
#[derive(Clone, PartialEq)]
pub enum LogState {
    /// Just the button.
    Closed,
    /// The note field is open.
    Open,
    /// On its way.
    Saving,
    /// Done: the sentence saying what the proxy did.
    Logged(Message),
    /// It failed: why (the note is still there).
    Failed(String),
}

/// The form: the note, saved as an activity; then what the proxy did, and "Log again".
#[component]
pub(crate) fn LogForm(
    /// The customer the lookup searched for (the proxy checks the person is one of theirs).
    searched: Searched,
    /// The person the conversation is about.
    person: Record,
    /// The agent's note.
    note: RwSignal<String>,
    /// Where the form is (`Closed` on "Cancel": back to the button).
    state: RwSignal<LogState>,
) -> impl IntoView {
    let Some(host) = Host::from_context() else {
        return ().into_any();
    };
    let person = StoredValue::new(person);
    let searched = StoredValue::new(searched);
    let host = StoredValue::new_local(host);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if state.get_untracked() == LogState::Saving {
            return;
        }
        state.set(LogState::Saving);
        // Everything stored is read now: the card may be gone (another ticket) by the time the
        // host answers, and a disposed value cannot be read then.
        let host = host.get_value();
        let (searched, person, note) = (
            searched.get_value(),
            person.get_value(),
            note.get_untracked(),
        );
        spawn_local(async move {
            let context = host.context().await;
            let result = api::log(&host, &searched, &person, &context, &note).await;
            state.set(match result.as_deref() {
                Ok("updated") => LogState::Logged(Message::new("log-form-updated")),
                Ok("unchanged") => LogState::Logged(Message::new("log-form-unchanged")),
                Ok(_) => LogState::Logged(Message::new("log-form-logged")),
                Err(e) => LogState::Failed(e.message()),
            });
        });
    };
    (move || match state.get() {
        LogState::Logged(said) => view! {
            <p class="log-done" role="status">{said.text()}</p>
            <button type="button" class="secondary log-open" on:click=move |_| state.set(LogState::Open)>
                {t("log-form-again")}
            </button>
        }
        .into_any(),
        current => {
            let saving = current == LogState::Saving;
            let failed = match current {
                LogState::Failed(message) => Some(message),
                _ => None,
            };
            view! {
                <form class="log-form" on:submit=save>
                    <label for="sidecard-note">{t("log-form-note")}</label>
                    <textarea
                        id="sidecard-note"
                        rows="3"
                        maxlength="4000"
                        prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))
                    ></textarea>
                    {failed.map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                    <button type="submit" class="log-save" disabled=saving>
                        {t(if saving { "log-form-saving" } else { "log-form-save" })}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| state.set(LogState::Closed)>
                        {t("log-form-cancel")}
                    </button>
                </form>
            }
            .into_any()
        }
    })
    .into_any()
}
