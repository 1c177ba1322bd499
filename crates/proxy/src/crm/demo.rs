//! The embedded demo CRM: a real SQLite file, created and seeded on first start, that answers
//! lookups the way a CRM connector must (every email field, phones in any stored format,
//! contacts before leads, only open deals).
//!
//! It is the default connector so Sidecard runs with nothing to configure, and the reference
//! the real connectors are measured against. Each lookup opens the file read-only: a demo
//! database that disappears or breaks while the proxy runs is a CRM that went down, and the
//! widget shows it as one.

mod activities;

use super::wire::check_creatable;
use super::{
    ActivityKind, Connector, CrmError, LookupKeys, NewActivity, NewPerson, Plan, match_reasons,
};
use async_trait::async_trait;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, params};
use sidecard_model::activity::{HostKind, LogTarget, LogValue};
use sidecard_model::people::CreateForm;
use sidecard_model::phone::{Region, to_e164};
use sidecard_model::{
    Customer, Deal, Entity, Field, FieldInfo, FieldKind, Money, Record, Value, sort_deals,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const SCHEMA: &str = include_str!("demo/schema.sql");
/// Version 2's table; a version 1 file gains it (and stays seeded as it was).
const ACTIVITIES: &str = include_str!("demo/activities.sql");
const SEED: &str = include_str!("demo/seed.sql");
/// Bumped whenever the schema or seed change, so an old file is migrated or refused, not
/// misread.
const SCHEMA_VERSION: i32 = 2;

/// Where deep links into the demo CRM point; served by `http::demo`.
pub const RECORD_PAGE_PREFIX: &str = "/demo/records";

/// A field of a demo table: its column, label and type. The order is the card's order.
struct FieldDef {
    key: &'static str,
    label: &'static str,
    kind: FieldKind,
}

const fn def(key: &'static str, label: &'static str, kind: FieldKind) -> FieldDef {
    FieldDef { key, label, kind }
}

const CONTACT_FIELDS: &[FieldDef] = &[
    def("job_title", "Job title", FieldKind::Text),
    def("email1", "Email", FieldKind::Email),
    def("email2", "Email 2", FieldKind::Email),
    def("email3", "Email 3", FieldKind::Email),
    def("business_phone", "Business phone", FieldKind::Phone),
    def("mobile_phone", "Mobile phone", FieldKind::Phone),
    def("home_phone", "Home phone", FieldKind::Phone),
    def("city", "City", FieldKind::Text),
    def("country", "Country", FieldKind::Text),
];

const LEAD_FIELDS: &[FieldDef] = &[
    def("company", "Company", FieldKind::Text),
    def("job_title", "Job title", FieldKind::Text),
    def("email1", "Email", FieldKind::Email),
    def("email2", "Email 2", FieldKind::Email),
    def("business_phone", "Business phone", FieldKind::Phone),
    def("mobile_phone", "Mobile phone", FieldKind::Phone),
    def("source", "Lead source", FieldKind::Choice),
];

const ACCOUNT_FIELDS: &[FieldDef] = &[
    def("industry", "Industry", FieldKind::Choice),
    def("website", "Website", FieldKind::Link),
    def("main_phone", "Main phone", FieldKind::Phone),
    def("city", "City", FieldKind::Text),
    def("country", "Country", FieldKind::Text),
    def("annual_revenue", "Annual revenue", FieldKind::Money),
];

const DEAL_FIELDS: &[FieldDef] = &[
    def("amount", "Amount", FieldKind::Money),
    def("stage", "Stage", FieldKind::Choice),
    def("close_date", "Close date", FieldKind::Date),
    def("probability", "Probability (%)", FieldKind::Number),
];

/// What a card shows before an admin chooses: the usual few, not every column (the settings
/// page adds the rest).
fn default_keys(entity: Entity) -> &'static [&'static str] {
    match entity {
        Entity::Contact => &[
            "job_title",
            "email1",
            "business_phone",
            "mobile_phone",
            "city",
        ],
        Entity::Lead => &["company", "job_title", "email1", "mobile_phone", "source"],
        Entity::Account => &["industry", "website", "main_phone", "city"],
        // Name, amount, stage and close date (type, subject, date and owner) always show; no
        // extras until an admin adds some.
        Entity::Deal | Entity::Activity => &[],
    }
}

