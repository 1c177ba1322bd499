//! Logging a conversation to the CRM (`POST /api/v1/activities`): what the widget sends, how
//! the admin maps host data onto the activity's fields, and the values that mapping gives.
//!
//! The admin picks, per host, the activity type (phone call or task), the fields it fills
//! and from what ([`LogTarget`]); the proxy sends only mapped fields. A mapping names the
//! field's type as the CRM's metadata gives it, so a value is made for that type: a duration
//! into a number field, the direction into a yes/no field (outgoing = yes, as Dataverse's
//! `directioncode`) or a text/picklist field ("Inbound"/"Outbound", as Salesforce's
//! `CallType`). What the host says is untrusted text: it reaches the CRM only as a JSON
//! string value, never as a field name, URL or query fragment, and the ticket link must be
//! an `http(s)` URL.

use crate::link::WebUrl;
use crate::record::{Entity, Field};
use crate::schema::{FieldInfo, FieldKind};
use serde::{Deserialize, Serialize};

/// Most characters of the agent's note.
pub const MAX_NOTE_CHARS: usize = 4000;
/// Most characters of any other text the host gives (subject, channel, ids, the link).
pub const MAX_TEXT_CHARS: usize = 500;
/// Most fields one activity type maps (no vendor-style cap of a handful; a bound on the body).
pub const MAX_MAPPED_FIELDS: usize = 100;
/// Longest fixed value an admin may set.
pub const MAX_FIXED_CHARS: usize = 255;

/// The host a sidebar runs in (an install's kind), each with its own activity mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HostKind {
    /// Zendesk Support: calls come through Zendesk's request proxy with an HS256 JWT.
    Zendesk,
    /// Freshdesk: calls come through Freshworks' request templates with the install's API key.
    Freshdesk,
    /// A Dynamics 365 org's channel panel (CIF): calls carry a session the proxy signed once
    /// the org confirmed the user.
    Dynamics,
    /// The proxy's own page (and the settings page), on the flags' connection.
    Standalone,
}

impl HostKind {
    /// Every host, in the settings page's order.
    pub const ALL: [HostKind; 4] = [
        HostKind::Zendesk,
        HostKind::Freshdesk,
        HostKind::Dynamics,
        HostKind::Standalone,
    ];

    /// Its name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HostKind::Zendesk => "zendesk",
            HostKind::Freshdesk => "freshdesk",
            HostKind::Dynamics => "dynamics",
            HostKind::Standalone => "standalone",
        }
    }

    /// What the settings page calls it.
    pub fn label(self) -> &'static str {
        match self {
            HostKind::Zendesk => "Zendesk",
            HostKind::Freshdesk => "Freshdesk",
            HostKind::Dynamics => "Dynamics 365 panel",
            HostKind::Standalone => "Standalone page",
        }
    }
}

/// Who started the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The customer reached support.
    Inbound,
    /// The agent reached the customer.
    Outbound,
}

/// What the host knows of the conversation being logged (the host itself is the install's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Conversation {
    /// The ticket's number (or the call's id): with the person, what makes a log idempotent.
    pub id: String,
    /// The ticket's subject.
    #[serde(default)]
    pub subject: Option<String>,
    /// The link back to the ticket.
    #[serde(default)]
    pub url: Option<String>,
    /// The channel (`email`, `phone`, `chat`…), as the host names it.
    #[serde(default)]
    pub channel: Option<String>,
    /// Who started it, where the host knows.
    #[serde(default)]
    pub direction: Option<Direction>,
    /// How long it lasted, in seconds, where the host knows (a call).
    #[serde(default)]
    pub duration_secs: Option<u32>,
}

/// The agent's note in the settings page's preview.
pub const SAMPLE_NOTE: &str = "Sent a new toner; the customer confirms by Friday.";

impl Conversation {
    /// A made-up phone ticket, for the settings page's preview.
    pub fn sample() -> Self {
        Conversation {
            id: "4711".into(),
            subject: Some("Printer on fire".into()),
            url: Some("https://help.example.com/tickets/4711".into()),
            channel: Some("phone".into()),
            direction: Some(Direction::Inbound),
            duration_secs: Some(95),
        }
    }
}

