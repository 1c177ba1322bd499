//! Pins: when a customer's lookup matches several people, an agent pins the right one, and
//! every later lookup of that customer (in any key order or phone format) shows them first,
//! marked who pinned them and when.
//!
//! A pin is kept per install and per customer: the lookup's normalized keys (emails
//! case-folded, phones in E.164), so it applies to the same customer however the host writes
//! them. It applies only while the pinned person still matches: a pin never brings back
//! someone the CRM no longer returns.
//!
//! A lookup never waits on the store for long: a pin not read within
//! [`store::READ_LIMIT`] is left out, and after a failed or slow read, lookups skip pins for
//! [`crate::outage::PAUSE`]. A hung PostgreSQL would otherwise hold every lookup that matches
//! several people.

use crate::outage::Outage;
use crate::store::{self, PinStore};
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
/// A store that cannot be read in time, or failed within the last [`crate::outage::PAUSE`]
/// (`reads`), leaves the view as it is: the lookup goes on without the pin.
pub async fn apply(pins: &dyn PinStore, reads: &Outage, install: &str, view: &mut CustomerView) {
    if view.customers.len() < 2 || !reads.is_over() {
        return;
    }
    let pin = match store::within_limit(pins.pinned(install, &key(&view.searched))).await {
        Ok(pin) => {
            if reads.answered() {
                tracing::info!("pins can be read again: lookups show pinned people again");
            }
            pin
        }
        Err(e) => {
            metrics::counter!("sidecard_store_read_failures_total", "read" => "pin").increment(1);
            // One warning for the process: the outage is the store's, not one install's.
            if reads.failed() {
                tracing::warn!(
                    error = %e,
                    "cannot read pins: lookups go on without them until the store answers"
                );
            }
            return;
        }
    };
    let Some(pin) = pin else {
        return;
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
    use crate::store::{Pin, StoreError};
    use sidecard_model::{Customer, Entity, Record, SearchedPhone};
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::time::Duration;

    /// A pin store whose reads never finish (`hang`) or fail, counting them; it pins `B2`.
    struct Store {
        hang: bool,
        fail: AtomicBool,
        reads: AtomicUsize,
    }

    impl Store {
        fn new(hang: bool, fail: bool) -> Self {
            Store {
                hang,
                fail: fail.into(),
                reads: AtomicUsize::new(0),
            }
        }
    }

    #[async_trait::async_trait]
    impl PinStore for Store {
        async fn pinned(&self, _: &str, _: &str) -> Result<Option<Pin>, StoreError> {
            self.reads.fetch_add(1, Ordering::SeqCst);
            if self.hang {
                std::future::pending::<()>().await;
            }
            if self.fail.load(Ordering::SeqCst) {
                return Err(StoreError::Storage("connection refused".into()));
            }
            Ok(Some(Pin {
                entity: Entity::Contact,
                id: "B2".into(),
                by: "Agent".into(),
                at: "2026-12-01T10:00:00Z".into(),
            }))
        }
        async fn pin(&self, _: &str, _: &str, pin: &Pin) -> Result<Pin, StoreError> {
            Ok(pin.clone())
        }
        async fn unpin(&self, _: &str, _: &str) -> Result<Option<Pin>, StoreError> {
            Ok(None)
        }
    }

    /// Two people match; the pinned one is listed second.
    fn two_matches() -> CustomerView {
        let person = |id: &str| {
            Customer::of(Record {
                entity: Entity::Contact,
                id: id.into(),
                title: id.into(),
                link: None,
                fields: Vec::new(),
            })
        };
        CustomerView {
            searched: searched(&["a@x.example"], &[]),
            customers: vec![person("A1"), person("B2")],
            ..CustomerView::default()
        }
    }

    fn first(view: &CustomerView) -> &str {
        &view.customers[0].person.id
    }

    #[tokio::test(start_paused = true)]
    async fn a_hung_store_holds_a_lookup_no_longer_than_the_limit_and_then_not_at_all() {
        let (store, reads) = (Store::new(true, false), Outage::default());
        let started = tokio::time::Instant::now();
        let mut view = two_matches();
        tokio::time::timeout(store::READ_LIMIT * 4, apply(&store, &reads, "i", &mut view))
            .await
            .expect("the lookup went on without the pin");
        // Paused time: the clock moved only by what the lookup waited.
        assert_eq!(started.elapsed(), store::READ_LIMIT);
        assert_eq!((first(&view), view.pinned.is_none()), ("A1", true));
        let again = tokio::time::Instant::now();
        apply(&store, &reads, "i", &mut two_matches()).await;
        assert_eq!(again.elapsed(), Duration::ZERO, "skipped during the pause");
        assert_eq!(store.reads.load(Ordering::SeqCst), 1);
        tokio::time::advance(crate::outage::PAUSE).await;
        apply(&store, &reads, "i", &mut two_matches()).await;
        assert_eq!(
            store.reads.load(Ordering::SeqCst),
            2,
            "tried again after it"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_failing_store_is_skipped_until_the_pause_ends_then_pins_apply_again() {
        let (store, reads) = (Store::new(false, true), Outage::default());
        let mut view = two_matches();
        apply(&store, &reads, "i", &mut view).await;
        assert_eq!(first(&view), "A1");
        store.fail.store(false, Ordering::SeqCst);
        let mut view = two_matches();
        apply(&store, &reads, "i", &mut view).await;
        assert_eq!(first(&view), "A1", "skipped during the pause");
        assert_eq!(store.reads.load(Ordering::SeqCst), 1);
        tokio::time::advance(crate::outage::PAUSE).await;
        let mut view = two_matches();
        apply(&store, &reads, "i", &mut view).await;
        assert_eq!(first(&view), "B2", "the pinned person first again");
        assert_eq!(view.pinned.as_ref().map(|p| p.by.as_str()), Some("Agent"));
    }

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
