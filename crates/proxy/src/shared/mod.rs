//! What several proxy processes share through Redis (`--redis-url`), so that behind a load
//! balancer they behave as one: lookup answers and the one CRM request many agents' lookups of
//! one customer wait for ([`answers`]), each connection's throttle window and open circuit
//! ([`windows`]), and the rate limits ([`rate`]).
//!
//! - **Nothing secret** goes to Redis: answers (the customer data agents see anyway), windows
//!   and counters. Keys name the install and a SHA-256 of the lookup's normalized keys, so no
//!   email address or phone number is a key name.
//! - **A Redis outage is no outage for agents.** Every call has a short time limit; the first
//!   failure logs one warning and each process goes on with its own in-process cache, limits
//!   and windows for [`crate::outage::PAUSE`] before trying Redis again. The connection manager
//!   reconnects by itself (docs.rs/redis, `aio::ConnectionManager`).
//!
//! Facts relied on, from redis.io: `SET … NX PX` sets only an absent key, with an expiry in
//! milliseconds, and answers nil otherwise (commands/set); a lock is released only by its owner
//! through a script comparing the value before `DEL` (develop/clients/patterns/distributed-
//! locks); a script runs atomically, nothing else between its commands (commands/eval); `PTTL`
//! is -2 for a missing key and -1 for one without expiry (commands/pttl).

pub mod answers;
pub mod rate;
pub mod windows;

use crate::outage::Outage;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// How long one Redis command may take before the process goes on without Redis: on loopback
/// or a LAN a command takes well under a millisecond.
const COMMAND_TIMEOUT: Duration = Duration::from_millis(250);
/// The prefix of every key Sidecard writes (one Redis may serve other programs too).
const PREFIX: &str = "sidecard";

/// A Redis shared by the proxy processes; cheap to clone.
#[derive(Clone)]
pub struct Redis {
    connection: ConnectionManager,
    /// When Redis last failed, so calls during an outage skip it at once.
    outage: Arc<Outage>,
}

impl Redis {
    /// A handle on `url` (`redis://host:port/db`, `rediss://` with TLS off here). Connects on
    /// first use: a proxy starting while Redis is down starts, and uses it once it is up.
    pub fn connect(url: &str) -> Result<Self, String> {
        let client =
            redis::Client::open(url).map_err(|e| format!("--redis-url is not a Redis URL: {e}"))?;
        let config = ConnectionManagerConfig::new()
            .set_response_timeout(Some(COMMAND_TIMEOUT))
            .set_connection_timeout(Some(COMMAND_TIMEOUT))
            .set_number_of_retries(1);
        let connection = ConnectionManager::new_lazy_with_config(client, config)
            .map_err(|e| format!("--redis-url: {e}"))?;
        Ok(Self {
            connection,
            outage: Arc::default(),
        })
    }

    /// Whether Redis is in use now (not paused after a failure).
    pub fn is_up(&self) -> bool {
        self.outage.is_over()
    }

    /// Runs `command` on the connection, or `None` when Redis is paused, fails or is slow
    /// (then paused for [`crate::outage::PAUSE`], with one warning per outage).
    pub(crate) async fn run<T, F, Fut>(&self, what: &'static str, command: F) -> Option<T>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        if !self.is_up() {
            return None;
        }
        let outcome = tokio::time::timeout(COMMAND_TIMEOUT * 2, command(self.connection.clone()))
            .await
            .unwrap_or_else(|_| {
                Err(redis::RedisError::from(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "no answer in time",
                )))
            });
        match outcome {
            Ok(value) => {
                if self.outage.answered() {
                    tracing::info!(
                        "Redis answers again: the processes share their cache and limits again"
                    );
                }
                Some(value)
            }
            Err(e) => {
                metrics::counter!("sidecard_redis_failures_total", "command" => what).increment(1);
                if self.outage.failed() {
                    tracing::warn!(
                        error = %e,
                        command = what,
                        "Redis is unreachable: each process goes on with its own cache, limits and CRM windows until it is back"
                    );
                }
                None
            }
        }
    }
}

/// Releases a lock only if it is still the caller's (it may have expired and been taken).
const RELEASE: &str = r"if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/// How often a process waiting for another's lock tries again.
const LOCK_POLL: Duration = Duration::from_millis(20);

/// A lock held across processes; released when dropped (or when its time runs out).
pub struct Held {
    redis: Redis,
    key: String,
    token: String,
}

impl Drop for Held {
    fn drop(&mut self) {
        let (redis, key, token) = (self.redis.clone(), self.key.clone(), self.token.clone());
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move { redis.release(key, token).await });
        }
    }
}

impl Redis {
    /// Takes the lock `name` for at most `hold`, waiting up to `hold` for another process to
    /// release it. `None` when Redis does not answer (the caller goes on with its own lock),
    /// or the wait ran out (the other holder's lock then expires on its own).
    pub async fn lock(&self, name: &[&str], hold: Duration) -> Option<Held> {
        let key = key(name);
        let started = Instant::now();
        loop {
            if let Some(held) = self.try_lock(&key, hold).await? {
                return Some(held);
            }
            if started.elapsed() >= hold {
                return None;
            }
            tokio::time::sleep(LOCK_POLL).await;
        }
    }

    /// Takes the lock at `key` for at most `hold` if nobody holds it: `Some(None)` when
    /// somebody does, `None` when Redis does not answer.
    pub(crate) async fn try_lock(&self, key: &str, hold: Duration) -> Option<Option<Held>> {
        let token = uuid::Uuid::new_v4().simple().to_string();
        let (k, t) = (key.to_owned(), token.clone());
        let won = self
            .run("take lock", |mut c| async move {
                let set: Option<String> = redis::cmd("SET")
                    .arg(&k)
                    .arg(&t)
                    .arg("NX")
                    .arg("PX")
                    .arg(ms(hold))
                    .query_async(&mut c)
                    .await?;
                Ok(set.is_some())
            })
            .await?;
        Some(won.then(|| Held {
            redis: self.clone(),
            key: key.to_owned(),
            token,
        }))
    }

    async fn release(&self, key: String, token: String) {
        self.run("release lock", |mut c| async move {
            redis::Script::new(RELEASE)
                .key(key)
                .arg(token)
                .invoke_async::<i64>(&mut c)
                .await
        })
        .await;
    }
}

/// A duration in whole milliseconds, at least 1 (Redis refuses an expiry of 0).
fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
}

/// A key part that names something without saying it (an email, a log's conversation):
/// its SHA-256, hex.
pub fn digest(name: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(name.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A key of Sidecard's: `sidecard:<part>:<part>…`.
fn key(parts: &[&str]) -> String {
    let mut key = PREFIX.to_owned();
    for part in parts {
        key.push(':');
        key.push_str(part);
    }
    key
}
