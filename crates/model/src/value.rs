//! Typed field values and how they display.
//!
//! Connectors turn each CRM's wire values into these, so the widget formats money, dates and
//! choices one way whatever CRM they came from. Display is locale-neutral for now ("15 Dec
//! 2026", "$12,500.00"): unambiguous in any sidebar until the host's locale is wired in.

use crate::link::Link;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// One field's value, tagged with its type so the widget renders it right (a phone becomes a
/// `tel:` link, money gets its currency, an empty value shows a dash).
///
/// On the wire `{"type": "money", "value": {…}}` (`{"type": "empty"}` has no value). Read
/// by hand ([`ValueVisitor`]), `type` first as every serializer of ours writes it: serde's
/// derive for adjacently tagged enums also accepts `value` first by buffering it, code every
/// sidebar would download. A link whose URL is not http(s) arrives as text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Value {
    /// Free text.
    Text(String),
    /// An email address, rendered as a `mailto:` link.
    Email(String),
    /// A phone number as the CRM stores it, rendered as a `tel:` link.
    Phone(String),
    /// An amount of money in a currency.
    Money(Money),
    /// A calendar date.
    Date(Date),
    /// A plain number.
    Number(f64),
    /// Yes or no.
    Bool(bool),
    /// The label of an option-set / picklist value.
    Choice(String),
    /// A hyperlink with its visible label; its URL is always http(s) (see [`crate::link`]).
    Link(Link),
    /// The CRM has no value for this field.
    Empty,
}

/// The `type` of a [`Value`] on the wire.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Text,
    Email,
    Phone,
    Money,
    Date,
    Number,
    Bool,
    Choice,
    Link,
    Empty,
}

/// The two keys of a [`Value`] on the wire.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Key {
    Type,
    Value,
}

/// A link as any JSON may spell it, before its URL is checked.
#[derive(Deserialize)]
struct WireLink {
    url: String,
    label: String,
}

struct ValueVisitor;

impl<'de> serde::de::Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a typed value: {\"type\": …, \"value\": …}")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        use serde::de::Error;
        let Some(Key::Type) = map.next_key()? else {
            return Err(A::Error::custom("a value's \"type\" must come first"));
        };
        let kind: Kind = map.next_value()?;
        if let Kind::Empty = kind {
            // `{"type": "empty", "value": null}` is empty too.
            while map
                .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                .is_some()
            {}
            return Ok(Value::Empty);
        }
        let Some(Key::Value) = map.next_key()? else {
            return Err(A::Error::missing_field("value"));
        };
        Ok(match kind {
            Kind::Text => Value::Text(map.next_value()?),
            Kind::Email => Value::Email(map.next_value()?),
            Kind::Phone => Value::Phone(map.next_value()?),
            Kind::Money => Value::Money(map.next_value()?),
            Kind::Date => Value::Date(map.next_value()?),
            Kind::Number => Value::Number(map.next_value()?),
            Kind::Bool => Value::Bool(map.next_value()?),
            Kind::Choice => Value::Choice(map.next_value()?),
            // What was stored is shown as text: the agent sees it, nothing can run it.
            Kind::Link => {
                let WireLink { url, label } = map.next_value()?;
                Link::new(&url, label).map_or(Value::Text(url), Value::Link)
            }
            Kind::Empty => Value::Empty,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ValueVisitor)
    }
}

impl Value {
    /// A website as the CRM stores it: a link when it is an http(s) URL or a bare host name,
    /// else the stored text (so a `javascript:` "website" is shown, never followed).
    pub fn website(raw: &str) -> Value {
        Link::website(raw).map_or_else(|| Value::Text(raw.trim().to_owned()), Value::Link)
    }

