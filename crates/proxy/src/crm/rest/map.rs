//! A CRM's JSON answers → Sidecard's model, as its description says: rows by JSON Pointer,
//! members read as typed values. A member the description names but a row lacks is a
//! mapping problem named by its step (`deal.answer.id: member "/id" missing in row 3`),
//! logged, never shown to the agent: the row is left out, or the value shows empty.

use super::describe::{FieldMap, Rows, Schema};
use super::template::{Context, fill};
use crate::crm::wire::{currency_code, record_link};
use serde_json::Value as Json;
use sidecard_model::{Entity, Field, FieldInfo, FieldKind, Money, Record, Value};
use std::collections::HashMap;

/// The rows of an answer at `pointer` ("" : the answer itself; an object is one row).
pub(super) fn rows<'a>(body: &'a Json, pointer: &str, step: &str) -> Result<Vec<&'a Json>, String> {
    let at = if pointer.is_empty() {
        Some(body)
    } else {
        body.pointer(pointer)
    };
    match at {
        Some(Json::Array(rows)) => Ok(rows.iter().collect()),
        Some(row @ Json::Object(_)) => Ok(vec![row]),
        // Many APIs answer `null` for "none".
        Some(Json::Null) => Ok(Vec::new()),
        None if !pointer.is_empty() => Err(format!(
            "{step}.rows: member {pointer:?} missing in the answer"
        )),
        _ => Err(format!("{step}.rows: the answer is no list of rows")),
    }
}

