//! The Dynamics connection's settings: the `--dynamics-*` flags (flattened into the proxy's
//! configuration) and the checked settings the connector is built from.

use super::DynamicsCrm;
use crate::config::{StartupError, api_version_ok, checked_url, required, required_url, secret};
use crate::crm::http::Limits;
use crate::crm::{Connector, ConnectorSettings, Shared};
use crate::secret::Secret;
use sidecard_model::phone::Region;
use std::path::PathBuf;
use std::sync::Arc;

/// Dynamics 365 settings, used with `--crm dynamics`.
#[derive(Debug, Clone, clap::Args)]
pub struct DynamicsSettings {
    /// Dynamics 365: the org's URL, e.g. `https://contoso.crm.dynamics.com`.
    #[arg(long, env = "SIDECARD_DYNAMICS_URL")]
    pub dynamics_url: Option<String>,

    /// Dynamics 365: the Microsoft Entra tenant of the app registration (GUID or domain).
    #[arg(long, env = "SIDECARD_DYNAMICS_TENANT")]
    pub dynamics_tenant: Option<String>,

    /// Dynamics 365: the app registration's application (client) id.
    #[arg(long, env = "SIDECARD_DYNAMICS_CLIENT_ID")]
    pub dynamics_client_id: Option<String>,

    /// Dynamics 365: the app registration's client secret. Prefer the environment variable or
    /// `--dynamics-client-secret-file`: a flag is visible to other users in `ps`.
    #[arg(long, env = "SIDECARD_DYNAMICS_CLIENT_SECRET", hide_env_values = true)]
    pub dynamics_client_secret: Option<Secret>,

    /// Dynamics 365: a file holding the client secret (e.g. a mounted container secret).
    #[arg(long, env = "SIDECARD_DYNAMICS_CLIENT_SECRET_FILE")]
    pub dynamics_client_secret_file: Option<PathBuf>,

    /// Dynamics 365: Web API version.
    #[arg(long, env = "SIDECARD_DYNAMICS_API_VERSION", default_value = "v9.2")]
    pub dynamics_api_version: String,

    /// Dynamics 365: the token authority (Microsoft identity platform; sovereign clouds have
    /// their own, e.g. `https://login.microsoftonline.us`).
    #[arg(
        long,
        env = "SIDECARD_DYNAMICS_AUTHORITY",
        default_value = "https://login.microsoftonline.com"
    )]
    pub dynamics_authority: String,
}

/// Settings of a Dynamics connection, checked.
#[derive(Debug, Clone)]
pub struct DynamicsConfig {
    /// The org's URL, `https://org.crm.dynamics.com`, without a trailing slash.
    pub org_url: String,
    /// Microsoft Entra tenant (GUID or verified domain).
    pub tenant: String,
    /// The app registration's client id.
    pub client_id: String,
    /// The app registration's client secret.
    pub client_secret: Secret,
    /// Web API version, `v9.2`.
    pub api_version: String,
    /// Token authority, `https://login.microsoftonline.com` (tests point it at loopback).
    pub authority: String,
    /// Time limit, retry wait and byte cap of every call.
    pub limits: Limits,
    /// Region for numbers without a country code.
    pub region: Region,
}

