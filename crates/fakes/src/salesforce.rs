//! A Salesforce org on a loopback port: OAuth token endpoint, SOQL query, sObject describe and
//! Composite, answering from its own schema and records the way the REST API documents it.
//!
//! Facts it enforces, with their sources (REST API Developer Guide unless said otherwise):
//! - "Composite": subrequests may only be sObject resources (`/sobjects/…`), Query and
//!   QueryAll (and sObject Collections); `/search` (SOSL) is not among them. At most 25
//!   subrequests, of which at most 5 may be query or sObject Collections operations. The whole
//!   request counts as one API call. Answer: `{"compositeResponse": [{"body", "httpHeaders",
//!   "httpStatusCode", "referenceId"}]}`.
//! - Errors are an array `[{"message", "errorCode"}]`; an expired or unknown token is 401
//!   `INVALID_SESSION_ID`; an unknown resource is 404 `NOT_FOUND`.
//! - "Query": `GET /services/data/vXX.X/query?q=<SOQL>` returns `{"totalSize", "done",
//!   "records"}`; SOQL itself is checked and evaluated by [`crate::soql`].
//! - "sObject Describe": `GET /services/data/vXX.X/sobjects/<Object>/describe` lists `fields`
//!   with `name`, `type`, `label`, `filterable`, `custom`, `referenceTo`, `relationshipName`.
//! - Multi-currency ("Considerations for Enabling Multiple Currencies", Salesforce Help): every
//!   object gains `CurrencyIsoCode` and the org gains `CurrencyType` (`IsoCode`,
//!   `IsCorporate`); a single-currency org has neither, and selecting `CurrencyIsoCode` there is
//!   `INVALID_FIELD`. A single-currency org's currency is not a REST field: the SOAP API's
//!   `getUserInfo` result has it as `orgDefaultCurrencyIsoCode` ("applicable only when
//!   organizationMultiCurrency is false", SOAP API Developer Guide, "GetUserInfoResult"), over
//!   `POST /services/Soap/u/<version>` with the access token as the `SessionHeader`'s
//!   `sessionId`; an expired one is a SOAP fault `INVALID_SESSION_ID` with status 500.
//! - Every answer carries `Sforce-Limit-Info: api-usage=<used>/<allocation>`.
//! - "Create a Record": `POST /sobjects/<Object>/` answers 201 `{"id", "success": true,
//!   "errors": []}`; "Update a Record": `PATCH /sobjects/<Object>/<id>` answers 204, 404
//!   `NOT_FOUND` for an id it does not have. Each field must exist (`INVALID_FIELD`) and be
//!   createable or updateable (`INVALID_FIELD_FOR_INSERT_UPDATE`); describe says which.
//! - Task (Object Reference, "Task"): `WhoId` a Contact or Lead, `WhatId` an Account here,
//!   `Status` defaulted on create, `CallType` a restricted picklist (Inbound, Internal,
//!   Outbound: another value is `INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST`), `TaskSubtype`
//!   createable but not updateable. "If the WhoId field refers to a Lead, then the WhatId
//!   field must be empty" ("Field Types", Reference); the error code the stand-in answers for
//!   it, `FIELD_INTEGRITY_EXCEPTION`, is not in the docs.
//! - Required fields (Object Reference, "Required Fields"; "Field Properties"): describe marks
//!   each field `createable`, `nillable` and `defaultedOnCreate`; a createable field that is
//!   neither nillable nor defaulted must be given on create (Contact and Lead `LastName`, Lead
//!   `Company`). A create without one is 400 `REQUIRED_FIELD_MISSING` "Required fields are
//!   missing: [Company]" with `fields` (that code and shape are from client libraries' captured
//!   answers, not the docs).
//! - Duplicate rules (REST API Developer Guide, "Duplicate Rule Header"; Object Reference,
//!   "DuplicateResult", "MatchResult"): a create a rule matches is refused unless the rule only
//!   alerts and the request's `Sforce-Duplicate-Rule-Header` says `allowSave=true` (every
//!   header field defaults to false; `allowSave` "applicable if an alert is enabled"). The
//!   answer is 400 `DUPLICATES_DETECTED` whose error carries the result under the key
//!   `duplicateResut` — misspelt so in live answers (captured by client libraries; the docs
//!   show no JSON) — with `matchResults[].matchRecords[].record`.

use crate::soql::{self, Data, FieldDef, ObjectDef};
use serde_json::{Map, Value as Json, json};
use std::sync::{Arc, Mutex};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The REST API version the stand-in serves.
pub const VERSION: &str = "v61.0";
/// Most subrequests in one Composite request.
pub const MAX_SUBREQUESTS: usize = 25;
/// Most query or sObject Collections subrequests in one Composite request.
pub const MAX_QUERY_SUBREQUESTS: usize = 5;
/// The org's daily API allocation it reports.
const ALLOCATION: u64 = 15_000;

