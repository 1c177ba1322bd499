//! The proxy's configuration: one clap struct, filled from flags, environment variables and an
//! optional TOML file, in that order of precedence (a flag beats its env var, which beats the
//! file, which beats the default).

use crate::crm::CrmKind;
use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser, ValueEnum};
use sidecard_model::phone::Region;
use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Sidecard proxy: looks customers up in the CRM for the help desk sidebar and serves the widget.
///
/// Every setting is a flag, an environment variable, or a key of the `--config` TOML file
/// (the flag's name with `-` or `_`, e.g. `default_region = "GB"`).
#[derive(Debug, Clone, Parser)]
#[command(name = "sidecard-proxy", version, about, args_override_self = true)]
pub struct Config {
    /// TOML file with any of these settings; flags and environment variables override it.
    #[arg(long, env = "SIDECARD_CONFIG")]
    pub config: Option<PathBuf>,

    /// Address and port to listen on. Use 0.0.0.0:8080 behind a reverse proxy or in a container.
    #[arg(long, env = "SIDECARD_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Directory of the built widget (`cargo xtask build` writes `dist/`).
    #[arg(long, env = "SIDECARD_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Directory for the proxy's own files (the demo CRM database).
    #[arg(long, env = "SIDECARD_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Which CRM to look customers up in.
    #[arg(long, env = "SIDECARD_CRM", value_enum, default_value = "demo")]
    pub crm: CrmKind,

    /// Demo CRM database file; created and seeded on first start if missing.
    /// Default: `<data-dir>/demo-crm.sqlite3`.
    #[arg(long, env = "SIDECARD_DEMO_DB")]
    pub demo_db: Option<PathBuf>,

    /// Region assumed for phone numbers written without a country code (ISO 3166 two-letter
    /// code): pick the country most of your customers call from.
    #[arg(long, env = "SIDECARD_DEFAULT_REGION", default_value = "US")]
    pub default_region: Region,

    /// Seconds a lookup's answer is reused for the same customer before the CRM is asked
    /// again; 0 turns the cache off. Repeat sidebar opens within this time cost no CRM call.
    #[arg(long, env = "SIDECARD_CACHE_TTL_SECS", default_value_t = 60)]
    pub cache_ttl_secs: u64,

