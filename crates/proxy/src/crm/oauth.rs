//! OAuth 2.0 access tokens for connectors, kept warm so no agent ever waits for one.
//!
//! A [`TokenSource`] fetches the first token at startup and then renews it in the background
//! once 80% of its lifetime has passed. Requests read the current token without waiting; only
//! the very first request of a process, if it beats the startup fetch, waits for it. Renewals
//! are single-flight: however many requests are in flight, one request goes to the token
//! endpoint at a time. A CRM that rejects a token (401) asks for one renewal, shared by every
//! request that saw the same rejected token. When the token endpoint is down, the still-valid
//! token keeps being served and the failure is logged, with backoff, until it expires; past
//! that, calls fail at once with the endpoint's last error (the lookup then answers from what
//! it knows) while the background task keeps retrying: no request waits on a failing
//! endpoint.
//!
//! Why: one vendor documents 9–15 s waits while an expired CRM token is regenerated on the
//! request path ("especially during the first interaction of the day").

use super::CrmError;
use crate::secret::Secret;
use async_trait::async_trait;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, Weak};
use std::time::Duration;
use tokio::time::Instant;

/// Renew once this fraction of a token's lifetime has passed (issue 3: "at most ~80%").
const RENEW_AT: f64 = 0.8;
/// Stop using a token this long before the CRM would reject it (clock skew, request time);
/// capped at a tenth of short lifetimes.
const EXPIRY_MARGIN: Duration = Duration::from_secs(60);
/// First and longest wait between retries when the token endpoint fails.
const RETRY_MIN: Duration = Duration::from_secs(1);
const RETRY_MAX: Duration = Duration::from_secs(60);

/// A token as the endpoint issued it.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// The bearer token.
    pub value: Secret,
    /// How long it is valid from now (`expires_in`, or the CRM's session length when the
    /// endpoint does not say).
    pub lifetime: Duration,
    /// The API host the token is for, when the endpoint says (Salesforce's `instance_url`).
    pub instance_url: Option<String>,
}

/// Where tokens come from: an OAuth token endpoint, or a fake in tests.
#[async_trait]
pub trait TokenEndpoint: Send + Sync + 'static {
    /// Asks for a new token.
    async fn fetch(&self) -> Result<IssuedToken, CrmError>;
}

/// A token in use.
#[derive(Debug)]
pub struct AccessToken {
    /// The bearer token.
    pub value: Secret,
    /// Counts renewals; lets a 401 say which token it rejected.
    pub generation: u64,
    /// The API host the token is for, when the endpoint said.
    pub instance_url: Option<String>,
    /// When it was issued.
    issued_at: Instant,
    /// When the background task renews it.
    renew_at: Instant,
    /// When it stops being used.
    expires_at: Instant,
}

impl AccessToken {
    fn is_usable(&self) -> bool {
        Instant::now() < self.expires_at
    }
}

/// Hands out a valid access token without making requests wait; see the module docs.
#[derive(Clone)]
pub struct TokenSource {
    inner: Arc<Inner>,
}

struct Inner {
    /// Where tokens come from.
    endpoint: Box<dyn TokenEndpoint>,
    /// The token requests use now; replaced whole on renewal (readers never wait on a fetch).
    current: RwLock<Option<Arc<AccessToken>>>,
    /// Held while a fetch is in flight, so there is only ever one.
    renewing: tokio::sync::Mutex<()>,
    /// Generation of the last token issued.
    generation: AtomicU64,
    /// Counts fetches, for the benchmark and tests.
    fetches: AtomicU64,
    /// Why the last fetch failed; cleared by the next success.
    last_error: RwLock<Option<CrmError>>,
}

/// Where a connection's token stands, for `/readyz`.
#[derive(Debug, Clone, Default)]
pub struct TokenStatus {
    /// How long ago the token in use was issued; `None`: there is none yet.
    pub age: Option<Duration>,
    /// When the background task renews it (zero: due now).
    pub renews_in: Option<Duration>,
    /// When it stops being used (zero: it has expired).
    pub expires_in: Option<Duration>,
    /// Why the last fetch failed, while renewals fail.
    pub last_error: Option<String>,
}

impl TokenSource {
    /// A source over `endpoint`, with its background renewal task started (it ends when the
    /// last clone of the source is dropped). Needs a Tokio runtime.
    pub fn start(endpoint: impl TokenEndpoint) -> Self {
        let inner = Arc::new(Inner {
            endpoint: Box::new(endpoint),
            current: RwLock::new(None),
            renewing: tokio::sync::Mutex::new(()),
            generation: AtomicU64::new(0),
            fetches: AtomicU64::new(0),
            last_error: RwLock::new(None),
        });
        tokio::spawn(keep_warm(Arc::downgrade(&inner)));
        Self { inner }
    }

