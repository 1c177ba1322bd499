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

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::config::tests::file;
    use crate::crm::ConnectorSettings;

    #[test]
    fn the_description_is_required_and_its_mistakes_stop_the_start() {
        let c = Config::load_from(["p", "--crm", "http"]).unwrap();
        let err = c.crms.rest.connect(&c.shared()).err().unwrap().to_string();
        assert!(err.starts_with("--http-description"), "{err}");

        let broken =
            file("base_url = \"https://crm.example\"\n\n[contact]\nemails = [\"email\"]\n");
        let c = Config::load_from([
            "p",
            "--crm",
            "http",
            "--http-description",
            broken.path().to_str().unwrap(),
        ])
        .unwrap();
        let err = c.crms.rest.connect(&c.shared()).err().unwrap().to_string();
        assert!(err.starts_with("--http-description"), "{err}");
        assert!(
            err.contains(":3: (syntax)") || err.contains(": contact"),
            "{err}"
        );
    }

    #[test]
    fn an_installs_file_connection_names_its_description() {
        let base = Config::load_from(["p"]).unwrap();
        let table: toml::Table =
            toml::from_str("crm = \"http\"\nhttp_description = \"crms/acme.toml\"").unwrap();
        let c = base.connection("acme", &table).unwrap();
        assert_eq!(
            c.crms.rest.http_description.as_deref(),
            Some(std::path::Path::new("crms/acme.toml"))
        );
    }
}
