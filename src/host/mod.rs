//! The `Host` seam: the page the widget runs in (Zendesk, Freshdesk, Dynamics CIF, or a plain
//! browser tab) turned into one value that says who the customer is, how to reach the proxy,
//! and what the page lets the widget do. One file per host, each an [`Adapter`] that overrides
//! only what it does differently; [`Host::detect`] picks one (the only place that names the
//! build's features).
//!
//! A help desk's app package marks its page with `<meta name="sidecard-host" content="…">`
//! (`cargo xtask package` writes it; the proxy's Dynamics channel page too); the proxy's own
//! page has none, and its bundle no help desk's adapter.

#[cfg(feature = "cif")]
mod cif;
#[cfg(feature = "freshdesk")]
mod freshdesk;
mod standalone;
#[cfg(feature = "zendesk")]
mod zendesk;

use crate::i18n::{Message, t};
use crate::js;
use crate::transport::{Call, LookupError, Reply};
use sidecard_model::activity::Conversation;
use sidecard_model::{Entity, LookupRequest, Searched};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// What a page does for the widget. The defaults are a help desk's sidebar that names the
/// customer itself: no search box, no settings gear, no records opened in the page, calls
/// going straight to the proxy. Each host overrides what it does differently.
pub trait Adapter {
    /// Starts listening: `listener` hears the customer now and on every change.
    fn start(self: Rc<Self>, listener: Listener);

    /// What the widget says while nobody is named: how the agent names someone here.
    fn prompt(&self) -> String {
        t("prompt-help-desk")
    }

    /// Opens the record in the host, if the host opens records itself (Dynamics opens its
    /// form in the page); `false`: follow the record's link instead.
    fn open_record(&self, entity: Entity, id: &str) -> bool {
        let _ = (entity, id);
        false
    }

    /// Whether the host can open a new contact's form for a customer nobody matched (and
    /// names customers by a number to call, so the card offers the call: in a build with
    /// Dynamics, see [`CALLS`]).
    fn creates_contacts(&self) -> bool {
        false
    }

    /// Opens a new contact's form filled with what was searched.
    fn create_contact(&self, searched: &Searched) {
        let _ = searched;
    }

    /// Called when the agent searched, so the host can keep it.
    fn subject_changed(&self, subject: &LookupRequest) {
        let _ = subject;
    }

    /// The widget's content is `height` CSS pixels tall: hosts that size the frame follow it.
    fn resize(&self, height: u32) {
        let _ = height;
    }

    /// What the host knows around the customer now (asked when the agent acts, so it is the
    /// ticket on screen).
    fn context(&self) -> Pending<'_, Context> {
        Box::pin(async { Context::default() })
    }

    /// Makes `call` through the host's request proxy (or, in Dynamics, with the panel's
    /// session); `None` for a page that calls the proxy directly.
    fn send<'a>(
        &'a self,
        call: &'a Call,
        body: String,
    ) -> Option<Pending<'a, Result<Reply, LookupError>>> {
        let _ = (call, body);
        None
    }

    /// The answer to `call` (with `body`) that the page already holds, taken now: the
    /// standalone page's first lookup when it came in before the widget started, whose cards
    /// are then drawn in the widget's first frame instead of after a skeleton. `None` (the
    /// default, and whenever the answer is not in yet): ask with [`Adapter::send`].
    fn answered(&self, call: &Call, body: &str) -> Option<Result<Reply, LookupError>> {
        let _ = (call, body);
        None
    }
}

/// Reads the customer with `read` now, and again each time the function it returns is called
/// (on the help desk's events: the sidebars re-read on every change, they never keep), telling
/// `listener` what it read, capped at what a lookup takes.
#[cfg(any(feature = "zendesk", feature = "freshdesk"))]
fn reread(
    listener: Listener,
    read: impl Fn() -> Pending<'static, Result<LookupRequest, String>> + 'static,
) -> Rc<dyn Fn()> {
    // The reader boxed, not generic: one copy of this in a build with both help desks.
    let read: Rc<dyn Fn() -> Pending<'static, Result<LookupRequest, String>>> = Rc::new(read);
    let again: Rc<dyn Fn()> = Rc::new(move || {
        let (listener, read) = (listener.clone(), read.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let subject = read().await;
            (listener.subject)(
                subject
                    .map(LookupRequest::capped)
                    .map_err(Message::host_failed),
            );
        });
    });
    again();
    again
}

/// Whether this build is the proxy's own page (the standalone host), where the agent types
/// who to look up, may open the settings page, reads in the browser's language, and no frame
/// needs sizing. Each page's bundle is built with its own host alone and a help desk's page is
/// never the proxy's own, so a help desk's bundle leaves all that out (1.2 to 1.6 KB brotli),
/// and the proxy's page the frame sizing.
const OWN_PAGE: bool = !cfg!(any(
    feature = "zendesk",
    feature = "freshdesk",
    feature = "cif"
));

/// Whether this build has a host that offers calls (Dynamics' click-to-act): the other pages'
/// bundles leave out the call bar.
const CALLS: bool = cfg!(feature = "cif");

/// The adapter of a page without a help desk's mark: the proxy's own page or, in a help desk's
/// bundle (built with that desk alone; its package marks the page), that desk's, which says
/// itself when the page is not inside it (its SDK missing, no frame to talk to).
#[allow(unreachable_code)]
fn unmarked() -> Rc<dyn Adapter> {
    #[cfg(feature = "zendesk")]
    return Rc::new(zendesk::Zendesk::new());
    #[cfg(feature = "freshdesk")]
    return Rc::new(freshdesk::Freshdesk::new());
    #[cfg(feature = "cif")]
    return Rc::new(cif::Cif::new());
    Rc::new(standalone::Standalone)
}

/// A host's answer, later (trait methods that wait on the page's SDK).
pub type Pending<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Where the widget runs: the page's [`Adapter`].
#[derive(Clone)]
pub struct Host(Rc<dyn Adapter>);

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
    /// The host this page is (each page's bundle has only its own hosts).
    pub fn detect() -> Host {
        let adapter: Rc<dyn Adapter> = match js::meta("meta[name=sidecard-host]").as_deref() {
            #[cfg(feature = "zendesk")]
            Some("zendesk") => Rc::new(zendesk::Zendesk::new()),
            #[cfg(feature = "freshdesk")]
            Some("freshdesk") => Rc::new(freshdesk::Freshdesk::new()),
            #[cfg(feature = "cif")]
            Some("cif") => Rc::new(cif::Cif::new()),
            _ => unmarked(),
        };
        Host(adapter)
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
        self.0.clone().start(listener);
    }

    /// Whether the card offers to call the number the host named (Dynamics' click-to-act).
    pub fn offers_calls(&self) -> bool {
        CALLS && self.creates_contacts()
    }

    /// The proxy's own page (no help desk around it): the agent types who to look up, may open
    /// the settings page, reads the browser's language, and no frame needs sizing. Decided by
    /// the build ([`OWN_PAGE`]), so the optimizer drops what the page never does.
    pub fn is_own_page(&self) -> bool {
        OWN_PAGE
    }

    /// Whether this user may open the settings page (the gear). On the proxy's own page anyone
    /// may look (saving needs the admin key); in a help desk the admin opens the settings page
    /// on the proxy itself.
    pub fn shows_settings(&self) -> bool {
        self.is_own_page()
    }

    /// Whether the agent types who to look up (a host that knows the customer hides the box).
    pub fn has_search_box(&self) -> bool {
        self.is_own_page()
    }
}

impl std::ops::Deref for Host {
    type Target = dyn Adapter;

    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}
