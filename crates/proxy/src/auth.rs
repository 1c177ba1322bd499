//! Who is calling: every API call is authenticated as one install before it reads anything.
//!
//! Agents' calls ([`Caller`]) carry `Authorization: Bearer <token>`, which is:
//! - a JWT: a Zendesk install's, found by its `iss` and verified with that install's secret
//!   (HS256 only, signature, `exp`, `iat`, `nbf`, `iss`, `aud`, a lifetime of at most ten
//!   minutes), so a token signed with install A's secret that claims to be install B fails B's
//!   signature check; or a Dynamics panel's session, found by its org and verified with the
//!   proxy's session key (`session.rs`), which names the agent the org confirmed;
//! - anything else: a Freshdesk install's API key, hashed and compared in constant time with
//!   every key hash (no early exit).
//!
//! No `Authorization` header is the standalone install when anonymous calls are allowed.
//! Admin credentials are never an agent's: an admin key on a lookup is refused like any
//! unknown key.
//!
//! Admins ([`Admin`]) carry the operator's key (`--admin-key`, acting on `?install=<id>`) or
//! an install's own admin key (its SHA-256 in the installs file; that install only). Refused
//! admin attempts are written to the audit log.
//!
//! Every refusal of an agent's credential is the same 401 body; the reason goes to the log.

use crate::error::ApiError;
use crate::install::{Credential, Install};
use crate::session::{PanelUser, SessionKey};
use crate::state::AppState;
use crate::store::AuditEvent;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use std::sync::Arc;
use subtle::ConstantTimeEq;

/// Seconds of clock difference tolerated between Zendesk's signer and this proxy.
const LEEWAY_SECS: u64 = 60;
/// Longest lifetime (`exp - iat`) accepted of a Zendesk token: a token that leaks from a log
/// or a proxy is useless soon after. The widget asks Zendesk for five minutes.
pub const MAX_JWT_LIFETIME_SECS: u64 = 600;

/// Why a call's credential was refused (each a 401 with this message).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AuthError {
    /// No `Authorization` header, and anonymous calls are off.
    #[error(
        "This call carries no Sidecard credential. Open Sidecard from its Zendesk or Freshdesk \
         app or its Dynamics 365 channel; an admin can check the app's settings."
    )]
    Missing,
    /// Not `Bearer <token>`.
    #[error("The Authorization header must be `Bearer <credential>`.")]
    NotBearer,
    /// A JWT whose `iss` is no Zendesk install's domain.
    #[error(
        "The Zendesk token names an account ({0}) this Sidecard proxy has no install for. Ask \
         your Sidecard admin to add it to the installs file."
    )]
    UnknownIssuer(String),
    /// A JWT that fails verification (signature, algorithm, audience, malformed).
    #[error(
        "The Zendesk token is not valid for this install ({0}). Ask your Zendesk admin to check \
         that the app's shared secret matches the one in Sidecard's installs file."
    )]
    InvalidToken(String),
    /// A JWT without `iat`, valid for longer than [`MAX_JWT_LIFETIME_SECS`], or issued in
    /// the future.
    #[error("The Zendesk token's lifetime is not acceptable ({0}).")]
    Lifetime(String),
    /// A JWT before its `nbf`.
    #[error("The Zendesk token is not valid yet; check the clocks.")]
    NotYetValid,
    /// A JWT past its `exp`.
    #[error(
        "The Zendesk token has expired. Reload the ticket; if it keeps happening, check the clocks."
    )]
    Expired,
    /// A key that is no install's.
    #[error(
        "The API key is not one this Sidecard proxy knows. Ask your Freshdesk admin to check the \
         key in the app's installation settings."
    )]
    UnknownKey,
    /// A Dynamics 365 org no install names.
    #[error(
        "This Sidecard proxy has no install for the Dynamics 365 org {0}. Ask your Sidecard admin \
         to add it to the installs file."
    )]
    UnknownOrg(String),
    /// A sign-in challenge this proxy did not sign (or for another purpose).
    #[error("The sign-in challenge is not one this Sidecard proxy issued. Reload the panel.")]
    InvalidChallenge,
    /// A sign-in challenge that already served a sign-in.
    #[error("The sign-in challenge was already used. Reload the panel.")]
    ChallengeUsed,
    /// A sign-in challenge past its time.
    #[error("The sign-in took too long and its challenge expired. Reload the panel.")]
    ChallengeExpired,
    /// The org did not vouch for the panel's user: no such note, or not the nonce.
    #[error(
        "Dynamics 365 did not confirm who is signed in ({0}). Reload the panel; if it keeps \
         happening, check that agents may create notes in Dynamics 365."
    )]
    SignInNotConfirmed(&'static str),
    /// A panel session this proxy did not sign for this org.
    #[error("The Dynamics 365 panel's session is not valid here. Reload the panel.")]
    InvalidSession,
    /// A panel session past its time (the panel signs in again by itself).
    #[error("The Dynamics 365 panel's session has expired. Reload the panel.")]
    SessionExpired,
}

