//! What every request handler shares. Nothing here is the only copy of anything that matters:
//! it is rebuilt from the configuration (and the CRM) on every start.

use crate::activities::ActivityLog;
use crate::config::{Config, StartupError};
use crate::crm::bounded::Bounded;
use crate::crm::demo::DemoCrm;
use crate::crm::{Connector, CrmKind};
use crate::csp::Csp;
use crate::install::{Credential, HostKind, Install, Installs, InstallsFile};
use crate::limits::{Guards, Limits};
use crate::lookup::{LookupOptions, LookupService};
use crate::outage::Outage;
use crate::secret::Secret;
use crate::session::SessionKey;
use crate::shared::Redis;
use crate::shared::rate::SharedRates;
use crate::shared::windows::SharedWindows;
use crate::store::limited::Limited;
use crate::store::postgres::PgStore;
use crate::store::sqlite::SqliteStore;
use crate::store::{AuditLog, LogStore, PinStore, SettingsStore};
use axum::http::HeaderValue;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Shared handler state; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Every install, each with its lookups (normalize → cache → its connector).
    pub installs: Arc<Installs>,
    /// The built widget's directory, or `None` when it has not been built (then `/` says how).
    pub dist: Option<PathBuf>,
    /// The demo CRM when it is the connector: its record pages are where its deep links go.
    pub demo: Option<DemoCrm>,
    /// Saved settings documents, one per install.
    pub settings: Arc<dyn SettingsStore>,
    /// Who saved what, who failed to prove the admin role, who signed in.
    pub audit: Arc<dyn AuditLog>,
    /// The person agents pinned for each customer whose lookup matches several.
    pub pins: Arc<dyn PinStore>,
    /// When reading `pins` last failed: lookups skip pins during the pause after it.
    pub pin_reads: Arc<Outage>,
    /// "Log to CRM", and what each conversation's log made.
    pub activities: Arc<ActivityLog>,
    /// The operator's admin key (every install's settings and audit log); `None`: only
    /// installs' own admin keys, if any, change settings.
    pub admin_key: Option<Secret>,
    /// Rate limits, timeouts and the request semaphore.
    pub guards: Arc<Guards>,
    /// `Content-Security-Policy` of every page: what may run, who may frame it.
    pub csp: Csp,
    /// Origins allowed to call the API from a browser (CORS); empty: none.
    pub cors_origins: Vec<HeaderValue>,
    /// Signs the Dynamics panel's sign-in challenges and sessions.
    pub sessions: Arc<SessionKey>,
    /// What a scraper sends to read `/metrics`; `None`: loopback clients only.
    pub metrics_key: Option<Secret>,
    options: LookupOptions,
    /// `--frame-ancestor` origins, kept to rebuild `csp` as installs are added.
    frame_ancestors: Vec<String>,
}

impl AppState {
    /// State over any connector and settings store, serving the standalone install without a
    /// credential (tests pass fakes and temporary files; add installs with
    /// [`AppState::with_install`]).
    pub fn new(
        connector: Arc<dyn Connector>,
        settings: Arc<dyn SettingsStore>,
        options: LookupOptions,
    ) -> Self {
        let lookup = LookupService::new(
            crate::install::DEFAULT,
            connector,
            settings.clone(),
            options.clone(),
        );
        // Installed before anything is counted (counts made before it would be lost).
        crate::telemetry::recorder();
        let audit = Arc::new(SqliteStore::in_memory().expect("an in-memory SQLite database opens"));
        Self {
            installs: Arc::new(Installs::standalone(Arc::new(lookup), true)),
            dist: None,
            demo: None,
            settings,
            audit: audit.clone(),
            pins: audit.clone(),
            pin_reads: Arc::default(),
            activities: Arc::new(ActivityLog::new(audit)),
            admin_key: None,
            guards: Arc::new(Guards::new(Limits::default())),
            csp: Csp::new(&[], &[crate::http::CIF_BOOT]),
            cors_origins: Vec::new(),
            sessions: Arc::new(SessionKey::new(None)),
            metrics_key: None,
            options,
            frame_ancestors: Vec::new(),
        }
    }

