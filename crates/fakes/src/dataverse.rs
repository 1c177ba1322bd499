//! A Dynamics 365 org on a loopback port: Microsoft Entra's token endpoint and the Dataverse Web
//! API's queries and table definitions, answering from its own tables and rows the way the Web
//! API documents it.
//!
//! Facts it enforces, with their sources (Microsoft Learn, Power Apps developer docs, unless
//! said otherwise):
//! - Tokens: the client credentials grant at `/{tenant}/oauth2/v2.0/token` with
//!   `scope=<org>/.default` (Microsoft identity platform, "OAuth 2.0 client credentials flow");
//!   the answer has `expires_in`. An API call without a token it issued is 401.
//! - Queries: `GET /api/data/v9.2/<entity set>?$select&$filter&$expand&$top&$orderby`, checked
//!   and evaluated by [`crate::odata`]; the answer is `{"@odata.context", "value": […]}`, each
//!   row with its primary key and `@odata.etag`; with `Prefer:
//!   odata.include-annotations="OData.Community.Display.V1.FormattedValue"`, money, choices and
//!   states carry their formatted value ("Query data using the Web API", "Formatted values").
//! - Navigation properties, from the table reference (contact, account, opportunity): contact
//!   `parentcustomerid_account`, `opportunity_parent_contact`, `opportunity_customer_contacts`;
//!   account `opportunity_parent_account`, `opportunity_customer_accounts`; every table
//!   `transactioncurrencyid`. A lookup column reads as `_<name>_value`.
//! - An unknown entity set is 404 `0x8006088a` "Resource not found for the segment" ("Web API
//!   client errors").
//! - Table definitions: `EntityDefinitions(LogicalName='<name>')` with `Attributes` expanded,
//!   each with `LogicalName`, `AttributeType`, `DisplayName`, `AttributeOf`, `IsValidForRead`
//!   ("Query table definitions using the Web API").
//! - Activities (`phonecalls`, `tasks`, key `activityid`; `subject` String 200, `description`
//!   Memo 2000, `directioncode` Boolean, `actualdurationminutes` Integer; table references
//!   "phonecall", "task"): `POST <set>` creates a row (201 with the row under `Prefer:
//!   return=representation`, else 204), each property a column of the table of the right
//!   type, or `<navigation property>@odata.bind` of a declared single-valued navigation
//!   property (`regardingobjectid_contact_phonecall`…) naming an existing row of its target
//!   ("Create a table row using the Web API"); a missing target is 404 "Does Not Exist".
//!   `PATCH <set>(<id>)` with `If-Match: *` updates (204) or answers 404 for a missing row
//!   ("Update and delete table rows", "Perform conditional operations").
//! - Table definitions also say `IsValidForCreate` ("whether the column value can be set in a
//!   create operation") and `RequiredLevel` (`{"Value": "None" | "SystemRequired" |
//!   "ApplicationRequired" | "Recommended"}`); only `SystemRequired` is enforced by the
//!   platform, `ApplicationRequired` (contact and lead `lastname`, lead `subject` here) only by
//!   its forms ("Column (attribute) definitions").
//! - Duplicate detection ("Detect duplicate data using the Web API"): off for API calls unless
//!   a create says `MSCRM.SuppressDuplicateDetection: false`; then a row an active duplicate
//!   rule matches is refused with 500 and `0x80040333` "A record was not created or updated
//!   because a duplicate of the current record already exists." (the same page's older sample
//!   and "Use optional parameters" show 412: callers must go by the code).
//! - Every activity is also an `activitypointers` row (the activity base table, "activitypointer"
//!   reference: `activitytypecode`, whose formatted value is the type's display name,
//!   `subject`, `actualend`, `createdon`, `_ownerid_value`, `_regardingobjectid_value`, and
//!   the columns every activity shares: `description`, `actualdurationminutes`,
//!   `prioritycode`, `scheduledend`, as the "activitypointer EntityType" lists them): a
//!   created phone call or task appears there too, with those columns.