/// `POST /api/v1/activities`: log the conversation regarding a person the customer's lookup
/// matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LogRequest {
    /// The customer's emails, as a lookup names them.
    #[serde(default)]
    pub emails: Vec<String>,
    /// The customer's phones, as a lookup names them.
    #[serde(default)]
    pub phones: Vec<String>,
    /// `contact` or `lead`.
    pub entity: Entity,
    /// The person's id in the CRM: one of the customer's matches.
    pub id: String,
    /// The conversation.
    pub conversation: Conversation,
    /// The agent's note.
    #[serde(default)]
    pub note: Option<String>,
    /// The agent, as their help desk app names them (for the audit log; the app says so, the
    /// credential does not prove it).
    #[serde(default)]
    pub agent: Option<String>,
}

impl LogRequest {
    /// The first problem with the request, in words for the agent; the CRM checks the shape
    /// of its own ids.
    pub fn problem(&self) -> Option<String> {
        if !matches!(self.entity, Entity::Contact | Entity::Lead) {
            return Some(format!(
                "Activities are logged regarding contacts and leads, not {}.",
                self.entity.as_str()
            ));
        }
        let c = &self.conversation;
        if self.id.trim().is_empty() || c.id.trim().is_empty() {
            return Some("The person and the conversation must be named.".to_owned());
        }
        let too_long = |name: &str, value: Option<&str>, max: usize| {
            (value?.chars().count() > max)
                .then(|| format!("The {name} is longer than {max} characters."))
        };
        let texts = [
            ("person id", Some(self.id.as_str())),
            ("conversation id", Some(c.id.as_str())),
            ("subject", c.subject.as_deref()),
            ("link", c.url.as_deref()),
            ("channel", c.channel.as_deref()),
            ("agent's name", self.agent.as_deref()),
        ];
        if let Some(problem) = texts
            .into_iter()
            .find_map(|(name, value)| too_long(name, value, MAX_TEXT_CHARS))
            .or_else(|| too_long("note", self.note.as_deref(), MAX_NOTE_CHARS))
        {
            return Some(problem);
        }
        c.url
            .as_deref()
            .filter(|url| WebUrl::parse(url).is_none())
            .map(|_| "The link back to the ticket must be an http(s) URL.".to_owned())
    }
}

/// The activity types Sidecard logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// A phone call (Dataverse `phonecall`; a Salesforce Task of subtype Call).
    PhoneCall,
    /// A task (Dataverse `task`; a Salesforce Task).
    Task,
}

impl ActivityKind {
    /// Both, in the settings page's order.
    pub const ALL: [ActivityKind; 2] = [ActivityKind::PhoneCall, ActivityKind::Task];

    /// Its name on the wire and in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::PhoneCall => "phone_call",
            ActivityKind::Task => "task",
        }
    }

    /// Reads [`ActivityKind::as_str`].
    pub fn parse(name: &str) -> Option<ActivityKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// What agents and admins call it.
    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::PhoneCall => "Phone call",
            ActivityKind::Task => "Task",
        }
    }
}

/// Where a mapped field's value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The ticket's subject ("Conversation 1234" when it has none).
    Subject,
    /// The link back to the ticket.
    Link,
    /// The ticket's number or the call's id.
    ConversationId,
    /// The channel.
    Channel,
    /// Inbound or outbound.
    Direction,
    /// The duration in seconds.
    DurationSeconds,
    /// The duration in whole minutes (rounded up: a 20-second call took a minute).
    DurationMinutes,
    /// The agent's note.
    Note,
    /// The note, then the channel and the link: one text that says it all.
    Summary,
    /// The same value on every log (a status, a category), as the admin typed it.
    Fixed(String),
}

impl Source {
    /// Every source but [`Source::Fixed`], in the settings page's order.
    pub const HOST_DATA: [Source; 9] = [
        Source::Subject,
        Source::Summary,
        Source::Note,
        Source::Link,
        Source::ConversationId,
        Source::Channel,
        Source::Direction,
        Source::DurationSeconds,
        Source::DurationMinutes,
    ];