    /// Adds an install reading `connector`, shaped by its own settings document.
    pub fn with_install(
        mut self,
        id: &str,
        host: HostKind,
        domain: &str,
        credential: Credential,
        connector: Arc<dyn Connector>,
    ) -> Self {
        let lookup = LookupService::new(id, connector, self.settings.clone(), self.options.clone());
        Arc::make_mut(&mut self.installs).add(Install {
            id: id.to_owned(),
            host,
            domain: Some(domain.to_owned()),
            credential,
            lookup: Arc::new(lookup),
            softphone_origins: Vec::new(),
            admin_sha256: None,
        });
        self.update_csp();
        self
    }

    /// Lets the key whose SHA-256 is `sha256` act as install `id`'s admin.
    pub fn with_install_admin(mut self, id: &str, sha256: Option<[u8; 32]>) -> Self {
        if let Some(install) = Arc::make_mut(&mut self.installs).get_mut(id) {
            install.admin_sha256 = sha256;
        }
        self
    }

    /// Keeps pins in `pins`.
    pub fn with_pins(mut self, pins: Arc<dyn PinStore>) -> Self {
        self.pins = pins;
        self.pin_reads = Arc::default();
        self
    }

    /// Remembers logged activities in `logs`, each log's key locked across the processes
    /// sharing `redis` too (when given).
    pub fn with_logs(mut self, logs: Arc<dyn LogStore>, redis: Option<Redis>) -> Self {
        self.activities = Arc::new(ActivityLog::new(logs).shared(redis));
        self
    }

    /// Keeps the audit log in `audit`.
    pub fn with_audit(mut self, audit: Arc<dyn AuditLog>) -> Self {
        self.audit = audit;
        self
    }

