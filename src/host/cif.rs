//! Dynamics 365 Sales Hub's channel panel, through the Channel Integration Framework (CIF 1.0):
//! the org's `msdyn_ciLibrary.js`, which the proxy's channel page (`/cif?base=…`) loads ahead
//! of the widget and whose `CIFInitDone` it records in `window.sidecardCif` (a promise: the
//! event fires before the widget has loaded).
//!
//! The customer is the record on screen (`getEnvironment` at start, `onpagenavigate` after):
//! a contact or lead by its emails and phones, an account by its primary contact's. A phone
//! number the agent clicks anywhere in Dynamics (`onclicktoact`) is looked up and offered as a
//! call; an incoming call (`?phone=` on the panel's URL, or a message from a softphone frame
//! the install lists) opens the caller's record in Dynamics.
//!
//! CIF gives the proxy no credential to check, so the panel signs in: the org confirms the
//! user by a note the panel creates as them (`crates/proxy/src/session.rs`).

use super::{Adapter, Context, Listener, Pending, Purpose};
use crate::i18n::Message;
use crate::js;
use crate::transport::{Call, LookupError, Reply, fetch, read_object};
use sidecard_model::activity::{Conversation, Direction};
use sidecard_model::language;
use sidecard_model::{Entity, LookupRequest, Searched};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The panel's documented minimum width.
const MIN_WIDTH: f64 = 300.0;
/// Docked (expanded), in `setMode`.
const DOCKED: i32 = 1;
/// What a softphone frame posts to hand the panel an incoming call.
const CALL_MESSAGE: &str = "sidecard:incoming-call";
/// The columns that hold a contact's or lead's emails and phones.
const PERSON_KEYS: &str =
    "emailaddress1,emailaddress2,emailaddress3,telephone1,telephone2,mobilephone";
const EMAILS: [&str; 3] = ["emailaddress1", "emailaddress2", "emailaddress3"];
const PHONES: [&str; 3] = ["telephone1", "telephone2", "mobilephone"];
/// The entities whose form names a customer, in the order an id of unknown entity is tried.
const CUSTOMERS: [&str; 3] = ["contact", "lead", "account"];

/// The CIF library, the org, and the panel's session.
pub struct Cif {
    api: RefCell<JsValue>,
    /// `https://contoso.crm.dynamics.com` (the page's `sidecard-org`).
    org: String,
    /// Origins whose softphone frames may hand over calls.
    softphones: Vec<String>,
    /// The proxy's session for this panel, once signed in.
    session: RefCell<Option<String>>,
    /// The call the panel last named a customer for: its id (when it reached the panel) and
    /// direction (a clicked number is outgoing, a softphone's call incoming).
    call: RefCell<Option<(String, Direction)>>,
}

impl Cif {
    /// Reads the org and softphones the channel page names.
    pub fn new() -> Self {
        Self {
            api: RefCell::new(JsValue::UNDEFINED),
            org: js::meta("meta[name=sidecard-org]").unwrap_or_default(),
            softphones: js::meta("meta[name=sidecard-softphones]")
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            session: RefCell::new(None),
            call: RefCell::new(None),
        }
    }

    async fn call(&self, method: &str, args: &[JsValue]) -> Result<JsValue, String> {
        let api = self.api.borrow().clone();
        js::call_async(&api, method, args).await
    }

