//! Zendesk Support (ticket and user sidebars), through the ZAF SDK (`ZAFClient`, loaded by the
//! app's page before the widget).
//!
//! The customer is the ticket's requester (`ticket.requester`) or, in the user sidebar, the
//! user: the primary email plus every email and phone identity. Calls to the proxy go through
//! Zendesk's request proxy (`client.request` with `secure: true`), which puts the install's
//! shared secret (a secure setting the browser never sees) into an HS256 JWT it signs; the
//! proxy verifies it. Events re-read the requester when the agent changes it or comes back.

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

/// The secure setting holding the JWT secret (manifest `parameters`, scope `jwt_secret_key`).
pub const SECRET_SETTING: &str = "shared_secret";
/// The setting holding the proxy's URL (manifest `parameters`, type `url`).
pub const PROXY_URL_SETTING: &str = "proxy_url";
/// The audience the proxy expects (`install::JWT_AUDIENCE`).
const AUDIENCE: &str = "sidecard";
/// Seconds Zendesk's proxy makes each token valid for.
const TOKEN_SECONDS: u32 = 300;
/// Zendesk's colour scheme: a query parameter of the frame's URL, then this event.
const SCHEME_EVENT: &str = "colorScheme.changed";
/// Events after which the customer may have changed.
const EVENTS: [&str; 4] = [
    "ticket.requester.id.changed",
    "ticket.requester.email.changed",
    "user.email.changed",
    "app.activated",
];

/// The ZAF client and what `app.registered` told it.
pub struct Zendesk {
    client: RefCell<Option<JsValue>>,
    /// `(proxy URL, account domain)` once known.
    target: RefCell<Option<(String, String)>>,
}

impl Zendesk {
    /// Not connected yet: starting ([`Adapter::start`]) does that.
    pub fn new() -> Self {
        Self {
            client: RefCell::new(None),
            target: RefCell::new(None),
        }
    }

    fn client(&self) -> Option<JsValue> {
        self.client.borrow().clone()
    }

    /// Connects to Zendesk, then reports the customer now and on every change.
    async fn listen(self: Rc<Self>, listener: Listener) {
        // Known before the SDK answers: the frame's URL carries it.
        if let Some(scheme) = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
            .and_then(|p| p.get("colorScheme"))
        {
            (listener.scheme)(scheme);
        }
        match self.connect().await {
            Ok(location) => {
                // The language first: its catalog is fetched while the customer is looked up.
                if let Some(locale) = self.locale().await {
                    (listener.locale)(locale);
                }
                let this = self.clone();
                let reread = super::reread(listener.clone(), move || {
                    let (this, location) = (this.clone(), location.clone());
                    Box::pin(async move { this.subject(&location).await })
                });
                if let Some(client) = self.client() {
                    for event in EVENTS {
                        let reread = reread.clone();
                        js::on(&client, event, Box::new(move |_| reread()));
                    }
                    js::on(
                        &client,
                        SCHEME_EVENT,
                        Box::new(move |value| {
                            if let Some(scheme) = value.as_string() {
                                (listener.scheme)(scheme);
                            }
                        }),
                    );
                }
            }
            Err(message) => (listener.subject)(Err(message)),
        }
    }

    /// `ZAFClient.init()`, the proxy URL setting and the account; answers the location.
    async fn connect(&self) -> Result<String, Message> {
        let window: JsValue = web_sys::window()
            .ok_or_else(|| Message::host_failed("no window"))?
            .into();
        let zaf = js::get(&window, "ZAFClient");
        if zaf.is_undefined() {
            return Err(Message::new("zendesk-sdk-missing"));
        }
        let client = js::call(&zaf, "init", &[]).map_err(Message::host_failed)?;
        if !client.is_object() {
            return Err(Message::new("zendesk-not-in-zendesk"));
        }
        *self.client.borrow_mut() = Some(client.clone());
        let metadata = js::call_async(&client, "metadata", &[])
            .await
            .map_err(Message::host_failed)?;
        let context = js::call_async(&client, "context", &[])
            .await
            .map_err(Message::host_failed)?;
        let proxy_url = js::string(&js::path(&metadata, "settings"), PROXY_URL_SETTING)
            .map(|u| u.trim_end_matches('/').to_owned())
            .filter(|u| proxy_url_ok(u))
            .ok_or_else(|| Message::new("zendesk-proxy-url-setting"))?;
        let subdomain = js::string(&js::path(&context, "account"), "subdomain")
            .ok_or_else(|| Message::new("zendesk-no-account"))?;
        *self.target.borrow_mut() = Some((proxy_url, format!("{subdomain}.zendesk.com")));
        Ok(js::string(&context, "location").unwrap_or_else(|| "ticket_sidebar".into()))
    }

