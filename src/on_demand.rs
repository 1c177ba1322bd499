//! Views whose code the release bundles load only when an agent or admin opens them.
//!
//! Most lookups find one customer, and most visits to the settings page change a card's
//! fields; yet every sidebar downloaded, compiled and instantiated the other outcomes' views
//! (no match, several matches, the create form) before its first card, and the settings page
//! every tab's editor. Under the `sidecard_split` cfg (set by `cargo xtask build`, which
//! builds the bundles), each function below is a split point of `wasm_split_helpers` (the
//! crate behind Leptos' `#[lazy]`): the linked module is cut after cargo, before wasm-bindgen
//! (`xtask/src/split.rs`), so the functions' code and everything only they reach move to a
//! module of their own (a chunk), fetched and instantiated (sharing the main module's memory
//! and table) the first time one is called. Everywhere else (clippy, unit tests, any build
//! without the cfg) they are plain `async` calls.
//!
//! Two chunks, each exported only by the binaries that call it (a split point is an exported
//! function, and an exported function stays in every binary that links the library):
//! - `actions`, in every binary with the cards (the `cards` feature): what is past a found
//!   customer's cards: the other outcomes of a lookup, fetched when it finds no one or several
//!   people (the skeleton stays meanwhile), the create form they both offer, the pin button of
//!   one of several, and the "Log to CRM" form, fetched as the agent reaches its button
//!   ([`preload_actions`]). One chunk, not
//!   one per view: code two chunks share would be a third module, fetched before either
//!   (`xtask/src/bundle.rs` refuses a second chunk);
//! - `editors`, in the settings page's (the `settings` feature): the tabs past the cards',
//!   fetched once the page has loaded the settings ([`preload_editors`]).
//!
//! Each function returns its view erased (`AnyView`), so the call across the split is a plain
//! function call with concrete types (a split point cannot be generic or return `impl Trait`).
//!
//! The split point's macro declares the loader as an `extern "C"` import and the function's
//! body as an exported `extern "C"` function: the only `unsafe` in the widget, allowed here
//! alone.
#![allow(unsafe_code)]

use crate::transport::LookupError;
use crate::views::{
    self, CreatePerson, ErrorPanel, FormEditor, LogEditor, LogForm, LogState, LookupOptions,
    NoMatch, PinButton,
};
use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use sidecard_model::activity::ActivityKind;
use sidecard_model::{Customer, Entity, FieldInfo, Pinned, Record, Searched, Settings};
use std::future::Future;
use std::pin::Pin;

/// A chunk could not be fetched or instantiated (offline, the proxy restarting, a package
/// served without it). The loader logs why to the console and tries again on the next call.
#[derive(Clone, Copy, Debug)]
pub struct LoadFailed;

impl From<leptos::wasm_split::SplitLoaderError> for LoadFailed {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        LoadFailed
    }
}

/// Where a view loaded on demand is.
#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Loading,
    Ready,
    Failed,
}

/// A chunk's view, started again on "Try again".
type Loader = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Result<AnyView, LoadFailed>>>>>;

/// A view loaded on demand: `load`'s view once its chunk is in (`meanwhile`'s until then), or,
/// if the chunk cannot be fetched, the network error with "Try again", which fetches it again.
/// A fetch that stalls fails too: the build gives the loader's fetch a timeout (15 s,
/// `CHUNK_TIMEOUT_MS` in `xtask/src/glue.rs`), so a place is never left blank and "Try again"
/// never waits on the stalled request. One load at a time: "Try again" shows only once the
/// last one failed. (Signals and a spawned task, which every page has, rather than Leptos'
/// `Suspend`, which no other view needs: about 2 KB.)
pub fn view<F, Fut>(meanwhile: fn() -> AnyView, load: F) -> AnyView
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<AnyView, LoadFailed>> + 'static,
{
    // Boxed here, so each caller adds only this closure and the view's code is compiled once.
    loaded(meanwhile, Box::new(move || Box::pin(load())))
}

/// Nothing, while a chunk is on its way: for a part of a view the agent or admin just opened
/// (the chunk is small and usually in already).
pub fn nothing() -> AnyView {
    ().into_any()
}

fn loaded(meanwhile: fn() -> AnyView, load: Loader) -> AnyView {
    let phase = RwSignal::new(Phase::Loading);
    let ready = StoredValue::new_local(None::<AnyView>);
    let load = StoredValue::new_local(load);
    // The view is built while the task polls the future, outside any component: it runs
    // under this view's owner (the form reads the host from its context), and untracked (what
    // it reads must not redraw the view that holds it). Captured now, for "Try again" too.
    let owner = Owner::current().unwrap_or_default();
    let fetch = move || {
        let loading = owner.with(|| ScopedFuture::new_untracked(load.with_value(|load| load())));
        leptos::task::spawn_local(async move {
            match loading.await {
                Ok(view) => {
                    ready.set_value(Some(view));
                    phase.set(Phase::Ready);
                }
                Err(LoadFailed) => phase.set(Phase::Failed),
            }
        });
    };
    fetch();
    (move || match phase.get() {
        Phase::Loading => meanwhile(),
        // Taken, not cloned (a view is drawn once): the phase changes no more after this.
        Phase::Ready => {
            let mut view = None;
            ready.update_value(|ready| view = ready.take());
            view.unwrap_or_else(|| ().into_any())
        }
        Phase::Failed => {
            let fetch = fetch.clone();
            view! {
                <ErrorPanel
                    error=LookupError::Network
                    on_retry=move |()| {
                        phase.set(Phase::Loading);
                        fetch();
                    }
                />
            }
            .into_any()
        }
    })
    .into_any()
}