    /// Seconds to wait for the CRM on one lookup before telling the agent it timed out. Keep it
    /// under the hosts' own limits (Dynamics CIF gives up after 10 s).
    #[arg(long, env = "SIDECARD_CRM_TIMEOUT_SECS", default_value_t = 8,
          value_parser = clap::value_parser!(u64).range(1..=60))]
    pub crm_timeout_secs: u64,

    /// Log filter, in `RUST_LOG` syntax (`info`, `sidecard_proxy=debug,tower_http=info`).
    #[arg(long, env = "SIDECARD_LOG", default_value = "info")]
    pub log: String,

    /// Log line format: `text` for people, `json` for log collectors.
    #[arg(long, env = "SIDECARD_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// A configuration that cannot be used; the message names the setting.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Flags or environment variables are wrong (or `--help` / `--version` was asked for).
    #[error(transparent)]
    Args(#[from] clap::Error),
    /// The config file cannot be read.
    #[error("cannot read config file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The config file is not valid TOML, or holds an unknown key or a value of the wrong kind.
    #[error("config file {path}: {message}")]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// A setting that parsed but cannot be used (a database that will not open, a port taken):
/// the message names the setting so the operator knows what to change.
#[derive(Debug, thiserror::Error)]
#[error("--{setting}: {message}")]
pub struct StartupError {
    /// The flag name of the setting at fault.
    pub setting: &'static str,
    /// What is wrong.
    pub message: String,
}

impl StartupError {
    /// An error about `setting`.
    pub fn new(setting: &'static str, message: impl Into<String>) -> Self {
        Self {
            setting,
            message: message.into(),
        }
    }
}

impl Config {
    /// Reads the configuration from this process's arguments, environment and config file.
    pub fn load() -> Result<Config, ConfigError> {
        Self::load_from(std::env::args_os())
    }

    /// Like [`Config::load`], with explicit arguments (the first is the program name).
    pub fn load_from<I, T>(args: I) -> Result<Config, ConfigError>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
        let matches = Config::command().try_get_matches_from(&args)?;
        let first = Config::from_arg_matches(&matches)?;
        let Some(path) = first.config.clone() else {
            return Ok(first);
        };
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
            path: path.clone(),
            source,
        })?;
        let file_error = |message: String| ConfigError::File {
            path: path.clone(),
            message,
        };
        let table: toml::Table = text.parse().map_err(|e| file_error(format!("{e}")))?;

        // Turn the file's keys into flags placed before the real arguments, skipping every
        // setting a flag or an environment variable already gave.
        let command = Config::command();
        let mut merged = vec![args[0].clone()];
        for (key, value) in &table {
            let long = key.replace('_', "-");
            let arg = command
                .get_arguments()
                .find(|a| a.get_long() == Some(long.as_str()) && long != "config")
                .ok_or_else(|| {
                    let known: Vec<_> = command
                        .get_arguments()
                        .filter_map(|a| a.get_long())
                        .filter(|l| *l != "config" && *l != "help" && *l != "version")
                        .map(|l| l.replace('-', "_"))
                        .collect();
                    file_error(format!(
                        "unknown setting `{key}` (known: {})",
                        known.join(", ")
                    ))
                })?;
            let given = matches!(
                matches.value_source(arg.get_id().as_str()),
                Some(ValueSource::CommandLine | ValueSource::EnvVariable)
            );
            if given {
                continue;
            }
            let value = match value {
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(n) => n.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                other => {
                    return Err(file_error(format!(
                        "`{key}` must be a string, integer or boolean, not {}",
                        other.type_str()
                    )));
                }
            };
            merged.push(format!("--{long}={value}").into());
        }
        merged.extend(args.into_iter().skip(1));
        Config::try_parse_from(merged).map_err(|e| file_error(e.to_string()))
    }

    /// The demo CRM's database file.
    pub fn demo_db_path(&self) -> PathBuf {
        self.demo_db
            .clone()
            .unwrap_or_else(|| self.data_dir.join("demo-crm.sqlite3"))
    }

    /// How long lookups are cached; `None` when caching is off.
    pub fn cache_ttl(&self) -> Option<Duration> {
        (self.cache_ttl_secs > 0).then(|| Duration::from_secs(self.cache_ttl_secs))
    }

    /// The longest wait for the CRM on one lookup.
    pub fn crm_timeout(&self) -> Duration {
        Duration::from_secs(self.crm_timeout_secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file(contents: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(contents.as_bytes()).unwrap();
        f
    }

    #[test]
    fn defaults_run_the_demo_on_localhost_8080() {
        let c = Config::load_from(["sidecard-proxy"]).unwrap();
        assert_eq!(c.listen, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(c.crm, CrmKind::Demo);
        assert_eq!(c.demo_db_path(), PathBuf::from("data/demo-crm.sqlite3"));
        assert_eq!(c.default_region.code(), "US");
    }

    #[test]
    fn the_file_fills_settings_and_flags_override_it() {
        let f = file("listen = \"127.0.0.1:9000\"\ndefault_region = \"GB\"\ncache-ttl-secs = 5\n");
        let path = f.path().to_str().unwrap();
        let c = Config::load_from(["p", "--config", path, "--listen", "127.0.0.1:9001"]).unwrap();
        assert_eq!(c.listen.port(), 9001, "the flag wins over the file");
        assert_eq!(
            c.default_region.code(),
            "GB",
            "the file wins over the default"
        );
        assert_eq!(c.cache_ttl_secs, 5);
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_setting() {
        let f = file("lisen = \"127.0.0.1:9000\"\n");
        let err = Config::load_from(["p", "--config", f.path().to_str().unwrap()]).unwrap_err();
        assert!(err.to_string().contains("unknown setting `lisen`"), "{err}");

        let f = file("default_region = \"Atlantis\"\n");
        let err = Config::load_from(["p", "--config", f.path().to_str().unwrap()]).unwrap_err();
        assert!(err.to_string().contains("default-region"), "{err}");

        let f = file("listen = [1, 2]\n");
        let err = Config::load_from(["p", "--config", f.path().to_str().unwrap()]).unwrap_err();
        assert!(err.to_string().contains("`listen` must be"), "{err}");
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        let err = Config::load_from(["p", "--config", "/nonexistent/sidecard.toml"]).unwrap_err();
        assert!(
            err.to_string().contains("/nonexistent/sidecard.toml"),
            "{err}"
        );
    }

    #[test]
    fn timeouts_outside_the_hosts_limits_are_refused() {
        assert!(Config::load_from(["p", "--crm-timeout-secs", "0"]).is_err());
        assert!(Config::load_from(["p", "--crm-timeout-secs", "61"]).is_err());
    }
}
