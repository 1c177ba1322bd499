//! The standalone host: a browser tab on the proxy's own page. The customer comes from
//! `?email=…&phone=…` (repeatable) or from what the agent types; the URL follows the search so
//! a reload or a shared link shows the same customer.
//!
//! The page sends the URL's lookup itself while the module downloads (`www/first-lookup.js`),
//! and the widget's first lookup takes that answer when it is the same request: at once when it
//! came in before the widget started, so the cards are drawn in the widget's first frame
//! ([`Standalone::answered`]), or when it comes ([`Standalone::send`]).

use super::{Adapter, Context, Listener, OWN_PAGE, Pending};
use crate::i18n::t;
use crate::js;
use crate::transport::{Call, LookupError, Reply};
use sidecard_model::LookupRequest;
use sidecard_model::activity::Conversation;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// The standalone host (it holds no state: the URL is the state).
#[derive(Clone)]
pub struct Standalone;

impl Standalone {
    /// The `email` and `phone` parameters of the page's URL.
    fn initial_subject(&self) -> LookupRequest {
        let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
            return LookupRequest::default();
        };
        let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
            return LookupRequest::default();
        };
        let all = |name: &str| -> Vec<String> {
            params
                .get_all(name)
                .iter()
                .filter_map(|v| v.as_string())
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .collect()
        };
        LookupRequest {
            // A `+` typed into a URL by hand arrives as a space; no address contains a space.
            emails: all("email")
                .into_iter()
                .map(|e| e.replace(' ', "+"))
                .collect(),
            phones: all("phone"),
            refresh: false,
        }
    }

    /// What the page's own first lookup (`www/first-lookup.js`) left, when `call` with `body` is
    /// the request it sent (the same method, path and body): taken once, by the widget's first
    /// call, whatever that asks (every call after it, "Try again" included, asks the proxy
    /// anew). With `answered`, only once its answer is in: until then it is left for the call
    /// that waits for it. Anything else goes straight to the proxy.
    fn first_lookup(&self, call: &Call, body: &str, answered: bool) -> Option<JsValue> {
        // Only the proxy's own page has the script: a help desk's bundle leaves this out.
        if !OWN_PAGE {
            return None;
        }
        let window = web_sys::window()?;
        let sent = js::get(&window, FIRST_LOOKUP);
        if sent.is_undefined() || (answered && js::get(&sent, ANSWER).is_undefined()) {
            return None;
        }
        // Once only: a record that stays (it could not be deleted) is never used, or a later
        // search for the same customer would get this old answer.
        if js_sys::Reflect::delete_property(&window, &FIRST_LOOKUP.into()) != Ok(true) {
            return None;
        }
        let same =
            |name: &str, value: &str| js::get(&sent, name).as_string().as_deref() == Some(value);
        (same("method", call.method) && same("path", call.path) && same("body", body))
            .then_some(sent)
    }

    /// The page is the conversation: logs from one visit of it are one conversation.
    fn conversation(&self) -> Context {
        thread_local! {
            static OPENED: String = format!("standalone-{}", js_sys::Date::now() as u64);
        }
        Context {
            conversation: Some(Conversation {
                id: OPENED.with(Clone::clone),
                subject: None,
                url: None,
                channel: None,
                direction: None,
                duration_secs: None,
            }),
            agent: Some("the standalone page".into()),
            ..Context::default()
        }
    }

    /// Puts the subject in the URL without adding a history entry per keystroke-search.
    fn keep_in_url(&self, subject: &LookupRequest) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Ok(params) = web_sys::UrlSearchParams::new() else {
            return;
        };
        for (name, value) in subject.query_pairs() {
            params.append(name, value);
        }
        let query: String = params.to_string().into();
        let url = if query.is_empty() {
            window.location().pathname().unwrap_or_else(|_| "/".into())
        } else {
            format!("?{query}")
        };
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

impl Adapter for Standalone {
    fn start(self: Rc<Self>, listener: Listener) {
        (listener.subject)(Ok(self.initial_subject()));
    }

    fn prompt(&self) -> String {
        t("prompt-standalone")
    }

    fn subject_changed(&self, subject: &LookupRequest) {
        self.keep_in_url(subject);
    }

    fn context(&self) -> Pending<'_, Context> {
        let context = self.conversation();
        Box::pin(async move { context })
    }

    /// The page's own first lookup, when `call` is the request it sent
    /// ([`Standalone::first_lookup`]), awaited.
    fn send<'a>(
        &'a self,
        call: &'a Call,
        body: String,
    ) -> Option<Pending<'a, Result<Reply, LookupError>>> {
        let reply = js::get(&self.first_lookup(call, &body, false)?, REPLY);
        Some(Box::pin(
            async move { read_answer(js::settle(reply).await) },
        ))
    }

    /// The page's own first lookup, when `call` is the request it sent and its answer is in
    /// ([`Standalone::first_lookup`]).
    fn answered(&self, call: &Call, body: &str) -> Option<Result<Reply, LookupError>> {
        let answer = js::get(&self.first_lookup(call, body, true)?, ANSWER);
        Some(read_answer(Ok(answer)))
    }
}

/// The first lookup's answer, `{status, body}`, settled (or not: no answer at all) as a help
/// desk's request proxy settles.
fn read_answer(outcome: Result<JsValue, JsValue>) -> Result<Reply, LookupError> {
    Reply::settled(outcome, |answer| js::get(answer, "body").as_string())
}

/// Where `www/first-lookup.js` leaves the request it sent, `{method, path, body}`, [`REPLY`]
/// and, once that answer is in, [`ANSWER`].
const FIRST_LOOKUP: &str = "sidecardFirstLookup";

/// A promise of the first lookup's answer, `{status, body}` (rejected when there was no answer).
const REPLY: &str = "reply";

/// The first lookup's answer, `{status, body}`, once it is in.
const ANSWER: &str = "answer";
