//! The lookup cache: a repeat open of the same customer within the TTL costs no CRM call, and
//! N agents opening the same customer at once cost one (concurrent misses for one key wait
//! for the first one's answer instead of each asking the CRM).
//!
//! In-process for now; a shared cache (Redis) joins behind the same methods when several
//! proxy processes serve one team. Failures are never cached: the next open asks again.

use crate::crm::{CrmError, LookupKeys};
use moka::future::Cache;
use sidecard_model::Customer;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// Weight of an entry past which it is not worth keeping (a few customers with many deals
/// each are tens of KB; anything near this is an outlier better fetched again).
const MAX_ENTRY_BYTES: u32 = 8 * 1024 * 1024;

/// Cached lookup answers keyed by the normalized keys.
#[derive(Clone)]
pub struct LookupCache {
    /// `None` when caching is configured off; lookups then always reach the CRM.
    entries: Option<Cache<String, Arc<Vec<Customer>>>>,
}

impl LookupCache {
    /// A cache whose entries live `ttl`, holding at most `max_bytes` of answers (each weighed
    /// by its JSON size, so one customer with thousands of deals counts for what it is);
    /// `None` turns caching off.
    pub fn new(ttl: Option<Duration>, max_bytes: u64) -> Self {
        let entries = ttl.map(|ttl| {
            Cache::builder()
                .max_capacity(max_bytes)
                .weigher(|key: &String, value: &Arc<Vec<Customer>>| weight(key, value))
                .time_to_live(ttl)
                .build()
        });
        Self { entries }
    }

    /// The cached answer for `keys` under settings `version` for `reader` (whose rights the
    /// CRM applied: `""` for the connection's own), or the one `fetch` produces (shared with
    /// every concurrent caller asking for the same keys).
    pub async fn get_or_fetch<F>(
        &self,
        version: u64,
        reader: &str,
        keys: &LookupKeys,
        fetch: F,
    ) -> Result<Arc<Vec<Customer>>, CrmError>
    where
        F: Future<Output = Result<Vec<Customer>, CrmError>>,
    {
        let Some(entries) = &self.entries else {
            return fetch.await.map(Arc::new);
        };
        entries
            .try_get_with(key(version, reader, keys), async {
                fetch.await.map(Arc::new)
            })
            .await
            .map_err(|e: Arc<CrmError>| (*e).clone())
    }
}

/// An entry's size: its key and its answer as JSON (what it costs to keep and to send).
fn weight(key: &str, customers: &[Customer]) -> u32 {
    let bytes = key.len() + serde_json::to_vec(customers).map_or(0, |json| json.len());
    u32::try_from(bytes).unwrap_or(MAX_ENTRY_BYTES)
}

/// The same customer asked for in any order or format gives the same key; a settings save
/// changes every key, so no answer shaped by the old settings is reused; answers read with
/// one agent's rights are never another's.
fn key(version: u64, reader: &str, keys: &LookupKeys) -> String {
    let mut emails = keys.emails.clone();
    emails.sort();
    let mut phones: Vec<&str> = keys.phones.iter().map(|p| p.e164.as_str()).collect();
    phones.sort();
    format!(
        "v:{version}|r:{reader}|e:{}|p:{}",
        emails.join(","),
        phones.join(",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use sidecard_model::{Entity, Record};

    fn customer(fields: usize) -> Customer {
        Customer {
            person: Record {
                entity: Entity::Contact,
                id: "1".into(),
                title: "A".into(),
                link: None,
                fields: (0..fields)
                    .map(|i| {
                        sidecard_model::Field::new(
                            format!("f{i}"),
                            "F",
                            sidecard_model::Value::Text("x".repeat(100)),
                        )
                    })
                    .collect(),
            },
            matched_on: vec![],
            account: None,
            open_deals: vec![],
            more_deals: 0,
        }
    }

    #[tokio::test]
    async fn entries_are_weighed_by_bytes_and_readers_are_apart() {
        let cache = LookupCache::new(Some(Duration::from_secs(60)), 64 * 1024);
        let keys = |email: &str| LookupKeys {
            emails: vec![email.into()],
            phones: vec![],
        };
        // A 1 MB answer does not fit a 64 KB cache: fetched every time.
        for _ in 0..2 {
            cache
                .get_or_fetch(1, "", &keys("big@x.example"), async {
                    Ok(vec![customer(10_000)])
                })
                .await
                .unwrap();
        }
        let entries = cache.entries.as_ref().unwrap();
        entries.run_pending_tasks().await;
        assert_eq!(
            entries.entry_count(),
            0,
            "the oversized answer was not kept"
        );
        assert!(weight("k", &[customer(10_000)]) > 1_000_000);

        cache
            .get_or_fetch(1, "user-a", &keys("a@x.example"), async {
                Ok(vec![customer(1)])
            })
            .await
            .unwrap();
        let b = cache
            .get_or_fetch(1, "user-b", &keys("a@x.example"), async { Ok(Vec::new()) })
            .await
            .unwrap();
        assert!(b.is_empty(), "user b got user a's answer");
    }
}