/// Starts a chunk's download now, so that opening its view waits on nothing; a failure is
/// left to the view itself, which tries again.
pub fn preload<F, Fut, E>(start: F)
where
    F: FnOnce() -> Fut + 'static,
    Fut: Future<Output = Result<(), E>> + 'static,
{
    leptos::task::spawn_local(async move {
        let _ = start().await;
    });
}

/// Functions whose code moves to the chunk `$chunk` in split builds, with `$preload` starting
/// that chunk's download (declared on the first function: the macro makes one per function it
/// is given); plain `async fn`s (and a `$preload` with nothing to do) otherwise. `$feature`:
/// the binaries that export them. `$english`: the English messages the chunk's views show,
/// which every function adds before it draws ([`crate::i18n::add_english`]; named only here,
/// they move to the chunk with its code). `fallible`:
/// a chunk that cannot be loaded is an `Err`, where the macro's default would panic, and a
/// panic ends the whole widget.
macro_rules! on_demand {
    (
        chunk $chunk:ident, preload $preload:ident, feature $feature:literal, english $english:expr;
        $(#[$fattr:meta])*
        pub fn $first:ident($($farg:ident: $fty:ty),* $(,)?) -> $fret:ty $fbody:block
        $(
            $(#[$attr:meta])*
            pub fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block
        )*
    ) => {
        #[cfg(all(sidecard_split, feature = $feature))]
        #[::leptos::wasm_split::wasm_split(
            $chunk,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload(
                /// Starts the chunk's download.
                $preload
            )
        )]
        $(#[$fattr])*
        pub fn $first($($farg: $fty),*) -> $fret {
            $crate::i18n::add_english($english);
            $fbody
        }

        #[cfg(not(all(sidecard_split, feature = $feature)))]
        $(#[$fattr])*
        pub async fn $first($($farg: $fty),*) -> $fret {
            $crate::i18n::add_english($english);
            $fbody
        }

        /// Starts the chunk's download (nothing to do: this build is not split).
        #[cfg(not(all(sidecard_split, feature = $feature)))]
        pub async fn $preload() -> Result<(), ::leptos::wasm_split::SplitLoaderError> {
            Ok(())
        }

        $(
            #[cfg(all(sidecard_split, feature = $feature))]
            #[::leptos::wasm_split::wasm_split(
                $chunk,
                wasm_split_path = ::leptos::wasm_split,
                fallible
            )]
            $(#[$attr])*
            pub fn $name($($arg: $ty),*) -> $ret {
                $crate::i18n::add_english($english);
                $body
            }

            #[cfg(not(all(sidecard_split, feature = $feature)))]
            $(#[$attr])*
            pub async fn $name($($arg: $ty),*) -> $ret {
                $crate::i18n::add_english($english);
                $body
            }
        )*
    };
}

on_demand! {
    chunk actions, preload preload_actions, feature "cards", english crate::i18n::ENGLISH_ON_DEMAND;

    /// "Log to CRM", opened: the note and what the proxy did with it.
    pub fn log_form(
        searched: Searched,
        person: Record,
        note: RwSignal<String>,
        state: RwSignal<LogState>,
    ) -> Result<AnyView, LoadFailed> {
        Ok(view! { <LogForm searched=searched person=person note=note state=state /> }.into_any())
    }

    /// "No customer found", with what was searched and the way to create them.
    pub fn no_match(searched: Searched, on_created: Callback<Record>) -> Result<AnyView, LoadFailed> {
        Ok(view! { <NoMatch searched=searched on_created=on_created /> }.into_any())
    }

    /// Several people match: the chooser, and the chosen one's cards.
    pub fn several(
        searched: Searched,
        customers: Vec<Customer>,
        pinned: Option<Pinned>,
        show_deals: bool,
        on_changed: Callback<()>,
    ) -> Result<AnyView, LoadFailed> {
        Ok(views::several(searched, customers, pinned, show_deals, on_changed))
    }

    /// "Pin as this customer" (or "Unpin") on the card of one of several matches, chosen.
    pub fn pin_button(
        searched: Searched,
        person: Record,
        pinned: bool,
        on_changed: Callback<()>,
    ) -> Result<AnyView, LoadFailed> {
        Ok(view! {
            <PinButton searched=searched person=person pinned=pinned on_changed=on_changed />
        }
        .into_any())
    }

    /// "Create contact or lead": the form, its duplicate warning and the CRM's typed fields.
    pub fn create_person(
        searched: Searched,
        on_created: Callback<Record>,
        on_cancel: Callback<()>,
    ) -> Result<AnyView, LoadFailed> {
        Ok(view! { <CreatePerson searched=searched on_created=on_created on_cancel=on_cancel /> }
            .into_any())
    }
}

on_demand! {
    // The settings page's English has every message.
    chunk editors, preload preload_editors, feature "settings", english "";

    /// The settings page's "Lookup" tab: how customers are found and dialled.
    pub fn lookup_options(draft: RwSignal<Option<Settings>>) -> Result<AnyView, LoadFailed> {
        Ok(view! { <LookupOptions draft=draft /> }.into_any())
    }

    /// The settings page's "Log to CRM" tab: what each activity records, with its preview.
    pub fn log_editor(
        draft: RwSignal<Option<Settings>>,
        fields: Vec<(ActivityKind, Vec<FieldInfo>)>,
    ) -> Result<AnyView, LoadFailed> {
        Ok(view! { <LogEditor draft=draft fields=fields /> }.into_any())
    }

    /// The settings page's "Create form" tab: the fields a new contact or lead is given.
    pub fn form_editor(
        draft: RwSignal<Option<Settings>>,
        fields: Vec<(Entity, Vec<FieldInfo>)>,
    ) -> Result<AnyView, LoadFailed> {
        Ok(view! { <FormEditor draft=draft fields=fields /> }.into_any())
    }
}
