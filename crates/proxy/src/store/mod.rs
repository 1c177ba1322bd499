//! Where settings live: one versioned document per install, behind a trait so several proxy
//! processes can later share a PostgreSQL store instead of the embedded SQLite file.
//!
//! Saves are compare-and-swap on the version: a save carries the version it was based on, and
//! if someone saved in between it is refused as a conflict, with nothing overwritten.

pub mod sqlite;

use async_trait::async_trait;
use sidecard_model::Settings;

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
}

/// Settings documents by install.
#[async_trait]
pub trait SettingsStore: Send + Sync + 'static {
    /// The install's saved document, or `None` if it never saved one (use the defaults).
    async fn load(&self, install: &str) -> Result<Option<Settings>, StoreError>;

    /// Saves `settings` if the stored version is still `settings.version` (0 when nothing was
    /// saved yet). Returns the document as stored, with its new version. All or nothing.
    async fn save(&self, install: &str, settings: &Settings) -> Result<Settings, StoreError>;
}
