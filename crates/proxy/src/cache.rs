//! The lookup cache: a repeat open of the same customer within the TTL costs no CRM call; N
//! agents opening the same customer at once cost one (concurrent fetches for one key share
//! the first one's answer); and when the CRM has a bad day, agents still see the last known
//! answer, with its age and the reason it is not newer.
//!
//! Every answer is kept for the freshness TTL plus a grace period (`--stale-grace-secs`,
//! default 24 h, within the cache's byte budget). Within the TTL it is served as is. Past it
//! (stale-while-revalidate) it is refreshed, one refresh per key, and the refresh waited for
//! only briefly ([`REVALIDATE_WAIT`]): a CRM that answers or fails at once gives its answer
//! or its reason; a slow one leaves the known answer to be served at once while the refresh
//! completes in the background. Marked stale, with the reason, when the connection is known
//! to be down (then nothing is waited for) or the key's last refresh failed. A fetch the agent waits for (a first lookup, or their "try
//! again") that fails falls back to the last known answer, marked stale. Failures themselves
//! are never cached: the next open asks again.
//!
//! With Redis (`--redis-url`) this in-process cache is the first level: answers come from
//! the processes' shared store ([`SharedAnswers`]) while Redis answers, each process
//! coalescing its own lookups of a key before they reach Redis. When the CRM cannot answer,
//! the process's own last answer stands in as above, or, when it has none, the last one any
//! process stored (kept in Redis for the TTL plus the grace). When Redis cannot answer, each
//! process caches on its own until it is back.

use crate::crm::{CrmError, LookupKeys};
use crate::shared::answers::{Found, SharedAnswers};
use futures::FutureExt;
use futures::future::{BoxFuture, Shared};
use moka::future::Cache;
use sidecard_model::{Customer, StaleReason};
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use tokio::time::Instant;

/// Weight of an entry past which it is not worth keeping (a few customers with many deals
/// each are tens of KB; anything near this is an outlier better fetched again).
const MAX_ENTRY_BYTES: u32 = 8 * 1024 * 1024;
/// How long a lookup past its TTL waits for the refresh before answering with what is known.
const REVALIDATE_WAIT: Duration = Duration::from_millis(300);
/// How old an answer must be for the agent's "try again" to ask the CRM again.
const MIN_REFRESH_AGE: Duration = Duration::from_secs(5);
/// The least an entry weighs, so the byte budget also bounds how many entries are kept.
const MIN_ENTRY_BYTES: u32 = 512;

/// One fetched answer.
pub struct Entry {
    /// The customers, as the settings present them.
    pub customers: Arc<Vec<Customer>>,
    /// When the CRM gave it.
    pub as_of: SystemTime,
    /// When it was fetched, on the clock freshness is measured by.
    fetched: Instant,
    /// The cache's generation when its fetch began: an answer from before the CRM changed
    /// (see [`LookupCache::forget_all`]) is refreshed like one past its TTL.
    generation: u64,
    /// Why the last refresh of this key failed; `None` while refreshes succeed.
    failed: Mutex<Option<StaleReason>>,
    /// Whether this process asked the CRM for it (else another process did).
    asked_crm: bool,
}

/// What a lookup answers with.
pub struct Answer {
    /// The customers.
    pub customers: Arc<Vec<Customer>>,
    /// When the CRM gave them.
    pub as_of: SystemTime,
    /// Why these are the last known customers rather than the CRM's current ones.
    pub stale: Option<StaleReason>,
    /// Whether they were kept from earlier (here or by another process) rather than asked
    /// of the CRM for this lookup.
    pub cached: bool,
}

impl Answer {
    fn of(entry: &Entry, stale: Option<StaleReason>) -> Self {
        Answer {
            customers: entry.customers.clone(),
            as_of: entry.as_of,
            stale,
            cached: true,
        }
    }

    /// `entry` as fetched for this lookup.
    fn fetched(entry: &Entry) -> Self {
        Answer {
            cached: !entry.asked_crm,
            ..Answer::of(entry, None)
        }
    }
}

