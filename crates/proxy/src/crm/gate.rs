//! What stands between a connection and its CRM when the CRM has a bad day: the CRM's own
//! throttle honoured, and a circuit breaker for a CRM that keeps failing.
//!
//! - **Throttle.** After a 429 (Dataverse's service protection, Salesforce's
//!   `REQUEST_LIMIT_EXCEEDED`) no request leaves until its `Retry-After` has passed (or
//!   [`DEFAULT_THROTTLE`] when the CRM named no time): every call in that window fails at once
//!   with [`CrmError::Throttled`] and the time left. Sending more would only lengthen the
//!   throttle (Dataverse, "Service protection API limits": requests during the window count
//!   against it) and starve the org's other integrations.
//! - **Circuit.** [`FAILURES_TO_OPEN`] failures in a row (unreachable, timed out, 502/503/504)
//!   open the circuit for [`OPEN_FIRST`], doubling on each failed probe up to [`OPEN_MOST`].
//!   Once the time has passed, one call goes through as a probe while the others still fail
//!   at once; its success closes the circuit. A failing CRM so gets a trickle, not the agents'
//!   full load.
//!
//! One gate per connection: one org's throttle never delays another's. Times are Tokio's, so
//! tests run them on a paused clock.

use super::CrmError;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};
use tokio::time::Instant;

/// How long a throttle lasts when the CRM gave no `Retry-After`.
pub const DEFAULT_THROTTLE: Duration = Duration::from_secs(30);
/// Failures in a row that open the circuit.
pub const FAILURES_TO_OPEN: u32 = 5;
/// How long the circuit first stays open.
pub const OPEN_FIRST: Duration = Duration::from_secs(5);
/// The longest the circuit stays open between probes.
pub const OPEN_MOST: Duration = Duration::from_secs(60);
/// The longest throttle honoured: a `Retry-After` of days would stop the connection until a
/// restart; past this, one call every ten minutes asks again.
pub const MAX_THROTTLE: Duration = Duration::from_secs(600);
/// A call abandoned after this long (its caller's time limit ran out) counts as a failure: the
/// CRM was too slow. One abandoned sooner (its caller went away) counts for nothing.
const ABANDONED_SLOW: Duration = Duration::from_secs(1);

/// One connection's gate.
#[derive(Default)]
pub struct Gate {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// No call before this (the CRM's `Retry-After`).
    throttled_until: Option<Instant>,
    /// Failures since the last answer.
    failures: u32,
    /// When the first of those failures happened, for health.
    failing_since: Option<SystemTime>,
    /// The circuit is open until then; `None`: closed.
    open_until: Option<Instant>,
    /// How long it opens next time.
    next_open: Duration,
    /// A probe is in flight: every other call waits for its outcome.
    probing: bool,
}

/// How a call ended, as far as the CRM's health goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The CRM answered (success or an error about the request itself: it is up).
    Answered,
    /// The CRM throttled the call; `None`: it named no time.
    Throttled(Option<Duration>),
    /// The CRM could not be reached, timed out or said it is unavailable.
    Failed,
}

/// Where the connection stands, for `/readyz` and for lookups that must say why an answer is
/// old.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Status {
    /// Calls go through.
    #[default]
    Ok,
    /// The CRM asked for a pause; this much of it is left.
    Throttled(Duration),
    /// Calls have been failing since then; while the circuit is open, this much is left
    /// before the next probe (`None`: closed, still counting failures, or probing).
    Failing {
        /// When the failures began.
        since: SystemTime,
        /// Failures in a row.
        failures: u32,
        /// How long until the next probe.
        open_for: Option<Duration>,
    },
}

impl Status {
    /// Whether the connection is down: its circuit has opened (one failure is not down).
    pub fn is_down(&self) -> bool {
        matches!(self, Status::Failing { failures, .. } if *failures >= FAILURES_TO_OPEN)
    }
}

