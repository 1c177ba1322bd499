//! The connector seam: one trait every CRM implements, one file per CRM.
//!
//! A connector owns its CRM's wire format, query building and escaping, its token and its
//! rate-limit handling, and returns model types only. The lookup service above it normalizes
//! keys, caches and coalesces; the HTTP layer above that never sees a CRM's JSON.
//!
//! What every HTTP connector shares (client, token source, 401 → renew → retry, 429
//! `Retry-After`, transport errors, the byte cap) is [`http`]'s; each CRM is a folder holding
//! its queries, its mapping and its settings (`dynamics/`, `salesforce/`). Adding a CRM is its
//! folder plus one line in the `registry!` below: that line gives it its `--crm` value, its
//! flags and its place in start-up. The Dynamics 365 panel's sign-in is a trait of its own,
//! [`PanelSignIn`].
//! Writing (create a contact or lead, log an activity) is optional: the default methods answer
//! "not supported", so a read-only connector stays small.

pub mod bounded;
pub mod demo;
pub mod dynamics;
pub mod gate;
pub mod http;
pub mod hubspot;
pub mod oauth;
pub mod rest;
pub mod salesforce;
mod wire;

use crate::config::StartupError;
use crate::session::PanelUser;
use async_trait::async_trait;
pub use sidecard_model::activity::ActivityKind;
use sidecard_model::activity::{FieldValue, HostKind, LogTarget};
use sidecard_model::people::CreateForm;
use sidecard_model::phone::{PhoneKey, Region, to_e164};
use sidecard_model::{Customer, Entity, FieldInfo, MatchReason, Record, Settings};
use std::sync::Arc;
use std::time::Duration;

/// Normalized keys to find people by. Emails are trimmed and case-folded; each phone carries
/// its E.164 form and the stored formats to search for. At least one key is present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupKeys {
    /// Normalized email addresses.
    pub emails: Vec<String>,
    /// Normalized phone numbers.
    pub phones: Vec<PhoneKey>,
}

/// The settings an install has before an admin saves any: `connector`'s default fields and
/// create form.
pub fn default_settings(connector: &dyn Connector) -> Settings {
    Settings {
        create_form: connector.default_create_form(),
        ..Settings::defaults(|entity| connector.default_fields(entity))
    }
}

/// What a lookup fetches, from the admin's settings: the fields each card shows (the CRM's
/// keys, in order) and how to search. Connectors request exactly these fields plus what they
/// need to identify, link and verify a match; a hidden card's records are not requested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Contact card fields (empty when the card is hidden: the name still shows).
    pub contact: Vec<String>,
    /// Lead card fields, likewise.
    pub lead: Vec<String>,
    /// Account card fields; `None`: the card is hidden and accounts are not fetched.
    pub account: Option<Vec<String>>,
    /// Extra deal fields; `None`: the deal list is hidden and deals are not fetched.
    pub deal: Option<Vec<String>>,
    /// Search every email field, not only the primary one.
    pub secondary_emails: bool,
    /// Search open leads when no contact matches.
    pub leads: bool,
    /// Region for numbers stored without a country code.
    pub region: Region,
    /// How many of each person's latest activities to read (0: none).
    pub recent: u8,
    /// Extra fields of each recent activity (empty when none are read).
    pub activity: Vec<String>,
}

impl Plan {
    /// The plan for `settings`; `region` applies when the settings name none (or one the
    /// phone library does not know).
    pub fn new(settings: &Settings, region: Region) -> Self {
        let keys = |shown: bool, fields: &[sidecard_model::FieldChoice]| -> Vec<String> {
            if shown {
                fields.iter().map(|f| f.key.clone()).collect()
            } else {
                Vec::new()
            }
        };
        let region = match &settings.lookup.default_region {
            Some(code) => code.parse().unwrap_or_else(|_| {
                tracing::warn!(region = %code, "settings name an unknown phone region; using the proxy's");
                region
            }),
            None => region,
        };
        Plan {
            contact: keys(settings.contact.shown, &settings.contact.fields),
            lead: keys(settings.lead.shown, &settings.lead.fields),
            account: settings
                .account
                .shown
                .then(|| keys(true, &settings.account.fields)),
            deal: settings
                .deal
                .shown
                .then(|| keys(true, &settings.deal.fields)),
            secondary_emails: settings.lookup.search_secondary_emails,
            leads: settings.lookup.fall_back_to_leads,
            region,
            recent: settings
                .recent_activities
                .min(sidecard_model::activity::MAX_RECENT),
            activity: keys(settings.recent_activities > 0, &settings.activity.fields),
        }
    }

    /// The plan before any admin chose: the connector's default fields on every card.
    pub fn defaults(connector: &dyn Connector, region: Region) -> Self {
        Plan::new(&default_settings(connector), region)
    }