    /// Text the agent sees for this value.
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) | Value::Email(s) | Value::Phone(s) | Value::Choice(s) => s.clone(),
            Value::Money(m) => m.to_string(),
            Value::Date(d) => d.to_string(),
            Value::Number(n) => format_number(*n),
            Value::Bool(true) => "Yes".to_owned(),
            Value::Bool(false) => "No".to_owned(),
            Value::Link(link) => link.label().to_owned(),
            Value::Empty => "—".to_owned(),
        }
    }

    /// The link this value opens, if any: `mailto:` of a plausible address, `tel:` of the
    /// number's digits, or a checked http(s) URL. Nothing else ever becomes a link.
    pub fn href(&self) -> Option<String> {
        match self {
            Value::Email(s) => is_plain_address(s).then(|| format!("mailto:{}", s.trim())),
            Value::Phone(s) => {
                let dial: String = s
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '+')
                    .collect();
                (!dial.is_empty()).then(|| format!("tel:{dial}"))
            }
            Value::Link(link) => Some(link.url().as_str().to_owned()),
            _ => None,
        }
    }

    /// Whether the CRM had nothing for this field.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) | Value::Email(s) | Value::Phone(s) | Value::Choice(s) => {
                s.trim().is_empty()
            }
            _ => false,
        }
    }
}

/// `local@domain` with nothing a `mailto:` URL would read as more than an address (`?` starts
/// headers such as a prefilled body, `%` escapes, `/` and `:` have no place in one).
fn is_plain_address(s: &str) -> bool {
    let s = s.trim();
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.contains('@')
        && !s
            .bytes()
            .any(|b| b <= b' ' || b == 0x7f || b"?#%/\\:<>\"".contains(&b))
}

/// Groups the integer part in thousands and keeps at most two decimals ("1,234.5").
fn format_number(n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    let rounded = (n * 100.0).round() / 100.0;
    let text = format!("{:.2}", rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let frac = frac.trim_end_matches('0');
    let sign = if rounded < 0.0 { "-" } else { "" };
    let int = group_thousands(int);
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An amount in the currency's minor unit (cents for USD), so no rounding ever happens on the
/// way from the CRM to the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    /// The amount in minor units (`1250` USD is $12.50; `1250` JPY is ¥1,250).
    pub minor: i64,
    /// ISO 4217 code, upper case.
    pub currency: String,
    /// How the CRM itself formats the amount (Dataverse's `FormattedValue`, in the org's
    /// currency and locale settings); shown instead of Sidecard's formatting when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formatted: Option<String>,
}

impl Money {
    /// Builds an amount from minor units and an ISO 4217 code.
    pub fn new(minor: i64, currency: &str) -> Self {
        Self {
            minor,
            currency: currency.to_ascii_uppercase(),
            formatted: None,
        }
    }

    /// An amount given as a decimal number (as CRMs send it), rounded to the currency's minor
    /// unit; `None` for amounts no `i64` of minor units can hold.
    pub fn from_decimal(amount: f64, currency: &str) -> Option<Self> {
        let mut money = Self::new(0, currency);
        let minor = (amount * 10f64.powi(money.exponent() as i32)).round();
        if !minor.is_finite() || minor.abs() >= i64::MAX as f64 {
            return None;
        }
        money.minor = minor as i64;
        Some(money)
    }

    /// Digits after the decimal point in this currency (ISO 4217 minor unit).
    pub fn exponent(&self) -> u32 {
        match self.currency.as_str() {
            "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "UGX" | "XOF" | "XAF" => 0,
            "BHD" | "KWD" | "OMR" | "JOD" | "TND" | "LYD" | "IQD" => 3,
            _ => 2,
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(formatted) = &self.formatted {
            return f.write_str(formatted);
        }
        let exp = self.exponent();
        let scale = 10u64.pow(exp);
        let abs = self.minor.unsigned_abs();
        let int = group_thousands(&(abs / scale).to_string());
        let amount = if exp == 0 {
            int
        } else {
            format!("{int}.{:0width$}", abs % scale, width = exp as usize)
        };
        let sign = if self.minor < 0 { "-" } else { "" };
        let symbol = match self.currency.as_str() {
            "USD" => Some("$"),
            "EUR" => Some("€"),
            "GBP" => Some("£"),
            "JPY" => Some("¥"),
            "INR" => Some("₹"),
            "CAD" => Some("CA$"),
            "AUD" => Some("A$"),
            _ => None,
        };
        match symbol {
            Some(symbol) => write!(f, "{sign}{symbol}{amount}"),
            None => write!(f, "{sign}{amount} {}", self.currency),
        }
    }
}

/// A calendar date (no time zone: CRMs store close dates and birthdays as dates).
/// On the wire it is the ISO 8601 string `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// A date string that is not a real `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a date in the form YYYY-MM-DD")]
pub struct DateError(String);

impl Date {
    /// Builds a date, checking that the day exists in that month.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Self { year, month, day })
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }
    /// The month, 1–12.
    pub fn month(&self) -> u8 {
        self.month
    }
    /// The day of the month, 1–31.
    pub fn day(&self) -> u8 {
        self.day
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.year, self.month, self.day).cmp(&(other.year, other.month, other.day))
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Accepts `YYYY-MM-DD`, and a full ISO timestamp whose date part is that (CRMs often send
    /// `2026-12-15T00:00:00Z` for a date-only field).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DateError(s.to_owned());
        let date = s.get(..10).ok_or_else(err)?;
        if s.len() > 10 && !s[10..].starts_with('T') {
            return Err(err());
        }
        let mut parts = date.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(err());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(err());
        }
        let year = y.parse().map_err(|_| err())?;
        let month = m.parse().map_err(|_| err())?;
        let day = d.parse().map_err(|_| err())?;
        Date::new(year, month, day).ok_or_else(err)
    }
}

