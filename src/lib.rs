//! The Sidecard widget: the customer's CRM card in a help desk sidebar, and the admin's
//! settings page.
//!
//! Leptos CSR compiled to wasm. `host/` learns who the customer is from the page it runs in,
//! `api.rs` asks the proxy, `views/` render the answer; [`app::App`] only composes them. Two
//! binaries mount it: `sidecard` (the cards, what every sidebar open downloads) and
//! `sidecard-settings` (the settings page, downloaded only by admins who open it).

pub mod api;
pub mod app;
pub mod host;
pub mod i18n;
pub(crate) mod js;
pub mod locale;
pub mod transport;
pub mod views;