/// One call the org received (token requests included, flagged).
#[derive(Debug, Clone)]
pub struct Call {
    /// `GET`, `POST`.
    pub method: String,
    /// Path and query.
    pub url: String,
    /// Whether it was a token request (not an API call).
    pub token: bool,
    /// The JSON body of a write.
    pub body: Option<Json>,
}

#[derive(Default)]
struct State {
    /// The org's currency (the corporate one in a multi-currency org).
    currency: String,
    multi_currency: bool,
    objects: Vec<ObjectDef>,
    rows: Vec<(String, Vec<Map<String, Json>>)>,
    tokens: Vec<String>,
    calls: Vec<Call>,
    queries: Vec<String>,
    forms: Vec<Vec<(String, String)>>,
    next_id: u64,
    issued: u64,
    /// (object, field): custom fields the org requires.
    required: Vec<(String, String)>,
    /// (object, field, blocks): the org's active duplicate rules.
    duplicate_rules: Vec<(String, String, bool)>,
    /// The request being answered said `allowSave=true`, `includeRecordDetails=true`.
    allow_save: bool,
    record_details: bool,
}

impl Data for State {
    fn object(&self, name: &str) -> Option<&ObjectDef> {
        self.objects
            .iter()
            .find(|o| o.name.eq_ignore_ascii_case(name))
    }

    fn rows(&self, object: &str) -> &[Map<String, Json>] {
        self.rows
            .iter()
            .find(|(o, _)| o == object)
            .map(|(_, r)| r.as_slice())
            .unwrap_or_default()
    }

    fn version(&self) -> &str {
        VERSION
    }
}

fn field(name: &str, kind: &str, label: &str) -> FieldDef {
    FieldDef {
        name: name.into(),
        kind: kind.into(),
        label: label.into(),
        // Long text areas are the standard fields SOQL cannot filter on.
        filterable: kind != "textarea",
        parent: None,
    }
}

fn reference(name: &str, relationship: &str, target: &str) -> FieldDef {
    FieldDef {
        parent: Some((relationship.into(), target.into())),
        ..field(name, "reference", relationship)
    }
}

fn object(name: &str, fields: Vec<FieldDef>) -> ObjectDef {
    let mut all = vec![field("Id", "id", &format!("{name} ID"))];
    all.extend(fields);
    ObjectDef {
        name: name.into(),
        fields: all,
        children: Vec::new(),
    }
}

