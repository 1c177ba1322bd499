//! "Log to CRM": the conversation, with the agent's note, becomes an activity regarding the
//! person. The button is off while a log is on its way, and the proxy makes one activity per
//! conversation and person however often it is sent; a failed log keeps the note.

use crate::api;
use crate::host::Host;
use crate::i18n::{Message, t};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sidecard_model::{Record, Searched};

/// Where the log form is.
#[derive(Clone, PartialEq)]
enum State {
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

/// The log action under a person card.
#[component]
pub fn LogToCrm(
    /// The customer the lookup searched for (the proxy checks the person is one of theirs).
    searched: Searched,
    /// The person the conversation is about.
    person: Record,
) -> impl IntoView {
    let Some(host) = Host::from_context() else {
        return ().into_any();
    };
    let state = RwSignal::new(State::Closed);
    let note = RwSignal::new(String::new());
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
        State::Closed => view! {
            <button type="button" class="secondary log-open" on:click=move |_| state.set(State::Open)>
                {t("log-form-open")}
            </button>
        }
        .into_any(),
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
                    <button type="button" class="secondary" on:click=move |_| state.set(State::Closed)>
                        {t("log-form-cancel")}
                    </button>
                </form>
            }
            .into_any()
        }
    })
    .into_any()
}