    /// Waits for the library, then reports the customer now and whenever the agent moves on.
    async fn listen(self: Rc<Self>, listener: Listener) {
        let window: JsValue = web_sys::window().map(Into::into).unwrap_or_default();
        let ready = js::get(&window, "sidecardCif");
        if ready.is_undefined() {
            return (listener.subject)(Err(Message::new("cif-open-as-channel")));
        }
        if let Err(why) = js::settle(ready).await {
            let org = &self.org;
            let id = if why.as_string().as_deref() == Some("load") {
                "cif-library-not-loaded"
            } else {
                "cif-library-not-started"
            };
            (listener.subject)(Err(Message::new(id).with("org", org.as_str())));
            return;
        }
        *self.api.borrow_mut() = js::path(&window, "Microsoft.CIFramework");
        let environment = self
            .call("getEnvironment", &[])
            .await
            .map(|e| parse(&e))
            .unwrap_or_default();
        // The user's Dynamics language, as an LCID: `userLcid` is in what the CIF library's
        // getEnvironment returns (read in its source, UNCONFIRMED by the reference page, which
        // lists appid, pageType, id, orgGeo, navigationType). Without it, the browser's.
        let language = js::get(&environment, "userLcid")
            .as_f64()
            .and_then(|lcid| language::lcid_tag(lcid as u32))
            .map(str::to_owned)
            .or_else(|| js::path(&window, "navigator.language").as_string());
        if let Some(language) = language {
            (listener.locale)(language);
        }
        let _ = self.call("setClickToAct", &[true.into()]).await;
        if let Ok(width) = self.call("getWidth", &[]).await
            && width.as_f64().is_some_and(|w| w < MIN_WIDTH)
        {
            let _ = self.call("setWidth", &[MIN_WIDTH.into()]).await;
        }

        let this = self.clone();
        let on_page = listener.clone();
        self.handle("onpagenavigate", move |data| {
            let url = js::string(&data, "value").unwrap_or_default();
            if let Some((entity, id)) = record_in(&url) {
                let (this, listener) = (this.clone(), on_page.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    this.show_record(Some(&entity), &id, &listener).await;
                });
            }
        });
        let this = self.clone();
        let on_click = listener.clone();
        self.handle("onclicktoact", move |data| {
            if let Some(number) = js::string(&data, "value") {
                this.number(number, Purpose::Call, &on_click);
            }
        });
        self.clone().follow_softphones(listener.clone());