use crate::odata::{self, Column, ODataError, Options, Table, Tables};
use serde_json::{Map, Value as Json, json};
use std::sync::{Arc, Mutex};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The Web API path every query starts with.
pub const API: &str = "/api/data/v9.2/";
/// The annotation a formatted value is returned under.
const FORMATTED: &str = "OData.Community.Display.V1.FormattedValue";

/// One call the org received.
#[derive(Debug, Clone)]
pub struct Call {
    /// `GET`, `POST`.
    pub method: String,
    /// Path and decoded query.
    pub url: String,
    /// Whether it was a token request (not a Web API request).
    pub token: bool,
    /// The `CallerObjectId` header, when the call impersonated someone.
    pub caller: Option<String>,
    /// The JSON body of a write.
    pub body: Option<Json>,
}

#[derive(Default)]
struct State {
    tables: Vec<Table>,
    rows: Vec<(String, Vec<Map<String, Json>>)>,
    tokens: Vec<String>,
    calls: Vec<Call>,
    issued: u64,
    /// (entity set, column): the org's active duplicate detection rules.
    duplicate_rules: Vec<(String, String)>,
}

impl Tables for State {
    fn table(&self, set: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.set == set)
    }

    fn rows(&self, set: &str) -> &[Map<String, Json>] {
        self.rows
            .iter()
            .find(|(s, _)| s == set)
            .map(|(_, r)| r.as_slice())
            .unwrap_or_default()
    }
}

fn column(name: &str, kind: &str, label: &str) -> Column {
    Column {
        name: name.into(),
        kind: kind.into(),
        label: label.into(),
        readable: true,
    }
}

fn table(set: &str, logical: &str, key: &str, columns: Vec<Column>) -> Table {
    let mut all = vec![column(key, "Uniqueidentifier", &format!("{logical} id"))];
    all.extend(columns);
    all.push(column("_transactioncurrencyid_value", "Lookup", "Currency"));
    Table {
        set: set.into(),
        logical: logical.into(),
        key: key.into(),
        columns: all,
        single: vec![(
            "transactioncurrencyid".into(),
            "_transactioncurrencyid_value".into(),
            "transactioncurrencies".into(),
        )],
        collections: Vec::new(),
    }
}

fn person_columns() -> Vec<Column> {
    vec![
        column("fullname", "String", "Full Name"),
        column("firstname", "String", "First Name"),
        column("lastname", "String", "Last Name"),
        column("jobtitle", "String", "Job Title"),
        column("emailaddress1", "String", "Email"),
        column("emailaddress2", "String", "Email Address 2"),
        column("emailaddress3", "String", "Email Address 3"),
        column("telephone1", "String", "Business Phone"),
        column("telephone2", "String", "Home Phone"),
        column("telephone3", "String", "Telephone 3"),
        column("mobilephone", "String", "Mobile Phone"),
        column("address1_city", "String", "City"),
        column("statecode", "State", "Status"),
    ]
}