impl DynamicsSettings {
    /// The connection these flags describe, checked: every problem names its setting.
    pub fn config(&self, shared: &Shared) -> Result<DynamicsConfig, StartupError> {
        let required =
            |value: &Option<String>, setting, what| required(value, setting, "dynamics", what);
        let org_url = required_url(
            &self.dynamics_url,
            "dynamics-url",
            "dynamics",
            "the org URL, e.g. https://contoso.crm.dynamics.com",
        )?;
        let tenant = required(
            &self.dynamics_tenant,
            "dynamics-tenant",
            "the Entra tenant id or domain",
        )?;
        // The tenant becomes a path segment of the token URL.
        if !tenant
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        {
            return Err(StartupError::new(
                "dynamics-tenant",
                format!("{tenant:?} is not a tenant id or domain"),
            ));
        }
        let client_id = required(
            &self.dynamics_client_id,
            "dynamics-client-id",
            "the app registration's client id",
        )?;
        let client_secret = secret(
            &self.dynamics_client_secret,
            &self.dynamics_client_secret_file,
            ("dynamics-client-secret", "dynamics-client-secret-file"),
        )?
        .ok_or_else(|| {
            StartupError::new(
                "dynamics-client-secret",
                "required with --crm dynamics (SIDECARD_DYNAMICS_CLIENT_SECRET or --dynamics-client-secret-file)",
            )
        })?;
        let version = &self.dynamics_api_version;
        if !api_version_ok(version) {
            return Err(StartupError::new(
                "dynamics-api-version",
                format!("{version:?} is not like v9.2"),
            ));
        }
        Ok(DynamicsConfig {
            org_url,
            tenant,
            client_id,
            client_secret,
            api_version: version.clone(),
            authority: checked_url(&self.dynamics_authority, "dynamics-authority")?,
            limits: shared.limits,
            region: shared.region,
        })
    }
}

impl ConnectorSettings for DynamicsSettings {
    fn connect(&self, shared: &Shared) -> Result<Arc<dyn Connector>, StartupError> {
        let crm = DynamicsCrm::new(self.config(shared)?)
            .map_err(|e| StartupError::new("crm", e.to_string()))?;
        Ok(Arc::new(crm))
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::config::tests::file;

    fn dynamics_args(extra: &[&str]) -> Vec<String> {
        let mut args: Vec<String> = [
            "p",
            "--crm",
            "dynamics",
            "--dynamics-url",
            "https://contoso.crm.dynamics.com/",
            "--dynamics-tenant",
            "contoso.onmicrosoft.com",
            "--dynamics-client-id",
            "11111111-2222-3333-4444-555555555555",
        ]
        .map(str::to_owned)
        .to_vec();
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        args
    }

    #[test]
    fn a_complete_dynamics_connection_is_accepted() {
        let f = file("  s3cret\n");
        let c = Config::load_from(dynamics_args(&[
            "--dynamics-client-secret-file",
            f.path().to_str().unwrap(),
        ]))
        .unwrap();
        let d = c.crms.dynamics.config(&c.shared()).unwrap();
        assert_eq!(d.org_url, "https://contoso.crm.dynamics.com");
        assert_eq!(d.client_secret.expose(), "s3cret");
        assert_eq!(d.api_version, "v9.2");
        assert!(
            !format!("{c:?}").contains("s3cret"),
            "Debug never shows secrets"
        );
    }

    #[test]
    fn a_bad_dynamics_connection_names_the_setting() {
        let cases: [(&[&str], &str); 5] = [
            (&[], "--dynamics-client-secret"),
            (
                &[
                    "--dynamics-client-secret",
                    "x",
                    "--dynamics-url",
                    "http://contoso.crm.dynamics.com",
                ],
                "--dynamics-url",
            ),
            (
                &["--dynamics-client-secret", "x", "--dynamics-tenant", "a b"],
                "--dynamics-tenant",
            ),
            (
                &[
                    "--dynamics-client-secret",
                    "x",
                    "--dynamics-api-version",
                    "9.2",
                ],
                "--dynamics-api-version",
            ),
            (
                &[
                    "--dynamics-client-secret",
                    "x",
                    "--dynamics-client-secret-file",
                    "/nonexistent",
                ],
                "--dynamics-client-secret",
            ),
        ];
        for (extra, setting) in cases {
            let c = Config::load_from(dynamics_args(extra)).unwrap();
            let err = c.crms.dynamics.config(&c.shared()).unwrap_err().to_string();
            assert!(err.starts_with(setting), "{extra:?}: {err}");
        }
        let c = Config::load_from(["p", "--crm", "dynamics"]).unwrap();
        assert!(
            c.crms
                .dynamics
                .config(&c.shared())
                .unwrap_err()
                .to_string()
                .starts_with("--dynamics-url")
        );
    }
}
