//! Installs: one help desk account (a Zendesk subdomain, a Freshdesk domain, a Dynamics 365
//! org, or the proxy's own standalone page) bound to one CRM connection and one settings
//! document, and the credential its calls must carry.
//!
//! Installs are read from the installs file (`--installs`), TOML:
//!
//! ```toml
//! [connections.emea]          # a CRM connection besides the flags' own ("default")
//! crm = "demo"                # same keys as the CRM flags; unset keys inherit the flags'
//! demo_db = "data/emea.sqlite3"
//!
//! [[install]]
//! id = "acme-zendesk"         # names its settings document
//! host = "zendesk"
//! domain = "acme.zendesk.com" # the JWT issuer
//! jwt_secret_file = "/run/secrets/acme-zendesk"
//!
//! [[install]]
//! id = "acme-freshdesk"
//! host = "freshdesk"
//! domain = "acme.freshdesk.com"
//! connection = "emea"
//! api_key_sha256 = "…"        # `cargo xtask install-key` prints a key and its hash
//!
//! [[install]]
//! id = "contoso-sales"
//! host = "dynamics"           # the Channel Integration Framework panel (`/cif?base=…`)
//! domain = "contoso.crm.dynamics.com"
//! connection = "contoso"      # a Dynamics connection to this org confirms sign-ins
//! softphone_origins = ["https://phone.contoso.example"]
//! ```

use crate::config::StartupError;
use crate::crm::{Connector, PanelSignIn};
use crate::lookup::LookupService;
use crate::secret::Secret;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The standalone install: the proxy's own page, on the connection the flags configure. Its
/// settings document keeps the name it had before installs existed.
pub const DEFAULT: &str = "default";
/// The audience every Zendesk install's JWT must name unless its entry says otherwise (the
/// widget puts it in the claims it asks Zendesk to sign).
pub const JWT_AUDIENCE: &str = "sidecard";
/// Shortest shared secret accepted for HS256: 256 bits written as hex.
const MIN_JWT_SECRET: usize = 32;

/// Which host an install is (the model's: a log's mapping is chosen by it too).
pub use sidecard_model::activity::HostKind;

/// What proves a call comes from an install.
#[derive(Clone)]
pub enum Credential {
    /// `Authorization: Bearer <JWT>` signed HS256 by Zendesk's request proxy with this secret,
    /// issued for this install's domain to [`JWT_AUDIENCE`] (or the entry's audience).
    ZendeskJwt {
        /// The secure setting's value, shared with Zendesk.
        secret: Secret,
        /// The `iss` claim the widget sets: the Zendesk account's domain.
        issuer: String,
        /// The `aud` claim.
        audience: String,
    },
    /// `Authorization: Bearer <key>`; only the key's SHA-256 is kept.
    ApiKey {
        /// SHA-256 of the key.
        sha256: [u8; 32],
    },
    /// `Authorization: Bearer <session>`: a JWT the proxy signed for this org's domain after
    /// `sign_in`, a connection to the org itself, confirmed who the panel's user is.
    DynamicsSession {
        /// The Dataverse connection that reads (and deletes) the panel's sign-in notes.
        sign_in: Arc<dyn PanelSignIn>,
    },
    /// None: the standalone install, reachable without a credential only when anonymous calls
    /// are allowed (and with the admin key).
    None,
}

/// One install.
#[derive(Clone)]
pub struct Install {
    /// The settings document's name; also in logs.
    pub id: String,
    /// Which help desk.
    pub host: HostKind,
    /// The help desk account's domain (`acme.zendesk.com`); `None` for standalone.
    pub domain: Option<String>,
    /// What its calls carry.
    pub credential: Credential,
    /// Lookups on its CRM connection, shaped by its settings.
    pub lookup: Arc<LookupService>,
    /// Dynamics: origins of softphone frames that may hand the panel an incoming call.
    pub softphone_origins: Vec<String>,
    /// SHA-256 of this install's own admin key, when its entry names one: that key saves
    /// this install's settings (and reads its audit log), nothing else.
    pub admin_sha256: Option<[u8; 32]>,
}

impl Install {
    /// The `iss` of the JWTs this install's calls carry: a Zendesk account's or a Dynamics
    /// org's domain.
    pub fn issuer(&self) -> Option<&str> {
        match &self.credential {
            Credential::ZendeskJwt { issuer, .. } => Some(issuer),
            Credential::DynamicsSession { .. } => self.domain.as_deref(),
            _ => None,
        }
    }

