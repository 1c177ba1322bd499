//! The Dynamics 365 channel panel's bundle (`cif.html`, served by the proxy at `/cif`): the
//! customer's cards with the CIF host adapter alone.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(sidecard::app::App);
}
