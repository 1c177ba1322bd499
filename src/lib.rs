//! The Sidecard widget: the customer's CRM card in a help desk sidebar, and the admin's
//! settings page.
//!
//! Leptos CSR compiled to wasm. `host/` learns who the customer is from the page it runs in,
//! `api.rs` asks the proxy over `transport.rs`, `views/` render the answer in the agent's
//! language (`i18n.rs`); [`app::App`] only composes them. Three binaries mount it: `sidecard`
//! (the cards, what every help desk sidebar open downloads), `sidecard-cif` (the same for the
//! Dynamics channel panel) and `sidecard-settings` (the settings page, downloaded only by
//! admins who open it).

pub mod api;
pub mod app;
pub mod host;
pub mod i18n;
pub(crate) mod js;
pub mod locale;
pub mod transport;
pub mod views;