    /// Its name in the settings document (`fixed` for a fixed value), for the settings page.
    pub fn key(&self) -> &'static str {
        match self {
            Source::Subject => "subject",
            Source::Link => "link",
            Source::ConversationId => "conversation_id",
            Source::Channel => "channel",
            Source::Direction => "direction",
            Source::DurationSeconds => "duration_seconds",
            Source::DurationMinutes => "duration_minutes",
            Source::Note => "note",
            Source::Summary => "summary",
            Source::Fixed(_) => "fixed",
        }
    }

    /// What most likely fills `field` when an admin adds it: its name says (a subject, a
    /// description, a duration in seconds or minutes), else the first source its type holds
    /// (a choice: a fixed value, as a status or a category is).
    pub fn suggest(field: &FieldInfo) -> Source {
        let name = format!("{} {}", field.key, field.label).to_lowercase();
        let said = [
            ("subject", Source::Subject),
            ("description", Source::Summary),
            ("comment", Source::Summary),
            ("second", Source::DurationSeconds),
            ("minute", Source::DurationMinutes),
            ("duration", Source::DurationMinutes),
            ("channel", Source::Channel),
            ("direction", Source::Direction),
            ("url", Source::Link),
            ("link", Source::Link),
        ];
        said.into_iter()
            .find(|(word, source)| name.contains(word) && source.fits(field.kind))
            .map(|(_, source)| source)
            .or_else(|| {
                Source::HOST_DATA
                    .into_iter()
                    .filter(|_| field.kind != FieldKind::Choice)
                    .find(|s| s.fits(field.kind))
            })
            .unwrap_or(Source::Fixed(String::new()))
    }

    /// The source [`Source::key`] names; `fixed` is an empty fixed value.
    pub fn from_key(key: &str) -> Option<Source> {
        if key == "fixed" {
            return Some(Source::Fixed(String::new()));
        }
        Source::HOST_DATA.into_iter().find(|s| s.key() == key)
    }

    /// What the settings page calls it.
    pub fn label(&self) -> &'static str {
        match self {
            Source::Subject => "Ticket subject",
            Source::Link => "Link to the ticket",
            Source::ConversationId => "Ticket number",
            Source::Channel => "Channel",
            Source::Direction => "Direction",
            Source::DurationSeconds => "Duration (seconds)",
            Source::DurationMinutes => "Duration (minutes)",
            Source::Note => "Agent's note",
            Source::Summary => "Note, channel and link",
            Source::Fixed(_) => "Fixed value",
        }
    }

    /// Whether a field of type `kind` can hold this source's value.
    pub fn fits(&self, kind: FieldKind) -> bool {
        use FieldKind as K;
        match self {
            Source::Subject
            | Source::ConversationId
            | Source::Channel
            | Source::Note
            | Source::Summary => kind == K::Text,
            Source::Link => matches!(kind, K::Text | K::Link),
            Source::Direction => matches!(kind, K::Bool | K::Text | K::Choice),
            Source::DurationSeconds | Source::DurationMinutes => kind == K::Number,
            Source::Fixed(text) => match kind {
                K::Text | K::Email | K::Phone | K::Link | K::Choice => true,
                K::Number => text.trim().parse::<f64>().is_ok_and(f64::is_finite),
                K::Bool => yes_no(text).is_some(),
                K::Money | K::Date => false,
            },
        }
    }

    /// This source's value for a field of type `kind`, or `None` when the host does not
    /// know it (the field is then left out).
    fn value(&self, kind: FieldKind, facts: &Facts<'_>) -> Option<LogValue> {
        let c = facts.conversation;
        let text = |s: Option<&str>| {
            s.map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| LogValue::Text(s.to_owned()))
        };
        match self {
            Source::Subject => Some(LogValue::Text(subject(c))),
            Source::Link => text(c.url.as_deref()),
            Source::ConversationId => text(Some(&c.id)),
            Source::Channel => text(c.channel.as_deref()),
            Source::Direction => {
                let outbound = c.direction? == Direction::Outbound;
                Some(match kind {
                    FieldKind::Bool => LogValue::Bool(outbound),
                    _ => LogValue::Text(if outbound { "Outbound" } else { "Inbound" }.into()),
                })
            }
            Source::DurationSeconds => Some(LogValue::Number(c.duration_secs?.into())),
            Source::DurationMinutes => Some(LogValue::Number(c.duration_secs?.div_ceil(60).into())),
            Source::Note => text(facts.note),
            Source::Summary => Some(LogValue::Text(summary(facts))),
            Source::Fixed(fixed) => Some(match kind {
                FieldKind::Number => LogValue::Number(fixed.trim().parse().ok()?),
                FieldKind::Bool => LogValue::Bool(yes_no(fixed)?),
                _ => LogValue::Text(fixed.trim().to_owned()),
            }),
        }
    }
}

fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" => Some(true),
        "no" | "false" => Some(false),
        _ => None,
    }
}

