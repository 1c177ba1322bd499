//! The proxy's configuration: one clap struct, filled from flags, environment variables and an
//! optional TOML file, in that order of precedence (a flag beats its env var, which beats the
//! file, which beats the default).

use crate::crm::{CrmKind, CrmSettings, Shared};
use crate::secret::Secret;
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

    /// The settings database (SQLite). Default: `<data-dir>/sidecard.sqlite3`.
    #[arg(long, env = "SIDECARD_SETTINGS_DB")]
    pub settings_db: Option<PathBuf>,

    /// PostgreSQL for settings, pins, logged activities and the audit log, shared by every
    /// proxy process given the same URL (`postgres://user:password@host:5432/db`); replaces
    /// --settings-db. Migrations run at start; a save is seen by every process within a second.
    #[arg(long, env = "SIDECARD_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<Secret>,

    /// Redis shared by every proxy process given the same URL (`redis://host:6379/0`): cached
    /// answers, one CRM request for a customer many agents open at once, the CRM's throttle
    /// windows and circuit states, and the rate limits. No secret is written there. When Redis
    /// is unreachable each process goes on with its own cache and limits, and logs a warning.
    #[arg(long, env = "SIDECARD_REDIS_URL", hide_env_values = true)]
    pub redis_url: Option<Secret>,

    /// The key a Prometheus scraper sends (`Authorization: Bearer …`) to read `GET /metrics`;
    /// without it only clients on this machine (loopback) may read it.
    #[arg(long, env = "SIDECARD_METRICS_KEY", hide_env_values = true)]
    pub metrics_key: Option<Secret>,

    /// The operator's admin key (at least 32 characters): saves any install's settings and
    /// reads any install's audit log (`Authorization: Bearer …`, `?install=<id>`). Never valid
    /// on lookups; never give it to agents' browsers. Installs may have their own admin key
    /// (`admin_key_sha256` in the installs file). Prefer `--admin-key-file`.
    #[arg(long, env = "SIDECARD_ADMIN_KEY", hide_env_values = true)]
    pub admin_key: Option<Secret>,

    /// A file holding the operator's admin key (e.g. a mounted container secret).
    #[arg(long, env = "SIDECARD_ADMIN_KEY_FILE")]
    pub admin_key_file: Option<PathBuf>,

    /// The key that signs Dynamics 365 panel sessions (at least 32 characters). Proxies
    /// behind one address must share it; without it each start makes one up, and panels sign
    /// in again after a restart.
    #[arg(long, env = "SIDECARD_SESSION_SECRET", hide_env_values = true)]
    pub session_secret: Option<Secret>,

    /// The installs file (TOML): each help desk account (Zendesk subdomain, Freshdesk domain),
    /// the credential its calls carry, and the CRM connection it reads. See the README's
    /// "Installs" section; `sidecard.installs.example.toml` is a commented example.
    #[arg(long, env = "SIDECARD_INSTALLS")]
    pub installs: Option<PathBuf>,

    /// Whether calls without a credential may look customers up, as the standalone install
    /// `default` (the proxy's own page). Default: on for the demo CRM without `--installs`,
    /// off otherwise. Never turn it on for a real CRM reachable from outside a trusted network.
    #[arg(long, env = "SIDECARD_ANONYMOUS")]
    pub anonymous: Option<bool>,

    /// Another origin allowed to frame Sidecard's pages (`Content-Security-Policy:
    /// frame-ancestors`), e.g. `https://help.acme.example`; repeat for several. Zendesk and
    /// Freshdesk (`https://*.zendesk.com`, `https://*.freshdesk.com`) are always allowed.
    #[arg(
        long = "frame-ancestor",
        env = "SIDECARD_FRAME_ANCESTORS",
        value_delimiter = ','
    )]
    pub frame_ancestors: Vec<String>,

    /// An origin whose pages may call the API from the browser (CORS), e.g. a custom portal;
    /// repeat for several. None by default: the help desk hosts call through their own
    /// server-side request proxies, and Sidecard's own pages are same-origin.
    #[arg(
        long = "cors-origin",
        env = "SIDECARD_CORS_ORIGINS",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,

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

    /// Seconds an answer is kept past `--cache-ttl-secs`, to show (marked as of when it was
    /// fetched) when the CRM cannot answer; 0 shows an error instead. Kept answers count
    /// against `--cache-max-mb`.
    #[arg(long, env = "SIDECARD_STALE_GRACE_SECS", default_value_t = 86_400)]
    pub stale_grace_secs: u64,

    /// Seconds to wait for the CRM on one lookup before telling the agent it timed out. Keep it
    /// under the hosts' own limits (Dynamics CIF gives up after 10 s).
    #[arg(long, env = "SIDECARD_CRM_TIMEOUT_SECS", default_value_t = 8,
          value_parser = clap::value_parser!(u64).range(1..=60))]
    pub crm_timeout_secs: u64,

    /// Each CRM's own settings (`--dynamics-*`, `--salesforce-*`, …), from its folder.
    #[command(flatten)]
    pub crms: CrmSettings,

    /// Bounds on callers and CRM answers.
    #[command(flatten)]
    pub limits: crate::limits::Limits,

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

