//! A shared service's outage, as the proxy rides it out: after a failure, calls skip the
//! service at once for a pause instead of each waiting for it to fail again, and the outage is
//! logged once when it starts and once when it ends. Used by Redis ([`crate::shared`]) and by
//! the lookups' pin reads ([`crate::pins`]).

use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// How long calls skip a service after it failed before trying it again.
pub const PAUSE: Duration = Duration::from_secs(2);

/// When the service last failed, and whether that outage was logged.
#[derive(Default)]
pub struct Outage(Mutex<State>);

#[derive(Default)]
struct State {
    /// Calls skip the service until then.
    until: Option<Instant>,
    /// The outage under way was logged.
    warned: bool,
}

impl Outage {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the service may be called now (no failure within the last [`PAUSE`]).
    pub fn is_over(&self) -> bool {
        self.state()
            .until
            .is_none_or(|until| Instant::now() >= until)
    }

    /// Records a failure: the service is skipped for [`PAUSE`]. `true` when this starts an
    /// outage (the caller logs it once).
    pub fn failed(&self) -> bool {
        let mut state = self.state();
        state.until = Some(Instant::now() + PAUSE);
        !std::mem::replace(&mut state.warned, true)
    }

    /// Records an answer. `true` when this ends a logged outage (the caller says it is over).
    /// An answer during the pause, to a call made before the failure, ends nothing.
    pub fn answered(&self) -> bool {
        let mut state = self.state();
        let paused = state.until.is_some_and(|until| Instant::now() < until);
        !paused && std::mem::replace(&mut state.warned, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_failure_pauses_calls_and_is_reported_once_per_outage() {
        let outage = Outage::default();
        assert!(outage.is_over());
        assert!(!outage.answered(), "no outage to end");
        assert!(outage.failed(), "the first failure starts the outage");
        assert!(!outage.is_over());
        assert!(
            !outage.answered(),
            "an answer to a call made before the failure ends nothing"
        );
        tokio::time::advance(PAUSE - Duration::from_millis(1)).await;
        assert!(!outage.is_over());
        tokio::time::advance(Duration::from_millis(1)).await;
        assert!(outage.is_over(), "tried again after the pause");
        assert!(!outage.failed(), "failing again is the same outage");
        assert!(!outage.is_over());
        tokio::time::advance(PAUSE).await;
        assert!(outage.answered(), "the answer ends it");
        assert!(!outage.answered());
        assert!(outage.failed(), "a later failure is a new outage");
    }
}
