//! Each connection's CRM windows shared by the processes: when one process's calls are
//! throttled (429 and its `Retry-After`) or open its circuit, the others stop calling too,
//! instead of each spending the CRM's patience on its own. The window is a key that expires
//! when the window does; a process reads it before each CRM call and remembers it, so during
//! a window its calls fail at once without asking Redis again.

use super::{Redis, key, ms};
use crate::crm::CrmError;
use crate::crm::gate::Status;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// Sets a window key unless it already lasts longer: a shorter window never cuts a longer one.
const EXTEND: &str = r"if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then return redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) else return 0 end";

/// One connection's windows.
pub struct SharedWindows {
    redis: Redis,
    throttled_key: String,
    open_key: String,
    seen: Mutex<Seen>,
}

/// The windows last read or written, on this process's clock.
#[derive(Default, Clone, Copy)]
struct Seen {
    throttled_until: Option<Instant>,
    open_until: Option<Instant>,
}

impl SharedWindows {
    /// The windows of connection `connection` (its name in the installs file; `default`).
    pub fn new(redis: Redis, connection: &str) -> Self {
        Self {
            redis,
            throttled_key: key(&["connection", connection, "throttled"]),
            open_key: key(&["connection", connection, "open"]),
            seen: Mutex::default(),
        }
    }

    fn seen(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The window in force, as this process knows it.
    pub fn status(&self) -> Option<Status> {
        let now = Instant::now();
        let seen = *self.seen();
        if let Some(until) = seen.throttled_until.filter(|u| *u > now) {
            return Some(Status::Throttled(until - now));
        }
        seen.open_until
            .filter(|u| *u > now)
            .map(|until| Status::Failing {
                since: std::time::SystemTime::now(),
                failures: crate::crm::gate::FAILURES_TO_OPEN,
                open_for: Some(until - now),
            })
    }

    /// Before a CRM call: fails at once while another process's window is in force.
    pub async fn check(&self) -> Result<(), CrmError> {
        let now = Instant::now();
        let known = *self.seen();
        if let Some(error) = refusal(known, now) {
            return Err(error);
        }
        let (throttled, open) = (self.throttled_key.clone(), self.open_key.clone());
        let read = self
            .redis
            .run("read windows", |mut c| async move {
                redis::pipe()
                    .cmd("PTTL")
                    .arg(throttled)
                    .cmd("PTTL")
                    .arg(open)
                    .query_async::<(i64, i64)>(&mut c)
                    .await
            })
            .await;
        let Some((throttled_ms, open_ms)) = read else {
            return Ok(());
        };
        let until =
            |left: i64| (left > 0).then(|| now + Duration::from_millis(left.unsigned_abs()));
        let seen = Seen {
            throttled_until: until(throttled_ms),
            open_until: until(open_ms),
        };
        *self.seen() = seen;
        refusal(seen, now).map_or(Ok(()), Err)
    }

    /// After a failed CRM call: tells the other processes the window this one's gate entered.
    pub async fn publish(&self, status: Status) {
        let now = Instant::now();
        let (key, left) = match status {
            Status::Throttled(left) => (&self.throttled_key, left),
            Status::Failing {
                open_for: Some(left),
                ..
            } => (&self.open_key, left),
            _ => return,
        };
        {
            let mut seen = self.seen();
            let slot = if key == &self.throttled_key {
                &mut seen.throttled_until
            } else {
                &mut seen.open_until
            };
            // Already told: this process's calls fail at once within the window.
            if slot.is_some_and(|until| until + Duration::from_millis(50) >= now + left) {
                return;
            }
            *slot = Some(now + left);
        }
        if key == &self.throttled_key {
            metrics::counter!("sidecard_crm_windows_total", "kind" => "throttled").increment(1);
        } else {
            metrics::counter!("sidecard_crm_windows_total", "kind" => "circuit_open").increment(1);
        }
        let key = key.clone();
        self.redis
            .run("enter window", |mut c| async move {
                redis::Script::new(EXTEND)
                    .key(key)
                    .arg(ms(left))
                    .invoke_async::<redis::Value>(&mut c)
                    .await
            })
            .await;
    }
}

/// Why a call may not leave now, given the windows `seen`.
fn refusal(seen: Seen, now: Instant) -> Option<CrmError> {
    if let Some(until) = seen.throttled_until.filter(|u| *u > now) {
        return Some(CrmError::Throttled {
            retry_after: Some(until - now),
        });
    }
    seen.open_until.filter(|u| *u > now).map(|until| {
        CrmError::Unavailable(format!(
            "the CRM keeps failing (seen by another Sidecard process); the next try is in {}s",
            (until - now).as_secs().max(1)
        ))
    })
}
