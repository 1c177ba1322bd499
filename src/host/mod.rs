//! The `Host` seam: the page the widget runs in (Zendesk, Freshdesk, Dynamics CIF, or a plain
//! browser tab) turned into one value that says who the customer is, how to reach the proxy,
//! and what the page lets the widget do. One file per host; [`Host::detect`] picks one.
//!
//! A help desk's app package marks its page with `<meta name="sidecard-host" content="…">`
//! (`cargo xtask package` writes it; the proxy's Dynamics channel page too); a page without
//! one is the standalone page.

#[cfg(feature = "cif")]
mod cif;
#[cfg(feature = "freshdesk")]
mod freshdesk;
mod standalone;
#[cfg(feature = "zendesk")]
mod zendesk;

use crate::i18n::{Message, t};
use crate::js;
use crate::transport::{LookupError, Reply};
use sidecard_model::activity::Conversation;
use sidecard_model::{Entity, LookupRequest, Searched};
use std::rc::Rc;

/// Where the widget runs.
#[derive(Clone)]
pub enum Host {
    /// A plain browser tab: the customer comes from the URL or the search box.
    Standalone(standalone::Standalone),
    /// Zendesk Support's ticket or user sidebar.
    #[cfg(feature = "zendesk")]
    Zendesk(Rc<zendesk::Zendesk>),
    /// Freshdesk's ticket or contact sidebar.
    #[cfg(feature = "freshdesk")]
    Freshdesk(Rc<freshdesk::Freshdesk>),
    /// Dynamics 365's channel panel (Channel Integration Framework).
    #[cfg(feature = "cif")]
    Cif(Rc<cif::Cif>),
}

/// Why the host names a customer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Purpose {
    /// They are on the agent's screen: show their cards.
    #[default]
    Show,
    /// The agent clicked their number: show who it is and offer the call.
    Call,
    /// They are calling in: open their record in the host.
    ScreenPop,
}

/// What the host tells the widget as it learns it.
#[derive(Clone)]
pub struct Listener {
    /// The customer (now, and again whenever the agent moves on), or why the host could not
    /// say.
    pub subject: Rc<dyn Fn(Result<LookupRequest, Message>)>,
    /// The agent's locale (BCP 47): their language, dates and money.
    pub locale: Rc<dyn Fn(String)>,
    /// The host's colour scheme, `light` or `dark`, where the host says.
    pub scheme: Rc<dyn Fn(String)>,
    /// Why the next subject is named (said just before it; [`Purpose::Show`] until said).
    pub purpose: Rc<dyn Fn(Purpose)>,
}

/// What the host knows around the customer, for the agent's actions: the conversation a log
/// records, the customer's name and company for a new person, the agent's name for a pin.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The conversation; `None` where the page shows no ticket (a user or contact sidebar).
    pub conversation: Option<Conversation>,
    /// The customer's name, as the host has it.
    pub name: Option<String>,
    /// Their company, where the host knows it.
    pub company: Option<String>,
    /// The agent, as the host names them.
    pub agent: Option<String>,
}

impl Host {
    /// The host this page is.
    pub fn detect() -> Host {
        match js::meta("meta[name=sidecard-host]").as_deref() {
            #[cfg(feature = "zendesk")]
            Some("zendesk") => Host::Zendesk(Rc::new(zendesk::Zendesk::new())),
            #[cfg(feature = "freshdesk")]
            Some("freshdesk") => Host::Freshdesk(Rc::new(freshdesk::Freshdesk::new())),
            #[cfg(feature = "cif")]
            Some("cif") => Host::Cif(Rc::new(cif::Cif::new())),
            _ => Host::Standalone(standalone::Standalone),
        }
    }

    /// Makes the host available to views ([`Host::from_context`]). Leptos contexts must be
    /// `Send`; the host lives on this one thread, so it is stored locally.
    pub fn provide(&self) {
        leptos::prelude::provide_context(leptos::prelude::StoredValue::new_local(self.clone()));
    }

