//! The proxy's API: its URLs and wire types for the cards, the agents' actions and the
//! settings page. Help desk hosts carry the calls through their own request proxies
//! ([`crate::host::Adapter::send`]), the Dynamics panel with its session; the standalone and
//! settings pages fetch directly, same-origin ([`crate::transport::fetch`]). The Dynamics
//! panel's own sign-in is the CIF host's (`host/cif.rs`).

use crate::host::{Context, Host};
use crate::i18n::Message;
use crate::js;
use crate::transport::{
    Call, LookupError, Reply, api_error, fetch, read_json, read_object, read_reply,
};
use serde::Serialize;
use sidecard_model::activity::{ActivityKind, Direction};
use sidecard_model::people::PersonForm;
use sidecard_model::{
    Customer, CustomerView, Entity, FieldInfo, FieldKind, LookupRequest, Record, Searched, Settings,
};
use wasm_bindgen::JsValue;

/// `POST /api/v1/lookup`.
pub const LOOKUP: Call = Call {
    method: "POST",
    path: "/api/v1/lookup",
    template: "sidecardLookup",
};
/// `POST /api/v1/people`.
pub const CREATE_PERSON: Call = Call {
    method: "POST",
    path: "/api/v1/people",
    template: "sidecardCreatePerson",
};
/// `GET /api/v1/people/form`.
pub const PERSON_FORM: Call = Call {
    method: "GET",
    path: "/api/v1/people/form",
    template: "sidecardPersonForm",
};
/// `POST /api/v1/activities`.
pub const LOG: Call = Call {
    method: "POST",
    path: "/api/v1/activities",
    template: "sidecardLog",
};
/// `PUT /api/v1/pins`.
pub const PIN: Call = Call {
    method: "PUT",
    path: "/api/v1/pins",
    template: "sidecardPin",
};

/// Makes `call` with `body` through the host's request proxy, or directly from the proxy's
/// own page. Customer emails and phones always travel in the body, never in a URL (where
/// access logs and proxies keep them).
async fn send(host: &Host, call: &Call, body: String) -> Result<Reply, LookupError> {
    match host.send(call, body.clone()) {
        Some(reply) => reply.await,
        None => fetch(call.method, call.path, None, Some(body)).await,
    }
}

/// The customer's cards: `POST /api/v1/lookup`.
pub async fn lookup(host: &Host, request: &LookupRequest) -> Result<CustomerView, LookupError> {
    read_reply(send(host, &LOOKUP, lookup_body(request)).await?)
}

/// The customer's cards, if the page already holds the proxy's answer to this lookup
/// ([`crate::host::Adapter::answered`]); `None`: ask with [`lookup`].
pub fn answered_lookup(
    host: &Host,
    request: &LookupRequest,
) -> Option<Result<CustomerView, LookupError>> {
    host.answered(&LOOKUP, &lookup_body(request))
        .map(|reply| reply.and_then(read_reply))
}

/// What creating a person came to.
pub enum Created {
    /// The new record.
    Person(Record),
    /// Not created: the CRM already has likely matches.
    /// (The answer's `message` is the proxy's English, for API clients: the form says it in
    /// the agent's language from the records themselves.)
    Duplicates {
        /// The likely duplicates, best first.
        existing: Vec<Customer>,
        /// Whether the agent may create anyway.
        create_anyway: bool,
    },
}

/// A new contact or lead as the form has it.
pub struct NewPerson {
    /// `contact` or `lead`.
    pub entity: Entity,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Email address.
    pub email: String,
    /// Phone number.
    pub phone: String,
    /// Company.
    pub company: String,
    /// The form's other fields (key, value as typed).
    pub fields: Vec<(String, String)>,
    /// The agent confirmed past shown duplicates.
    pub create_anyway: bool,
    /// The agent, as the host names them (for the audit log).
    pub agent: Option<String>,
}

