//! Logging a conversation as a HubSpot engagement: a call (`calls`) or a task (`tasks`),
//! associated with the contact.
//!
//! Sources: HubSpot's calls and tasks guides (developers.hubspot.com/docs/api-reference/
//! legacy/crm/activities/calls/guide, …/tasks/guide): `hs_timestamp` is required (a UTC ISO
//! 8601 string or milliseconds), calls have `hs_call_title`, `hs_call_body`,
//! `hs_call_direction` (`INBOUND` / `OUTBOUND`), `hs_call_status` (`COMPLETED`, …) and
//! `hs_call_duration` in milliseconds, tasks `hs_task_subject`, `hs_task_body`,
//! `hs_task_status` (`COMPLETED`, …); a create may carry `associations: [{"to": {"id"},
//! "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId"}]}]`, whose
//! default type ids are call → contact 194 and task → contact 204 (associations guide,
//! "Association type ID values"). Enumeration values are the options' `value`s: what a
//! mapping gives (`Inbound`, `Completed`) is sent as the option it names.

use super::schema::Property;
use crate::crm::{ActivityKind, CrmError, NewActivity};
use serde_json::{Map, Value as Json, json};
use sidecard_model::FieldKind;
use sidecard_model::activity::{FieldMap, HostKind, LogTarget, Repeat, Source};

/// The property Sidecard sets itself on create: when the conversation was logged.
pub(super) const TIMESTAMP: &str = "hs_timestamp";

/// The engagement object behind an activity type, and its contact association type id.
pub(super) fn object(kind: ActivityKind) -> (&'static str, u64) {
    match kind {
        ActivityKind::PhoneCall => ("calls", 194),
        ActivityKind::Task => ("tasks", 204),
    }
}

/// A completed call from the Dynamics panel (which knows calls) with its title, notes and
/// direction; a completed task from every other host with its subject and notes.
pub(super) fn default_log(host: HostKind) -> LogTarget {
    let fields = if host == HostKind::Dynamics {
        vec![
            FieldMap::new("hs_call_title", FieldKind::Text, Source::Subject),
            FieldMap::new("hs_call_body", FieldKind::Text, Source::Summary),
            FieldMap::new("hs_call_direction", FieldKind::Choice, Source::Direction),
            FieldMap::new(
                "hs_call_status",
                FieldKind::Choice,
                Source::Fixed("COMPLETED".into()),
            ),
        ]
    } else {
        vec![
            FieldMap::new("hs_task_subject", FieldKind::Text, Source::Subject),
            FieldMap::new("hs_task_body", FieldKind::Text, Source::Summary),
            FieldMap::new(
                "hs_task_status",
                FieldKind::Choice,
                Source::Fixed("COMPLETED".into()),
            ),
        ]
    };
    LogTarget {
        activity: if host == HostKind::Dynamics {
            ActivityKind::PhoneCall
        } else {
            ActivityKind::Task
        },
        fields,
        repeat: Repeat::Update,
    }
}

/// The properties of a create or update: every mapped value as HubSpot stores it (a string;
/// an enumeration's option value), and on create `hs_timestamp` (`now`, RFC 3339) unless
/// mapped. A value an enumeration has no option for is refused here, in the admin's words.
pub(super) fn properties(
    activity: &NewActivity,
    known: &[Property],
    now: &str,
) -> Result<Map<String, Json>, CrmError> {
    let mut out = Map::new();
    for (key, _, value) in &activity.values {
        let text = super::stored(value);
        let text = match known.iter().find(|p| &p.name == key) {
            Some(p) if p.kind == "enumeration" => p.option(&text).map(str::to_owned).ok_or_else(|| {
                let allowed: Vec<&str> = p.options.iter().map(|(v, _)| v.as_str()).collect();
                CrmError::Invalid(format!(
                    "HubSpot's \"{key}\" has no option {text:?} (its options: {}). Change the log mapping on the settings page.",
                    allowed.join(", ")
                ))
            })?,
            _ => text,
        };
        out.insert(key.clone(), json!(text));
    }
    if activity.update.is_none() {
        out.entry(TIMESTAMP).or_insert_with(|| json!(now));
    }
    Ok(out)
}

/// The properties a mapping may fill: the engagement's writable, visible ones but the
/// timestamp Sidecard sets.
pub(super) fn mappable(properties: &[Property]) -> Vec<sidecard_model::FieldInfo> {
    let mut out: Vec<_> = properties
        .iter()
        .filter(|p| !p.hidden && !p.read_only && p.name != TIMESTAMP)
        .filter_map(Property::info)
        .collect();
    out.sort_by_key(|f| f.label.to_lowercase());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sidecard_model::Entity;
    use sidecard_model::activity::LogValue;

    fn direction() -> Property {
        super::super::schema::property("hs_call_direction", "enumeration", "select")
    }

    fn logged(values: Vec<(&str, LogValue)>, update: Option<&str>) -> NewActivity {
        NewActivity {
            kind: ActivityKind::PhoneCall,
            entity: Entity::Contact,
            person_id: "512".into(),
            account_id: None,
            values: values
                .into_iter()
                .map(|(k, v)| (k.to_owned(), FieldKind::Text, v))
                .collect(),
            update: update.map(str::to_owned),
        }
    }

    #[test]
    fn values_go_as_hubspot_stores_them() {
        let activity = logged(
            vec![
                ("hs_call_direction", LogValue::Text("Inbound".into())),
                ("hs_call_duration", LogValue::Number(95_000.0)),
            ],
            None,
        );
        let props = properties(&activity, &[direction()], "2026-12-01T10:00:00Z").unwrap();
        assert_eq!(props["hs_call_direction"], "INBOUND");
        assert_eq!(props["hs_call_duration"], "95000");
        assert_eq!(props[TIMESTAMP], "2026-12-01T10:00:00Z");
        let update = logged(vec![], Some("9"));
        assert!(
            properties(&update, &[], "now").unwrap().is_empty(),
            "the first log's time stays"
        );
        let bad = logged(
            vec![("hs_call_direction", LogValue::Text("Sideways".into()))],
            None,
        );
        let err = properties(&bad, &[direction()], "now")
            .unwrap_err()
            .to_string();
        assert!(err.contains("INBOUND, OUTBOUND"), "{err}");
    }

    #[test]
    fn each_host_logs_its_kind() {
        assert_eq!(
            default_log(HostKind::Dynamics).activity,
            ActivityKind::PhoneCall
        );
        assert_eq!(default_log(HostKind::Zendesk).activity, ActivityKind::Task);
    }
}
