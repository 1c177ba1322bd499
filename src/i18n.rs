//! The agent's language. Every sentence the widget shows comes from a Fluent catalog,
//! `locales/<language>.ftl`, one file per language (Project Fluent's syntax: plurals through
//! the browser's `Intl.PluralRules`, placeables, variants).
//!
//! - **Formatting** is Project Fluent's own JavaScript implementation, `@fluent/bundle`,
//!   which each page inlines as the global `FluentBundle` (`cargo xtask build` bundles it from
//!   npm: 2.4 KB brotli). The Rust crate `fluent-bundle` cost about 30 KB brotli more in this
//!   module (its parser, the CLDR plural tables the browser already has): measured, and the
//!   size report decides. Counts go in as its `Count` ([`count`], `xtask/src/fluent.js`), so
//!   a page that only counts never makes an `Intl.NumberFormat` (ICU's data, loaded on the
//!   main thread the first time: 20–30 ms of a cold load on a two-core machine).
//! - **Parsed at build time**: every catalog reaches the page as the syntax tree
//!   `@fluent/bundle`'s parser would make of it, in JSON (`build/fluent_json.rs`; the catalogs
//!   test compares the two for every catalog), so the pages carry the package's formatter
//!   without its parser (1.4 KB brotli) and read a catalog with the browser's `JSON.parse`.
//! - **English is built in** (`en.ftl`: the agent's part in the agent's bundles, the whole
//!   file in the settings page's, split at its `## Settings page` group and stripped of
//!   comments by `build.rs`; each page keeps its own help desk's messages alone, and the
//!   messages of the views loaded on demand come with their chunk: [`ENGLISH_ON_DEMAND`]).
//!   Every other catalog is fetched when an agent needs it, at
//!   `locales/<language>.json?v=<hash of its contents>`: the proxy serves it `immutable`, and
//!   a changed catalog is a new URL.
//! - **Which language**: [`follow`] with the host's locale (or the browser's languages on the
//!   standalone and settings pages) through [`sidecard_model::language::negotiate_list`]. A
//!   message missing from a catalog reads in English; the catalog test fails on it first.
//! - **Views wait, then draw once**: while a catalog is on its way ([`Language::settling`]) the
//!   roots show the skeleton, so nothing the agent typed or chose is drawn twice; then they
//!   draw in the new language.
//! - **CRM data stays data**: names, labels and values are Fluent *variables*, formatted as
//!   text and drawn as text nodes; no catalog text becomes markup either.

use leptos::prelude::*;
use sidecard_model::language;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

// `CATALOGS`: every `locales/*.ftl` as (language tag, hash of its parsed form), from build.rs.
include!(concat!(env!("OUT_DIR"), "/catalogs.rs"));

// The English parts below are parsed (`build/fluent_json.rs`): a JSON array of messages.

/// The agent's messages in English (what the cards, states, errors and actions say).
pub const ENGLISH_AGENT: &str = include_str!(concat!(env!("OUT_DIR"), "/en-agent.json"));
/// The English of the views loaded on demand (no match, several matches and their pin button,
/// the create and log forms): only those views' code names it, so the split puts it in their
/// chunk, which adds it ([`add_english`]) before drawing.
pub const ENGLISH_ON_DEMAND: &str = include_str!(concat!(env!("OUT_DIR"), "/en-on-demand.json"));
/// All English messages: the agent's and the settings page's (whose previews draw the cards).
pub const ENGLISH_ALL: &str = include_str!(concat!(env!("OUT_DIR"), "/en-all.json"));

/// `FluentBundle.FluentBundle` from `@fluent/bundle`.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = FluentBundle, js_name = FluentBundle)]
    type Bundle;
    #[wasm_bindgen(catch, constructor, js_namespace = FluentBundle, js_class = "FluentBundle")]
    fn new_bundle(locales: &str, options: &JsValue) -> Result<Bundle, JsValue>;
    /// Takes any `{body}` (the package's `FluentResource` is one, and what its parser makes,
    /// [`add`] reads from JSON); throws on an entry without an id.
    #[wasm_bindgen(catch, method, js_class = "FluentBundle", js_name = addResource)]
    fn add_resource(this: &Bundle, resource: &js_sys::Object) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(method, js_class = "FluentBundle", js_name = getMessage)]
    fn get_message(this: &Bundle, id: &str) -> JsValue;
    #[wasm_bindgen(method, js_class = "FluentBundle", js_name = formatPattern)]
    fn format_pattern(
        this: &Bundle,
        pattern: &JsValue,
        args: &JsValue,
        errors: &js_sys::Array,
    ) -> String;
    /// `FluentBundle.Count` (`xtask/src/fluent.js`): a number plurals select on, written
    /// without `Intl.NumberFormat` below 1000.
    #[wasm_bindgen(js_namespace = FluentBundle, js_name = Count)]
    type Count;
    #[wasm_bindgen(constructor, js_namespace = FluentBundle, js_class = "Count")]
    fn new_count(n: f64) -> Count;
}