/// The standard objects a lookup reads, with the fields Sidecard's cards use and a few more.
fn standard_objects() -> Vec<ObjectDef> {
    let mut contact = object(
        "Contact",
        vec![
            field("Name", "string", "Full Name"),
            field("FirstName", "string", "First Name"),
            field("LastName", "string", "Last Name"),
            reference("AccountId", "Account", "Account"),
            field("Email", "email", "Email"),
            field("Phone", "phone", "Business Phone"),
            field("MobilePhone", "phone", "Mobile Phone"),
            field("HomePhone", "phone", "Home Phone"),
            field("OtherPhone", "phone", "Other Phone"),
            field("AssistantPhone", "phone", "Asst. Phone"),
            field("Fax", "phone", "Business Fax"),
            field("Title", "string", "Title"),
            field("MailingCity", "string", "Mailing City"),
            field("Description", "textarea", "Contact Description"),
            field("Birthdate", "date", "Birthdate"),
            field("HasOptedOutOfEmail", "boolean", "Email Opt Out"),
        ],
    );
    contact.children.extend([
        (
            "OpportunityContactRoles".into(),
            "OpportunityContactRole".into(),
            "ContactId".into(),
        ),
        ("Tasks".into(), "Task".into(), "WhoId".into()),
    ]);
    let mut lead = object(
        "Lead",
        vec![
            field("Name", "string", "Full Name"),
            field("FirstName", "string", "First Name"),
            field("LastName", "string", "Last Name"),
            field("Company", "string", "Company"),
            field("Title", "string", "Title"),
            field("Email", "email", "Email"),
            field("Phone", "phone", "Phone"),
            field("MobilePhone", "phone", "Mobile Phone"),
            field("Status", "picklist", "Lead Status"),
            field("LeadSource", "picklist", "Lead Source"),
            field("IsConverted", "boolean", "Converted"),
            reference("ConvertedContactId", "ConvertedContact", "Contact"),
        ],
    );
    lead.children
        .push(("Tasks".into(), "Task".into(), "WhoId".into()));
    let mut account = object(
        "Account",
        vec![
            field("Name", "string", "Account Name"),
            field("Industry", "picklist", "Industry"),
            field("Website", "url", "Website"),
            field("Phone", "phone", "Account Phone"),
            field("BillingCity", "string", "Billing City"),
            field("AnnualRevenue", "currency", "Annual Revenue"),
        ],
    );
    account.children.extend([
        ("Contacts".into(), "Contact".into(), "AccountId".into()),
        (
            "Opportunities".into(),
            "Opportunity".into(),
            "AccountId".into(),
        ),
    ]);
    let mut opportunity = object(
        "Opportunity",
        vec![
            field("Name", "string", "Name"),
            reference("AccountId", "Account", "Account"),
            field("Amount", "currency", "Amount"),
            field("StageName", "picklist", "Stage"),
            field("CloseDate", "date", "Close Date"),
            field("Probability", "percent", "Probability (%)"),
            field("IsClosed", "boolean", "Closed"),
            field("IsWon", "boolean", "Won"),
        ],
    );
    opportunity.children.push((
        "OpportunityContactRoles".into(),
        "OpportunityContactRole".into(),
        "OpportunityId".into(),
    ));
    let role = object(
        "OpportunityContactRole",
        vec![
            reference("OpportunityId", "Opportunity", "Opportunity"),
            reference("ContactId", "Contact", "Contact"),
            field("Role", "picklist", "Role"),
            field("IsPrimary", "boolean", "Primary"),
        ],
    );
    let organization = object("Organization", vec![field("Name", "string", "Name")]);
    let task = object(
        "Task",
        vec![
            field("Subject", "combobox", "Subject"),
            field("Description", "textarea", "Comments"),
            field("Status", "picklist", "Status"),
            field("Priority", "picklist", "Priority"),
            field("CallType", "picklist", "Call Type"),
            field("CallDurationInSeconds", "int", "Call Duration"),
            field("TaskSubtype", "picklist", "Task Subtype"),
            field("ActivityDate", "date", "Due Date Only"),
            field("CreatedDate", "datetime", "Created Date"),
            reference("WhoId", "Who", "Contact"),
            reference("WhatId", "What", "Account"),
            reference("OwnerId", "Owner", "User"),
        ],
    );
    let user = object("User", vec![field("Name", "string", "Full Name")]);
    vec![
        contact,
        lead,
        account,
        opportunity,
        role,
        organization,
        task,
        user,
    ]
}

/// Fields the API sets itself: never createable or updateable.
fn system_field(name: &str) -> bool {
    matches!(
        name,
        "Id" | "Name" | "CreatedDate" | "IsConverted" | "IsClosed" | "IsWon"
    )
}

/// A person's `Name`, which Salesforce composes from the first and last names.
fn name_person(object: &str, row: &mut Map<String, Json>) {
    if object == "Contact" || object == "Lead" {
        crate::compose_name(row, "FirstName", "LastName", "Name");
    }
}

/// Fields the org fills itself on create when none is given (describe's `defaultedOnCreate`).
fn defaulted(object: &str, field: &FieldDef) -> bool {
    field.kind == "boolean"
        || matches!(
            (object, field.name.as_str()),
            ("Lead", "Status") | ("Task", "Status" | "Priority") | (_, "OwnerId")
        )
}

/// Fields a create must give (describe: createable, not nillable, not defaulted): the
/// standard ones, and custom ones the org made required.
fn required(state: &State, object: &str, field: &FieldDef) -> bool {
    matches!(
        (object, field.name.as_str()),
        ("Contact" | "Lead", "LastName") | ("Lead", "Company")
    ) || state
        .required
        .iter()
        .any(|(o, f)| o == object && *f == field.name)
}

fn createable(field: &FieldDef) -> bool {
    !system_field(&field.name)
}

fn updateable(field: &FieldDef) -> bool {
    createable(field) && field.name != "TaskSubtype"
}

/// Key prefixes of record ids, per object (the first three characters of every id).
fn prefix(object: &str) -> &'static str {
    match object {
        "Contact" => "003",
        "Lead" => "00Q",
        "Account" => "001",
        "Opportunity" => "006",
        "OpportunityContactRole" => "00K",
        "Organization" => "00D",
        "Task" => "00T",
        "User" => "005",
        "CurrencyType" => "02C",
        _ => "a00",
    }
}

/// The stand-in org. Build it, add records, then [`SalesforceOrg::start`] it.
pub struct SalesforceOrg {
    state: Arc<Mutex<State>>,
}

impl Default for SalesforceOrg {
    fn default() -> Self {
        Self::new("USD")
    }
}

