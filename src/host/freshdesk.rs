//! Freshdesk (ticket and contact sidebars), through the Freshworks app client (`window.app`,
//! injected by the `{{{appclient}}}` script the app's page loads).
//!
//! The customer is the ticket's requester (`requester`) or, in the contact sidebar, the contact:
//! email, other emails, phone and mobile. Sidebar apps start minimized and get `app.activated`
//! each time the agent opens them or moves to another ticket, so the customer is read again on
//! every activation, never kept. Calls to the proxy go through the app's request templates
//! (`config/requests.json`), whose header carries the install's secure API key: the browser
//! never sees it.

use super::{Adapter, Context, Listener, Pending};
use crate::i18n::Message;
use crate::js;
use crate::transport::Call;
use crate::transport::LookupError;
use crate::transport::Reply;
use sidecard_model::LookupRequest;
use sidecard_model::activity::Conversation;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// How long to wait for the app client script (loaded `async`) to define `window.app`.
const CLIENT_WAIT_MS: u32 = 10_000;
/// Freshdesk's limit on an app frame's height.
const MAX_HEIGHT: u32 = 700;

/// The Freshworks client, once `app.initialized()` gave it.
pub struct Freshdesk {
    client: RefCell<Option<JsValue>>,
}

impl Freshdesk {
    /// Not connected yet: starting ([`Adapter::start`]) does that.
    pub fn new() -> Self {
        Self {
            client: RefCell::new(None),
        }
    }

    fn client(&self) -> Option<JsValue> {
        self.client.borrow().clone()
    }

    /// Connects, then reports the customer now and on every activation.
    async fn listen(self: Rc<Self>, listener: Listener) {
        let client = match connect().await {
            Ok(client) => client,
            Err(message) => return (listener.subject)(Err(message)),
        };
        *self.client.borrow_mut() = Some(client.clone());
        let contact_sidebar = js::call(&js::get(&client, "instance"), "context", &[])
            .ok()
            .map(js::settle);
        let contact_sidebar = match contact_sidebar {
            Some(context) => context
                .await
                .ok()
                .and_then(|c| js::string(&c, "location"))
                .is_some_and(|l| l.starts_with("contact")),
            None => false,
        };
        // The language first: its catalog is fetched while the customer is looked up.
        if let Some(locale) = self.locale().await {
            (listener.locale)(locale);
        }
        let this = self.clone();
        let reread = super::reread(listener, move || {
            let this = this.clone();
            Box::pin(async move { this.subject(contact_sidebar).await })
        });
        js::on(
            &js::get(&client, "events"),
            "app.activated",
            Box::new(move |_| reread()),
        );
    }

    /// The requester (or contact): every email and number Freshdesk gives.
    async fn subject(&self, contact_sidebar: bool) -> Result<LookupRequest, String> {
        let client = self.client().ok_or("not connected to Freshdesk")?;
        let name = if contact_sidebar {
            "contact"
        } else {
            "requester"
        };
        let data = js::get(&client, "data");
        let answer = js::call_async(&data, "get", &[name.into()]).await?;
        let person = js::get(&answer, name);
        let mut subject = LookupRequest::default();
        if !person.is_object() {
            return Ok(subject);
        }
        js::push_unique(&mut subject.emails, js::string(&person, "email"));
        let others = js::get(&person, "other_emails");
        if js_sys::Array::is_array(&others) {
            for other in js_sys::Array::from(&others).iter() {
                js::push_unique(&mut subject.emails, other.as_string());
            }
        }
        js::push_unique(&mut subject.phones, js::string(&person, "phone"));
        js::push_unique(&mut subject.phones, js::string(&person, "mobile"));
        Ok(subject)
    }

    /// The agent's language (`loggedInUser.contact.language`): their language, dates and money.
    async fn locale(&self) -> Option<String> {
        let client = self.client()?;
        let data = js::get(&client, "data");
        let answer = js::call_async(&data, "get", &["loggedInUser".into()])
            .await
            .ok()?;
        js::string(&js::path(&answer, "loggedInUser.contact"), "language")
    }