fn standard_tables() -> Vec<Table> {
    let mut contact = table(
        "contacts",
        "contact",
        "contactid",
        person_columns()
            .into_iter()
            .chain([
                column("description", "Memo", "Description"),
                column("birthdate", "DateTime", "Birthday"),
                column("numberofchildren", "Integer", "No. of Children"),
                column("donotemail", "Boolean", "Do not allow Emails"),
                column("_parentcustomerid_value", "Customer", "Company Name"),
                Column {
                    // A column the Web API cannot read: the attribute list must skip it.
                    readable: false,
                    ..column("entityimage_url", "String", "Entity Image URL")
                },
            ])
            .collect(),
    );
    contact.single.push((
        "parentcustomerid_account".into(),
        "_parentcustomerid_value".into(),
        "accounts".into(),
    ));
    contact.collections.extend([
        (
            "opportunity_parent_contact".into(),
            "opportunities".into(),
            "_parentcontactid_value".into(),
        ),
        (
            "opportunity_customer_contacts".into(),
            "opportunities".into(),
            "_customerid_value".into(),
        ),
    ]);
    let lead = table(
        "leads",
        "lead",
        "leadid",
        person_columns()
            .into_iter()
            .chain([
                column("companyname", "String", "Company Name"),
                column("subject", "String", "Topic"),
                column("leadsourcecode", "Picklist", "Lead Source"),
            ])
            .collect(),
    );
    let mut account = table(
        "accounts",
        "account",
        "accountid",
        vec![
            column("name", "String", "Account Name"),
            column("industrycode", "Picklist", "Industry"),
            column("websiteurl", "String", "Website"),
            column("telephone1", "String", "Main Phone"),
            column("address1_city", "String", "City"),
            column("revenue", "Money", "Annual Revenue"),
            column("statecode", "State", "Status"),
        ],
    );
    account.collections.extend([
        (
            "opportunity_parent_account".into(),
            "opportunities".into(),
            "_parentaccountid_value".into(),
        ),
        (
            "opportunity_customer_accounts".into(),
            "opportunities".into(),
            "_customerid_value".into(),
        ),
    ]);
    let mut opportunity = table(
        "opportunities",
        "opportunity",
        "opportunityid",
        vec![
            column("name", "String", "Topic"),
            column("estimatedvalue", "Money", "Est. Revenue"),
            column("stepname", "String", "Pipeline Phase"),
            column("salesstage", "Picklist", "Sales Stage"),
            column("estimatedclosedate", "DateTime", "Est. Close Date"),
            column("closeprobability", "Integer", "Probability"),
            column("statecode", "State", "Status"),
            column("_parentaccountid_value", "Lookup", "Account"),
            column("_parentcontactid_value", "Lookup", "Contact"),
            column("_customerid_value", "Customer", "Potential Customer"),
        ],
    );
    opportunity.single.extend([
        (
            "parentaccountid".into(),
            "_parentaccountid_value".into(),
            "accounts".into(),
        ),
        (
            "parentcontactid".into(),
            "_parentcontactid_value".into(),
            "contacts".into(),
        ),
        (
            "customerid_account".into(),
            "_customerid_value".into(),
            "accounts".into(),
        ),
        (
            "customerid_contact".into(),
            "_customerid_value".into(),
            "contacts".into(),
        ),
    ]);
    let currency = Table {
        set: "transactioncurrencies".into(),
        logical: "transactioncurrency".into(),
        key: "transactioncurrencyid".into(),
        columns: vec![
            column("transactioncurrencyid", "Uniqueidentifier", "Currency"),
            column("isocurrencycode", "String", "Currency Code"),
            column("currencysymbol", "String", "Currency Symbol"),
        ],
        single: Vec::new(),
        collections: Vec::new(),
    };
    vec![
        contact,
        lead,
        account,
        opportunity,
        currency,
        activity("phonecalls", "phonecall"),
        activity("tasks", "task"),
        table(
            "activitypointers",
            "activitypointer",
            "activityid",
            vec![
                column("activitytypecode", "EntityName", "Activity Type"),
                column("subject", "String", "Subject"),
                column("actualend", "DateTime", "Actual End"),
                column("createdon", "DateTime", "Created On"),
                column("_ownerid_value", "Owner", "Owner"),
                column("_regardingobjectid_value", "Lookup", "Regarding"),
                column("statecode", "State", "Activity Status"),
                column("description", "Memo", "Description"),
                column("actualdurationminutes", "Integer", "Actual Duration"),
                column("prioritycode", "Picklist", "Priority"),
                column("scheduledend", "DateTime", "Due"),
            ],
        ),
    ]
}

/// An activity table: its columns and the regarding navigation properties to contacts,
/// leads and accounts.
fn activity(set: &str, logical: &str) -> Table {
    let mut columns = vec![
        column("subject", "String", "Subject"),
        column("description", "Memo", "Description"),
        column("actualdurationminutes", "Integer", "Duration"),
        column("prioritycode", "Picklist", "Priority"),
        column("statecode", "State", "Activity Status"),
        column("_regardingobjectid_value", "Lookup", "Regarding"),
    ];
    if logical == "phonecall" {
        columns.extend([
            column("phonenumber", "String", "Phone Number"),
            column("directioncode", "Boolean", "Direction"),
        ]);
    }
    let mut table = table(set, logical, "activityid", columns);
    for (target, set) in [
        ("contact", "contacts"),
        ("lead", "leads"),
        ("account", "accounts"),
    ] {
        table.single.push((
            format!("regardingobjectid_{target}_{logical}"),
            "_regardingobjectid_value".into(),
            set.into(),
        ));
    }
    table
}