/// How the CRM's trouble reads to an agent; `None` for an error that is no trouble of the
/// CRM's availability (it refused Sidecard's or the agent's rights, or the request itself):
/// that one is the answer, and no earlier data stands in for it (an agent whose access was
/// revoked must not go on reading what the cache holds).
pub fn stale_reason(error: &CrmError) -> Option<StaleReason> {
    match error {
        CrmError::Throttled { .. } => Some(StaleReason::CrmThrottled),
        // The connection's own calls in flight are full: the CRM is slow to answer them.
        CrmError::Timeout(_) | CrmError::Busy(_) => Some(StaleReason::CrmTimeout),
        CrmError::Unavailable(_) => Some(StaleReason::CrmUnavailable),
        _ => None,
    }
}

type Fetch = Shared<BoxFuture<'static, Result<Arc<Entry>, CrmError>>>;

/// Cached lookup answers keyed by the normalized keys.
#[derive(Clone)]
pub struct LookupCache {
    /// `None` when caching is configured off; lookups then always reach the CRM.
    entries: Option<Cache<String, Arc<Entry>>>,
    /// How long an answer is served as current.
    ttl: Duration,
    /// Fetches under way, by key: whoever asks for a key being fetched shares that fetch.
    inflight: Arc<Mutex<HashMap<String, Fetch>>>,
    /// Bumped when the CRM changed under every kept answer.
    generation: Arc<AtomicU64>,
    /// When this process last learnt that the CRM changed: no answer from before it is
    /// current, whatever Redis's generation says (its bump may have failed).
    changed_at: Arc<Mutex<Option<SystemTime>>>,
    /// The answers every process shares, when there is Redis.
    shared: Option<SharedAnswers>,
}

impl LookupCache {
    /// A cache whose answers are current for `ttl` and kept `grace` longer for when the CRM
    /// cannot answer, holding at most `max_bytes` of answers (each weighed by its JSON size,
    /// so one customer with thousands of deals counts for what it is); `ttl: None` turns
    /// caching off.
    pub fn new(ttl: Option<Duration>, grace: Duration, max_bytes: u64) -> Self {
        let entries = ttl.map(|ttl| {
            Cache::builder()
                .max_capacity(max_bytes)
                .weigher(|key: &String, entry: &Arc<Entry>| weight(key, &entry.customers))
                .time_to_live(ttl + grace)
                .build()
        });
        Self {
            entries,
            ttl: ttl.unwrap_or_default(),
            inflight: Arc::default(),
            generation: Arc::default(),
            changed_at: Arc::default(),
            shared: None,
        }
    }

    /// Shares answers with the other processes through `shared` (when given).
    pub fn shared(mut self, shared: Option<SharedAnswers>) -> Self {
        self.shared = shared;
        self
    }