fn field_defs(entity: Entity) -> &'static [FieldDef] {
    match entity {
        Entity::Contact => CONTACT_FIELDS,
        Entity::Lead => LEAD_FIELDS,
        Entity::Account => ACCOUNT_FIELDS,
        Entity::Deal => DEAL_FIELDS,
        Entity::Activity => activities::FIELDS,
    }
}

/// The chosen fields the demo CRM has, in the chosen order (unknown keys skipped).
fn chosen_defs(entity: Entity, plan: &Plan) -> Vec<&'static FieldDef> {
    plan.fields(entity)
        .iter()
        .filter_map(|key| field_defs(entity).iter().find(|d| d.key == key))
        .collect()
}

/// The SQL columns a field is stored in: money is `<key>_minor` plus the row's `currency`.
fn sql_columns(d: &FieldDef) -> Vec<String> {
    match d.kind {
        FieldKind::Money => vec![format!("{}_minor", d.key), "currency".to_owned()],
        _ => vec![d.key.to_owned()],
    }
}

/// `SELECT` list: the columns that identify, name, link and verify a row, plus the chosen
/// fields' columns, each once. Only our own constant names go in here.
fn select_list(always: &[&str], chosen: &[&FieldDef]) -> String {
    let mut columns: Vec<String> = always.iter().map(|c| (*c).to_owned()).collect();
    for column in chosen.iter().flat_map(|d| sql_columns(d)) {
        if !columns.contains(&column) {
            columns.push(column);
        }
    }
    columns.join(", ")
}

fn table(entity: Entity) -> &'static str {
    match entity {
        Entity::Contact => "contacts",
        Entity::Lead => "leads",
        Entity::Account => "accounts",
        Entity::Deal => "opportunities",
        Entity::Activity => "activities",
    }
}

/// The fields searched for email and phone matches, with the label a match reason shows.
struct SearchFields {
    emails: &'static [(&'static str, &'static str)],
    phones: &'static [(&'static str, &'static str)],
}

const CONTACT_SEARCH: SearchFields = SearchFields {
    emails: &[
        ("email1", "Email"),
        ("email2", "Email 2"),
        ("email3", "Email 3"),
    ],
    phones: &[
        ("business_phone", "Business phone"),
        ("mobile_phone", "Mobile phone"),
        ("home_phone", "Home phone"),
    ],
};

const LEAD_SEARCH: SearchFields = SearchFields {
    emails: &[("email1", "Email"), ("email2", "Email 2")],
    phones: &[
        ("business_phone", "Business phone"),
        ("mobile_phone", "Mobile phone"),
    ],
};

/// Why the demo database could not be opened or created at startup.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// SQLite refused.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// The directory or file could not be created.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The file was made by a different Sidecard version.
    #[error(
        "it holds schema version {found}, this Sidecard expects {SCHEMA_VERSION}; delete the file and Sidecard seeds a fresh one"
    )]
    SchemaVersion {
        /// The version in the file.
        found: i32,
    },
}

/// The demo CRM connector.
#[derive(Debug, Clone)]
pub struct DemoCrm {
    /// The SQLite file; opened read-only per lookup.
    path: PathBuf,
    /// Region for stored numbers without a country code, as configured for lookups.
    region: Region,
}

