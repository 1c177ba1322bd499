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

/// Most distinct customers kept; at a few KB each this bounds the cache to tens of MB.
const MAX_ENTRIES: u64 = 10_000;

/// Cached lookup answers keyed by the normalized keys.
#[derive(Clone)]
pub struct LookupCache {
    /// `None` when caching is configured off; lookups then always reach the CRM.
    entries: Option<Cache<String, Arc<Vec<Customer>>>>,
}

impl LookupCache {
    /// A cache whose entries live `ttl`; `None` turns caching off.
    pub fn new(ttl: Option<Duration>) -> Self {
        let entries = ttl.map(|ttl| {
            Cache::builder()
                .max_capacity(MAX_ENTRIES)
                .time_to_live(ttl)
                .build()
        });
        Self { entries }
    }

    /// The cached answer for `keys` under settings `version`, or the one `fetch` produces
    /// (shared with every concurrent caller asking for the same keys).
    pub async fn get_or_fetch<F>(
        &self,
        version: u64,
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
            .try_get_with(key(version, keys), async { fetch.await.map(Arc::new) })
            .await
            .map_err(|e: Arc<CrmError>| (*e).clone())
    }
}

/// The same customer asked for in any order or format gives the same key; a settings save
/// changes every key, so no answer shaped by the old settings is reused.
fn key(version: u64, keys: &LookupKeys) -> String {
    let mut emails = keys.emails.clone();
    emails.sort();
    let mut phones: Vec<&str> = keys.phones.iter().map(|p| p.e164.as_str()).collect();
    phones.sort();
    format!("v:{version}|e:{}|p:{}", emails.join(","), phones.join(","))
}
