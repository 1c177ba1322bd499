//! Logging to Dataverse: a `phonecall` or `task` regarding the contact or lead, with the
//! columns the admin mapped, and the same row updated when the conversation is logged again.
//!
//! Facts, from Microsoft Learn:
//! - Tables `phonecall` and `task` (entity sets `phonecalls`, `tasks`, key `activityid`);
//!   `subject` String (200), `description` Memo (2000), `directioncode` Boolean (true =
//!   outgoing), `actualdurationminutes` Integer (Power Apps table reference, "phonecall",
//!   "task").
//! - The regarding row is set with a single-valued navigation property per table and target:
//!   `regardingobjectid_contact_phonecall`, `regardingobjectid_lead_phonecall`,
//!   `regardingobjectid_contact_task`, `regardingobjectid_lead_task` ("phonecall" and "task"
//!   Web API EntityType references), bound as `"<property>@odata.bind": "/contacts(<id>)"`
//!   ("Create a table row using the Web API"). The lead targets exist where Dynamics 365
//!   Sales is installed (plain Dataverse regards contacts and accounts only).
//! - An update is `PATCH <set>(<id>)` answering 204; without `If-Match: *` a PATCH of a
//!   missing row creates it (upsert), with it the answer is 404 ("Update and delete table
//!   rows", "Perform conditional operations: prevent create in upsert").
//! - Choice (option set) columns take the option's integer value.

use super::query::guid;
use super::schema;
use crate::crm::wire::activity_value;
use crate::crm::{ActivityKind, CrmError, NewActivity};
use serde_json::{Map, Value as Json, json};
use sidecard_model::activity::{FieldMap, HostKind, LogTarget, LogValue, Source};
use sidecard_model::{Entity, FieldKind};

/// The table behind an activity type: entity set and logical name.
pub(super) fn table(kind: ActivityKind) -> (&'static str, &'static str) {
    match kind {
        ActivityKind::PhoneCall => ("phonecalls", "phonecall"),
        ActivityKind::Task => ("tasks", "task"),
    }
}

/// The navigation property that sets the regarding row, and the set it points into.
fn regarding(kind: ActivityKind, entity: Entity) -> Result<(String, &'static str), CrmError> {
    let person = match entity {
        Entity::Contact => &schema::CONTACTS,
        Entity::Lead => &schema::LEADS,
        other => {
            return Err(CrmError::Invalid(format!(
                "Activities are logged regarding contacts and leads, not {}.",
                other.as_str()
            )));
        }
    };
    Ok((
        format!("regardingobjectid_{}_{}", person.logical, table(kind).1),
        person.set,
    ))
}

/// Calls from the Dynamics panel, tasks from the help desks: the subject, everything said in
/// the description; a call's direction and minutes.
pub(super) fn default_log(host: HostKind) -> LogTarget {
    LogTarget::standard(
        host,
        vec![
            FieldMap::new("subject", FieldKind::Text, Source::Subject),
            FieldMap::new("description", FieldKind::Text, Source::Summary),
        ],
        vec![
            FieldMap::new("directioncode", FieldKind::Bool, Source::Direction),
            FieldMap::new(
                "actualdurationminutes",
                FieldKind::Number,
                Source::DurationMinutes,
            ),
        ],
    )
}

/// The create or update body: the mapped columns (and, on create, the regarding row).
pub(super) fn body(activity: &NewActivity) -> Result<Json, CrmError> {
    let mut body = Map::new();
    for (key, kind, value) in &activity.values {
        body.insert(key.clone(), column_value(key, *kind, value)?);
    }
    if activity.update.is_none() {
        let person = guid(&activity.person_id)?;
        let (property, set) = regarding(activity.kind, activity.entity)?;
        body.insert(
            format!("{property}@odata.bind"),
            json!(format!("/{set}({person})")),
        );
    }
    Ok(Json::Object(body))
}

/// A value as its column takes it: a choice as its option's number, the subject and
/// description cut to what they hold (200 and 2,000 characters).
fn column_value(key: &str, kind: FieldKind, value: &LogValue) -> Result<Json, CrmError> {
    if let (FieldKind::Choice, LogValue::Text(text)) = (kind, value) {
        return choice_number(key, text).map(|n| json!(n));
    }
    let max = match key {
        "subject" => Some(200),
        "description" => Some(2000),
        _ => None,
    };
    Ok(activity_value(value, max))
}

