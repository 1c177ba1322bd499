//! The Dynamics 365 channel panel's bundle (`cif.html`, served by the proxy at `/cif`): the
//! customer's cards with the CIF host adapter alone.
#![cfg_attr(target_arch = "wasm32", no_main)]

sidecard::page_start!(sidecard::mount_cards);
