//! The Salesforce connection's settings: the `--salesforce-*` flags (flattened into the
//! proxy's configuration) and the checked settings the connector is built from.

use super::{SalesforceAuth, SalesforceCrm};
use crate::config::{StartupError, api_version_ok, checked_url, required, required_url, secret};
use crate::crm::http::Limits;
use crate::crm::{Connector, ConnectorSettings, Shared};
use crate::secret::Secret;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Salesforce settings, used with `--crm salesforce`.
#[derive(Debug, Clone, clap::Args)]
pub struct SalesforceSettings {
    /// Salesforce: the org's My Domain URL, e.g. `https://acme.my.salesforce.com`.
    #[arg(long, env = "SIDECARD_SALESFORCE_URL")]
    pub salesforce_url: Option<String>,

    /// Salesforce: REST API version.
    #[arg(long, env = "SIDECARD_SALESFORCE_API_VERSION", default_value = "v61.0")]
    pub salesforce_api_version: String,

    /// Salesforce: the external client app's consumer key.
    #[arg(long, env = "SIDECARD_SALESFORCE_CLIENT_ID")]
    pub salesforce_client_id: Option<String>,

    /// Salesforce (client credentials flow): the consumer secret. Prefer the environment
    /// variable or `--salesforce-client-secret-file`.
    #[arg(
        long,
        env = "SIDECARD_SALESFORCE_CLIENT_SECRET",
        hide_env_values = true
    )]
    pub salesforce_client_secret: Option<Secret>,

    /// Salesforce (client credentials flow): a file holding the consumer secret.
    #[arg(long, env = "SIDECARD_SALESFORCE_CLIENT_SECRET_FILE")]
    pub salesforce_client_secret_file: Option<PathBuf>,

    /// Salesforce (JWT bearer flow): the username Sidecard acts as.
    #[arg(long, env = "SIDECARD_SALESFORCE_USERNAME")]
    pub salesforce_username: Option<String>,

    /// Salesforce (JWT bearer flow): PEM private key whose certificate is uploaded to the app.
    #[arg(long, env = "SIDECARD_SALESFORCE_PRIVATE_KEY_FILE")]
    pub salesforce_private_key_file: Option<PathBuf>,

    /// Salesforce (JWT bearer flow): the JWT audience (`https://test.salesforce.com` for
    /// sandboxes).
    #[arg(
        long,
        env = "SIDECARD_SALESFORCE_AUDIENCE",
        default_value = "https://login.salesforce.com"
    )]
    pub salesforce_audience: String,

    /// Salesforce: the token endpoint. Default: `<salesforce-url>/services/oauth2/token`.
    #[arg(long, env = "SIDECARD_SALESFORCE_TOKEN_URL")]
    pub salesforce_token_url: Option<String>,

    /// Salesforce: the run-as user's session timeout in seconds (Setup → Session Settings).
    /// Salesforce tokens carry no lifetime; Sidecard renews them at 80% of this.
    #[arg(long, env = "SIDECARD_SALESFORCE_SESSION_SECS", default_value_t = 7200,
          value_parser = clap::value_parser!(u64).range(300..))]
    pub salesforce_session_secs: u64,
}

/// Settings of a Salesforce connection, checked.
#[derive(Debug, Clone)]
pub struct SalesforceConfig {
    /// My Domain URL, `https://acme.my.salesforce.com`, without a trailing slash.
    pub url: String,
    /// REST API version, `v61.0`.
    pub api_version: String,
    /// The token endpoint (default `<url>/services/oauth2/token`).
    pub token_url: String,
    /// Client credentials or JWT bearer.
    pub auth: SalesforceAuth,
    /// How long a session lasts (the org's session timeout); tokens are renewed at 80% of it.
    pub session: Duration,
    /// Time limit, retry wait and byte cap of every call.
    pub limits: Limits,
}

