//! What a CRM entity's fields are: the list the settings page picks from.

use crate::record::{Entity, Field, Record};
use crate::value::{Date, Money, Value};
use serde::{Deserialize, Serialize};

/// The type of a CRM field, as far as display goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Free text.
    Text,
    /// An email address.
    Email,
    /// A phone number.
    Phone,
    /// Money with a currency.
    Money,
    /// A date.
    Date,
    /// A number.
    Number,
    /// Yes/no.
    Bool,
    /// An option set / picklist.
    Choice,
    /// A URL.
    Link,
}

impl FieldKind {
    /// The kind its wire name (`"text"`, `"bool"`) names.
    pub fn parse(name: &str) -> Option<FieldKind> {
        Some(match name {
            "text" => FieldKind::Text,
            "email" => FieldKind::Email,
            "phone" => FieldKind::Phone,
            "money" => FieldKind::Money,
            "date" => FieldKind::Date,
            "number" => FieldKind::Number,
            "bool" => FieldKind::Bool,
            "choice" => FieldKind::Choice,
            "link" => FieldKind::Link,
            _ => return None,
        })
    }

    /// What the settings page calls this type.
    pub fn label(self) -> &'static str {
        match self {
            FieldKind::Text => "Text",
            FieldKind::Email => "Email",
            FieldKind::Phone => "Phone",
            FieldKind::Money => "Money",
            FieldKind::Date => "Date",
            FieldKind::Number => "Number",
            FieldKind::Bool => "Yes/No",
            FieldKind::Choice => "Choice",
            FieldKind::Link => "Link",
        }
    }

    /// A plausible value of this type, for the settings page's preview.
    pub fn sample(self, label: &str) -> Value {
        match self {
            FieldKind::Text => Value::Text(format!("Sample {}", label.to_lowercase())),
            FieldKind::Email => Value::Email("ana.garcia@contoso.example".to_owned()),
            FieldKind::Phone => Value::Phone("+1 425 555 0100".to_owned()),
            FieldKind::Money => Value::Money(Money::new(1_250_000, "USD")),
            FieldKind::Date => Value::Date(Date::new(2026, 12, 15).expect("a real date")),
            FieldKind::Number => Value::Number(42.0),
            FieldKind::Bool => Value::Bool(true),
            FieldKind::Choice => Value::Choice("Option A".to_owned()),
            FieldKind::Link => Value::website("contoso.example"),
        }
    }
}

/// A made-up record holding a sample value for every field of `fields`, for previewing a card
/// before any real customer is looked up.
pub fn sample_record(entity: Entity, fields: &[FieldInfo]) -> Record {
    let title = match entity {
        Entity::Contact | Entity::Lead => "Ana García",
        Entity::Account => "Contoso Pharmaceuticals",
        Entity::Deal => "Lab equipment renewal",
        Entity::Activity => "Printer on fire",
    };
    Record {
        entity,
        id: "preview".to_owned(),
        title: title.to_owned(),
        link: None,
        fields: fields
            .iter()
            .map(|f| Field::new(&f.key, &f.label, f.kind.sample(&f.label)))
            .collect(),
    }
}

/// One field an entity has in the CRM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldInfo {
    /// The CRM's key for the field (`emailaddress2`).
    pub key: String,
    /// The CRM's display label ("Email Address 2").
    pub label: String,
    /// Its type.
    pub kind: FieldKind,
    /// The CRM requires a value on create (its metadata says so); only lists of the fields a
    /// create may fill set it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
}

impl FieldInfo {
    /// A field the CRM does not require.
    pub fn new(key: impl Into<String>, label: impl Into<String>, kind: FieldKind) -> Self {
        FieldInfo {
            key: key.into(),
            label: label.into(),
            kind,
            required: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_sample_that_shows() {
        let kinds = [
            FieldKind::Text,
            FieldKind::Email,
            FieldKind::Phone,
            FieldKind::Money,
            FieldKind::Date,
            FieldKind::Number,
            FieldKind::Bool,
            FieldKind::Choice,
            FieldKind::Link,
        ];
        let fields: Vec<FieldInfo> = kinds
            .iter()
            .map(|k| FieldInfo::new(k.label().to_lowercase(), k.label(), *k))
            .collect();
        for kind in kinds {
            let wire = serde_json::to_value(kind).unwrap();
            assert_eq!(FieldKind::parse(wire.as_str().unwrap()), Some(kind));
        }
        let record = sample_record(Entity::Contact, &fields);
        assert_eq!(record.filled_fields().count(), kinds.len());
        assert_eq!(record.fields[0].value.display(), "Sample text");
        assert_eq!(record.fields[3].value.display(), "$12,500.00");
    }
}
