//! The lookup service: validate and normalize the host's keys, then answer from the cache or
//! the connector (with a time limit), best match first.

use crate::auth::Agent;
use crate::cache::{self, LookupCache};
use crate::crm::gate::Status;
use crate::crm::{Connector, CrmError, LookupKeys, Plan, default_settings};
use crate::error::ApiError;
use crate::shared::answers::SharedAnswers;
use crate::store::{self, SettingsStore};
use crate::telemetry;
use sidecard_model::email::normalize_email;
use sidecard_model::phone::{Region, normalize_phone};
use sidecard_model::settings::dial_url;
use sidecard_model::{
    Customer, CustomerView, Entity, LookupRequest, Searched, SearchedPhone, Settings, Stale,
    StaleReason, rank,
};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;
// Tokio's clock, so tests can move time past a settings refresh.
use tokio::time::Instant;

/// How long the settings in memory are trusted before the store is read again: a save through
/// this process applies at once, one through another process sharing the store when the store
/// announces it (PostgreSQL) or within this (SQLite).
const SETTINGS_REFRESH: Duration = Duration::from_secs(30);

/// How lookups behave.
#[derive(Clone)]
pub struct LookupOptions {
    /// Region for numbers without a country code.
    pub region: Region,
    /// Longest wait for the CRM.
    pub timeout: Duration,
    /// How long answers are reused; `None`: never.
    pub cache_ttl: Option<Duration>,
    /// How much longer answers are kept, to show (marked stale, with their age) when the CRM
    /// cannot answer.
    pub stale_grace: Duration,
    /// Most bytes of answers the install's cache keeps.
    pub cache_bytes: u64,
    /// Redis shared with the other proxy processes (`--redis-url`): their answers, and one
    /// CRM request for a customer they all look up at once.
    pub redis: Option<crate::shared::Redis>,
}

/// Finds customers for the widget, for one install.
pub struct LookupService {
    /// The install whose settings document shapes the answers.
    install: String,
    /// The CRM.
    connector: Arc<dyn Connector>,
    /// Answers already fetched.
    cache: LookupCache,
    /// Normalization and time limits.
    options: LookupOptions,
    /// Where the admin's settings are saved.
    store: Arc<dyn SettingsStore>,
    /// The settings in force (the saved document, or the connector's defaults before the
    /// first save) and the fetch plan made from them; `None` until first read.
    active: RwLock<Option<Active>>,
    /// Another process saved this install's settings: read them again on the next lookup.
    changed: AtomicBool,
}

/// Settings in force.
#[derive(Clone)]
struct Active {
    settings: Arc<Settings>,
    plan: Arc<Plan>,
    loaded: Instant,
}

impl LookupService {
    /// A service for `install` over `connector`, shaped by the install's settings in `store`.
    pub fn new(
        install: &str,
        connector: Arc<dyn Connector>,
        store: Arc<dyn SettingsStore>,
        options: LookupOptions,
    ) -> Self {
        Self {
            install: install.to_owned(),
            connector,
            cache: LookupCache::new(options.cache_ttl, options.stale_grace, options.cache_bytes)
                .shared(options.redis.clone().map(|redis| {
                    SharedAnswers::new(
                        redis,
                        install,
                        options.cache_ttl.unwrap_or_default() + options.stale_grace,
                        // A CRM request holds its key at most as long as a lookup waits.
                        options.timeout + Duration::from_secs(1),
                    )
                })),
            options,
            store,
            active: RwLock::new(None),
            changed: AtomicBool::new(false),
        }
    }

    /// Puts a just-saved document in force at once (answers cached under the old settings
    /// are not reused: the cache is keyed by the settings version).
    pub fn use_settings(&self, settings: Settings) {
        let active = self.activate(settings);
        self.keep(&active);
    }

    fn activate(&self, settings: Settings) -> Active {
        Active {
            plan: Arc::new(Plan::new(&settings, self.options.region)),
            settings: Arc::new(settings),
            loaded: Instant::now(),
        }
    }