impl SalesforceOrg {
    /// A single-currency org whose currency is `currency` (`USD`, `EUR`).
    pub fn new(currency: &str) -> Self {
        let org = SalesforceOrg {
            state: Arc::new(Mutex::new(State {
                objects: standard_objects(),
                currency: currency.to_owned(),
                ..State::default()
            })),
        };
        org.insert("Organization", json!({ "Name": "Stand-in org" }));
        org
    }

    /// A multi-currency org whose corporate currency is `corporate`: every object gains
    /// `CurrencyIsoCode`, and `CurrencyType` lists the active currencies.
    pub fn multi_currency(corporate: &str, others: &[&str]) -> Self {
        let org = Self::new(corporate);
        {
            let mut state = org.state.lock().unwrap();
            state.multi_currency = true;
            for object in &mut state.objects {
                object
                    .fields
                    .push(field("CurrencyIsoCode", "picklist", "Currency ISO Code"));
            }
            state.objects.push(object(
                "CurrencyType",
                vec![
                    field("IsoCode", "picklist", "Currency ISO Code"),
                    field("IsCorporate", "boolean", "Corporate Currency"),
                    field("IsActive", "boolean", "Active"),
                ],
            ));
        }
        for code in std::iter::once(&corporate).chain(others) {
            org.insert(
                "CurrencyType",
                json!({ "IsoCode": code, "IsCorporate": *code == corporate, "IsActive": true }),
            );
        }
        org
    }

    /// Adds a custom field (`Secondary_Email__c`) of describe type `kind` to `object`;
    /// `filterable: false` is what an encrypted field is.
    pub fn custom_field(
        &self,
        object: &str,
        name: &str,
        kind: &str,
        label: &str,
        filterable: bool,
    ) {
        assert!(name.ends_with("__c"), "custom fields end in __c");
        let mut state = self.state.lock().unwrap();
        let object = state
            .objects
            .iter_mut()
            .find(|o| o.name == object)
            .expect("a standard object");
        object.fields.push(FieldDef {
            filterable,
            ..field(name, kind, label)
        });
    }

    /// Makes the custom field `name` of `object` required (not nillable, no default).
    pub fn require(&self, object: &str, name: &str) {
        self.state
            .lock()
            .unwrap()
            .required
            .push((object.to_owned(), name.to_owned()));
    }

    /// Activates a duplicate rule on `object`: a new record whose `field` equals an existing
    /// one's (ignoring case) is a duplicate; `blocks`: the rule's action is Block, else Alert.
    pub fn duplicate_rule(&self, object: &str, field: &str, blocks: bool) {
        self.state.lock().unwrap().duplicate_rules.push((
            object.to_owned(),
            field.to_owned(),
            blocks,
        ));
    }

    /// Stores a record of `object` (a JSON object of its fields) and returns its new id.
    pub fn insert(&self, object: &str, fields: Json) -> String {
        let mut state = self.state.lock().unwrap();
        assert!(state.object(object).is_some(), "unknown object {object}");
        state.next_id += 1;
        let id = format!("{}{:012}AAA", prefix(object), state.next_id);
        let mut row = fields.as_object().cloned().expect("a JSON object");
        row.insert("Id".into(), json!(id));
        name_person(object, &mut row);
        match state.rows.iter_mut().find(|(o, _)| o == object) {
            Some((_, rows)) => rows.push(row),
            None => state.rows.push((object.to_owned(), vec![row])),
        }
        id
    }

    /// The records of `object` (what creates and updates left there).
    pub fn records(&self, object: &str) -> Vec<Map<String, Json>> {
        self.state.lock().unwrap().rows(object).to_vec()
    }

    /// Ends every session: the next API call with an old token is refused as expired.
    pub fn expire_sessions(&self) {
        self.state.lock().unwrap().tokens.clear();
    }

    /// The form of every token request received, in order (to check an assertion).
    pub fn token_forms(&self) -> Vec<Vec<(String, String)>> {
        self.state.lock().unwrap().forms.clone()
    }

    /// Every call received so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.state.lock().unwrap().calls.clone()
    }

    /// API calls received (token requests not counted): what the org's allocation is charged.
    pub fn api_calls(&self) -> usize {
        self.calls().iter().filter(|c| !c.token).count()
    }

    /// Token requests received.
    pub fn token_requests(&self) -> usize {
        self.calls().iter().filter(|c| c.token).count()
    }

    /// Every SOQL statement run so far (standalone or inside a Composite), in order.
    pub fn queries(&self) -> Vec<String> {
        self.state.lock().unwrap().queries.clone()
    }

    /// Serves the org on a loopback port; its token endpoint is `<uri>/services/oauth2/token`
    /// and it names itself as the instance URL.
    pub async fn start(self) -> (MockServer, Self) {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(Handler {
                state: self.state.clone(),
                uri: server.uri(),
            })
            .mount(&server)
            .await;
        (server, self)
    }
}