/// Shortest operator admin key accepted: 128 bits written as hex.
pub const MIN_ADMIN_KEY: usize = 32;

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
            let scalar = |value: &toml::Value| {
                flag_value(value).ok_or_else(|| {
                    file_error(format!(
                        "`{key}` must be a string, integer, boolean or a list of those, not {}",
                        value.type_str()
                    ))
                })
            };
            // A list is the flag repeated (`frame_ancestor = ["https://a", "https://b"]`).
            let values = match value {
                toml::Value::Array(items) => items.iter().map(scalar).collect::<Result<_, _>>()?,
                one => vec![scalar(one)?],
            };
            for value in values {
                merged.push(format!("--{long}={value}").into());
            }
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

    /// The settings database file.
    pub fn settings_db_path(&self) -> PathBuf {
        self.settings_db
            .clone()
            .unwrap_or_else(|| self.data_dir.join("sidecard.sqlite3"))
    }

    /// A named connection of the installs file: this configuration with the table's CRM
    /// settings applied (keys as in the config file; unset ones inherit this configuration's).
    /// A demo connection without `demo_db` gets its own database beside the default one.
    pub fn connection(&self, name: &str, table: &toml::Table) -> Result<Config, StartupError> {
        let problem = |message: String| {
            StartupError::new("installs", format!("[connections.{name}]: {message}"))
        };
        // The registered CRMs' names and flags (`crm/mod.rs`, `registry!`).
        let kinds: Vec<String> = CrmKind::value_variants()
            .iter()
            .filter_map(|k| Some(k.to_possible_value()?.get_name().to_owned()))
            .collect();
        if !table.contains_key("crm") {
            return Err(problem(format!("`crm` is required ({})", kinds.join(", "))));
        }
        let crm_settings: Vec<String> =
            <CrmSettings as clap::Args>::augment_args(clap::Command::new("crms"))
                .get_arguments()
                .filter_map(|a| a.get_long())
                .map(|long| long.replace('-', "_"))
                .collect();
        let mut args = vec!["sidecard-proxy".to_owned()];
        for (key, value) in table {
            if key != "crm" && key != "demo_db" && !crm_settings.contains(key) {
                let prefixes: Vec<String> = kinds
                    .iter()
                    .filter(|k| *k != "demo")
                    .map(|k| format!("{k}_…"))
                    .collect();
                return Err(problem(format!(
                    "`{key}` is not a CRM setting (crm, demo_db, {})",
                    prefixes.join(", ")
                )));
            }
            // A list repeats the flag, as in the config file.
            let values = match value {
                toml::Value::Array(items) => items.iter().collect(),
                one => vec![one],
            };
            for value in values {
                let value = flag_value(value)
                    .ok_or_else(|| problem(format!("`{key}` cannot be a {}", value.type_str())))?;
                args.push(format!("--{}={value}", key.replace('_', "-")));
            }
        }
        if table.get("crm").and_then(|v| v.as_str()) == Some("demo")
            && !table.contains_key("demo_db")
        {
            let own = self.data_dir.join(format!("demo-crm-{name}.sqlite3"));
            args.push(format!("--demo-db={}", own.display()));
        }
        let mut config = self.clone();
        config
            .try_update_from(args)
            .map_err(|e| problem(e.to_string()))?;
        Ok(config)
    }

    /// The operator's admin key (`--admin-key` or `--admin-key-file`), checked: at least
    /// [`MIN_ADMIN_KEY`] characters, since it opens every install's settings.
    pub fn operator_key(&self) -> Result<Option<Secret>, StartupError> {
        let key = secret(
            &self.admin_key,
            &self.admin_key_file,
            ("admin-key", "admin-key-file"),
        )?;
        if let Some(key) = &key
            && key.expose().chars().count() < MIN_ADMIN_KEY
        {
            return Err(StartupError::new(
                "admin-key",
                format!(
                    "shorter than {MIN_ADMIN_KEY} characters (make one with `openssl rand -hex 32`)"
                ),
            ));
        }
        Ok(key)
    }

    /// Whether calls without a credential are served (see `--anonymous`).
    pub fn anonymous_allowed(&self) -> bool {
        self.anonymous
            .unwrap_or(self.crm == CrmKind::Demo && self.installs.is_none())
    }

    /// How long lookups are cached; `None` when caching is off.
    pub fn cache_ttl(&self) -> Option<Duration> {
        (self.cache_ttl_secs > 0).then(|| Duration::from_secs(self.cache_ttl_secs))
    }

    /// The limits of every call to a CRM: the time limit, a `Retry-After` waited once when it
    /// is at most half of that (and 5 s), and the byte cap.
    pub fn crm_limits(&self) -> crate::crm::http::Limits {
        let timeout = self.crm_timeout();
        crate::crm::http::Limits {
            timeout,
            max_retry_wait: (timeout / 2).min(Duration::from_secs(5)),
            max_response_bytes: self.limits.crm_max_response_bytes,
        }
    }

    /// The longest wait for the CRM on one lookup.
    pub fn crm_timeout(&self) -> Duration {
        Duration::from_secs(self.crm_timeout_secs)
    }

    /// What every connection's settings take from these.
    pub fn shared(&self) -> Shared {
        Shared {
            limits: self.crm_limits(),
            region: self.default_region,
        }
    }
}

