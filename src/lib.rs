//! The Sidecard widget: the customer's CRM card in a help desk sidebar, and the admin's
//! settings page.
//!
//! Leptos CSR compiled to wasm. `host/` learns who the customer is from the page it runs in,
//! `api.rs` asks the proxy over `transport.rs`, `views/` render the answer in the agent's
//! language (`i18n.rs`); [`app::App`] only composes them. One binary per page mounts it, each
//! built with only its own host adapter (a cargo feature), so a sidebar downloads no other
//! host's code: `sidecard-zendesk` and `sidecard-freshdesk` (the cards in each help desk's
//! app package), `sidecard-cif` (the Dynamics channel panel), `sidecard` (the standalone page
//! at the proxy's `/`), and `sidecard-settings` (the settings page, downloaded only by admins
//! who open it).

pub mod api;
pub mod app;
pub(crate) mod from_js;
pub mod host;
pub mod i18n;
pub(crate) mod js;
pub mod locale;
pub mod on_demand;
pub mod transport;
pub mod views;

/// Makes `$start` a page binary's entry point: wasm-bindgen's `start`, which the glue's init
/// calls, in place of a Rust `main`, whose runtime set-up and exit clean-up (std's stdout
/// buffer, 0.3 KB of each module) have nothing to do in a page. Each binary also has
/// `#![cfg_attr(target_arch = "wasm32", no_main)]`; natively (a plain `cargo build`) it links
/// the empty `main` this writes.
#[macro_export]
macro_rules! page_start {
    ($start:path) => {
        #[wasm_bindgen::prelude::wasm_bindgen(start)]
        fn start() {
            $start();
        }

        #[cfg(not(target_arch = "wasm32"))]
        fn main() {}
    };
}

/// Mounts the customer's cards: each sidebar binary's whole start.
pub fn mount_cards() {
    report_panics();
    leptos::mount::mount_to_body(app::App);
}

/// Sends a panic's message to the console. Only a debug build has one to send: a release
/// bundle's panic aborts before any hook runs (xtask's `WIDGET_RUSTFLAGS`).
pub fn report_panics() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
}
