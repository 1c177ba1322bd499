//! The embedded store (settings, pins, logged activities and audit log): a SQLite file in the
//! proxy's data directory, its schema versioned by `migrations/sqlite` (refinery).
//!
//! WAL journal, full sync: a save that returned is on disk, and a crash in the middle of one
//! leaves the previous version (SQLite's transaction guarantee). `BEGIN IMMEDIATE` takes the
//! write lock before the version check, so two processes sharing the file cannot both win.

use super::{
    AuditEvent, AuditLog, AuditRecord, LogStore, LoggedActivity, Pin, PinStore, SettingsStore,
    StoreError,
};
use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use sidecard_model::Settings;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a save waits for another process's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

mod embedded {
    refinery::embed_migrations!("migrations/sqlite");
}

/// Applies the migrations this version has and the file lacks. Each runs in its own
/// transaction with its history row, and refinery takes no lock: two processes opening one
/// new file together can both try a version, and the second's history insert then fails with
/// nothing applied. Its second run finds the version done.
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let mut last = None;
    for _ in 0..3 {
        match embedded::migrations::runner().run(conn) {
            Ok(report) => {
                for applied in report.applied_migrations() {
                    tracing::info!(
                        version = applied.version(),
                        name = applied.name(),
                        "settings database migrated"
                    );
                }
                return Ok(());
            }
            Err(e) => last = Some(e),
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(storage(format!(
        "migrating the settings database: {}",
        last.map(|e| e.to_string()).unwrap_or_default()
    )))
}

/// Most audit records one page returns.
pub const MAX_AUDIT_PAGE: u32 = 200;

/// Settings in a SQLite file.
#[derive(Clone)]
pub struct SqliteStore {
    /// One connection, used from blocking tasks; SQLite serializes writers anyway.
    conn: Arc<Mutex<Connection>>,
}

fn storage(e: impl std::fmt::Display) -> StoreError {
    StoreError::Storage(e.to_string())
}

impl SqliteStore {
    /// Opens (creating if needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(storage)?;
        }
        let mut conn = Connection::open(path).map_err(storage)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(storage)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(storage)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(storage)?;
        migrate(&mut conn)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// A store in memory (tests and benchmarks): the same SQL, nothing on disk.
    pub fn in_memory() -> Result<Self, StoreError> {
        let mut conn = Connection::open_in_memory().map_err(storage)?;
        migrate(&mut conn)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    async fn with_conn<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let mut conn = conn.lock().map_err(|_| storage("store lock poisoned"))?;
            work(&mut conn)
        })
        .await
        .map_err(storage)?
    }
}

#[async_trait]
impl SettingsStore for SqliteStore {
    async fn load(&self, install: &str) -> Result<Option<Settings>, StoreError> {
        let install = install.to_owned();
        self.with_conn(move |conn| {
            let row: Option<(i64, String)> = conn
                .query_row(
                    "SELECT version, document FROM settings WHERE install = ?1",
                    [&install],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(storage)?;
            row.map(|(version, document)| {
                let mut settings: Settings = serde_json::from_str(&document).map_err(|e| {
                    storage(format!(
                        "stored settings of {install:?} are unreadable: {e}"
                    ))
                })?;
                settings.version = version.unsigned_abs();
                Ok(settings)
            })
            .transpose()
        })
        .await
    }

    async fn save(&self, install: &str, settings: &Settings) -> Result<Settings, StoreError> {
        let install = install.to_owned();
        let mut settings = settings.clone();
        self.with_conn(move |conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(storage)?;
            // Versions are positive (a CHECK constraint): SQLite's i64 holds them exactly.
            let current = tx
                .query_row(
                    "SELECT version FROM settings WHERE install = ?1",
                    [&install],
                    |r| r.get::<_, i64>(0),
                )
                .optional()
                .map_err(storage)?
                .map_or(0, i64::unsigned_abs);
            if current != settings.version {
                return Err(StoreError::Conflict {
                    based_on: settings.version,
                    current,
                });
            }
            settings.version = current + 1;
            let document = serde_json::to_string(&settings).map_err(storage)?;
            tx.execute(
                "INSERT INTO settings (install, version, document) VALUES (?1, ?2, ?3)
                 ON CONFLICT (install) DO UPDATE SET
                     version = excluded.version,
                     document = excluded.document,
                     saved_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                params![install, settings.version as i64, document],
            )
            .map_err(storage)?;
            tx.commit().map_err(storage)?;
            Ok(settings)
        })
        .await
    }
}

