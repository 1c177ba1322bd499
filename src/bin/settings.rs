//! The admin's bundle: the settings page, served at `/settings`.
#![cfg_attr(target_arch = "wasm32", no_main)]

use leptos::prelude::*;
use sidecard::i18n::{self, Language};

sidecard::page_start!(settings_page);

/// Mounts the settings page.
fn settings_page() {
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