    /// A usable token: the current one at once, or (only before the first fetch ended) the
    /// one being fetched. While the endpoint fails and no token is usable, the endpoint's last
    /// error, at once: the background task retries, never the caller.
    pub async fn token(&self) -> Result<Arc<AccessToken>, CrmError> {
        if let Some(token) = self.inner.usable() {
            return Ok(token);
        }
        if let Some(error) = self.inner.last_error() {
            return Err(error);
        }
        self.inner.renew(None).await
    }

    /// Where the token stands now.
    pub fn status(&self) -> TokenStatus {
        let now = Instant::now();
        let current = self
            .inner
            .current
            .read()
            .expect("token lock poisoned")
            .clone();
        TokenStatus {
            age: current.as_ref().map(|t| now - t.issued_at),
            renews_in: current
                .as_ref()
                .map(|t| t.renew_at.saturating_duration_since(now)),
            expires_in: current
                .as_ref()
                .map(|t| t.expires_at.saturating_duration_since(now)),
            last_error: self.inner.last_error().map(|e| e.to_string()),
        }
    }

    /// A new token after the CRM rejected `rejected` (HTTP 401). Concurrent callers that saw
    /// the same rejected token share one fetch.
    pub async fn renew_after_rejection(
        &self,
        rejected: &AccessToken,
    ) -> Result<Arc<AccessToken>, CrmError> {
        self.inner.renew(Some(rejected.generation)).await
    }

    /// How many times a token was fetched (startup, renewals, rejections).
    pub fn fetch_count(&self) -> u64 {
        self.inner.fetches.load(Ordering::Relaxed)
    }
}

impl Inner {
    fn last_error(&self) -> Option<CrmError> {
        self.last_error.read().expect("token lock poisoned").clone()
    }

    fn usable(&self) -> Option<Arc<AccessToken>> {
        let current = self.current.read().expect("token lock poisoned").clone();
        current.filter(|t| t.is_usable())
    }

    /// Fetches a new token unless a usable one newer than `stale` appeared while waiting for
    /// the fetch lock. `stale: None` means "any usable token will do".
    async fn renew(&self, stale: Option<u64>) -> Result<Arc<AccessToken>, CrmError> {
        let _only_fetch = self.renewing.lock().await;
        if let Some(token) = self.usable()
            && stale.is_none_or(|g| token.generation > g)
        {
            return Ok(token);
        }
        self.fetches.fetch_add(1, Ordering::Relaxed);
        let issued = match self.endpoint.fetch().await {
            Ok(issued) => issued,
            Err(e) => {
                *self.last_error.write().expect("token lock poisoned") = Some(e.clone());
                return Err(e);
            }
        };
        *self.last_error.write().expect("token lock poisoned") = None;
        let now = Instant::now();
        let margin = EXPIRY_MARGIN.min(issued.lifetime / 10);
        let token = Arc::new(AccessToken {
            value: issued.value,
            instance_url: issued.instance_url,
            generation: self.generation.fetch_add(1, Ordering::Relaxed) + 1,
            issued_at: now,
            renew_at: now + issued.lifetime.mul_f64(RENEW_AT),
            expires_at: now + issued.lifetime - margin,
        });
        *self.current.write().expect("token lock poisoned") = Some(Arc::clone(&token));
        Ok(token)
    }
}

/// The background task: fetch at start, renew at 80% of each lifetime, retry with backoff
/// while the endpoint fails (the old token stays in use until it expires).
async fn keep_warm(inner: Weak<Inner>) {
    let mut retry = RETRY_MIN;
    loop {
        let Some(strong) = inner.upgrade() else {
            return;
        };
        let (due, stale) = match strong.current.read().expect("token lock poisoned").as_ref() {
            Some(t) => (t.renew_at, Some(t.generation)),
            None => (Instant::now(), None),
        };
        drop(strong);
        tokio::time::sleep_until(due).await;

        let Some(strong) = inner.upgrade() else {
            return;
        };
        match strong.renew(stale).await {
            Ok(_) => retry = RETRY_MIN,
            Err(e) => {
                let still_valid = strong.usable().is_some();
                drop(strong);
                tracing::warn!(
                    error = %e,
                    still_serving_current_token = still_valid,
                    retry_in = ?retry,
                    "could not renew the CRM access token"
                );
                tokio::time::sleep(retry).await;
                retry = (retry * 2).min(RETRY_MAX);
            }
        }
    }
}

