//! The widget's root: holds the subject (who to look up) and the lookup's phase, and picks the
//! view for each phase. Everything it shows is a component from `views/`.

use crate::api;
use crate::host::{Host, Listener, Purpose};
use crate::i18n::{self, Language, t};
use crate::locale::AgentLocale;
use crate::transport::LookupError;
use crate::views::{CallBar, ErrorPanel, Prompt, Results, SearchBox, Skeleton};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sidecard_model::{CustomerView, LookupRequest};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// Where the current lookup is.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    /// Nothing to look up.
    Idle,
    /// Waiting for the host or the proxy.
    Loading,
    /// The proxy answered.
    Done(CustomerView),
    /// It did not (or the host could not say who the customer is).
    Failed(LookupError),
}

/// The widget: the customer's cards for whoever the host (or the agent) names.
#[component]
pub fn App() -> impl IntoView {
    let host = Host::detect();
    let show_settings = host.shows_settings();
    let show_search = host.has_search_box();
    let offers_calls = host.offers_calls();
    // `None` until the host has said who the customer is.
    let subject = RwSignal::new(None::<Result<LookupRequest, i18n::Message>>);
    let phase = RwSignal::new(Phase::Loading);
    let locale = AgentLocale::provide();
    let language = Language::provide();
    // A page without a host speaks the browser's language (and writes dates its way when that
    // language has a catalog; English keeps the neutral forms); a host names the agent's.
    if host.is_own_page() {
        let browser = i18n::browser_languages();
        if i18n::follow(language, browser.clone()) != sidecard_model::language::DEFAULT {
            locale.set(browser.into_iter().next());
        }
    }
    // Bumped by "Try again" to re-run the same lookup.
    let attempt = RwSignal::new(0u32);
    // Set by the stale notice's "Try again": the next lookup asks the CRM now.
    let refresh = StoredValue::new(false);
    // Each lookup's number: an answer that arrives after a newer lookup started is dropped.
    // (Not a `LocalResource`: its async value keeps showing the previous customer until the
    // next one's answer arrives, and an agent must never act on the previous ticket's card
    // while the new one loads; here every new subject shows the skeleton at once.)
    let generation = StoredValue::new(0u64);
    let purpose = RwSignal::new(Purpose::Show);
    // Views open records and create contacts through the host (Dynamics does both itself).
    host.provide();

    host.start(Listener {
        subject: Rc::new(move |s| {
            // The host re-reads on every activation: the same customer again is no new lookup.
            if subject.get_untracked().as_ref() != Some(&s) {
                subject.set(Some(s));
            }
        }),
        locale: Rc::new(move |l: String| {
            i18n::follow(language, vec![l.clone()]);
            locale.set(Some(l));
        }),
        scheme: Rc::new(set_scheme),
        purpose: Rc::new(move |p| {
            // A call for the customer already shown still offers the call, or opens the record.
            if p != Purpose::Show {
                attempt.update(|n| *n += 1);
            }
            purpose.set(p);
        }),
    });

    // The proxy's own page may already hold the answer for the customer it started with (its
    // own first lookup, `www/first-lookup.js`): their cards are then drawn in the first frame,
    // with no skeleton built and replaced first, and the lookup below does not ask again. (A
    // help desk's bundle leaves this out.)
    let answered = match host
        .is_own_page()
        .then(|| subject.get_untracked())
        .flatten()
    {
        Some(Ok(request)) if !request.is_empty() => api::answered_lookup(&host, &request),
        _ => None,
    };
    let mut first_drawn = answered.is_some();
    if let Some(result) = answered {
        show(&host, purpose, phase, result);
    }

    let lookup_host = host.clone();
    Effect::new(move |_| {
        attempt.track();
        let Some(current) = subject.get() else {
            return;
        };
        // Already drawn (above): this first run only subscribes.
        if std::mem::take(&mut first_drawn) {
            return;
        }
        generation.update_value(|g| *g += 1);
        let this = generation.get_value();
        let request = match current {
            Ok(request) if request.is_empty() => return phase.set(Phase::Idle),
            Ok(request) => LookupRequest {
                refresh: refresh.get_value(),
                ..request
            },
            Err(message) => return phase.set(Phase::Failed(LookupError::Host(message))),
        };
        refresh.set_value(false);
        phase.set(Phase::Loading);
        let host = lookup_host.clone();
        spawn_local(async move {
            let result = api::lookup(&host, &request).await;
            if generation.get_value() == this {
                show(&host, purpose, phase, result);
            }
        });
    });

    let search_host = StoredValue::new_local(host.clone());
    let on_search = move |request: LookupRequest| {
        search_host.with_value(|h| h.subject_changed(&request));
        if subject.get_untracked() == Some(Ok(request.clone())) {
            attempt.update(|n| *n += 1);
        } else {
            subject.set(Some(Ok(request)));
        }
    };
    let retry = move || attempt.update(|n| *n += 1);
    let refresh_now = move || {
        refresh.set_value(true);
        retry();
    };
    let searched = Signal::derive(move || match subject.get() {
        Some(Ok(request)) => request,
        _ => LookupRequest::default(),
    });

    let root = NodeRef::<leptos::html::Main>::new();
    let prompt_host = StoredValue::new_local(host.clone());
    follow_height(root, host);

    view! {
        <main class="sidecard" node_ref=root>
            // Everything below is drawn again in the agent's language once its catalog is in.
            {move || {
                language.get();
                view! {
            // The page's title for screen readers (the cards' headings sit under it).
            <h1 class="visually-hidden">"Sidecard"</h1>
            <div class="top-bar">
                {show_search.then(|| view! { <SearchBox subject=searched on_search=on_search /> })}
                {show_settings.then(|| view! {
                    <a class="gear" href="settings" title=t("settings-link") aria-label=t("settings-link")>"⚙"</a>
                })}
            </div>
            // While the agent's catalog is on its way, nothing they could type in or choose is
            // drawn yet: it would be drawn again, and lost, when the catalog arrives.
            {move || if language.settling() { view! { <Skeleton /> }.into_any() } else { match phase.get() {
                Phase::Idle => view! { <Prompt text=prompt_host.with_value(|h| h.prompt()) /> }.into_any(),
                Phase::Loading => view! { <Skeleton /> }.into_any(),
                Phase::Done(view) => view! {
                    {(offers_calls && purpose.get() == Purpose::Call).then(|| view! { <CallBar searched=view.searched.clone() /> })}
                    <Results view=view on_retry=refresh_now />
                }
                .into_any(),
                Phase::Failed(error) => view! { <ErrorPanel error=error on_retry=retry /> }.into_any(),
            }}}
                }
            }}
        </main>
    }
}

