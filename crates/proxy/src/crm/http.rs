//! The connector core every HTTP CRM shares: one client (one connection pool), the token
//! source, one 401 → renew → retry, the 429 `Retry-After` policy, the gate that keeps calls
//! away from a throttled or failing CRM (`gate.rs`), transport errors and the answer's byte
//! cap. A connector keeps only its own dialect: how its errors read
//! ([`Dialect::error`]) and what it notes from every answer ([`Dialect::observe`]).

use super::gate::{Gate, Outcome};
use super::oauth::{AccessToken, TokenEndpoint, TokenSource};
use super::{CrmError, Health};
use reqwest::{RequestBuilder, Response, StatusCode};
use serde_json::Value as Json;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Limits every connection applies to its CRM calls.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Per-request time limit.
    pub timeout: Duration,
    /// Longest `Retry-After` honoured by waiting once before giving up with "throttled".
    pub max_retry_wait: Duration,
    /// Largest answer read, in bytes.
    pub max_response_bytes: u64,
}

/// How one CRM's answers read.
pub(crate) trait Dialect: Send + Sync {
    /// The CRM's name in messages ("Dataverse", "Salesforce").
    const NAME: &'static str;

    /// The error an unsuccessful answer (`status`, `body`) means.
    fn error(&self, status: StatusCode, body: &[u8]) -> CrmError;

    /// How long to wait before retrying a `423 Locked` answer once; `None`: a 423 is an error
    /// like any other.
    const LOCKED_RETRY: Option<Duration> = None;

    /// Notes what every answer carries (API usage headers), success or not; returns how long
    /// no call should leave when the answer says the CRM's window is used up (HubSpot's
    /// `X-HubSpot-RateLimit-Remaining: 0`).
    fn observe(&self, _response: &Response) -> Option<Duration> {
        None
    }

    /// How long a 429 without `Retry-After` asks to wait, read from its headers and body
    /// (HubSpot names its policy in the body instead).
    fn throttled_for(
        &self,
        _headers: &reqwest::header::HeaderMap,
        _body: &[u8],
    ) -> Option<Duration> {
        None
    }
}

/// Most bytes of a 429's body read for the throttle's policy (it is a short JSON object).
const THROTTLE_BODY_BYTES: u64 = 16 * 1024;

/// One HTTP connection to a CRM.
pub(crate) struct Transport {
    /// One client, one connection pool, for the token endpoint and the API.
    pub(crate) http: reqwest::Client,
    /// Warm access tokens.
    tokens: TokenSource,
    /// See [`Limits`].
    limits: Limits,
    /// API requests sent (not token requests), for the benchmark and tests.
    requests: AtomicU64,
    /// The CRM's throttle and the circuit breaker.
    gate: Gate,
    /// Whether calls carry the token as `Authorization: Bearer` (else the connector
    /// authenticates each call itself, or the CRM needs nothing).
    bearer: bool,
    /// The connection's name, for the metrics of its calls.
    connection: String,
}

impl Transport {
    /// The client for `limits`; the token source is started from it by [`Transport::start`].
    pub(crate) fn client(limits: &Limits) -> Result<reqwest::Client, CrmError> {
        reqwest::Client::builder()
            .timeout(limits.timeout)
            // A redirect could take a call, and a credential in a header or the query, to
            // another host: no CRM API here answers with one, so none is followed.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Sidecard/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CrmError::Unavailable(format!("HTTP client: {e}")))
    }

    /// A transport over `http` that starts fetching its first token in the background.
    pub(crate) fn start(http: reqwest::Client, limits: Limits, tokens: impl TokenEndpoint) -> Self {
        Transport {
            http,
            tokens: TokenSource::start(tokens),
            limits,
            requests: AtomicU64::new(0),
            gate: Gate::default(),
            bearer: true,
            connection: crate::telemetry::connection(),
        }
    }

    /// A transport whose calls carry no bearer token: the connector authenticates each
    /// request itself (HTTP Basic, an API key) or the CRM needs none.
    pub(crate) fn without_bearer(http: reqwest::Client, limits: Limits) -> Self {
        Transport {
            bearer: false,
            ..Self::start(
                http,
                limits,
                super::oauth::StaticToken(crate::secret::Secret::new("")),
            )
        }
    }

    /// Counts and times one call, and logs it in the request's span (its id names the
    /// widget's call that caused it).
    fn count(&self, sent: &reqwest::Result<Response>, started: std::time::Instant) {
        let status = match sent {
            Ok(response) => response.status().as_u16().to_string(),
            Err(e) if e.is_timeout() => "timeout".to_owned(),
            Err(_) => "unreachable".to_owned(),
        };
        let elapsed = started.elapsed();
        tracing::debug!(connection = %self.connection, %status, ms = elapsed.as_millis() as u64, "CRM call");
        metrics::histogram!(
            "sidecard_crm_request_duration_seconds",
            "connection" => self.connection.clone(),
            "status" => status.clone()
        )
        .record(elapsed.as_secs_f64());
        metrics::counter!(
            "sidecard_crm_requests_total",
            "connection" => self.connection.clone(),
            "status" => status
        )
        .increment(1);
    }

