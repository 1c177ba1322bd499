//! A lookup: what the widget asks for (the customer's emails and phones) and what it gets back
//! (every matching person with why they matched, each with their account and open deals, plus
//! what was searched so "no match" can say what was tried).

use crate::activity::Activity;
use crate::record::{Deal, Entity, Record};
use serde::{Deserialize, Serialize};

/// Who the host says the customer is. Values are raw, as the host gave them; the proxy
/// validates and normalizes them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LookupRequest {
    /// Every email address the host knows for the customer (primary first).
    pub emails: Vec<String>,
    /// Every phone number the host knows for the customer.
    pub phones: Vec<String>,
    /// Ask the CRM now rather than answer from a recent lookup: the agent's "try again" on
    /// an answer that is out of date.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub refresh: bool,
}

impl LookupRequest {
    /// Most email addresses one lookup takes: hosts give a primary plus a few secondary
    /// identities (the proxy refuses more with `too_many_keys`).
    pub const MAX_EMAILS: usize = 10;
    /// Most phone numbers one lookup takes.
    pub const MAX_PHONES: usize = 5;

    /// At most [`Self::MAX_EMAILS`] and [`Self::MAX_PHONES`], the first ones kept: a help
    /// desk user with more identities than a lookup takes is still looked up, by the primary
    /// ones (hosts list the primary first).
    pub fn capped(mut self) -> Self {
        self.emails.truncate(Self::MAX_EMAILS);
        self.phones.truncate(Self::MAX_PHONES);
        self
    }

    /// Whether there is nothing to look up.
    pub fn is_empty(&self) -> bool {
        self.emails.is_empty() && self.phones.is_empty()
    }

    /// A request for these values as a host or a script sent them: each trimmed, blank ones
    /// dropped (a host with no phone for the customer sends `""`).
    pub fn given(emails: Vec<String>, phones: Vec<String>) -> Self {
        let keep = |values: Vec<String>| -> Vec<String> {
            values
                .into_iter()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .collect()
        };
        LookupRequest {
            emails: keep(emails),
            phones: keep(phones),
            refresh: false,
        }
    }

    /// Builds a request from one thing an agent typed: an email if it has an `@`, else a phone.
    pub fn from_typed(input: &str) -> Self {
        let input = input.trim();
        let mut req = LookupRequest::default();
        if input.is_empty() {
        } else if input.contains('@') {
            req.emails.push(input.to_owned());
        } else {
            req.phones.push(input.to_owned());
        }
        req
    }

    /// `(name, value)` pairs for the query string: `email=…&email=…&phone=…`.
    pub fn query_pairs(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.emails
            .iter()
            .map(|e| ("email", e.as_str()))
            .chain(self.phones.iter().map(|p| ("phone", p.as_str())))
    }
}

/// A phone number as it was searched: the caller's input, its E.164 form and every stored
/// format that was tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchedPhone {
    /// What the host or the agent gave.
    pub input: String,
    /// The number in E.164 (`+14255550100`).
    pub e164: String,
    /// The stored formats a connector searched for (E.164, national, international, digits).
    pub formats: Vec<String>,
    /// The link that calls this number, from the admin's dial URL template (`tel:{e164}`, a
    /// PBX's click-to-dial URL): what the Dynamics panel offers after a click-to-act.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dial: Option<String>,
}

/// What the proxy searched for, after normalization.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Searched {
    /// Normalized (trimmed, case-folded) email addresses.
    pub emails: Vec<String>,
    /// Normalized phone numbers.
    pub phones: Vec<SearchedPhone>,
}

/// Why a person matched: which of their fields held which searched value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", from = "ReasonWire")]
pub enum MatchReason {
    /// One of the person's email fields equals a searched email.
    Email {
        /// The field's label ("Email 2").
        field: String,
        /// The address as stored.
        value: String,
    },
    /// One of the person's phone fields is the searched number, in whatever format it is stored.
    Phone {
        /// The field's label ("Mobile phone").
        field: String,
        /// The number as stored ("(425) 555-0100").
        value: String,
    },
}