/// The ticket's subject, or what names it when it has none.
fn subject(c: &Conversation) -> String {
    c.subject
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| format!("Conversation {}", c.id.trim()))
}

/// The note, then the channel and the link, one per line.
fn summary(facts: &Facts<'_>) -> String {
    let c = facts.conversation;
    let mut lines: Vec<String> = Vec::new();
    if let Some(note) = facts.note.map(str::trim).filter(|n| !n.is_empty()) {
        lines.push(note.to_owned());
        lines.push(String::new());
    }
    if let Some(channel) = c.channel.as_deref().filter(|s| !s.trim().is_empty()) {
        lines.push(format!("Channel: {}", channel.trim()));
    }
    match c.url.as_deref() {
        Some(url) => lines.push(format!("Ticket: {url}")),
        None => lines.push(format!("Conversation: {}", c.id.trim())),
    }
    lines.join("\n")
}

/// One field an activity type fills, and from what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldMap {
    /// The CRM's key for the activity field (`description`, `CallDurationInSeconds`).
    pub field: String,
    /// Its type, as the CRM's metadata says.
    pub kind: FieldKind,
    /// Where its value comes from.
    pub from: Source,
}

impl FieldMap {
    /// A mapping of `field` (of type `kind`) from `from`.
    pub fn new(field: &str, kind: FieldKind, from: Source) -> Self {
        FieldMap {
            field: field.to_owned(),
            kind,
            from,
        }
    }
}

/// What a second log of the same conversation for the same person does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Repeat {
    /// Updates the activity the first log created (one activity per ticket and person).
    #[default]
    Update,
    /// Logs another activity for a log that says something new (a retried log still makes
    /// none).
    Append,
}

/// How one host's conversations are logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LogTarget {
    /// The activity type created.
    pub activity: ActivityKind,
    /// The fields it fills; nothing else is sent but the links to the person (and account) and,
    /// in Salesforce, the Task's subtype.
    pub fields: Vec<FieldMap>,
    /// What a second log of the same conversation does.
    #[serde(default)]
    pub repeat: Repeat,
}

/// A mapped field's value, as the CRM's JSON will carry it.
#[derive(Debug, Clone, PartialEq)]
pub enum LogValue {
    /// A string (text, memo, picklist label).
    Text(String),
    /// A number.
    Number(f64),
    /// Yes/no.
    Bool(bool),
}

/// What a log knows: the conversation and the agent's note.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The conversation.
    pub conversation: &'a Conversation,
    /// The agent's note.
    pub note: Option<&'a str>,
}

impl<'a> Facts<'a> {
    /// The facts of `request`.
    pub fn of(request: &'a LogRequest) -> Self {
        Facts {
            conversation: &request.conversation,
            note: request.note.as_deref(),
        }
    }
}

/// One field's key, type and value, ready for the connector.
pub type FieldValue = (String, FieldKind, LogValue);

impl LogTarget {
    /// The mapped fields' values for `facts`, in the admin's order; fields whose source the
    /// host did not give are left out.
    pub fn values(&self, facts: &Facts<'_>) -> Vec<FieldValue> {
        self.fields
            .iter()
            .filter_map(|m| Some((m.field.clone(), m.kind, m.from.value(m.kind, facts)?)))
            .collect()
    }

    /// A CRM's default for `host`: a phone call from the Dynamics panel (which knows calls)
    /// filling `always` and `call` (a call's direction and duration), a task from every
    /// other host filling `always`.
    pub fn standard(host: HostKind, always: Vec<FieldMap>, call: Vec<FieldMap>) -> LogTarget {
        let (activity, fields) = if host == HostKind::Dynamics {
            (
                ActivityKind::PhoneCall,
                always.into_iter().chain(call).collect(),
            )
        } else {
            (ActivityKind::Task, always)
        };
        LogTarget {
            activity,
            fields,
            repeat: Repeat::Update,
        }
    }

    /// Records `activity` instead, keeping each mapping whose field that type has with the
    /// same type (`fields`: its fields, as the CRM lists them).
    pub fn retype(&mut self, activity: ActivityKind, fields: &[FieldInfo]) {
        self.activity = activity;
        self.fields
            .retain(|m| fields.iter().any(|f| f.key == m.field && f.kind == m.kind));
    }