/// A token an admin issued once and the proxy only reads (a HubSpot private app's, an API's
/// bearer token): it does not expire; it is replaced, not renewed.
pub struct StaticToken(pub Secret);

/// How long a [`StaticToken`] is taken to last.
const STATIC_LIFETIME: Duration = Duration::from_secs(365 * 24 * 3600);

#[async_trait]
impl TokenEndpoint for StaticToken {
    async fn fetch(&self) -> Result<IssuedToken, CrmError> {
        Ok(IssuedToken {
            value: self.0.clone(),
            lifetime: STATIC_LIFETIME,
            instance_url: None,
        })
    }
}

/// The OAuth 2.0 client credentials grant (RFC 6749 §4.4) against a token endpoint, e.g.
/// Microsoft Entra's `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`.
pub struct ClientCredentials {
    /// Shared HTTP client.
    pub http: reqwest::Client,
    /// The token endpoint.
    pub url: String,
    /// The app's client id.
    pub client_id: String,
    /// The app's secret.
    pub client_secret: Secret,
    /// What the token is for (Dataverse: `https://org.crm.dynamics.com/.default`).
    pub scope: String,
}

/// Largest token endpoint answer read: a token answer is a few kilobytes.
const MAX_TOKEN_ANSWER: u64 = 64 * 1024;

/// A token endpoint's successful answer (RFC 6749 §5.1), with Salesforce's `instance_url`.
#[derive(serde::Deserialize)]
pub(crate) struct TokenAnswer {
    pub(crate) access_token: String,
    /// Seconds; Salesforce sends none.
    #[serde(default)]
    pub(crate) expires_in: Option<u64>,
    /// The org's API host (Salesforce only).
    #[serde(default)]
    pub(crate) instance_url: Option<String>,
}

/// A token endpoint's error answer (RFC 6749 §5.2).
#[derive(serde::Deserialize)]
struct TokenError {
    error: String,
    #[serde(default)]
    error_description: String,
}

/// Posts `form` to the token endpoint `url` (`who` names it in errors). A 5xx or an
/// unreachable endpoint is [`CrmError::Unavailable`] (worth retrying); any other refusal is
/// [`CrmError::Auth`] with the endpoint's `error: description`.
pub(crate) async fn request_token(
    http: &reqwest::Client,
    url: &str,
    form: &[(&str, &str)],
    who: &str,
) -> Result<TokenAnswer, CrmError> {
    let unreachable =
        |e: reqwest::Error| CrmError::Unavailable(format!("{who}: {}", e.without_url()));
    let response = http
        .post(url)
        .form(form)
        .send()
        .await
        .map_err(unreachable)?;
    let status = response.status();
    let body = super::http::read_capped(response, MAX_TOKEN_ANSWER).await?;
    if status.is_success() {
        return serde_json::from_slice(&body).map_err(|e| {
            CrmError::Auth(format!(
                "{who} answered {status} with an unreadable token: {e}"
            ))
        });
    }
    let detail = serde_json::from_slice::<TokenError>(&body)
        .map(|e| {
            format!(
                "{}: {}",
                e.error,
                e.error_description.lines().next().unwrap_or("")
            )
        })
        .unwrap_or_else(|_| String::from_utf8_lossy(&body).chars().take(200).collect());
    if status.is_server_error() {
        Err(CrmError::Unavailable(format!("{who} {status}: {detail}")))
    } else {
        Err(CrmError::Auth(format!("{who} {status}: {detail}")))
    }
}