    async fn active(&self) -> Result<Active, ApiError> {
        let current = self
            .active
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if let Some(active) = &current
            && active.loaded.elapsed() < SETTINGS_REFRESH
            && !self.changed.load(Ordering::Acquire)
        {
            return Ok(active.clone());
        }
        // Cleared before the read: a save announced during it is read again next time.
        self.changed.store(false, Ordering::Release);
        // Within the store's read limit: a hung database must not hold the lookup.
        let loaded = match store::within_limit(self.store.load(&self.install)).await {
            Ok(saved) => saved.unwrap_or_else(|| default_settings(self.connector.as_ref())),
            // Lookups go on with the settings they had rather than fail with the store.
            Err(e) => {
                metrics::counter!("sidecard_store_read_failures_total", "read" => "settings")
                    .increment(1);
                let Some(mut active) = current else {
                    return Err(e.into());
                };
                tracing::warn!(error = %e, "cannot re-read settings; keeping those in force");
                // Asked again at the next refresh, or at the next announced save.
                active.loaded = Instant::now();
                self.keep(&active);
                return Ok(active);
            }
        };
        let active = self.activate(loaded);
        Ok(self.keep(&active))
    }

    /// Puts `read` in force unless a newer version already is (two reads may cross: the
    /// one that finishes last must not bring back older settings); the settings in force.
    fn keep(&self, read: &Active) -> Active {
        let mut active = self.active.write().unwrap_or_else(|e| e.into_inner());
        match active.as_ref() {
            Some(newer) if newer.settings.version > read.settings.version => newer.clone(),
            _ => {
                *active = Some(read.clone());
                read.clone()
            }
        }
    }

    /// Another process saved this install's settings: the next lookup reads them.
    pub fn settings_changed(&self) {
        self.changed.store(true, Ordering::Release);
    }