    /// What is wrong with this mapping against the activity type's `fields` (from the CRM's
    /// metadata), in words for the admin.
    pub fn problems(&self, host: HostKind, fields: &[FieldInfo]) -> Vec<String> {
        let mut problems = Vec::new();
        let name = format!("{} ({})", host.label(), self.activity.label());
        if self.fields.len() > MAX_MAPPED_FIELDS {
            problems.push(format!(
                "{name} maps {} fields; at most {MAX_MAPPED_FIELDS}.",
                self.fields.len()
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for map in &self.fields {
            if !seen.insert(map.field.as_str()) {
                problems.push(format!("{name} maps \"{}\" twice.", map.field));
                continue;
            }
            let Some(info) = fields.iter().find(|f| f.key == map.field) else {
                problems.push(format!(
                    "{name}: the CRM has no activity field \"{}\".",
                    map.field
                ));
                continue;
            };
            if info.kind != map.kind {
                problems.push(format!(
                    "{name}: \"{}\" is a {} field in the CRM, not {}.",
                    info.label,
                    info.kind.label(),
                    map.kind.label()
                ));
            } else if let Source::Fixed(text) = &map.from {
                if text.chars().count() > MAX_FIXED_CHARS {
                    problems.push(format!(
                        "{name}: the fixed value of \"{}\" is longer than {MAX_FIXED_CHARS} characters.",
                        info.label
                    ));
                } else if !map.from.fits(info.kind) {
                    problems.push(format!(
                        "{name}: \"{text}\" is not a {} value for \"{}\".",
                        info.kind.label(),
                        info.label
                    ));
                }
            } else if !map.from.fits(info.kind) {
                problems.push(format!(
                    "{name}: \"{}\" ({}) cannot hold the {}.",
                    info.label,
                    info.kind.label(),
                    map.from.label().to_lowercase()
                ));
            }
        }
        problems
    }
}

/// Most of a person's latest activities a card lists.
pub const MAX_RECENT: u8 = 5;

/// One of a person's latest activities, as the person card lists it: the four facts every
/// row shows, then the fields the admin chose for the list. CRM text, shown as text only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    /// The CRM's name for its type (Dynamics "Phone Call", Salesforce "Call", "Task").
    pub kind: String,
    /// Its subject.
    pub subject: String,
    /// When it happened or is due: an ISO 8601 date or date-time, as the CRM gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Who owns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The admin's chosen fields ([`crate::Settings::activity`]), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
}

/// What a log did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Logged {
    /// A new activity.
    Created,
    /// The conversation's activity, updated with the new values.
    Updated,
    /// Nothing: the same log was already made (a retry or a double click).
    Unchanged,
}

/// The answer to `POST /api/v1/activities`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogAnswer {
    /// The activity's id in the CRM.
    pub id: String,
    /// The activity's type.
    pub activity: ActivityKind,
    /// What this log did.
    pub logged: Logged,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call() -> Conversation {
        Conversation {
            id: "1234".into(),
            subject: Some("  Printer on fire ".into()),
            url: Some("https://acme.zendesk.com/agent/tickets/1234".into()),
            channel: Some("phone".into()),
            direction: Some(Direction::Outbound),
            duration_secs: Some(61),
        }
    }

    fn request() -> LogRequest {
        LogRequest {
            emails: vec!["ana@example.com".into()],
            phones: Vec::new(),
            entity: Entity::Contact,
            id: "c1".into(),
            conversation: call(),
            note: Some("Sent a new toner.".into()),
            agent: None,
        }
    }

    fn info(key: &str, kind: FieldKind) -> FieldInfo {
        FieldInfo::new(key, key, kind)
    }