/// [`MatchReason`] as the wire spells it. Read as a plain struct: serde's internally tagged
/// enums buffer every value before they look at the tag, which costs the widget's download
/// several kilobytes for two variants of one shape.
#[derive(Deserialize)]
struct ReasonWire {
    kind: ReasonKind,
    field: String,
    value: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum ReasonKind {
    Email,
    Phone,
}

impl From<ReasonWire> for MatchReason {
    fn from(wire: ReasonWire) -> Self {
        let ReasonWire { kind, field, value } = wire;
        match kind {
            ReasonKind::Email => MatchReason::Email { field, value },
            ReasonKind::Phone => MatchReason::Phone { field, value },
        }
    }
}

impl MatchReason {
    /// "Email 2: ana@garcia.family", for the chooser.
    pub fn describe(&self) -> String {
        match self {
            MatchReason::Email { field, value } | MatchReason::Phone { field, value } => {
                format!("{field}: {value}")
            }
        }
    }
}

/// One matching person with their context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Customer {
    /// The contact or lead.
    pub person: Record,
    /// Why this person matched (never empty).
    pub matched_on: Vec<MatchReason>,
    /// The person's account, if they have one.
    pub account: Option<Record>,
    /// Open deals of the person and their account, in the order the deal list is set to.
    pub open_deals: Vec<Deal>,
    /// How many more open deals there are than the deal list is set to show.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub more_deals: usize,
    /// The person's latest activities, newest first (as many as the settings show).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recent: Vec<Activity>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Customer {
    /// A person on their own: no account, no deals, no reason given (a record the CRM named
    /// rather than one a lookup matched).
    pub fn of(person: Record) -> Self {
        Customer {
            person,
            matched_on: Vec::new(),
            account: None,
            open_deals: Vec::new(),
            more_deals: 0,
            recent: Vec::new(),
        }
    }

    /// Whether this person is a lead rather than a contact.
    pub fn is_lead(&self) -> bool {
        self.person.entity == Entity::Lead
    }

    /// Every reason this person matched, for one line under their name:
    /// "Email: a@x.example · Mobile phone: (425) 555-0100".
    pub fn match_summary(&self) -> String {
        self.matched_on
            .iter()
            .map(MatchReason::describe)
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// The lookup's answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerView {
    /// What was searched.
    pub searched: Searched,
    /// Everyone who matched, best match first. Empty means no match; more than one means the
    /// agent chooses (duplicates are shown, never silently resolved).
    pub customers: Vec<Customer>,
    /// Cards an admin turned off: the widget leaves them out rather than showing them empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hidden: Vec<Entity>,
    /// When the CRM gave this answer (RFC 3339, UTC): now for a fresh one, earlier for one
    /// reused from a recent lookup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Set when this is the last known answer because the CRM cannot give a new one now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale: Option<Stale>,
    /// The person an agent pinned for this customer, first in `customers`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<Pinned>,
}

/// Who an agent pinned for a customer whose lookup matches several, by whom and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pinned {
    /// The pinned person's entity.
    pub entity: Entity,
    /// Their CRM id.
    pub id: String,
    /// Who pinned them, as their help desk named them.
    pub by: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// Why an answer is the last known one rather than the CRM's current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stale {
    /// What keeps the CRM from answering.
    pub reason: StaleReason,
}

/// What keeps the CRM from answering, as the API's error codes name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StaleReason {
    /// The CRM cannot be reached, fails, or refuses Sidecard's sign-in.
    CrmUnavailable,
    /// The CRM asked Sidecard to slow down.
    CrmThrottled,
    /// The CRM did not answer in time.
    CrmTimeout,
}

