//! A settings store that stops answering (a hung PostgreSQL) holds no lookup for longer than
//! the store's read limit: the settings in force stay, and before any were read the lookup
//! fails with the store's error rather than wait on it. Time is tokio's paused clock, so the
//! waits measured are exactly what the proxy waited.

mod common;

use sidecard_model::Settings;
use sidecard_proxy::store::{READ_LIMIT, SettingsStore, StoreError};
use sidecard_proxy::{AppState, app};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::time::Instant;

/// Answers "nothing saved" until `hang` is set, then never answers; counts the reads.
#[derive(Default)]
struct Store {
    hang: AtomicBool,
    reads: AtomicUsize,
}

#[async_trait::async_trait]
impl SettingsStore for Store {
    async fn load(&self, _install: &str) -> Result<Option<Settings>, StoreError> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        if self.hang.load(Ordering::SeqCst) {
            std::future::pending::<()>().await;
        }
        Ok(None)
    }
    async fn save(&self, _install: &str, settings: &Settings) -> Result<Settings, StoreError> {
        Ok(settings.clone())
    }
}

/// A lookup through the router: its status and how long the (paused) clock moved. Fails
/// rather than hangs when the lookup waits on the store past its limit.
async fn timed_lookup(router: &axum::Router) -> (u16, Duration) {
    let started = Instant::now();
    let lookup = common::call(router, "GET", "/api/v1/lookup?email=a@b.example", None);
    let (status, _) = tokio::time::timeout(READ_LIMIT * 4, lookup)
        .await
        .expect("the lookup waited on the store past its read limit");
    (status.as_u16(), started.elapsed())
}

#[tokio::test(start_paused = true)]
async fn a_hung_store_keeps_the_settings_in_force_after_waiting_its_read_limit() {
    let store = Arc::new(Store::default());
    let router = app(AppState::new(
        common::Crm::new("acme"),
        store.clone(),
        common::options(None),
    ));
    assert_eq!(timed_lookup(&router).await, (200, Duration::ZERO));
    store.hang.store(true, Ordering::SeqCst);
    // Past the settings' refresh: the next lookup asks the store again.
    tokio::time::advance(Duration::from_secs(31)).await;
    assert_eq!(timed_lookup(&router).await, (200, READ_LIMIT));
    assert_eq!(store.reads.load(Ordering::SeqCst), 2);
    // Not asked again until the next refresh.
    assert_eq!(timed_lookup(&router).await, (200, Duration::ZERO));
    assert_eq!(store.reads.load(Ordering::SeqCst), 2);
}

#[tokio::test(start_paused = true)]
async fn before_any_settings_were_read_a_hung_store_fails_the_lookup_with_503_at_its_read_limit() {
    let store = Arc::new(Store::default());
    store.hang.store(true, Ordering::SeqCst);
    let router = app(AppState::new(
        common::Crm::new("acme"),
        store,
        common::options(None),
    ));
    assert_eq!(timed_lookup(&router).await, (503, READ_LIMIT));
}