struct Handler {
    state: Arc<Mutex<State>>,
    uri: String,
}

fn error(status: u16, code: &str, message: &str) -> (u16, Json) {
    (status, json!([{ "message": message, "errorCode": code }]))
}

impl Respond for Handler {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.state.lock().unwrap();
        let path = request.url.path().to_owned();
        let url = match request.url.query() {
            Some(q) => format!("{path}?{q}"),
            None => path.clone(),
        };
        let token = path == "/services/oauth2/token";
        state.calls.push(Call {
            method: request.method.to_string(),
            url,
            token,
            body: serde_json::from_slice(&request.body).ok(),
        });
        if token {
            // The two grants Sidecard uses (Salesforce Help, "OAuth 2.0 Client Credentials
            // Flow" and "OAuth 2.0 JWT Bearer Flow"); anything else is refused as OAuth does.
            let form = url_pairs(&String::from_utf8_lossy(&request.body));
            let has = |k: &str| form.iter().any(|(key, v)| key == k && !v.is_empty());
            let grant = form
                .iter()
                .find(|(k, _)| k == "grant_type")
                .map(|(_, v)| v.as_str());
            state.forms.push(form.clone());
            let ok = match grant {
                Some("client_credentials") => has("client_id") && has("client_secret"),
                Some("urn:ietf:params:oauth:grant-type:jwt-bearer") => has("assertion"),
                _ => false,
            };
            if !ok {
                return ResponseTemplate::new(400).set_body_json(json!({
                    "error": "invalid_grant",
                    "error_description": "authentication failure",
                }));
            }
            state.issued += 1;
            let value = format!("00Dstand-in!token-{}", state.issued);
            state.tokens.push(value.clone());
            return ResponseTemplate::new(200).set_body_json(json!({
                "access_token": value,
                "instance_url": self.uri,
                "id": format!("{}/id/00D000000000001AAA/005000000000001AAA", self.uri),
                "token_type": "Bearer",
                "issued_at": "1700000000000",
                "signature": "stand-in",
            }));
        }
        let bearer = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if path == format!("/services/Soap/u/{}", &VERSION[1..]) {
            return soap(&state, &String::from_utf8_lossy(&request.body));
        }
        let (status, body) = if !state.tokens.iter().any(|t| t == bearer) {
            error(401, "INVALID_SESSION_ID", "Session expired or invalid")
        } else {
            let body: Json = serde_json::from_slice(&request.body).unwrap_or(Json::Null);
            let query = query_param(request.url.query());
            let says = |flag: &str| {
                request
                    .headers
                    .get("Sforce-Duplicate-Rule-Header")
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|h| h.split(';').any(|p| p.trim().eq_ignore_ascii_case(flag)))
            };
            state.allow_save = says("allowSave=true");
            state.record_details = says("includeRecordDetails=true");
            route(&mut state, request.method.as_str(), &path, query, &body)
        };
        let used = state.calls.iter().filter(|c| !c.token).count();
        let answer = ResponseTemplate::new(status).insert_header(
            "Sforce-Limit-Info",
            format!("api-usage={used}/{ALLOCATION}").as_str(),
        );
        if status == 204 {
            answer
        } else {
            answer.set_body_json(body)
        }
    }
}

/// The SOAP API's `getUserInfo`, the one SOAP call the stand-in knows: the org's currency when
/// it has one currency, `xsi:nil` when it has several.
fn soap(state: &State, envelope: &str) -> ResponseTemplate {
    let session = envelope
        .split_once("sessionId>")
        .and_then(|(_, rest)| rest.split_once("</"))
        .map(|(id, _)| id.trim())
        .unwrap_or_default();
    let xml = |status: u16, body: String| {
        ResponseTemplate::new(status).set_body_raw(
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"#
            ),
            "text/xml; charset=utf-8",
        )
    };
    if !state.tokens.iter().any(|t| t == session) {
        return xml(
            500,
            "<soapenv:Fault><faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session</faultstring></soapenv:Fault>".into(),
        );
    }
    if !envelope.contains("getUserInfo") {
        return xml(
            500,
            "<soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>No operation available for request</faultstring></soapenv:Fault>".into(),
        );
    }
    let currency = if state.multi_currency {
        r#"<orgDefaultCurrencyIsoCode xsi:nil="true"/>"#.to_owned()
    } else {
        format!(
            "<orgDefaultCurrencyIsoCode>{}</orgDefaultCurrencyIsoCode>",
            state.currency
        )
    };
    xml(
        200,
        format!(
            "<getUserInfoResponse><result><currencySymbol>¤</currencySymbol>{currency}<organizationId>00D000000000001AAA</organizationId><organizationMultiCurrency>{}</organizationMultiCurrency><organizationName>Stand-in org</organizationName><userId>005000000000001AAA</userId></result></getUserInfoResponse>",
            state.multi_currency
        ),
    )
}

