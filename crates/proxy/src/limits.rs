//! Bounds on every caller, so no client, install or CRM answer can take the proxy down or
//! starve the others: how long a client may take to send its headers and to finish a request,
//! how many requests run at once, how many requests an address and an install may make, how
//! often the Dynamics panel may sign in, and how much a CRM may send back.
//!
//! Rate limits are GCRA token buckets from the `governor` crate, one bucket per key: `burst`
//! requests at once, then one more every `1 / rate` seconds. A request over the limit is
//! answered `429 {"code":"rate_limited"}` with `Retry-After`, and never reaches the CRM.
//! Buckets live in this process, or with `--redis-url` in Redis, counted once for every process
//! (`shared::rate`); while Redis does not answer, each process counts its own again.

use crate::error::ApiError;
use crate::shared::rate::SharedRates;
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Every bound, with the defaults the README documents.
#[derive(Debug, Clone, clap::Args)]
pub struct Limits {
    /// Seconds a client has to send a request's headers before the connection is closed
    /// (slow clients must not hold connections).
    #[arg(long, env = "SIDECARD_HEADER_TIMEOUT_SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=300))]
    pub header_timeout_secs: u64,

    /// Seconds one request may take, reading its body included, before it is answered
    /// `408 request_timeout` (keep it above --crm-timeout-secs).
    #[arg(long, env = "SIDECARD_REQUEST_TIMEOUT_SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(2..=600))]
    pub request_timeout_secs: u64,

    /// Requests handled at once; more wait (within the request timeout) for a turn.
    #[arg(long, env = "SIDECARD_MAX_CONCURRENT_REQUESTS", default_value_t = 512,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_concurrent_requests: u32,

    /// Largest total size of a request's headers, in bytes (`431 too_large` past it).
    #[arg(long, env = "SIDECARD_MAX_HEADER_BYTES", default_value_t = 16 * 1024,
          value_parser = clap::value_parser!(u32).range(1024..=65536))]
    pub max_header_bytes: u32,

    /// Reverse proxies in front of Sidecard, comma-separated addresses or CIDR ranges (`10.0.0.0/8`):
    /// a request from one is counted and audited as the client its `X-Forwarded-For` names.
    /// Empty: the connection's address is the client, and the header is ignored (anyone can
    /// send it). See `forwarded.rs`.
    #[arg(long = "trusted-proxy", env = "SIDECARD_TRUSTED_PROXIES", value_delimiter = ',',
          value_parser = crate::forwarded::parse_proxy)]
    pub trusted_proxies: Vec<ipnet::IpNet>,

    /// Requests per second one client address may make, sustained. Help desks call from
    /// their own servers, so one address may carry many agents: size it for the busiest.
    #[arg(long, env = "SIDECARD_ADDRESS_RATE", default_value_t = 50,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub address_rate: u32,

    /// Requests one client address may make at once before --address-rate applies.
    #[arg(long, env = "SIDECARD_ADDRESS_BURST", default_value_t = 200,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub address_burst: u32,

    /// API calls per second one install may make, sustained.
    #[arg(long, env = "SIDECARD_INSTALL_RATE", default_value_t = 20,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub install_rate: u32,

    /// API calls one install may make at once before --install-rate applies.
    #[arg(long, env = "SIDECARD_INSTALL_BURST", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub install_burst: u32,

    /// Dynamics panel sign-ins per minute from one client address (each costs the org a
    /// read; an agent signs in once an hour).
    #[arg(long, env = "SIDECARD_SIGN_IN_PER_ADDRESS", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub sign_in_per_address: u32,

    /// Dynamics panel sign-ins per minute for one org.
    #[arg(long, env = "SIDECARD_SIGN_IN_PER_ORG", default_value_t = 120,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub sign_in_per_org: u32,

    /// CRM requests in flight at once on one CRM connection (shared by its installs); more
    /// wait up to --crm-queue-ms, then get `503 crm_busy`.
    #[arg(long, env = "SIDECARD_CRM_MAX_CONCURRENT", default_value_t = 16,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub crm_max_concurrent: u32,

    /// Milliseconds a lookup waits for a turn on a busy CRM connection.
    #[arg(long, env = "SIDECARD_CRM_QUEUE_MS", default_value_t = 2000)]
    pub crm_queue_ms: u64,

    /// Largest CRM answer read, in bytes; a larger one is refused while it streams in.
    #[arg(long, env = "SIDECARD_CRM_MAX_RESPONSE_BYTES", default_value_t = 4 * 1024 * 1024,
          value_parser = clap::value_parser!(u64).range(64 * 1024..=256 * 1024 * 1024))]
    pub crm_max_response_bytes: u64,

    /// Megabytes of lookup answers kept in the cache (weighed by their size), per install.
    #[arg(long, env = "SIDECARD_CACHE_MAX_MB", default_value_t = 64,
          value_parser = clap::value_parser!(u64).range(1..=65536))]
    pub cache_max_mb: u64,
}