    /// The fields to fetch for `entity` (empty for a hidden card).
    pub fn fields(&self, entity: Entity) -> &[String] {
        match entity {
            Entity::Contact => &self.contact,
            Entity::Lead => &self.lead,
            Entity::Account => self.account.as_deref().unwrap_or_default(),
            Entity::Deal => self.deal.as_deref().unwrap_or_default(),
            Entity::Activity => &self.activity,
        }
    }

    /// The email fields to search out of a table's `(column, label)` list, primary first:
    /// only the primary one unless secondary emails are searched.
    pub fn emails<'a>(&self, all: &'a [(&'a str, &'a str)]) -> &'a [(&'a str, &'a str)] {
        if self.secondary_emails {
            all
        } else {
            &all[..all.len().min(1)]
        }
    }
}

/// Which searched keys a stored person really holds, compared the way lookups compare (emails
/// trimmed and case-folded, phones in E.164 whatever format they are stored in). `emails` and
/// `phones` are `(column, label)` pairs; `stored` reads a column of the row.
///
/// Connectors run every row the CRM returned through this: the CRM's own comparison may be
/// looser (wildcards, collation), and a row with no reason is not a match.
pub fn match_reasons(
    emails: &[(&str, &str)],
    phones: &[(&str, &str)],
    stored: impl Fn(&str) -> Option<String>,
    keys: &LookupKeys,
    region: Region,
) -> Vec<MatchReason> {
    let mut out = Vec::new();
    for (column, label) in emails {
        if let Some(value) = stored(column)
            && keys.emails.contains(&value.trim().to_lowercase())
        {
            out.push(MatchReason::Email {
                field: (*label).to_owned(),
                value,
            });
        }
    }
    for (column, label) in phones {
        if let Some(value) = stored(column)
            && let Some(e164) = to_e164(&value, region)
            && keys.phones.iter().any(|p| p.e164 == e164)
        {
            out.push(MatchReason::Phone {
                field: (*label).to_owned(),
                value,
            });
        }
    }
    out
}

/// What can go wrong talking to a CRM. The HTTP layer maps each to a status and a safe message;
/// the details here go to the log only.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CrmError {
    /// The CRM could not be reached or opened (becomes 502 `crm_unavailable`).
    #[error("CRM unreachable: {0}")]
    Unavailable(String),
    /// The CRM refused our credentials (becomes 502 `crm_auth`: an admin must fix the
    /// connection; retrying will not help).
    #[error("CRM sign-in failed: {0}")]
    Auth(String),
    /// The CRM answered with an error (becomes 502 `crm_unavailable`).
    #[error("CRM error: {0}")]
    Upstream(String),
    /// The CRM is throttling us (becomes 503 `crm_throttled`, with `Retry-After` when known).
    #[error("CRM throttled the request (retry after {retry_after:?})")]
    Throttled {
        /// How long the CRM asked us to wait.
        retry_after: Option<Duration>,
    },
    /// The CRM did not answer within the configured time (becomes 504 `crm_timeout`).
    #[error("CRM did not answer within {0:?}")]
    Timeout(Duration),
    /// The CRM's duplicate detection refused a new record (becomes 409 `duplicate`); lists
    /// the records it most likely duplicates, when a lookup finds them.
    #[error("the CRM reports a duplicate of {} existing record(s)", existing.len())]
    Duplicate {
        /// The matching records already in the CRM.
        existing: Vec<Record>,
    },
    /// The request cannot be sent as given, e.g. an id that is not the CRM's id format
    /// (becomes 400 `invalid_request`). Nothing was sent to the CRM.
    #[error("{0}")]
    Invalid(String),
    /// The connection already has as many calls in flight as it may, and no turn came within
    /// the queue time (becomes 503 `crm_busy`).
    #[error("the CRM connection is busy: {0} calls in flight")]
    Busy(u32),
    /// The CRM's answer was larger than the proxy reads (becomes 502 `crm_too_large`).
    #[error("the CRM's answer is larger than {0} bytes")]
    TooLarge(u64),
    /// The CRM has no such record, e.g. an activity deleted since it was logged (becomes 404
    /// `not_found`).
    #[error("the CRM has no such record: {0}")]
    NotFound(String),
    /// This connector cannot do that (becomes 501 `not_supported`).
    #[error("this CRM connector does not support {0}")]
    Unsupported(&'static str),
}