/// `POST /api/v1/people`: the new record, or the likely duplicates (`409`).
pub async fn create_person(host: &Host, person: &NewPerson) -> Result<Created, LookupError> {
    let mut body = vec![
        ("entity", person.entity.as_str().into()),
        ("last_name", person.last_name.as_str().into()),
    ];
    for (key, value) in [
        ("first_name", &person.first_name),
        ("email", &person.email),
        ("phone", &person.phone),
        ("company", &person.company),
    ] {
        if !value.trim().is_empty() {
            body.push((key, value.as_str().into()));
        }
    }
    let fields: Vec<(&str, JsValue)> = person
        .fields
        .iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(key, value)| (key.as_str(), value.as_str().into()))
        .collect();
    if !fields.is_empty() {
        body.push(("fields", js::object(&fields)));
    }
    if person.create_anyway {
        body.push(("create_anyway", JsValue::TRUE));
    }
    if let Some(agent) = &person.agent {
        body.push(("agent", agent.as_str().into()));
    }
    let reply = send(host, &CREATE_PERSON, js::json(&js::object(&body))).await?;
    if reply.status != 409 {
        return read_reply(reply).map(Created::Person);
    }
    let answer = read_json(&reply)?;
    Ok(Created::Duplicates {
        existing: crate::from_js::from_value(js::get(&answer, "existing"))
            .map_err(|e| LookupError::Unexpected(format!("HTTP 409: unreadable answer ({e})")))?,
        create_anyway: js::get(&answer, "create_anyway").is_truthy(),
    })
}

/// `GET /api/v1/people/form`: the create form's fields beyond name, email, phone and company.
pub async fn person_form(host: &Host) -> Result<PersonForm, LookupError> {
    // Read by hand: serde's derive for the field list would add kilobytes to every sidebar
    // for one small answer.
    let answer = read_object(send(host, &PERSON_FORM, String::new()).await?)?;
    let fields = |entity: &str| -> Vec<FieldInfo> {
        js_sys::Array::from(&js::get(&answer, entity))
            .iter()
            .filter_map(|f| {
                let kind = FieldKind::parse(&js::string(&f, "kind")?)?;
                Some(FieldInfo {
                    required: js::get(&f, "required").is_truthy(),
                    ..FieldInfo::new(js::string(&f, "key")?, js::string(&f, "label")?, kind)
                })
            })
            .collect()
    };
    Ok(PersonForm {
        contact: fields("contact"),
        lead: fields("lead"),
    })
}

/// `POST /api/v1/activities` for `person` about the host's conversation; answers what the log did
/// (`created`, `updated`, `unchanged`).
pub async fn log(
    host: &Host,
    searched: &Searched,
    person: &Record,
    context: &Context,
    note: &str,
) -> Result<String, LookupError> {
    let Some(conversation) = &context.conversation else {
        return Err(LookupError::Host(Message::new("log-needs-ticket")));
    };
    let text = |s: &Option<String>| s.as_deref().map(JsValue::from_str);
    let mut about = vec![("id", conversation.id.as_str().into())];
    for (key, value) in [
        ("subject", text(&conversation.subject)),
        ("url", text(&conversation.url)),
        ("channel", text(&conversation.channel)),
        (
            "direction",
            conversation.direction.map(|d| {
                JsValue::from_str(match d {
                    Direction::Inbound => "inbound",
                    Direction::Outbound => "outbound",
                })
            }),
        ),
        (
            "duration_secs",
            conversation
                .duration_secs
                .map(|s| JsValue::from_f64(s.into())),
        ),
    ] {
        if let Some(value) = value {
            about.push((key, value));
        }
    }
    let (emails, phones) = customer(searched);
    let mut body = vec![
        ("emails", emails),
        ("phones", phones),
        ("entity", person.entity.as_str().into()),
        ("id", person.id.as_str().into()),
        ("conversation", js::object(&about)),
    ];
    if !note.trim().is_empty() {
        body.push(("note", note.trim().into()));
    }
    if let Some(agent) = &context.agent {
        body.push(("agent", agent.as_str().into()));
    }
    let reply = send(host, &LOG, js::json(&js::object(&body))).await?;
    let answer = read_object(reply)?;
    Ok(js::string(&answer, "logged").unwrap_or_default())
}

/// `PUT /api/v1/pins`: pins `person` for the customer `searched` named (by `agent`), or
/// unpins when `person` is `None`.
pub async fn pin(
    host: &Host,
    searched: &Searched,
    person: Option<&Record>,
    agent: Option<&str>,
) -> Result<(), LookupError> {
    let (emails, phones) = customer(searched);
    let mut body = vec![("emails", emails), ("phones", phones)];
    if let Some(person) = person {
        body.push(("entity", person.entity.as_str().into()));
        body.push(("id", person.id.as_str().into()));
        if let Some(agent) = agent {
            body.push(("by", agent.into()));
        }
    }
    let reply = send(host, &PIN, js::json(&js::object(&body))).await?;
    if (200..300).contains(&reply.status) {
        Ok(())
    } else {
        Err(api_error(&reply))
    }
}

