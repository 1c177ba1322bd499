//! The lookup service: validate and normalize the host's keys, then answer from the cache or
//! the connector (with a time limit), best match first.

use crate::cache::LookupCache;
use crate::crm::{Connector, CrmError, LookupKeys};
use crate::error::ApiError;
use sidecard_model::email::normalize_email;
use sidecard_model::phone::{Region, normalize_phone};
use sidecard_model::{CustomerView, LookupRequest, Searched, SearchedPhone, rank};
use std::sync::Arc;
use std::time::Duration;

/// Most email addresses one lookup takes: hosts give a primary plus a few secondary identities.
pub const MAX_EMAILS: usize = 10;
/// Most phone numbers one lookup takes.
pub const MAX_PHONES: usize = 5;

/// How lookups behave.
#[derive(Debug, Clone, Copy)]
pub struct LookupOptions {
    /// Region for numbers without a country code.
    pub region: Region,
    /// Longest wait for the CRM.
    pub timeout: Duration,
    /// How long answers are reused; `None`: never.
    pub cache_ttl: Option<Duration>,
}

/// Finds customers for the widget.
pub struct LookupService {
    /// The CRM.
    connector: Arc<dyn Connector>,
    /// Answers already fetched.
    cache: LookupCache,
    /// Normalization and time limits.
    options: LookupOptions,
}

impl LookupService {
    /// A service over `connector`.
    pub fn new(connector: Arc<dyn Connector>, options: LookupOptions) -> Self {
        Self {
            connector,
            cache: LookupCache::new(options.cache_ttl),
            options,
        }
    }

    /// The connector's name, for health and logs.
    pub fn connector_name(&self) -> &'static str {
        self.connector.name()
    }

    /// The CRM itself, for what is not a lookup (field lists, defaults for the settings page).
    pub fn connector(&self) -> &dyn Connector {
        self.connector.as_ref()
    }

    /// Looks the customer up.
    pub async fn lookup(&self, request: &LookupRequest) -> Result<CustomerView, ApiError> {
        let (searched, keys) = self.normalize(request)?;
        let timeout = self.options.timeout;
        let fetch = async {
            let mut customers = tokio::time::timeout(timeout, self.connector.find_customers(&keys))
                .await
                .map_err(|_| CrmError::Timeout(timeout))??;
            rank(&mut customers);
            Ok(customers)
        };
        let customers = self.cache.get_or_fetch(&keys, fetch).await?;
        Ok(CustomerView {
            searched,
            customers: customers.to_vec(),
        })
    }

    /// Validates every key (the first bad one is the error) and drops duplicates.
    pub fn normalize(&self, request: &LookupRequest) -> Result<(Searched, LookupKeys), ApiError> {
        if request.is_empty() {
            return Err(ApiError::NoLookupKey);
        }
        for (param, max, given) in [
            ("email", MAX_EMAILS, request.emails.len()),
            ("phone", MAX_PHONES, request.phones.len()),
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
            let phone = normalize_phone(raw, self.options.region)?;
            if !keys.phones.iter().any(|p| p.e164 == phone.e164) {
                searched.phones.push(SearchedPhone {
                    input: raw.trim().to_owned(),
                    e164: phone.e164.clone(),
                    formats: phone.formats.clone(),
                });
                keys.phones.push(phone);
            }
        }
        Ok((searched, keys))
    }
}