    #[test]
    fn host_data_becomes_values_of_the_mapped_types_only() {
        let target = LogTarget {
            activity: ActivityKind::PhoneCall,
            fields: vec![
                FieldMap::new("subject", FieldKind::Text, Source::Subject),
                FieldMap::new("directioncode", FieldKind::Bool, Source::Direction),
                FieldMap::new("CallType", FieldKind::Choice, Source::Direction),
                FieldMap::new("minutes", FieldKind::Number, Source::DurationMinutes),
                FieldMap::new("seconds", FieldKind::Number, Source::DurationSeconds),
                FieldMap::new(
                    "Status",
                    FieldKind::Choice,
                    Source::Fixed(" Completed".into()),
                ),
                FieldMap::new("priority", FieldKind::Number, Source::Fixed("2".into())),
                FieldMap::new("billable", FieldKind::Bool, Source::Fixed("Yes".into())),
            ],
            repeat: Repeat::Update,
        };
        let request = request();
        let values = target.values(&Facts::of(&request));
        let v: Vec<(&str, &LogValue)> = values.iter().map(|(k, _, v)| (k.as_str(), v)).collect();
        assert_eq!(
            v,
            [
                ("subject", &LogValue::Text("Printer on fire".into())),
                ("directioncode", &LogValue::Bool(true)),
                ("CallType", &LogValue::Text("Outbound".into())),
                ("minutes", &LogValue::Number(2.0)),
                ("seconds", &LogValue::Number(61.0)),
                ("Status", &LogValue::Text("Completed".into())),
                ("priority", &LogValue::Number(2.0)),
                ("billable", &LogValue::Bool(true)),
            ]
        );
    }

    #[test]
    fn what_the_host_does_not_know_is_left_out_and_the_subject_never_blank() {
        let mut request = request();
        request.conversation = Conversation {
            id: "s-9".into(),
            subject: Some(" ".into()),
            url: None,
            channel: None,
            direction: None,
            duration_secs: None,
        };
        request.note = None;
        let target = LogTarget {
            activity: ActivityKind::Task,
            fields: vec![
                FieldMap::new("subject", FieldKind::Text, Source::Subject),
                FieldMap::new("direction", FieldKind::Bool, Source::Direction),
                FieldMap::new("minutes", FieldKind::Number, Source::DurationMinutes),
                FieldMap::new("note", FieldKind::Text, Source::Note),
                FieldMap::new("description", FieldKind::Text, Source::Summary),
            ],
            repeat: Repeat::Append,
        };
        let values = target.values(&Facts::of(&request));
        assert_eq!(
            values,
            [
                (
                    "subject".into(),
                    FieldKind::Text,
                    LogValue::Text("Conversation s-9".into())
                ),
                (
                    "description".into(),
                    FieldKind::Text,
                    LogValue::Text("Conversation: s-9".into())
                ),
            ]
        );
    }

    #[test]
    fn the_summary_says_note_channel_and_link() {
        let request = request();
        assert_eq!(
            summary(&Facts::of(&request)),
            "Sent a new toner.\n\nChannel: phone\nTicket: https://acme.zendesk.com/agent/tickets/1234"
        );
    }

    #[test]
    fn a_request_names_its_problem() {
        assert_eq!(request().problem(), None);
        let mut r = request();
        r.entity = Entity::Deal;
        assert!(r.problem().unwrap().contains("not deal"));
        let mut r = request();
        r.conversation.url = Some("javascript:alert(1)".into());
        assert!(r.problem().unwrap().contains("http(s)"));
        let mut r = request();
        r.note = Some("x".repeat(MAX_NOTE_CHARS + 1));
        assert!(r.problem().unwrap().contains("note is longer"));
        let mut r = request();
        r.conversation.id = " ".into();
        assert!(r.problem().is_some());
    }

    #[test]
    fn unknown_fields_in_a_request_are_refused() {
        let body = r#"{"entity":"contact","id":"c1","conversation":{"id":"1"},"owner":"x"}"#;
        assert!(serde_json::from_str::<LogRequest>(body).is_err());
        let body = r#"{"entity":"contact","id":"c1","conversation":{"id":"1"}}"#;
        assert!(serde_json::from_str::<LogRequest>(body).is_ok());
    }

    #[test]
    fn a_mapping_is_checked_against_the_crm_fields() {
        let crm = [
            info("subject", FieldKind::Text),
            info("directioncode", FieldKind::Bool),
            info("actualdurationminutes", FieldKind::Number),
            info("scheduledend", FieldKind::Date),
        ];
        let target = |fields| LogTarget {
            activity: ActivityKind::PhoneCall,
            fields,
            repeat: Repeat::Update,
        };
        let ok = target(vec![
            FieldMap::new("subject", FieldKind::Text, Source::Summary),
            FieldMap::new("directioncode", FieldKind::Bool, Source::Direction),
        ]);
        assert!(ok.problems(HostKind::Dynamics, &crm).is_empty());
        let bad = target(vec![
            FieldMap::new("subject", FieldKind::Text, Source::Subject),
            FieldMap::new("subject", FieldKind::Text, Source::Note),
            FieldMap::new("nope", FieldKind::Text, Source::Note),
            FieldMap::new("directioncode", FieldKind::Text, Source::Note),
            FieldMap::new("actualdurationminutes", FieldKind::Number, Source::Note),
            FieldMap::new(
                "actualdurationminutes2",
                FieldKind::Number,
                Source::Fixed("x".into()),
            ),
            FieldMap::new("scheduledend", FieldKind::Date, Source::Fixed("x".into())),
        ]);
        let problems = bad.problems(HostKind::Dynamics, &crm);
        assert_eq!(problems.len(), 6, "{problems:#?}");
        assert!(problems[0].contains("twice"));
        assert!(problems[1].contains("no activity field \"nope\""));
        assert!(problems[2].contains("is a Yes/No field in the CRM, not Text"));
        assert!(problems[3].contains("cannot hold the agent's note"));
        assert!(problems[5].contains("not a Date value"));
    }