/// An authenticated agent's call.
#[derive(Clone)]
pub struct Caller {
    /// The install the call reads and writes.
    pub install: Arc<Install>,
    /// Who is calling, as far as the credential says.
    pub agent: Agent,
}

/// Who an agent's credential says is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Agent {
    /// No credential: the standalone page, where anonymous calls are allowed.
    Anonymous,
    /// A help desk install's credential (the help desk knows the agent; the proxy does not).
    HelpDesk,
    /// A Dynamics panel user the org confirmed: their reads impersonate them.
    Panel(PanelUser),
}

/// The claims Sidecard reads; verification checks `exp`, `iss` and `aud` itself.
#[derive(Debug, Deserialize)]
struct Claims {
    #[serde(default)]
    iss: Option<String>,
}

/// The lifetime claims of a Zendesk token, checked after its signature.
#[derive(Debug, Deserialize)]
struct Lifetime {
    exp: u64,
    #[serde(default)]
    iat: Option<u64>,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let caller = match bearer(parts)? {
            None if state.installs.anonymous => Caller {
                install: state.installs.standalone_install().clone(),
                agent: Agent::Anonymous,
            },
            None => return Err(AuthError::Missing.into()),
            Some(token) => {
                let (install, agent) = authenticate(state.installs.iter(), &state.sessions, token)?;
                Caller { install, agent }
            }
        };
        state.guards.install(&caller.install.id).await?;
        Ok(caller)
    }
}

/// An admin's call: the install it acts on and who the admin is.
#[derive(Clone)]
pub struct Admin {
    /// The install whose settings (and audit log) the call reads or changes.
    pub install: Arc<Install>,
    /// `operator` (the proxy's own key) or `install-admin` (the install's key).
    pub actor: &'static str,
    /// Where the call came from, for the audit log.
    pub address: Option<IpAddr>,
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(parts).ok().flatten().unwrap_or_default();
        if let Some(admin) = admin(state, parts, token)? {
            return Ok(admin);
        }
        let install = install_param(parts.uri.query());
        let why = if token.is_empty() {
            "no admin key"
        } else {
            "a key that is no admin key"
        };
        tracing::warn!(install = %install, reason = why, "admin call refused");
        record(
            state,
            AuditEvent {
                install,
                actor: "unknown".into(),
                action: "admin.refused".into(),
                detail: why.into(),
                address: client_address(parts).map(|a| a.to_string()),
            },
        )
        .await;
        Err(
            if state.admin_key.is_none() && !state.installs.any_admin() {
                ApiError::Forbidden(
                    "Settings are read-only: no admin key is configured on the Sidecard proxy \
                 (--admin-key, or admin_key_sha256 in an install's entry).",
                )
            } else {
                ApiError::Forbidden(
                    "Only an admin can change settings or read the audit log: send an admin key as \
                 `Authorization: Bearer …`.",
                )
            },
        )
    }
}

/// An admin's or an agent's read (the settings page reads with the admin key; the widget
/// reads its own install's settings with its credential).
pub struct Reader {
    /// The install read.
    pub install: Arc<Install>,
}

impl FromRequestParts<AppState> for Reader {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(parts)?.unwrap_or_default();
        if let Some(admin) = admin(state, parts, token)? {
            return Ok(Reader {
                install: admin.install,
            });
        }
        let caller = Caller::from_request_parts(parts, state).await?;
        Ok(Reader {
            install: caller.install,
        })
    }
}