impl SalesforceSettings {
    /// The connection these flags describe, checked: every problem names its setting. The
    /// JWT bearer flow is used when a username or private key is given, else client
    /// credentials.
    pub fn config(&self, shared: &Shared) -> Result<SalesforceConfig, StartupError> {
        let required =
            |value: &Option<String>, setting, what| required(value, setting, "salesforce", what);
        let url = required_url(
            &self.salesforce_url,
            "salesforce-url",
            "salesforce",
            "the My Domain URL, e.g. https://acme.my.salesforce.com",
        )?;
        let client_id = required(
            &self.salesforce_client_id,
            "salesforce-client-id",
            "the app's consumer key",
        )?;
        let version = &self.salesforce_api_version;
        if !api_version_ok(version) {
            return Err(StartupError::new(
                "salesforce-api-version",
                format!("{version:?} is not like v61.0"),
            ));
        }
        let jwt = self.salesforce_username.is_some() || self.salesforce_private_key_file.is_some();
        let auth = if jwt {
            let username = required(
                &self.salesforce_username,
                "salesforce-username",
                "with --salesforce-private-key-file (JWT bearer flow)",
            )?;
            let path = self.salesforce_private_key_file.as_ref().ok_or_else(|| {
                StartupError::new(
                    "salesforce-private-key-file",
                    "required with --salesforce-username (JWT bearer flow)",
                )
            })?;
            let pem = std::fs::read_to_string(path).map_err(|e| {
                StartupError::new(
                    "salesforce-private-key-file",
                    format!("{}: {e}", path.display()),
                )
            })?;
            SalesforceAuth::JwtBearer {
                client_id,
                username,
                private_key_pem: Secret::new(pem),
                audience: checked_url(&self.salesforce_audience, "salesforce-audience")?,
            }
        } else {
            let client_secret = secret(
                &self.salesforce_client_secret,
                &self.salesforce_client_secret_file,
                ("salesforce-client-secret", "salesforce-client-secret-file"),
            )?
            .ok_or_else(|| {
                StartupError::new(
                    "salesforce-client-secret",
                    "required with --crm salesforce (or --salesforce-username and --salesforce-private-key-file for the JWT bearer flow)",
                )
            })?;
            SalesforceAuth::ClientCredentials {
                client_id,
                client_secret,
            }
        };
        let token_url = match &self.salesforce_token_url {
            Some(t) => checked_url(t, "salesforce-token-url")?,
            None => format!("{url}/services/oauth2/token"),
        };
        Ok(SalesforceConfig {
            url,
            api_version: version.clone(),
            token_url,
            auth,
            session: Duration::from_secs(self.salesforce_session_secs),
            limits: shared.limits,
        })
    }
}

impl ConnectorSettings for SalesforceSettings {
    fn connect(&self, shared: &Shared) -> Result<Arc<dyn Connector>, StartupError> {
        let crm = SalesforceCrm::new(self.config(shared)?)
            .map_err(|e| StartupError::new("crm", e.to_string()))?;
        Ok(Arc::new(crm))
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::config::tests::file;
    use crate::crm::salesforce::SalesforceAuth;

    #[test]
    fn salesforce_picks_its_flow_and_names_what_is_missing() {
        let base = [
            "p",
            "--crm",
            "salesforce",
            "--salesforce-url",
            "https://acme.my.salesforce.com",
            "--salesforce-client-id",
            "key",
        ];
        let with = |extra: &[&str]| {
            let c = Config::load_from(base.iter().chain(extra).copied()).unwrap();
            c.crms.salesforce.config(&c.shared())
        };
        let cc = with(&["--salesforce-client-secret", "s"]).unwrap();
        assert!(matches!(cc.auth, SalesforceAuth::ClientCredentials { .. }));
        assert_eq!(
            cc.token_url,
            "https://acme.my.salesforce.com/services/oauth2/token"
        );
        assert_eq!(cc.api_version, "v61.0");

        let key = file("-----BEGIN PRIVATE KEY-----\n");
        let key_path = key.path().to_str().unwrap();
        let jwt = with(&[
            "--salesforce-username",
            "sidecard@acme.com",
            "--salesforce-private-key-file",
            key_path,
        ])
        .unwrap();
        assert!(matches!(jwt.auth, SalesforceAuth::JwtBearer { .. }));

        let cases: [(&[&str], &str); 3] = [
            (&[], "--salesforce-client-secret"),
            (
                &["--salesforce-username", "u"],
                "--salesforce-private-key-file",
            ),
            (
                &[
                    "--salesforce-client-secret",
                    "s",
                    "--salesforce-api-version",
                    "61",
                ],
                "--salesforce-api-version",
            ),
        ];
        for (extra, setting) in cases {
            let err = with(extra).unwrap_err().to_string();
            assert!(err.starts_with(setting), "{extra:?}: {err}");
        }
        let c = Config::load_from(["p", "--crm", "salesforce"]).unwrap();
        let err = c.crms.salesforce.config(&c.shared()).unwrap_err();
        assert!(err.to_string().starts_with("--salesforce-url"), "{err}");
    }
}