/// `v61.0`, `v9.2`: a `v`, digits, a dot, digits.
pub(crate) fn api_version_ok(version: &str) -> bool {
    version
        .strip_prefix('v')
        .and_then(|v| v.split_once('.'))
        .is_some_and(|(a, b)| {
            !a.is_empty() && !b.is_empty() && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit())
        })
}

/// A required URL setting, checked like [`checked_url`].
pub(crate) fn required_url(
    value: &Option<String>,
    setting: &'static str,
    crm: &str,
    what: &str,
) -> Result<String, StartupError> {
    checked_url(&required(value, setting, crm, what)?, setting)
}

/// A TOML value as a flag's value: strings, integers and booleans; `None` for anything else.
fn flag_value(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(n) => Some(n.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A non-blank setting that the chosen `--crm` needs.
pub(crate) fn required(
    value: &Option<String>,
    setting: &'static str,
    crm: &str,
    what: &str,
) -> Result<String, StartupError> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| StartupError::new(setting, format!("required with --crm {crm}: {what}")))
}

/// A secret given inline (flag or environment) or in a file, not both; `None` if neither.
pub(crate) fn secret(
    inline: &Option<Secret>,
    file: &Option<PathBuf>,
    (setting, file_setting): (&'static str, &'static str),
) -> Result<Option<Secret>, StartupError> {
    let value = match (inline, file) {
        (Some(_), Some(_)) => {
            return Err(StartupError::new(
                setting,
                format!("give the secret or --{file_setting}, not both"),
            ));
        }
        (Some(secret), None) => secret.clone(),
        (None, Some(path)) => Secret::new(
            std::fs::read_to_string(path)
                .map_err(|e| StartupError::new(file_setting, format!("{}: {e}", path.display())))?
                .trim(),
        ),
        (None, None) => return Ok(None),
    };
    if value.expose().is_empty() {
        return Err(StartupError::new(setting, "is empty"));
    }
    Ok(Some(value))
}

