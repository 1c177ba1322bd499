//! Signing in to the org: OAuth 2.0 client credentials or JWT bearer against the org's My
//! Domain token endpoint (`/services/oauth2/token`). Neither flow returns a lifetime, so the
//! token source renews after the configured session length, and at once on a 401
//! (`INVALID_SESSION_ID`). Sources: Salesforce Help, "OAuth 2.0 Client Credentials Flow for
//! Server-to-Server Integration" and "OAuth 2.0 JWT Bearer Flow for Server-to-Server
//! Integration" (the assertion's `exp` may be at most 3 minutes ahead).

use crate::crm::CrmError;
use crate::crm::oauth::{IssuedToken, TokenEndpoint, request_token};
use crate::secret::Secret;
use async_trait::async_trait;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// JWT bearer assertions may be valid for at most 3 minutes (Salesforce's limit).
const JWT_LIFETIME: Duration = Duration::from_secs(180);

/// How Sidecard signs in to the org.
#[derive(Debug, Clone)]
pub enum SalesforceAuth {
    /// OAuth 2.0 client credentials (an external client app with a "run as" user).
    ClientCredentials {
        /// The app's consumer key.
        client_id: String,
        /// The app's consumer secret.
        client_secret: Secret,
    },
    /// OAuth 2.0 JWT bearer (a pre-authorized user and the app's certificate).
    JwtBearer {
        /// The app's consumer key (the JWT's issuer).
        client_id: String,
        /// The Salesforce username to act as (the JWT's subject).
        username: String,
        /// PEM private key whose certificate is uploaded to the app.
        private_key_pem: Secret,
        /// The JWT's audience: `https://login.salesforce.com` (or `https://test.salesforce.com`).
        audience: String,
    },
}

/// Gets tokens from Salesforce's OAuth endpoint with either flow.
pub(super) struct SalesforceTokens {
    pub(super) http: reqwest::Client,
    pub(super) url: String,
    pub(super) auth: SalesforceAuth,
    pub(super) session: Duration,
}

#[async_trait]
impl TokenEndpoint for SalesforceTokens {
    async fn fetch(&self) -> Result<IssuedToken, CrmError> {
        let assertion;
        let form: Vec<(&str, &str)> = match &self.auth {
            SalesforceAuth::ClientCredentials {
                client_id,
                client_secret,
            } => vec![
                ("grant_type", "client_credentials"),
                ("client_id", client_id),
                ("client_secret", client_secret.expose()),
            ],
            SalesforceAuth::JwtBearer {
                client_id,
                username,
                private_key_pem,
                audience,
            } => {
                assertion = jwt_assertion(client_id, username, audience, private_key_pem)?;
                vec![
                    ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                    ("assertion", &assertion),
                ]
            }
        };
        let token =
            request_token(&self.http, &self.url, &form, "Salesforce token endpoint").await?;
        Ok(IssuedToken {
            value: Secret::new(token.access_token),
            // Salesforce names no lifetime: the org's session timeout is configured.
            lifetime: self.session,
            instance_url: token
                .instance_url
                .map(|u| u.trim_end_matches('/').to_owned()),
        })
    }
}

#[derive(serde::Serialize)]
struct JwtClaims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    exp: u64,
}

/// A signed RS256 assertion for the JWT bearer flow, valid for [`JWT_LIFETIME`].
pub(super) fn jwt_assertion(
    client_id: &str,
    username: &str,
    audience: &str,
    key: &Secret,
) -> Result<String, CrmError> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let claims = JwtClaims {
        iss: client_id,
        sub: username,
        aud: audience,
        exp: (now + JWT_LIFETIME).as_secs(),
    };
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(key.expose().as_bytes())
        .map_err(|e| CrmError::Auth(format!("Salesforce private key: {e}")))?;
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
        &claims,
        &key,
    )
    .map_err(|e| CrmError::Auth(format!("signing the Salesforce JWT: {e}")))
}
