//! The `Host` seam: the page the widget runs in (Zendesk, Freshdesk, Dynamics CIF, or a plain
//! browser tab) turned into one value that says who the customer is, how to reach the proxy,
//! and what the page lets the widget do. One file per host; [`Host::detect`] picks one.
//!
//! A help desk's app package marks its page with `<meta name="sidecard-host" content="…">`
//! (`cargo xtask package` writes it); a page without one is the standalone page.

mod freshdesk;
pub(crate) mod js;
mod standalone;
mod zendesk;

use crate::api::LookupError;
use sidecard_model::LookupRequest;
use std::rc::Rc;

/// Where the widget runs.
#[derive(Clone)]
pub enum Host {
    /// A plain browser tab: the customer comes from the URL or the search box.
    Standalone(standalone::Standalone),
    /// Zendesk Support's ticket or user sidebar.
    Zendesk(Rc<zendesk::Zendesk>),
    /// Freshdesk's ticket or contact sidebar.
    Freshdesk(Rc<freshdesk::Freshdesk>),
}

/// What the host tells the widget as it learns it.
#[derive(Clone)]
pub struct Listener {
    /// The customer (now, and again whenever the agent moves on), or why the host could not
    /// say.
    pub subject: Rc<dyn Fn(Result<LookupRequest, String>)>,
    /// The agent's locale (BCP 47), for dates and money.
    pub locale: Rc<dyn Fn(String)>,
    /// The host's colour scheme, `light` or `dark`, where the host says.
    pub scheme: Rc<dyn Fn(String)>,
}

/// An answer from the proxy that came through a host's request proxy.
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// The body, as text.
    pub body: String,
}

impl Host {
    /// The host this page is.
    pub fn detect() -> Host {
        let marker = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("meta[name=sidecard-host]").ok().flatten())
            .and_then(|m| m.get_attribute("content"));
        match marker.as_deref() {
            Some("zendesk") => Host::Zendesk(Rc::new(zendesk::Zendesk::new())),
            Some("freshdesk") => Host::Freshdesk(Rc::new(freshdesk::Freshdesk::new())),
            _ => Host::Standalone(standalone::Standalone),
        }
    }

    /// Starts listening: `listener` hears the customer now and on every change.
    pub fn start(&self, listener: Listener) {
        match self {
            Host::Standalone(h) => (listener.subject)(Ok(h.initial_subject())),
            Host::Zendesk(h) => wasm_bindgen_futures::spawn_local(h.clone().start(listener)),
            Host::Freshdesk(h) => wasm_bindgen_futures::spawn_local(h.clone().start(listener)),
        }
    }

    /// Whether this user may open the settings page (the gear). In the standalone page anyone
    /// may look (saving needs the admin key); in a help desk the admin opens the settings page
    /// on the proxy itself.
    pub fn shows_settings(&self) -> bool {
        matches!(self, Host::Standalone(_))
    }

    /// Whether the agent types who to look up (a host that knows the customer hides the box).
    pub fn has_search_box(&self) -> bool {
        matches!(self, Host::Standalone(_))
    }

    /// Called when the agent searched, so the host can keep it (the standalone URL does, so a
    /// reload or a shared link shows the same customer).
    pub fn subject_changed(&self, subject: &LookupRequest) {
        if let Host::Standalone(h) = self {
            h.subject_changed(subject);
        }
    }

    /// The widget's content is `height` CSS pixels tall: hosts that size the frame follow it.
    pub fn resize(&self, height: u32) {
        match self {
            Host::Standalone(_) => {}
            Host::Zendesk(h) => h.resize(height),
            Host::Freshdesk(h) => h.resize(height),
        }
    }

    /// POSTs JSON to the proxy through the host's request proxy; `None` for hosts that call
    /// the proxy directly (`path` for Zendesk, `template` for Freshdesk's request templates).
    pub async fn post(
        &self,
        path: &str,
        template: &str,
        body: String,
    ) -> Option<Result<Reply, LookupError>> {
        match self {
            Host::Standalone(_) => None,
            Host::Zendesk(h) => Some(h.post(path, body).await),
            Host::Freshdesk(h) => Some(h.invoke(template, body).await),
        }
    }
}