/// Whether `host` is this machine: the one place plain http is accepted (fake CRMs and org
/// stand-ins in tests and development).
pub(crate) fn is_loopback(host: &str) -> bool {
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

/// An https URL (http only for loopback, where tests run fake CRMs), without a trailing slash.
pub(crate) fn checked_url(raw: &str, setting: &'static str) -> Result<String, StartupError> {
    let url = reqwest::Url::parse(raw.trim())
        .map_err(|e| StartupError::new(setting, format!("{raw:?} is not a URL ({e})")))?;
    let loopback = url.host_str().is_some_and(is_loopback);
    if url.scheme() != "https" && !(url.scheme() == "http" && loopback) {
        return Err(StartupError::new(
            setting,
            format!("{raw:?} must be an https URL"),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(StartupError::new(
            setting,
            format!("{raw:?} must not have a query or fragment"),
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A temporary file holding `contents` (a secret file, a config file).
    pub(crate) fn file(contents: &str) -> tempfile::NamedTempFile {
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

        let f = file("listen = { port = 1 }\n");
        let err = Config::load_from(["p", "--config", f.path().to_str().unwrap()]).unwrap_err();
        assert!(err.to_string().contains("`listen` must be"), "{err}");
    }

    #[test]
    fn the_example_config_in_the_repository_reads() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../sidecard.example.toml");
        let c = Config::load_from(["p", "--config", path.to_str().unwrap()]).unwrap();
        assert_eq!(c.crm, CrmKind::Demo);
        assert!(c.anonymous_allowed());
    }

    #[test]
    fn a_list_in_the_file_repeats_the_flag() {
        let f = file(
            "frame_ancestor = [\"https://a.example\", \"https://b.example\"]\ninstalls = \"i.toml\"\n",
        );
        let c = Config::load_from(["p", "--config", f.path().to_str().unwrap()]).unwrap();
        assert_eq!(
            c.frame_ancestors,
            ["https://a.example", "https://b.example"]
        );
        // An installs file turns anonymous calls off, even on the demo CRM.
        assert!(!c.anonymous_allowed());
        let c = Config::load_from(["p"]).unwrap();
        assert!(c.anonymous_allowed());
        let c = Config::load_from(["p", "--crm", "dynamics"]).unwrap();
        assert!(!c.anonymous_allowed());
        let c = Config::load_from(["p", "--crm", "dynamics", "--anonymous", "true"]).unwrap();
        assert!(c.anonymous_allowed());
    }

    #[test]
    fn a_connection_takes_only_crm_settings_and_gets_its_own_demo_database() {
        let base =
            Config::load_from(["p", "--data-dir", "/srv/sc", "--demo-db", "/srv/sc/a.db"]).unwrap();
        let table: toml::Table = toml::from_str("crm = \"demo\"").unwrap();
        let c = base.connection("emea", &table).unwrap();
        assert_eq!(
            c.demo_db_path(),
            PathBuf::from("/srv/sc/demo-crm-emea.sqlite3")
        );
        let table: toml::Table =
            toml::from_str("crm = \"dynamics\"\ndynamics_url = \"https://x.crm.dynamics.com\"")
                .unwrap();
        let c = base.connection("eu", &table).unwrap();
        assert_eq!(
            (c.crm, c.crms.dynamics.dynamics_url.as_deref()),
            (CrmKind::Dynamics, Some("https://x.crm.dynamics.com"))
        );
        let table: toml::Table = toml::from_str("crm = \"demo\"\nadmin_key = \"x\"").unwrap();
        let err = base.connection("eu", &table).unwrap_err();
        assert!(
            err.to_string().contains(
                "`admin_key` is not a CRM setting (crm, demo_db, dynamics_…, salesforce_…, hubspot_…, http_…)"
            ),
            "{err}"
        );
        // Every registered CRM's flags are connection keys, whatever their prefix.
        let table: toml::Table = toml::from_str(
            "crm = \"salesforce\"\nsalesforce_session_secs = 900\ndynamics_tenant = \"t\"",
        )
        .unwrap();
        let c = base.connection("na", &table).unwrap();
        assert_eq!(c.crms.salesforce.salesforce_session_secs, 900);
        let table: toml::Table = toml::from_str(
            "crm = \"hubspot\"\nhubspot_token = \"pat\"\nhubspot_lead_stages = [\"lead\", \"opportunity\"]",
        )
        .unwrap();
        let c = base.connection("us", &table).unwrap();
        assert_eq!(c.crm, CrmKind::Hubspot);
        let hubspot = c.crms.hubspot.config(&c.shared()).unwrap();
        assert_eq!(hubspot.lead_stages, ["lead", "opportunity"]);
        let err = base.connection("eu", &toml::Table::new()).unwrap_err();
        assert!(err.to_string().contains("`crm` is required"), "{err}");
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
    fn the_admin_key_is_long_or_refused_and_may_come_from_a_file() {
        let c = Config::load_from(["p", "--admin-key", "short"]).unwrap();
        let err = c.operator_key().unwrap_err().to_string();
        assert!(err.starts_with("--admin-key: shorter than 32"), "{err}");
        let f = file(&format!("{}\n", "k".repeat(40)));
        let c = Config::load_from(["p", "--admin-key-file", f.path().to_str().unwrap()]).unwrap();
        assert_eq!(c.operator_key().unwrap().unwrap().expose(), "k".repeat(40));
        let both = Config::load_from([
            "p",
            "--admin-key",
            &"k".repeat(40),
            "--admin-key-file",
            f.path().to_str().unwrap(),
        ])
        .unwrap();
        assert!(both.operator_key().is_err());
        assert!(
            Config::load_from(["p"])
                .unwrap()
                .operator_key()
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn timeouts_outside_the_hosts_limits_are_refused() {
        assert!(Config::load_from(["p", "--crm-timeout-secs", "0"]).is_err());
        assert!(Config::load_from(["p", "--crm-timeout-secs", "61"]).is_err());
    }
}