impl fmt::Display for Date {
    /// "15 Dec 2026": readable and unambiguous whatever the agent's locale.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        write!(
            f,
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month - 1)],
            self.year
        )
    }
}

impl Date {
    /// The ISO 8601 form, `2026-12-15`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        // As a value of the wrong form, not a free-form message: a deserializer decides
        // whether to print the value (the widget's names only its kind, `src/from_js.rs`).
        s.parse().map_err(|_| {
            serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&s),
                &"a date in the form YYYY-MM-DD",
            )
        })
    }
}

/// On the wire a date is a `YYYY-MM-DD` string (its fields are private).
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Date {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Date {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_uses_the_currency_minor_unit() {
        assert_eq!(Money::new(1_250_000, "usd").to_string(), "$12,500.00");
        assert_eq!(Money::new(1_250, "JPY").to_string(), "¥1,250");
        assert_eq!(Money::new(1_234_567, "KWD").to_string(), "1,234.567 KWD");
        assert_eq!(Money::new(-5, "EUR").to_string(), "-€0.05");
        assert_eq!(Money::new(99_900, "CHF").to_string(), "999.00 CHF");
    }

    #[test]
    fn decimal_amounts_round_to_minor_units_and_crm_formatting_wins() {
        assert_eq!(
            Money::from_decimal(125_000.005, "USD").unwrap().minor,
            12_500_001
        );
        assert_eq!(Money::from_decimal(480.4, "JPY").unwrap().minor, 480);
        assert!(Money::from_decimal(f64::INFINITY, "USD").is_none());
        let mut m = Money::new(100, "EUR");
        m.formatted = Some("1,00 €".into());
        assert_eq!(m.to_string(), "1,00 €");
    }

    #[test]
    fn dates_parse_strictly_and_display_unambiguously() {
        let d: Date = "2026-12-05".parse().unwrap();
        assert_eq!(d.to_string(), "5 Dec 2026");
        assert_eq!(d.iso(), "2026-12-05");
        assert_eq!("2026-12-05T00:00:00Z".parse::<Date>().unwrap(), d);
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "26-12-05",
            "2026-12-05x",
            "",
            "2026/12/05",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad} should not parse");
        }
        assert!("2024-02-29".parse::<Date>().is_ok(), "leap day");
        let wire = serde_json::from_str::<Date>("\"2026-02-30\"").unwrap_err();
        assert!(
            wire.to_string().starts_with(
                "invalid value: string \"2026-02-30\", expected a date in the form YYYY-MM-DD"
            ),
            "{wire}"
        );
    }

    #[test]
    fn dates_order_chronologically() {
        let a: Date = "2026-01-31".parse().unwrap();
        let b: Date = "2026-02-01".parse().unwrap();
        assert!(a < b);
    }

    #[test]
    fn values_serialize_with_a_type_tag() {
        let v = Value::Money(Money::new(100, "USD"));
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"type":"money","value":{"minor":100,"currency":"USD"}}"#
        );
        let d: Value = serde_json::from_str(r#"{"type":"date","value":"2026-03-01"}"#).unwrap();
        assert_eq!(d.display(), "1 Mar 2026");
        assert_eq!(
            serde_json::to_string(&Value::Empty).unwrap(),
            r#"{"type":"empty"}"#
        );
    }

    #[test]
    fn display_and_links() {
        assert_eq!(Value::Number(1234.5).display(), "1,234.5");
        assert_eq!(Value::Number(-1_000_000.0).display(), "-1,000,000");
        assert_eq!(Value::Bool(true).display(), "Yes");
        assert_eq!(Value::Empty.display(), "—");
        assert_eq!(
            Value::Phone("(425) 555-0100".into()).href().as_deref(),
            Some("tel:4255550100")
        );
        assert_eq!(
            Value::Email("a@b.example".into()).href().as_deref(),
            Some("mailto:a@b.example")
        );
        assert_eq!(Value::Email("a@b.example?body=x".into()).href(), None);
        assert_eq!(Value::Email("javascript:a@b.example".into()).href(), None);
        assert!(Value::Text("  ".into()).is_empty());
        assert!(!Value::Number(0.0).is_empty());
    }

    #[test]
    fn links_from_the_wire_are_checked() {
        // The stored-XSS case: a CRM "website" that is script.
        let bad = r#"{"type":"link","value":{"url":"javascript://x.example/%0Adocument.title=%22PWNED%22","label":"x.example"}}"#;
        let value: Value = serde_json::from_str(bad).unwrap();
        assert_eq!(
            value,
            Value::Text("javascript://x.example/%0Adocument.title=%22PWNED%22".into())
        );
        assert_eq!(value.href(), None);
        for scheme in [
            "data:text/html,x",
            "vbscript:msgbox(1)",
            " JAVASCRIPT:alert(1)",
        ] {
            let json = format!(r#"{{"type":"link","value":{{"url":"{scheme}","label":"x"}}}}"#);
            let value: Value = serde_json::from_str(&json).unwrap();
            assert!(matches!(value, Value::Text(_)), "{scheme}: {value:?}");
        }
        let good = Value::website("contoso.example");
        let json = serde_json::to_string(&good).unwrap();
        assert_eq!(
            json,
            r#"{"type":"link","value":{"url":"https://contoso.example","label":"contoso.example"}}"#
        );
        assert_eq!(serde_json::from_str::<Value>(&json).unwrap(), good);
        assert_eq!(good.href().as_deref(), Some("https://contoso.example"));
        // Every kind reads back as written.
        for value in [
            Value::Text("t".into()),
            Value::Email("a@b.example".into()),
            Value::Phone("+1 425".into()),
            Value::Money(Money::new(1250, "EUR")),
            Value::Date(Date::new(2026, 12, 1).unwrap()),
            Value::Number(4.5),
            Value::Bool(false),
            Value::Choice("Hot".into()),
            Value::Empty,
        ] {
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(
                serde_json::from_str::<Value>(&json).unwrap(),
                value,
                "{json}"
            );
        }
        assert!(serde_json::from_str::<Value>(r#"{"value":"x","type":"text"}"#).is_err());
        assert!(serde_json::from_str::<Value>(r#"{"type":"text"}"#).is_err());
        assert_eq!(
            serde_json::from_str::<Value>(r#"{"type":"empty","value":null}"#).unwrap(),
            Value::Empty
        );
        assert_eq!(
            Value::website("javascript:alert(1)"),
            Value::Text("javascript:alert(1)".into())
        );
    }
}
