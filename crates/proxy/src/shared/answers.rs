//! Lookup answers shared by the processes, and one CRM request for a customer however many
//! agents on however many processes open them at once.
//!
//! Each process still coalesces its own concurrent lookups of one key (`cache.rs`); across
//! processes the first to take the key's lock (`SET … NX PX`) asks the CRM and stores the
//! answer, and the others read it as soon as it is there. The lock expires on its own after
//! the CRM's time limit, so a process that died holding it delays the others once, never for
//! good. A CRM failure a waiting process would only repeat (throttled, timed out, unavailable)
//! is kept for [`FAILURE_KEPT`] so the waiters answer with it instead of each trying again.
//!
//! A customer was created somewhere: [`SharedAnswers::forget_all`] bumps the install's
//! generation, and answers stored under an older one are no longer current on any process.

use super::{Redis, digest, key, ms};
use crate::cache::stale_reason;
use crate::crm::CrmError;
use redis::AsyncCommands;
use serde::{Deserialize, Serialize};
use sidecard_model::Customer;
use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How often a process waiting for another's CRM request looks for its answer.
const POLL: Duration = Duration::from_millis(15);
/// How long a CRM failure is handed to the processes that waited for it.
const FAILURE_KEPT: Duration = Duration::from_secs(2);

/// One install's answers in Redis.
#[derive(Clone)]
pub struct SharedAnswers {
    redis: Redis,
    install: String,
    /// How long an answer is kept (its freshness plus the stale grace).
    keep: Duration,
    /// How long a CRM request may hold a key's lock.
    lock_for: Duration,
}

/// An answer as stored.
#[derive(Serialize, Deserialize)]
struct Stored {
    customers: Vec<Customer>,
    /// When the CRM gave it, in ms since the epoch.
    as_of: u64,
    /// The install's generation when its request began.
    generation: u64,
}

/// A failure as handed to waiters.
#[derive(Serialize, Deserialize)]
struct Failure {
    /// `throttled`, `timeout` or `unavailable`.
    kind: String,
    message: String,
    /// The CRM's `Retry-After` (throttled) or the time limit that ran out (timeout).
    ms: Option<u64>,
    /// When, in ms since the epoch.
    at: u64,
}

/// An answer found or fetched.
pub struct Found {
    /// The customers.
    pub customers: Vec<Customer>,
    /// When the CRM gave them.
    pub as_of: SystemTime,
    /// Whether this process asked the CRM for them.
    pub asked_crm: bool,
}

impl Found {
    fn stored(stored: Stored) -> Self {
        Found {
            customers: stored.customers,
            as_of: UNIX_EPOCH + Duration::from_millis(stored.as_of),
            asked_crm: false,
        }
    }

    /// Customers this process just had from the CRM.
    pub fn now(customers: Vec<Customer>) -> Self {
        Found {
            customers,
            as_of: SystemTime::now(),
            asked_crm: true,
        }
    }
}

