//! The Freshdesk app's bundle (`freshdesk.html`, the page inside the Freshdesk package): the
//! customer's cards with the Freshdesk host adapter alone.

fn main() {
    sidecard::mount_cards();
}
