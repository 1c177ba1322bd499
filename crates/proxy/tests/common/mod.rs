//! What several in-process test files share.

// Each test file uses part of it.
#![allow(dead_code)]

use sidecard_model::email::normalize_email;
use sidecard_model::phone::{Region, normalize_phone};
use sidecard_model::{Customer, Entity, FieldInfo, MatchReason, Record};
use sidecard_proxy::crm::{Connector, CrmError, LookupKeys, NewPerson, Plan};
use sidecard_proxy::lookup::LookupOptions;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Lookup keys as the proxy normalizes them (numbers without a country code read as US).
pub fn keys(emails: &[&str], phones: &[&str]) -> LookupKeys {
    LookupKeys {
        emails: emails.iter().map(|e| normalize_email(e).unwrap()).collect(),
        phones: phones
            .iter()
            .map(|p| normalize_phone(p, Region::default()).unwrap())
            .collect(),
    }
}

/// Lookup options for in-process tests: the default region, an 8 s wait for the CRM, a 64 MB
/// cache whose answers live `cache_ttl` (`None`: no cache).
pub fn options(cache_ttl: Option<Duration>) -> LookupOptions {
    LookupOptions {
        region: Region::default(),
        timeout: Duration::from_secs(8),
        cache_ttl,
        stale_grace: Duration::from_secs(86_400),
        cache_bytes: 64 << 20,
        redis: None,
    }
}

/// One CRM per install: it answers one customer named after the CRM and counts its calls.
pub struct Crm {
    name: &'static str,
    calls: AtomicUsize,
}

impl Crm {
    /// A CRM whose one customer is "Customer of <name>".
    pub fn new(name: &'static str) -> Arc<Self> {
        Arc::new(Crm {
            name,
            calls: AtomicUsize::new(0),
        })
    }
    /// Lookups it answered.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

#[async_trait::async_trait]
impl Connector for Crm {
    fn name(&self) -> &'static str {
        "fake"
    }
    async fn find_customers(
        &self,
        keys: &LookupKeys,
        _plan: &Plan,
    ) -> Result<Vec<Customer>, CrmError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Ok(vec![Customer {
            person: Record {
                entity: Entity::Contact,
                id: "1".into(),
                title: format!("Customer of {}", self.name),
                link: None,
                fields: vec![],
            },
            matched_on: vec![MatchReason::Email {
                field: "Email".into(),
                value: keys.emails.first().cloned().unwrap_or_default(),
            }],
            account: None,
            open_deals: vec![],
            more_deals: 0,
            recent: Vec::new(),
        }])
    }
    async fn fields(&self, _entity: Entity) -> Result<Vec<FieldInfo>, CrmError> {
        Ok(vec![])
    }
    fn default_fields(&self, _entity: Entity) -> Vec<String> {
        vec![]
    }
}

/// `method uri` with a JSON `body` (none: an empty body) through `app`: the status and the
/// answer's JSON (`null` when it has none).
pub async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    body: Option<serde_json::Value>,
) -> (axum::http::StatusCode, serde_json::Value) {
    call_as(app, method, uri, body, None).await
}

/// [`call`] with `Authorization: Bearer <key>` when a key is given.
pub async fn call_as(
    app: &axum::Router,
    method: &str,
    uri: &str,
    body: Option<serde_json::Value>,
    key: Option<&str>,
) -> (axum::http::StatusCode, serde_json::Value) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut request = axum::http::Request::builder()
        .method(method)
        .uri(uri)
        .header("Content-Type", "application/json");
    if let Some(key) = key {
        request = request.header("Authorization", format!("Bearer {key}"));
    }
    let body = body.map_or_else(axum::body::Body::empty, |b| {
        axum::body::Body::from(b.to_string())
    });
    let response = app
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

/// A contact or lead to create, with only a name and an email.
pub fn new_person(entity: Entity, first: &str, last: &str, email: &str) -> NewPerson {
    NewPerson {
        entity,
        first_name: Some(first.into()),
        last_name: last.into(),
        email: Some(email.into()),
        phone: None,
        company: None,
        values: Vec::new(),
        allow_duplicates: false,
    }
}

/// The proxy as `sidecard-proxy <flags>` would start it on the demo CRM, its data in a new
/// temporary directory (kept while the returned one lives), without a built widget.
pub async fn demo_proxy(flags: &[&str]) -> (tempfile::TempDir, axum::Router) {
    let dir = tempfile::tempdir().unwrap();
    let config = sidecard_proxy::Config::load_from(
        ["sidecard-proxy", "--dist", "/nonexistent", "--data-dir"]
            .into_iter()
            .chain([dir.path().to_str().unwrap()])
            .chain(flags.iter().copied()),
    )
    .unwrap();
    let state = sidecard_proxy::AppState::from_config(&config)
        .await
        .unwrap();
    (dir, sidecard_proxy::app(state))
}