#[async_trait]
impl AuditLog for SqliteStore {
    async fn record(&self, event: AuditEvent) -> Result<(), StoreError> {
        self.with_conn(move |conn| {
            conn.execute(
                "INSERT INTO audit (install, actor, action, detail, address)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    event.install,
                    event.actor,
                    event.action,
                    event.detail,
                    event.address
                ],
            )
            .map(drop)
            .map_err(storage)
        })
        .await
    }

    async fn page(
        &self,
        install: &str,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let install = install.to_owned();
        let limit = limit.clamp(1, MAX_AUDIT_PAGE);
        self.with_conn(move |conn| {
            let mut statement = conn
                .prepare_cached(
                    "SELECT id, at, install, actor, action, detail, address FROM audit
                     WHERE install = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3",
                )
                .map_err(storage)?;
            let rows = statement
                .query_map(params![install, before.unwrap_or(i64::MAX), limit], |r| {
                    Ok(AuditRecord {
                        id: r.get(0)?,
                        at: r.get(1)?,
                        install: r.get(2)?,
                        actor: r.get(3)?,
                        action: r.get(4)?,
                        detail: r.get(5)?,
                        address: r.get(6)?,
                    })
                })
                .map_err(storage)?;
            rows.collect::<Result<_, _>>().map_err(storage)
        })
        .await
    }
}

#[async_trait]
impl PinStore for SqliteStore {
    async fn pinned(&self, install: &str, customer: &str) -> Result<Option<Pin>, StoreError> {
        let (install, customer) = (install.to_owned(), customer.to_owned());
        self.with_conn(move |conn| {
            conn.query_row(
                "SELECT entity, person_id, pinned_by, pinned_at FROM pins \
                 WHERE install = ?1 AND customer = ?2",
                [&install, &customer],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                },
            )
            .optional()
            .map_err(storage)?
            .map(|(entity, id, by, at)| {
                let entity = sidecard_model::Entity::parse(&entity)
                    .ok_or_else(|| storage(format!("a pin names an unknown entity {entity:?}")))?;
                Ok(Pin { entity, id, by, at })
            })
            .transpose()
        })
        .await
    }

    async fn pin(&self, install: &str, customer: &str, pin: &Pin) -> Result<Pin, StoreError> {
        let (install, customer, pin) = (install.to_owned(), customer.to_owned(), pin.clone());
        self.with_conn(move |conn| {
            let at: String = conn
                .query_row(
                    "INSERT INTO pins (install, customer, entity, person_id, pinned_by) \
                     VALUES (?1, ?2, ?3, ?4, ?5) \
                     ON CONFLICT (install, customer) DO UPDATE SET entity = excluded.entity, \
                     person_id = excluded.person_id, pinned_by = excluded.pinned_by, \
                     pinned_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') \
                     RETURNING pinned_at",
                    params![install, customer, pin.entity.as_str(), pin.id, pin.by],
                    |r| r.get(0),
                )
                .map_err(storage)?;
            Ok(Pin { at, ..pin })
        })
        .await
    }

    async fn unpin(&self, install: &str, customer: &str) -> Result<Option<Pin>, StoreError> {
        let pin = self.pinned(install, customer).await?;
        let (install, customer) = (install.to_owned(), customer.to_owned());
        self.with_conn(move |conn| {
            conn.execute(
                "DELETE FROM pins WHERE install = ?1 AND customer = ?2",
                [&install, &customer],
            )
            .map_err(storage)
        })
        .await?;
        Ok(pin)
    }
}

