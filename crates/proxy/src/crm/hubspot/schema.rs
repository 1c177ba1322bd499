//! What a portal's properties API says of each object (`GET /crm/v3/properties/{object}`),
//! and how Sidecard reads a property's value by it.
//!
//! Sources: HubSpot's properties guide (developers.hubspot.com/docs/api-reference/latest/crm/
//! properties/guide): each property has `name`, `label`, `type` (`string`, `number`, `date`,
//! `datetime`, `enumeration`, `bool`, …), `fieldType`, `options[]` (`label`, `value`),
//! `hidden`, `calculated` and `modificationMetadata.readOnlyValue`; the SDK's `Property`
//! model adds `showCurrencySymbol`. Live answers also name the calculated searchable phone
//! properties' type `phone_number`, which the guide's table lacks. Every property value comes
//! back as a string (`"1500.00"`, `"true"`); enumeration values are the options' `value`s,
//! several joined by `;`, and are shown by their labels.

use serde_json::Value as Json;
use sidecard_model::{Entity, FieldInfo, FieldKind, Money, Value};

/// The HubSpot object behind `entity` (`None`: Sidecard reads none for it).
pub(super) fn object(entity: Entity) -> Option<&'static str> {
    match entity {
        // A lead is a contact at a lead lifecycle stage.
        Entity::Contact | Entity::Lead => Some("contacts"),
        Entity::Account => Some("companies"),
        Entity::Deal => Some("deals"),
        Entity::Activity => None,
    }
}

/// The card fields before an admin chooses.
pub(super) fn default_fields(entity: Entity) -> &'static [&'static str] {
    match entity {
        Entity::Contact => &["jobtitle", "email", "phone", "mobilephone", "city"],
        Entity::Lead => &["company", "jobtitle", "email", "phone", "hs_lead_status"],
        Entity::Account => &["industry", "domain", "phone", "city", "annualrevenue"],
        // Name, amount, stage and close date always show; no extras until an admin adds some.
        Entity::Deal | Entity::Activity => &[],
    }
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Property {
    pub(super) name: String,
    pub(super) label: String,
    /// `type`: `string`, `number`, `enumeration`, `bool`, `date`, `datetime`, `phone_number`…
    pub(super) kind: String,
    /// `fieldType`: `text`, `phonenumber`, `select`, `booleancheckbox`…
    pub(super) field_type: String,
    /// Enumeration options: (value, label).
    pub(super) options: Vec<(String, String)>,
    /// HubSpot computes it (or it is otherwise read-only): never written.
    pub(super) read_only: bool,
    pub(super) hidden: bool,
    /// A number shown as money.
    pub(super) currency: bool,
}

/// The properties of a properties API answer.
pub(super) fn read(body: &Json) -> Vec<Property> {
    body.get("results")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let text = |key: &str| p.get(key).and_then(Json::as_str).unwrap_or("").to_owned();
            let flag = |key: &str| p.get(key).and_then(Json::as_bool) == Some(true);
            let name = text("name");
            if name.is_empty() {
                return None;
            }
            let options = p
                .get("options")
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
                .filter_map(|o| {
                    Some((
                        o.get("value")?.as_str()?.to_owned(),
                        o.get("label")?.as_str()?.to_owned(),
                    ))
                })
                .collect();
            let read_only = flag("calculated")
                || p.pointer("/modificationMetadata/readOnlyValue")
                    .and_then(Json::as_bool)
                    == Some(true);
            let label = Some(text("label"))
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| name.clone());
            Some(Property {
                label,
                kind: text("type"),
                field_type: text("fieldType"),
                options,
                read_only,
                hidden: flag("hidden"),
                currency: flag("showCurrencySymbol"),
                name,
            })
        })
        .collect()
}

impl Property {
    /// How Sidecard shows it; `None` for what has nothing to show (coordinates, JSON).
    pub(super) fn field_kind(&self) -> Option<FieldKind> {
        Some(match self.kind.as_str() {
            "phone_number" => FieldKind::Phone,
            "string" if self.field_type == "phonenumber" => FieldKind::Phone,
            "string" if self.name == "email" || self.name.ends_with("_email") => FieldKind::Email,
            "string" if self.name == "website" || self.name.ends_with("_url") => FieldKind::Link,
            "string" => FieldKind::Text,
            "number" if self.currency => FieldKind::Money,
            "number" => FieldKind::Number,
            "bool" => FieldKind::Bool,
            "date" | "datetime" => FieldKind::Date,
            "enumeration" => FieldKind::Choice,
            _ => return None,
        })
    }

    pub(super) fn info(&self) -> Option<FieldInfo> {
        Some(FieldInfo::new(&self.name, &self.label, self.field_kind()?))
    }

    /// A stored value (always a string) as this property's typed value; `currency` types
    /// money (the deal's own, else the portal's).
    pub(super) fn value(&self, raw: Option<&str>, currency: Option<&str>) -> Value {
        let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
            return Value::Empty;
        };
        let kind = self.field_kind().unwrap_or(FieldKind::Text);
        let value = match kind {
            FieldKind::Text => Some(Value::Text(raw.to_owned())),
            FieldKind::Email => Some(Value::Email(raw.to_owned())),
            FieldKind::Phone => Some(Value::Phone(raw.to_owned())),
            FieldKind::Link => Some(crate::crm::wire::link(raw.to_owned())),
            FieldKind::Choice => Some(Value::Choice(self.labels(raw))),
            FieldKind::Number => raw.parse().ok().map(Value::Number),
            FieldKind::Money => raw.parse::<f64>().ok().map(|amount| {
                currency
                    .and_then(|c| Money::from_decimal(amount, c))
                    .map_or(Value::Number(amount), Value::Money)
            }),
            FieldKind::Bool => match raw {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
            FieldKind::Date => date(raw).map(Value::Date),
        };
        value.unwrap_or(Value::Empty)
    }