    /// A Dynamics org's web origin, what `/cif?base=` must name: `https://<domain>`, or
    /// `http://` for an org stand-in on this machine (development and tests).
    pub fn org_origin(&self) -> Option<String> {
        (self.host == HostKind::Dynamics)
            .then(|| self.domain.as_deref().map(org_origin))
            .flatten()
    }
}

/// `https://<domain>`; `http://` only for loopback hosts.
pub fn org_origin(domain: &str) -> String {
    let host = domain.split(':').next().unwrap_or_default();
    if crate::config::is_loopback(host) {
        format!("http://{domain}")
    } else {
        format!("https://{domain}")
    }
}

/// Every install the proxy serves.
#[derive(Clone)]
pub struct Installs {
    by_id: HashMap<String, Arc<Install>>,
    /// Whether calls without a credential are the standalone install's.
    pub anonymous: bool,
}

impl Installs {
    /// The standalone install alone (what tests and the demo run use).
    pub fn standalone(lookup: Arc<LookupService>, anonymous: bool) -> Self {
        let mut installs = Installs {
            by_id: HashMap::new(),
            anonymous,
        };
        installs.add(Install {
            id: DEFAULT.into(),
            host: HostKind::Standalone,
            domain: None,
            credential: Credential::None,
            lookup,
            softphone_origins: Vec::new(),
            admin_sha256: None,
        });
        installs
    }

    /// Whether any install has its own admin key.
    pub fn any_admin(&self) -> bool {
        self.iter().any(|i| i.admin_sha256.is_some())
    }

    /// Adds an install (replacing one with the same id).
    pub fn add(&mut self, install: Install) {
        self.by_id.insert(install.id.clone(), Arc::new(install));
    }

    /// The install named `id`.
    pub fn get(&self, id: &str) -> Option<&Arc<Install>> {
        self.by_id.get(id)
    }

    /// The install named `id`, to change before the proxy serves (copied if shared).
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Install> {
        self.by_id.get_mut(id).map(Arc::make_mut)
    }

    /// The standalone install.
    pub fn standalone_install(&self) -> &Arc<Install> {
        &self.by_id[DEFAULT]
    }

    /// Every install, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<Install>> {
        self.by_id.values()
    }

    /// The Dynamics install whose org has this web origin.
    pub fn dynamics_org(&self, origin: &str) -> Option<&Arc<Install>> {
        self.iter().find(|i| {
            i.org_origin()
                .is_some_and(|o| o.eq_ignore_ascii_case(origin))
        })
    }
}

/// The installs file, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstallsFile {
    /// Named CRM connections: each a table of CRM settings (the flags' names with `_`).
    #[serde(default)]
    pub connections: BTreeMap<String, toml::Table>,
    /// The installs.
    #[serde(default, rename = "install")]
    pub installs: Vec<InstallEntry>,
}

/// One `[[install]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstallEntry {
    /// Letters, digits, `-` and `_`: it names the settings document.
    pub id: String,
    /// `zendesk` or `freshdesk`.
    pub host: HostKind,
    /// The help desk account's domain, e.g. `acme.zendesk.com`.
    pub domain: String,
    /// The connection's name; `default` (the flags') when absent.
    #[serde(default = "default_connection")]
    pub connection: String,
    /// Zendesk: the shared secret (also a Zendesk secure setting). Prefer `jwt_secret_file`.
    pub jwt_secret: Option<Secret>,
    /// Zendesk: a file holding the shared secret.
    pub jwt_secret_file: Option<PathBuf>,
    /// Zendesk: the `aud` claim expected; [`JWT_AUDIENCE`] when absent.
    pub audience: Option<String>,
    /// Freshdesk: SHA-256 of the API key, 64 hex digits.
    pub api_key_sha256: Option<String>,
    /// Dynamics: the Dynamics connection to this org that confirms panel sign-ins; the
    /// install's `connection` when absent.
    pub sign_in_connection: Option<String>,
    /// Dynamics: origins of softphone frames that may hand the panel an incoming call.
    #[serde(default)]
    pub softphone_origins: Vec<String>,
    /// SHA-256 (64 hex digits) of this install's own admin key (`cargo xtask install-key`
    /// makes one); that key saves this install's settings and reads its audit log only.
    pub admin_key_sha256: Option<String>,
}

