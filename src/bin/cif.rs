//! The Dynamics 365 channel panel's bundle (`cif.html`, served by the proxy at `/cif`): the
//! customer's cards with the CIF host adapter alone.

fn main() {
    sidecard::mount_cards();
}