/// A contact or lead to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPerson {
    /// `Entity::Contact` or `Entity::Lead`.
    pub entity: Entity,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name (CRMs require it).
    pub last_name: String,
    /// Email address, normalized.
    pub email: Option<String>,
    /// Phone number as the agent entered it.
    pub phone: Option<String>,
    /// Company name (leads).
    pub company: Option<String>,
    /// The form's other fields (the admin's and the CRM's required ones), typed; each a field
    /// [`Connector::create_fields`] listed.
    pub values: Vec<FieldValue>,
    /// Save even where the CRM's own duplicate rules would only warn (the agent saw the likely
    /// duplicates and confirmed); rules that block still block.
    pub allow_duplicates: bool,
}

/// An activity to log regarding a contact or lead: the values of the fields the admin
/// mapped (`sidecard_model::activity`), and the activity to update instead of creating one.
#[derive(Debug, Clone, PartialEq)]
pub struct NewActivity {
    /// Phone call or task.
    pub kind: ActivityKind,
    /// `Entity::Contact` or `Entity::Lead`.
    pub entity: Entity,
    /// The person it is about (the CRM's id).
    pub person_id: String,
    /// Their account, where the CRM relates activities to one too.
    pub account_id: Option<String>,
    /// The mapped fields' keys, types and values; nothing else is sent but the links (and, in
    /// Salesforce, the Task's subtype).
    pub values: Vec<FieldValue>,
    /// The activity an earlier log of the same conversation created: update it.
    pub update: Option<String>,
}

/// A note a Dynamics 365 panel's user created to prove who they are (`session.rs`), as the
/// org stores it: its text and who created it, by the org's own account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInNote {
    /// The note's title.
    pub subject: String,
    /// The note's body: the nonce the proxy issued.
    pub text: String,
    /// The id of the user who created it (Dataverse sets it; the caller cannot).
    pub created_by: Option<String>,
}

/// A CRM, as Sidecard needs it.
#[async_trait]
pub trait Connector: Send + Sync + 'static {
    /// Short name for logs and `/healthz` ("demo", "dynamics").
    fn name(&self) -> &'static str;

    /// Everyone matching any of the keys: contacts first; open leads only when no contact
    /// matches (and the plan searches leads). Each comes with why they matched, their account
    /// and their open deals, with the plan's fields, in as few upstream requests as the CRM
    /// allows.
    async fn find_customers(
        &self,
        keys: &LookupKeys,
        plan: &Plan,
    ) -> Result<Vec<Customer>, CrmError>;

    /// The fields an entity has, for the settings page.
    async fn fields(&self, entity: Entity) -> Result<Vec<FieldInfo>, CrmError>;

    /// The fields a card shows before an admin chooses (the keys of this CRM's usual ones; for
    /// deals, extras beyond the name, amount, stage and close date every deal shows).
    fn default_fields(&self, entity: Entity) -> Vec<String>;

    /// Creates a contact or lead, letting the CRM's duplicate detection refuse it.
    async fn create_person(&self, _person: &NewPerson) -> Result<Record, CrmError> {
        Err(CrmError::Unsupported("creating contacts and leads"))
    }

    /// The fields a new contact or lead may be given beyond the name, email, phone and company
    /// every create form has, the ones the CRM requires marked (for the admin's create form).
    /// Only fields an agent can type are listed: no lookups, no choices.
    async fn create_fields(&self, _entity: Entity) -> Result<Vec<FieldInfo>, CrmError> {
        Ok(Vec::new())
    }

    /// The create form's fields before an admin chooses: where the CRM has them, a second
    /// email and a mobile phone, which the host's other addresses and numbers fill.
    fn default_create_form(&self) -> CreateForm {
        CreateForm::default()
    }

    /// Logs an activity regarding a contact or lead (or updates the one named by
    /// `update`); returns the activity's id. An `update` of an activity the CRM no longer
    /// has is `CrmError::NotFound`.
    async fn log_activity(&self, _activity: &NewActivity) -> Result<String, CrmError> {
        Err(CrmError::Unsupported("logging activities"))
    }

    /// The fields an activity type has, for the settings page's log mapping.
    async fn activity_fields(&self, _kind: ActivityKind) -> Result<Vec<FieldInfo>, CrmError> {
        Err(CrmError::Unsupported("logging activities"))
    }

    /// How a host's conversations are logged before an admin maps them; `None` where this
    /// connector does not log activities.
    fn default_log(&self, _host: HostKind) -> Option<LogTarget> {
        None
    }

    /// What this CRM will refuse in a log mapping beyond what its fields' types say (checked
    /// when the settings are saved).
    fn log_problems(&self, _target: &LogTarget) -> Vec<String> {
        Vec::new()
    }

    /// Where this connection stands (throttled, failing, its token), for `/readyz` and for
    /// lookups that answer from what is known. A connector without a gate is always well.
    fn health(&self) -> Health {
        Health::default()
    }

    /// This connection's side of a Dynamics 365 panel's sign-in, when it is a connection to
    /// an org such a panel runs in; `None` for every other CRM.
    fn panel_sign_in(self: Arc<Self>) -> Option<Arc<dyn PanelSignIn>> {
        None
    }
}