/// The stand-in org. Build it, add rows, then [`DataverseOrg::start`] it.
pub struct DataverseOrg {
    state: Arc<Mutex<State>>,
    /// The org's base currency's id (rows get it unless they name another).
    base_currency: String,
}

impl Default for DataverseOrg {
    fn default() -> Self {
        Self::new("USD", "$")
    }
}

impl DataverseOrg {
    /// An org whose base currency is `iso` (written with `symbol`).
    pub fn new(iso: &str, symbol: &str) -> Self {
        let mut org = DataverseOrg {
            state: Arc::new(Mutex::new(State {
                tables: standard_tables(),
                ..State::default()
            })),
            base_currency: String::new(),
        };
        org.base_currency = org.currency(iso, symbol);
        org
    }

    /// Adds a currency; returns its id, for `_transactioncurrencyid_value`.
    pub fn currency(&self, iso: &str, symbol: &str) -> String {
        self.insert(
            "transactioncurrencies",
            json!({ "isocurrencycode": iso, "currencysymbol": symbol }),
        )
    }

    /// Stores a row in the entity set `set` and returns its new id. Rows are active/open
    /// (`statecode` 0) and in the base currency unless they say otherwise; `fullname` is made
    /// from the first and last names as Dataverse does.
    pub fn insert(&self, set: &str, fields: Json) -> String {
        let mut state = self.state.lock().unwrap();
        let table = state
            .table(set)
            .unwrap_or_else(|| panic!("no {set}"))
            .clone();
        let mut row = fields.as_object().cloned().expect("a JSON object");
        let id = uuid_like(state.rows.iter().map(|(_, r)| r.len()).sum::<usize>() + 1);
        row.insert(table.key.clone(), json!(id));
        if table.column("statecode").is_some() {
            row.entry("statecode").or_insert(json!(0));
        }
        if set != "transactioncurrencies" {
            row.entry("_transactioncurrencyid_value")
                .or_insert(json!(self.base_currency));
        }
        full_name(&table, &mut row);
        for key in row.keys() {
            let known = table.columns.iter().any(|c| &c.name == key) || key.ends_with("@label");
            assert!(known, "{set} has no column {key}");
        }
        match state.rows.iter_mut().find(|(s, _)| s == set) {
            Some((_, rows)) => rows.push(row),
            None => state.rows.push((set.to_owned(), vec![row])),
        }
        id
    }

    /// Activates a duplicate detection rule on entity set `set`: a new row whose `column`
    /// equals an existing row's (ignoring case) is a duplicate.
    pub fn duplicate_rule(&self, set: &str, column: &str) {
        self.state
            .lock()
            .unwrap()
            .duplicate_rules
            .push((set.to_owned(), column.to_owned()));
    }

    /// The rows of entity set `set` (what creates and updates left there).
    pub fn rows(&self, set: &str) -> Vec<Map<String, Json>> {
        self.state.lock().unwrap().rows(set).to_vec()
    }

    /// Every call received so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.state.lock().unwrap().calls.clone()
    }

    /// Web API requests received (token requests not counted).
    pub fn api_calls(&self) -> usize {
        self.calls().iter().filter(|c| !c.token).count()
    }

    /// Token requests received.
    pub fn token_requests(&self) -> usize {
        self.calls().iter().filter(|c| c.token).count()
    }

    /// Serves the org on a loopback port: Entra at `<uri>/<tenant>/oauth2/v2.0/token`, the Web
    /// API at `<uri>/api/data/v9.2/`.
    pub async fn start(self) -> (MockServer, Self) {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(Handler {
                state: self.state.clone(),
                org: server.uri(),
            })
            .mount(&server)
            .await;
        (server, self)
    }
}