/// The admin `token` proves, acting on the install it may act on; `None` if it is no admin
/// credential.
fn admin(state: &AppState, parts: &Parts, token: &str) -> Result<Option<Admin>, ApiError> {
    if token.is_empty() {
        return Ok(None);
    }
    let address = client_address(parts);
    let asked = parts.uri.query().is_some_and(|q| q.contains("install="));
    let wanted = install_param(parts.uri.query());
    if is_admin_key(state, token) {
        let install = state
            .installs
            .get(&wanted)
            .cloned()
            .ok_or_else(|| ApiError::NotFound(format!("install {wanted:?}")))?;
        return Ok(Some(Admin {
            install,
            actor: "operator",
            address,
        }));
    }
    let hash: [u8; 32] = Sha256::digest(token.as_bytes()).into();
    // Every install's hash is compared, so the time taken does not tell which one matched.
    let mut found = None;
    for install in state.installs.iter() {
        if let Some(admin) = &install.admin_sha256
            && bool::from(admin.ct_eq(&hash))
        {
            found = Some(install.clone());
        }
    }
    match found {
        Some(install) if !asked || install.id == wanted => Ok(Some(Admin {
            install,
            actor: "install-admin",
            address,
        })),
        // An install's admin asking for another install is refused, not redirected.
        Some(_) => Err(ApiError::Forbidden(
            "This admin key is another install's: it acts on its own install only.",
        )),
        None => Ok(None),
    }
}

/// The bearer token, `None` without an `Authorization` header.
fn bearer(parts: &Parts) -> Result<Option<&str>, AuthError> {
    let Some(header) = parts.headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    header
        .to_str()
        .ok()
        .and_then(bearer_value)
        .map(Some)
        .ok_or(AuthError::NotBearer)
}

/// The token of an `Authorization: Bearer <token>` value, trimmed; `None` for anything else.
pub(crate) fn bearer_value(header: &str) -> Option<&str> {
    header
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The bearer token of `headers`, if they carry one.
pub(crate) fn bearer_in(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer_value)
}

/// Whether `given` is `key`, compared in constant time.
pub(crate) fn same_secret(given: &str, key: &crate::secret::Secret) -> bool {
    bool::from(given.as_bytes().ct_eq(key.expose().as_bytes()))
}

/// The client's address as a handler's argument.
pub struct ClientAddress(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(client_address(parts)))
    }
}

/// The client's address ([`crate::forwarded`]: the TCP peer, or the client a trusted reverse
/// proxy names), when the server recorded it (the router records it for every request that
/// came over a connection).
pub fn client_address(parts: &Parts) -> Option<IpAddr> {
    parts
        .extensions
        .get::<crate::forwarded::Client>()
        .map(|client| client.0)
}

/// Writes `event` to the audit log and the structured log; a failing log does not fail the
/// call it records (the structured log still has it).
pub async fn record(state: &AppState, event: AuditEvent) {
    tracing::info!(
        target: "sidecard::audit",
        install = %event.install,
        actor = %event.actor,
        action = %event.action,
        detail = %event.detail,
        address = event.address.as_deref().unwrap_or("-"),
        "audit"
    );
    if let Err(e) = state.audit.record(event).await {
        tracing::error!(error = %e, "cannot write the audit log");
    }
}

/// The install whose credential `token` is, and who it says is calling.
pub fn authenticate<'a>(
    installs: impl Iterator<Item = &'a Arc<Install>>,
    sessions: &SessionKey,
    token: &str,
) -> Result<(Arc<Install>, Agent), AuthError> {
    if token.split('.').count() == 3 {
        return verify_jwt(installs, sessions, token);
    }
    let hash: [u8; 32] = Sha256::digest(token.as_bytes()).into();
    // Compare with every key hash so the time taken does not tell which one (or none) matched.
    let mut found = None;
    for install in installs {
        if let Credential::ApiKey { sha256 } = &install.credential
            && bool::from(sha256.ct_eq(&hash))
        {
            found = Some(install.clone());
        }
    }
    found
        .map(|install| (install, Agent::HelpDesk))
        .ok_or(AuthError::UnknownKey)
}