/// A count as a message's variable: its plural variants select on it, and a page that only
/// counts never loads `Intl.NumberFormat`'s data (`xtask/src/fluent.js` says what that costs).
pub fn count(n: usize) -> JsValue {
    Count::new_count(n as f64).into()
}

/// A sentence to say later, in whatever language is in force then: for errors made before
/// the catalog arrived (a host that fails at start).
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The catalog's message id.
    pub id: &'static str,
    /// Its variables.
    pub args: Vec<(&'static str, String)>,
}

impl Message {
    /// A message without variables.
    pub fn new(id: &'static str) -> Self {
        Message {
            id,
            args: Vec::new(),
        }
    }

    /// Adds a variable.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// A host SDK that failed in a way the widget has no words for: its own words.
    pub fn host_failed(detail: impl Into<String>) -> Self {
        Message::new("host-failed").with("detail", detail)
    }

    /// The sentence in the language in force.
    pub fn text(&self) -> String {
        let args: Vec<(&str, JsValue)> = self
            .args
            .iter()
            .map(|(name, value)| (*name, JsValue::from_str(value)))
            .collect();
        t_args(self.id, &args)
    }
}

struct Catalogs {
    english_source: &'static str,
    /// Whether `english_source` has every message (the settings page's, [`init`]).
    complete: bool,
    /// English added since ([`add_english`]).
    more_english: Vec<&'static str>,
    english: Option<Bundle>,
    /// The agent's language and its bundle, when it is not English.
    chosen: Option<(&'static str, Bundle)>,
}

thread_local! {
    static CATALOGS_IN_USE: RefCell<Catalogs> = const {
        RefCell::new(Catalogs {
            english_source: ENGLISH_AGENT,
            complete: false,
            more_english: Vec::new(),
            english: None,
            chosen: None,
        })
    };
}

/// Sets the English catalog this bundle carries: all of it (the settings page's), so nothing
/// is added later.
pub fn init(english: &'static str) {
    CATALOGS_IN_USE.with_borrow_mut(|c| {
        c.english_source = english;
        c.complete = true;
        c.english = None;
    });
}

/// Adds English messages the page did not start with: those of the views loaded on demand,
/// which their chunk brings ([`ENGLISH_ON_DEMAND`]). Once per source; a page whose English
/// has every message (the settings page's, [`init`]) keeps its own.
pub fn add_english(source: &'static str) {
    CATALOGS_IN_USE.with_borrow_mut(|c| {
        // Not `ENGLISH_ALL` by name: the split would move it into the chunk calling this.
        if c.complete
            || source.is_empty()
            || c.more_english.iter().any(|s| std::ptr::eq(*s, source))
        {
            return;
        }
        c.more_english.push(source);
        if let Some(english) = &c.english {
            // Built in, and checked by the catalogs test: it reads.
            let _ = add(english, language::DEFAULT, source);
        }
    });
}

fn bundle(language: &str, sources: &[&str]) -> Option<Bundle> {
    let options = js_sys::Object::new();
    // No isolation marks around placeables: every language shipped is left to right, and the
    // marks would land in copied emails and in screen readers' output.
    let _ = js_sys::Reflect::set(&options, &"useIsolating".into(), &JsValue::FALSE);
    let bundle = Bundle::new_bundle(language, &options).ok()?;
    // A catalog that cannot be read is no language to switch to: English stays.
    sources
        .iter()
        .all(|source| add(&bundle, language, source))
        .then_some(bundle)
}

/// Adds `source`'s messages (a parsed catalog's JSON) to `bundle`, warning in the console about
/// any it cannot take; `false`, with a warning, for what is not a parsed catalog (a proxy's
/// error page, an array of something else).
fn add(bundle: &Bundle, language: &str, source: &str) -> bool {
    let added = js_sys::JSON::parse(source)
        .ok()
        .filter(js_sys::Array::is_array)
        .and_then(|body| {
            let resource = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&resource, &"body".into(), &body);
            bundle.add_resource(&resource).ok()
        });
    let Some(errors) = added else {
        web_sys::console::warn_1(
            &format!("Sidecard: catalog {language} is not a parsed catalog").into(),
        );
        return false;
    };
    if errors.length() > 0 {
        web_sys::console::warn_2(&format!("Sidecard: catalog {language}:").into(), &errors);
    }
    true
}

