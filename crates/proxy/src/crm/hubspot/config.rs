//! The HubSpot connection's settings: the `--hubspot-*` flags (flattened into the proxy's
//! configuration, and the `hubspot_*` keys of an installs file's connection) and the checked
//! settings the connector is built from.

use super::HubSpotCrm;
use crate::config::{StartupError, checked_url, secret};
use crate::crm::http::Limits;
use crate::crm::{Connector, ConnectorSettings, Shared};
use crate::secret::Secret;
use std::path::PathBuf;
use std::sync::Arc;

/// HubSpot settings, used with `--crm hubspot`.
#[derive(Debug, Clone, clap::Args)]
pub struct HubSpotSettings {
    /// HubSpot: the private app's (or service key's) access token. Prefer the environment
    /// variable or `--hubspot-token-file`: a flag is visible to other users in `ps`.
    #[arg(long, env = "SIDECARD_HUBSPOT_TOKEN", hide_env_values = true)]
    pub hubspot_token: Option<Secret>,

    /// HubSpot: a file holding the access token (e.g. a mounted container secret).
    #[arg(long, env = "SIDECARD_HUBSPOT_TOKEN_FILE")]
    pub hubspot_token_file: Option<PathBuf>,

    /// HubSpot: the API's base URL (every data center's portals answer on it).
    #[arg(
        long,
        env = "SIDECARD_HUBSPOT_API_URL",
        default_value = "https://api.hubapi.com"
    )]
    pub hubspot_api_url: String,

    /// HubSpot: the lifecycle stages (internal values) whose contacts show as leads, when no
    /// contact at another stage matches.
    #[arg(
        long,
        env = "SIDECARD_HUBSPOT_LEAD_STAGES",
        value_delimiter = ',',
        default_value = "subscriber,lead"
    )]
    pub hubspot_lead_stages: Vec<String>,
}

/// Settings of a HubSpot connection, checked.
#[derive(Debug, Clone)]
pub struct HubSpotConfig {
    /// `https://api.hubapi.com`, without a trailing slash.
    pub api_url: String,
    /// The private app's or service key's access token.
    pub token: Secret,
    /// Lifecycle stages whose contacts are leads (`subscriber`, `lead`).
    pub lead_stages: Vec<String>,
    /// Time limit, retry wait and byte cap of every call.
    pub limits: Limits,
}

impl HubSpotSettings {
    /// The connection these flags describe, checked: every problem names its setting.
    pub fn config(&self, shared: &Shared) -> Result<HubSpotConfig, StartupError> {
        let token = secret(
            &self.hubspot_token,
            &self.hubspot_token_file,
            ("hubspot-token", "hubspot-token-file"),
        )?
        .filter(|t| !t.expose().trim().is_empty())
        .ok_or_else(|| {
            StartupError::new(
                "hubspot-token",
                "required with --crm hubspot: the private app's or service key's access token",
            )
        })?;
        let lead_stages: Vec<String> = self
            .hubspot_lead_stages
            .iter()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
            .collect();
        if let Some(bad) = lead_stages
            .iter()
            .find(|s| !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        {
            return Err(StartupError::new(
                "hubspot-lead-stages",
                format!("{bad:?} is not a lifecycle stage's internal value (e.g. lead)"),
            ));
        }
        Ok(HubSpotConfig {
            api_url: checked_url(&self.hubspot_api_url, "hubspot-api-url")?,
            token: Secret::new(token.expose().trim().to_owned()),
            lead_stages,
            limits: shared.limits,
        })
    }
}

impl ConnectorSettings for HubSpotSettings {
    fn connect(&self, shared: &Shared) -> Result<Arc<dyn Connector>, StartupError> {
        let crm = HubSpotCrm::new(self.config(shared)?)
            .map_err(|e| StartupError::new("crm", e.to_string()))?;
        Ok(Arc::new(crm))
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::config::tests::file;

    #[test]
    fn hubspot_needs_a_token_from_the_flag_or_a_file() {
        let with = |extra: &[&str]| {
            let args = ["p", "--crm", "hubspot"].iter().chain(extra).copied();
            let c = Config::load_from(args).unwrap();
            c.crms.hubspot.config(&c.shared())
        };
        let err = with(&[]).unwrap_err().to_string();
        assert!(err.starts_with("--hubspot-token"), "{err}");
        let token = file("pat-na1-abc\n");
        let c = with(&["--hubspot-token-file", token.path().to_str().unwrap()]).unwrap();
        assert_eq!(c.token.expose(), "pat-na1-abc");
        assert_eq!(c.api_url, "https://api.hubapi.com");
        assert_eq!(c.lead_stages, ["subscriber", "lead"]);
        let c = with(&[
            "--hubspot-token",
            "t",
            "--hubspot-lead-stages",
            "Lead,marketingqualifiedlead",
        ])
        .unwrap();
        assert_eq!(c.lead_stages, ["lead", "marketingqualifiedlead"]);
        let err = with(&["--hubspot-token", "t", "--hubspot-lead-stages", "lead;drop"])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("--hubspot-lead-stages"), "{err}");
    }
}