fn default_connection() -> String {
    DEFAULT.into()
}

/// An installs file problem, naming the entry.
fn problem(message: impl Into<String>) -> StartupError {
    StartupError::new("installs", message)
}

impl InstallsFile {
    /// Reads and checks `path`.
    pub fn read(path: &Path) -> Result<Self, StartupError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| problem(format!("{}: {e}", path.display())))?;
        let file: InstallsFile =
            toml::from_str(&text).map_err(|e| problem(format!("{}: {e}", path.display())))?;
        file.check()?;
        Ok(file)
    }

    /// Unique, well-formed ids and domains; every install's connection exists.
    fn check(&self) -> Result<(), StartupError> {
        let mut ids = std::collections::HashSet::new();
        let mut domains = std::collections::HashSet::new();
        for entry in &self.installs {
            let id = &entry.id;
            let valid_id = !id.is_empty()
                && id.len() <= 64
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid_id {
                return Err(problem(format!(
                    "install id {id:?}: use 1 to 64 letters, digits, `-` or `_`"
                )));
            }
            if id == DEFAULT {
                return Err(problem(format!(
                    "install id {DEFAULT:?} is the standalone page's; pick another"
                )));
            }
            if !ids.insert(id.clone()) {
                return Err(problem(format!("install id {id:?} appears twice")));
            }
            if entry.host == HostKind::Standalone {
                return Err(problem(format!(
                    "install {id:?}: host must be zendesk, freshdesk or dynamics"
                )));
            }
            let domain = entry.domain.trim().to_ascii_lowercase();
            // A port only for an org stand-in on this machine (`localhost:8080`).
            let (name, port) = domain.split_once(':').unwrap_or((&domain, ""));
            let valid_name = (name.contains('.') || name == "localhost")
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
            let valid_port = port.is_empty()
                || (crate::config::is_loopback(name) && port.parse::<u16>().is_ok_and(|p| p > 0));
            if !(valid_name && valid_port) {
                return Err(problem(format!(
                    "install {id:?}: domain {:?} is not a host name like acme.zendesk.com",
                    entry.domain
                )));
            }
            if !domains.insert((entry.host, domain)) {
                return Err(problem(format!(
                    "install {id:?}: another {:?} install has domain {:?}",
                    entry.host, entry.domain
                )));
            }
            for connection in [Some(&entry.connection), entry.sign_in_connection.as_ref()]
                .into_iter()
                .flatten()
            {
                if connection != DEFAULT && !self.connections.contains_key(connection) {
                    return Err(problem(format!(
                        "install {id:?}: no connection {connection:?} (define it under [connections.{connection}])"
                    )));
                }
            }
            let dynamics_only =
                entry.sign_in_connection.is_some() || !entry.softphone_origins.is_empty();
            if entry.host != HostKind::Dynamics && dynamics_only {
                return Err(problem(format!(
                    "install {id:?}: sign_in_connection and softphone_origins are for dynamics installs"
                )));
            }
            for origin in &entry.softphone_origins {
                if crate::state::checked_origin(origin).as_deref()
                    != Some(origin.trim_end_matches('/'))
                {
                    return Err(problem(format!(
                        "install {id:?}: softphone origin {origin:?} is not an origin like https://phone.example.com"
                    )));
                }
            }
        }
        Ok(())
    }
}

impl InstallEntry {
    /// The install's own admin key hash, checked.
    pub fn admin_sha256(&self) -> Result<Option<[u8; 32]>, StartupError> {
        self.admin_key_sha256
            .as_deref()
            .map(|hex| {
                parse_sha256(hex.trim()).ok_or_else(|| {
                    problem(format!(
                        "install {:?}: admin_key_sha256 must be 64 hex digits \
                         (`cargo xtask install-key` prints a key and its hash)",
                        self.id
                    ))
                })
            })
            .transpose()
    }

