//! CRM records as the widget shows them: an entity, an id, a title, a deep link and the
//! ordered fields the admin chose.

use crate::link::WebUrl;
use crate::value::{Date, Money, Value};
use serde::{Deserialize, Serialize};

/// The kinds of record Sidecard shows. Each connector maps its CRM's names onto these
/// (Dynamics `opportunity`, Salesforce `Opportunity`, HubSpot `deals` are all `Deal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    /// A known customer person.
    Contact,
    /// A prospect who is not (yet) a contact.
    Lead,
    /// The organisation a contact belongs to.
    Account,
    /// An opportunity / deal.
    Deal,
    /// Something done with a person (a call, a task, an email): the recent-activity list's
    /// rows (Dynamics `activitypointer`, Salesforce `Task`).
    Activity,
}

impl Entity {
    /// Every entity, in the order cards are shown.
    pub const ALL: [Entity; 5] = [
        Entity::Contact,
        Entity::Lead,
        Entity::Account,
        Entity::Deal,
        Entity::Activity,
    ];

    /// The word agents see for this kind of record.
    pub fn label(self) -> &'static str {
        match self {
            Entity::Contact => "Contact",
            Entity::Lead => "Lead",
            Entity::Account => "Account",
            Entity::Deal => "Deal",
            Entity::Activity => "Activity",
        }
    }

    /// The lower-case name used in URLs and JSON (`contact`, `deal`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Contact => "contact",
            Entity::Lead => "lead",
            Entity::Account => "account",
            Entity::Deal => "deal",
            Entity::Activity => "activity",
        }
    }

    /// Parses the lower-case name.
    pub fn parse(name: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.as_str() == name)
    }
}

/// One labelled value on a card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Field {
    /// The CRM's field key (`emailaddress2`, `Email`, `phone`…): stable, used by settings.
    pub key: String,
    /// What the agent sees next to the value.
    pub label: String,
    /// The typed value.
    // utoipa reads any type named `Value` as "any JSON"; the alias names ours.
    #[cfg_attr(feature = "openapi", schema(value_type = TypedValue))]
    pub value: Value,
}

impl Field {
    /// Builds a field.
    pub fn new(key: impl Into<String>, label: impl Into<String>, value: Value) -> Self {
        Self {
            key: key.into(),
            label: label.into(),
            value,
        }
    }
}

/// A CRM record ready to render.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Record {
    /// What kind of record this is.
    pub entity: Entity,
    /// The CRM's id for it.
    pub id: String,
    /// The name on the card (full name, account name, deal name).
    pub title: String,
    /// Where the agent opens this record in the CRM (an http(s) URL or a same-origin path;
    /// anything else reads as no link).
    #[serde(default, deserialize_with = "crate::link::lenient")]
    pub link: Option<WebUrl>,
    /// The fields to show, in order.
    pub fields: Vec<Field>,
}

impl Record {
    /// The fields that have a value: a card hides what the CRM left blank.
    pub fn filled_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| !f.value.is_empty())
    }
}

/// An open deal: the record plus the four facts the deal list always shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deal {
    /// The deal's record (its title is the deal name).
    pub record: Record,
    /// The deal's value, if the CRM has one.
    pub amount: Option<Money>,
    /// The sales stage's label.
    pub stage: Option<String>,
    /// The expected close date.
    pub close_date: Option<Date>,
}

/// Sorts deals the way the list shows them: soonest close date first, undated deals last,
/// ties by name so the order never flickers between two loads.
pub fn sort_deals(deals: &mut [Deal]) {
    deals.sort_by(|a, b| {
        let key = |d: &Deal| (d.close_date.is_none(), d.close_date);
        key(a)
            .cmp(&key(b))
            .then_with(|| a.record.title.cmp(&b.record.title))
    });
}

/// [`Value`] under a name the API description's generator does not take for "any JSON".
#[cfg(feature = "openapi")]
type TypedValue = Value;

#[cfg(test)]
mod tests {
    use super::*;

    fn deal(title: &str, close: Option<&str>) -> Deal {
        Deal {
            record: Record {
                entity: Entity::Deal,
                id: title.into(),
                title: title.into(),
                link: None,
                fields: vec![],
            },
            amount: None,
            stage: None,
            close_date: close.map(|c| c.parse().unwrap()),
        }
    }

    #[test]
    fn deals_sort_by_close_date_with_undated_last() {
        let mut deals = vec![
            deal("undated", None),
            deal("late", Some("2027-03-01")),
            deal("b-soon", Some("2026-12-01")),
            deal("a-soon", Some("2026-12-01")),
        ];
        sort_deals(&mut deals);
        let order: Vec<_> = deals.iter().map(|d| d.record.title.as_str()).collect();
        assert_eq!(order, ["a-soon", "b-soon", "late", "undated"]);
    }

    #[test]
    fn entity_names_round_trip() {
        for e in Entity::ALL {
            assert_eq!(Entity::parse(e.as_str()), Some(e));
        }
        assert_eq!(Entity::parse("opportunity"), None);
    }

    #[test]
    fn blank_fields_are_hidden() {
        let r = Record {
            entity: Entity::Contact,
            id: "1".into(),
            title: "A".into(),
            link: None,
            fields: vec![
                Field::new("a", "A", Value::Text("x".into())),
                Field::new("b", "B", Value::Empty),
                Field::new("c", "C", Value::Text("".into())),
            ],
        };
        let keys: Vec<_> = r.filled_fields().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["a"]);
    }
}
