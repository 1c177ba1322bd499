//! Pin and unpin: when several people match, the agent pins the right one for this customer
//! and every later open shows them first.

use crate::api;
use crate::host::Host;
use crate::i18n::t;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sidecard_model::{Record, Searched};

/// "Pin as this customer" (or "Unpin") on a chosen person's card.
#[component]
pub fn PinButton(
    /// The customer the lookup searched for.
    searched: Searched,
    /// The person shown.
    person: Record,
    /// Whether they are the customer's pinned person.
    pinned: bool,
    /// Called once the pin changed (the lookup runs again to show it).
    #[prop(into)]
    on_changed: Callback<()>,
) -> impl IntoView {
    let Some(host) = Host::from_context() else {
        return ().into_any();
    };
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let host = StoredValue::new_local(host);
    let searched = StoredValue::new(searched);
    let person = StoredValue::new(person);
    let click = move |_| {
        busy.set(true);
        failed.set(None);
        // Everything stored is read now: the card may be gone (another ticket) by the time the
        // host answers, and a disposed value cannot be read then.
        let host = host.get_value();
        let target = (!pinned).then(|| person.get_value());
        let searched = searched.get_value();
        spawn_local(async move {
            let agent = host.context().await.agent;
            let result = api::pin(&host, &searched, target.as_ref(), agent.as_deref()).await;
            busy.set(false);
            match result {
                Ok(()) => on_changed.run(()),
                Err(e) => failed.set(Some(e.message())),
            }
        });
    };
    view! {
        <button type="button" class="secondary pin" disabled=move || busy.get() on:click=click>
            {t(if pinned { "pin-button-unpin" } else { "pin-button-pin" })}
        </button>
        {move || failed.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
    }
    .into_any()
}