    /// The credential this entry configures, checked; `connection` resolves a connection's
    /// name (Dynamics installs confirm sign-ins through one).
    pub fn credential(
        &self,
        connection: impl Fn(&str) -> Option<Arc<dyn Connector>>,
    ) -> Result<Credential, StartupError> {
        let id = &self.id;
        match self.host {
            HostKind::Zendesk => {
                if self.api_key_sha256.is_some() {
                    return Err(problem(format!(
                        "install {id:?}: api_key_sha256 is for freshdesk; Zendesk installs use jwt_secret"
                    )));
                }
                let secret = match (&self.jwt_secret, &self.jwt_secret_file) {
                    (Some(s), None) => s.clone(),
                    (None, Some(path)) => Secret::new(
                        std::fs::read_to_string(path)
                            .map_err(|e| {
                                problem(format!("install {id:?}: {}: {e}", path.display()))
                            })?
                            .trim()
                            .to_owned(),
                    ),
                    _ => {
                        return Err(problem(format!(
                            "install {id:?}: give exactly one of jwt_secret, jwt_secret_file"
                        )));
                    }
                };
                if secret.expose().len() < MIN_JWT_SECRET {
                    return Err(problem(format!(
                        "install {id:?}: the JWT secret is shorter than {MIN_JWT_SECRET} characters \
                         (make one with `openssl rand -hex 32`)"
                    )));
                }
                Ok(Credential::ZendeskJwt {
                    secret,
                    issuer: self.domain.trim().to_ascii_lowercase(),
                    audience: self.audience.clone().unwrap_or_else(|| JWT_AUDIENCE.into()),
                })
            }
            HostKind::Freshdesk => {
                if self.jwt_secret.is_some() || self.jwt_secret_file.is_some() {
                    return Err(problem(format!(
                        "install {id:?}: jwt_secret is for zendesk; Freshdesk installs use api_key_sha256"
                    )));
                }
                let hex = self.api_key_sha256.as_deref().unwrap_or_default().trim();
                let sha256 = parse_sha256(hex).ok_or_else(|| {
                    problem(format!(
                        "install {id:?}: api_key_sha256 must be 64 hex digits \
                         (`cargo xtask install-key` prints a key and its hash)"
                    ))
                })?;
                Ok(Credential::ApiKey { sha256 })
            }
            HostKind::Dynamics => {
                if self.jwt_secret.is_some()
                    || self.jwt_secret_file.is_some()
                    || self.api_key_sha256.is_some()
                {
                    return Err(problem(format!(
                        "install {id:?}: Dynamics installs need no secret (the org confirms each \
                         panel user); remove jwt_secret and api_key_sha256"
                    )));
                }
                let name = self.sign_in_connection.as_ref().unwrap_or(&self.connection);
                let sign_in = connection(name)
                    .ok_or_else(|| problem(format!("install {id:?}: no connection {name:?}")))?;
                let expected = org_origin(self.domain.trim()).to_ascii_lowercase();
                match sign_in.clone().panel_sign_in() {
                    Some(panel)
                        if panel
                            .org()
                            .trim_end_matches('/')
                            .eq_ignore_ascii_case(&expected) =>
                    {
                        Ok(Credential::DynamicsSession { sign_in: panel })
                    }
                    found => Err(problem(format!(
                        "install {id:?}: panel sign-ins are confirmed through a Dynamics \
                         connection to {expected}, and connection {name:?} is {} (set \
                         sign_in_connection to one whose dynamics_url is {expected})",
                        found.map_or_else(
                            || format!("a {} connection", sign_in.name()),
                            |p| format!("to {}", p.org())
                        )
                    ))),
                }
            }
            HostKind::Standalone => Ok(Credential::None),
        }
    }
}