        let incoming = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
            .and_then(|p| p.get("phone"))
            .filter(|p| !p.trim().is_empty());
        if let Some(number) = incoming {
            return self.number(number, Purpose::ScreenPop, &listener);
        }
        // Read again now that navigation is followed: the agent may have moved on since.
        let environment = self
            .call("getEnvironment", &[])
            .await
            .map(|e| parse(&e))
            .unwrap_or_default();
        match js::string(&environment, "id") {
            Some(id) if js::string(&environment, "pagetype").as_deref() == Some("entityrecord") => {
                let entity = js::string(&environment, "etn");
                self.show_record(entity.as_deref(), &id, &listener).await;
            }
            _ => (listener.subject)(Ok(LookupRequest::default())),
        }
    }

    /// Registers `f` for a CIF event; its data is a JSON string.
    fn handle(&self, event: &str, f: impl Fn(JsValue) + 'static) {
        let handler = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |data: JsValue| {
            f(data
                .as_string()
                .map(|s| parse(&s.into()))
                .unwrap_or_default());
            // CIF awaits each handler's promise.
            js_sys::Promise::resolve(&JsValue::NULL).into()
        });
        let api = self.api.borrow().clone();
        let _ = js::call(
            &api,
            "addHandler",
            &[event.into(), handler.as_ref().clone()],
        );
        // The library holds it for the page's life.
        handler.forget();
    }

    /// A number to look up, because the agent clicked it or a call is coming in: the panel
    /// opens so the agent sees who it is.
    fn number(self: &Rc<Self>, number: String, purpose: Purpose, listener: &Listener) {
        let direction = if purpose == Purpose::Call {
            Direction::Outbound
        } else {
            Direction::Inbound
        };
        *self.call.borrow_mut() = Some((format!("call-{}", js_sys::Date::now() as u64), direction));
        (listener.purpose)(purpose);
        (listener.subject)(Ok(LookupRequest {
            phones: vec![number.trim().to_owned()],
            ..LookupRequest::default()
        }));
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = this.call("setMode", &[DOCKED.into()]).await;
        });
    }

    /// Incoming calls from the install's softphone frames (`postMessage`
    /// `{type: "sidecard:incoming-call", phone}`); other origins are ignored.
    fn follow_softphones(self: Rc<Self>, listener: Listener) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let handler =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let data = e.data();
                if !self.softphones.contains(&e.origin())
                    || js::string(&data, "type").as_deref() != Some(CALL_MESSAGE)
                {
                    return;
                }
                if let Some(number) = js::string(&data, "phone") {
                    self.number(number, Purpose::ScreenPop, &listener);
                }
            });
        let _ =
            window.add_event_listener_with_callback("message", handler.as_ref().unchecked_ref());
        handler.forget();
    }

    /// The customer on the form of `entity` `id` (an unknown entity is tried as each kind).
    async fn show_record(&self, entity: Option<&str>, id: &str, listener: &Listener) {
        let id = id.trim_matches(|c| c == '{' || c == '}');
        let kinds: Vec<&str> = match entity {
            Some(e) if CUSTOMERS.contains(&e) => vec![e],
            Some(_) => return,
            None => CUSTOMERS.to_vec(),
        };
        (listener.purpose)(Purpose::Show);
        let mut last = String::new();
        for kind in kinds {
            let options = if kind == "account" {
                format!(
                    "?$select=emailaddress1,telephone1&$expand=primarycontactid($select={PERSON_KEYS})"
                )
            } else {
                format!("?$select={PERSON_KEYS}")
            };
            match self
                .call("retrieveRecord", &[kind.into(), id.into(), options.into()])
                .await
            {
                Ok(record) => {
                    let record = parse(&record);
                    let primary = js::get(&record, "primarycontactid");
                    let person = if primary.is_object() { primary } else { record };
                    return (listener.subject)(Ok(keys_of(&person)));
                }
                Err(e) => last = e,
            }
        }
        (listener.subject)(Err(Message::new("cif-record-refused").with("detail", last)));
    }

    /// Opens a record's form in Dynamics.
    fn open_form_of(&self, entity: Entity, id: &str) {
        let options = js::object(&[
            ("entityName", logical_name(entity).into()),
            ("entityId", id.into()),
        ]);
        self.open_form(options, js::object(&[]));
    }

    /// The panel's conversation: the last call that reached it, with its direction (CIF names
    /// no call id or duration: the id is when the call reached the panel, and the duration is
    /// left to the softphone), else this opening of the panel. The proxy knows the agent
    /// from the session.
    fn conversation(&self) -> Context {
        thread_local! {
            static OPENED: String = format!("dynamics-{}", js_sys::Date::now() as u64);
        }
        let call = self.call.borrow().clone();
        Context {
            conversation: Some(Conversation {
                id: call
                    .as_ref()
                    .map_or_else(|| OPENED.with(Clone::clone), |(id, _)| id.clone()),
                subject: None,
                url: None,
                channel: Some("phone".into()),
                direction: call.map(|(_, direction)| direction),
                duration_secs: None,
            }),
            ..Context::default()
        }
    }

    /// Opens a new contact's quick-create form, filled with what was searched.
    fn open_quick_create(&self, searched: &Searched) {
        let options = js::object(&[
            ("entityName", "contact".into()),
            ("useQuickCreateForm", true.into()),
        ]);
        let mut fill = Vec::new();
        if let Some(email) = searched.emails.first() {
            fill.push(("emailaddress1", JsValue::from_str(email)));
        }
        if let Some(phone) = searched.phones.first() {
            fill.push(("telephone1", JsValue::from_str(&phone.input)));
        }
        self.open_form(options, js::object(&fill));
    }

    fn open_form(&self, options: JsValue, parameters: JsValue) {
        let api = self.api.borrow().clone();
        // Both arguments are JSON strings (`Xrm.Navigation.openForm`'s options and values).
        let _ = js::call(
            &api,
            "openForm",
            &[js::json(&options).into(), js::json(&parameters).into()],
        );
    }

    /// POSTs `body` to the proxy with the panel's session, signing in first (and again once
    /// when the session has expired).
    async fn send_with_session(
        &self,
        method: &str,
        path: &str,
        body: String,
    ) -> Result<Reply, LookupError> {
        for retry in [false, true] {
            let current = self.session.borrow().clone();
            let session = match current {
                Some(session) => session,
                None => self.sign_in().await?,
            };
            let reply = fetch(
                method,
                path,
                Some(&format!("Bearer {session}")),
                Some(body.clone()),
            )
            .await?;
            if reply.status != 401 || retry {
                return Ok(reply);
            }
            *self.session.borrow_mut() = None;
        }
        Err(LookupError::Network)
    }

    /// The org confirms who the agent is: a note holding the proxy's nonce, created as the
    /// agent, is what the proxy checks.
    async fn sign_in(&self) -> Result<String, LookupError> {
        let challenge = challenge(&self.org).await?;
        let note = js::object(&[
            ("subject", challenge.subject.into()),
            ("notetext", challenge.nonce.into()),
        ]);
        let created = self
            .call(
                "createRecord",
                &["annotation".into(), js::json(&note).into()],
            )
            .await
            .map_err(|e| {
                LookupError::Host(Message::new("cif-sign-in-refused").with("detail", e))
            })?;
        let note = js::string(&parse(&created), "id").unwrap_or_default();
        let session = session(&challenge.challenge, &note).await?;
        *self.session.borrow_mut() = Some(session.clone());
        Ok(session)
    }
}