/// A connection's health: its gate (see [`gate`]), its token and, where the CRM reports it,
/// its API usage.
#[derive(Debug, Clone, Default)]
pub struct Health {
    /// Throttled, failing, or well.
    pub gate: gate::Status,
    /// The access token in use; `None` for a CRM without one (the demo).
    pub token: Option<oauth::TokenStatus>,
    /// API calls used and allowed in the CRM's current period (Salesforce's
    /// `Sforce-Limit-Info`).
    pub api_usage: Option<(u64, u64)>,
}

/// What a Dynamics 365 panel's sign-in needs of a connection to its org (`http/cif.rs`,
/// `session.rs`): the org confirms who created a sign-in note, and lookups in the panel's
/// session then read the org as that user. Apart from [`Connector`] because only one CRM
/// has panels; a connector offers it through [`Connector::panel_sign_in`].
#[async_trait]
pub trait PanelSignIn: Send + Sync + 'static {
    /// The org this connection reads (`https://contoso.crm.dynamics.com`).
    fn org(&self) -> &str;

    /// Reads the sign-in note `id` as the proxy's own application user; `None` when the org
    /// has no such note.
    async fn sign_in_note(&self, id: &str) -> Result<Option<SignInNote>, CrmError>;

    /// Deletes the sign-in note `id` once it has served (it is no record anyone needs).
    async fn delete_sign_in_note(&self, id: &str) -> Result<(), CrmError>;

    /// The Microsoft Entra object id of the org's user `user_id` (a `systemuserid`), which
    /// lookups in that user's panel session impersonate; `None` when the org has no such
    /// user or the user has none.
    async fn user_object_id(&self, user_id: &str) -> Result<Option<String>, CrmError>;

    /// This connection reading and writing as `user`, so the CRM applies that user's own
    /// security roles; `None` when the session's user cannot be acted as.
    fn as_user(&self, user: &PanelUser) -> Option<Arc<dyn Connector>>;
}

/// What every connection's settings take from the proxy's own.
#[derive(Debug, Clone, Copy)]
pub struct Shared {
    /// Time limit, retry wait and byte cap of every CRM call.
    pub limits: http::Limits,
    /// Region for numbers stored without a country code.
    pub region: Region,
}

/// A CRM's own settings (`--<crm>-*`): a clap struct in the CRM's folder, flattened into the
/// proxy's configuration by `registry!`.
pub trait ConnectorSettings {
    /// The connector these settings describe, checked: every problem names its setting.
    fn connect(&self, shared: &Shared) -> Result<Arc<dyn Connector>, StartupError>;
}

/// Declares the CRMs Sidecard speaks besides the embedded demo: each line is a `--crm` value
/// (its doc is the value's help), the CRM's folder and its [`ConnectorSettings`] struct.
/// From those it makes [`CrmKind`], [`CrmSettings`] (every CRM's flags) and
/// [`CrmSettings::connect`].
macro_rules! registry {
    ($($(#[doc = $doc:literal])* $kind:ident => $folder:ident::$settings:ident,)*) => {
        /// Which CRM the proxy talks to.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum CrmKind {
            /// The embedded demo CRM (a SQLite file seeded with sample customers).
            Demo,
            $($(#[doc = $doc])* $kind,)*
        }

        /// Every CRM's own settings.
        #[derive(Debug, Clone, clap::Args)]
        pub struct CrmSettings {
            $(
                #[allow(missing_docs)]
                #[command(flatten)]
                pub $folder: $folder::$settings,
            )*
        }

        impl CrmSettings {
            /// The connector for `kind` from its settings; `None` for the demo CRM, which
            /// the proxy opens itself (it also serves the demo's pages).
            pub fn connect(
                &self,
                kind: CrmKind,
                shared: &Shared,
            ) -> Option<Result<Arc<dyn Connector>, StartupError>> {
                match kind {
                    CrmKind::Demo => None,
                    $(CrmKind::$kind => Some(self.$folder.connect(shared)),)*
                }
            }
        }
    };
}

registry! {
    /// Dynamics 365 / Dataverse Web API (the `--dynamics-*` settings).
    Dynamics => dynamics::DynamicsSettings,
    /// Salesforce REST API (the `--salesforce-*` settings).
    Salesforce => salesforce::SalesforceSettings,
    /// HubSpot CRM API (the `--hubspot-*` settings).
    Hubspot => hubspot::HubSpotSettings,
    /// Any CRM with a JSON REST API, as a description file says (`--http-description`).
    Http => rest::HttpSettings,
}
