//! The Freshdesk app's bundle (`freshdesk.html`, the page inside the Freshdesk package): the
//! customer's cards with the Freshdesk host adapter alone.
#![cfg_attr(target_arch = "wasm32", no_main)]

sidecard::page_start!(sidecard::mount_cards);