/// A GUID made from a counter: unique, stable, readable in test output.
fn uuid_like(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

struct Handler {
    state: Arc<Mutex<State>>,
    org: String,
}

/// `fullname`, which Dataverse composes from the first and last names.
fn full_name(table: &Table, row: &mut Map<String, Json>) {
    if table.column("fullname").is_some() {
        crate::compose_name(row, "firstname", "lastname", "fullname");
    }
}

/// A column's `RequiredLevel`: the key is the system's, the names and a lead's topic the
/// standard forms'.
fn required_level(table: &Table, column: &Column) -> &'static str {
    match (table.logical.as_str(), column.name.as_str()) {
        (_, name) if name == table.key => "SystemRequired",
        ("contact" | "lead", "lastname") | ("lead", "subject") => "ApplicationRequired",
        _ => "None",
    }
}

fn answer(status: u16, body: Json) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

impl Respond for Handler {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.state.lock().unwrap();
        let path = request.url.path().to_owned();
        let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        let decoded = pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        let token = path.ends_with("/oauth2/v2.0/token");
        state.calls.push(Call {
            method: request.method.to_string(),
            url: format!("{path}?{decoded}"),
            token,
            caller: request
                .headers
                .get("CallerObjectId")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            body: serde_json::from_slice(&request.body).ok(),
        });
        if token {
            let form: Vec<(String, String)> = url::form_urlencoded_pairs(&request.body);
            let get = |k: &str| {
                form.iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.as_str())
            };
            let scope_ok = get("scope") == Some(&format!("{}/.default", self.org));
            if get("grant_type") != Some("client_credentials")
                || get("client_id").is_none_or(str::is_empty)
                || get("client_secret").is_none_or(str::is_empty)
                || !scope_ok
            {
                return answer(
                    400,
                    json!({ "error": "invalid_request", "error_description": "AADSTS900144: the request is missing or has a wrong parameter." }),
                );
            }
            state.issued += 1;
            let value = format!("dataverse-token-{}", state.issued);
            state.tokens.push(value.clone());
            return answer(
                200,
                json!({ "token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": value }),
            );
        }
        let bearer = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !state.tokens.iter().any(|t| t == bearer) {
            return ResponseTemplate::new(401);
        }
        let formatted = request
            .headers
            .get("prefer")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|p| p.contains(FORMATTED));
        let Some(resource) = path.strip_prefix(API) else {
            return answer(404, not_found(&path));
        };
        let borrowed: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let options = match Options::parse(&borrowed) {
            Ok(options) => options,
            Err(e) => return answer(e.status, e.body()),
        };
        let method = request.method.as_str();
        if method == "POST" || method == "PATCH" {
            let header = |name: &str| {
                request
                    .headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned()
            };
            return match write::write(
                &mut state,
                method,
                resource,
                &request.body,
                &header("prefer"),
                &header("if-match"),
                header("MSCRM.SuppressDuplicateDetection") == "false",
            ) {
                Ok((status, body)) => match body {
                    Some(body) => answer(status, body),
                    None => ResponseTemplate::new(status),
                },
                Err(e) => answer(e.status, e.body()),
            };
        }
        let result = if method != "GET" {
            Err(ODataError {
                status: 405,
                code: "0x80060888",
                message: "The stand-in answers queries and creates/updates only.".into(),
            })
        } else if let Some(logical) = resource
            .strip_prefix("EntityDefinitions(LogicalName='")
            .and_then(|r| r.strip_suffix("')"))
        {
            definitions(&state, logical, &options)
        } else {
            query(&state, resource, &options, formatted)
        };
        match result {
            Ok(body) => answer(200, body),
            Err(e) => answer(e.status, e.body()),
        }
    }
}

fn not_found(segment: &str) -> Json {
    json!({ "error": { "code": "0x8006088a", "message": format!("Resource not found for the segment '{segment}'.") } })
}

