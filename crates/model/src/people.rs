//! Creating a person from the sidebar (`POST /api/v1/people`): what the agent sends, what a
//! likely duplicate answers, and how the install's duplicate policy decides.

use crate::activity::{FieldValue, LogValue};
use crate::error::ErrorBody;
use crate::link::WebUrl;
use crate::lookup::Customer;
use crate::record::Entity;
use crate::schema::{FieldInfo, FieldKind};
use crate::settings::DuplicatePolicy;
use crate::value::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Most characters of any one value of a new person (CRMs' name and company columns are
/// 50–255 long; a longer value is a paste gone wrong).
pub const MAX_VALUE_CHARS: usize = 160;
/// Most fields an admin adds to one entity's create form (a form, not a record editor).
pub const MAX_FORM_FIELDS: usize = 30;
/// Most characters of one value of a field the admin added (a description, a note).
pub const MAX_FORM_VALUE_CHARS: usize = 2000;
/// Most values one create may send beyond the built-in ones: the admin's fields and however
/// many the CRM requires.
pub const MAX_FORM_VALUES: usize = 100;

/// A contact or lead the agent creates: the form as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// The values of the form's other fields (the admin's and the CRM's required ones), by
    /// the CRM's key, as typed; blank ones are not sent to the CRM.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
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
        let built_in = values.into_iter().find_map(|(name, value)| {
            (value?.chars().count() > MAX_VALUE_CHARS)
                .then(|| format!("The {name} is longer than {MAX_VALUE_CHARS} characters."))
        });
        if built_in.is_some() {
            return built_in;
        }
        if self.fields.len() > MAX_FORM_VALUES {
            return Some(format!(
                "The form sends {} other values; at most {MAX_FORM_VALUES}.",
                self.fields.len()
            ));
        }
        self.fields.iter().find_map(|(key, value)| {
            let name: String = key.chars().take(40).collect();
            if key.chars().count() > MAX_VALUE_CHARS {
                Some(format!("The field name \"{name}…\" is too long."))
            } else if value.chars().count() > MAX_FORM_VALUE_CHARS {
                Some(format!(
                    "The value of \"{name}\" is longer than {MAX_FORM_VALUE_CHARS} characters."
                ))
            } else {
                None
            }
        })
    }
}

/// The fields an admin adds to the create form, beyond the name, email, phone and company
/// every form has, by the CRM's key and in the admin's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateForm {
    /// On the contact form.
    #[serde(default)]
    pub contact: Vec<String>,
    /// On the lead form.
    #[serde(default)]
    pub lead: Vec<String>,
}

impl CreateForm {
    /// The keys chosen for `entity`'s form (none for accounts and deals: they are not created
    /// from the sidebar).
    pub fn chosen(&self, entity: Entity) -> &[String] {
        match entity {
            Entity::Contact => &self.contact,
            Entity::Lead => &self.lead,
            Entity::Account | Entity::Deal | Entity::Activity => &[],
        }
    }

    /// The keys chosen for `entity`'s form, to edit.
    pub fn chosen_mut(&mut self, entity: Entity) -> Option<&mut Vec<String>> {
        match entity {
            Entity::Contact => Some(&mut self.contact),
            Entity::Lead => Some(&mut self.lead),
            Entity::Account | Entity::Deal | Entity::Activity => None,
        }
    }

    /// Adds `key` to `entity`'s form, or takes it off.
    pub fn toggle(&mut self, entity: Entity, key: &str) {
        if let Some(keys) = self.chosen_mut(entity) {
            match keys.iter().position(|k| k == key) {
                Some(at) => {
                    keys.remove(at);
                }
                None => keys.push(key.to_owned()),
            }
        }
    }