/// The `q` parameter of a query string, decoded.
fn query_param(query: Option<&str>) -> Option<String> {
    let query = query?;
    url_pairs(query)
        .into_iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v)
}

fn url_pairs(query: &str) -> Vec<(String, String)> {
    wiremock::http::Url::parse(&format!("http://x/?{query}"))
        .map(|u| u.query_pairs().into_owned().collect())
        .unwrap_or_default()
}

/// Answers one REST resource (also each Composite subrequest): status and body.
fn route(
    state: &mut State,
    method: &str,
    path: &str,
    query: Option<String>,
    body: &Json,
) -> (u16, Json) {
    let prefix = format!("/services/data/{VERSION}/");
    let Some(resource) = path.strip_prefix(&prefix) else {
        return error(404, "NOT_FOUND", "The requested resource does not exist");
    };
    let resource = resource.trim_end_matches('/');
    match (method, resource) {
        ("GET", "query" | "queryAll") => match query {
            Some(q) => run_query(state, &q),
            None => error(400, "MALFORMED_QUERY", "A query string has to be specified"),
        },
        ("POST", "composite") => composite(state, body),
        ("POST", r) if r.starts_with("sobjects/") && !r["sobjects/".len()..].contains('/') => {
            create(state, &r["sobjects/".len()..], body)
        }
        ("PATCH", r) if r.starts_with("sobjects/") => {
            match r["sobjects/".len()..].split_once('/') {
                Some((object, id)) => update(state, object, id, body),
                None => error(404, "NOT_FOUND", "The requested resource does not exist"),
            }
        }
        ("GET", r) if r.starts_with("sobjects/") && r.ends_with("/describe") => {
            let name = &r["sobjects/".len()..r.len() - "/describe".len()];
            match state.object(name) {
                Some(object) => (200, describe(object, state)),
                None => error(
                    404,
                    "NOT_FOUND",
                    &format!("The requested resource does not exist: {name}"),
                ),
            }
        }
        _ => error(404, "NOT_FOUND", "The requested resource does not exist"),
    }
}

/// The fields of a create or update, each checked against the object's describe.
fn checked_fields(
    state: &State,
    object: &ObjectDef,
    body: &Json,
    creating: bool,
) -> Result<Map<String, Json>, (u16, Json)> {
    let given = body
        .as_object()
        .ok_or_else(|| error(400, "JSON_PARSER_ERROR", "The body must be a JSON object"))?;
    for (name, value) in given {
        let Some(field) = object.fields.iter().find(|f| &f.name == name) else {
            return Err(error(
                400,
                "INVALID_FIELD",
                &format!("No such column '{name}' on sobject of type {}", object.name),
            ));
        };
        if !(if creating {
            createable(field)
        } else {
            updateable(field)
        }) {
            return Err(error(
                400,
                "INVALID_FIELD_FOR_INSERT_UPDATE",
                &format!(
                    "Unable to create/update fields: {name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set."
                ),
            ));
        }
        let fits = match field.kind.as_str() {
            "int" => value.is_i64(),
            "double" | "percent" | "currency" => value.is_number(),
            "boolean" => value.is_boolean(),
            "reference" => value.as_str().is_some_and(|id| {
                // WhoId is polymorphic: a Contact or a Lead.
                let targets: Vec<&str> = if name == "WhoId" {
                    vec!["Contact", "Lead"]
                } else {
                    field.parent.iter().map(|(_, t)| t.as_str()).collect()
                };
                targets.iter().any(|t| {
                    state
                        .rows(t)
                        .iter()
                        .any(|r| r.get("Id").and_then(Json::as_str) == Some(id))
                })
            }),
            _ => value.is_string() || value.is_null(),
        };
        if !fits {
            return Err(error(
                400,
                if field.kind == "reference" {
                    "MALFORMED_ID"
                } else {
                    "JSON_PARSER_ERROR"
                },
                &format!(
                    "{name}: bad value for the field's type ({}): {value}",
                    field.kind
                ),
            ));
        }
        if name == "CallType"
            && !matches!(value.as_str(), Some("Inbound" | "Internal" | "Outbound"))
        {
            return Err(error(
                400,
                "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                &format!("Call Type: bad value for restricted picklist field: {value}"),
            ));
        }
    }
    Ok(given.clone())
}