/// `GET <entity set>?…`.
fn query(state: &State, set: &str, options: &Options, formatted: bool) -> Result<Json, ODataError> {
    let table = state.table(set).ok_or_else(|| ODataError {
        status: 404,
        code: "0x8006088a",
        message: format!("Resource not found for the segment '{set}'."),
    })?;
    odata::check(options, table, state)?;
    let format = |row: &Map<String, Json>, column: &Column| -> Option<String> {
        format_value(state, row, column)
    };
    let rows = odata::select(
        options,
        table,
        state.rows(set),
        state,
        formatted.then_some(&format as odata::Formatter),
    );
    Ok(json!({ "@odata.context": format!("$metadata#{set}"), "value": rows }))
}

/// What Dataverse shows for a column: money with the row's currency symbol and two decimals,
/// choices and states by their label.
fn format_value(state: &State, row: &Map<String, Json>, column: &Column) -> Option<String> {
    let value = row.get(&column.name)?;
    match column.kind.as_str() {
        "Money" => {
            let amount = value.as_f64()?;
            let currency = row.get("_transactioncurrencyid_value")?.as_str()?;
            let symbol = state
                .rows("transactioncurrencies")
                .iter()
                .find(|c| c.get("transactioncurrencyid").and_then(Json::as_str) == Some(currency))?
                .get("currencysymbol")?
                .as_str()?;
            Some(format!("{symbol}{}", grouped(amount)))
        }
        "State" => Some(
            if value.as_u64()? == 0 {
                "Open"
            } else {
                "Closed"
            }
            .to_owned(),
        ),
        // A choice's label, an activity type's display name, an owner's name.
        "Picklist" | "EntityName" | "Owner" => row
            .get(&format!("{}@label", column.name))
            .and_then(Json::as_str)
            .map(str::to_owned),
        _ => None,
    }
}

/// `125000.0` → `125,000.00`.
fn grouped(amount: f64) -> String {
    let fixed = format!("{amount:.2}");
    let (whole, cents) = fixed.split_once('.').expect("two decimals");
    let digits: Vec<char> = whole.chars().collect();
    let mut out = String::new();
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*d);
    }
    format!("{out}.{cents}")
}

/// `EntityDefinitions(LogicalName='…')` with its `Attributes` expanded and filtered as asked.
fn definitions(state: &State, logical: &str, options: &Options) -> Result<Json, ODataError> {
    let table = state
        .tables
        .iter()
        .find(|t| t.logical == logical)
        .ok_or_else(|| ODataError {
            status: 404,
            code: "0x80040217",
            message: format!("Could not find an entity with the logical name '{logical}'."),
        })?;
    let attributes = Table {
        set: "Attributes".into(),
        logical: "AttributeMetadata".into(),
        key: "MetadataId".into(),
        columns: [
            "MetadataId",
            "LogicalName",
            "AttributeType",
            "DisplayName",
            "AttributeOf",
        ]
        .iter()
        .map(|n| column(n, "String", n))
        .chain([
            column("IsValidForRead", "Boolean", "IsValidForRead"),
            column("IsValidForCreate", "Boolean", "IsValidForCreate"),
            column("RequiredLevel", "String", "RequiredLevel"),
        ])
        .collect(),
        single: Vec::new(),
        collections: Vec::new(),
    };
    let rows: Vec<Map<String, Json>> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            // Lookups are defined by their own name; the Web API reads them as `_<name>_value`.
            let name = c
                .name
                .strip_prefix('_')
                .and_then(|n| n.strip_suffix("_value"))
                .unwrap_or(&c.name);
            json!({
                "MetadataId": uuid_like(1000 + i),
                "LogicalName": name,
                "AttributeType": c.kind,
                "DisplayName": { "UserLocalizedLabel": { "Label": c.label } },
                "AttributeOf": null,
                "IsValidForRead": c.readable,
                "IsValidForCreate": c.readable
                    && c.name != table.key
                    && c.name != "fullname"
                    && !matches!(c.kind.as_str(), "State" | "Uniqueidentifier"),
                "RequiredLevel": {
                    "Value": required_level(table, c),
                    "CanBeChanged": true,
                    "ManagedPropertyLogicalName": "canmodifyrequirementlevelsettings",
                },
            })
            .as_object()
            .cloned()
            .expect("an object")
        })
        .collect();
    let expanded = options.expand_of("Attributes").ok_or_else(|| ODataError {
        status: 400,
        code: "0x0",
        message: "The stand-in reads table definitions with $expand=Attributes only.".into(),
    })?;
    odata::check(expanded, &attributes, state)?;
    let attributes = odata::select(expanded, &attributes, &rows, state, None);
    Ok(json!({ "LogicalName": logical, "Attributes": attributes }))
}

