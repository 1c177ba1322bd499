//! The shared store (`--database-url postgres://…`): the same settings, audit log, pins and
//! logged activities as the SQLite file, in PostgreSQL, for several proxy processes at once.
//!
//! - **Migrations** (`migrations/postgres`, refinery) run at start under a session advisory
//!   lock, so processes starting together apply each version once: refinery takes no lock of
//!   its own (rust-db/refinery; PeerDB PR #932 shows concurrent runs failing without one).
//!   `pg_advisory_lock` is held "until explicitly released or the session ends"
//!   (postgresql.org/docs/current/functions-admin.html).
//! - **Compare-and-swap saves** are one statement each (`UPDATE … WHERE version = $based_on
//!   RETURNING`): PostgreSQL returns no row when the condition fails, and nothing is written.
//! - **Saves seen everywhere within a second.** The same statement calls
//!   `pg_notify('sidecard_settings', install)`; the notification is "not delivered until and
//!   unless the transaction is committed" (postgresql.org/docs/current/sql-notify.html), so a
//!   listener never reloads before the save is visible. Every process keeps one connection
//!   `LISTEN`ing and hands the install to [`SettingsStore::changes`] subscribers. A lost
//!   connection reconnects and announces `*` (anything may have changed meanwhile).
//!
//! The pool (deadpool-postgres) reconnects by itself; its pooled connections never surface
//! notifications, hence the dedicated listener (docs.rs/deadpool-postgres).

use super::{
    AuditEvent, AuditLog, AuditRecord, LogStore, LoggedActivity, Pin, PinStore, SettingsStore,
    StoreError, sqlite::MAX_AUDIT_PAGE,
};
use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use sidecard_model::Settings;
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_postgres::{AsyncMessage, NoTls};

/// The notification channel of settings saves.
const CHANNEL: &str = "sidecard_settings";
/// An arbitrary key of the migration lock, the same in every process.
const MIGRATION_LOCK: i64 = 0x5349_4445_4341_5244; // "SIDECARD"
/// Most pooled connections per process.
const POOL_SIZE: usize = 16;
/// How long a request waits for a pooled connection (or a new one) before failing.
const POOL_WAIT: Duration = Duration::from_secs(5);
/// How long the listener waits before reconnecting.
const LISTEN_RETRY: Duration = Duration::from_secs(1);
/// `to_char` of timestamptz column `$column` as RFC 3339 UTC to the second, as the SQLite store
/// writes it. Macros, so every statement is one literal built at compile time.
macro_rules! utc {
    ($column:literal) => {
        concat!(
            "to_char(",
            $column,
            r#" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"#
        )
    };
}

/// A pin's columns, as [`pin_of`] reads them.
macro_rules! pin_columns {
    () => {
        concat!("entity, person_id, pinned_by, ", utc!("pinned_at"))
    };
}

mod embedded {
    refinery::embed_migrations!("migrations/postgres");
}

fn storage(e: impl std::fmt::Display) -> StoreError {
    StoreError::Storage(e.to_string())
}

/// Settings, audit log, pins and logs in PostgreSQL.
#[derive(Clone)]
pub struct PgStore {
    pool: Pool,
    changes: broadcast::Sender<String>,
}

impl PgStore {
    /// Connects to `url`, applies the migrations this version has and the database lacks,
    /// and starts listening for other processes' saves.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let config: tokio_postgres::Config = url
            .parse()
            .map_err(|e| storage(format!("--database-url is not a PostgreSQL URL: {e}")))?;
        migrate(&config).await?;
        let manager = Manager::from_config(
            config.clone(),
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .wait_timeout(Some(POOL_WAIT))
            .create_timeout(Some(POOL_WAIT))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()
            .map_err(storage)?;
        let (changes, _) = broadcast::channel(256);
        // A connection that died without a word (a NAT forgot it) would drop saves silently
        // for the kernel's default two hours: probe it every 30 s.
        let mut listener = config.clone();
        listener.keepalives_idle(Duration::from_secs(30));
        tokio::spawn(listen(listener, changes.downgrade()));
        Ok(Self { pool, changes })
    }

    async fn client(&self) -> Result<deadpool_postgres::Object, StoreError> {
        self.pool
            .get()
            .await
            .map_err(|e| storage(format!("PostgreSQL: {e}")))
    }
}

