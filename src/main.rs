//! The standalone page's bundle (`index.html`, served by the proxy at `/`): the customer's
//! cards for the customer an agent searches for, with no help desk adapter.

fn main() {
    sidecard::mount_cards();
}