/// Which install's settings the settings page edits, and the admin key it has been given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Admin {
    /// `?install=<id>`; the standalone install when `None`.
    pub install: Option<String>,
    /// The admin key, when typed (reads without it work where anonymous calls are allowed).
    pub key: String,
}

impl Admin {
    fn url(&self, path: &str) -> String {
        match &self.install {
            Some(id) => format!("{path}?install={}", js_sys::encode_uri_component(id)),
            None => path.to_owned(),
        }
    }

    fn authorization(&self) -> Option<String> {
        let key = self.key.trim();
        (!key.is_empty()).then(|| format!("Bearer {key}"))
    }
}

/// `GET /api/v1/settings`: the settings in force (defaults before the first save).
pub async fn settings(admin: &Admin) -> Result<Settings, LookupError> {
    let url = admin.url("/api/v1/settings");
    read_reply(fetch("GET", &url, admin.authorization().as_deref(), None).await?)
}

/// `GET /api/v1/schema/{entity}`: every field the CRM has for `entity`.
pub async fn schema(admin: &Admin, entity: Entity) -> Result<Vec<FieldInfo>, LookupError> {
    let url = admin.url(&format!("/api/v1/schema/{}", entity.as_str()));
    read_reply(fetch("GET", &url, admin.authorization().as_deref(), None).await?)
}

/// `GET /api/v1/schema/activity/{kind}`: the fields a log may fill.
pub async fn activity_schema(
    admin: &Admin,
    kind: ActivityKind,
) -> Result<Vec<FieldInfo>, LookupError> {
    let url = admin.url(&format!("/api/v1/schema/activity/{}", kind.as_str()));
    read_reply(fetch("GET", &url, admin.authorization().as_deref(), None).await?)
}

/// `GET /api/v1/schema/create/{entity}`: the fields a new contact or lead may be given.
pub async fn create_schema(admin: &Admin, entity: Entity) -> Result<Vec<FieldInfo>, LookupError> {
    let url = admin.url(&format!("/api/v1/schema/create/{}", entity.as_str()));
    read_reply(fetch("GET", &url, admin.authorization().as_deref(), None).await?)
}

/// `PUT /api/v1/settings` with the admin key; answers the document as saved (new version).
pub async fn save_settings(settings: &Settings, admin: &Admin) -> Result<Settings, LookupError> {
    // Through the browser's JSON, as the other bodies (`lookup_body`): serde_json's writer
    // would be in the settings page's module for this one body. `json_compatible`: maps as
    // objects and `None` as `null`, as serde_json writes them.
    let body = settings
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map(|value| js::json(&value))
        .map_err(|e| LookupError::Unexpected(format!("the settings did not serialize: {e}")))?;
    let url = admin.url("/api/v1/settings");
    // Always sent, even blank: a save without the key is the proxy's 403 to explain.
    let key = format!("Bearer {}", admin.key.trim());
    read_reply(fetch("PUT", &url, Some(&key), Some(body)).await?)
}

/// The customer a lookup searched for, as writes name them: `emails` and E.164 `phones`.
fn customer(searched: &Searched) -> (JsValue, JsValue) {
    let list = |values: &mut dyn Iterator<Item = &str>| -> JsValue {
        values
            .map(JsValue::from_str)
            .collect::<js_sys::Array>()
            .into()
    };
    (
        list(&mut searched.emails.iter().map(String::as_str)),
        list(&mut searched.phones.iter().map(|p| p.e164.as_str())),
    )
}

/// `{"emails": [...], "phones": [...]}` (and `"refresh": true` for the agent's "try again")
/// by the browser's own JSON (serde_json's serializer
/// would add its code to every sidebar's download for this one body).
fn lookup_body(request: &LookupRequest) -> String {
    let list = |values: &[String]| -> js_sys::Array {
        values
            .iter()
            .map(|v| wasm_bindgen::JsValue::from_str(v))
            .collect()
    };
    let mut body = vec![
        ("emails", list(&request.emails).into()),
        ("phones", list(&request.phones).into()),
    ];
    if request.refresh {
        body.push(("refresh", JsValue::TRUE));
    }
    js::json(&js::object(&body))
}