fn parse_sha256(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<InstallsFile, String> {
        let file: InstallsFile = toml::from_str(text).map_err(|e| e.to_string())?;
        file.check().map_err(|e| e.to_string())?;
        for entry in &file.installs {
            entry.credential(|_| None).map_err(|e| e.to_string())?;
            entry.admin_sha256().map_err(|e| e.to_string())?;
        }
        Ok(file)
    }

    const SECRET: &str = "0123456789abcdef0123456789abcdef";
    const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    #[test]
    fn a_valid_file() {
        let file = parse(&format!(
            r#"
            [connections.emea]
            crm = "demo"
            [[install]]
            id = "acme-zd"
            host = "zendesk"
            domain = "Acme.Zendesk.com"
            jwt_secret = "{SECRET}"
            [[install]]
            id = "acme-fd"
            host = "freshdesk"
            domain = "acme.freshdesk.com"
            connection = "emea"
            api_key_sha256 = "{HASH}"
            "#
        ))
        .unwrap();
        let Credential::ZendeskJwt {
            issuer, audience, ..
        } = file.installs[0].credential(|_| None).unwrap()
        else {
            panic!("a Zendesk credential")
        };
        assert_eq!(
            (issuer.as_str(), audience.as_str()),
            ("acme.zendesk.com", "sidecard")
        );
        let Credential::ApiKey { sha256 } = file.installs[1].credential(|_| None).unwrap() else {
            panic!("a key credential")
        };
        assert_eq!(sha256[0], 0x9f);
        assert_eq!(sha256[31], 0x08);
    }

    #[test]
    fn the_example_file_in_the_repository_reads() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sidecard.installs.example.toml");
        let file = InstallsFile::read(&path).unwrap();
        assert_eq!(file.installs.len(), 3);
        assert_eq!(file.installs[2].host, HostKind::Dynamics);
        assert!(file.connections.contains_key("emea"));
        assert_eq!(file.connections["hubspot"]["crm"].as_str(), Some("hubspot"));
        assert!(matches!(
            file.installs[1].credential(|_| None),
            Ok(Credential::ApiKey { .. })
        ));
        assert_eq!(file.installs[1].admin_sha256().unwrap(), Some([0x11; 32]));
    }

    #[test]
    fn every_mistake_is_named() {
        let dynamics = |extra: &str| {
            format!(
                "[[install]]\nid = \"a\"\nhost = \"dynamics\"\ndomain = \"localhost:8080\"\n{extra}"
            )
        };
        let zd = |extra: &str| {
            format!(
                "[[install]]\nid = \"a\"\nhost = \"zendesk\"\ndomain = \"a.zendesk.com\"\n{extra}"
            )
        };
        let cases = [
            (zd(""), "exactly one of jwt_secret"),
            (zd("jwt_secret = \"short\""), "shorter than 32"),
            (
                zd(&format!("jwt_secret = \"{SECRET}\"\napi_key_sha256 = \"{HASH}\"")),
                "api_key_sha256 is for freshdesk",
            ),
            (
                zd(&format!("jwt_secret = \"{SECRET}\"\nconnection = \"nope\"")),
                "no connection \"nope\"",
            ),
            (zd(&format!("jwt_secret = \"{SECRET}\"\nsecret = 1")), "unknown field"),
            (
                zd(&format!("jwt_secret = \"{SECRET}\"\nadmin_key_sha256 = \"xyz\"")),
                "admin_key_sha256 must be 64 hex digits",
            ),
            (
                "[[install]]\nid = \"a\"\nhost = \"freshdesk\"\ndomain = \"a.freshdesk.com\"\napi_key_sha256 = \"abc\"".into(),
                "64 hex digits",
            ),
            (
                format!("[[install]]\nid = \"default\"\nhost = \"zendesk\"\ndomain = \"a.zendesk.com\"\njwt_secret = \"{SECRET}\""),
                "standalone page's",
            ),
            (
                format!("[[install]]\nid = \"a b\"\nhost = \"zendesk\"\ndomain = \"a.zendesk.com\"\njwt_secret = \"{SECRET}\""),
                "letters, digits",
            ),
            (
                format!("{}\n{}", zd(&format!("jwt_secret = \"{SECRET}\"")), zd(&format!("jwt_secret = \"{SECRET}\""))).replacen("id = \"a\"", "id = \"b\"", 1),
                "another Zendesk install has domain",
            ),
            (
                format!("[[install]]\nid = \"a\"\nhost = \"zendesk\"\ndomain = \"https://a.zendesk.com\"\njwt_secret = \"{SECRET}\""),
                "not a host name",
            ),
                   (
                format!("[[install]]\nid = \"a\"\nhost = \"zendesk\"\ndomain = \"a.zendesk.com:444\"\njwt_secret = \"{SECRET}\""),
                "not a host name",
            ),
            (
                zd(&format!("jwt_secret = \"{SECRET}\"\nsoftphone_origins = [\"https://phone.example\"]")),
                "are for dynamics installs",
            ),
            (dynamics(&format!("jwt_secret = \"{SECRET}\"")), "need no secret"),
            (
                dynamics("softphone_origins = [\"phone.example\"]"),
                "is not an origin",
            ),
            (dynamics("sign_in_connection = \"nope\""), "no connection \"nope\""),
            // Resolving the connection is the state's job; here none resolves.
            (dynamics(""), "no connection \"default\""),
        ];
        for (text, expected) in cases {
            let error = parse(&text)
                .err()
                .unwrap_or_else(|| panic!("accepted:\n{text}"));
            assert!(
                error.contains(expected),
                "{error:?} should say {expected:?}"
            );
        }
    }
}
