//! The Sidecard widget: the customer's CRM card in a help desk sidebar.
//!
//! Leptos CSR compiled to wasm. `host/` learns who the customer is from the page it runs in,
//! `api.rs` asks the proxy, `views/` render the answer; [`app::App`] only composes them.

mod api;
mod app;
mod host;
mod views;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