impl Default for Limits {
    fn default() -> Self {
        // The clap defaults, so tests and the config agree on one set of numbers.
        <Self as clap::FromArgMatches>::from_arg_matches(
            &<Wrapper as clap::CommandFactory>::command().get_matches_from(["limits"]),
        )
        .expect("the defaults parse")
    }
}

#[derive(clap::Parser)]
struct Wrapper {
    #[command(flatten)]
    limits: Limits,
}

impl Limits {
    /// The header-read timeout.
    pub fn header_timeout(&self) -> Duration {
        Duration::from_secs(self.header_timeout_secs)
    }

    /// The whole-request timeout.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    /// How long a lookup queues for a busy CRM connection.
    pub fn crm_queue(&self) -> Duration {
        Duration::from_millis(self.crm_queue_ms)
    }

    /// The cache's weight limit in bytes.
    pub fn cache_bytes(&self) -> u64 {
        self.cache_max_mb * 1024 * 1024
    }
}

/// The rate limiters and the request semaphore, built from [`Limits`].
pub struct Guards {
    /// The bounds in force.
    pub limits: Limits,
    /// Requests handled at once.
    pub requests: Semaphore,
    by_address: Keyed<IpAddr>,
    by_install: Keyed<String>,
    sign_in_by_address: Keyed<IpAddr>,
    sign_in_by_org: Keyed<String>,
    /// The buckets every process shares, when there is Redis.
    shared: Option<SharedRates>,
}

impl Guards {
    /// Guards enforcing `limits`.
    pub fn new(limits: Limits) -> Self {
        let per_second =
            |rate: u32, burst: u32| Quota::per_second(nonzero(rate)).allow_burst(nonzero(burst));
        let per_minute = |n: u32| Quota::per_minute(nonzero(n));
        Guards {
            requests: Semaphore::new(limits.max_concurrent_requests as usize),
            by_address: Keyed::new(
                "address",
                per_second(limits.address_rate, limits.address_burst),
            ),
            by_install: Keyed::new(
                "install",
                per_second(limits.install_rate, limits.install_burst),
            ),
            sign_in_by_address: Keyed::new(
                "sign_in_address",
                per_minute(limits.sign_in_per_address),
            ),
            sign_in_by_org: Keyed::new("sign_in_org", per_minute(limits.sign_in_per_org)),
            limits,
            shared: None,
        }
    }

    /// Counts in Redis with the other processes (when given).
    pub fn shared(mut self, rates: Option<SharedRates>) -> Self {
        self.shared = rates;
        self
    }

    /// One request from `address`.
    pub async fn address(&self, address: IpAddr) -> Result<(), ApiError> {
        self.check(&self.by_address, address).await
    }

    /// One API call of install `id`.
    pub async fn install(&self, id: &str) -> Result<(), ApiError> {
        self.check(&self.by_install, id.to_owned()).await
    }

