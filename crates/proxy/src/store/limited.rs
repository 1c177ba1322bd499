//! Every store call within [`CALL_LIMIT`]. A query on a pooled PostgreSQL connection to a
//! server that stopped answering (a hung host, a dead network path) otherwise waits for as
//! long as TCP keeps the connection, minutes, and the admin's save or the agent's pin with
//! it. Past the limit the call fails with [`StoreError::Unanswered`]; a write may still land
//! after that, which the error says.
//!
//! Lookups read with the tighter [`super::READ_LIMIT`] on top ([`super::within_limit`]).

use super::{
    AuditEvent, AuditLog, AuditRecord, LogStore, LoggedActivity, Pin, PinStore, SettingsStore,
    StoreError,
};
use async_trait::async_trait;
use sidecard_model::Settings;
use std::future::Future;
use std::time::Duration;

/// How long any store call may take: the connection pool's own wait for a connection, and far
/// above a write's few milliseconds on a database that answers.
pub const CALL_LIMIT: Duration = Duration::from_secs(5);

/// `call`, or [`StoreError::Unanswered`] once `limit` has passed without its answer.
pub(super) async fn within<T>(
    limit: Duration,
    call: impl Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    tokio::time::timeout(limit, call)
        .await
        .unwrap_or(Err(StoreError::Unanswered(limit)))
}

/// A store whose every call is held to [`CALL_LIMIT`].
pub struct Limited<S>(pub S);

#[async_trait]
impl<S: SettingsStore> SettingsStore for Limited<S> {
    async fn load(&self, install: &str) -> Result<Option<Settings>, StoreError> {
        within(CALL_LIMIT, self.0.load(install)).await
    }
    async fn save(&self, install: &str, settings: &Settings) -> Result<Settings, StoreError> {
        within(CALL_LIMIT, self.0.save(install, settings)).await
    }
    fn changes(&self) -> Option<tokio::sync::broadcast::Receiver<String>> {
        self.0.changes()
    }
}

#[async_trait]
impl<S: AuditLog> AuditLog for Limited<S> {
    async fn record(&self, event: AuditEvent) -> Result<(), StoreError> {
        within(CALL_LIMIT, self.0.record(event)).await
    }
    async fn page(
        &self,
        install: &str,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        within(CALL_LIMIT, self.0.page(install, before, limit)).await
    }
}

#[async_trait]
impl<S: PinStore> PinStore for Limited<S> {
    async fn pinned(&self, install: &str, customer: &str) -> Result<Option<Pin>, StoreError> {
        within(CALL_LIMIT, self.0.pinned(install, customer)).await
    }
    async fn pin(&self, install: &str, customer: &str, pin: &Pin) -> Result<Pin, StoreError> {
        within(CALL_LIMIT, self.0.pin(install, customer, pin)).await
    }
    async fn unpin(&self, install: &str, customer: &str) -> Result<Option<Pin>, StoreError> {
        within(CALL_LIMIT, self.0.unpin(install, customer)).await
    }
}

#[async_trait]
impl<S: LogStore> LogStore for Limited<S> {
    async fn logged(&self, install: &str, key: &str) -> Result<Option<LoggedActivity>, StoreError> {
        within(CALL_LIMIT, self.0.logged(install, key)).await
    }
    async fn remember(
        &self,
        install: &str,
        key: &str,
        logged: &LoggedActivity,
    ) -> Result<(), StoreError> {
        within(CALL_LIMIT, self.0.remember(install, key, logged)).await
    }
}
