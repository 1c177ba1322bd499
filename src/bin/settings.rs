//! The admin's bundle: the settings page, served at `/settings`.
// No Rust `main` in the page (below); a native build (a plain `cargo build`) still links one.
#![cfg_attr(target_arch = "wasm32", no_main)]

use leptos::prelude::*;
use sidecard::i18n::{self, Language};

/// Called by the glue's init. Not a Rust `main`: std's runtime set-up and exit clean-up (its
/// stdout buffer, 0.3 KB of the module) have nothing to do in a page.
#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn start() {
    sidecard::report_panics();
    // The page previews the agents' cards, so it carries every English message.
    i18n::init(i18n::ENGLISH_ALL);
    leptos::mount::mount_to_body(|| {
        let language = Language::provide();
        i18n::follow(language, i18n::browser_languages());
        // Drawn once the admin's catalog is in, so the page loads the settings once and
        // nothing typed is drawn again.
        move || {
            if language.settling() {
                view! { <p class="prompt" role="status">{i18n::t("settings-loading")}</p> }
                    .into_any()
            } else {
                // `settling` above tracks the language too: a new one draws the page again.
                view! { <sidecard::views::SettingsPage /> }.into_any()
            }
        }
    });
}

/// Natively the binary has nothing to do: only the wasm build is a page.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
