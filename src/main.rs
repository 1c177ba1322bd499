//! The standalone page's bundle (`index.html`, served by the proxy at `/`): the customer's
//! cards for the customer an agent searches for, with no help desk adapter.
#![cfg_attr(target_arch = "wasm32", no_main)]

sidecard::page_start!(sidecard::mount_cards);
