//! Who is calling: every API call is authenticated as one install before it reads anything.
//!
//! `Authorization: Bearer <token>` is, in this order:
//! - the admin key (constant-time compare): the admin, acting on `?install=<id>` (default the
//!   standalone install);
//! - a JWT: a Zendesk install's, found by its `iss` and verified with that install's secret
//!   (HS256 only, signature, `exp`, `iss`, `aud`), so a token signed with install A's secret
//!   that claims to be install B fails B's signature check;
//! - anything else: a Freshdesk install's API key, hashed and compared in constant time with
//!   every key hash (no early exit).
//!
//! No `Authorization` header is the standalone install when anonymous calls are allowed.
//! Every failure is a 401 that says what is wrong with the credential and carries no data.

use crate::install::{Credential, HostKind, Install};
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
         app; an admin can check the app's settings."
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
        let install = authenticate(state.installs.iter(), token)?;
        Ok(Caller {
            install,
            admin: false,
        })
    }
}

/// The install whose credential `token` is.
pub fn authenticate<'a>(
    installs: impl Iterator<Item = &'a Arc<Install>>,
    token: &str,
) -> Result<Arc<Install>, AuthError> {
    if token.split('.').count() == 3 {
        return verify_jwt(installs, token);
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

fn verify_jwt<'a>(
    installs: impl Iterator<Item = &'a Arc<Install>>,
    token: &str,
) -> Result<Arc<Install>, AuthError> {
    let claims: Claims = jsonwebtoken::dangerous::insecure_decode_claims(token)
        .map_err(|e| AuthError::InvalidToken(format!("unreadable: {e}")))?;
    let issuer = claims
        .iss
        .ok_or_else(|| AuthError::InvalidToken("no `iss` claim".into()))?
        .to_ascii_lowercase();
    let (install, secret, audience) = installs
        .filter(|i| i.host == HostKind::Zendesk)
        .find_map(|i| match &i.credential {
            Credential::ZendeskJwt {
                secret,
                issuer: expected,
                audience,
            } if *expected == issuer => Some((i.clone(), secret, audience)),
            _ => None,
        })
        .ok_or_else(|| AuthError::UnknownIssuer(issuer.clone()))?;
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = LEEWAY_SECS;
    validation.set_required_spec_claims(&["exp", "iss", "aud"]);
    validation.set_issuer(&[&issuer]);
    validation.set_audience(&[audience]);
    let key = DecodingKey::from_secret(secret.expose().as_bytes());
    match jsonwebtoken::decode::<serde_json::Value>(token, &key, &validation) {
        Ok(_) => Ok(install),
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