/// `id` in the agent's language, without variables.
pub fn t(id: &str) -> String {
    t_args(id, &[])
}

/// `id` in the agent's language with its variables (counts through [`count`], so plurals
/// select).
pub fn t_args(id: &str, args: &[(&str, JsValue)]) -> String {
    let values = js_sys::Object::new();
    for (name, value) in args {
        let _ = js_sys::Reflect::set(&values, &JsValue::from_str(name), value);
    }
    CATALOGS_IN_USE.with_borrow_mut(|c| {
        if let Some((_, bundle)) = &c.chosen
            && let Some(text) = format(bundle, id, &values)
        {
            return text;
        }
        if c.english.is_none() {
            let sources: Vec<&str> = std::iter::once(c.english_source)
                .chain(c.more_english.iter().copied())
                .collect();
            c.english = bundle(language::DEFAULT, &sources);
        }
        c.english
            .as_ref()
            .and_then(|bundle| format(bundle, id, &values))
            // A message no catalog has: its id, so the gap shows and the test names it.
            .unwrap_or_else(|| id.to_owned())
    })
}

fn format(bundle: &Bundle, id: &str, args: &JsValue) -> Option<String> {
    let message = bundle.get_message(id);
    let value = js_sys::Reflect::get(&message, &"value".into()).ok()?;
    if value.is_null() || value.is_undefined() {
        return None;
    }
    Some(bundle.format_pattern(&value, args, &js_sys::Array::new()))
}

/// A sentence in the agent's language in which one or more elements (a `<strong>`, a `<code>`,
/// an input) sit: the text before each, with which of `names` (the message's variables, by
/// index) comes next (`other`: its plain variables), in the order the language puts them; the last piece has none. Each
/// variable comes once; one a catalog leaves out comes at the end, so no control goes missing.
pub fn sentence_parts(
    id: &str,
    names: &[&str],
    other: &[(&str, JsValue)],
) -> Vec<(String, Option<usize>)> {
    // Characters of Unicode's private use area stand in for the variables: no catalog has them.
    let mark = |i: usize| char::from_u32(0xE000 + i as u32).unwrap_or(char::REPLACEMENT_CHARACTER);
    let mut args: Vec<(&str, JsValue)> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (*name, JsValue::from_str(&mark(i).to_string())))
        .collect();
    args.extend(other.iter().cloned());
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut placed = vec![false; names.len()];
    for c in t_args(id, &args).chars() {
        match (0..names.len()).find(|&i| mark(i) == c) {
            Some(i) if !placed[i] => {
                placed[i] = true;
                parts.push((std::mem::take(&mut text), Some(i)));
            }
            Some(_) => {}
            None => text.push(c),
        }
    }
    parts.push((text, None));
    parts.extend(
        (0..names.len())
            .filter(|&i| !placed[i])
            .map(|i| (String::new(), Some(i))),
    );
    parts
}

/// The language in force and the one whose catalog is on its way, in one signal (one change
/// per switch, so a view that follows it rebuilds once).
#[derive(Clone, Copy, PartialEq)]
struct State {
    current: &'static str,
    pending: Option<&'static str>,
}

/// The language in force, for views that rebuild when it changes and wait while it settles.
#[derive(Clone, Copy)]
pub struct Language(RwSignal<State>);

impl Language {
    /// Puts English in the context; [`follow`] changes it.
    pub fn provide() -> Language {
        let language = Language(RwSignal::new(State {
            current: language::DEFAULT,
            pending: None,
        }));
        provide_context(language);
        language
    }

    /// The language in force (tracked).
    pub fn get(self) -> &'static str {
        self.0.with(|s| s.current)
    }

    /// Whether another catalog is on its way (tracked): views that hold what the agent typed
    /// or chose wait for it rather than be drawn twice.
    pub fn settling(self) -> bool {
        self.0.with(|s| s.pending.is_some())
    }
}

/// The tags the browser prefers (`navigator.languages`), for pages without a host.
pub fn browser_languages() -> Vec<String> {
    web_sys::window()
        .map(|w| w.navigator().languages())
        .map(|list| list.iter().filter_map(|l| l.as_string()).collect())
        .unwrap_or_default()
}

