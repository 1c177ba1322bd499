//! Strict loopback stand-ins of the CRM APIs Sidecard speaks, for connector tests and the
//! benchmark.
//!
//! Each is written from the vendor's documentation, not from what Sidecard sends: it keeps its
//! own schema and records, evaluates the queries it receives, and refuses what the real API
//! refuses with the real error shape. A connector that passes against these has at least
//! spoken the documented language; each module lists the facts it enforces and their sources.

pub mod dataverse;
pub mod odata;
pub mod salesforce;
pub mod soql;