    /// The answer for `key`: the cached one while current; past that, the cached one at once
    /// while `fetch` refreshes it in the background (marked stale with `down`, the
    /// connection's trouble, or with the reason the key's last refresh failed); else what
    /// `fetch` gives, waited for, falling back to the cached answer when it fails. `refresh`:
    /// the agent asked for the CRM's answer now, so it is waited for in any case.
    pub async fn answer<F>(
        &self,
        key: String,
        fetch: F,
        down: Option<StaleReason>,
        refresh: bool,
    ) -> Result<Answer, CrmError>
    where
        F: Future<Output = Result<Vec<Customer>, CrmError>> + Send + 'static,
    {
        let Some(entries) = &self.entries else {
            let customers = fetch.await?;
            return Ok(Answer {
                customers: Arc::new(customers),
                as_of: SystemTime::now(),
                stale: None,
                cached: false,
            });
        };
        let known = entries.get(&key).await;
        // "Try again" on an answer a few seconds old is that answer: no new CRM call.
        let refresh = refresh
            && known
                .as_ref()
                .is_none_or(|entry| entry.fetched.elapsed() >= MIN_REFRESH_AGE);
        // What another process fetched since counts as this process's own fetch would.
        let since = SystemTime::now() - if refresh { MIN_REFRESH_AGE } else { self.ttl };
        let changed_at = *self.changed_at.lock().unwrap_or_else(|e| e.into_inner());
        let since = changed_at.map_or(since, |changed| since.max(changed));
        // While Redis answers it is the authority on what is current (another process may
        // have learnt that the CRM changed); this process's answers only stand in.
        let shared = self.shared.as_ref().is_some_and(SharedAnswers::is_up);
        if let Some(entry) = &known
            && !refresh
        {
            let current = entry.generation == self.generation.load(Ordering::Acquire);
            // While the connection is down, asking Redis would not make it more current.
            if current && entry.fetched.elapsed() < self.ttl && (!shared || down.is_some()) {
                metrics::counter!("sidecard_cache_total", "result" => "hit").increment(1);
                return Ok(Answer::of(entry, None));
            }
            let refreshing = self.fetch(entries, key, fetch, since);
            // A CRM that answers (or fails) quickly is waited for: the agent then sees its
            // answer, or why there is none; a slow one is not.
            if down.is_none()
                && let Ok(refreshed) = tokio::time::timeout(REVALIDATE_WAIT, refreshing).await
            {
                return match refreshed {
                    Ok(fresh) => Ok(Answer::fetched(&fresh)),
                    Err(error) => match stale_reason(&error) {
                        Some(reason) => Ok(Answer::of(entry, Some(reason))),
                        None => Err(error),
                    },
                };
            }
            let failed = *entry.failed.lock().unwrap_or_else(|e| e.into_inner());
            return Ok(Answer::of(entry, down.or(failed)));
        }
        match self.fetch(entries, key.clone(), fetch, since).await {
            Ok(entry) => Ok(Answer::fetched(&entry)),
            Err(error) => match (known, stale_reason(&error)) {
                (Some(entry), Some(reason)) => Ok(Answer::of(&entry, Some(reason))),
                // This process knows none: another process's, however old, stands in.
                (None, Some(reason)) => match &self.shared {
                    Some(shared) => match shared.last_known(&key).await {
                        Some(found) => Ok(Answer {
                            customers: Arc::new(found.customers),
                            as_of: found.as_of,
                            stale: Some(reason),
                            cached: true,
                        }),
                        None => Err(error),
                    },
                    None => Err(error),
                },
                _ => Err(error),
            },
        }
    }

    /// The CRM changed under every kept answer (someone was created): each is refreshed on
    /// its next lookup, as if past its TTL, and still stands in while the CRM cannot answer.
    /// A fetch already under way stores its answer as from before the change. With Redis,
    /// every process's answers are refreshed likewise.
    pub async fn forget_all(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        *self.changed_at.lock().unwrap_or_else(|e| e.into_inner()) = Some(SystemTime::now());
        if let Some(shared) = &self.shared {
            shared.forget_all().await;
        }
    }

    /// The fetch of `key` under way, or a new one from `fetch`, run as its own task: it
    /// completes (and fills the cache) even if nobody waits for it. With Redis, an answer
    /// another process had from the CRM `since` serves, and the CRM is asked by one process.
    fn fetch<F>(
        &self,
        entries: &Cache<String, Arc<Entry>>,
        key: String,
        fetch: F,
        since: SystemTime,
    ) -> Fetch
    where
        F: Future<Output = Result<Vec<Customer>, CrmError>> + Send + 'static,
    {
        let mut inflight = self.inflight.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(running) = inflight.get(&key) {
            return running.clone();
        }
        let (entries, all, this_key) = (entries.clone(), self.inflight.clone(), key.clone());
        let generation = self.generation.load(Ordering::Acquire);
        let shared = self.shared.clone().filter(SharedAnswers::is_up);
        // In the span of the request that started it: its CRM calls log that request's id.
        let span = tracing::Span::current();
        let task = tokio::spawn(tracing::Instrument::instrument(
            async move {
                // Leaves the in-flight map however the fetch ends, a panic included: a key left
                // there would answer with this fetch's outcome for good.
                let _done = Done {
                    inflight: all,
                    key: this_key.clone(),
                };
                let fetched = match shared {
                    Some(shared) => shared.fetch(&this_key, since, fetch).await,
                    None => fetch.await.map(Found::now),
                };
                match fetched {
                    Ok(found) => {
                        let result = if found.asked_crm {
                            "miss"
                        } else {
                            "shared_hit"
                        };
                        metrics::counter!("sidecard_cache_total", "result" => result).increment(1);
                        // Its age is the CRM's answer's, wherever it was fetched.
                        let age = found.as_of.elapsed().unwrap_or_default();
                        let entry = Arc::new(Entry {
                            customers: Arc::new(found.customers),
                            as_of: found.as_of,
                            fetched: Instant::now().checked_sub(age).unwrap_or_else(Instant::now),
                            generation,
                            failed: Mutex::new(None),
                            asked_crm: found.asked_crm,
                        });
                        entries.insert(this_key.clone(), entry.clone()).await;
                        Ok(entry)
                    }
                    Err(error) => {
                        if let Some(known) = entries.get(&this_key).await {
                            *known.failed.lock().unwrap_or_else(|e| e.into_inner()) =
                                stale_reason(&error);
                        }
                        Err(error)
                    }
                }
            },
            span,
        ));
        let shared = async move {
            task.await.unwrap_or_else(|e| {
                Err(CrmError::Unavailable(format!(
                    "the lookup task failed: {e}"
                )))
            })
        }
        .boxed()
        .shared();
        inflight.insert(key, shared.clone());
        shared
    }
}

