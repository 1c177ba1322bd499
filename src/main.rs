//! The agent's bundle: the customer's cards.

fn main() {
    // A release bundle's panic aborts before any hook runs (xtask's WIDGET_RUSTFLAGS): only a
    // debug build has a message to print.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(sidecard::app::App);
}