impl DemoCrm {
    /// Opens the demo database at `path`, creating and seeding it first if there is none.
    /// Seeding writes a temporary file and renames it into place, so a crash mid-seed never
    /// leaves a half-seeded database behind.
    pub fn open_or_seed(path: &Path, region: Region) -> Result<Self, DemoError> {
        if !path.exists() {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            let tmp = path.with_extension("seeding");
            let _ = std::fs::remove_file(&tmp);
            let conn = Connection::open(&tmp)?;
            conn.execute_batch(&format!(
                "BEGIN; {SCHEMA} {ACTIVITIES} {SEED} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
            ))?;
            conn.close().map_err(|(_, e)| e)?;
            std::fs::rename(&tmp, path)?;
            tracing::info!(path = %path.display(), "created and seeded the demo CRM database");
        }
        let demo = DemoCrm {
            path: path.to_owned(),
            region,
        };
        let mut found: i32 = demo
            .open(region)?
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found == 1 {
            // A file from before activities: add their table, keep everything else.
            Connection::open(path)?.execute_batch(&format!(
                "BEGIN IMMEDIATE; {ACTIVITIES} PRAGMA user_version = 2; COMMIT;"
            ))?;
            found = 2;
        }
        if found != SCHEMA_VERSION {
            return Err(DemoError::SchemaVersion { found });
        }
        Ok(demo)
    }

    /// Opens the file read-only (never creating it) with the matching functions registered;
    /// stored numbers without a country code are read in `region`.
    fn open(&self, region: Region) -> rusqlite::Result<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags)?;
        let deterministic = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
        // sc_email(x): the stored address as lookups compare it (trimmed, case-folded).
        conn.create_scalar_function("sc_email", 1, deterministic, |ctx| {
            Ok(ctx
                .get::<Option<String>>(0)?
                .map(|s| s.trim().to_lowercase()))
        })?;
        // sc_e164(x): the stored phone in E.164, whatever format it was typed in; NULL if it
        // is not a valid number.
        conn.create_scalar_function("sc_e164", 1, deterministic, move |ctx| {
            Ok(ctx
                .get::<Option<String>>(0)?
                .and_then(|s| to_e164(&s, region)))
        })?;
        Ok(conn)
    }

    async fn blocking<T: Send + 'static>(
        &self,
        region: Region,
        work: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, CrmError> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            let conn = this.open(region).map_err(|e| {
                CrmError::Unavailable(format!("demo database {}: {e}", this.path.display()))
            })?;
            work(&conn).map_err(|e| CrmError::Upstream(format!("demo database: {e}")))
        })
        .await
        .map_err(|e| CrmError::Upstream(format!("demo lookup task failed: {e}")))?
    }

    /// Runs `work` on a read-write connection (never creating the file: a missing database
    /// is the CRM being down).
    async fn writing<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Connection) -> Result<T, CrmError> + Send + 'static,
    ) -> Result<T, CrmError> {
        let path = self.path.clone();
        tokio::task::spawn_blocking(move || {
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(&path, flags).map_err(|e| {
                CrmError::Unavailable(format!("demo database {}: {e}", path.display()))
            })?;
            work(&conn)
        })
        .await
        .map_err(|e| CrmError::Upstream(format!("demo write task failed: {e}")))?
    }

    /// A record's raw columns, for the demo CRM's own record page (where deep links go).
    pub async fn record_columns(
        &self,
        entity: Entity,
        id: String,
    ) -> Result<Option<Vec<(String, String)>>, CrmError> {
        self.blocking(self.region, move |conn| {
            let sql = format!("SELECT * FROM {} WHERE id = ?1", table(entity));
            let mut stmt = conn.prepare(&sql)?;
            let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
            stmt.query_row([id], |row| {
                names
                    .iter()
                    .enumerate()
                    .map(|(i, name)| Ok((name.clone(), sql_text(row.get(i)?))))
                    .collect()
            })
            .optional()
        })
        .await
    }
}