    /// Sets the app frame's height (Freshdesk caps it at 700 px and scrolls past that).
    fn resize_frame(&self, height: u32) {
        if let Some(client) = self.client() {
            let size = js::object(&[("height", format!("{}px", height.min(MAX_HEIGHT)).into())]);
            let _ = js::call(&js::get(&client, "instance"), "resize", &[size]);
        }
    }

    /// The ticket (in the ticket sidebar), the requester's name and company, the agent.
    async fn read_context(&self) -> Context {
        let Some(client) = self.client() else {
            return Context::default();
        };
        let data = js::get(&client, "data");
        let get = |name: &'static str| {
            let data = data.clone();
            async move {
                js::call_async(&data, "get", &[name.into()])
                    .await
                    .map(|answer| js::get(&answer, name))
                    .unwrap_or(JsValue::UNDEFINED)
            }
        };
        let ticket = get("ticket").await;
        let requester = get("requester").await;
        let agent = get("loggedInUser").await;
        let company = get("company").await;
        let domain = get("domainName").await.as_string();
        let id = js::get(&ticket, "id")
            .as_f64()
            .map(|n| (n as u64).to_string());
        Context {
            conversation: id.map(|id| Conversation {
                url: domain.map(|d| format!("https://{d}/a/tickets/{id}")),
                subject: js::string(&ticket, "subject"),
                channel: js::get(&ticket, "source")
                    .as_f64()
                    .and_then(|code| channel(code as u32))
                    .map(str::to_owned),
                id,
                direction: None,
                duration_secs: None,
            }),
            name: js::string(&requester, "name"),
            company: js::string(&company, "name"),
            agent: js::string(&js::get(&agent, "contact"), "name"),
        }
    }

    /// Invokes the request template `template` with `body`.
    async fn invoke(&self, template: &str, body: String) -> Result<Reply, LookupError> {
        let client = self.client().ok_or(LookupError::Network)?;
        let options = js::object(&[("body", body.into())]);
        let request = js::get(&client, "request");
        let call = js::call(&request, "invokeTemplate", &[template.into(), options])
            .map_err(LookupError::Unexpected)?;
        // Resolves 2xx, rejects the rest; both carry `{status, response}` (body as a string).
        Reply::settled(js::settle(call).await, |response| {
            js::get(response, "response").as_string()
        })
    }
}

/// A ticket's `source` as a channel's name (Freshdesk API, "Tickets": source values).
fn channel(source: u32) -> Option<&'static str> {
    Some(match source {
        1 => "email",
        2 => "portal",
        3 => "phone",
        7 => "chat",
        9 => "feedback widget",
        10 => "outbound email",
        _ => return None,
    })
}

/// `await app.initialized()`, once the client script has defined `app`.
async fn connect() -> Result<JsValue, Message> {
    let window = web_sys::window().ok_or_else(|| Message::host_failed("no window"))?;
    let mut waited: u32 = 0;
    let app = loop {
        let app = js::get(&window.clone().into(), "app");
        if app.is_object() && !js::get(&app, "initialized").is_undefined() {
            break app;
        }
        if waited >= CLIENT_WAIT_MS {
            return Err(Message::new("freshdesk-client-missing"));
        }
        sleep(50).await;
        waited += 50;
    };
    js::call_async(&app, "initialized", &[])
        .await
        .map_err(Message::host_failed)
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

impl Adapter for Freshdesk {
    fn start(self: Rc<Self>, listener: Listener) {
        wasm_bindgen_futures::spawn_local(self.listen(listener));
    }

    fn resize(&self, height: u32) {
        self.resize_frame(height);
    }

    fn context(&self) -> Pending<'_, Context> {
        Box::pin(self.read_context())
    }

    fn send<'a>(
        &'a self,
        call: &'a Call,
        body: String,
    ) -> Option<Pending<'a, Result<Reply, LookupError>>> {
        Some(Box::pin(self.invoke(call.template, body)))
    }
}
