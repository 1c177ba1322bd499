//! The agent's locale, when the host gives one: money and dates then read the way the agent's
//! help desk writes them (`Intl` in the browser); without one they keep the model's neutral
//! forms ("15 Dec 2026", "$12,500.00"). A CRM's numbers always go through `Intl` (a
//! message's counts do not: `i18n::count`).

use leptos::prelude::*;
use sidecard_model::{Date, Money, Value};
use wasm_bindgen::JsValue;

/// The agent's locale (BCP 47), shared by every view through the context.
#[derive(Clone, Copy)]
pub struct AgentLocale(RwSignal<Option<String>>);

impl AgentLocale {
    /// Puts an unknown locale in the context; the host sets it when it knows. (The page's
    /// `lang` is the catalog's language, which `i18n` sets: a locale without a catalog reads
    /// English.)
    pub fn provide() -> RwSignal<Option<String>> {
        let signal = RwSignal::new(None);
        provide_context(AgentLocale(signal));
        signal
    }

    /// The locale in force (tracked: a view that reads it follows it).
    pub fn get() -> Option<String> {
        use_context::<AgentLocale>().and_then(|l| l.0.get())
    }
}

/// `value` as the agent reads it. Numbers always go through the browser's `Intl` (the
/// locale's grouping and decimals, `en-US` when the host gave none): formatting floats in Rust
/// would add its code to every sidebar's download.
pub fn display(value: &Value, locale: Option<&str>) -> String {
    match value {
        Value::Money(m) => locale
            .and_then(|l| money(m, l))
            .unwrap_or_else(|| m.to_string()),
        Value::Date(d) => locale
            .and_then(|l| date(d, l))
            .unwrap_or_else(|| d.to_string()),
        Value::Number(n) => number(*n, locale.unwrap_or("en-US")),
        Value::Text(s) | Value::Email(s) | Value::Phone(s) | Value::Choice(s) => s.clone(),
        Value::Bool(true) => crate::i18n::t("value-yes"),
        Value::Bool(false) => crate::i18n::t("value-no"),
        Value::Link(link) => link.label().to_owned(),
        Value::Empty => "—".to_owned(),
    }
}

/// A plain number: grouped, at most two decimals.
fn number(n: f64, locale: &str) -> String {
    let options = js_sys::Object::new();
    set(&options, "maximumFractionDigits", &2.into());
    format_with("NumberFormat", locale, &options, &n.into())
        .or_else(|| format_with("NumberFormat", "en-US", &options, &n.into()))
        .unwrap_or_default()
}

/// An amount in the agent's locale (the CRM's own formatting wins when it sent one).
pub fn money(m: &Money, locale: &str) -> Option<String> {
    if let Some(formatted) = &m.formatted {
        return Some(formatted.clone());
    }
    let options = js_sys::Object::new();
    set(&options, "style", &"currency".into());
    set(&options, "currency", &m.currency.as_str().into());
    let amount = m.minor as f64 / 10f64.powi(m.exponent() as i32);
    format_with("NumberFormat", locale, &options, &amount.into())
}

/// A calendar date in the agent's locale.
pub fn date(d: &Date, locale: &str) -> Option<String> {
    let options = js_sys::Object::new();
    set(&options, "dateStyle", &"medium".into());
    // The date is a calendar day, not an instant: read it in UTC so no offset moves it.
    set(&options, "timeZone", &"UTC".into());
    let millis = js_sys::Date::utc(f64::from(d.year()), f64::from(d.month()) - 1.0);
    let day = js_sys::Date::new(&JsValue::from_f64(millis));
    day.set_utc_date(u32::from(d.day()));
    format_with("DateTimeFormat", locale, &options, &day.into())
}

/// The day of `millis` (since the epoch) in the agent's locale ("1 Dec 2026").
pub fn day(millis: f64, locale: &str) -> String {
    let options = js_sys::Object::new();
    set(&options, "dateStyle", &"medium".into());
    let instant = js_sys::Date::new(&JsValue::from_f64(millis));
    format_with("DateTimeFormat", locale, &options, &instant.into()).unwrap_or_default()
}

/// The time of day of `millis` (since the epoch) in the agent's locale, hours and minutes.
pub fn time(millis: f64, locale: &str) -> String {
    let options = js_sys::Object::new();
    set(&options, "timeStyle", &"short".into());
    let instant = js_sys::Date::new(&JsValue::from_f64(millis));
    format_with("DateTimeFormat", locale, &options, &instant.into()).unwrap_or_default()
}

fn set(object: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(object, &key.into(), value);
}

/// `new Intl[kind](locale, options).format(value)`; `None` when the locale or the currency is
/// one the browser refuses (it throws rather than guess).
fn format_with(
    kind: &str,
    locale: &str,
    options: &js_sys::Object,
    value: &JsValue,
) -> Option<String> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor: js_sys::Function = js_sys::Reflect::get(&intl, &kind.into()).ok()?.into();
    let args = js_sys::Array::of2(&locale.into(), options);
    let formatter = js_sys::Reflect::construct(&constructor, &args).ok()?;
    let format: js_sys::Function = js_sys::Reflect::get(&formatter, &"format".into())
        .ok()?
        .into();
    format.call1(&formatter, value).ok()?.as_string()
}
