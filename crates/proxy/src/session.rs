//! Sessions for the Dynamics 365 panel (Channel Integration Framework).
//!
//! CIF hands a channel page no credential a third-party server can check: `getEnvironment`'s
//! user and org ids are only what the page says. What the page *can* do is act in the org as
//! the signed-in user. So the proxy makes the org vouch for the user:
//!
//! 1. `POST /api/v1/cif/challenge {org}`: the proxy answers a fresh random nonce inside a
//!    challenge it signs (HS256 with its session key, [`CHALLENGE_AUDIENCE`], five minutes).
//! 2. The panel creates a note (`annotation`) holding the nonce through CIF's `createRecord`,
//!    which Dynamics runs as the signed-in user.
//! 3. `POST /api/v1/cif/session {challenge, note}`: the proxy checks its challenge, reads that
//!    note through its own connection to the org, checks it holds the nonce, takes the user id
//!    Dataverse recorded as its creator, reads that user's Microsoft Entra object id, deletes
//!    the note, and answers a session: a JWT it signs ([`SESSION_AUDIENCE`], `iss` = the org's
//!    domain, `sub` = the user's `systemuserid`, `oid` = their Entra object id, one hour).
//!
//! Only someone signed in to that org can create the note, so only they get a session; a note
//! not holding the nonce is neither accepted nor deleted, and a note that cannot be deleted
//! fails the sign-in (the nonce must not stay readable in the org). Each challenge serves one
//! sign-in. The session is what the panel's lookups carry, and they read the CRM *as that
//! user* (`crm::Connector::as_user`); when it expires the panel repeats the three steps.

use crate::auth::AuthError;
use crate::secret::Secret;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use std::time::{SystemTime, UNIX_EPOCH};

/// The audience of the proxy's challenges (never accepted as a session).
pub const CHALLENGE_AUDIENCE: &str = "sidecard-cif-challenge";
/// The audience of the panel's sessions.
pub const SESSION_AUDIENCE: &str = "sidecard-cif";
/// How long the panel has to create the note.
pub const CHALLENGE_SECS: u64 = 300;
/// How long a session lasts before the panel signs in again.
pub const SESSION_SECS: u64 = 3600;
/// The title of the sign-in note (the panel writes it; the proxy checks it).
pub const NOTE_SUBJECT: &str = "Sidecard sign-in";
/// Who signs challenges (sessions name the org instead).
const CHALLENGE_ISSUER: &str = "sidecard";
/// Seconds of clock difference tolerated between proxy instances sharing a key.
const LEEWAY_SECS: u64 = 30;

/// The proxy's key for challenges and sessions: `--session-secret`, or one made up at start
/// (sessions then end with the process, and the panel silently signs in again).
pub struct SessionKey {
    secret: Secret,
    /// Nonces of challenges that already served a sign-in, kept as long as a challenge lives:
    /// a challenge (and its note) is good for one session only. In this process; proxies
    /// sharing a key each keep their own (a shared store comes with the Redis work).
    used: moka::sync::Cache<String, ()>,
}

/// A Dynamics user the org confirmed: lookups in their session impersonate them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelUser {
    /// Their Dataverse `systemuserid` (the note's creator).
    pub user_id: String,
    /// Their Microsoft Entra object id (`systemuser.azureactivedirectoryobjectid`), what
    /// Dataverse's `CallerObjectId` header names.
    pub object_id: String,
}

/// A challenge's claims.
#[derive(Debug, Serialize, Deserialize)]
pub struct ChallengeClaims {
    iss: String,
    aud: String,
    exp: u64,
    /// The org's web origin (`https://contoso.crm.dynamics.com`).
    pub org: String,
    /// What the note must hold.
    pub nonce: String,
}

/// A session's claims.
#[derive(Debug, Serialize, Deserialize)]
struct SessionClaims {
    iss: String,
    aud: String,
    exp: u64,
    /// The user's `systemuserid`.
    sub: String,
    /// The user's Entra object id.
    oid: String,
}

/// A signed token and how long it lasts.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Issued {
    /// The JWT.
    pub token: String,
    /// Its lifetime in seconds.
    pub expires_in: u64,
}

impl SessionKey {
    /// The configured key, or a random one.
    pub fn new(configured: Option<Secret>) -> Self {
        let secret = configured.unwrap_or_else(|| {
            Secret::new(format!(
                "{}{}",
                uuid::Uuid::new_v4().simple(),
                uuid::Uuid::new_v4().simple()
            ))
        });
        Self {
            secret,
            used: moka::sync::Cache::builder()
                .time_to_live(Duration::from_secs(CHALLENGE_SECS + LEEWAY_SECS))
                .max_capacity(1_000_000)
                .build(),
        }
    }

    /// Marks the challenge holding `nonce` used; `Err` if it already was.
    pub fn use_challenge(&self, nonce: &str) -> Result<(), AuthError> {
        let entry = self.used.entry(nonce.to_owned()).or_insert(());
        if entry.is_fresh() {
            Ok(())
        } else {
            Err(AuthError::ChallengeUsed)
        }
    }