#[async_trait]
impl Connector for DemoCrm {
    fn name(&self) -> &'static str {
        "demo"
    }

    async fn find_customers(
        &self,
        keys: &LookupKeys,
        plan: &Plan,
    ) -> Result<Vec<Customer>, CrmError> {
        let keys = keys.clone();
        let plan = plan.clone();
        self.blocking(plan.region, move |conn| find(conn, &keys, &plan))
            .await
    }

    async fn create_person(&self, person: &NewPerson) -> Result<Record, CrmError> {
        check_creatable(person)?;
        let person = person.clone();
        self.writing(move |conn| {
            insert_person(conn, &person)
                .map_err(|e| CrmError::Upstream(format!("demo database: {e}")))
        })
        .await
    }

    async fn create_fields(&self, entity: Entity) -> Result<Vec<FieldInfo>, CrmError> {
        Ok(infos(&creatable(entity)))
    }

    fn default_create_form(&self) -> CreateForm {
        CreateForm {
            contact: vec!["email2".into(), "mobile_phone".into()],
            lead: vec!["email2".into(), "mobile_phone".into()],
        }
    }

    async fn log_activity(&self, activity: &NewActivity) -> Result<String, CrmError> {
        let activity = activity.clone();
        let now = crate::lookup::rfc3339(std::time::SystemTime::now());
        self.writing(move |conn| activities::write(conn, &activity, &now))
            .await
    }

    async fn activity_fields(&self, _kind: ActivityKind) -> Result<Vec<FieldInfo>, CrmError> {
        Ok(infos(activities::FIELDS))
    }

    fn default_log(&self, host: HostKind) -> Option<LogTarget> {
        Some(activities::default_log(host))
    }

    fn default_fields(&self, entity: Entity) -> Vec<String> {
        default_keys(entity)
            .iter()
            .map(|k| (*k).to_owned())
            .collect()
    }

    async fn fields(&self, entity: Entity) -> Result<Vec<FieldInfo>, CrmError> {
        Ok(infos(field_defs(entity)))
    }
}

fn infos(defs: &[FieldDef]) -> Vec<FieldInfo> {
    defs.iter()
        .map(|d| FieldInfo::new(d.key.to_owned(), d.label.to_owned(), d.kind))
        .collect()
}

/// One result row, by column name.
type Columns = HashMap<String, SqlValue>;

fn read_columns(row: &Row<'_>) -> rusqlite::Result<Columns> {
    let stmt = row.as_ref();
    (0..stmt.column_count())
        .map(|i| Ok((stmt.column_name(i)?.to_owned(), row.get(i)?)))
        .collect()
}