#[async_trait]
impl TokenEndpoint for ClientCredentials {
    async fn fetch(&self) -> Result<IssuedToken, CrmError> {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
            ("scope", self.scope.as_str()),
        ];
        let token = request_token(&self.http, &self.url, &form, "token endpoint").await?;
        let expires_in = token.expires_in.ok_or_else(|| {
            CrmError::Auth("token endpoint answered a token without expires_in".into())
        })?;
        Ok(IssuedToken {
            value: Secret::new(token.access_token),
            lifetime: Duration::from_secs(expires_in),
            instance_url: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// A token endpoint that takes `delay` to answer (like the 9–15 s regeneration users
    /// suffer), issues tokens valid for `lifetime`, and can be switched off.
    struct FakeEndpoint {
        delay: Duration,
        lifetime: Duration,
        calls: Arc<AtomicU64>,
        down: Arc<Mutex<bool>>,
    }

    #[async_trait]
    impl TokenEndpoint for FakeEndpoint {
        async fn fetch(&self) -> Result<IssuedToken, CrmError> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(self.delay).await;
            if *self.down.lock().unwrap() {
                return Err(CrmError::Unavailable("token endpoint down".into()));
            }
            Ok(IssuedToken {
                value: Secret::new(format!("token-{n}")),
                lifetime: self.lifetime,
                instance_url: None,
            })
        }
    }

    fn source(
        delay: Duration,
        lifetime: Duration,
    ) -> (TokenSource, Arc<AtomicU64>, Arc<Mutex<bool>>) {
        let calls = Arc::new(AtomicU64::new(0));
        let down = Arc::new(Mutex::new(false));
        let source = TokenSource::start(FakeEndpoint {
            delay,
            lifetime,
            calls: calls.clone(),
            down: down.clone(),
        });
        (source, calls, down)
    }

    const HOUR: Duration = Duration::from_secs(3599);
    const SLOW: Duration = Duration::from_secs(12);

    #[tokio::test(start_paused = true)]
    async fn concurrent_first_requests_share_one_fetch() {
        let (source, calls, _) = source(SLOW, HOUR);
        let tokens = futures::future::join_all((0..20).map(|_| source.token())).await;
        assert!(
            tokens
                .iter()
                .all(|t| t.as_ref().unwrap().value.expose() == "token-1")
        );
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_across_expiry_costs_one_fetch_and_never_waits() {
        let (source, calls, _) = source(SLOW, HOUR);
        source.token().await.unwrap();
        // One request a second for two token lifetimes: every one is answered at once
        // (no virtual time passes inside token()), with renewals in the background.
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..(2 * 3599) {
            let before = Instant::now();
            let token = source.token().await.unwrap();
            assert_eq!(Instant::now(), before, "a request waited for a token");
            seen.insert(token.value.expose().to_owned());
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        // First token, then one renewal per lifetime (at 80%), never more.
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        assert_eq!(seen.len(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn a_rejected_token_is_renewed_once_for_all_who_saw_it() {
        let (source, calls, _) = source(Duration::from_millis(300), HOUR);
        let rejected = source.token().await.unwrap();
        let renewed =
            futures::future::join_all((0..10).map(|_| source.renew_after_rejection(&rejected)))
                .await;
        assert!(
            renewed
                .iter()
                .all(|t| t.as_ref().unwrap().generation == rejected.generation + 1)
        );
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_down_endpoint_keeps_the_valid_token_in_use() {
        let (source, calls, down) = source(Duration::from_millis(10), HOUR);
        let first = source.token().await.unwrap();
        *down.lock().unwrap() = true;
        // Past the renewal point: renewals fail, retried with backoff, the old token serves.
        tokio::time::sleep(Duration::from_secs(3000)).await;
        assert!(calls.load(Ordering::SeqCst) > 2, "renewal was retried");
        assert_eq!(source.token().await.unwrap().generation, first.generation);
        // The endpoint recovers before the token expires: the next retry renews it.
        *down.lock().unwrap() = false;
        tokio::time::sleep(RETRY_MAX + Duration::from_secs(1)).await;
        assert!(source.token().await.unwrap().generation > first.generation);
    }

    #[tokio::test(start_paused = true)]
    async fn without_any_token_the_error_reaches_the_caller() {
        let (source, _, down) = source(Duration::from_millis(10), HOUR);
        *down.lock().unwrap() = true;
        let err = source.token().await.unwrap_err();
        assert!(matches!(err, CrmError::Unavailable(_)), "{err:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn past_expiry_with_the_endpoint_down_callers_never_wait_and_never_fetch() {
        let (source, calls, down) = source(SLOW, HOUR);
        source.token().await.unwrap();
        *down.lock().unwrap() = true;
        // Past the token's end: renewals keep failing in the background.
        tokio::time::sleep(HOUR).await;
        let status = source.status();
        assert_eq!(status.expires_in, Some(Duration::ZERO));
        assert!(status.last_error.is_some());
        let fetches = calls.load(Ordering::SeqCst);
        for _ in 0..50 {
            let before = Instant::now();
            let err = source.token().await.unwrap_err();
            assert_eq!(
                Instant::now(),
                before,
                "a caller waited on the token endpoint"
            );
            assert!(matches!(err, CrmError::Unavailable(_)), "{err:?}");
        }
        assert_eq!(calls.load(Ordering::SeqCst), fetches, "a caller fetched");
        // The background keeps retrying; once the endpoint is back, callers get a token.
        *down.lock().unwrap() = false;
        tokio::time::sleep(RETRY_MAX + SLOW * 2).await;
        assert!(source.token().await.is_ok());
        assert!(source.status().last_error.is_none());
    }
}