    /// A new challenge for `org` (its web origin) and its nonce.
    pub fn challenge(&self, org: &str) -> (Issued, String) {
        let nonce = uuid::Uuid::new_v4().simple().to_string();
        let claims = ChallengeClaims {
            iss: CHALLENGE_ISSUER.into(),
            aud: CHALLENGE_AUDIENCE.into(),
            exp: now() + CHALLENGE_SECS,
            org: org.to_owned(),
            nonce: nonce.clone(),
        };
        (self.sign(&claims, CHALLENGE_SECS), nonce)
    }

    /// The claims of a challenge this key signed that has not expired.
    pub fn open_challenge(&self, token: &str) -> Result<ChallengeClaims, AuthError> {
        let mut validation = self.validation(CHALLENGE_AUDIENCE);
        validation.set_issuer(&[CHALLENGE_ISSUER]);
        jsonwebtoken::decode::<ChallengeClaims>(token, &self.decoding(), &validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => AuthError::ChallengeExpired,
                _ => AuthError::InvalidChallenge,
            })
    }

    /// A session for `user` in `org`.
    pub fn session(&self, org: &str, user: &PanelUser) -> Issued {
        let claims = SessionClaims {
            iss: org.to_owned(),
            aud: SESSION_AUDIENCE.into(),
            exp: now() + SESSION_SECS,
            sub: user.user_id.clone(),
            oid: user.object_id.clone(),
        };
        self.sign(&claims, SESSION_SECS)
    }

    /// The user of `token`, if it is a live session this key signed for `org`.
    pub fn verify_session(&self, token: &str, org: &str) -> Result<PanelUser, AuthError> {
        let mut validation = self.validation(SESSION_AUDIENCE);
        validation.set_issuer(&[org]);
        jsonwebtoken::decode::<SessionClaims>(token, &self.decoding(), &validation)
            .map(|data| PanelUser {
                user_id: data.claims.sub,
                object_id: data.claims.oid,
            })
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => AuthError::SessionExpired,
                _ => AuthError::InvalidSession,
            })
    }

    fn sign(&self, claims: &impl Serialize, expires_in: u64) -> Issued {
        let key = EncodingKey::from_secret(self.secret.expose().as_bytes());
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &key)
            // HS256 over a serializable struct cannot fail.
            .unwrap_or_default();
        Issued { token, expires_in }
    }

    fn decoding(&self) -> DecodingKey {
        DecodingKey::from_secret(self.secret.expose().as_bytes())
    }

    fn validation(&self, audience: &str) -> Validation {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECS;
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        validation.set_audience(&[audience]);
        validation
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORG: &str = "contoso.crm.dynamics.com";

    fn user() -> PanelUser {
        PanelUser {
            user_id: "u".into(),
            object_id: "o".into(),
        }
    }

    #[test]
    fn a_challenge_opens_with_its_nonce_and_org() {
        let key = SessionKey::new(None);
        let (issued, nonce) = key.challenge(ORG);
        let claims = key.open_challenge(&issued.token).unwrap();
        assert_eq!((claims.org.as_str(), claims.nonce), (ORG, nonce));
    }

    #[test]
    fn challenges_and_sessions_are_not_interchangeable() {
        let key = SessionKey::new(None);
        let (challenge, _) = key.challenge(ORG);
        assert_eq!(
            key.verify_session(&challenge.token, ORG),
            Err(AuthError::InvalidSession)
        );
        let session = key.session(ORG, &user());
        assert!(key.open_challenge(&session.token).is_err());
        assert_eq!(key.verify_session(&session.token, ORG), Ok(user()));
    }

    #[test]
    fn a_session_is_for_its_org_and_its_key_only() {
        let key = SessionKey::new(None);
        let session = key.session(ORG, &user());
        assert_eq!(
            key.verify_session(&session.token, "fabrikam.crm.dynamics.com"),
            Err(AuthError::InvalidSession)
        );
        let other = SessionKey::new(None);
        assert_eq!(
            other.verify_session(&session.token, ORG),
            Err(AuthError::InvalidSession)
        );
        let shared = SessionKey::new(Some(Secret::new("s".repeat(40))));
        let same = SessionKey::new(Some(Secret::new("s".repeat(40))));
        assert_eq!(
            same.verify_session(&shared.session(ORG, &user()).token, ORG),
            Ok(user())
        );
    }

    #[test]
    fn expired_tokens_say_so() {
        let key = SessionKey::new(None);
        let old = SessionClaims {
            iss: ORG.into(),
            aud: SESSION_AUDIENCE.into(),
            exp: now() - LEEWAY_SECS - 10,
            sub: "u".into(),
            oid: "o".into(),
        };
        let token = key.sign(&old, 0).token;
        assert_eq!(
            key.verify_session(&token, ORG),
            Err(AuthError::SessionExpired)
        );
    }

    #[test]
    fn a_challenge_serves_one_sign_in() {
        let key = SessionKey::new(None);
        let (_, nonce) = key.challenge(ORG);
        assert_eq!(key.use_challenge(&nonce), Ok(()));
        assert_eq!(key.use_challenge(&nonce), Err(AuthError::ChallengeUsed));
        let (_, other) = key.challenge(ORG);
        assert_eq!(key.use_challenge(&other), Ok(()));
    }
}