fn text(cols: &Columns, key: &str) -> Option<String> {
    match cols.get(key) {
        Some(SqlValue::Text(s)) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

fn integer(cols: &Columns, key: &str) -> Option<i64> {
    match cols.get(key) {
        Some(SqlValue::Integer(n)) => Some(*n),
        _ => None,
    }
}

fn sql_text(v: SqlValue) -> String {
    match v {
        SqlValue::Null => String::new(),
        SqlValue::Integer(n) => n.to_string(),
        SqlValue::Real(f) => f.to_string(),
        SqlValue::Text(s) => s,
        SqlValue::Blob(b) => format!("<{} bytes>", b.len()),
    }
}

/// Money columns are stored as `<key>_minor` plus the row's `currency`.
fn money(cols: &Columns, key: &str) -> Option<Money> {
    let minor = integer(cols, &format!("{key}_minor"))?;
    let currency = text(cols, "currency").unwrap_or_else(|| "USD".to_owned());
    Some(Money::new(minor, &currency))
}

fn value(cols: &Columns, d: &FieldDef) -> Value {
    let text = || text(cols, d.key);
    let value = match d.kind {
        FieldKind::Text => text().map(Value::Text),
        FieldKind::Email => text().map(Value::Email),
        FieldKind::Phone => text().map(Value::Phone),
        FieldKind::Choice => text().map(Value::Choice),
        FieldKind::Link => text().map(|url| Value::website(&url)),
        FieldKind::Money => money(cols, d.key).map(Value::Money),
        FieldKind::Date => text().and_then(|s| s.parse().ok()).map(Value::Date),
        FieldKind::Number => integer(cols, d.key).map(|n| Value::Number(n as f64)),
        FieldKind::Bool => integer(cols, d.key).map(|n| Value::Bool(n != 0)),
    };
    value.unwrap_or(Value::Empty)
}

fn record(entity: Entity, cols: &Columns, title: String, fields: &[&FieldDef]) -> Record {
    let id = text(cols, "id").unwrap_or_default();
    Record {
        entity,
        link: sidecard_model::WebUrl::parse(&format!(
            "{RECORD_PAGE_PREFIX}/{}/{id}",
            entity.as_str()
        )),
        id,
        title,
        fields: fields
            .iter()
            .map(|d| Field::new(d.key, d.label, value(cols, d)))
            .collect(),
    }
}

/// The columns a create form may fill beyond the built-in name, email, phone and company: the
/// person's plain columns (the lead source is a choice, set to "Sidecard"; money would be two
/// columns).
fn creatable(entity: Entity) -> Vec<FieldDef> {
    const BUILT_IN: [&str; 3] = ["email1", "business_phone", "company"];
    match entity {
        Entity::Contact | Entity::Lead => field_defs(entity)
            .iter()
            .filter(|d| {
                !matches!(d.kind, FieldKind::Choice | FieldKind::Money)
                    && !BUILT_IN.contains(&d.key)
            })
            .map(|d| def(d.key, d.label, d.kind))
            .collect(),
        Entity::Account | Entity::Deal | Entity::Activity => Vec::new(),
    }
}

/// Inserts a new contact or open lead (its email and phone in the first fields, a lead's
/// source "Sidecard", the form's other values), in one transaction, and reads it back with
/// its default card fields.
fn insert_person(conn: &Connection, person: &NewPerson) -> rusqlite::Result<Record> {
    let conn = conn.unchecked_transaction()?;
    let id = uuid::Uuid::new_v4().to_string();
    let entity = person.entity;
    // Only our own column names reach the SQL text (the values are parameters): a key the
    // create form does not have is refused before anything is written.
    let fields = creatable(entity);
    let extra = person
        .values
        .iter()
        .map(|(key, _, value)| {
            let column = fields
                .iter()
                .find(|d| d.key == key.as_str())
                .ok_or_else(|| rusqlite::Error::InvalidColumnName(key.clone()))?;
            let text = match value {
                LogValue::Text(text) => text.clone(),
                LogValue::Number(n) => n.to_string(),
                LogValue::Bool(yes) => yes.to_string(),
            };
            Ok((column.key, text))
        })
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let values = params![
        id,
        person.first_name,
        person.last_name,
        person.email,
        person.phone,
        person.company,
    ];
    if entity == Entity::Lead {
        conn.execute(
            "INSERT INTO leads (id, first_name, last_name, email1, business_phone, company, \
             status, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', 'Sidecard')",
            values,
        )?;
    } else {
        conn.execute(
            "INSERT INTO contacts (id, first_name, last_name, email1, business_phone) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                id,
                person.first_name,
                person.last_name,
                person.email,
                person.phone
            ],
        )?;
    }
    if !extra.is_empty() {
        let set: Vec<String> = extra
            .iter()
            .enumerate()
            .map(|(i, (column, _))| format!("{column} = ?{}", i + 2))
            .collect();
        let sql = format!(
            "UPDATE {} SET {} WHERE id = ?1",
            table(entity),
            set.join(", ")
        );
        let values = std::iter::once(&id).chain(extra.iter().map(|(_, text)| text));
        conn.execute(&sql, rusqlite::params_from_iter(values))?;
    }
    let sql = format!("SELECT * FROM {} WHERE id = ?1", table(entity));
    let cols = conn.query_row(&sql, [&id], read_columns)?;
    conn.commit()?;
    let fields: Vec<&FieldDef> = default_keys(entity)
        .iter()
        .filter_map(|key| field_defs(entity).iter().find(|d| d.key == *key))
        .collect();
    Ok(record(entity, &cols, person_name(&cols), &fields))
}

fn person_name(cols: &Columns) -> String {
    [text(cols, "first_name"), text(cols, "last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `WHERE` clause matching any searched field: `?1` is a JSON array of emails, `?2` of E.164s.
fn match_clause(search: &SearchFields, plan: &Plan) -> String {
    let emails = plan
        .emails(search.emails)
        .iter()
        .map(|(col, _)| format!("sc_email({col}) IN (SELECT value FROM json_each(?1))"));
    let phones = search
        .phones
        .iter()
        .map(|(col, _)| format!("sc_e164({col}) IN (SELECT value FROM json_each(?2))"));
    emails.chain(phones).collect::<Vec<_>>().join(" OR ")
}

fn query_people(conn: &Connection, sql: &str, keys: &LookupKeys) -> rusqlite::Result<Vec<Columns>> {
    let emails = serde_json::to_string(&keys.emails).expect("strings serialize");
    let e164s: Vec<&str> = keys.phones.iter().map(|p| p.e164.as_str()).collect();
    let phones = serde_json::to_string(&e164s).expect("strings serialize");
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(params![emails, phones], read_columns)?;
    rows.collect()
}

/// The columns a person query reads: identity, name, account and every searched field.
fn person_columns(search: &SearchFields, plan: &Plan, entity: Entity) -> Vec<&'static str> {
    let mut columns = vec!["id", "first_name", "last_name"];
    if entity == Entity::Contact {
        columns.push("account_id");
    }
    columns.extend(plan.emails(search.emails).iter().map(|(c, _)| *c));
    columns.extend(search.phones.iter().map(|(c, _)| *c));
    columns
}

fn find(conn: &Connection, keys: &LookupKeys, plan: &Plan) -> rusqlite::Result<Vec<Customer>> {
    let mut found = find_people(conn, keys, plan)?;
    let (Some(first), true) = (found.first(), plan.recent > 0) else {
        return Ok(found);
    };
    let entity = first.person.entity;
    let ids: Vec<String> = found.iter().map(|c| c.person.id.clone()).collect();
    let fields = chosen_defs(Entity::Activity, plan);
    let mut recent = activities::recent(conn, entity, &ids, plan.recent, &fields)?;
    for customer in &mut found {
        customer.recent = recent.remove(&customer.person.id).unwrap_or_default();
    }
    Ok(found)
}

/// Everyone matching: contacts, else open leads (when the plan searches them).
fn find_people(
    conn: &Connection,
    keys: &LookupKeys,
    plan: &Plan,
) -> rusqlite::Result<Vec<Customer>> {
    // Only our own constant column names go into the SQL text; every searched value is a bound
    // parameter.
    let fields = chosen_defs(Entity::Contact, plan);
    let contacts = query_people(
        conn,
        &format!(
            "SELECT {} FROM contacts WHERE {} ORDER BY last_name, first_name, id",
            select_list(
                &person_columns(&CONTACT_SEARCH, plan, Entity::Contact),
                &fields
            ),
            match_clause(&CONTACT_SEARCH, plan)
        ),
        keys,
    )?;
    if !contacts.is_empty() {
        return with_accounts_and_deals(conn, contacts, keys, plan, &fields);
    }
    if !plan.leads {
        return Ok(Vec::new());
    }
    let fields = chosen_defs(Entity::Lead, plan);
    let leads = query_people(
        conn,
        &format!(
            "SELECT {} FROM leads WHERE status = 'open' AND ({}) ORDER BY last_name, first_name, id",
            select_list(&person_columns(&LEAD_SEARCH, plan, Entity::Lead), &fields),
            match_clause(&LEAD_SEARCH, plan)
        ),
        keys,
    )?;
    Ok(leads
        .iter()
        .map(|cols| Customer {
            person: record(Entity::Lead, cols, person_name(cols), &fields),
            matched_on: match_reasons(
                plan.emails(LEAD_SEARCH.emails),
                LEAD_SEARCH.phones,
                |column| text(cols, column),
                keys,
                plan.region,
            ),
            account: None,
            open_deals: Vec::new(),
            more_deals: 0,
            recent: Vec::new(),
        })
        .collect())
}

/// Fetches the contacts' accounts and open deals in one query each (not one per contact),
/// each only if its card is shown.
fn with_accounts_and_deals(
    conn: &Connection,
    contacts: Vec<Columns>,
    keys: &LookupKeys,
    plan: &Plan,
    contact_fields: &[&FieldDef],
) -> rusqlite::Result<Vec<Customer>> {
    let contact_ids: Vec<String> = contacts.iter().filter_map(|c| text(c, "id")).collect();
    let account_ids: Vec<String> = contacts
        .iter()
        .filter_map(|c| text(c, "account_id"))
        .collect();
    let json = |ids: &[String]| serde_json::to_string(ids).expect("strings serialize");

    let mut accounts = HashMap::new();
    if plan.account.is_some() {
        let fields = chosen_defs(Entity::Account, plan);
        let mut stmt = conn.prepare(&format!(
            "SELECT {} FROM accounts WHERE id IN (SELECT value FROM json_each(?1))",
            select_list(&["id", "name"], &fields)
        ))?;
        for cols in stmt.query_map([json(&account_ids)], read_columns)? {
            let cols = cols?;
            let title = text(&cols, "name").unwrap_or_default();
            accounts.insert(
                text(&cols, "id").unwrap_or_default(),
                record(Entity::Account, &cols, title, &fields),
            );
        }
    }

    let mut deals: Vec<(Option<String>, Option<String>, Deal)> = Vec::new();
    if plan.deal.is_some() {
        let fields = chosen_defs(Entity::Deal, plan);
        let always = [
            "id",
            "name",
            "contact_id",
            "account_id",
            "amount_minor",
            "currency",
            "stage",
            "close_date",
        ];
        let mut stmt = conn.prepare(&format!(
            "SELECT {} FROM opportunities WHERE state = 'open' AND (
                 contact_id IN (SELECT value FROM json_each(?1))
                 OR account_id IN (SELECT value FROM json_each(?2)))",
            select_list(&always, &fields)
        ))?;
        deals = stmt
            .query_map(
                params![json(&contact_ids), json(&account_ids)],
                read_columns,
            )?
            .map(|cols| {
                let cols = cols?;
                let title = text(&cols, "name").unwrap_or_default();
                let deal = Deal {
                    record: record(Entity::Deal, &cols, title, &fields),
                    amount: money(&cols, "amount"),
                    stage: text(&cols, "stage"),
                    close_date: text(&cols, "close_date").and_then(|d| d.parse().ok()),
                };
                Ok((text(&cols, "contact_id"), text(&cols, "account_id"), deal))
            })
            .collect::<rusqlite::Result<_>>()?;
    }

    Ok(contacts
        .iter()
        .map(|cols| {
            let id = text(cols, "id");
            let account_id = text(cols, "account_id");
            let mut open_deals: Vec<Deal> = deals
                .iter()
                .filter(|(contact, account, _)| {
                    (id.is_some() && *contact == id)
                        || (account_id.is_some() && *account == account_id)
                })
                .map(|(_, _, deal)| deal.clone())
                .collect();
            sort_deals(&mut open_deals);
            Customer {
                person: record(Entity::Contact, cols, person_name(cols), contact_fields),
                matched_on: match_reasons(
                    plan.emails(CONTACT_SEARCH.emails),
                    CONTACT_SEARCH.phones,
                    |column| text(cols, column),
                    keys,
                    plan.region,
                ),
                account: account_id.and_then(|a| accounts.get(&a).cloned()),
                open_deals,
                more_deals: 0,
                recent: Vec::new(),
            }
        })
        .collect())
}
