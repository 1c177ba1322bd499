//! Where settings, pins, logged activities and the audit log live: one versioned document per
//! install, the person agents pinned for a customer, what each "Log to CRM" made, and an
//! append-only record of who did what. Behind traits, in the embedded SQLite file by default
//! ([`sqlite`]) or in PostgreSQL shared by several proxy processes ([`postgres`]); both apply
//! their versioned migrations (`crates/proxy/migrations/`, refinery) at start.
//!
//! Saves are compare-and-swap on the version: a save carries the version it was based on, and
//! if someone saved in between it is refused as a conflict, with nothing overwritten.
//!
//! A lookup reads the store twice at most (its install's settings when due for a refresh, the
//! customer's pin when several people match), each [`within_limit`]: a hung database never
//! holds a lookup longer than that. After a failed read the settings in force are kept until
//! the next refresh (`lookup`), and pins are skipped for a pause ([`crate::pins`]). Every
//! other call, writes included, is held to [`limited::CALL_LIMIT`].

pub mod limited;
pub mod postgres;
pub mod sqlite;

use async_trait::async_trait;
use serde::Serialize;
use sidecard_model::Settings;
use std::future::Future;
use std::time::Duration;

/// How long a lookup waits on a store read: one row by its key, well under a millisecond from
/// a database that answers. Without it, a query on a pooled PostgreSQL connection to a hung
/// server waits for as long as TCP keeps the connection (minutes).
pub const READ_LIMIT: Duration = Duration::from_millis(500);

/// `read`, or [`StoreError::Unanswered`] once [`READ_LIMIT`] has passed without its answer.
pub async fn within_limit<T>(
    read: impl Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    limited::within(READ_LIMIT, read).await
}

/// What can go wrong storing settings.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// Someone saved since this document was read (becomes 409 `conflict`).
    #[error(
        "The settings were saved by someone else (now version {current}) after you opened version {based_on}. Reload to see their changes, then make yours again."
    )]
    Conflict {
        /// The version the refused save was based on.
        based_on: u64,
        /// The version stored now.
        current: u64,
    },
    /// The storage failed (becomes 500; details in the log).
    #[error("settings storage failed: {0}")]
    Storage(String),
    /// The storage did not answer within this time (becomes 503). A write may still land.
    #[error(
        "Sidecard's database did not answer within {} s. Try again in a moment; reload first, as a change just made may or may not have been stored.",
        .0.as_secs_f32()
    )]
    Unanswered(Duration),
}

/// Settings documents by install.
#[async_trait]
pub trait SettingsStore: Send + Sync + 'static {
    /// The install's saved document, or `None` if it never saved one (use the defaults).
    async fn load(&self, install: &str) -> Result<Option<Settings>, StoreError>;

    /// Saves `settings` if the stored version is still `settings.version` (0 when nothing was
    /// saved yet). Returns the document as stored, with its new version. All or nothing.
    async fn save(&self, install: &str, settings: &Settings) -> Result<Settings, StoreError>;

    /// Installs whose settings another process saved, as they are saved (`*`: any may have
    /// changed); `None` when the store cannot tell, and other processes' saves are read
    /// within the lookups' settings refresh instead.
    fn changes(&self) -> Option<tokio::sync::broadcast::Receiver<String>> {
        None
    }
}

/// One audit record as written: who (the install and the credential's kind and subject), what,
/// and from which address. The store adds when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// The install acted on (or attempted).
    pub install: String,
    /// Who: the credential's kind and, where it names one, its subject
    /// (`operator`, `install-admin`, `dynamics-user:<id>`, `unknown`).
    pub actor: String,
    /// What: `settings.save`, `admin.refused`, `cif.sign_in`.
    pub action: String,
    /// Details for people (the saved version, why a key was refused); never a secret.
    pub detail: String,
    /// The client's address, when known.
    pub address: Option<String>,
}

/// One audit record as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AuditRecord {
    /// Increasing id: pages continue `before` the last one seen.
    pub id: i64,
    /// When, UTC, RFC 3339 to the second.
    pub at: String,
    /// The install.
    pub install: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// Details.
    pub detail: String,
    /// From which address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// The audit log: append and page backwards, newest first. Records are never changed.
#[async_trait]
pub trait AuditLog: Send + Sync + 'static {
    /// Appends `event`.
    async fn record(&self, event: AuditEvent) -> Result<(), StoreError>;

    /// Up to `limit` records of `install` older than `before` (all when `None`), newest first.
    async fn page(
        &self,
        install: &str,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, StoreError>;
}

/// The person an agent pinned for a customer whose lookup matches several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    /// The pinned person's entity (`contact` or `lead`).
    pub entity: sidecard_model::Entity,
    /// Their CRM id.
    pub id: String,
    /// Who pinned them, as the agent's host named them.
    pub by: String,
    /// When, UTC, RFC 3339 to the second (the store sets it).
    pub at: String,
}

/// Pins by install and customer (the lookup's normalized keys, `pins::key`).
#[async_trait]
pub trait PinStore: Send + Sync + 'static {
    /// The customer's pin, if an agent set one.
    async fn pinned(&self, install: &str, customer: &str) -> Result<Option<Pin>, StoreError>;

    /// Pins `pin` for the customer, replacing any earlier pin; returns it as stored.
    async fn pin(&self, install: &str, customer: &str, pin: &Pin) -> Result<Pin, StoreError>;

    /// Removes the customer's pin; the pin there was, if any.
    async fn unpin(&self, install: &str, customer: &str) -> Result<Option<Pin>, StoreError>;
}

/// What an earlier log of one conversation for one person made: the activity and a digest of
/// the values sent, so a retry with the same values is recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedActivity {
    /// The activity type's wire name (`phone_call`, `task`).
    pub kind: String,
    /// The activity's id in the CRM.
    pub activity_id: String,
    /// A digest of what was sent (`activities::digest`).
    pub digest: String,
}

/// The activities logs made, by install, host, conversation and person: what makes "Log to
/// CRM" idempotent.
#[async_trait]
pub trait LogStore: Send + Sync + 'static {
    /// What the last log of this conversation for this person made, if any.
    async fn logged(&self, install: &str, key: &str) -> Result<Option<LoggedActivity>, StoreError>;

    /// Records what a log made, replacing what an earlier one of the same key made.
    async fn remember(
        &self,
        install: &str,
        key: &str,
        logged: &LoggedActivity,
    ) -> Result<(), StoreError>;
}