fn millis(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl SharedAnswers {
    /// Install `install`'s answers, kept `keep`, each CRM request holding its key at most
    /// `lock_for`.
    pub fn new(redis: Redis, install: &str, keep: Duration, lock_for: Duration) -> Self {
        Self {
            redis,
            install: install.to_owned(),
            keep,
            lock_for,
        }
    }

    /// Whether Redis is in use now.
    pub fn is_up(&self) -> bool {
        self.redis.is_up()
    }

    fn keys(&self, lookup: &str) -> [String; 4] {
        let id = digest(lookup);
        [
            key(&[&self.install, "generation"]),
            key(&[&self.install, "answer", &id]),
            key(&[&self.install, "failed", &id]),
            key(&[&self.install, "lock", &id]),
        ]
    }

    /// The install's generation, the answer stored for `lookup` and the failure handed to
    /// its waiters, in one round trip; `None` when Redis does not answer.
    async fn read(&self, lookup: &str) -> Option<(u64, Option<Stored>, Option<Failure>)> {
        let [generation, answer, failed, _] = self.keys(lookup);
        let keys = [generation, answer, failed];
        let (generation, answer, failed) = self
            .redis
            .run("read answer", |mut c| async move {
                c.mget::<_, (Option<u64>, Option<String>, Option<String>)>(&keys)
                    .await
            })
            .await?;
        Some((
            generation.unwrap_or(0),
            answer.and_then(|a| serde_json::from_str(&a).ok()),
            failed.and_then(|f| serde_json::from_str(&f).ok()),
        ))
    }

    /// The answer to `lookup` the CRM gave at or after `since` under the current generation,
    /// from whichever process asked; else this process asks (`fetch`) if no other is asking,
    /// or waits for the one that is. Without Redis, `fetch` is simply run.
    pub async fn fetch<F>(
        &self,
        lookup: &str,
        since: SystemTime,
        fetch: F,
    ) -> Result<Found, CrmError>
    where
        F: Future<Output = Result<Vec<Customer>, CrmError>>,
    {
        let [_, answer_key, failed_key, lock_key] = self.keys(lookup);
        let started = millis(SystemTime::now());
        let waited_from = tokio::time::Instant::now();
        let current = |generation: u64, answer: Option<Stored>| {
            answer
                .filter(|s| s.generation == generation && s.as_of >= millis(since))
                .map(Found::stored)
        };
        loop {
            let Some((generation, answer, failed)) = self.read(lookup).await else {
                return fetch.await.map(Found::now);
            };
            if let Some(found) = current(generation, answer) {
                return Ok(found);
            }
            if let Some(failure) = failed.filter(|f| f.at >= started) {
                return Err(failure.into());
            }
            match self.redis.try_lock(&lock_key, self.lock_for).await {
                None => return fetch.await.map(Found::now),
                Some(Some(_held)) => {
                    // The holder before may have stored its answer between the read above
                    // and this lock: then it is the answer, and the CRM is not asked again.
                    let mut generation = generation;
                    if let Some((now, answer, _)) = self.read(lookup).await {
                        if let Some(found) = current(now, answer) {
                            return Ok(found);
                        }
                        generation = now;
                    }
                    let outcome = fetch.await;
                    self.store(&outcome, generation, [answer_key, failed_key])
                        .await;
                    return outcome.map(Found::now);
                }
                // Another process asks; past the lock's life it is presumed gone.
                Some(None) if waited_from.elapsed() > self.lock_for => {
                    return fetch.await.map(Found::now);
                }
                Some(None) => tokio::time::sleep(POLL).await,
            }
        }
    }

    /// The last answer any process had for `lookup`, however old and whatever changed since:
    /// what stands in, marked stale, when the CRM cannot answer and this process knows none.
    pub async fn last_known(&self, lookup: &str) -> Option<Found> {
        let (_, answer, _) = self.read(lookup).await?;
        answer.map(Found::stored)
    }

    /// Stores what the CRM said for the waiters: the answer, or a failure worth sharing.
    async fn store(
        &self,
        outcome: &Result<Vec<Customer>, CrmError>,
        generation: u64,
        [answer_key, failed_key]: [String; 2],
    ) {
        let (key, value, keep) = match outcome {
            Ok(customers) => {
                let stored = Stored {
                    customers: customers.clone(),
                    as_of: millis(SystemTime::now()),
                    generation,
                };
                (answer_key, serde_json::to_string(&stored), self.keep)
            }
            Err(error) if stale_reason(error).is_some() => {
                let failure = Failure::of(error);
                (failed_key, serde_json::to_string(&failure), FAILURE_KEPT)
            }
            Err(_) => return,
        };
        let Ok(value) = value else { return };
        let ms = ms(keep);
        self.redis
            .run("store answer", |mut c| async move {
                c.pset_ex::<_, _, ()>(key, value, ms).await
            })
            .await;
    }

    /// The CRM changed (someone was created): no stored answer of this install is current on
    /// any process any more.
    pub async fn forget_all(&self) {
        let generation = key(&[&self.install, "generation"]);
        self.redis
            .run("forget answers", |mut c| async move {
                c.incr::<_, _, u64>(generation, 1).await
            })
            .await;
    }
}

impl Failure {
    fn of(error: &CrmError) -> Self {
        let (kind, wait) = match error {
            CrmError::Throttled { retry_after } => ("throttled", retry_after.map(ms)),
            CrmError::Timeout(limit) => ("timeout", Some(ms(*limit))),
            _ => ("unavailable", None),
        };
        Failure {
            kind: kind.to_owned(),
            message: error.to_string(),
            ms: wait,
            at: millis(SystemTime::now()),
        }
    }
}

impl From<Failure> for CrmError {
    fn from(failure: Failure) -> Self {
        match failure.kind.as_str() {
            "throttled" => CrmError::Throttled {
                retry_after: failure.ms.map(Duration::from_millis),
            },
            "timeout" => CrmError::Timeout(Duration::from_millis(failure.ms.unwrap_or(0))),
            _ => CrmError::Unavailable(failure.message),
        }
    }
}