    #[test]
    fn a_new_activity_type_keeps_the_mappings_it_can_hold() {
        let mut target = LogTarget {
            activity: ActivityKind::PhoneCall,
            fields: vec![
                FieldMap::new("subject", FieldKind::Text, Source::Subject),
                FieldMap::new("directioncode", FieldKind::Bool, Source::Direction),
                FieldMap::new("prioritycode", FieldKind::Number, Source::Fixed("2".into())),
            ],
            repeat: Repeat::Update,
        };
        let task = [
            info("subject", FieldKind::Text),
            info("prioritycode", FieldKind::Choice),
        ];
        target.retype(ActivityKind::Task, &task);
        assert_eq!(target.activity, ActivityKind::Task);
        let kept: Vec<&str> = target.fields.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(kept, ["subject"]);
    }

    #[test]
    fn an_added_field_is_filled_from_what_its_name_says() {
        let suggest =
            |key: &str, label: &str, kind| Source::suggest(&FieldInfo::new(key, label, kind));
        assert_eq!(
            suggest("CallDurationInSeconds", "Call Duration", FieldKind::Number),
            Source::DurationSeconds
        );
        assert_eq!(
            suggest("actualdurationminutes", "Duration", FieldKind::Number),
            Source::DurationMinutes
        );
        assert_eq!(
            suggest("Description", "Comments", FieldKind::Text),
            Source::Summary
        );
        assert_eq!(
            suggest("directioncode", "Direction", FieldKind::Bool),
            Source::Direction
        );
        assert_eq!(
            suggest("new_notes", "Notes", FieldKind::Text),
            Source::Subject
        );
        assert_eq!(
            suggest("Status", "Status", FieldKind::Choice),
            Source::Fixed(String::new())
        );
        assert_eq!(
            suggest("CallType", "Call Direction", FieldKind::Choice),
            Source::Direction
        );
        assert_eq!(
            suggest("due", "Due", FieldKind::Date),
            Source::Fixed(String::new())
        );
    }

    #[test]
    fn every_source_has_a_key_that_names_it_back() {
        for source in Source::HOST_DATA {
            assert_eq!(Source::from_key(source.key()), Some(source.clone()));
            let json = serde_json::to_string(&source).unwrap();
            assert_eq!(
                json,
                format!("\"{}\"", source.key()),
                "the document's spelling"
            );
        }
        assert_eq!(
            Source::from_key("fixed"),
            Some(Source::Fixed(String::new()))
        );
        assert_eq!(Source::from_key("nope"), None);
        let sample = Conversation::sample();
        assert!(
            LogRequest {
                emails: Vec::new(),
                phones: Vec::new(),
                entity: Entity::Contact,
                id: "x".into(),
                conversation: sample,
                note: Some(SAMPLE_NOTE.into()),
                agent: None,
            }
            .problem()
            .is_none()
        );
    }

    #[test]
    fn sources_read_and_write_as_the_settings_document_spells_them() {
        let maps = vec![
            FieldMap::new("Subject", FieldKind::Text, Source::Subject),
            FieldMap::new(
                "Status",
                FieldKind::Choice,
                Source::Fixed("Completed".into()),
            ),
        ];
        let json = serde_json::to_string(&maps).unwrap();
        assert_eq!(
            json,
            r#"[{"field":"Subject","kind":"text","from":"subject"},{"field":"Status","kind":"choice","from":{"fixed":"Completed"}}]"#
        );
        assert_eq!(serde_json::from_str::<Vec<FieldMap>>(&json).unwrap(), maps);
    }
}
