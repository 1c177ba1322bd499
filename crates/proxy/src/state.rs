//! What every request handler shares. Nothing here is the only copy of anything that matters:
//! it is rebuilt from the configuration (and the CRM) on every start.

use crate::config::{Config, StartupError};
use crate::crm::demo::DemoCrm;
use crate::crm::dynamics::DynamicsCrm;
use crate::crm::salesforce::SalesforceCrm;
use crate::crm::{Connector, CrmKind};
use crate::lookup::{LookupOptions, LookupService};
use crate::secret::Secret;
use crate::store::SettingsStore;
use crate::store::sqlite::SqliteStore;
use std::path::PathBuf;
use std::sync::Arc;

/// Shared handler state; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Finds customers: normalize → cache → connector.
    pub lookup: Arc<LookupService>,
    /// The built widget's directory, or `None` when it has not been built (then `/` says how).
    pub dist: Option<PathBuf>,
    /// The demo CRM when it is the connector: its record pages are where its deep links go.
    pub demo: Option<DemoCrm>,
    /// Saved settings documents.
    pub settings: Arc<dyn SettingsStore>,
    /// Proves the admin role on settings changes; `None`: settings are read-only.
    pub admin_key: Option<Secret>,
}

impl AppState {
    /// State over any connector and settings store (tests pass fakes and temporary files).
    pub fn new(
        connector: Arc<dyn Connector>,
        settings: Arc<dyn SettingsStore>,
        options: LookupOptions,
    ) -> Self {
        Self {
            lookup: Arc::new(LookupService::new(connector, settings.clone(), options)),
            dist: None,
            demo: None,
            settings,
            admin_key: None,
        }
    }

    /// Lets `key` save settings.
    pub fn with_admin_key(mut self, key: Option<Secret>) -> Self {
        self.admin_key = key;
        self
    }

    /// Serves the widget from `dist` if it holds a built `index.html`.
    pub fn with_dist(mut self, dist: PathBuf) -> Self {
        if dist.join("index.html").is_file() {
            self.dist = Some(dist);
        } else {
            tracing::warn!(
                dist = %dist.display(),
                "no built widget there: the API works, `/` explains how to build the widget"
            );
        }
        self
    }

    /// Everything the configuration asks for: the connector (seeding the demo CRM on first
    /// start), the lookup options and the widget directory.
    pub fn from_config(config: &Config) -> Result<Self, StartupError> {
        let options = LookupOptions {
            region: config.default_region,
            timeout: config.crm_timeout(),
            cache_ttl: config.cache_ttl(),
        };
        let db = config.settings_db_path();
        let settings: Arc<dyn SettingsStore> = Arc::new(
            SqliteStore::open(&db)
                .map_err(|e| StartupError::new("settings-db", format!("{}: {e}", db.display())))?,
        );
        let state = match config.crm {
            CrmKind::Demo => {
                let path = config.demo_db_path();
                let demo = DemoCrm::open_or_seed(&path, config.default_region).map_err(|e| {
                    StartupError::new("demo-db", format!("{}: {e}", path.display()))
                })?;
                let mut state = AppState::new(Arc::new(demo.clone()), settings, options);
                state.demo = Some(demo);
                state
            }
            CrmKind::Dynamics => {
                let dynamics = DynamicsCrm::new(config.dynamics()?)
                    .map_err(|e| StartupError::new("crm", e.to_string()))?;
                AppState::new(Arc::new(dynamics), settings, options)
            }
            CrmKind::Salesforce => {
                let salesforce = SalesforceCrm::new(config.salesforce()?)
                    .map_err(|e| StartupError::new("crm", e.to_string()))?;
                AppState::new(Arc::new(salesforce), settings, options)
            }
        };
        let admin_key = match (&config.admin_key, config.crm) {
            (Some(key), _) => Some(key.clone()),
            // The demo holds sample data only: a key made up for this run lets whoever started
            // it try the settings page at once (a real CRM's settings stay read-only until an
            // admin key is configured).
            (None, CrmKind::Demo) => {
                let key = uuid::Uuid::new_v4().simple().to_string();
                tracing::info!(
                    "no --admin-key: the settings page's admin key for this demo run is {key}"
                );
                Some(Secret::new(key))
            }
            (None, _) => None,
        };
        Ok(state
            .with_admin_key(admin_key)
            .with_dist(config.dist.clone()))
    }
}
