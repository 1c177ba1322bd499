//! The Dynamics 365 channel panel's bundle (`cif.html`, served by the proxy at `/cif`): the
//! customer's cards with the CIF host adapter alone.
#![no_main]

/// Called by the glue's init. Not a Rust `main`: std's runtime set-up and exit clean-up (its
/// stdout buffer, 0.3 KB of the module) have nothing to do in a page.
#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn start() {
    sidecard::mount_cards();
}
