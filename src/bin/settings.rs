//! The admin's bundle: the settings page, served at `/settings`.

use leptos::prelude::*;
use sidecard::i18n::{self, Language};

fn main() {
    console_error_panic_hook::set_once();
    // The page previews the agents' cards, so it carries every English message.
    i18n::init(i18n::ENGLISH_ALL);
    leptos::mount::mount_to_body(|| {
        let language = Language::provide();
        i18n::follow(language, i18n::browser_languages());
        // Drawn again in the admin's language once its catalog is in (at most once, at start).
        move || {
            language.get();
            view! { <sidecard::views::SettingsPage /> }
        }
    });
}
