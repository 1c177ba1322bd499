//! Pins: when a customer's lookup matches several people, an agent pins the right one, and
//! every later lookup of that customer (in any key order or phone format) shows them first,
//! marked who pinned them and when.
//!
//! A pin is kept per install and per customer: the lookup's normalized keys (emails
//! case-folded, phones in E.164), so it applies to the same customer however the host writes
//! them. It applies only while the pinned person still matches: a pin never brings back
//! someone the CRM no longer returns.

use crate::store::PinStore;
use sidecard_model::{CustomerView, Pinned, Searched};

/// The customer a lookup searched for, as pins are kept: sorted emails and E.164 numbers.
pub fn key(searched: &Searched) -> String {
    let mut emails: Vec<&str> = searched.emails.iter().map(String::as_str).collect();
    emails.sort_unstable();
    emails.dedup();
    let mut phones: Vec<&str> = searched.phones.iter().map(|p| p.e164.as_str()).collect();
    phones.sort_unstable();
    phones.dedup();
    format!("e:{}|p:{}", emails.join(","), phones.join(","))
}

/// Puts the customer's pinned person first in `view` and says so, when they still match.
/// A store that cannot be read leaves the view as it is: the lookup goes on without the pin.
pub async fn apply(pins: &dyn PinStore, install: &str, view: &mut CustomerView) {
    if view.customers.len() < 2 {
        return;
    }
    let pin = match pins.pinned(install, &key(&view.searched)).await {
        Ok(Some(pin)) => pin,
        Ok(None) => return,
        Err(e) => {
            tracing::warn!(error = %e, install, "cannot read pins; showing the lookup as is");
            return;
        }
    };
    let Some(at) = view
        .customers
        .iter()
        .position(|c| c.person.entity == pin.entity && c.person.id == pin.id)
    else {
        return;
    };
    let pinned = view.customers.remove(at);
    view.customers.insert(0, pinned);
    view.pinned = Some(Pinned {
        entity: pin.entity,
        id: pin.id,
        by: pin.by,
        at: pin.at,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use sidecard_model::SearchedPhone;

    fn searched(emails: &[&str], phones: &[&str]) -> Searched {
        Searched {
            emails: emails.iter().map(|e| (*e).to_owned()).collect(),
            phones: phones
                .iter()
                .map(|p| SearchedPhone {
                    input: format!("typed {p}"),
                    e164: (*p).to_owned(),
                    formats: vec![],
                    dial: None,
                })
                .collect(),
        }
    }

    #[test]
    fn the_same_customer_in_any_order_is_one_key() {
        assert_eq!(
            key(&searched(&["b@x.example", "a@x.example"], &["+2", "+1"])),
            key(&searched(&["a@x.example", "b@x.example"], &["+1", "+2"]))
        );
        assert_ne!(
            key(&searched(&["a@x.example"], &[])),
            key(&searched(&[], &["a@x.example"]))
        );
    }
}