    /// Enforces `limits` (tests narrow them).
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.guards = Arc::new(Guards::new(limits));
        self
    }

    /// Counts the rate limits in Redis with the other processes (when given).
    pub fn with_shared_rates(mut self, rates: Option<SharedRates>) -> Self {
        self.guards = Arc::new(Guards::new(self.guards.limits.clone()).shared(rates));
        self
    }

    /// Lets softphone frames from `origins` hand install `id`'s panel incoming calls.
    pub fn with_softphones(mut self, id: &str, origins: Vec<String>) -> Self {
        if let Some(install) = Arc::make_mut(&mut self.installs).get_mut(id) {
            install.softphone_origins = origins;
        }
        self
    }

    /// Signs panel sessions with `secret` (several proxies behind one address share one).
    pub fn with_session_secret(mut self, secret: Option<Secret>) -> Self {
        self.sessions = Arc::new(SessionKey::new(secret));
        self
    }

    /// Whether calls without a credential are the standalone install's.
    pub fn with_anonymous(mut self, anonymous: bool) -> Self {
        Arc::make_mut(&mut self.installs).anonymous = anonymous;
        self
    }

    /// Lets `key` save settings.
    pub fn with_admin_key(mut self, key: Option<Secret>) -> Self {
        self.admin_key = key;
        self
    }

    /// Lets these origins frame Sidecard's pages, besides the help desks' and the Dynamics
    /// installs' orgs.
    pub fn with_frame_ancestors(mut self, extra: &[String]) -> Self {
        self.frame_ancestors = extra.to_vec();
        self.update_csp();
        self
    }

    fn update_csp(&mut self) {
        let mut origins: Vec<String> = self
            .installs
            .iter()
            .filter_map(|i| i.org_origin())
            .collect();
        origins.sort();
        origins.extend(self.frame_ancestors.iter().cloned());
        self.csp = Csp::new(&origins, &[crate::http::CIF_BOOT]);
        if let Some(dist) = &self.dist {
            self.csp.allow_built_pages(dist);
        }
    }

    /// Lets these origins call the API from a browser.
    pub fn with_cors_origins(mut self, origins: Vec<HeaderValue>) -> Self {
        self.cors_origins = origins;
        self
    }

    /// Serves the widget from `dist` if it holds a built `index.html`.
    pub fn with_dist(mut self, dist: PathBuf) -> Self {
        if dist.join("index.html").is_file() {
            // Each page's start script is inline: allowed by its hash, nothing else inline.
            self.csp.allow_built_pages(&dist);
            self.dist = Some(dist);
        } else {
            tracing::warn!(
                dist = %dist.display(),
                "no built widget there: the API works, `/` explains how to build the widget"
            );
        }
        self
    }

    /// Everything the configuration asks for: the connections (seeding demo CRMs on first
    /// start), the installs, the lookup options and the widget directory.
    pub async fn from_config(config: &Config) -> Result<Self, StartupError> {
        if config.redis_url.is_some() && config.database_url.is_none() {
            // Answers are shared under the settings' version: processes sharing answers must
            // share the settings those versions number.
            return Err(StartupError::new(
                "redis-url",
                "needs --database-url: processes that share answers must share their settings",
            ));
        }
        let redis = config
            .redis_url
            .as_ref()
            .map(|url| Redis::connect(url.expose()))
            .transpose()
            .map_err(|e| StartupError::new("redis-url", e))?;
        let options = LookupOptions {
            region: config.default_region,
            timeout: config.crm_timeout(),
            cache_ttl: config.cache_ttl(),
            stale_grace: std::time::Duration::from_secs(config.stale_grace_secs),
            cache_bytes: config.limits.cache_bytes(),
            redis: redis.clone(),
        };
        let stores = match &config.database_url {
            Some(url) => Stores::of(
                PgStore::connect(url.expose())
                    .await
                    .map_err(|e| StartupError::new("database-url", e.to_string()))?,
            ),
            None => {
                let db = config.settings_db_path();
                Stores::of(SqliteStore::open(&db).map_err(|e| {
                    StartupError::new("settings-db", format!("{}: {e}", db.display()))
                })?)
            }
        };
        let (connector, demo) = connect(config, crate::install::DEFAULT, &redis)?;
        let mut every_connection_is_demo = config.crm == CrmKind::Demo;
        let mut state = AppState::new(connector.clone(), stores.settings, options)
            .with_audit(stores.audit)
            .with_pins(stores.pins)
            .with_logs(stores.logs, redis.clone())
            .with_limits(config.limits.clone())
            .with_shared_rates(redis.clone().map(SharedRates::new));
        state.demo = demo;
        if let Some(path) = &config.installs {
            let file = InstallsFile::read(path)?;
            let mut connections = HashMap::from([(crate::install::DEFAULT.to_owned(), connector)]);
            for (name, table) in &file.connections {
                let connection = config.connection(name, table)?;
                every_connection_is_demo &= connection.crm == CrmKind::Demo;
                let (connector, _) = connect(&connection, name, &redis)?;
                connections.insert(name.clone(), connector);
            }
            for entry in &file.installs {
                let credential = entry.credential(|name| connections.get(name).cloned())?;
                state = state
                    .with_install(
                        &entry.id,
                        entry.host,
                        &entry.domain.trim().to_ascii_lowercase(),
                        credential,
                        connections[&entry.connection].clone(),
                    )
                    .with_softphones(&entry.id, entry.softphone_origins.clone())
                    .with_install_admin(&entry.id, entry.admin_sha256()?);
            }
            tracing::info!(installs = file.installs.len(), file = %path.display(), "installs loaded");
        }
        let admin_key = match config.operator_key()? {
            Some(key) => Some(key),
            // Sample data only: a key made up for this run lets whoever started it try the
            // settings page at once. Never when any connection is a real CRM: its settings
            // stay closed until an admin key is configured.
            None if every_connection_is_demo => {
                let key = format!(
                    "{}{}",
                    uuid::Uuid::new_v4().simple(),
                    uuid::Uuid::new_v4().simple()
                );
                tracing::info!(
                    "no --admin-key: the settings page's admin key for this demo run is {key}"
                );
                Some(Secret::new(key))
            }
            None => None,
        };
        let cors = config
            .cors_origins
            .iter()
            .map(|o| {
                checked_origin(o)
                    .and_then(|o| HeaderValue::from_str(&o).ok())
                    .ok_or_else(|| {
                        StartupError::new(
                            "cors-origin",
                            format!("{o:?} is not an origin like https://portal.acme.example"),
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        for ancestor in &config.frame_ancestors {
            // CSP allows a leading `*.` wildcard; the rest must be an origin.
            if checked_origin(ancestor.replace("://*.", "://x.").as_str()).is_none() {
                return Err(StartupError::new(
                    "frame-ancestor",
                    format!("{ancestor:?} is not an origin like https://help.acme.example"),
                ));
            }
        }
        if let Some(key) = &config.metrics_key
            && key.expose().len() < 32
        {
            return Err(StartupError::new(
                "metrics-key",
                "shorter than 32 characters (make one with `openssl rand -hex 32`)",
            ));
        }
        if let Some(secret) = &config.session_secret
            && secret.expose().len() < 32
        {
            return Err(StartupError::new(
                "session-secret",
                "shorter than 32 characters (make one with `openssl rand -hex 32`)",
            ));
        }
        let mut state = state;
        state.metrics_key = config.metrics_key.clone();
        let state = state
            .with_session_secret(config.session_secret.clone())
            .with_anonymous(config.anonymous_allowed())
            .with_admin_key(admin_key)
            .with_frame_ancestors(&config.frame_ancestors)
            .with_cors_origins(cors)
            .with_dist(config.dist.clone());
        state.follow_saves();
        Ok(state)
    }

    /// Applies other processes' settings saves as the store announces them (PostgreSQL's
    /// notifications), instead of within the lookups' settings refresh. Ends with the state.
    pub fn follow_saves(&self) {
        let Some(mut saves) = self.settings.changes() else {
            return;
        };
        let installs = Arc::downgrade(&self.installs);
        tokio::spawn(async move {
            use tokio::sync::broadcast::error::RecvError;
            loop {
                let install = match saves.recv().await {
                    Ok(install) => install,
                    // Missed some: any install may have changed.
                    Err(RecvError::Lagged(_)) => "*".to_owned(),
                    Err(RecvError::Closed) => return,
                };
                let Some(installs) = installs.upgrade() else {
                    return;
                };
                for each in installs.iter() {
                    if install == "*" || each.id == install {
                        each.lookup.settings_changed();
                    }
                }
            }
        });
    }
}

/// One store's handles, as each part of the state uses it.
struct Stores {
    settings: Arc<dyn SettingsStore>,
    audit: Arc<dyn AuditLog>,
    pins: Arc<dyn PinStore>,
    logs: Arc<dyn LogStore>,
}

impl Stores {
    /// `store`'s handles, each call held to the store's time limit (`store::limited`).
    fn of<S: SettingsStore + AuditLog + PinStore + LogStore>(store: S) -> Self {
        let store = Arc::new(Limited(store));
        Stores {
            settings: store.clone(),
            audit: store.clone(),
            pins: store.clone(),
            logs: store,
        }
    }
}

/// The connector one configuration names (with at most `--crm-max-concurrent` calls in
/// flight, and its CRM windows shared through Redis), and the demo CRM when it is one.
fn connect(
    config: &Config,
    name: &str,
    redis: &Option<Redis>,
) -> Result<(Arc<dyn Connector>, Option<DemoCrm>), StartupError> {
    // The connector's calls are counted under the connection's name.
    let (connector, demo) =
        crate::telemetry::CONNECTION.sync_scope(name.to_owned(), || crm_connector(config))?;
    let bounded = Bounded::new(
        connector,
        config.limits.crm_max_concurrent,
        config.limits.crm_queue(),
    )
    .shared(redis.clone().map(|redis| SharedWindows::new(redis, name)));
    Ok((Arc::new(bounded), demo))
}

fn crm_connector(config: &Config) -> Result<(Arc<dyn Connector>, Option<DemoCrm>), StartupError> {
    if let Some(connector) = config.crms.connect(config.crm, &config.shared()) {
        return Ok((connector?, None));
    }
    let path = config.demo_db_path();
    let demo = DemoCrm::open_or_seed(&path, config.default_region)
        .map_err(|e| StartupError::new("demo-db", format!("{}: {e}", path.display())))?;
    Ok((Arc::new(demo.clone()), Some(demo)))
}

/// `scheme://host[:port]` with nothing after it, or `None`.
pub(crate) fn checked_origin(raw: &str) -> Option<String> {
    let url = reqwest::Url::parse(raw.trim()).ok()?;
    let bare = url.path() == "/" && url.query().is_none() && url.fragment().is_none();
    let origin = url.origin().ascii_serialization();
    (bare && matches!(url.scheme(), "https" | "http") && origin != "null").then_some(origin)
}