    /// One panel sign-in step for `org` from `address` (when known).
    pub async fn sign_in(&self, org: &str, address: Option<IpAddr>) -> Result<(), ApiError> {
        if let Some(address) = address {
            self.check(&self.sign_in_by_address, address).await?;
        }
        self.check(&self.sign_in_by_org, org.to_ascii_lowercase())
            .await
    }

    /// One call of `key` against `keyed`: in Redis while it answers, else in this process.
    async fn check<K>(&self, keyed: &Keyed<K>, key: K) -> Result<(), ApiError>
    where
        K: Hash + Eq + Clone + std::fmt::Display,
    {
        if let Some(shared) = &self.shared {
            let (interval, burst) = (keyed.quota.replenish_interval(), keyed.quota.burst_size());
            if let Some(outcome) = shared
                .check(keyed.kind, &key.to_string(), interval, burst.get())
                .await
            {
                return outcome.map_err(|wait| ApiError::RateLimited {
                    retry_after: wait.max(Duration::from_secs(1)),
                });
            }
        }
        keyed.check(&key)
    }
}

fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

/// One keyed limiter, forgetting keys whose bucket is full again now and then so a stream of
/// new addresses cannot grow it without bound.
struct Keyed<K: Hash + Eq + Clone> {
    /// Which limit (a part of its Redis keys).
    kind: &'static str,
    quota: Quota,
    limiter: DefaultKeyedRateLimiter<K>,
    checks: AtomicU64,
}

/// How many checks between two clean-ups of a keyed limiter.
const RETAIN_EVERY: u64 = 4096;

impl<K: Hash + Eq + Clone> Keyed<K> {
    fn new(kind: &'static str, quota: Quota) -> Self {
        Self {
            kind,
            quota,
            limiter: RateLimiter::keyed(quota),
            checks: AtomicU64::new(0),
        }
    }

    fn check(&self, key: &K) -> Result<(), ApiError> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % RETAIN_EVERY == RETAIN_EVERY - 1 {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
        self.limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.limiter.clock().now());
            ApiError::RateLimited {
                retry_after: wait.max(Duration::from_secs(1)),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn exactly_the_burst_passes_then_429_with_a_wait() {
        let guards = Guards::new(Limits {
            install_rate: 1,
            install_burst: 5,
            ..Limits::default()
        });
        let mut passed = 0;
        for _ in 0..20 {
            passed += usize::from(guards.install("acme").await.is_ok());
        }
        assert_eq!(passed, 5);
        match guards.install("acme").await {
            Err(ApiError::RateLimited { retry_after }) => {
                assert!(retry_after >= Duration::from_secs(1), "{retry_after:?}")
            }
            other => panic!("{other:?}"),
        }
        // Another install has its own bucket.
        assert!(guards.install("globex").await.is_ok());
    }

    #[test]
    fn the_defaults_are_the_documented_ones() {
        let limits = Limits::default();
        assert_eq!(limits.request_timeout(), Duration::from_secs(30));
        assert_eq!(limits.header_timeout(), Duration::from_secs(10));
        assert_eq!(limits.crm_max_response_bytes, 4 * 1024 * 1024);
        assert_eq!((limits.install_rate, limits.install_burst), (20, 100));
    }

    #[tokio::test]
    async fn sign_ins_are_limited_per_address_and_per_org() {
        let guards = Guards::new(Limits {
            sign_in_per_address: 2,
            sign_in_per_org: 3,
            ..Limits::default()
        });
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        assert!(guards.sign_in("org", Some(a)).await.is_ok());
        assert!(guards.sign_in("org", Some(a)).await.is_ok());
        assert!(
            guards.sign_in("org", Some(a)).await.is_err(),
            "third from one address"
        );
        assert!(guards.sign_in("org", Some(b)).await.is_ok());
        assert!(
            guards.sign_in("ORG", Some(b)).await.is_err(),
            "fourth for one org"
        );
    }
}