/// `POST /sobjects/<Object>/`.
fn create(state: &mut State, name: &str, body: &Json) -> (u16, Json) {
    let Some(object) = state.object(name).cloned() else {
        return error(404, "NOT_FOUND", "The requested resource does not exist");
    };
    let mut row = match checked_fields(state, &object, body, true) {
        Ok(row) => row,
        Err(e) => return e,
    };
    let missing: Vec<&str> = object
        .fields
        .iter()
        .filter(|f| {
            required(state, &object.name, f)
                && row
                    .get(&f.name)
                    .is_none_or(|v| v.is_null() || v.as_str() == Some(""))
        })
        .map(|f| f.name.as_str())
        .collect();
    if !missing.is_empty() {
        return (
            400,
            json!([{
                "message": format!("Required fields are missing: [{}]", missing.join(", ")),
                "errorCode": "REQUIRED_FIELD_MISSING",
                "fields": missing,
            }]),
        );
    }
    if let Some(refused) = duplicates(state, &object.name, &row) {
        return refused;
    }
    if object.name == "Task" {
        let who_is_lead = row
            .get("WhoId")
            .and_then(Json::as_str)
            .is_some_and(|id| id.starts_with("00Q"));
        if who_is_lead && row.get("WhatId").is_some_and(|w| !w.is_null()) {
            return error(
                400,
                "FIELD_INTEGRITY_EXCEPTION",
                "Related To ID: id value of incorrect type: a Task about a lead cannot be related to a record",
            );
        }
        row.entry("Status").or_insert(json!("Not Started"));
    }
    state.next_id += 1;
    let id = format!("{}{:012}AAA", prefix(&object.name), state.next_id);
    row.insert("Id".into(), json!(id));
    name_person(&object.name, &mut row);
    match state.rows.iter_mut().find(|(o, _)| *o == object.name) {
        Some((_, rows)) => rows.push(row),
        None => state.rows.push((object.name.clone(), vec![row])),
    }
    (201, json!({ "id": id, "success": true, "errors": [] }))
}

/// The `DUPLICATES_DETECTED` answer when an active rule on `object` matches `row` and may not
/// be saved past (a blocking rule, or an alerting one without `allowSave=true`).
fn duplicates(state: &State, object: &str, row: &Map<String, Json>) -> Option<(u16, Json)> {
    let same = crate::same_text;
    let (_, field, blocks) = state.duplicate_rules.iter().find(|(o, field, _)| {
        o == object
            && row.get(field).is_some_and(|value| {
                state
                    .rows(object)
                    .iter()
                    .any(|r| r.get(field).is_some_and(|v| same(v, value)))
            })
    })?;
    if !blocks && state.allow_save {
        return None;
    }
    let matches: Vec<Json> = state
        .rows(object)
        .iter()
        .filter(|r| r.get(field).is_some_and(|v| same(v, &row[field])))
        .map(|r| {
            let mut record = Map::new();
            record.insert(
                "attributes".into(),
                json!({ "type": object, "url": format!("/services/data/{VERSION}/sobjects/{object}/{}", r["Id"].as_str().unwrap_or_default()) }),
            );
            // With `includeRecordDetails=true` the matched records come with their fields
            // (which ones a live org sends is not documented: the names and channels here).
            let shown: &[&str] = if state.record_details {
                &["Id", "Name", "Email", "Phone"]
            } else {
                &["Id"]
            };
            for key in shown {
                if let Some(value) = r.get(*key) {
                    record.insert((*key).into(), value.clone());
                }
            }
            json!({
                "additionalInformation": [],
                "fieldDiffs": [],
                "matchConfidence": 100.0,
                "record": record,
            })
        })
        .collect();
    let message = "Use one of these records?";
    Some((
        400,
        json!([{
            "duplicateResut": {
                "allowSave": !blocks,
                "duplicateRule": format!("Standard_{object}_Duplicate_Rule"),
                "duplicateRuleEntityType": object,
                "errorMessage": message,
                "matchResults": [{
                    "entityType": object,
                    "errors": [],
                    "matchEngine": "FuzzyMatchEngine",
                    "matchRecords": matches,
                    "rule": format!("Standard_{object}_Match_Rule_v1_1"),
                    "size": matches.len(),
                    "success": true,
                }],
            },
            "errorCode": "DUPLICATES_DETECTED",
            "message": message,
        }]),
    ))
}

/// `PATCH /sobjects/<Object>/<id>`.
fn update(state: &mut State, name: &str, id: &str, body: &Json) -> (u16, Json) {
    let Some(object) = state.object(name).cloned() else {
        return error(404, "NOT_FOUND", "The requested resource does not exist");
    };
    let fields = match checked_fields(state, &object, body, false) {
        Ok(fields) => fields,
        Err(e) => return e,
    };
    let row = state
        .rows
        .iter_mut()
        .find(|(o, _)| *o == object.name)
        .and_then(|(_, rows)| {
            rows.iter_mut()
                .find(|r| r.get("Id").and_then(Json::as_str) == Some(id))
        });
    match row {
        Some(row) => {
            row.extend(fields);
            (204, Json::Null)
        }
        None => error(404, "NOT_FOUND", "The requested resource does not exist"),
    }
}