    /// The connector's name, for health and logs.
    pub fn connector_name(&self) -> &'static str {
        self.connector.name()
    }

    /// The install this service answers for.
    pub fn install(&self) -> &str {
        &self.install
    }

    /// The CRM itself, for what is not a lookup (field lists, defaults for the settings page).
    pub fn connector(&self) -> &dyn Connector {
        self.connector.as_ref()
    }

    /// The CRM as `agent` reads and writes it, and whose rights those are (`""`: the
    /// connection's own). A Dynamics panel user acts as themselves (the connection
    /// impersonates them); everyone else acts through the connection.
    pub(crate) fn connector_for<'a>(&self, agent: &'a Agent) -> (Arc<dyn Connector>, &'a str) {
        match agent {
            Agent::Panel(user) => match self
                .connector
                .clone()
                .panel_sign_in()
                .and_then(|panel| panel.as_user(user))
            {
                Some(connector) => (connector, user.user_id.as_str()),
                None => (self.connector.clone(), ""),
            },
            Agent::Anonymous | Agent::HelpDesk => (self.connector.clone(), ""),
        }
    }

    /// The longest wait for the CRM on one call.
    pub(crate) fn timeout(&self) -> Duration {
        self.options.timeout
    }

    /// The settings in force and the fetch plan made from them.
    pub(crate) async fn in_force(&self) -> Result<(Arc<Settings>, Arc<Plan>), ApiError> {
        let Active { settings, plan, .. } = self.active().await?;
        Ok((settings, plan))
    }

    /// Drops every kept answer: the CRM changed (someone was created), and a "no match" kept
    /// from a minute ago must not hide the new person.
    pub(crate) async fn forget_answers(&self) {
        self.cache.forget_all().await;
    }

    /// The match `entity` `id` of the customer `request` names, as `agent` reads the CRM (a
    /// kept answer serves), with what was searched: an agent writes only about someone their
    /// customer's lookup matches.
    pub async fn matched(
        &self,
        request: &LookupRequest,
        agent: &Agent,
        entity: Entity,
        id: &str,
    ) -> Result<(Searched, Customer), ApiError> {
        let view = self.lookup(request, agent).await?;
        let found = view
            .customers
            .into_iter()
            .find(|c| c.person.entity == entity && c.person.id == id.trim());
        match found {
            Some(customer) => Ok((view.searched, customer)),
            None => Err(ApiError::BadParameter(
                "That person is not among this customer's matches: look the customer up again."
                    .into(),
            )),
        }
    }

    /// Looks the customer up for `agent` and shapes each match the way the admin set the
    /// cards. A Dynamics panel user's lookup reads the CRM as that user (the connection
    /// impersonates them), and is cached for them alone.
    pub async fn lookup(
        &self,
        request: &LookupRequest,
        agent: &Agent,
    ) -> Result<CustomerView, ApiError> {
        let Active { settings, plan, .. } = self.active().await?;
        let (mut searched, keys) = self.normalize(request, plan.region)?;
        for phone in &mut searched.phones {
            phone.dial = Some(dial_url(&settings.dial_url_template, &phone.e164));
        }
        let (connector, reader) = self.connector_for(agent);
        let timeout = self.options.timeout;
        let fetch = {
            let (settings, plan, keys) = (settings.clone(), plan.clone(), keys.clone());
            async move {
                let found = connector.find_customers(&keys, &plan);
                let mut customers = tokio::time::timeout(timeout, found)
                    .await
                    .map_err(|_| CrmError::Timeout(timeout))??;
                // Ranked on everything fetched (all open deals count), then cut to the cards.
                rank(&mut customers);
                Ok(customers.iter().map(|c| settings.present(c)).collect())
            }
        };
        // Known trouble: the last known answer says so at once, without waiting on a refresh.
        let down = match self.connector.health().gate {
            Status::Throttled(_) => Some(StaleReason::CrmThrottled),
            failing if failing.is_down() => Some(StaleReason::CrmUnavailable),
            _ => None,
        };
        let key = cache::key(settings.version, reader, &keys);
        let answer = match self.cache.answer(key, fetch, down, request.refresh).await {
            Ok(answer) => answer,
            Err(error) => {
                let error = ApiError::from(error);
                let code = serde_json::to_value(error.body().code).unwrap_or_default();
                telemetry::lookup(code.as_str().unwrap_or("error"));
                return Err(error);
            }
        };
        telemetry::lookup(match (&answer.stale, answer.cached) {
            (Some(_), _) => "stale",
            (None, true) => "cached",
            (None, false) => "fresh",
        });
        Ok(CustomerView {
            searched,
            customers: answer.customers.to_vec(),
            hidden: settings.hidden(),
            as_of: Some(rfc3339(answer.as_of)),
            stale: answer.stale.map(|reason| Stale { reason }),
            pinned: None,
        })
    }

    /// Validates every key (the first bad one is the error) and drops duplicates; numbers
    /// without a country code are read in `region`.
    pub fn normalize(
        &self,
        request: &LookupRequest,
        region: Region,
    ) -> Result<(Searched, LookupKeys), ApiError> {
        if request.is_empty() {
            return Err(ApiError::NoLookupKey);
        }
        for (param, max, given) in [
            ("email", LookupRequest::MAX_EMAILS, request.emails.len()),
            ("phone", LookupRequest::MAX_PHONES, request.phones.len()),
        ] {
            if given > max {
                return Err(ApiError::TooManyKeys { param, max, given });
            }
        }
        let mut keys = LookupKeys {
            emails: Vec::new(),
            phones: Vec::new(),
        };
        let mut searched = Searched::default();
        for raw in &request.emails {
            let email = normalize_email(raw)?;
            if !keys.emails.contains(&email) {
                keys.emails.push(email.clone());
                searched.emails.push(email);
            }
        }
        for raw in &request.phones {
            let phone = normalize_phone(raw, region)?;
            if !keys.phones.iter().any(|p| p.e164 == phone.e164) {
                searched.phones.push(SearchedPhone {
                    input: raw.trim().to_owned(),
                    e164: phone.e164.clone(),
                    formats: phone.formats.clone(),
                    dial: None,
                });
                keys.phones.push(phone);
            }
        }
        Ok((searched, keys))
    }
}

/// `2026-12-01T10:42:07Z` (whole seconds: what an agent reads).
pub fn rfc3339(time: std::time::SystemTime) -> String {
    let time = time::OffsetDateTime::from(time);
    time.replace_nanosecond(0)
        .unwrap_or(time)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