mod write {
    //! `POST <set>` and `PATCH <set>(<id>)`, checked as the Web API checks them.

    use super::{State, full_name, uuid_like};
    use crate::odata::{ODataError, Tables};
    use serde_json::{Map, Value as Json, json};

    fn bad(message: String) -> ODataError {
        ODataError {
            status: 400,
            code: "0x80060888",
            message,
        }
    }

    /// The status and body of a create or update.
    pub(super) fn write(
        state: &mut State,
        method: &str,
        resource: &str,
        body: &[u8],
        prefer: &str,
        if_match: &str,
        detect_duplicates: bool,
    ) -> Result<(u16, Option<Json>), ODataError> {
        let (set, id) = match resource.split_once('(') {
            Some((set, rest)) => (set, rest.strip_suffix(')')),
            None => (resource, None),
        };
        let table = state.table(set).cloned().ok_or_else(|| ODataError {
            status: 404,
            code: "0x8006088a",
            message: format!("Resource not found for the segment '{set}'."),
        })?;
        let given: Map<String, Json> = serde_json::from_slice::<Json>(body)
            .ok()
            .and_then(|j| j.as_object().cloned())
            .ok_or_else(|| bad("The request body is not a JSON object.".into()))?;
        let mut values = Map::new();
        for (key, value) in &given {
            if let Some(property) = key.strip_suffix("@odata.bind") {
                let Some((_, column, target)) =
                    table.single.iter().find(|(name, _, _)| name == property)
                else {
                    return Err(bad(format!(
                        "An undeclared property '{property}' which only has property annotations in the payload but no property value was found in the payload."
                    )));
                };
                let reference = value.as_str().unwrap_or_default();
                let target_id = reference
                    .strip_prefix(&format!("/{target}("))
                    .and_then(|r| r.strip_suffix(')'))
                    .ok_or_else(|| bad(format!("'{reference}' is not a reference to {target}.")))?;
                let target_table = state.table(target).cloned().expect("a declared target");
                let exists = state
                    .rows(target)
                    .iter()
                    .any(|r| r.get(&target_table.key).and_then(Json::as_str) == Some(target_id));
                if !exists {
                    return Err(ODataError {
                        status: 404,
                        code: "0x80040217",
                        message: format!(
                            "{} With Id = {target_id} Does Not Exist",
                            target_table.logical
                        ),
                    });
                }
                values.insert(column.clone(), json!(target_id));
                continue;
            }
            let column = table.column(key).ok_or_else(|| {
                bad(format!(
                    "The property '{key}' does not exist on type 'Microsoft.Dynamics.CRM.{}'. Make sure to only use property names that are defined by the type.",
                    table.logical
                ))
            })?;
            let fits = match column.kind.as_str() {
                "String" => value.as_str().is_some_and(|s| s.chars().count() <= 200),
                "Memo" => value.as_str().is_some_and(|s| s.chars().count() <= 2000),
                "Boolean" => value.is_boolean(),
                "Integer" | "Picklist" | "State" => value.is_i64(),
                "Decimal" | "Double" | "Money" => value.is_number(),
                // `Edm.DateTimeOffset`, or `Edm.Date` for a date-only column.
                "DateTime" => value.as_str().is_some_and(|s| {
                    s.len() >= 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-'
                }),
                _ => false,
            };
            if !fits || column.name == table.key || column.name.starts_with('_') {
                return Err(bad(format!(
                    "Cannot convert the literal '{value}' to the expected type of '{key}' ({}).",
                    column.kind
                )));
            }
            values.insert(key.clone(), value.clone());
        }
        let rows = match state.rows.iter_mut().find(|(s, _)| s == set) {
            Some((_, rows)) => rows,
            None => {
                state.rows.push((set.to_owned(), Vec::new()));
                &mut state.rows.last_mut().expect("just pushed").1
            }
        };
        if method == "PATCH" {
            let id = id.ok_or_else(|| bad("PATCH needs a row's key.".into()))?;
            if if_match != "*" {
                return Err(bad(
                    "The stand-in updates only with If-Match: * (a PATCH without it is an upsert)."
                        .into(),
                ));
            }
            let row = rows
                .iter_mut()
                .find(|r| r.get(&table.key).and_then(Json::as_str) == Some(id))
                .ok_or_else(|| ODataError {
                    status: 404,
                    code: "0x80040217",
                    message: format!("{} With Id = {id} Does Not Exist", table.logical),
                })?;
            row.extend(values);
            return Ok((204, None));
        }
        if id.is_some() {
            return Err(bad("POST creates in an entity set, not a row.".into()));
        }
        let same = crate::same_text;
        let duplicate = detect_duplicates
            && state.duplicate_rules.iter().any(|(rule_set, column)| {
                rule_set == set
                    && values.get(column).is_some_and(|value| {
                        state
                            .rows(set)
                            .iter()
                            .any(|r| r.get(column).is_some_and(|v| same(v, value)))
                    })
            });
        if duplicate {
            return Err(ODataError {
                status: 500,
                code: "0x80040333",
                message: "A record was not created or updated because a duplicate of the current record already exists.".into(),
            });
        }
        let rows = match state.rows.iter_mut().find(|(s, _)| s == set) {
            Some((_, rows)) => rows,
            None => {
                state.rows.push((set.to_owned(), Vec::new()));
                &mut state.rows.last_mut().expect("just pushed").1
            }
        };
        let count = rows.len();
        let new_id = uuid_like(0x10_0000 + count + 1);
        values.insert(table.key.clone(), json!(new_id));
        if table.column("statecode").is_some() {
            values.entry("statecode").or_insert(json!(0));
        }
        full_name(&table, &mut values);
        rows.push(values.clone());
        if let Some(label) = match table.logical.as_str() {
            "phonecall" => Some("Phone Call"),
            "task" => Some("Task"),
            _ => None,
        } {
            let pointers = match state.rows.iter_mut().find(|(s, _)| s == "activitypointers") {
                Some((_, rows)) => rows,
                None => {
                    state.rows.push(("activitypointers".into(), Vec::new()));
                    &mut state.rows.last_mut().expect("just pushed").1
                }
            };
            let at = pointers.len();
            let mut pointer = Map::new();
            for key in [
                "activityid",
                "subject",
                "_regardingobjectid_value",
                "statecode",
                "description",
                "actualdurationminutes",
                "prioritycode",
                "prioritycode@label",
            ] {
                if let Some(value) = values.get(key) {
                    pointer.insert(key.into(), value.clone());
                }
            }
            pointer.insert("activitytypecode".into(), json!(table.logical));
            pointer.insert("activitytypecode@label".into(), json!(label));
            pointer.insert(
                "createdon".into(),
                json!(format!("2026-12-01T10:{:02}:00Z", at % 60)),
            );
            pointers.push(pointer);
        }
        if prefer.contains("return=representation") {
            Ok((201, Some(Json::Object(values))))
        } else {
            Ok((204, None))
        }
    }
}

mod url {
    /// The `application/x-www-form-urlencoded` pairs of a body.
    pub(super) fn form_urlencoded_pairs(body: &[u8]) -> Vec<(String, String)> {
        let text = String::from_utf8_lossy(body);
        wiremock::http::Url::parse(&format!("http://x/?{text}"))
            .map(|u| u.query_pairs().into_owned().collect())
            .unwrap_or_default()
    }
}