/// A choice column's value: the option's number.
fn choice_number(key: &str, text: &str) -> Result<i64, CrmError> {
    text.trim().parse().map_err(|_| {
        CrmError::Invalid(format!(
            "\"{key}\" is a Dynamics choice column: map it to the option's number, not \"{text}\"."
        ))
    })
}

/// What Dataverse will refuse in a mapping, for the settings page: a choice column filled
/// from anything but a fixed option number.
pub(super) fn problems(target: &LogTarget) -> Vec<String> {
    target
        .fields
        .iter()
        .filter(|m| m.kind == FieldKind::Choice)
        .filter(
            |m| !matches!(&m.from, Source::Fixed(text) if choice_number(&m.field, text).is_ok()),
        )
        .map(|m| {
            format!(
                "\"{}\" is a Dynamics choice column: fill it with a fixed option number.",
                m.field
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sidecard_model::activity::Repeat;

    fn activity(kind: ActivityKind, entity: Entity) -> NewActivity {
        NewActivity {
            kind,
            entity,
            person_id: "5a3a7a3e-1c2b-4f5e-8a9b-000000000001".into(),
            account_id: Some("ignored".into()),
            values: vec![
                (
                    "subject".into(),
                    FieldKind::Text,
                    LogValue::Text("Hi".into()),
                ),
                (
                    "directioncode".into(),
                    FieldKind::Bool,
                    LogValue::Bool(false),
                ),
                (
                    "actualdurationminutes".into(),
                    FieldKind::Number,
                    LogValue::Number(3.0),
                ),
                (
                    "prioritycode".into(),
                    FieldKind::Choice,
                    LogValue::Text("2".into()),
                ),
            ],
            update: None,
        }
    }

    #[test]
    fn a_new_call_regards_its_person_with_typed_columns() {
        let body = body(&activity(ActivityKind::PhoneCall, Entity::Lead)).unwrap();
        assert_eq!(
            body,
            json!({
                "subject": "Hi",
                "directioncode": false,
                "actualdurationminutes": 3,
                "prioritycode": 2,
                "regardingobjectid_lead_phonecall@odata.bind": "/leads(5a3a7a3e-1c2b-4f5e-8a9b-000000000001)"
            })
        );
        let task = body_of(ActivityKind::Task, Entity::Contact);
        assert!(
            task.get("regardingobjectid_contact_task@odata.bind")
                .is_some()
        );
    }

    fn body_of(kind: ActivityKind, entity: Entity) -> Json {
        body(&activity(kind, entity)).unwrap()
    }

    #[test]
    fn an_update_sends_only_the_mapped_columns() {
        let mut update = activity(ActivityKind::Task, Entity::Contact);
        update.update = Some("x".into());
        let body = body(&update).unwrap();
        assert_eq!(body.as_object().unwrap().len(), 4);
    }

    #[test]
    fn a_choice_column_must_be_a_fixed_option_number_and_long_text_is_cut() {
        let target = LogTarget {
            activity: ActivityKind::Task,
            fields: vec![
                FieldMap::new("prioritycode", FieldKind::Choice, Source::Fixed("2".into())),
                FieldMap::new("new_way", FieldKind::Choice, Source::Direction),
                FieldMap::new("new_tier", FieldKind::Choice, Source::Fixed("Gold".into())),
            ],
            repeat: Repeat::Update,
        };
        let problems = problems(&target);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("new_way"));
        let long =
            column_value("subject", FieldKind::Text, &LogValue::Text("x".repeat(300))).unwrap();
        assert_eq!(long.as_str().unwrap().chars().count(), 200);
        assert!(long.as_str().unwrap().ends_with('…'));
    }

    #[test]
    fn a_choice_label_or_a_bad_id_is_refused_before_anything_is_sent() {
        let mut bad = activity(ActivityKind::Task, Entity::Contact);
        bad.values[3].2 = LogValue::Text("High".into());
        assert!(matches!(body(&bad), Err(CrmError::Invalid(m)) if m.contains("option's number")));
        let mut bad = activity(ActivityKind::Task, Entity::Contact);
        bad.person_id = "1) or (1".into();
        assert!(matches!(body(&bad), Err(CrmError::Invalid(_))));
        assert!(matches!(
            body(&activity(ActivityKind::Task, Entity::Account)),
            Err(CrmError::Invalid(_))
        ));
    }
}