/// A call the gate let through; report how it ended with [`Gate::record`]. Dropped without
/// a report, it frees its probe (a probe never blocks the circuit for good) and counts as a
/// failure if it was out longer than [`ABANDONED_SLOW`].
pub struct Ticket<'a> {
    gate: &'a Gate,
    probe: bool,
    done: bool,
    issued: Instant,
}

impl Gate {
    /// Lets one call through, or says at once why not.
    pub fn admit(&self) -> Result<Ticket<'_>, CrmError> {
        let now = Instant::now();
        let mut state = self.lock();
        if let Some(until) = state.throttled_until {
            if now < until {
                return Err(CrmError::Throttled {
                    retry_after: Some(until - now),
                });
            }
            state.throttled_until = None;
        }
        let mut probe = false;
        if let Some(until) = state.open_until {
            if now < until || state.probing {
                let wait = until.saturating_duration_since(now);
                return Err(CrmError::Unavailable(format!(
                    "the CRM has failed {} times in a row; the next try is in {}s",
                    state.failures,
                    wait.as_secs().max(1)
                )));
            }
            state.probing = true;
            probe = true;
        }
        Ok(Ticket {
            gate: self,
            probe,
            done: false,
            issued: now,
        })
    }

    /// Where the connection stands now.
    pub fn status(&self) -> Status {
        let now = Instant::now();
        let state = self.lock();
        if let Some(until) = state.throttled_until.filter(|u| now < *u) {
            return Status::Throttled(until - now);
        }
        match state.failing_since {
            Some(since) => Status::Failing {
                since,
                failures: state.failures,
                open_for: state.open_until.filter(|u| now < *u).map(|u| u - now),
            },
            None => Status::Ok,
        }
    }

    /// Notes how a call ended.
    pub fn record(&self, mut ticket: Ticket<'_>, outcome: Outcome) {
        ticket.done = true;
        self.end(ticket.probe, Some(outcome));
    }

    fn end(&self, probe: bool, outcome: Option<Outcome>) {
        let now = Instant::now();
        let mut state = self.lock();
        if probe {
            state.probing = false;
        }
        let Some(outcome) = outcome else {
            return;
        };
        match outcome {
            Outcome::Answered => {
                state.failures = 0;
                state.failing_since = None;
                state.open_until = None;
                state.next_open = OPEN_FIRST;
            }
            Outcome::Throttled(wait) => {
                // Throttled is an answer too: the CRM is up, and asks for a pause.
                state.failures = 0;
                state.failing_since = None;
                state.open_until = None;
                let until = now + wait.unwrap_or(DEFAULT_THROTTLE).min(MAX_THROTTLE);
                state.throttled_until = Some(state.throttled_until.map_or(until, |u| u.max(until)));
            }
            Outcome::Failed => {
                state.failures += 1;
                state.failing_since.get_or_insert_with(SystemTime::now);
                if probe || state.failures >= FAILURES_TO_OPEN && state.open_until.is_none() {
                    let open = if state.next_open.is_zero() {
                        OPEN_FIRST
                    } else {
                        state.next_open
                    };
                    state.open_until = Some(now + open);
                    state.next_open = (open * 2).min(OPEN_MOST);
                }
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        if !self.done {
            let slow = self.issued.elapsed() >= ABANDONED_SLOW;
            self.gate.end(self.probe, slow.then_some(Outcome::Failed));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(gate: &Gate, outcome: Outcome) -> Result<(), CrmError> {
        let ticket = gate.admit()?;
        gate.record(ticket, outcome);
        Ok(())
    }

    #[tokio::test(start_paused = true)]
    async fn nothing_passes_during_a_throttle_and_the_first_call_after_it_does() {
        let gate = Gate::default();
        call(&gate, Outcome::Throttled(Some(Duration::from_secs(30)))).unwrap();
        tokio::time::advance(Duration::from_secs(29)).await;
        match gate.admit() {
            Err(CrmError::Throttled { retry_after }) => {
                assert_eq!(retry_after, Some(Duration::from_secs(1)))
            }
            _ => panic!("a call went through during the throttle"),
        }
        assert_eq!(gate.status(), Status::Throttled(Duration::from_secs(1)));
        tokio::time::advance(Duration::from_secs(1)).await;
        call(&gate, Outcome::Answered).unwrap();
        assert_eq!(gate.status(), Status::Ok);
    }

    #[tokio::test(start_paused = true)]
    async fn a_throttle_without_a_time_lasts_the_default() {
        let gate = Gate::default();
        call(&gate, Outcome::Throttled(None)).unwrap();
        assert_eq!(gate.status(), Status::Throttled(DEFAULT_THROTTLE));
    }

    #[tokio::test(start_paused = true)]
    async fn failures_open_the_circuit_and_one_probe_at_a_time_tests_it() {
        let gate = Gate::default();
        for _ in 0..FAILURES_TO_OPEN {
            call(&gate, Outcome::Failed).unwrap();
        }
        assert!(matches!(gate.admit(), Err(CrmError::Unavailable(_))));
        assert!(matches!(
            gate.status(),
            Status::Failing {
                open_for: Some(OPEN_FIRST),
                failures: FAILURES_TO_OPEN,
                ..
            }
        ));
        tokio::time::advance(OPEN_FIRST).await;
        // One probe; everyone else still fails at once while it is out.
        let probe = gate.admit().expect("the probe");
        assert!(gate.admit().is_err());
        gate.record(probe, Outcome::Failed);
        // A failed probe opens the circuit for twice as long.
        tokio::time::advance(OPEN_FIRST).await;
        assert!(gate.admit().is_err());
        tokio::time::advance(OPEN_FIRST).await;
        let probe = gate.admit().expect("the second probe");
        gate.record(probe, Outcome::Answered);
        assert_eq!(gate.status(), Status::Ok);
        call(&gate, Outcome::Answered).unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn an_abandoned_probe_frees_the_circuit_and_counts_only_when_slow() {
        let gate = Gate::default();
        for _ in 0..FAILURES_TO_OPEN {
            call(&gate, Outcome::Failed).unwrap();
        }
        tokio::time::advance(OPEN_FIRST).await;
        // Its caller went away at once: the next call is the probe.
        drop(gate.admit().expect("the probe"));
        let probe = gate.admit().expect("the next probe goes");
        // Abandoned after its caller's time limit: the CRM was too slow, a failure.
        tokio::time::advance(ABANDONED_SLOW).await;
        drop(probe);
        assert!(gate.admit().is_err(), "the circuit opened again");
        tokio::time::advance(OPEN_FIRST * 2).await;
        assert!(gate.admit().is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn quick_abandoned_calls_never_open_the_circuit() {
        let gate = Gate::default();
        for _ in 0..FAILURES_TO_OPEN * 2 {
            drop(gate.admit().unwrap());
        }
        assert_eq!(gate.status(), Status::Ok);
    }

    #[tokio::test(start_paused = true)]
    async fn a_throttle_of_days_is_capped() {
        let gate = Gate::default();
        let days = Duration::from_secs(30 * 86_400);
        call(&gate, Outcome::Throttled(Some(days))).unwrap();
        assert_eq!(gate.status(), Status::Throttled(MAX_THROTTLE));
    }

    #[tokio::test(start_paused = true)]
    async fn one_failure_is_not_down() {
        let gate = Gate::default();
        call(&gate, Outcome::Failed).unwrap();
        assert!(!gate.status().is_down());
        for _ in 1..FAILURES_TO_OPEN {
            call(&gate, Outcome::Failed).unwrap();
        }
        assert!(gate.status().is_down());
    }

    #[tokio::test(start_paused = true)]
    async fn an_answer_between_failures_keeps_the_circuit_closed() {
        let gate = Gate::default();
        for _ in 0..3 {
            for _ in 0..FAILURES_TO_OPEN - 1 {
                call(&gate, Outcome::Failed).unwrap();
            }
            call(&gate, Outcome::Answered).unwrap();
        }
        assert_eq!(gate.status(), Status::Ok);
    }
}