/// A member as text (a string, or a number or boolean written out).
pub(super) fn text(row: &Json, pointer: &str) -> Option<String> {
    match row.pointer(pointer)? {
        Json::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Every text a member holds: one value, or each of an array's.
pub(super) fn texts(row: &Json, pointer: &str) -> Vec<String> {
    match row.pointer(pointer) {
        Some(Json::Array(items)) => items
            .iter()
            .filter_map(|item| match item {
                Json::String(s) => Some(s.trim().to_owned()),
                Json::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        _ => text(row, pointer).into_iter().collect(),
    }
}

/// The kind a description's field type shows as.
pub(super) fn kind(name: &str) -> FieldKind {
    match name {
        "email" => FieldKind::Email,
        "phone" => FieldKind::Phone,
        "money" => FieldKind::Money,
        "date" => FieldKind::Date,
        "number" => FieldKind::Number,
        "boolean" => FieldKind::Bool,
        "choice" => FieldKind::Choice,
        "link" => FieldKind::Link,
        _ => FieldKind::Text,
    }
}

/// The fields an admin may choose, from their mappings.
pub(super) fn infos(fields: &[FieldMap]) -> Vec<FieldInfo> {
    fields
        .iter()
        .map(|f| FieldInfo::new(&f.key, &f.label, kind(f.kind.get_ref())))
        .collect()
}

/// The field definitions of a schema answer as mappings, in its order: those whose type the
/// description maps, each a member `prefix` + key (the key escaped as a JSON Pointer token),
/// asked for by its key.
pub(super) fn schema_fields(definitions: &[Json], schema: &Schema) -> Vec<FieldMap> {
    let mut out = Vec::new();
    for row in definitions {
        let (Some(key), Some(kind)) = (
            text(row, schema.key.get_ref()),
            text(row, schema.kind.get_ref()),
        ) else {
            continue;
        };
        let Some(ours) = schema.types.get(&kind) else {
            continue;
        };
        let label = text(row, schema.label.get_ref()).unwrap_or_else(|| key.clone());
        let token = key.replace('~', "~0").replace('/', "~1");
        out.push(FieldMap {
            path: toml::Spanned::new(0..0, format!("{}{token}", schema.prefix)),
            kind: toml::Spanned::new(0..0, ours.clone()),
            currency: schema.currency.clone(),
            name: Some(key.clone()),
            label,
            key,
        });
    }
    out
}

/// A currency: a member's (`/currency`) or a fixed code (`EUR`), if it is a code.
pub(super) fn currency(row: &Json, source: &str) -> Option<String> {
    let code = if source.starts_with('/') {
        text(row, source)?
    } else {
        source.to_owned()
    };
    currency_code(&code)
}

/// A field's typed value in `row`.
fn value(row: &Json, field: &FieldMap) -> Value {
    let pointer = field.path.get_ref();
    let value = match kind(field.kind.get_ref()) {
        FieldKind::Text => text(row, pointer).map(Value::Text),
        FieldKind::Email => text(row, pointer).map(Value::Email),
        FieldKind::Phone => text(row, pointer).map(Value::Phone),
        FieldKind::Choice => text(row, pointer).map(Value::Choice),
        FieldKind::Link => text(row, pointer).map(crate::crm::wire::link),
        FieldKind::Number => number(row, pointer).map(Value::Number),
        FieldKind::Bool => match row.pointer(pointer) {
            Some(Json::Bool(b)) => Some(Value::Bool(*b)),
            Some(Json::String(s)) if s == "true" || s == "false" => Some(Value::Bool(s == "true")),
            _ => None,
        },
        FieldKind::Date => text(row, pointer)
            .and_then(|d| d.get(..10)?.parse().ok())
            .map(Value::Date),
        FieldKind::Money => number(row, pointer).map(|amount| {
            field
                .currency
                .as_deref()
                .and_then(|c| currency(row, c))
                .and_then(|c| Money::from_decimal(amount, &c))
                .map_or(Value::Number(amount), Value::Money)
        }),
    };
    value.unwrap_or(Value::Empty)
}

/// A number member (a JSON number, or a string holding one).
pub(super) fn number(row: &Json, pointer: &str) -> Option<f64> {
    match row.pointer(pointer)? {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Row `at` of an answer of `entity` as a record with the `chosen` fields (keys of
/// `rows.fields`, in the chosen order); `None`, with the problem, when it has no id.
pub(super) fn record(
    entity: Entity,
    rows: &Rows,
    fields: &[FieldMap],
    row: &Json,
    at: usize,
    chosen: &[String],
    step: &str,
) -> Result<Record, String> {
    let id = text(row, rows.id.get_ref()).ok_or_else(|| {
        format!(
            "{step}.id: member {:?} missing in row {}",
            rows.id.get_ref(),
            at + 1
        )
    })?;
    let title = rows
        .title
        .members()
        .into_iter()
        .filter_map(|m| text(row, m))
        .collect::<Vec<_>>()
        .join(" ");
    let link = rows.link.as_ref().and_then(|template| {
        let values = HashMap::from([("id", id.clone())]);
        record_link(fill(template.get_ref(), &values, Context::Path))
    });
    let fields = chosen
        .iter()
        .filter_map(|key| fields.iter().find(|f| &f.key == key))
        .map(|f| Field::new(&f.key, &f.label, value(row, f)))
        .collect();
    Ok(Record {
        entity,
        id,
        title: if title.is_empty() {
            "(no name)".to_owned()
        } else {
            title
        },
        link,
        fields,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rows_are_found_by_pointer_or_are_the_answer() {
        let body = json!({ "data": [{ "id": 1 }, { "id": 2 }] });
        assert_eq!(rows(&body, "/data", "contact").unwrap().len(), 2);
        assert_eq!(rows(&json!({ "id": 1 }), "", "account").unwrap().len(), 1);
        assert!(
            rows(&json!({ "data": null }), "/data", "deal")
                .unwrap()
                .is_empty()
        );
        let err = rows(&body, "/items", "contact").unwrap_err();
        assert_eq!(err, "contact.rows: member \"/items\" missing in the answer");
    }

    #[test]
    fn members_read_as_text_whatever_their_json_type() {
        let row = json!({ "id": 7, "phones": ["(425) 555-0100", "+44 20 7946 0958"],
                          "value": { "amount": "1200.5", "currency": "EUR" } });
        assert_eq!(text(&row, "/id").as_deref(), Some("7"));
        assert_eq!(texts(&row, "/phones").len(), 2);
        assert_eq!(number(&row, "/value/amount"), Some(1200.5));
        assert_eq!(currency(&row, "/value/currency").as_deref(), Some("EUR"));
        assert_eq!(currency(&row, "usd"), None, "a code is three capitals");
    }
}