    /// What is wrong with `entity`'s choice against the fields a create may fill
    /// (`creatable`, from the CRM's metadata), in words for the admin.
    pub fn problems(&self, entity: Entity, creatable: &[FieldInfo]) -> Vec<String> {
        let chosen = self.chosen(entity);
        let mut problems = Vec::new();
        if chosen.len() > MAX_FORM_FIELDS {
            problems.push(format!(
                "The {} form has {} fields; at most {MAX_FORM_FIELDS}.",
                entity.label().to_lowercase(),
                chosen.len()
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for key in chosen {
            if !seen.insert(key.as_str()) {
                problems.push(format!("The {} form has \"{key}\" twice.", entity.as_str()));
            } else if !creatable.iter().any(|f| &f.key == key) {
                problems.push(format!(
                    "The {} form asks for \"{key}\", which the CRM does not let a new {} fill.",
                    entity.as_str(),
                    entity.as_str()
                ));
            }
        }
        problems
    }
}

/// The create form's other fields, per entity: what `GET /api/v1/people/form` answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonForm {
    /// A contact's.
    pub contact: Vec<FieldInfo>,
    /// A lead's.
    pub lead: Vec<FieldInfo>,
}

impl PersonForm {
    /// `entity`'s fields.
    pub fn of(&self, entity: Entity) -> &[FieldInfo] {
        match entity {
            Entity::Lead => &self.lead,
            _ => &self.contact,
        }
    }
}

/// One entity's form: the admin's fields in their order, then every field the CRM requires
/// that the admin did not choose (`creatable`: what a create may fill, required ones marked).
/// A chosen key the CRM no longer has is left out.
pub fn form_fields(chosen: &[String], creatable: &[FieldInfo]) -> Vec<FieldInfo> {
    let mut form: Vec<FieldInfo> = chosen
        .iter()
        .filter_map(|key| creatable.iter().find(|f| &f.key == key).cloned())
        .collect();
    form.extend(
        creatable
            .iter()
            .filter(|f| f.required && !chosen.contains(&f.key))
            .cloned(),
    );
    form
}

/// The form's other values typed as their fields (`form`), blank ones left out, in the form's
/// order. A field not on the form, a required one left blank, or a value not of its field's
/// type is the agent's to fix, named in words.
pub fn form_values(
    form: &[FieldInfo],
    given: &BTreeMap<String, String>,
) -> Result<Vec<FieldValue>, String> {
    if let Some(key) = given.keys().find(|k| !form.iter().any(|f| &f.key == *k)) {
        return Err(format!(
            "\"{}\" is not on the create form. Reload the sidebar: the admin may have changed it.",
            key.chars().take(40).collect::<String>()
        ));
    }
    let mut values = Vec::new();
    for field in form {
        let raw = given.get(&field.key).map(|v| v.trim()).unwrap_or_default();
        if raw.is_empty() {
            if field.required {
                return Err(format!("{} is required.", field.label));
            }
            continue;
        }
        let wrong = |what: &str| format!("{} must be {what}.", field.label);
        let value = match field.kind {
            // Digits, a sign and a decimal point: "1,5" could be one and a half or fifteen.
            FieldKind::Number | FieldKind::Money => LogValue::Number(
                raw.replace(' ', "")
                    .parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite())
                    .ok_or_else(|| wrong("a number"))?,
            ),
            FieldKind::Bool => LogValue::Bool(match raw {
                "true" | "yes" => true,
                "false" | "no" => false,
                _ => return Err(wrong("yes or no")),
            }),
            FieldKind::Date => LogValue::Text(
                raw.parse::<Date>()
                    .map_err(|_| wrong("a date (YYYY-MM-DD)"))?
                    .iso(),
            ),
            FieldKind::Link => {
                let absolute = ["http://", "https://"].iter().any(|scheme| {
                    raw.get(..scheme.len())
                        .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
                });
                if !absolute || WebUrl::parse(raw).is_none() {
                    return Err(wrong("a web address (https://…)"));
                }
                LogValue::Text(raw.to_owned())
            }
            // Emails and phones are checked where they are normalized (the proxy's duplicate
            // lookup), with the value named.
            FieldKind::Text | FieldKind::Email | FieldKind::Phone | FieldKind::Choice => {
                LogValue::Text(raw.to_owned())
            }
        };
        values.push((field.key.clone(), field.kind, value));
    }
    Ok(values)
}

/// The `409 duplicate` answer: the error, the records the CRM already has (with why they
/// match), and whether the agent may create anyway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
            ..ok.clone()
        };
        assert!(long.problem().unwrap().starts_with("The company is longer"));
        assert!(form(r#"{"entity": "contact", "last_name": "Doe", "owner": "x"}"#).is_err());
        let huge = NewPersonRequest {
            fields: [(
                "description".to_owned(),
                "x".repeat(MAX_FORM_VALUE_CHARS + 1),
            )]
            .into(),
            ..ok
        };
        assert!(
            huge.problem()
                .unwrap()
                .contains("\"description\" is longer")
        );
    }

    fn info(key: &str, kind: FieldKind, required: bool) -> FieldInfo {
        FieldInfo {
            required,
            ..FieldInfo::new(key, key.to_uppercase(), kind)
        }
    }

    #[test]
    fn the_form_is_the_admins_fields_then_the_crms_required_ones() {
        let creatable = [
            info("jobtitle", FieldKind::Text, false),
            info("subject", FieldKind::Text, true),
            info("numberofchildren", FieldKind::Number, false),
        ];
        let form = form_fields(
            &["numberofchildren".into(), "gone".into(), "jobtitle".into()],
            &creatable,
        );
        let keys: Vec<&str> = form.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["numberofchildren", "jobtitle", "subject"]);
        // A required field the admin chose stays where they put it, once.
        let form = form_fields(&["subject".into()], &creatable);
        assert_eq!(form.len(), 1);
        let choice = CreateForm {
            contact: vec!["jobtitle".into(), "jobtitle".into(), "ownerid".into()],
            lead: Vec::new(),
        };
        let problems = choice.problems(Entity::Contact, &creatable);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("twice"));
        assert!(problems[1].contains("\"ownerid\""));
        assert!(choice.problems(Entity::Lead, &creatable).is_empty());
    }

    #[test]
    fn form_values_are_typed_and_checked() {
        let form = [
            info("subject", FieldKind::Text, true),
            info("numberofchildren", FieldKind::Number, false),
            info("donotemail", FieldKind::Bool, false),
            info("birthdate", FieldKind::Date, false),
            info("websiteurl", FieldKind::Link, false),
        ];
        let given = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        let values = form_values(
            &form,
            &given(&[
                ("subject", " Printer "),
                ("numberofchildren", "1 200"),
                ("donotemail", "true"),
                ("birthdate", "1990-02-28"),
                ("websiteurl", ""),
            ]),
        )
        .unwrap();
        assert_eq!(
            values,
            vec![
                (
                    "subject".into(),
                    FieldKind::Text,
                    LogValue::Text("Printer".into())
                ),
                (
                    "numberofchildren".into(),
                    FieldKind::Number,
                    LogValue::Number(1200.0)
                ),
                ("donotemail".into(), FieldKind::Bool, LogValue::Bool(true)),
                (
                    "birthdate".into(),
                    FieldKind::Date,
                    LogValue::Text("1990-02-28".into())
                ),
            ]
        );
        let error = |pairs: &[(&str, &str)]| form_values(&form, &given(pairs)).unwrap_err();
        assert_eq!(error(&[]), "SUBJECT is required.");
        assert_eq!(
            error(&[("subject", "x"), ("numberofchildren", "two")]),
            "NUMBEROFCHILDREN must be a number."
        );
        assert!(error(&[("subject", "x"), ("birthdate", "1990-02-30")]).contains("a date"));
        for link in ["javascript:alert(1)", "/relative", "contoso.example"] {
            assert!(error(&[("subject", "x"), ("websiteurl", link)]).contains("web address"));
        }
        assert!(error(&[("subject", "x"), ("numberofchildren", "1,5")]).contains("a number"));
        assert!(error(&[("subject", "x"), ("ownerid", "1")]).contains("not on the create form"));
    }
}