/// Applies the pending migrations, one process at a time.
async fn migrate(config: &tokio_postgres::Config) -> Result<(), StoreError> {
    let (mut client, connection) = config
        .connect(NoTls)
        .await
        .map_err(|e| storage(format!("cannot connect to PostgreSQL: {e}")))?;
    let driver = tokio::spawn(connection);
    client
        .execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])
        .await
        .map_err(storage)?;
    let report = embedded::migrations::runner()
        .run_async(&mut client)
        .await
        .map_err(|e| storage(format!("migrating the database: {e}")));
    // Ending the session releases the lock even if the unlock is never sent.
    let _ = client
        .execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])
        .await;
    drop(client);
    let _ = driver.await;
    for applied in report?.applied_migrations() {
        tracing::info!(
            version = applied.version(),
            name = applied.name(),
            "database migrated"
        );
    }
    Ok(())
}

/// Keeps one connection `LISTEN`ing for saves, reconnecting when it drops, and passes each
/// saved install on (`*` after a reconnect). Ends when the store is gone.
async fn listen(config: tokio_postgres::Config, changes: broadcast::WeakSender<String>) {
    use futures::StreamExt;
    let mut reconnected = false;
    loop {
        match config.connect(NoTls).await {
            Ok((client, mut connection)) => {
                let mut messages = futures::stream::poll_fn(move |cx| connection.poll_message(cx));
                // The connection makes progress only while polled: the LISTEN below and the
                // notifications after it both come through this stream.
                let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
                let driver = tokio::spawn(async move {
                    while let Some(message) = messages.next().await {
                        match message {
                            Ok(AsyncMessage::Notification(n)) => {
                                let _ = tx.send(n.payload().to_owned());
                            }
                            Ok(_) => {}
                            Err(e) => {
                                tracing::warn!(error = %e, "the settings listener's connection failed");
                                break;
                            }
                        }
                    }
                });
                match client.batch_execute(&format!("LISTEN {CHANNEL}")).await {
                    Ok(()) => {
                        if reconnected && !announce(&changes, "*".to_owned()) {
                            return;
                        }
                        while let Some(install) = rx.recv().await {
                            if !announce(&changes, install) {
                                driver.abort();
                                return;
                            }
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "cannot LISTEN for settings saves"),
                }
                driver.abort();
            }
            Err(e) => tracing::warn!(
                error = %e,
                "cannot connect to PostgreSQL to hear settings saves; other processes' saves apply within 30 s"
            ),
        }
        if changes.upgrade().is_none() {
            return;
        }
        reconnected = true;
        tokio::time::sleep(LISTEN_RETRY).await;
    }
}

/// Passes `install` to the subscribers; `false` once the store is gone.
fn announce(changes: &broadcast::WeakSender<String>, install: String) -> bool {
    match changes.upgrade() {
        Some(changes) => {
            let _ = changes.send(install);
            true
        }
        None => false,
    }
}

#[async_trait]
impl SettingsStore for PgStore {
    async fn load(&self, install: &str) -> Result<Option<Settings>, StoreError> {
        let row = self
            .client()
            .await?
            .query_opt(
                "SELECT version, document FROM settings WHERE install = $1",
                &[&install],
            )
            .await
            .map_err(storage)?;
        row.map(|row| {
            let mut settings: Settings = serde_json::from_str(row.get(1)).map_err(|e| {
                storage(format!(
                    "stored settings of {install:?} are unreadable: {e}"
                ))
            })?;
            settings.version = row.get::<_, i64>(0).unsigned_abs();
            Ok(settings)
        })
        .transpose()
    }

    async fn save(&self, install: &str, settings: &Settings) -> Result<Settings, StoreError> {
        let based_on = settings.version;
        let mut saved = settings.clone();
        saved.version = based_on + 1;
        let document = serde_json::to_string(&saved).map_err(storage)?;
        let client = self.client().await?;
        // One statement: the write and the notification commit together, or neither.
        let written = if based_on == 0 {
            client
                .query_opt(
                    "WITH saved AS (
                         INSERT INTO settings (install, version, document) VALUES ($1, 1, $2)
                         ON CONFLICT (install) DO NOTHING RETURNING version)
                     SELECT version, pg_notify($3, $1) FROM saved",
                    &[&install, &document, &CHANNEL],
                )
                .await
        } else {
            client
                .query_opt(
                    "WITH saved AS (
                         UPDATE settings SET version = version + 1, document = $2, saved_at = now()
                         WHERE install = $1 AND version = $3 RETURNING version)
                     SELECT version, pg_notify($4, $1) FROM saved",
                    &[&install, &document, &(based_on as i64), &CHANNEL],
                )
                .await
        }
        .map_err(storage)?;
        if written.is_some() {
            return Ok(saved);
        }
        let current = client
            .query_opt(
                "SELECT version FROM settings WHERE install = $1",
                &[&install],
            )
            .await
            .map_err(storage)?
            .map_or(0, |row| row.get::<_, i64>(0).unsigned_abs());
        Err(StoreError::Conflict { based_on, current })
    }

    fn changes(&self) -> Option<broadcast::Receiver<String>> {
        Some(self.changes.subscribe())
    }
}

