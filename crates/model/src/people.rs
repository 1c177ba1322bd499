//! Creating a person from the sidebar (`POST /api/v1/people`): what the agent sends, what a
//! likely duplicate answers, and how the install's duplicate policy decides.

use crate::error::ErrorBody;
use crate::lookup::Customer;
use crate::record::Entity;
use crate::settings::DuplicatePolicy;
use serde::{Deserialize, Serialize};

/// Most characters of any one value of a new person (CRMs' name and company columns are
/// 50–255 long; a longer value is a paste gone wrong).
pub const MAX_VALUE_CHARS: usize = 160;

/// A contact or lead the agent creates: the form as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPersonRequest {
    /// `contact` or `lead`.
    pub entity: Entity,
    /// Given name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Family name (every CRM requires it).
    pub last_name: String,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone number, as the agent or the host gave it.
    #[serde(default)]
    pub phone: Option<String>,
    /// Company (leads).
    #[serde(default)]
    pub company: Option<String>,
    /// The agent saw the likely duplicates and creates anyway (the `warn` policy only).
    #[serde(default)]
    pub create_anyway: bool,
    /// The agent, as their help desk app names them (for the audit log; the app says so, the
    /// credential does not prove it).
    #[serde(default)]
    pub agent: Option<String>,
}

impl NewPersonRequest {
    /// The first problem with the form, in words for the agent: an entity that cannot be
    /// created, a blank last name, a value too long. Emails and phones are checked by the
    /// proxy's normalization.
    pub fn problem(&self) -> Option<String> {
        if !matches!(self.entity, Entity::Contact | Entity::Lead) {
            return Some(format!(
                "Only contacts and leads can be created, not {}.",
                self.entity.as_str()
            ));
        }
        if self.last_name.trim().is_empty() {
            return Some("The last name is required.".to_owned());
        }
        let values = [
            ("first name", self.first_name.as_deref()),
            ("last name", Some(self.last_name.as_str())),
            ("email", self.email.as_deref()),
            ("phone", self.phone.as_deref()),
            ("company", self.company.as_deref()),
            ("agent's name", self.agent.as_deref()),
        ];
        values.into_iter().find_map(|(name, value)| {
            (value?.chars().count() > MAX_VALUE_CHARS)
                .then(|| format!("The {name} is longer than {MAX_VALUE_CHARS} characters."))
        })
    }
}

/// The `409 duplicate` answer: the error, the records the CRM already has (with why they
/// match), and whether the agent may create anyway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateAnswer {
    /// `duplicate`, and what to do.
    #[serde(flatten)]
    pub error: ErrorBody,
    /// The people already in the CRM, best match first.
    pub existing: Vec<Customer>,
    /// Whether sending the form again with `create_anyway` creates the person.
    pub create_anyway: bool,
}

/// What a create does once the likely duplicates are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Create the person.
    Create,
    /// Refuse and show the existing records; `create_anyway`: the agent may confirm.
    Refuse {
        /// Whether the agent may create anyway.
        create_anyway: bool,
    },
}

/// The install's `policy` applied: `found` is whether a lookup of the new person's email and
/// phone matched anyone, `anyway` whether the agent already confirmed. `block` never creates
/// a likely duplicate, `warn` only once the agent confirmed, `allow` always does.
pub fn decide(policy: DuplicatePolicy, found: bool, anyway: bool) -> Decision {
    match (policy, found) {
        (_, false) | (DuplicatePolicy::Allow, true) => Decision::Create,
        (DuplicatePolicy::Warn, true) if anyway => Decision::Create,
        (DuplicatePolicy::Warn, true) => Decision::Refuse {
            create_anyway: true,
        },
        (DuplicatePolicy::Block, true) => Decision::Refuse {
            create_anyway: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_policy_decides_as_documented() {
        use Decision::*;
        use DuplicatePolicy::*;
        for policy in [Block, Warn, Allow] {
            assert_eq!(decide(policy, false, false), Create, "{policy:?}");
        }
        assert_eq!(
            decide(Block, true, true),
            Refuse {
                create_anyway: false
            }
        );
        assert_eq!(
            decide(Warn, true, false),
            Refuse {
                create_anyway: true
            }
        );
        assert_eq!(decide(Warn, true, true), Create);
        assert_eq!(decide(Allow, true, false), Create);
    }

    #[test]
    fn the_form_names_its_first_problem() {
        let form = |json: &str| serde_json::from_str::<NewPersonRequest>(json);
        let ok = form(r#"{"entity": "contact", "last_name": "Doe"}"#).unwrap();
        assert_eq!(ok.problem(), None);
        let blank = form(r#"{"entity": "lead", "last_name": "  "}"#).unwrap();
        assert_eq!(blank.problem().unwrap(), "The last name is required.");
        let deal = form(r#"{"entity": "deal", "last_name": "Doe"}"#).unwrap();
        assert!(deal.problem().unwrap().contains("not deal"));
        let long = NewPersonRequest {
            company: Some("x".repeat(MAX_VALUE_CHARS + 1)),
            ..ok
        };
        assert!(long.problem().unwrap().starts_with("The company is longer"));
        assert!(form(r#"{"entity": "contact", "last_name": "Doe", "owner": "x"}"#).is_err());
    }
}