/// Orders matches best first: contacts before leads, then the person matched on more keys,
/// then more open deals, then by name. Stable, so equal matches keep the CRM's order.
pub fn rank(customers: &mut [Customer]) {
    customers.sort_by(|a, b| {
        a.is_lead()
            .cmp(&b.is_lead())
            .then_with(|| b.matched_on.len().cmp(&a.matched_on.len()))
            .then_with(|| b.open_deals.len().cmp(&a.open_deals.len()))
            .then_with(|| a.person.title.cmp(&b.person.title))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_keeps_the_first_of_each_up_to_the_limits() {
        let many = |prefix: &str| (0..12).map(|i| format!("{prefix}{i}")).collect::<Vec<_>>();
        let request = LookupRequest::given(many("e"), many("p")).capped();
        assert_eq!(request.emails, many("e")[..LookupRequest::MAX_EMAILS]);
        assert_eq!(request.phones, many("p")[..LookupRequest::MAX_PHONES]);
        let few = LookupRequest::given(vec!["a@b.co".into()], vec![]);
        assert_eq!(few.clone().capped(), few);
    }

    #[test]
    fn match_reasons_keep_their_wire_shape() {
        let reason = MatchReason::Phone {
            field: "Mobile phone".into(),
            value: "(425) 555-0100".into(),
        };
        let json = serde_json::to_value(&reason).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "phone", "field": "Mobile phone", "value": "(425) 555-0100"})
        );
        assert_eq!(serde_json::from_value::<MatchReason>(json).unwrap(), reason);
        let email: MatchReason = serde_json::from_str(
            r#"{"field": "Email 2", "kind": "email", "value": "a@b.example"}"#,
        )
        .unwrap();
        assert!(matches!(email, MatchReason::Email { .. }));
        assert!(
            serde_json::from_str::<MatchReason>(r#"{"kind": "fax", "field": "F", "value": "1"}"#)
                .is_err()
        );
    }

    fn person(entity: Entity, title: &str, reasons: usize) -> Customer {
        Customer {
            person: Record {
                entity,
                id: title.into(),
                title: title.into(),
                link: None,
                fields: vec![],
            },
            matched_on: (0..reasons)
                .map(|i| MatchReason::Email {
                    field: format!("Email {i}"),
                    value: "x@y.example".into(),
                })
                .collect(),
            account: None,
            open_deals: vec![],
            more_deals: 0,
            recent: Vec::new(),
        }
    }

    #[test]
    fn typed_input_becomes_an_email_or_a_phone() {
        assert_eq!(
            LookupRequest::from_typed(" a@b.example ").emails,
            ["a@b.example"]
        );
        assert_eq!(
            LookupRequest::from_typed("(425) 555-0100").phones,
            ["(425) 555-0100"]
        );
        assert!(LookupRequest::from_typed("   ").is_empty());
    }

    #[test]
    fn query_pairs_keep_every_key() {
        let req = LookupRequest {
            refresh: false,
            emails: vec!["a@b.example".into(), "c@d.example".into()],
            phones: vec!["+14255550100".into()],
        };
        let pairs: Vec<_> = req.query_pairs().collect();
        assert_eq!(
            pairs,
            [
                ("email", "a@b.example"),
                ("email", "c@d.example"),
                ("phone", "+14255550100")
            ]
        );
    }

    #[test]
    fn ranking_puts_contacts_and_stronger_matches_first() {
        let mut c = vec![
            person(Entity::Lead, "Lead with 3", 3),
            person(Entity::Contact, "Zed", 1),
            person(Entity::Contact, "Amy", 1),
            person(Entity::Contact, "Two keys", 2),
        ];
        rank(&mut c);
        let order: Vec<_> = c.iter().map(|c| c.person.title.as_str()).collect();
        assert_eq!(order, ["Two keys", "Amy", "Zed", "Lead with 3"]);
    }

    #[test]
    fn match_reasons_say_which_field() {
        let r = MatchReason::Phone {
            field: "Mobile phone".into(),
            value: "(425) 555-0100".into(),
        };
        assert_eq!(r.describe(), "Mobile phone: (425) 555-0100");
        let mut c = person(Entity::Contact, "Ann", 1);
        c.matched_on.push(r.clone());
        assert_eq!(
            c.match_summary(),
            "Email 0: x@y.example · Mobile phone: (425) 555-0100"
        );
        assert_eq!(
            serde_json::to_value(&r).unwrap()["kind"],
            serde_json::json!("phone")
        );
    }
}