/// Shows a lookup's outcome. A caller with exactly one record: their form opens in the host.
fn show(
    host: &Host,
    purpose: RwSignal<Purpose>,
    phase: RwSignal<Phase>,
    result: Result<CustomerView, LookupError>,
) {
    if let Ok(view) = &result
        && purpose.get_untracked() == Purpose::ScreenPop
        && let [one] = view.customers.as_slice()
    {
        host.open_record(one.person.entity, &one.person.id);
    }
    phase.set(match result {
        Ok(view) => Phase::Done(view),
        Err(e) => Phase::Failed(e),
    });
}

/// Follows the host's colour scheme (`light` or `dark`; anything else: the OS's).
fn set_scheme(scheme: String) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = match scheme.as_str() {
            "light" | "dark" => root.set_attribute("data-scheme", &scheme),
            _ => root.remove_attribute("data-scheme"),
        };
    }
}

/// Tells the host the widget's height whenever it changes, so the sidebar frame fits it.
fn follow_height(root: NodeRef<leptos::html::Main>, host: Host) {
    if host.is_own_page() {
        return;
    }
    root.on_load(move |main| {
        let last = std::cell::Cell::new(0u32);
        let observer = Closure::<dyn Fn(js_sys::Array)>::new(move |_entries: js_sys::Array| {
            let Some(body) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            else {
                return;
            };
            let height = body.scroll_height().max(0) as u32;
            if height != last.get() {
                last.set(height);
                host.resize(height);
            }
        });
        if let Ok(resize) = web_sys::ResizeObserver::new(observer.as_ref().unchecked_ref()) {
            resize.observe(&main);
            // Both live as long as the page.
            std::mem::forget(resize);
        }
        observer.forget();
    });
}
