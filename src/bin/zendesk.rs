//! The Zendesk app's bundle (`zendesk.html`, the page inside the Zendesk package): the
//! customer's cards with the Zendesk host adapter alone.
// No Rust `main` in the page (below); a native build (a plain `cargo build`) still links one.
#![cfg_attr(target_arch = "wasm32", no_main)]

/// Called by the glue's init. Not a Rust `main`: std's runtime set-up and exit clean-up (its
/// stdout buffer, 0.3 KB of the module) have nothing to do in a page.
#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn start() {
    sidecard::mount_cards();
}

/// Natively the binary has nothing to do: only the wasm build is a page.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
