//! Views whose code the release bundles load only when an agent or admin opens them.
//!
//! Most agents never create a person, yet every sidebar downloaded, compiled and instantiated
//! the create form before its first card. Under the `sidecard_split` cfg (set by `cargo xtask
//! build`, which builds the bundles) and in the binaries with the cards (the `cards` feature:
//! every page but the settings page, whose module would otherwise export them), each function
//! below is a split point of `wasm_split_helpers` (the crate behind Leptos' `#[lazy]`): the
//! linked module is cut after cargo, before wasm-bindgen (`xtask/src/split.rs`), so the
//! functions' code and everything only they reach move to a module of their own, fetched and
//! instantiated (sharing the main module's memory and table) the first time one is called.
//! Everywhere else (clippy, unit tests, any build without the cfg) they are plain `async` calls.
//!
//! Each function returns its view erased (`AnyView`), so the call across the split is a plain
//! function call with concrete types (a split point cannot be generic or return `impl Trait`).
//! [`preload_forms`] starts the forms' download before they are opened, so opening one waits
//! on nothing in the common case.
//!
//! The split point's macro declares the loader as an `extern "C"` import and the function's
//! body as an exported `extern "C"` function: the only `unsafe` in the widget, allowed here
//! alone.
#![allow(unsafe_code)]

use crate::transport::LookupError;
use crate::views::{CreatePerson, ErrorPanel};
use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use sidecard_model::{Record, Searched};
use std::future::Future;

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

/// A view loaded on demand: `load`'s view once its chunk is in (nothing is drawn meanwhile:
/// the chunk is small and usually preloaded), or, if the chunk cannot be fetched, the network
/// error with "Try again", which fetches it again. (Signals and a spawned task, which every
/// page has, rather than Leptos' `Suspend`, which no other view needs: about 2 KB.)
pub fn view<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<AnyView, LoadFailed>> + 'static,
{
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
    move || match phase.get() {
        Phase::Loading => ().into_any(),
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
    }
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
/// is given); plain `async fn`s (and a `$preload` with nothing to do) otherwise. `fallible`:
/// a chunk that cannot be loaded is an `Err`, where the macro's default would panic, and a
/// panic ends the whole widget.
macro_rules! on_demand {
    (
        chunk $chunk:ident, preload $preload:ident;
        $(#[$fattr:meta])*
        pub fn $first:ident($($farg:ident: $fty:ty),* $(,)?) -> $fret:ty $fbody:block
        $(
            $(#[$attr:meta])*
            pub fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block
        )*
    ) => {
        #[cfg(all(sidecard_split, feature = "cards"))]
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
        pub fn $first($($farg: $fty),*) -> $fret $fbody

        #[cfg(not(all(sidecard_split, feature = "cards")))]
        $(#[$fattr])*
        pub async fn $first($($farg: $fty),*) -> $fret $fbody

        /// Starts the chunk's download (nothing to do: this build is not split).
        #[cfg(not(all(sidecard_split, feature = "cards")))]
        pub async fn $preload() -> Result<(), ::leptos::wasm_split::SplitLoaderError> {
            Ok(())
        }

        $(
            #[cfg(all(sidecard_split, feature = "cards"))]
            #[::leptos::wasm_split::wasm_split(
                $chunk,
                wasm_split_path = ::leptos::wasm_split,
                fallible
            )]
            $(#[$attr])*
            pub fn $name($($arg: $ty),*) -> $ret $body

            #[cfg(not(all(sidecard_split, feature = "cards")))]
            $(#[$attr])*
            pub async fn $name($($arg: $ty),*) -> $ret $body
        )*
    };
}

on_demand! {
    chunk forms, preload preload_forms;

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
