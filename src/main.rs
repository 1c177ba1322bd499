//! The agent's bundle: the customer's cards.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(sidecard::app::App);
}
