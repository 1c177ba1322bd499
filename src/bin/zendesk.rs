//! The Zendesk app's bundle (`zendesk.html`, the page inside the Zendesk package): the
//! customer's cards with the Zendesk host adapter alone.

fn main() {
    sidecard::mount_cards();
}