    /// An enumeration's stored values by their labels (an unknown value as it is).
    fn labels(&self, raw: &str) -> String {
        raw.split(';')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| {
                self.options
                    .iter()
                    .find(|(value, _)| value == v)
                    .map_or(v, |(_, label)| label.as_str())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The option value an agent's or admin's `text` means: the option whose value or label
    /// it is, ignoring case (`Inbound` → `INBOUND`); `None` when none is.
    pub(super) fn option(&self, text: &str) -> Option<&str> {
        let text = text.trim();
        self.options
            .iter()
            .find(|(value, label)| {
                value.eq_ignore_ascii_case(text) || label.eq_ignore_ascii_case(text)
            })
            .map(|(value, _)| value.as_str())
    }
}

/// A `date` (`2026-12-15`) or `datetime` (`2026-12-15T09:30:00Z`) value's day.
pub(super) fn date(raw: &str) -> Option<sidecard_model::Date> {
    raw.get(..10)?.parse().ok()
}

/// The fields an admin may choose for a card, by label: every property with something to
/// show but the hidden ones.
pub(super) fn fields(properties: &[Property]) -> Vec<FieldInfo> {
    let mut out: Vec<FieldInfo> = properties
        .iter()
        .filter(|p| !p.hidden)
        .filter_map(Property::info)
        .collect();
    out.sort_by_key(|f| f.label.to_lowercase());
    out
}

/// The properties a create form may ask for beyond the built-in name, email, phone and
/// company: writable ones an agent can type (no enumerations, no HubSpot-managed ones).
pub(super) fn creatable(properties: &[Property]) -> Vec<FieldInfo> {
    const BUILT_IN: [&str; 6] = [
        "firstname",
        "lastname",
        "email",
        "phone",
        "company",
        "lifecyclestage",
    ];
    let mut out: Vec<FieldInfo> = properties
        .iter()
        .filter(|p| !p.hidden && !p.read_only && !BUILT_IN.contains(&p.name.as_str()))
        .filter(|p| !p.name.starts_with("hs_") && p.name != "associatedcompanyid")
        .filter_map(Property::info)
        .filter(|f| f.kind != FieldKind::Choice)
        .collect();
    out.sort_by_key(|f| f.label.to_lowercase());
    out
}

/// A property for tests: `name` of `kind` with the call direction's two options.
#[cfg(test)]
pub(super) fn property(name: &str, kind: &str, field_type: &str) -> Property {
    Property {
        name: name.into(),
        label: name.into(),
        kind: kind.into(),
        field_type: field_type.into(),
        options: vec![
            ("INBOUND".into(), "Inbound".into()),
            ("OUTBOUND".into(), "Outbound".into()),
        ],
        read_only: false,
        hidden: false,
        currency: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_properties_api_answer_reads() {
        let props = read(&json!({ "results": [
            { "name": "amount", "label": "Amount", "type": "number", "fieldType": "number",
              "showCurrencySymbol": true, "options": [], "calculated": false,
              "modificationMetadata": { "readOnlyValue": false } },
            { "name": "hs_is_closed", "label": "Is Deal Closed?", "type": "bool",
              "fieldType": "calculation_equation", "calculated": true, "options": [] },
            { "name": "secret", "label": "Secret", "type": "string", "fieldType": "text",
              "hidden": true },
        ]}));
        assert_eq!(props.len(), 3);
        assert_eq!(props[0].field_kind(), Some(FieldKind::Money));
        assert!(props[1].read_only);
        let listed: Vec<_> = fields(&props).into_iter().map(|f| f.key).collect();
        assert_eq!(
            listed,
            ["amount", "hs_is_closed"],
            "hidden ones are not offered"
        );
    }

    #[test]
    fn values_read_by_their_property_type() {
        let choice = property("hs_call_direction", "enumeration", "select");
        assert_eq!(
            choice.value(Some("INBOUND;OUTBOUND"), None),
            Value::Choice("Inbound, Outbound".into())
        );
        assert_eq!(choice.option("inbound"), Some("INBOUND"));
        assert_eq!(choice.option("Outbound"), Some("OUTBOUND"));
        assert_eq!(choice.option("sideways"), None);
        let money = Property {
            currency: true,
            ..property("amount", "number", "number")
        };
        assert_eq!(
            money.value(Some("1500.50"), Some("EUR")),
            Value::Money(Money::new(150_050, "EUR"))
        );
        assert_eq!(money.value(Some(""), Some("EUR")), Value::Empty);
        let when = property("closedate", "datetime", "date");
        assert_eq!(
            when.value(Some("2026-12-15T00:00:00Z"), None),
            Value::Date("2026-12-15".parse().unwrap())
        );
        let yes = property("hs_is_closed", "bool", "booleancheckbox");
        assert_eq!(yes.value(Some("false"), None), Value::Bool(false));
        let phone = property(
            "hs_searchable_calculated_phone_number",
            "phone_number",
            "phonenumber",
        );
        assert_eq!(phone.field_kind(), Some(FieldKind::Phone));
    }
}