#[async_trait]
impl AuditLog for PgStore {
    async fn record(&self, event: AuditEvent) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "INSERT INTO audit (install, actor, action, detail, address)
                 VALUES ($1, $2, $3, $4, $5)",
                &[
                    &event.install,
                    &event.actor,
                    &event.action,
                    &event.detail,
                    &event.address,
                ],
            )
            .await
            .map(drop)
            .map_err(storage)
    }

    async fn page(
        &self,
        install: &str,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let limit = i64::from(limit.clamp(1, MAX_AUDIT_PAGE));
        let rows = self
            .client()
            .await?
            .query(
                concat!(
                    "SELECT id, ",
                    utc!("at"),
                    ", install, actor, action, detail, address
                     FROM audit WHERE install = $1 AND id < $2 ORDER BY id DESC LIMIT $3"
                ),
                &[&install, &before.unwrap_or(i64::MAX), &limit],
            )
            .await
            .map_err(storage)?;
        Ok(rows
            .iter()
            .map(|r| AuditRecord {
                id: r.get(0),
                at: r.get(1),
                install: r.get(2),
                actor: r.get(3),
                action: r.get(4),
                detail: r.get(5),
                address: r.get(6),
            })
            .collect())
    }
}

fn pin_of(row: &tokio_postgres::Row) -> Result<Pin, StoreError> {
    let entity: &str = row.get(0);
    let entity = sidecard_model::Entity::parse(entity)
        .ok_or_else(|| storage(format!("a pin names an unknown entity {entity:?}")))?;
    Ok(Pin {
        entity,
        id: row.get(1),
        by: row.get(2),
        at: row.get(3),
    })
}

#[async_trait]
impl PinStore for PgStore {
    async fn pinned(&self, install: &str, customer: &str) -> Result<Option<Pin>, StoreError> {
        self.client()
            .await?
            .query_opt(
                concat!(
                    "SELECT ",
                    pin_columns!(),
                    " FROM pins WHERE install = $1 AND customer = $2"
                ),
                &[&install, &customer],
            )
            .await
            .map_err(storage)?
            .as_ref()
            .map(pin_of)
            .transpose()
    }

    async fn pin(&self, install: &str, customer: &str, pin: &Pin) -> Result<Pin, StoreError> {
        let row = self
            .client()
            .await?
            .query_one(
                concat!(
                    "INSERT INTO pins (install, customer, entity, person_id, pinned_by)
                     VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (install, customer) DO UPDATE SET entity = excluded.entity,
                         person_id = excluded.person_id, pinned_by = excluded.pinned_by,
                         pinned_at = now()
                     RETURNING ",
                    pin_columns!()
                ),
                &[&install, &customer, &pin.entity.as_str(), &pin.id, &pin.by],
            )
            .await
            .map_err(storage)?;
        pin_of(&row)
    }

    async fn unpin(&self, install: &str, customer: &str) -> Result<Option<Pin>, StoreError> {
        self.client()
            .await?
            .query_opt(
                concat!(
                    "DELETE FROM pins WHERE install = $1 AND customer = $2 RETURNING ",
                    pin_columns!()
                ),
                &[&install, &customer],
            )
            .await
            .map_err(storage)?
            .as_ref()
            .map(pin_of)
            .transpose()
    }
}

#[async_trait]
impl LogStore for PgStore {
    async fn logged(&self, install: &str, key: &str) -> Result<Option<LoggedActivity>, StoreError> {
        Ok(self
            .client()
            .await?
            .query_opt(
                "SELECT kind, activity_id, digest FROM activity_logs
                 WHERE install = $1 AND key = $2",
                &[&install, &key],
            )
            .await
            .map_err(storage)?
            .map(|r| LoggedActivity {
                kind: r.get(0),
                activity_id: r.get(1),
                digest: r.get(2),
            }))
    }

    async fn remember(
        &self,
        install: &str,
        key: &str,
        logged: &LoggedActivity,
    ) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "INSERT INTO activity_logs (install, key, kind, activity_id, digest)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (install, key) DO UPDATE SET kind = excluded.kind,
                     activity_id = excluded.activity_id, digest = excluded.digest,
                     logged_at = now()",
                &[
                    &install,
                    &key,
                    &logged.kind,
                    &logged.activity_id,
                    &logged.digest,
                ],
            )
            .await
            .map(drop)
            .map_err(storage)
    }
}