/// Removes a fetch from the in-flight map when dropped.
struct Done {
    inflight: Arc<Mutex<HashMap<String, Fetch>>>,
    key: String,
}

impl Drop for Done {
    fn drop(&mut self) {
        self.inflight
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.key);
    }
}

/// An entry's size: its key and its answer as JSON (what it costs to keep and to send), and
/// at least [`MIN_ENTRY_BYTES`].
fn weight(key: &str, customers: &[Customer]) -> u32 {
    let bytes = key.len() + serde_json::to_vec(customers).map_or(0, |json| json.len());
    u32::try_from(bytes)
        .unwrap_or(MAX_ENTRY_BYTES)
        .max(MIN_ENTRY_BYTES)
}

/// The same customer asked for in any order or format gives the same key; a settings save
/// changes every key, so no answer shaped by the old settings is reused; answers read with
/// one agent's rights are never another's.
pub fn key(version: u64, reader: &str, keys: &LookupKeys) -> String {
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
            recent: Vec::new(),
        }
    }

    fn keys(email: &str) -> LookupKeys {
        LookupKeys {
            emails: vec![email.into()],
            phones: vec![],
        }
    }

    /// A CRM stand-in: counts its calls and answers with `answer` after `delay`.
    #[derive(Clone)]
    struct Crm {
        calls: Arc<std::sync::atomic::AtomicU32>,
        delay: Duration,
    }

    impl Crm {
        /// A CRM that answers in 100 ms (within [`REVALIDATE_WAIT`]).
        fn quick() -> Self {
            Crm {
                calls: Arc::default(),
                delay: Duration::from_millis(100),
            }
        }

        /// A CRM that takes longer than [`REVALIDATE_WAIT`].
        fn slow() -> Self {
            Crm {
                delay: Duration::from_secs(2),
                ..Self::quick()
            }
        }

        fn ask(
            &self,
            answer: Result<Vec<Customer>, CrmError>,
        ) -> impl Future<Output = Result<Vec<Customer>, CrmError>> + Send + 'static {
            let (calls, delay) = (self.calls.clone(), self.delay);
            async move {
                calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                tokio::time::sleep(delay).await;
                answer
            }
        }

        fn calls(&self) -> u32 {
            self.calls.load(std::sync::atomic::Ordering::SeqCst)
        }
    }

    /// The customer of `k` looked up once, while the CRM answers.
    async fn seen(cache: &LookupCache, crm: &Crm, k: &str) -> Answer {
        cache
            .answer(k.to_owned(), crm.ask(Ok(vec![customer(1)])), None, false)
            .await
            .unwrap()
    }

    const TTL: Duration = Duration::from_secs(60);

    fn cache() -> LookupCache {
        LookupCache::new(Some(TTL), Duration::from_secs(86_400), 1 << 20)
    }

    fn down() -> Result<Vec<Customer>, CrmError> {
        Err(CrmError::Unavailable("connection refused".into()))
    }

    #[tokio::test]
    async fn entries_are_weighed_by_bytes_and_readers_are_apart() {
        let cache = LookupCache::new(Some(TTL), Duration::ZERO, 64 * 1024);
        // A 1 MB answer does not fit a 64 KB cache: fetched every time.
        for _ in 0..2 {
            let big = key(1, "", &keys("big@x.example"));
            cache
                .answer(big, async { Ok(vec![customer(10_000)]) }, None, false)
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
        assert_eq!(weight("k", &[]), MIN_ENTRY_BYTES);

        let a = key(1, "user-a", &keys("a@x.example"));
        cache
            .answer(a, async { Ok(vec![customer(1)]) }, None, false)
            .await
            .unwrap();
        let b = key(1, "user-b", &keys("a@x.example"));
        let b = cache
            .answer(b, async { Ok(Vec::new()) }, None, false)
            .await
            .unwrap();
        assert!(b.customers.is_empty(), "user b got user a's answer");
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_misses_share_one_fetch_and_a_current_answer_costs_none() {
        let (cache, crm) = (cache(), Crm::quick());
        let k = key(1, "", &keys("a@x.example"));
        let answers = futures::future::join_all(
            (0..8).map(|_| cache.answer(k.clone(), crm.ask(Ok(vec![customer(1)])), None, false)),
        )
        .await;
        assert!(
            answers
                .iter()
                .all(|a| a.as_ref().unwrap().customers.len() == 1)
        );
        assert_eq!(crm.calls(), 1);
        tokio::time::advance(TTL - Duration::from_secs(1)).await;
        let again = cache.answer(k, crm.ask(down()), None, false).await.unwrap();
        assert_eq!((crm.calls(), again.stale), (1, None));
    }

    #[tokio::test(start_paused = true)]
    async fn past_its_ttl_a_slow_crm_is_not_waited_for_and_is_refreshed_behind() {
        let (cache, crm) = (cache(), Crm::slow());
        let k = key(1, "", &keys("a@x.example"));
        let first = seen(&cache, &crm, &k).await;
        tokio::time::advance(TTL).await;
        // Served from the cache after the short wait, not the CRM's two seconds.
        let started = Instant::now();
        let old = cache
            .answer(k.clone(), crm.ask(Ok(vec![customer(2)])), None, false)
            .await
            .unwrap();
        assert_eq!(started.elapsed(), REVALIDATE_WAIT);
        assert_eq!((old.as_of, old.stale), (first.as_of, None));
        // One refresh per key, however many agents open the customer meanwhile.
        cache
            .answer(k.clone(), crm.ask(Ok(vec![customer(3)])), None, false)
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert_eq!(crm.calls(), 2);
        let new = cache.answer(k, crm.ask(down()), None, false).await.unwrap();
        assert_eq!(
            new.customers[0].person.fields.len(),
            2,
            "the refreshed answer"
        );
        assert_eq!(crm.calls(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn past_its_ttl_a_quick_crm_gives_its_current_answer() {
        let (cache, crm) = (cache(), Crm::quick());
        let k = key(1, "", &keys("a@x.example"));
        seen(&cache, &crm, &k).await;
        tokio::time::advance(TTL).await;
        let new = cache
            .answer(k, crm.ask(Ok(vec![customer(2)])), None, false)
            .await
            .unwrap();
        assert_eq!((new.customers[0].person.fields.len(), new.stale), (2, None));
    }

    #[tokio::test(start_paused = true)]
    async fn when_the_crm_cannot_answer_the_last_known_answer_says_why() {
        let (cache, crm) = (cache(), Crm::quick());
        let k = key(1, "", &keys("a@x.example"));
        let first = seen(&cache, &crm, &k).await;
        tokio::time::advance(TTL).await;
        // The refresh fails at once: the last known answer, saying so.
        let stale = cache
            .answer(k.clone(), crm.ask(down()), None, false)
            .await
            .unwrap();
        assert_eq!(
            (stale.as_of, stale.stale),
            (first.as_of, Some(StaleReason::CrmUnavailable))
        );
        // A connection known to be throttled says so at once, without waiting.
        let started = Instant::now();
        let throttled = cache
            .answer(
                k.clone(),
                crm.ask(down()),
                Some(StaleReason::CrmThrottled),
                false,
            )
            .await
            .unwrap();
        assert_eq!(started.elapsed(), Duration::ZERO);
        assert_eq!(throttled.stale, Some(StaleReason::CrmThrottled));
        tokio::time::sleep(Duration::from_millis(200)).await;
        // A slow CRM's refresh is not waited for, but the key's last failure still shows.
        let slow = Crm::slow();
        let still = cache
            .answer(k.clone(), slow.ask(down()), None, false)
            .await
            .unwrap();
        assert_eq!(still.stale, Some(StaleReason::CrmUnavailable));
        tokio::time::sleep(Duration::from_secs(3)).await;
        // The agent's "try again" waits for the CRM; a timeout still shows the last answer.
        let timed_out = cache
            .answer(
                k.clone(),
                crm.ask(Err(CrmError::Timeout(Duration::from_secs(8)))),
                None,
                true,
            )
            .await
            .unwrap();
        assert_eq!(timed_out.stale, Some(StaleReason::CrmTimeout));
        // Once the CRM answers again, so does the cache, fresh.
        let back = cache
            .answer(k, crm.ask(Ok(vec![customer(2)])), None, true)
            .await
            .unwrap();
        assert!(back.stale.is_none() && back.as_of > first.as_of);
    }

    #[tokio::test(start_paused = true)]
    async fn with_nothing_known_a_failure_is_the_error() {
        let (cache, crm) = (cache(), Crm::quick());
        let k = key(1, "", &keys("a@x.example"));
        let err = cache.answer(k, crm.ask(down()), None, false).await;
        assert!(matches!(err, Err(CrmError::Unavailable(_))));
    }

    #[tokio::test(start_paused = true)]
    async fn refused_rights_are_the_answer_and_no_cached_data_stands_in() {
        let (cache, crm) = (cache(), Crm::quick());
        let k = key(1, "user-a", &keys("a@x.example"));
        seen(&cache, &crm, &k).await;
        tokio::time::advance(TTL).await;
        let revoked = || Err(CrmError::Auth("the user lacks read access".into()));
        let err = cache
            .answer(k.clone(), crm.ask(revoked()), None, false)
            .await;
        assert!(matches!(err, Err(CrmError::Auth(_))));
        let err = cache.answer(k, crm.ask(revoked()), None, true).await;
        assert!(matches!(err, Err(CrmError::Auth(_))));
    }

    #[tokio::test(start_paused = true)]
    async fn try_again_on_an_answer_seconds_old_asks_nobody() {
        let (cache, crm) = (cache(), Crm::quick());
        let k = key(1, "", &keys("a@x.example"));
        seen(&cache, &crm, &k).await;
        for _ in 0..5 {
            cache
                .answer(k.clone(), crm.ask(Ok(vec![customer(1)])), None, true)
                .await
                .unwrap();
        }
        assert_eq!(crm.calls(), 1);
        tokio::time::advance(MIN_REFRESH_AGE).await;
        cache
            .answer(k, crm.ask(Ok(vec![customer(1)])), None, true)
            .await
            .unwrap();
        assert_eq!(crm.calls(), 2);
    }

    #[tokio::test]
    async fn a_fetch_that_panics_is_not_left_in_flight() {
        let cache = cache();
        let k = key(1, "", &keys("a@x.example"));
        let panicking = async {
            if true {
                panic!("a connector bug");
            }
            Ok(Vec::new())
        };
        assert!(
            cache
                .answer(k.clone(), panicking, None, false)
                .await
                .is_err()
        );
        let again = cache
            .answer(k, async { Ok(vec![customer(1)]) }, None, false)
            .await
            .unwrap();
        assert_eq!(
            again.customers.len(),
            1,
            "the next lookup asks the CRM again"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_change_in_the_crm_refreshes_kept_answers_but_keeps_them_to_stand_in() {
        let (cache, crm) = (cache(), Crm::quick());
        let k = key(1, "", &keys("a@x.example"));
        let first = seen(&cache, &crm, &k).await;
        cache.forget_all().await;
        // Within its TTL, yet refreshed: the CRM is asked again.
        let fresh = cache
            .answer(k.clone(), crm.ask(Ok(vec![customer(2)])), None, false)
            .await
            .unwrap();
        assert_eq!(
            (crm.calls(), fresh.customers[0].person.fields.len()),
            (2, 2)
        );
        // And when the CRM cannot answer, the kept answer still stands in.
        cache.forget_all().await;
        let stale = cache.answer(k, crm.ask(down()), None, false).await.unwrap();
        assert_eq!(stale.stale, Some(StaleReason::CrmUnavailable));
        assert!(stale.as_of >= first.as_of);
    }
}