/// Switches to the best catalog for `requested` (most preferred first) and answers it:
/// fetches it unless it is English or already loaded, then tells [`Language`]'s readers. Only
/// the latest request counts when an older fetch finishes last. A catalog that cannot be
/// fetched leaves English in force (and says so in the console).
pub fn follow(language: Language, requested: Vec<String>) -> &'static str {
    let available: Vec<&'static str> = CATALOGS.iter().map(|(tag, _)| *tag).collect();
    let chosen = language::negotiate_list(requested.iter().map(String::as_str), &available);
    let state = language.0.get_untracked();
    let loaded = CATALOGS_IN_USE.with_borrow(|c| c.chosen.as_ref().map(|(tag, _)| *tag));
    if chosen == language::DEFAULT || loaded == Some(chosen) {
        if chosen == language::DEFAULT {
            CATALOGS_IN_USE.with_borrow_mut(|c| c.chosen = None);
        }
        let settled = State {
            current: chosen,
            pending: None,
        };
        if state != settled {
            set_document_language(chosen);
            language.0.set(settled);
        }
        return chosen;
    }
    if state.pending == Some(chosen) {
        return chosen;
    }
    let Some((_, hash)) = CATALOGS.iter().find(|(tag, _)| *tag == chosen) else {
        return language::DEFAULT;
    };
    language.0.set(State {
        pending: Some(chosen),
        ..state
    });
    let url = format!("locales/{chosen}.json?v={hash}");
    leptos::task::spawn_local(async move {
        let answer = crate::transport::fetch("GET", &url, None, None).await;
        let bundle = match answer {
            Ok(reply) if reply.status == 200 => bundle(chosen, &[&reply.body]),
            _ => {
                web_sys::console::warn_1(&format!("Sidecard: cannot load {url}").into());
                None
            }
        };
        let state = language.0.get_untracked();
        if state.pending != Some(chosen) {
            // A later request chose another language meanwhile.
            return;
        }
        let current = match bundle {
            Some(bundle) => {
                CATALOGS_IN_USE.with_borrow_mut(|c| c.chosen = Some((chosen, bundle)));
                chosen
            }
            None => state.current,
        };
        set_document_language(current);
        language.0.set(State {
            current,
            pending: None,
        });
    });
    chosen
}

/// `<html lang>`: screen readers read the page in the language it is written in.
fn set_document_language(tag: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", tag);
    }
}

/// What agents and admins call a kind of record.
pub fn entity(entity: sidecard_model::Entity) -> String {
    use sidecard_model::Entity::*;
    t(match entity {
        Contact => "entity-contact",
        Lead => "entity-lead",
        Account => "entity-account",
        Deal => "entity-deal",
        Activity => "entity-activity",
    })
}

/// What the settings page calls a field's type.
pub fn field_kind(kind: sidecard_model::FieldKind) -> String {
    use sidecard_model::FieldKind::*;
    t(match kind {
        Text => "kind-text",
        Email => "kind-email",
        Phone => "kind-phone",
        Money => "kind-money",
        Date => "kind-date",
        Number => "kind-number",
        Bool => "kind-bool",
        Choice => "kind-choice",
        Link => "kind-link",
    })
}

/// What agents and admins call a kind of logged activity.
pub fn activity_kind(kind: sidecard_model::activity::ActivityKind) -> String {
    use sidecard_model::activity::ActivityKind::*;
    t(match kind {
        PhoneCall => "activity-phone-call",
        Task => "activity-task",
    })
}

/// What the settings page calls where a logged field's value comes from.
pub fn source(source: &sidecard_model::activity::Source) -> String {
    use sidecard_model::activity::Source::*;
    t(match source {
        Subject => "source-subject",
        Link => "source-link",
        ConversationId => "source-conversation-id",
        Channel => "source-channel",
        Direction => "source-direction",
        DurationSeconds => "source-duration-seconds",
        DurationMinutes => "source-duration-minutes",
        Note => "source-note",
        Summary => "source-summary",
        Fixed(_) => "source-fixed",
    })
}

/// What the settings page calls a help desk.
pub fn host_kind(kind: sidecard_model::activity::HostKind) -> String {
    use sidecard_model::activity::HostKind::*;
    t(match kind {
        Zendesk => "desk-zendesk",
        Freshdesk => "desk-freshdesk",
        Dynamics => "desk-dynamics",
        Standalone => "desk-standalone",
    })
}