/// A Zendesk token or a Dynamics panel session: the install is the one whose issuer the
/// token names, and only that install's key can have signed it.
fn verify_jwt<'a>(
    mut installs: impl Iterator<Item = &'a Arc<Install>>,
    sessions: &SessionKey,
    token: &str,
) -> Result<(Arc<Install>, Agent), AuthError> {
    let claims: Claims = jsonwebtoken::dangerous::insecure_decode_claims(token)
        .map_err(|e| AuthError::InvalidToken(format!("unreadable: {e}")))?;
    let issuer = claims
        .iss
        .ok_or_else(|| AuthError::InvalidToken("no `iss` claim".into()))?
        .to_ascii_lowercase();
    let install = installs
        .find(|i| i.issuer() == Some(issuer.as_str()))
        .ok_or_else(|| AuthError::UnknownIssuer(issuer.clone()))?;
    let (secret, audience) = match &install.credential {
        Credential::ZendeskJwt {
            secret, audience, ..
        } => (secret, audience),
        Credential::DynamicsSession { .. } => {
            let user = sessions.verify_session(token, &issuer)?;
            return Ok((install.clone(), Agent::Panel(user)));
        }
        _ => return Err(AuthError::UnknownIssuer(issuer)),
    };
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = LEEWAY_SECS;
    validation.set_required_spec_claims(&["exp", "iss", "aud"]);
    validation.validate_nbf = true;
    validation.set_issuer(&[&issuer]);
    validation.set_audience(&[audience]);
    let key = DecodingKey::from_secret(secret.expose().as_bytes());
    match jsonwebtoken::decode::<Lifetime>(token, &key, &validation) {
        Ok(data) => {
            check_lifetime(&data.claims, now())?;
            Ok((install.clone(), Agent::HelpDesk))
        }
        Err(e) => Err(match e.kind() {
            jsonwebtoken::errors::ErrorKind::ExpiredSignature => AuthError::Expired,
            jsonwebtoken::errors::ErrorKind::ImmatureSignature => AuthError::NotYetValid,
            jsonwebtoken::errors::ErrorKind::InvalidSignature => {
                AuthError::InvalidToken("wrong signature".into())
            }
            jsonwebtoken::errors::ErrorKind::InvalidAlgorithm => {
                AuthError::InvalidToken("not HS256".into())
            }
            jsonwebtoken::errors::ErrorKind::InvalidAudience => {
                AuthError::InvalidToken(format!("`aud` is not {audience:?}"))
            }
            jsonwebtoken::errors::ErrorKind::MissingRequiredClaim(claim) => {
                AuthError::InvalidToken(format!("no `{claim}` claim"))
            }
            other => AuthError::InvalidToken(format!("{other:?}")),
        }),
    }
}

/// `iat` present, not in the future, and at most [`MAX_JWT_LIFETIME_SECS`] before `exp`.
fn check_lifetime(claims: &Lifetime, now: u64) -> Result<(), AuthError> {
    let iat = claims
        .iat
        .ok_or_else(|| AuthError::Lifetime("no `iat` claim".into()))?;
    if iat > now + LEEWAY_SECS {
        return Err(AuthError::Lifetime("issued in the future".into()));
    }
    let lifetime = claims.exp.saturating_sub(iat);
    if lifetime > MAX_JWT_LIFETIME_SECS {
        return Err(AuthError::Lifetime(format!(
            "valid for {lifetime} s, more than {MAX_JWT_LIFETIME_SECS} s"
        )));
    }
    Ok(())
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// Whether `token` is the configured admin key (constant time; the key's length is no secret).
pub fn is_admin_key(state: &AppState, token: &str) -> bool {
    state
        .admin_key
        .as_ref()
        .is_some_and(|key| same_secret(token, key))
}

/// `?install=<id>`: which install an admin acts on (the standalone install without one).
pub fn install_param(query: Option<&str>) -> String {
    query
        .and_then(|q| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "install")
                .map(|(_, v)| v.into_owned())
        })
        .unwrap_or_else(|| crate::install::DEFAULT.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zendesk_token_lifetimes() {
        let now = 1_800_000_000;
        let ok = |iat: Option<u64>, exp: u64| check_lifetime(&Lifetime { exp, iat }, now);
        assert_eq!(ok(Some(now), now + 300), Ok(()));
        assert_eq!(ok(Some(now - 100), now + 500), Ok(()));
        assert!(matches!(ok(None, now + 300), Err(AuthError::Lifetime(_))));
        assert!(matches!(
            ok(Some(now), now + 601),
            Err(AuthError::Lifetime(_))
        ));
        assert!(matches!(
            ok(Some(now), now + 86_400 * 365),
            Err(AuthError::Lifetime(_))
        ));
        assert!(matches!(
            ok(Some(now + 3600), now + 3700),
            Err(AuthError::Lifetime(_))
        ));
    }
}
