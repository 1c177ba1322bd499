//! The widget's root: holds the subject (who to look up) and the lookup's phase, and picks the
//! view for each phase. Everything it shows is a component from `views/`.

use crate::api::{self, LookupError};
use crate::host::Host;
use crate::views::{ErrorPanel, Prompt, Results, SearchBox, Skeleton};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sidecard_model::{CustomerView, LookupRequest};

/// Where the current lookup is.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    /// Nothing to look up yet.
    Idle,
    /// Waiting for the proxy.
    Loading,
    /// The proxy answered.
    Done(CustomerView),
    /// It did not.
    Failed(LookupError),
}

/// The widget: the customer's cards for whoever the host (or the agent) names.
#[component]
pub fn App() -> impl IntoView {
    let host = Host::detect();
    let show_settings = host.shows_settings();
    let show_search = host.has_search_box();
    let subject = RwSignal::new(host.initial_subject());
    let phase = RwSignal::new(Phase::Idle);
    // Bumped by "Try again" to re-run the same lookup.
    let attempt = RwSignal::new(0u32);
    // Each lookup's number: an answer that arrives after a newer lookup started is dropped.
    let generation = StoredValue::new(0u64);

    Effect::new(move |_| {
        attempt.track();
        let request = subject.get();
        generation.update_value(|g| *g += 1);
        let this = generation.get_value();
        if request.is_empty() {
            phase.set(Phase::Idle);
            return;
        }
        phase.set(Phase::Loading);
        spawn_local(async move {
            let result = api::lookup(&request).await;
            if generation.get_value() == this {
                phase.set(match result {
                    Ok(view) => Phase::Done(view),
                    Err(e) => Phase::Failed(e),
                });
            }
        });
    });

    let on_search = move |request: LookupRequest| {
        host.subject_changed(&request);
        if subject.get_untracked() == request {
            attempt.update(|n| *n += 1);
        } else {
            subject.set(request);
        }
    };
    let retry = move || attempt.update(|n| *n += 1);

    view! {
        <main class="sidecard">
            <div class="top-bar">
                {show_search.then(|| view! { <SearchBox subject=subject on_search=on_search /> })}
                {show_settings.then(|| view! {
                    <a class="gear" href="settings" title="Settings" aria-label="Settings">"⚙"</a>
                })}
            </div>
            {move || match phase.get() {
                Phase::Idle => view! { <Prompt searchable=show_search /> }.into_any(),
                Phase::Loading => view! { <Skeleton /> }.into_any(),
                Phase::Done(view) => view! { <Results view=view /> }.into_any(),
                Phase::Failed(error) => view! { <ErrorPanel error=error on_retry=retry /> }.into_any(),
            }}
        </main>
    }
}
