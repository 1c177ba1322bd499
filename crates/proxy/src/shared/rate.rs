//! Rate limits counted once for all processes: the same GCRA as the in-process limiter
//! (`governor`: `burst` calls at once, then one every `interval`), its state in Redis as each
//! key's theoretical arrival time. One script reads and moves it atomically, on Redis's own
//! clock (`TIME`), so processes whose clocks differ still agree.

use super::{Redis, key};
use std::time::Duration;

/// GCRA: `KEYS[1]` holds the theoretical arrival time (µs on Redis's clock). `ARGV[1]` is the
/// interval and `ARGV[2]` the burst. Answers 0 when the call is allowed, else the µs to wait.
const GCRA: &str = r"
local now = redis.call('TIME')
now = tonumber(now[1]) * 1000000 + tonumber(now[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local next_tat = tat + interval
local ahead = next_tat - now
if ahead > interval * burst then
  return ahead - interval * burst
end
redis.call('SET', KEYS[1], string.format('%.0f', next_tat), 'PX', math.ceil(ahead / 1000) + 1)
return 0
";

/// Rate limits in Redis.
#[derive(Clone)]
pub struct SharedRates {
    redis: Redis,
}

impl SharedRates {
    /// Limits kept in `redis`.
    pub fn new(redis: Redis) -> Self {
        Self { redis }
    }

    /// One call of `key` of limit `kind`, allowed `burst` at once and then one per
    /// `interval`: `Some(Ok(()))` allowed, `Some(Err(wait))` over the limit, `None` Redis is
    /// not answering (then the process's own limiter decides).
    pub async fn check(
        &self,
        kind: &str,
        id: &str,
        interval: Duration,
        burst: u32,
    ) -> Option<Result<(), Duration>> {
        let key = key(&["rate", kind, id]);
        let interval = u64::try_from(interval.as_micros())
            .unwrap_or(u64::MAX)
            .max(1);
        let wait = self
            .redis
            .run("rate limit", |mut c| async move {
                redis::Script::new(GCRA)
                    .key(key)
                    .arg(interval)
                    .arg(burst.max(1))
                    .invoke_async::<i64>(&mut c)
                    .await
            })
            .await?;
        Some(if wait <= 0 {
            Ok(())
        } else {
            Err(Duration::from_micros(wait.unsigned_abs()))
        })
    }
}