    /// Who the customer is: the requester, or the user in the user sidebar.
    async fn subject(&self, location: &str) -> Result<LookupRequest, String> {
        let client = self.client().ok_or("not connected to Zendesk")?;
        let key = if location == "user_sidebar" {
            "user"
        } else {
            "ticket.requester"
        };
        let answer = js::call_async(&client, "get", &[key.into()]).await?;
        let person = js::get(&answer, key);
        let mut subject = LookupRequest::default();
        if !person.is_object() {
            return Ok(subject);
        }
        js::push_unique(&mut subject.emails, js::string(&person, "email"));
        // Identities (UNCONFIRMED shape: `{type, value}` as in the Support API) carry the
        // customer's other addresses and numbers.
        let identities = js::get(&person, "identities");
        if js_sys::Array::is_array(&identities) {
            for identity in js_sys::Array::from(&identities).iter() {
                let value = js::string(&identity, "value");
                match js::string(&identity, "type").as_deref() {
                    Some("email") => js::push_unique(&mut subject.emails, value),
                    Some("phone_number") => js::push_unique(&mut subject.phones, value),
                    _ => {}
                }
            }
        }
        js::push_unique(&mut subject.phones, js::string(&person, "phone"));
        Ok(subject)
    }

    /// The agent's locale (`currentUser.locale`): their language, dates and money.
    async fn locale(&self) -> Option<String> {
        let client = self.client()?;
        let answer = js::call_async(&client, "get", &["currentUser.locale".into()])
            .await
            .ok()?;
        js::string(&answer, "currentUser.locale")
    }

    /// Sets the sidebar frame's height to the widget's.
    fn resize_frame(&self, height: u32) {
        if let Some(client) = self.client() {
            let size = js::object(&[
                ("width", "100%".into()),
                ("height", format!("{height}px").into()),
            ]);
            let _ = js::call(&client, "invoke", &["resize".into(), size]);
        }
    }

    /// The ticket (in the ticket sidebar), the requester's name and organization, the agent.
    async fn read_context(&self) -> Context {
        let Some(client) = self.client() else {
            return Context::default();
        };
        let paths = [
            "ticket.id",
            "ticket.subject",
            "ticket.via.channel",
            "ticket.requester.name",
            "ticket.organization",
            "currentUser.name",
        ];
        let list: js_sys::Array = paths.iter().map(|p| JsValue::from_str(p)).collect();
        let Ok(answer) = js::call_async(&client, "get", &[list.into()]).await else {
            return Context::default();
        };
        let id = js::get(&answer, "ticket.id");
        let id = id
            .as_f64()
            .map(|n| (n as u64).to_string())
            .or_else(|| id.as_string());
        let domain = self.target.borrow().as_ref().map(|(_, d)| d.clone());
        Context {
            conversation: id.map(|id| Conversation {
                url: domain.map(|d| format!("https://{d}/agent/tickets/{id}")),
                subject: js::string(&answer, "ticket.subject"),
                channel: js::string(&answer, "ticket.via.channel"),
                id,
                direction: None,
                duration_secs: None,
            }),
            name: js::string(&answer, "ticket.requester.name"),
            company: js::string(&js::get(&answer, "ticket.organization"), "name"),
            agent: js::string(&answer, "currentUser.name"),
        }
    }

    /// Sends `body` to `path` on the proxy through Zendesk's request proxy, signed.
    async fn request(&self, method: &str, path: &str, body: String) -> Result<Reply, LookupError> {
        let client = self.client().ok_or(LookupError::Network)?;
        let (proxy_url, issuer) = self.target.borrow().clone().ok_or(LookupError::Network)?;
        let jwt = js::object(&[
            ("algorithm", "HS256".into()),
            (
                "secret_key",
                format!("{{{{setting.{SECRET_SETTING}}}}}").into(),
            ),
            ("expiry", TOKEN_SECONDS.into()),
            (
                "claims",
                js::object(&[("iss", issuer.into()), ("aud", AUDIENCE.into())]),
            ),
        ]);
        let options = js::object(&[
            ("url", format!("{proxy_url}{path}").into()),
            ("type", method.into()),
            ("contentType", "application/json".into()),
            ("data", body.into()),
            (
                "headers",
                js::object(&[("Authorization", "Bearer {{jwt.token}}".into())]),
            ),
            ("jwt", jwt),
            ("secure", true.into()),
            ("cors", false.into()),
            ("httpCompleteResponse", true.into()),
            ("timeout", 15_000.into()),
        ]);
        let request = js::call(&client, "request", &[options]).map_err(LookupError::Unexpected)?;
        // Zendesk resolves 2xx and rejects the rest, both with `{status, responseText}`.
        Reply::settled(js::settle(request).await, |response| {
            js::get(response, "responseText")
                .as_string()
                .or_else(|| Some(js::json(&js::get(response, "responseJSON"))))
        })
    }
}

/// https, or http on this machine (a proxy on a developer's laptop): `http://localhost.evil`
/// is not this machine, so the host must end there or be followed by a port or a path.
fn proxy_url_ok(url: &str) -> bool {
    if url.starts_with("https://") {
        return true;
    }
    ["http://localhost", "http://127.0.0.1"].iter().any(|host| {
        url.strip_prefix(host)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(':') || rest.starts_with('/'))
    })
}

impl Adapter for Zendesk {
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
        Some(Box::pin(self.request(call.method, call.path, body)))
    }
}