fn run_query(state: &mut State, q: &str) -> (u16, Json) {
    state.queries.push(q.to_owned());
    match soql::run(q, state) {
        Ok(result) => (200, result),
        Err(e) => (400, e.body()),
    }
}

fn describe(object: &ObjectDef, state: &State) -> Json {
    let fields: Vec<Json> = object
        .fields
        .iter()
        .map(|f| {
            json!({
                "name": f.name,
                "type": f.kind,
                "label": f.label,
                "filterable": f.filterable,
                "custom": f.name.ends_with("__c"),
                "referenceTo": f.parent.as_ref().map(|(_, t)| vec![t.clone()]).unwrap_or_default(),
                "relationshipName": f.parent.as_ref().map(|(r, _)| r.clone()),
                "createable": createable(f),
                "updateable": updateable(f),
                "nillable": !required(state, &object.name, f) && !defaulted(&object.name, f) && f.name != "Id",
                "defaultedOnCreate": defaulted(&object.name, f),
            })
        })
        .collect();
    let children: Vec<Json> = state
        .objects
        .iter()
        .filter(|o| o.name == object.name)
        .flat_map(|o| &o.children)
        .map(|(relationship, child, field)| {
            json!({ "childSObject": child, "field": field, "relationshipName": relationship })
        })
        .collect();
    json!({
        "name": object.name,
        "label": object.name,
        "queryable": true,
        "fields": fields,
        "childRelationships": children,
    })
}

/// `POST /composite`: every subrequest checked against what Composite accepts, then answered
/// in order (each on its own with `allOrNone: false`).
fn composite(state: &mut State, body: &Json) -> (u16, Json) {
    let Some(requests) = body.get("compositeRequest").and_then(Json::as_array) else {
        return error(400, "JSON_PARSER_ERROR", "compositeRequest is required");
    };
    if requests.len() > MAX_SUBREQUESTS {
        return error(
            400,
            "LIMIT_EXCEEDED",
            &format!("Composite supports at most {MAX_SUBREQUESTS} subrequests"),
        );
    }
    let prefix = format!("/services/data/{VERSION}/");
    let mut queries = 0;
    for request in requests {
        let url = request
            .get("url")
            .and_then(Json::as_str)
            .unwrap_or_default();
        let resource = url.strip_prefix(&prefix).unwrap_or_default();
        let name = resource.split(['/', '?']).next().unwrap_or_default();
        match name {
            "query" | "queryAll" => queries += 1,
            "sobjects" if resource.starts_with("composite/sobjects") => queries += 1,
            "sobjects" => {}
            _ => {
                // Search, and anything else that is not an sObject resource or a query.
                return error(
                    400,
                    "INVALID_API_INPUT",
                    &format!("Composite does not support the resource {url}"),
                );
            }
        }
        if request.get("referenceId").and_then(Json::as_str).is_none() {
            return error(
                400,
                "JSON_PARSER_ERROR",
                "every subrequest needs a referenceId",
            );
        }
    }
    if queries > MAX_QUERY_SUBREQUESTS {
        return error(
            400,
            "LIMIT_EXCEEDED",
            &format!(
                "Composite supports at most {MAX_QUERY_SUBREQUESTS} query or sObject Collections subrequests"
            ),
        );
    }
    let all_or_none = body.get("allOrNone").and_then(Json::as_bool) == Some(true);
    let mut answers = Vec::new();
    let mut failed = false;
    for request in requests {
        let method = request
            .get("method")
            .and_then(Json::as_str)
            .unwrap_or("GET");
        let url = request
            .get("url")
            .and_then(Json::as_str)
            .unwrap_or_default();
        let reference = request.get("referenceId").cloned().unwrap_or(Json::Null);
        let (path, query) = match url.split_once('?') {
            Some((p, q)) => (p, query_param(Some(q))),
            None => (url, None),
        };
        let (status, body) = if failed && all_or_none {
            error(400, "PROCESSING_HALTED", "The transaction was rolled back")
        } else {
            route(
                state,
                method,
                path,
                query,
                request.get("body").unwrap_or(&Json::Null),
            )
        };
        failed |= status >= 400;
        answers.push(json!({
            "body": body,
            "httpHeaders": {},
            "httpStatusCode": status,
            "referenceId": reference,
        }));
    }
    (200, json!({ "compositeResponse": answers }))
}