/// What the proxy's `POST /api/v1/cif/challenge` gives the Dynamics panel to sign in with.
struct Challenge {
    /// The signed challenge, handed back with the note's id.
    challenge: String,
    /// What the note must hold.
    nonce: String,
    /// The note's title.
    subject: String,
}

/// `POST /api/v1/cif/challenge {org}`: step 1 of the Dynamics panel's sign-in.
async fn challenge(org: &str) -> Result<Challenge, LookupError> {
    let body = js::json(&js::object(&[("org", org.into())]));
    let answer = read_object(fetch("POST", "/api/v1/cif/challenge", None, Some(body)).await?)?;
    let field = |name| js::string(&answer, name).unwrap_or_default();
    Ok(Challenge {
        challenge: field("challenge"),
        nonce: field("nonce"),
        subject: field("subject"),
    })
}

/// `POST /api/v1/cif/session {challenge, note}`: the panel's session, once the org confirmed
/// the note.
async fn session(challenge: &str, note: &str) -> Result<String, LookupError> {
    let body = js::json(&js::object(&[
        ("challenge", challenge.into()),
        ("note", note.into()),
    ]));
    let answer = read_object(fetch("POST", "/api/v1/cif/session", None, Some(body)).await?)?;
    js::string(&answer, "token")
        .ok_or_else(|| LookupError::Unexpected("the sign-in answered no session".into()))
}

/// The entity and id of a record form's URL (`…main.aspx?…&etn=contact&id=<guid>`).
fn record_in(url: &str) -> Option<(String, String)> {
    let params = web_sys::UrlSearchParams::new_with_str(url.split_once('?')?.1).ok()?;
    Some((params.get("etn")?, params.get("id")?))
}

/// Emails and phones of a contact or lead as Dataverse names them.
fn keys_of(person: &JsValue) -> LookupRequest {
    let mut request = LookupRequest::default();
    for key in EMAILS {
        js::push_unique(&mut request.emails, js::string(person, key));
    }
    for key in PHONES {
        js::push_unique(&mut request.phones, js::string(person, key));
    }
    request
}

/// Dataverse's logical name for each kind of record Sidecard shows.
fn logical_name(entity: Entity) -> &'static str {
    match entity {
        Entity::Contact => "contact",
        Entity::Lead => "lead",
        Entity::Account => "account",
        Entity::Deal => "opportunity",
        Entity::Activity => "activitypointer",
    }
}

/// CIF answers JSON strings: the object they hold (`undefined` if they hold none).
fn parse(value: &JsValue) -> JsValue {
    value
        .as_string()
        .and_then(|s| js_sys::JSON::parse(&s).ok())
        .unwrap_or_default()
}

impl Adapter for Cif {
    fn start(self: Rc<Self>, listener: Listener) {
        wasm_bindgen_futures::spawn_local(self.listen(listener));
    }

    fn prompt(&self) -> String {
        crate::i18n::t("prompt-dynamics")
    }

    fn open_record(&self, entity: Entity, id: &str) -> bool {
        self.open_form_of(entity, id);
        true
    }

    fn creates_contacts(&self) -> bool {
        true
    }

    fn create_contact(&self, searched: &Searched) {
        self.open_quick_create(searched);
    }

    // The panel's height is Dynamics'; its width is kept usable at start.

    fn context(&self) -> Pending<'_, Context> {
        let context = self.conversation();
        Box::pin(async move { context })
    }

    fn send<'a>(
        &'a self,
        call: &'a Call,
        body: String,
    ) -> Option<Pending<'a, Result<Reply, LookupError>>> {
        Some(Box::pin(self.send_with_session(
            call.method,
            call.path,
            body,
        )))
    }
}