#[async_trait]
impl LogStore for SqliteStore {
    async fn logged(&self, install: &str, key: &str) -> Result<Option<LoggedActivity>, StoreError> {
        let (install, key) = (install.to_owned(), key.to_owned());
        self.with_conn(move |conn| {
            conn.query_row(
                "SELECT kind, activity_id, digest FROM activity_logs \
                 WHERE install = ?1 AND key = ?2",
                [&install, &key],
                |r| {
                    Ok(LoggedActivity {
                        kind: r.get(0)?,
                        activity_id: r.get(1)?,
                        digest: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(storage)
        })
        .await
    }

    async fn remember(
        &self,
        install: &str,
        key: &str,
        logged: &LoggedActivity,
    ) -> Result<(), StoreError> {
        let (install, key, logged) = (install.to_owned(), key.to_owned(), logged.clone());
        self.with_conn(move |conn| {
            conn.execute(
                "INSERT INTO activity_logs (install, key, kind, activity_id, digest) \
                 VALUES (?1, ?2, ?3, ?4, ?5) \
                 ON CONFLICT (install, key) DO UPDATE SET kind = excluded.kind, \
                 activity_id = excluded.activity_id, digest = excluded.digest, \
                 logged_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                params![install, key, logged.kind, logged.activity_id, logged.digest],
            )
            .map(|_| ())
            .map_err(storage)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sidecard_model::{Entity, FieldChoice};

    fn settings() -> Settings {
        Settings::defaults(|e| match e {
            Entity::Contact => vec!["email1".into(), "city".into()],
            _ => vec![],
        })
    }

    fn store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("data/sidecard.sqlite3")).unwrap();
        (dir, store)
    }

    #[tokio::test]
    async fn a_new_install_has_nothing_saved() {
        let (_dir, store) = store();
        assert_eq!(store.load("acme.zendesk.com").await.unwrap(), None);
    }

    #[tokio::test]
    async fn saves_bump_the_version_and_read_back() {
        let (_dir, store) = store();
        let saved = store.save("acme", &settings()).await.unwrap();
        assert_eq!(saved.version, 1);
        let mut next = saved.clone();
        next.contact.fields.insert(0, FieldChoice::new("mobile"));
        let saved = store.save("acme", &next).await.unwrap();
        assert_eq!(saved.version, 2);
        assert_eq!(store.load("acme").await.unwrap(), Some(saved));
        assert_eq!(
            store.load("other").await.unwrap(),
            None,
            "installs are separate"
        );
    }

    #[tokio::test]
    async fn a_stale_save_is_a_conflict_and_overwrites_nothing() {
        let (_dir, store) = store();
        let first = store.save("acme", &settings()).await.unwrap();
        let mut mine = first.clone();
        let mut theirs = first.clone();
        theirs.deal.max_shown = 9;
        store.save("acme", &theirs).await.unwrap();

        mine.deal.max_shown = 3;
        let err = store.save("acme", &mine).await.unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Conflict {
                    based_on: 1,
                    current: 2
                }
            ),
            "{err:?}"
        );
        assert_eq!(store.load("acme").await.unwrap().unwrap().deal.max_shown, 9);
    }

    #[tokio::test]
    async fn of_two_concurrent_saves_on_one_version_exactly_one_wins() {
        let (_dir, store) = store();
        let base = store.save("acme", &settings()).await.unwrap();
        let (a, b) = tokio::join!(store.save("acme", &base), store.save("acme", &base));
        assert_eq!(
            [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
            1,
            "{a:?} {b:?}"
        );
    }

    #[tokio::test]
    async fn settings_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sidecard.sqlite3");
        let saved = SqliteStore::open(&path)
            .unwrap()
            .save("acme", &settings())
            .await
            .unwrap();
        let reopened = SqliteStore::open(&path).unwrap();
        assert_eq!(reopened.load("acme").await.unwrap(), Some(saved));
        let mode: String = Connection::open(&path)
            .unwrap()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[tokio::test]
    async fn the_audit_log_pages_newest_first_per_install() {
        let (_dir, store) = store();
        for (install, action) in [("a", "one"), ("b", "other"), ("a", "two"), ("a", "three")] {
            store
                .record(AuditEvent {
                    install: install.into(),
                    actor: "operator".into(),
                    action: action.into(),
                    detail: String::new(),
                    address: Some("127.0.0.1".into()),
                })
                .await
                .unwrap();
        }
        let first = store.page("a", None, 2).await.unwrap();
        let actions: Vec<_> = first.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(actions, ["three", "two"]);
        let rest = store.page("a", Some(first[1].id), 2).await.unwrap();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].action, "one");
        assert_eq!(rest[0].address.as_deref(), Some("127.0.0.1"));
        assert!(rest[0].at.ends_with('Z'), "{}", rest[0].at);
    }
}
