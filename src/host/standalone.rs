//! The standalone host: a browser tab on the proxy's own page. The customer comes from
//! `?email=…&phone=…` (repeatable) or from what the agent types; the URL follows the search so
//! a reload or a shared link shows the same customer.

use super::{Adapter, Context, Listener, Pending};
use crate::i18n::t;
use sidecard_model::LookupRequest;
use sidecard_model::activity::Conversation;
use std::rc::Rc;

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
}
