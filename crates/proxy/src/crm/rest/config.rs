//! The HTTP connection's settings: `--http-description` (flattened into the proxy's
//! configuration, and `http_description` in an installs file's connection), the description
//! file read and checked at start-up.

use super::HttpCrm;
use super::describe::Description;
use crate::config::StartupError;
use crate::crm::{Connector, ConnectorSettings, Shared};
use std::path::PathBuf;
use std::sync::Arc;

/// Settings of a CRM reached over HTTP, used with `--crm http`.
#[derive(Debug, Clone, clap::Args)]
pub struct HttpSettings {
    /// HTTP CRM: the description file (TOML) saying how to search it and read its answers.
    #[arg(long, env = "SIDECARD_HTTP_DESCRIPTION")]
    pub http_description: Option<PathBuf>,
}

impl ConnectorSettings for HttpSettings {
    fn connect(&self, shared: &Shared) -> Result<Arc<dyn Connector>, StartupError> {
        let path = self.http_description.as_ref().ok_or_else(|| {
            StartupError::new(
                "http-description",
                "required with --crm http: the CRM's description file",
            )
        })?;
        let description = Description::load(path)
            .map_err(|e| StartupError::new("http-description", e.to_string()))?;
        let crm = HttpCrm::new(description, shared.limits)
            .map_err(|e| StartupError::new("http-description", e.to_string()))?;
        Ok(Arc::new(crm))
    }
}
