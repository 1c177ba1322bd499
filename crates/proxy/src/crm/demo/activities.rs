//! The demo CRM's activities table (`activities.sql`): the fields a log may fill, and the
//! insert or update a log makes. Field keys are the table's columns; only these constant
//! names reach SQL, values always as bound parameters.

use super::{FieldDef, def, read_columns, select_list, text, value};
use crate::crm::{ActivityKind, CrmError, NewActivity};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, params_from_iter};
use sidecard_model::activity::{Activity, FieldMap, HostKind, LogTarget, LogValue, Source};
use sidecard_model::{Entity, Field, FieldKind};
use std::collections::HashMap;

/// The columns a log may fill, for both activity types.
pub(super) const FIELDS: &[FieldDef] = &[
    def("subject", "Subject", FieldKind::Text),
    def("description", "Description", FieldKind::Text),
    def("channel", "Channel", FieldKind::Text),
    def("direction", "Direction", FieldKind::Choice),
    def("duration_minutes", "Duration (minutes)", FieldKind::Number),
    def("status", "Status", FieldKind::Choice),
];

/// Phone calls from the Dynamics panel (it knows calls), tasks from the help desks: the
/// subject, everything said in the description, the channel, and "Completed"; a call's
/// direction and minutes.
pub(super) fn default_log(host: HostKind) -> LogTarget {
    LogTarget::standard(
        host,
        vec![
            FieldMap::new("subject", FieldKind::Text, Source::Subject),
            FieldMap::new("description", FieldKind::Text, Source::Summary),
            FieldMap::new("channel", FieldKind::Text, Source::Channel),
            FieldMap::new(
                "status",
                FieldKind::Choice,
                Source::Fixed("Completed".into()),
            ),
        ],
        vec![
            FieldMap::new("direction", FieldKind::Choice, Source::Direction),
            FieldMap::new(
                "duration_minutes",
                FieldKind::Number,
                Source::DurationMinutes,
            ),
        ],
    )
}

/// Inserts the activity (or updates `activity.update`), checking every field as the table's
/// constraints would; returns its id.
pub(super) fn write(
    conn: &Connection,
    activity: &NewActivity,
    logged_at: &str,
) -> Result<String, CrmError> {
    let mut columns = Vec::new();
    let mut values = Vec::new();
    for (key, _, value) in &activity.values {
        let def = FIELDS.iter().find(|d| d.key == key).ok_or_else(|| {
            CrmError::Invalid(format!(
                "The demo CRM's activities have no field \"{key}\"."
            ))
        })?;
        let value = match (def.kind, value) {
            (FieldKind::Number, LogValue::Number(n)) if n.fract() == 0.0 && *n >= 0.0 => {
                SqlValue::Integer(*n as i64)
            }
            (FieldKind::Text | FieldKind::Choice, LogValue::Text(t)) => SqlValue::Text(t.clone()),
            _ => {
                return Err(CrmError::Invalid(format!(
                    "The demo CRM's activity field \"{key}\" cannot hold {value:?}."
                )));
            }
        };
        columns.push(def.key);
        values.push(value);
    }
    let sql_error = |e: rusqlite::Error| match e {
        rusqlite::Error::SqliteFailure(f, message)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            CrmError::Invalid(format!(
                "The demo CRM refused the activity: {}.",
                message.unwrap_or_else(|| "a constraint failed".into())
            ))
        }
        e => CrmError::Upstream(format!("demo database: {e}")),
    };
    if let Some(id) = &activity.update {
        if columns.is_empty() {
            return Ok(id.clone());
        }
        let set: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", i + 3))
            .collect();
        let sql = format!(
            "UPDATE activities SET {} WHERE id = ?1 AND type = ?2",
            set.join(", ")
        );
        let mut params = vec![
            SqlValue::Text(id.clone()),
            SqlValue::Text(activity.kind.as_str().into()),
        ];
        params.extend(values);
        let changed = conn
            .execute(&sql, params_from_iter(params))
            .map_err(sql_error)?;
        if changed == 0 {
            return Err(CrmError::NotFound(format!("activity {id}")));
        }
        return Ok(id.clone());
    }
    let id = uuid::Uuid::new_v4().to_string();
    let person = match activity.entity {
        Entity::Lead => "lead_id",
        _ => "contact_id",
    };
    let exists: bool = conn
        .query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM {} WHERE id = ?1)",
                super::table(activity.entity)
            ),
            [&activity.person_id],
            |row| row.get(0),
        )
        .map_err(sql_error)?;
    if !exists {
        return Err(CrmError::NotFound(format!(
            "{} {}",
            activity.entity.as_str(),
            activity.person_id
        )));
    }
    let mut all = vec!["id", "type", person, "account_id", "logged_at"];
    all.extend(columns);
    let mut params = vec![
        SqlValue::Text(id.clone()),
        SqlValue::Text(activity.kind.as_str().into()),
        SqlValue::Text(activity.person_id.clone()),
        // A lead has no account.
        match (&activity.account_id, activity.entity) {
            (Some(account), Entity::Contact) => SqlValue::Text(account.clone()),
            _ => SqlValue::Null,
        },
        SqlValue::Text(logged_at.to_owned()),
    ];
    params.extend(values);
    let placeholders: Vec<String> = (1..=all.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO activities ({}) VALUES ({})",
        all.join(", "),
        placeholders.join(", ")
    );
    conn.execute(&sql, params_from_iter(params))
        .map_err(sql_error)?;
    Ok(id)
}

/// The latest `per_person` activities of each of `ids` (contacts or leads), newest first, with
/// the chosen `fields`, in one query for them all.
pub(super) fn recent(
    conn: &Connection,
    entity: Entity,
    ids: &[String],
    per_person: u8,
    fields: &[&FieldDef],
) -> rusqlite::Result<HashMap<String, Vec<Activity>>> {
    let mut recent: HashMap<String, Vec<Activity>> = HashMap::new();
    if per_person == 0 || ids.is_empty() {
        return Ok(recent);
    }
    let column = if entity == Entity::Lead {
        "lead_id"
    } else {
        "contact_id"
    };
    // Only the table's own constant column names reach the SQL.
    let select = select_list(&["type", "subject", "logged_at", "owner"], fields);
    let ids = serde_json::to_string(ids).expect("strings serialize");
    let mut stmt = conn.prepare(&format!(
        "SELECT * FROM (
             SELECT {column} AS person, {select},
                    row_number() OVER (PARTITION BY {column} ORDER BY logged_at DESC, rowid DESC) AS n
             FROM activities WHERE {column} IN (SELECT value FROM json_each(?1)))
         WHERE n <= ?2 ORDER BY person, n"
    ))?;
    let rows = stmt.query_map(rusqlite::params![ids, per_person], read_columns)?;
    for row in rows {
        let cols = row?;
        let kind = text(&cols, "type").unwrap_or_default();
        let activity = Activity {
            kind: ActivityKind::parse(&kind).map_or(kind, |k| k.label().to_owned()),
            subject: text(&cols, "subject").unwrap_or_default(),
            when: text(&cols, "logged_at"),
            owner: text(&cols, "owner"),
            fields: fields
                .iter()
                .map(|d| Field::new(d.key, d.label, value(&cols, d)))
                .collect(),
        };
        let person = text(&cols, "person").unwrap_or_default();
        recent.entry(person).or_default().push(activity);
    }
    Ok(recent)
}
