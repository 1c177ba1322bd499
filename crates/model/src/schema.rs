//! What a CRM entity's fields are: the list the settings page picks from.

use serde::{Deserialize, Serialize};

/// The type of a CRM field, as far as display goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

/// One field an entity has in the CRM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldInfo {
    /// The CRM's key for the field (`emailaddress2`).
    pub key: String,
    /// The CRM's display label ("Email Address 2").
    pub label: String,
    /// Its type.
    pub kind: FieldKind,
}