    /// API requests sent so far.
    pub(crate) fn request_count(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Token requests sent so far.
    pub(crate) fn token_request_count(&self) -> u64 {
        self.tokens.fetch_count()
    }

    /// Sends the request `build` makes (called again for a retry) with a bearer token, if
    /// the [`Gate`] lets it (no call leaves during the CRM's throttle or while the circuit is
    /// open). A 401 renews the token once and retries; a 429 waits its `Retry-After` once if
    /// that is no longer than the limit, else fails as throttled; 502/503/504 are the CRM
    /// being unavailable; any other failure is `dialect`'s error. A throttle the dialect reads
    /// from the body (Salesforce's `REQUEST_LIMIT_EXCEEDED`) closes the gate as a 429 does.
    pub(crate) async fn send<D: Dialect>(
        &self,
        dialect: &D,
        build: impl Fn(&reqwest::Client, &AccessToken) -> RequestBuilder,
    ) -> Result<Response, CrmError> {
        let mut token = self.tokens.token().await?;
        let mut renewed = false;
        let mut waited = false;
        let mut unlocked = false;
        loop {
            let ticket = self.gate.admit()?;
            self.requests.fetch_add(1, Ordering::Relaxed);
            let request = build(&self.http, &token);
            let request = if self.bearer {
                request.bearer_auth(token.value.expose())
            } else {
                request
            };
            let started = std::time::Instant::now();
            let sent = request.send().await;
            self.count(&sent, started);
            let response = match sent {
                Ok(response) => response,
                Err(e) => {
                    self.gate.record(ticket, Outcome::Failed);
                    return Err(self.transport_error::<D>(e));
                }
            };
            let pause = dialect.observe(&response);
            let status = response.status();
            if status.is_success() {
                let outcome = match pause {
                    // The window is used up: the next call would be refused, so none leaves.
                    Some(wait) => Outcome::Throttled(Some(wait)),
                    None => Outcome::Answered,
                };
                self.gate.record(ticket, outcome);
                return Ok(response);
            }
            if status == StatusCode::TOO_MANY_REQUESTS {
                let wait = match retry_after(&response) {
                    Some(wait) => Some(wait),
                    None => {
                        let headers = response.headers().clone();
                        let body = read_capped(response, THROTTLE_BODY_BYTES)
                            .await
                            .unwrap_or_default();
                        dialect.throttled_for(&headers, &body)
                    }
                };
                self.gate.record(ticket, Outcome::Throttled(wait));
                match wait {
                    Some(wait) if !waited && wait <= self.limits.max_retry_wait => {
                        tokio::time::sleep(wait).await;
                        waited = true;
                        continue;
                    }
                    wait => return Err(CrmError::Throttled { retry_after: wait }),
                }
            }
            let down = matches!(
                status,
                StatusCode::BAD_GATEWAY
                    | StatusCode::SERVICE_UNAVAILABLE
                    | StatusCode::GATEWAY_TIMEOUT
            );
            if status == StatusCode::LOCKED
                && !unlocked
                && let Some(wait) = D::LOCKED_RETRY
            {
                self.gate.record(ticket, Outcome::Answered);
                tokio::time::sleep(wait).await;
                unlocked = true;
                continue;
            }
            if status == StatusCode::UNAUTHORIZED && !renewed {
                self.gate.record(ticket, Outcome::Answered);
                token = self.tokens.renew_after_rejection(&token).await?;
                renewed = true;
                continue;
            }
            let headers = response.headers().clone();
            let body = read_capped(response, self.limits.max_response_bytes)
                .await
                .unwrap_or_default();
            let error = dialect.error(status, &body);
            if down {
                // A 503 with `Retry-After` is the CRM asking for a pause, as a 429 does.
                let outcome = match retry_after_header(&headers) {
                    Some(wait) if status == StatusCode::SERVICE_UNAVAILABLE => {
                        Outcome::Throttled(Some(wait))
                    }
                    _ => Outcome::Failed,
                };
                self.gate.record(ticket, outcome);
                return Err(CrmError::Unavailable(error.to_string()));
            }
            match error {
                CrmError::Throttled { retry_after } => {
                    self.gate.record(ticket, Outcome::Throttled(retry_after))
                }
                _ => self.gate.record(ticket, Outcome::Answered),
            }
            return Err(error);
        }
    }

    /// Where this connection stands: its gate, and its token.
    pub(crate) fn health(&self) -> Health {
        Health {
            gate: self.gate.status(),
            token: Some(self.tokens.status()),
            api_usage: None,
        }
    }

    /// A successful answer's JSON, read with the byte cap.
    pub(crate) async fn json<D: Dialect>(&self, response: Response) -> Result<Json, CrmError> {
        let bytes = self.bytes(response).await?;
        serde_json::from_slice(&bytes)
            .map_err(|e| CrmError::Upstream(format!("{} answered unreadable JSON: {e}", D::NAME)))
    }

    /// A successful answer's bytes, read with the byte cap.
    pub(crate) async fn bytes(&self, response: Response) -> Result<Vec<u8>, CrmError> {
        read_capped(response, self.limits.max_response_bytes).await
    }

    fn transport_error<D: Dialect>(&self, e: reqwest::Error) -> CrmError {
        if e.is_timeout() {
            CrmError::Timeout(self.limits.timeout)
        } else {
            CrmError::Unavailable(format!("{}: {}", D::NAME, e.without_url()))
        }
    }
}

/// An answer's body, refused as soon as it is known to exceed `cap` bytes (by
/// `Content-Length`, or while it streams in), so an answer of any size costs at most `cap`.
pub(crate) async fn read_capped(mut response: Response, cap: u64) -> Result<Vec<u8>, CrmError> {
    if response.content_length().is_some_and(|n| n > cap) {
        return Err(CrmError::TooLarge(cap));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| {
        CrmError::Unavailable(format!("reading the CRM's answer: {}", e.without_url()))
    })? {
        if body.len() as u64 + chunk.len() as u64 > cap {
            return Err(CrmError::TooLarge(cap));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// `Retry-After` in seconds (every CRM here sends seconds, not dates).
fn retry_after(response: &Response) -> Option<Duration> {
    retry_after_header(response.headers())
}

fn retry_after_header(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}
