//! Strict loopback stand-ins of the CRM APIs Sidecard speaks, for connector tests and the
//! benchmark.
//!
//! Each is written from the vendor's documentation, not from what Sidecard sends: it keeps its
//! own schema and records, evaluates the queries it receives, and refuses what the real API
//! refuses with the real error shape. A connector that passes against these has at least
//! spoken the documented language; each module lists the facts it enforces and their sources.

pub mod dataverse;
pub mod hubspot;
pub mod json_server;
pub mod odata;
pub mod salesforce;
pub mod services;
pub mod soql;

use serde_json::{Map, Value as Json};

/// Whether two field values are the same text, ignoring case, as both CRMs' standard
/// duplicate rules compare emails (a blank never matches).
pub(crate) fn same_text(a: &Json, b: &Json) -> bool {
    match (a.as_str(), b.as_str()) {
        (Some(a), Some(b)) => !a.is_empty() && a.eq_ignore_ascii_case(b),
        _ => false,
    }
}

/// Sets `into` to the first and last names joined, as both CRMs compose a person's full name,
/// unless the row has one.
pub(crate) fn compose_name(row: &mut Map<String, Json>, first: &str, last: &str, into: &str) {
    if !row.contains_key(into) {
        let name = [row.get(first), row.get(last)]
            .into_iter()
            .flatten()
            .filter_map(Json::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        row.insert(into.into(), Json::from(name));
    }
}
