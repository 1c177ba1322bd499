//! Sidecard's shared model: the types that cross the wire between the widget and the proxy, and
//! the pure logic on them (value formatting, email and phone normalization).
//!
//! No I/O and no framework lives here, so everything builds for `wasm32` and native and is unit
//! tested natively. The widget depends on it with `default-features = false` (no normalization
//! tables in the bundle); the proxy enables `normalize`.

pub mod activity;
pub mod error;
pub mod language;
pub mod link;
pub mod lookup;
pub mod people;
pub mod record;
pub mod schema;
pub mod settings;
pub mod value;

#[cfg(feature = "normalize")]
pub mod email;
#[cfg(feature = "normalize")]
pub mod phone;

pub use error::{ErrorBody, ErrorCode};
pub use link::{Link, WebUrl};
pub use lookup::{
    Customer, CustomerView, LookupRequest, MatchReason, Pinned, Searched, SearchedPhone, Stale,
    StaleReason, rank,
};
pub use record::{Deal, Entity, Field, Record, sort_deals};
pub use schema::{FieldInfo, FieldKind, sample_record};
pub use settings::{
    Card, DealCard, DealSort, DuplicatePolicy, FieldChoice, FieldListEdit, LookupSettings, Settings,
};
pub use value::{Date, Money, Value};
