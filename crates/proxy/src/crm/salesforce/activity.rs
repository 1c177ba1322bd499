//! Logging to Salesforce: a Task about the contact or lead (`WhoId`), related to the
//! contact's account (`WhatId`), with the fields the admin mapped; the same Task updated
//! when the conversation is logged again.
//!
//! Facts, from the Salesforce docs:
//! - Task (Object Reference, "Task"): `WhoId` a Contact or Lead, `WhatId` e.g. an Account,
//!   `Subject` (combobox, 255), `Description`, `Status` (required, defaulted on create),
//!   `CallDurationInSeconds`, `CallType` (restricted picklist Inbound/Internal/Outbound),
//!   `TaskSubtype` (`Call`, `Task`…, set on create only: "This field isn't updateable").
//! - "If the WhoId field refers to a Lead, then the WhatId field must be empty" (Object
//!   Reference, "Field Types", Reference).
//! - Create: `POST /sobjects/Task/` answers 201 `{"id","success","errors"}`; update:
//!   `PATCH /sobjects/Task/<id>` answers 204 (REST API Developer Guide, "Create a Record",
//!   "Update a Record"); a missing record is 404 (`NOT_FOUND`; a deleted one is reported as
//!   `ENTITY_IS_DELETED` by clients, not in the docs: both are read as gone).
//! - The fields a mapping may fill are the describe's `createable` ones.

use super::query::salesforce_id;
use crate::crm::wire::activity_value;
use crate::crm::{ActivityKind, CrmError, NewActivity};
use serde_json::{Map, Value as Json, json};
use sidecard_model::activity::{FieldMap, HostKind, LogTarget, Source};
use sidecard_model::{Entity, FieldInfo, FieldKind};

/// Fields Sidecard sets itself: a mapping may not.
const SET_BY_SIDECARD: [&str; 3] = ["WhoId", "WhatId", "TaskSubtype"];

/// Tasks from every host: the subject, everything said in the description, completed; from
/// the Dynamics panel (a Salesforce org can sit behind it too) a Call with its direction and
/// seconds.
pub(super) fn default_log(host: HostKind) -> LogTarget {
    LogTarget::standard(
        host,
        vec![
            FieldMap::new("Subject", FieldKind::Text, Source::Subject),
            FieldMap::new("Description", FieldKind::Text, Source::Summary),
            FieldMap::new(
                "Status",
                FieldKind::Choice,
                Source::Fixed("Completed".into()),
            ),
        ],
        vec![
            FieldMap::new("CallType", FieldKind::Choice, Source::Direction),
            FieldMap::new(
                "CallDurationInSeconds",
                FieldKind::Number,
                Source::DurationSeconds,
            ),
        ],
    )
}

/// The Task fields a mapping may fill: the describe's createable and updateable ones (a
/// second log updates them), but the links.
pub(super) fn mappable(describe: &Json, fields: Vec<FieldInfo>) -> Vec<FieldInfo> {
    let createable = |key: &str| {
        describe
            .get("fields")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .any(|f| {
                let yes = |flag| f.get(flag).and_then(Json::as_bool) == Some(true);
                f.get("name").and_then(Json::as_str) == Some(key)
                    && yes("createable")
                    && yes("updateable")
            })
    };
    fields
        .into_iter()
        .filter(|f| !SET_BY_SIDECARD.contains(&f.key.as_str()) && createable(&f.key))
        .collect()
}

/// The create or update body: the mapped fields, and on create the links and the subtype.
pub(super) fn body(activity: &NewActivity) -> Result<Json, CrmError> {
    let mut body = Map::new();
    for (key, _, value) in &activity.values {
        if SET_BY_SIDECARD.contains(&key.as_str()) {
            return Err(CrmError::Invalid(format!(
                "\"{key}\" is set by Sidecard and cannot be mapped."
            )));
        }
        // The subject holds 255 characters (Task, "Subject").
        let max = (key == "Subject").then_some(255);
        body.insert(key.clone(), activity_value(value, max));
    }
    if activity.update.is_none() {
        let (prefix, is_contact) = match activity.entity {
            Entity::Contact => ("003", true),
            Entity::Lead => ("00Q", false),
            other => {
                return Err(CrmError::Invalid(format!(
                    "Activities are logged regarding contacts and leads, not {}.",
                    other.as_str()
                )));
            }
        };
        body.insert(
            "WhoId".into(),
            json!(salesforce_id(&activity.person_id, prefix)?),
        );
        if let Some(account) = activity.account_id.as_ref().filter(|_| is_contact) {
            body.insert("WhatId".into(), json!(salesforce_id(account, "001")?));
        }
        body.insert(
            "TaskSubtype".into(),
            json!(match activity.kind {
                ActivityKind::PhoneCall => "Call",
                ActivityKind::Task => "Task",
            }),
        );
    }
    Ok(Json::Object(body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sidecard_model::activity::LogValue;

    fn activity(entity: Entity, person: &str) -> NewActivity {
        NewActivity {
            kind: ActivityKind::PhoneCall,
            entity,
            person_id: person.into(),
            account_id: Some("001000000000001AAA".into()),
            values: vec![
                (
                    "Subject".into(),
                    FieldKind::Text,
                    LogValue::Text("Hi".into()),
                ),
                (
                    "CallDurationInSeconds".into(),
                    FieldKind::Number,
                    LogValue::Number(61.0),
                ),
            ],
            update: None,
        }
    }

    #[test]
    fn a_call_about_a_contact_is_related_to_their_account() {
        assert_eq!(
            body(&activity(Entity::Contact, "003000000000001AAA")).unwrap(),
            json!({
                "Subject": "Hi",
                "CallDurationInSeconds": 61,
                "WhoId": "003000000000001AAA",
                "WhatId": "001000000000001AAA",
                "TaskSubtype": "Call"
            })
        );
    }

    #[test]
    fn a_task_about_a_lead_has_no_account_and_an_update_no_links() {
        let lead = body(&activity(Entity::Lead, "00Q000000000001AAA")).unwrap();
        assert!(lead.get("WhatId").is_none());
        let mut update = activity(Entity::Contact, "003000000000001AAA");
        update.update = Some("00T000000000001AAA".into());
        let update = body(&update).unwrap();
        assert_eq!(update.as_object().unwrap().len(), 2, "{update}");
    }

    #[test]
    fn ids_of_the_wrong_shape_and_links_in_the_mapping_are_refused() {
        assert!(body(&activity(Entity::Contact, "00Q000000000001AAA")).is_err());
        let mut mapped = activity(Entity::Contact, "003000000000001AAA");
        mapped.values.push((
            "WhoId".into(),
            FieldKind::Choice,
            LogValue::Text("003x".into()),
        ));
        assert!(body(&mapped).is_err());
    }
}
