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
    let open = RwSignal::new(false);
    // Here, not in the form: a note survives "Cancel" until the card goes.
    let note = RwSignal::new(String::new());
    let searched = StoredValue::new(searched);
    let person = StoredValue::new(person);
    let preload = || on_demand::preload(on_demand::preload_actions);
    (move || {
        if open.get() {
            on_demand::view(on_demand::nothing, move || {
                on_demand::log_form(
                    searched.get_value(),
                    person.get_value(),
                    note,
                    Callback::new(move |()| open.set(false)),
                )
            })
        } else {
            view! {
                <button
                    type="button"
                    class="secondary log-open"
                    on:pointerenter=move |_| preload()
                    on:focus=move |_| preload()
                    on:click=move |_| open.set(true)
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
enum State {
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
    /// "Cancel": back to the button.
    on_close: Callback<()>,
) -> impl IntoView {
    let Some(host) = Host::from_context() else {
        return ().into_any();
    };
    let state = RwSignal::new(State::Open);
    let person = StoredValue::new(person);
    let searched = StoredValue::new(searched);
    let host = StoredValue::new_local(host);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if state.get_untracked() == State::Saving {
            return;
        }
        state.set(State::Saving);
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
                Ok("updated") => State::Logged(Message::new("log-form-updated")),
                Ok("unchanged") => State::Logged(Message::new("log-form-unchanged")),
                Ok(_) => State::Logged(Message::new("log-form-logged")),
                Err(e) => State::Failed(e.message()),
            });
        });
    };
    (move || match state.get() {
        State::Logged(said) => view! {
            <p class="log-done" role="status">{said.text()}</p>
            <button type="button" class="secondary log-open" on:click=move |_| state.set(State::Open)>
                {t("log-form-again")}
            </button>
        }
        .into_any(),
        current => {
            let saving = current == State::Saving;
            let failed = match current {
                State::Failed(message) => Some(message),
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
                    <button type="button" class="secondary" on:click=move |_| on_close.run(())>
                        {t("log-form-cancel")}
                    </button>
                </form>
            }
            .into_any()
        }
    })
    .into_any()
}