    /// The host [`Host::provide`] made available, if any (the settings page's previews have none).
    pub fn from_context() -> Option<Host> {
        use leptos::prelude::*;
        use_context::<StoredValue<Host, LocalStorage>>().map(|h| h.get_value())
    }

    /// Starts listening: `listener` hears the customer now and on every change.
    pub fn start(&self, listener: Listener) {
        match self {
            Host::Standalone(h) => (listener.subject)(Ok(h.initial_subject())),
            #[cfg(feature = "zendesk")]
            Host::Zendesk(h) => wasm_bindgen_futures::spawn_local(h.clone().start(listener)),
            #[cfg(feature = "freshdesk")]
            Host::Freshdesk(h) => wasm_bindgen_futures::spawn_local(h.clone().start(listener)),
            #[cfg(feature = "cif")]
            Host::Cif(h) => wasm_bindgen_futures::spawn_local(h.clone().start(listener)),
        }
    }

    /// Opens the record in the host, if the host opens records itself (Dynamics opens its
    /// form in the page); `false`: follow the record's link instead.
    pub fn open_record(&self, entity: Entity, id: &str) -> bool {
        #[cfg(feature = "cif")]
        if let Host::Cif(h) = self {
            h.open_record(entity, id);
            return true;
        }
        let _ = (entity, id);
        false
    }

    /// Whether the host names customers by a number to call (Dynamics' click-to-act), so the
    /// card offers the call.
    pub fn offers_calls(&self) -> bool {
        self.creates_contacts()
    }

    /// Whether the host can open a new contact's form for a customer nobody matched.
    pub fn creates_contacts(&self) -> bool {
        #[cfg(feature = "cif")]
        if let Host::Cif(_) = self {
            return true;
        }
        false
    }

    /// Opens a new contact's form filled with what was searched.
    pub fn create_contact(&self, searched: &Searched) {
        #[cfg(feature = "cif")]
        if let Host::Cif(h) = self {
            h.create_contact(searched);
        }
        let _ = searched;
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

    /// What the widget says while nobody is named: how the agent names someone here.
    pub fn prompt(&self) -> String {
        #[cfg(feature = "cif")]
        if let Host::Cif(_) = self {
            return t("prompt-dynamics");
        }
        t(if let Host::Standalone(_) = self {
            "prompt-standalone"
        } else {
            "prompt-help-desk"
        })
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
        // Each build has only some hosts: not all of them read every argument.
        let _ = height;
        match self {
            Host::Standalone(_) => {}
            #[cfg(feature = "zendesk")]
            Host::Zendesk(h) => h.resize(height),
            #[cfg(feature = "freshdesk")]
            Host::Freshdesk(h) => h.resize(height),
            // The panel's height is Dynamics'; its width is kept usable at start.
            #[cfg(feature = "cif")]
            Host::Cif(_) => {}
        }
    }

    /// What the host knows around the customer now (asked when the agent acts, so it is
    /// the ticket on screen).
    pub async fn context(&self) -> Context {
        match self {
            Host::Standalone(h) => h.context(),
            #[cfg(feature = "zendesk")]
            Host::Zendesk(h) => h.context().await,
            #[cfg(feature = "freshdesk")]
            Host::Freshdesk(h) => h.context().await,
            #[cfg(feature = "cif")]
            Host::Cif(h) => h.context(),
        }
    }

    /// Sends JSON to the proxy through the host's request proxy (or, in Dynamics, with the
    /// panel's session); `None` for hosts that call the proxy directly (`path` for Zendesk and
    /// Dynamics, `template` for Freshdesk's request templates, each of one method and path).
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        template: &str,
        body: String,
    ) -> Option<Result<Reply, LookupError>> {
        let _ = (method, path, template);
        match self {
            Host::Standalone(_) => None,
            #[cfg(feature = "zendesk")]
            Host::Zendesk(h) => Some(h.send(method, path, body).await),
            #[cfg(feature = "freshdesk")]
            Host::Freshdesk(h) => Some(h.invoke(template, body).await),
            #[cfg(feature = "cif")]
            Host::Cif(h) => Some(h.send(method, path, body).await),
        }
    }
}
