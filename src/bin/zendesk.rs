//! The Zendesk app's bundle (`zendesk.html`, the page inside the Zendesk package): the
//! customer's cards with the Zendesk host adapter alone.
#![cfg_attr(target_arch = "wasm32", no_main)]

sidecard::page_start!(sidecard::mount_cards);
