//! Who is calling: every API call is authenticated as one install before it reads anything.
//!
//! `Authorization: Bearer <token>` is, in this order:
//! - the admin key (constant-time compare): the admin, acting on `?install=<id>` (default the
//!   standalone install);
//! - a JWT: a Zendesk install's, found by its `iss` and verified with that install's secret
//!   (HS256 only, signature, `exp`, `iss`, `aud`), so a token signed with install A's secret
//!   that claims to be install B fails B's signature check; or a Dynamics panel's session,
//!   found by its org and verified with the proxy's session key (`session.rs`);
//! - anything else: a Freshdesk install's API key, hashed and compared in constant time with
//!   every key hash (no early exit).
//!
//! No `Authorization` header is the standalone install when anonymous calls are allowed.
//! Every failure is a 401 that says what is wrong with the credential and carries no data.

use crate::install::{Credential, Install};
use crate::session::SessionKey;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use subtle::ConstantTimeEq;

/// Seconds of clock difference tolerated between Zendesk's signer and this proxy.
const LEEWAY_SECS: u64 = 60;

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

/// An authenticated caller.
#[derive(Clone)]
pub struct Caller {
    /// The install the call reads and writes.
    pub install: Arc<Install>,
    /// Whether the call carried the admin key.
    pub admin: bool,
}

/// The claims Sidecard reads; verification checks `exp`, `iss` and `aud` itself.
#[derive(Debug, Deserialize)]
struct Claims {
    #[serde(default)]
    iss: Option<String>,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = crate::error::ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .map(|v| v.to_str().unwrap_or_default());
        let Some(header) = header else {
            return if state.installs.anonymous {
                Ok(Caller {
                    install: state.installs.standalone_install().clone(),
                    admin: false,
                })
            } else {
                Err(AuthError::Missing.into())
            };
        };
        let token = header
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(AuthError::NotBearer)?;
        if is_admin_key(state, token) {
            let id = install_param(parts.uri.query());
            let install = state
                .installs
                .get(&id)
                .cloned()
                .ok_or_else(|| crate::error::ApiError::NotFound(format!("install {id:?}")))?;
            return Ok(Caller {
                install,
                admin: true,
            });
        }
        let install = authenticate(state.installs.iter(), &state.sessions, token)?;
        Ok(Caller {
            install,
            admin: false,
        })
    }
}

/// The install whose credential `token` is.
pub fn authenticate<'a>(
    installs: impl Iterator<Item = &'a Arc<Install>>,
    sessions: &SessionKey,
    token: &str,
) -> Result<Arc<Install>, AuthError> {
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
    found.ok_or(AuthError::UnknownKey)
}

/// A Zendesk token or a Dynamics panel session: the install is the one whose issuer the
/// token names, and only that install's key can have signed it.
fn verify_jwt<'a>(
    mut installs: impl Iterator<Item = &'a Arc<Install>>,
    sessions: &SessionKey,
    token: &str,
) -> Result<Arc<Install>, AuthError> {
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
            sessions.verify_session(token, &issuer)?;
            return Ok(install.clone());
        }
        _ => return Err(AuthError::UnknownIssuer(issuer)),
    };
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = LEEWAY_SECS;
    validation.set_required_spec_claims(&["exp", "iss", "aud"]);
    validation.set_issuer(&[&issuer]);
    validation.set_audience(&[audience]);
    let key = DecodingKey::from_secret(secret.expose().as_bytes());
    match jsonwebtoken::decode::<serde_json::Value>(token, &key, &validation) {
        Ok(_) => Ok(install.clone()),
        Err(e) => Err(match e.kind() {
            jsonwebtoken::errors::ErrorKind::ExpiredSignature => AuthError::Expired,
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

/// Whether `token` is the configured admin key (constant time; the key's length is no secret).
pub fn is_admin_key(state: &AppState, token: &str) -> bool {
    state
        .admin_key
        .as_ref()
        .is_some_and(|key| bool::from(token.as_bytes().ct_eq(key.expose().as_bytes())))
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
