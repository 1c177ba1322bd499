//! A HubSpot portal on a loopback port: the CRM v3 objects API (search, batch read, read,
//! create, update), the properties and deal pipelines APIs and the account details, answering
//! from its own schema and records the way HubSpot documents them.
//!
//! Facts it enforces, with their sources:
//! - Errors ("Error handling", <https://developers.hubspot.com/docs/api-reference/error-handling>):
//!   `{"status": "error", "message", "correlationId", "category"}` plus `errors` or `context`
//!   where useful; `VALIDATION_ERROR` 400, `INVALID_AUTHENTICATION` 401 (no bearer token, or a
//!   revoked one), `OBJECT_NOT_FOUND` 404, `CONFLICT` 409, `LOCKED` 423 "Resource is locked,
//!   try again later". A 429 is `{"status", "message", "errorType": "RATE_LIMIT",
//!   "correlationId", "policyName"}` ("You have reached your secondly limit." and so on), with
//!   no `Retry-After`.
//! - Rate limits ("API usage guidelines",
//!   <https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines>): a
//!   private app gets [`BURST`] calls per rolling 10 seconds (`TEN_SECONDLY_ROLLING`) and
//!   [`DAILY`] a day (`DAILY`); search endpoints get [`SEARCHES_PER_SECOND`] (`SECONDLY`) and
//!   their answers carry none of the `X-HubSpot-RateLimit-*` headers every other answer carries
//!   (`-Max`, `-Remaining`, `-Interval-Milliseconds`, `-Daily`, `-Daily-Remaining`).
//! - Search ("Search the CRM",
//!   <https://developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm>): at most
//!   [`MAX_FILTER_GROUPS`] filter groups (ORed) of at most [`MAX_FILTERS_PER_GROUP`] filters
//!   (ANDed), [`MAX_FILTERS`] in all; a page of at most [`MAX_SEARCH_LIMIT`] (default 10),
//!   [`MAX_SEARCH_RESULTS`] results in all, a body of at most [`MAX_SEARCH_BODY`] characters;
//!   the operators `EQ`, `NEQ`, `LT`, `LTE`, `GT`, `GTE`, `BETWEEN`, `IN`, `NOT_IN`,
//!   `HAS_PROPERTY`, `NOT_HAS_PROPERTY`, `CONTAINS_TOKEN`, `NOT_CONTAINS_TOKEN` (a `*` wildcard
//!   at either end of a token); `IN` string values must be lowercase; `associations.contact`
//!   (`.company`, `.deal`) filters by an associated record's id; `query` searches the default
//!   searchable properties; one sort at most ("Only one sorting rule can be applied to any
//!   search"); each object's default returned properties (contacts: `createdate`,
//!   `email`, `firstname`, `hs_object_id`, `lastmodifieddate`, `lastname`); unknown names in
//!   `properties` are ignored; `paging.next.after` only while results remain. Its limits
//!   section: `hs_searchable_calculated_phone_number` and `…_mobile_number` hold "only the area
//!   code and local number", without the country code (computed here with libphonenumber's
//!   rules, region US by default).
//! - `EQ` on a multi-valued property (`hs_additional_emails`) finds a contact by any of its
//!   values: a HubSpot answer in <https://github.com/HubSpot/hubspot-api-nodejs/issues/24>.
//! - Objects ("Using object APIs", <https://developers.hubspot.com/docs/guides/crm/using-object-apis>):
//!   `/crm/v3/objects/{object}` takes the plural name or the object type id (`0-1` contacts,
//!   `0-2` companies, `0-3` deals, `0-48` calls, `0-46` notes, `0-27` tasks); HubSpot returns
//!   every property value as a string. Batch read
//!   (<https://developers.hubspot.com/docs/api-reference/latest/crm/objects/objects/batch/get-objects>):
//!   `inputs` of ids (or of `idProperty` values), at most [`MAX_BATCH_INPUTS`]; missing ids make
//!   a 207 with an `OBJECT_NOT_FOUND` error listing them. Engagements need `hs_timestamp`.
//! - A contact whose email another contact has (ignoring case) is 409 `CONFLICT`, message
//!   `Contact already exists. Existing ID: 100001` (shape from
//!   <https://github.com/HubSpot/hubspot-api-nodejs/issues/545>).
//! - Associations on create ("Associations",
//!   <https://developers.hubspot.com/docs/api-reference/latest/crm/associations/overview>):
//!   `[{"to": {"id"}, "types": [{"associationCategory": "HUBSPOT_DEFINED",
//!   "associationTypeId"}]}]`, with the default type ids of
//!   <https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/guide#association-type-id-values>:
//!   contact→company 279 (primary 1), call→contact 194, call→company 182, note→contact 202,
//!   note→company 190, task→contact 204, task→company 192.
//! - Properties ("Properties", <https://developers.hubspot.com/docs/api-reference/latest/crm/properties/guide>):
//!   `name`, `label`, `type`, `fieldType`, `options`, `calculated`, `hidden`,
//!   `modificationMetadata.readOnlyValue`, `showCurrencySymbol`; a read-only property cannot be
//!   set (`READ_ONLY_VALUE`), an enumeration takes only its options' values, exactly
//!   (`INVALID_OPTION`), a string at most 65,536 characters.
//! - Deal pipelines ("Pipelines", <https://developers.hubspot.com/docs/api-reference/latest/crm/pipelines/guide>):
//!   the `default` pipeline's stages with `metadata.isClosed` and `metadata.probability` as
//!   strings; a deal's `hs_is_closed`, `hs_is_closed_won`, `hs_is_closed_lost` follow its stage.
//! - Account details
//!   (<https://developers.hubspot.com/docs/api-reference/legacy/account/account-information/get-account-details>):
//!   `portalId`, `companyCurrency`, `uiDomain`, `dataHostingLocation` and the time zone.
//!
//! Error messages and codes the docs do not spell out (`INVALID_BOOLEAN`, `INVALID_DATE`,
//! `INVALID_LENGTH`, `REQUIRED_PROPERTY`, the wording of refused searches) are the stand-in's.

use serde_json::{Map, Value as Json, json};
use std::cmp::Ordering;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The one bearer token the portal accepts (a private app's access token).
pub const TOKEN: &str = "pat-na1-11111111-2222-3333-4444-555555555555";
/// The portal's (HubSpot account's) id.
pub const PORTAL_ID: u64 = 4711;
/// Most filter groups in one search.
pub const MAX_FILTER_GROUPS: usize = 5;
/// Most filters in one filter group.
pub const MAX_FILTERS_PER_GROUP: usize = 6;
/// Most filters in one search, all groups together.
pub const MAX_FILTERS: usize = 18;
/// Largest page of search results.
pub const MAX_SEARCH_LIMIT: u64 = 200;
/// Most results one search can page through.
pub const MAX_SEARCH_RESULTS: u64 = 10_000;
/// Longest search request body, in characters.
pub const MAX_SEARCH_BODY: usize = 3_000;
/// Most inputs in one batch read.
pub const MAX_BATCH_INPUTS: usize = 100;
/// Search calls allowed in any one second.
pub const SEARCHES_PER_SECOND: usize = 5;
/// Non-search calls allowed in any rolling 10 seconds.
pub const BURST: usize = 100;
/// Calls allowed a day.
pub const DAILY: u64 = 250_000;

/// Longest value of a string property.
const MAX_TEXT: usize = 65_536;
const BURST_WINDOW: Duration = Duration::from_secs(10);
const SEARCH_WINDOW: Duration = Duration::from_secs(1);
const AUTH_MESSAGE: &str = "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview";
/// The keys a search body may have; HubSpot refuses the body when it has another.
const SEARCH_KEYS: [&str; 6] = [
    "filterGroups",
    "properties",
    "sorts",
    "limit",
    "after",
    "query",
];
/// The default deal pipeline's stages: id, label, closed, probability.
const STAGES: [(&str, &str, bool, &str); 7] = [
    (
        "appointmentscheduled",
        "Appointment Scheduled",
        false,
        "0.2",
    ),
    ("qualifiedtobuy", "Qualified To Buy", false, "0.4"),
    (
        "presentationscheduled",
        "Presentation Scheduled",
        false,
        "0.6",
    ),
    (
        "decisionmakerboughtin",
        "Decision Maker Bought-In",
        false,
        "0.8",
    ),
    ("contractsent", "Contract Sent", false, "0.9"),
    ("closedwon", "Closed Won", true, "1.0"),
    ("closedlost", "Closed Lost", true, "0.0"),
];

/// A status and a JSON body.
type Answer = (u16, Json);
/// An answer, or the error answer that ended the request early.
type Outcome = Result<Answer, Answer>;

/// One call the portal received, authorized or not.
#[derive(Debug, Clone)]
pub struct Call {
    /// `GET`, `POST`, `PATCH`.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// The JSON body, if it had one.
    pub body: Option<Json>,
    /// Whether it carried the valid, unrevoked [`TOKEN`].
    pub authorized: bool,
}

/// One property definition, as the properties API describes it.
#[derive(Debug, Clone)]
struct PropertyDef {
    name: String,
    label: String,
    kind: String,
    field_type: String,
    /// (value, label)
    options: Vec<(String, String)>,
    calculated: bool,
    read_only: bool,
    money: bool,
    custom: bool,
}

impl PropertyDef {
    fn new(name: &str, label: &str, kind: &str, field_type: &str) -> Self {
        PropertyDef {
            name: name.into(),
            label: label.into(),
            kind: kind.into(),
            field_type: field_type.into(),
            options: Vec::new(),
            calculated: false,
            read_only: false,
            money: false,
            custom: false,
        }
    }
}

// The standard properties of each object, one a line: `name|label|type|fieldType|flags|options`;
// flags `ro` (read-only), `calc` (HubSpot calculates it, so read-only too) or `money` (shows
// the currency symbol); options `value=label,…`. A table keeps the schema readable at a glance.
const CONTACTS: &str = "
email|Email|string|text
firstname|First Name|string|text
lastname|Last Name|string|text
phone|Phone Number|string|phonenumber
mobilephone|Mobile Phone Number|string|phonenumber
company|Company Name|string|text
jobtitle|Job Title|string|text
city|City|string|text
country|Country/Region|string|text
hs_additional_emails|Additional email addresses|enumeration|checkbox|ro
lifecyclestage|Lifecycle Stage|enumeration|radio||subscriber=Subscriber,lead=Lead,marketingqualifiedlead=Marketing Qualified Lead,salesqualifiedlead=Sales Qualified Lead,opportunity=Opportunity,customer=Customer,evangelist=Evangelist,other=Other
hs_lead_status|Lead Status|enumeration|select||NEW=New,OPEN=Open,IN_PROGRESS=In Progress,CONNECTED=Connected
associatedcompanyid|Primary Associated Company ID|number|number
hs_searchable_calculated_phone_number|Calculated Phone Number without country code|phone_number|phonenumber|calc
hs_searchable_calculated_mobile_number|Calculated Mobile Number without country code|phone_number|phonenumber|calc
hubspot_owner_id|Contact owner|enumeration|select";
const COMPANIES: &str = "
name|Company name|string|text
domain|Company Domain Name|string|text
phone|Phone Number|string|phonenumber
city|City|string|text
industry|Industry|enumeration|select||COMPUTER_SOFTWARE=Computer Software,HOSPITAL_HEALTH_CARE=Hospital & Health Care,PHARMACEUTICALS=Pharmaceuticals
annualrevenue|Annual Revenue|number|number|money
website|Website URL|string|text";
// `dealstage` takes its options from `STAGES`.
const DEALS: &str = "
dealname|Deal Name|string|text
amount|Amount|number|number|money
dealstage|Deal Stage|enumeration|radio
pipeline|Pipeline|enumeration|select||default=Sales Pipeline
closedate|Close Date|datetime|date
deal_currency_code|Currency|enumeration|select||USD=US Dollar,EUR=Euro,GBP=British Pound
hs_is_closed|Is Deal Closed?|bool|calculation_equation|calc
hs_is_closed_won|Is Closed Won|bool|calculation_equation|calc
hs_is_closed_lost|Is closed lost|bool|calculation_equation|calc
hs_deal_stage_probability|Deal Stage Probability|number|number|calc
hubspot_owner_id|Deal owner|enumeration|select";
// `hs_call_duration` is in milliseconds.
const CALLS: &str = "
hs_timestamp|Activity date|datetime|date
hs_call_title|Call Title|string|text
hs_call_body|Call notes|string|html
hs_call_direction|Call direction|enumeration|select||INBOUND=Inbound,OUTBOUND=Outbound
hs_call_duration|Call duration|number|number
hs_call_status|Call status|enumeration|select||BUSY=Busy,CALLING_CRM_USER=Calling CRM user,CANCELED=Canceled,COMPLETED=Completed,CONNECTING=Connecting,FAILED=Failed,IN_PROGRESS=In progress,NO_ANSWER=No answer,QUEUED=Queued,RINGING=Ringing";
const NOTES: &str = "
hs_timestamp|Activity date|datetime|date
hs_note_body|Note body|string|html";
const TASKS: &str = "
hs_timestamp|Due date|datetime|date
hs_task_subject|Task Title|string|text
hs_task_body|Notes|string|html
hs_task_status|Task Status|enumeration|select||NOT_STARTED=Not started,IN_PROGRESS=In progress,WAITING=Waiting,COMPLETED=Completed,DEFERRED=Deferred
hs_task_type|Task Type|enumeration|select||CALL=Call,EMAIL=Email,TODO=To-do
hs_task_priority|Priority|enumeration|select||NONE=None,LOW=Low,MEDIUM=Medium,HIGH=High";
// Every object has these.
const RECORD: &str = "
hs_object_id|Record ID|number|number|ro
createdate|Create Date|datetime|date|ro
lastmodifieddate|Last Modified Date|datetime|date|ro";

/// The property definitions of one table above.
fn parse_defs(table: &str) -> Vec<PropertyDef> {
    table
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let mut cells = line.trim().split('|');
            let mut cell = || cells.next().unwrap_or_default();
            let (name, label, kind, field_type) = (cell(), cell(), cell(), cell());
            let (flags, options) = (cell(), cell());
            PropertyDef {
                options: options
                    .split(',')
                    .filter_map(|option| option.split_once('='))
                    .map(|(value, label)| (value.to_owned(), label.to_owned()))
                    .collect(),
                calculated: flags == "calc",
                read_only: matches!(flags, "ro" | "calc"),
                money: flags == "money",
                ..PropertyDef::new(name, label, kind, field_type)
            }
        })
        .collect()
}

/// The standard properties of each object the stand-in keeps.
fn standard_schema() -> Vec<(&'static str, Vec<PropertyDef>)> {
    let tables = [
        ("contacts", CONTACTS),
        ("companies", COMPANIES),
        ("deals", DEALS),
        ("calls", CALLS),
        ("notes", NOTES),
        ("tasks", TASKS),
    ];
    tables
        .into_iter()
        .map(|(object, table)| {
            let mut defs = parse_defs(table);
            defs.extend(parse_defs(RECORD));
            for stage in defs.iter_mut().filter(|d| d.name == "dealstage") {
                stage.options = STAGES
                    .iter()
                    .map(|(id, label, ..)| ((*id).to_owned(), (*label).to_owned()))
                    .collect();
            }
            (object, defs)
        })
        .collect()
}

/// The object a path segment names, by its plural name or its object type id.
fn object_name(segment: &str) -> Option<&'static str> {
    Some(match segment {
        "contacts" | "0-1" => "contacts",
        "companies" | "0-2" => "companies",
        "deals" | "0-3" => "deals",
        "calls" | "0-48" => "calls",
        "notes" | "0-46" => "notes",
        "tasks" | "0-27" => "tasks",
        _ => return None,
    })
}

/// The object a path segment names, or HubSpot's answer for an unknown object type.
fn object_type(segment: &str) -> Result<&'static str, Answer> {
    object_name(segment)
        .ok_or_else(|| invalid(&format!("Unable to infer object type from: {segment}")))
}

/// The name HubSpot's messages use for one record of `object`.
fn singular(object: &str) -> &'static str {
    match object {
        "contacts" => "CONTACT",
        "companies" => "COMPANY",
        "deals" => "DEAL",
        "calls" => "CALL",
        "notes" => "NOTE",
        _ => "TASK",
    }
}

/// The properties a search or read returns when it names none, space-separated.
fn default_properties(object: &str) -> &'static str {
    match object {
        "contacts" => "createdate email firstname hs_object_id lastmodifieddate lastname",
        "companies" => "createdate domain hs_object_id name lastmodifieddate",
        "deals" => {
            "amount closedate createdate dealname dealstage lastmodifieddate hs_object_id pipeline"
        }
        _ => "",
    }
}

/// The properties a search's free-text `query` looks in (the default searchable ones the
/// stand-in has), space-separated.
fn searchable(object: &str) -> &'static str {
    match object {
        "contacts" => "firstname lastname email hs_additional_emails phone mobilephone company",
        "companies" => "name domain website phone",
        "deals" => "dealname pipeline dealstage",
        "calls" => "hs_call_title hs_call_body",
        "notes" => "hs_note_body",
        _ => "hs_task_subject hs_task_body",
    }
}

/// The object a HUBSPOT_DEFINED association type from a record of `object` points at.
fn association_target(object: &str, type_id: u64) -> Option<&'static str> {
    match (object, type_id) {
        ("calls", 194) | ("notes", 202) | ("tasks", 204) => Some("contacts"),
        ("contacts", 279 | 1) | ("calls", 182) | ("notes", 190) | ("tasks", 192) => {
            Some("companies")
        }
        _ => None,
    }
}

/// The object an `associations.<name>` search pseudo-property filters by.
fn association_object(name: &str) -> Option<&'static str> {
    match name {
        "contact" => Some("contacts"),
        "company" => Some("companies"),
        "deal" => Some("deals"),
        _ => None,
    }
}

struct Record {
    object: &'static str,
    id: String,
    properties: Map<String, Json>,
}

struct State {
    currency: String,
    ui_domain: &'static str,
    hosting: &'static str,
    /// When the portal was made (the pipeline's timestamps).
    created: String,
    schema: Vec<(&'static str, Vec<PropertyDef>)>,
    records: Vec<Record>,
    /// (from object, from id, to object, to id), stored in both directions.
    links: Vec<(&'static str, String, &'static str, String)>,
    typed: Vec<(String, String, String, String, u64)>,
    next_id: u64,
    last_ms: i64,
    calls: Vec<Call>,
    searches: Vec<Json>,
    search_times: VecDeque<Instant>,
    burst_times: VecDeque<Instant>,
    daily_used: u64,
    throttle: Option<String>,
    locked: bool,
    /// Rate limits lifted (a benchmark of the connector, not of the limits).
    unlimited: bool,
    /// How long every answer takes.
    latency: Duration,
    revoked: bool,
    correlations: u64,
}

impl State {
    fn new(currency: &str, ui_domain: &'static str, hosting: &'static str) -> Self {
        State {
            currency: currency.to_owned(),
            ui_domain,
            hosting,
            created: iso(now_ms()),
            schema: standard_schema(),
            records: Vec::new(),
            links: Vec::new(),
            typed: Vec::new(),
            next_id: 100_000,
            last_ms: 0,
            calls: Vec::new(),
            searches: Vec::new(),
            search_times: VecDeque::new(),
            burst_times: VecDeque::new(),
            daily_used: 0,
            throttle: None,
            locked: false,
            unlimited: false,
            latency: Duration::ZERO,
            revoked: false,
            correlations: 0,
        }
    }

    fn defs(&self, object: &str) -> &[PropertyDef] {
        self.schema
            .iter()
            .find(|(o, _)| *o == object)
            .map(|(_, d)| d.as_slice())
            .unwrap_or_default()
    }

    fn def(&self, object: &str, name: &str) -> Option<&PropertyDef> {
        self.defs(object).iter().find(|d| d.name == name)
    }

    fn rows(&self, object: &str) -> impl Iterator<Item = &Record> {
        self.records.iter().filter(move |r| r.object == object)
    }

    fn record(&self, object: &str, id: &str) -> Option<&Record> {
        self.rows(object).find(|r| r.id == id)
    }

    fn record_mut(&mut self, object: &str, id: &str) -> Option<&mut Record> {
        self.records
            .iter_mut()
            .find(|r| r.object == object && r.id == id)
    }

    /// A record by id, or by the value of `by` (a batch read's `idProperty`).
    fn lookup(&self, object: &str, id: &str, by: Option<&str>) -> Option<&Record> {
        let wanted = Json::from(id);
        self.rows(object).find(|r| match by {
            Some(property) => r
                .properties
                .get(property)
                .is_some_and(|v| crate::same_text(v, &wanted)),
            None => r.id == id,
        })
    }

    fn linked(&self, from: &str, from_id: &str, to: &str, to_id: &str) -> bool {
        self.links
            .iter()
            .any(|(a, a_id, b, b_id)| *a == from && a_id == from_id && *b == to && b_id == to_id)
    }

    fn link(&mut self, from: &'static str, from_id: &str, to: &'static str, to_id: &str) {
        for (a, a_id, b, b_id) in [(from, from_id, to, to_id), (to, to_id, from, from_id)] {
            if !self.linked(a, a_id, b, b_id) {
                self.links.push((a, a_id.to_owned(), b, b_id.to_owned()));
            }
        }
        // A contact's first company becomes its primary one, which `associatedcompanyid` names.
        let pair = match (from, to) {
            ("contacts", "companies") => Some((from_id, to_id)),
            ("companies", "contacts") => Some((to_id, from_id)),
            _ => None,
        };
        if let Some((contact, company)) = pair
            && let Some(record) = self.record_mut("contacts", contact)
        {
            record
                .properties
                .entry("associatedcompanyid")
                .or_insert_with(|| Json::from(company));
        }
    }

    /// The id of another contact with this email, ignoring case.
    fn contact_with_email(&self, email: &Json, except: Option<&str>) -> Option<String> {
        self.rows("contacts")
            .find(|r| {
                Some(r.id.as_str()) != except
                    && r.properties
                        .get("email")
                        .is_some_and(|e| crate::same_text(e, email))
            })
            .map(|r| r.id.clone())
    }

    /// A timestamp for a write, later than every earlier one so sorting by it keeps the order
    /// records were written in.
    fn tick(&mut self) -> String {
        let ms = now_ms().max(self.last_ms + 1);
        self.last_ms = ms;
        iso(ms)
    }

    fn store(&mut self, object: &'static str, mut properties: Map<String, Json>) -> String {
        self.next_id += 1;
        let id = self.next_id.to_string();
        let now = self.tick();
        properties.insert("hs_object_id".into(), Json::from(id.clone()));
        properties
            .entry("createdate")
            .or_insert_with(|| Json::from(now.clone()));
        properties
            .entry("lastmodifieddate")
            .or_insert_with(|| Json::from(now));
        derive(object, &mut properties);
        self.records.push(Record {
            object,
            id: id.clone(),
            properties,
        });
        id
    }

    fn correlation(&mut self) -> String {
        self.correlations += 1;
        format!("{PORTAL_ID:08x}-0000-4000-8000-{:012x}", self.correlations)
    }

    /// Counts a call against the limits, or names the policy that refuses it.
    fn admit(&mut self, search: bool, now: Instant) -> Option<String> {
        if let Some(policy) = self.throttle.take() {
            return Some(policy);
        }
        if self.daily_used >= DAILY {
            return Some("DAILY".into());
        }
        let admitted = if search {
            within(
                &mut self.search_times,
                now,
                SEARCH_WINDOW,
                SEARCHES_PER_SECOND,
            )
        } else {
            within(&mut self.burst_times, now, BURST_WINDOW, BURST)
        };
        if !admitted {
            let policy = if search {
                "SECONDLY"
            } else {
                "TEN_SECONDLY_ROLLING"
            };
            return Some(policy.to_owned());
        }
        self.daily_used += 1;
        None
    }

    /// Whether a record matches a search's filter groups and free text.
    fn selects(&self, record: &Record, search: &Search) -> bool {
        let filtered = search.groups.is_empty()
            || search
                .groups
                .iter()
                .any(|group| group.iter().all(|f| self.passes(record, f)));
        filtered && search.query.as_deref().is_none_or(|q| free_text(record, q))
    }

    fn passes(&self, record: &Record, filter: &Filter) -> bool {
        if let Some(name) = filter.property.strip_prefix("associations.") {
            let to = association_object(name).unwrap_or_default();
            let to_id = filter.value.as_deref().unwrap_or_default();
            return self.linked(record.object, &record.id, to, to_id);
        }
        let kind = self
            .def(record.object, &filter.property)
            .map_or("string", |d| d.kind.as_str());
        satisfies(kind, value_of(record, &filter.property), filter)
    }
}

/// Keeps the calls of the last `window` in `times` and adds one at `now` if fewer than `max`
/// remain; false when the call is one too many.
fn within(times: &mut VecDeque<Instant>, now: Instant, window: Duration, max: usize) -> bool {
    while times
        .front()
        .is_some_and(|t| now.duration_since(*t) >= window)
    {
        times.pop_front();
    }
    if times.len() >= max {
        return false;
    }
    times.push_back(now);
    true
}

/// The properties HubSpot calculates from others: the searchable phone numbers of a contact,
/// a deal's closed flags and probability from its stage's metadata.
fn derive(object: &str, row: &mut Map<String, Json>) {
    if object == "contacts" {
        for (from, into) in [
            ("phone", "hs_searchable_calculated_phone_number"),
            ("mobilephone", "hs_searchable_calculated_mobile_number"),
        ] {
            let national = row
                .get(from)
                .and_then(Json::as_str)
                .map(national_number)
                .filter(|n| !n.is_empty());
            match national {
                Some(number) => row.insert(into.into(), Json::from(number)),
                None => row.remove(into),
            };
        }
    }
    if object == "deals" {
        let stage = row
            .get("dealstage")
            .and_then(Json::as_str)
            .map(str::to_owned);
        if let Some(stage) = stage
            && let Some(&(_, _, closed, probability)) = STAGES.iter().find(|s| s.0 == stage)
        {
            let won = closed && probability == "1.0";
            let lost = closed && probability == "0.0";
            row.insert("hs_is_closed".into(), Json::from(closed.to_string()));
            row.insert("hs_is_closed_won".into(), Json::from(won.to_string()));
            row.insert("hs_is_closed_lost".into(), Json::from(lost.to_string()));
            row.insert("hs_deal_stage_probability".into(), Json::from(probability));
            // A portal with one pipeline puts every deal in it.
            row.entry("pipeline")
                .or_insert_with(|| Json::from("default"));
        }
    }
}

/// A phone number's national significant number, digits only: what HubSpot's
/// `hs_searchable_calculated_*` properties hold. Numbers without a country code are read as US
/// ones.
fn national_number(raw: &str) -> String {
    // The parser is not meant for arbitrary text; a phone field is never this long.
    if raw.len() <= 64
        && let Ok(number) = phonenumber::parse(Some(phonenumber::country::Id::US), raw)
    {
        return number.national().to_string();
    }
    digits_without_zeros(raw)
}

/// The digits of an unparseable number, without the leading zeros of a trunk or exit prefix.
fn digits_without_zeros(raw: &str) -> String {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').to_owned()
}

/// A property value as HubSpot stores it: text.
fn scalar(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A record's value of a property; a blank one counts as unset.
fn value_of<'a>(record: &'a Record, name: &str) -> Option<&'a str> {
    record
        .properties
        .get(name)
        .and_then(Json::as_str)
        .filter(|v| !v.is_empty())
}

fn free_text(record: &Record, query: &str) -> bool {
    let query = query.trim().to_lowercase();
    query.is_empty()
        || searchable(record.object)
            .split_whitespace()
            .any(|name| value_of(record, name).is_some_and(|v| v.to_lowercase().contains(&query)))
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Milliseconds since the epoch as HubSpot writes timestamps: `2024-01-15T10:00:00.000Z`.
fn iso(ms: i64) -> String {
    let (days, rest) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (year, month, day) = civil(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01 (the era-based civil calendar
/// algorithm: 400-year eras of 146,097 days, years starting in March).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Days from 1970-01-01 to a date (the inverse of [`civil`]).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// Milliseconds since the epoch of a HubSpot date or datetime value: milliseconds already, a
/// `YYYY-MM-DD` date (midnight UTC), or an ISO 8601 date-time with `Z` or an offset.
fn instant(text: &str) -> Option<i64> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let (date, time) = text.split_once('T').unwrap_or((text, ""));
    let mut parts = date.split('-');
    let mut part = |len: usize| {
        parts
            .next()
            .filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<i64>().ok())
    };
    let (year, month, day) = (part(4)?, part(2)?, part(2)?);
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let midnight = days_from_civil(year, month, day) * 86_400_000;
    if time.is_empty() {
        return Some(midnight);
    }
    let (clock, offset_minutes) = if let Some(clock) = time.strip_suffix('Z') {
        (clock, 0)
    } else if let Some(at) = time.rfind(['+', '-']) {
        let (clock, offset) = time.split_at(at);
        let digits: String = offset[1..].chars().filter(|c| *c != ':').collect();
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let minutes = digits[..2].parse::<i64>().ok()? * 60 + digits[2..].parse::<i64>().ok()?;
        (
            clock,
            if offset.starts_with('-') {
                -minutes
            } else {
                minutes
            },
        )
    } else {
        (time, 0)
    };
    let mut fields = clock.split(':');
    let hours: i64 = fields.next()?.parse().ok()?;
    let minutes: i64 = fields.next()?.parse().ok()?;
    let seconds = fields.next().unwrap_or("0");
    let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
    let seconds: i64 = whole.parse().ok()?;
    if fields.next().is_some() || hours > 23 || minutes > 59 || seconds > 60 {
        return None;
    }
    let millis = if fraction.is_empty() {
        0
    } else if fraction.bytes().all(|b| b.is_ascii_digit()) {
        format!("{fraction:0<3}")[..3].parse::<i64>().ok()?
    } else {
        return None;
    };
    Some(midnight + ((hours * 60 + minutes - offset_minutes) * 60 + seconds) * 1000 + millis)
}

/// A search filter's comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    Eq,
    Neq,
    Lt,
    Lte,
    Gt,
    Gte,
    Between,
    In,
    NotIn,
    HasProperty,
    NotHasProperty,
    ContainsToken,
    NotContainsToken,
}

impl Operator {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "EQ" => Self::Eq,
            "NEQ" => Self::Neq,
            "LT" => Self::Lt,
            "LTE" => Self::Lte,
            "GT" => Self::Gt,
            "GTE" => Self::Gte,
            "BETWEEN" => Self::Between,
            "IN" => Self::In,
            "NOT_IN" => Self::NotIn,
            "HAS_PROPERTY" => Self::HasProperty,
            "NOT_HAS_PROPERTY" => Self::NotHasProperty,
            "CONTAINS_TOKEN" => Self::ContainsToken,
            "NOT_CONTAINS_TOKEN" => Self::NotContainsToken,
            _ => return None,
        })
    }
}

struct Filter {
    property: String,
    operator: Operator,
    value: Option<String>,
    high: Option<String>,
    values: Vec<String>,
}

/// A checked search request.
struct Search {
    groups: Vec<Vec<Filter>>,
    properties: Option<Vec<String>>,
    /// (property, descending)
    sorts: Vec<(String, bool)>,
    limit: u64,
    after: u64,
    query: Option<String>,
}

/// Checks a search body against `defs` (the object's properties) and HubSpot's limits.
fn parse_search(defs: &[PropertyDef], body: &Json) -> Result<Search, String> {
    let fields = body
        .as_object()
        .ok_or("Invalid input JSON: the body must be a JSON object")?;
    if let Some(key) = fields.keys().find(|k| !SEARCH_KEYS.contains(&k.as_str())) {
        return Err(format!("Invalid input JSON: Unrecognized field \"{key}\""));
    }
    let groups: &[Json] = match fields.get("filterGroups") {
        None | Some(Json::Null) => &[],
        Some(Json::Array(groups)) => groups,
        Some(_) => return Err("filterGroups must be an array".into()),
    };
    if groups.len() > MAX_FILTER_GROUPS {
        return Err(format!(
            "Too many filter groups ({}); the limit is {MAX_FILTER_GROUPS}",
            groups.len()
        ));
    }
    let mut parsed = Vec::new();
    let mut total = 0;
    for group in groups {
        let filters = group
            .get("filters")
            .and_then(Json::as_array)
            .ok_or("Each filter group needs a filters array")?;
        if filters.is_empty() {
            return Err("A filter group needs at least one filter".into());
        }
        if filters.len() > MAX_FILTERS_PER_GROUP {
            return Err(format!(
                "Too many filters in a group ({}); the limit is {MAX_FILTERS_PER_GROUP}",
                filters.len()
            ));
        }
        total += filters.len();
        parsed.push(
            filters
                .iter()
                .map(|f| parse_filter(defs, f))
                .collect::<Result<Vec<_>, _>>()?,
        );
    }
    if total > MAX_FILTERS {
        return Err(format!(
            "Too many filters ({total}); the limit is {MAX_FILTERS}"
        ));
    }
    let properties = match fields.get("properties") {
        None | Some(Json::Null) => None,
        Some(Json::Array(names)) => Some(
            names
                .iter()
                .map(|n| n.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or("properties must be property names")?,
        ),
        Some(_) => return Err("properties must be an array".into()),
    };
    let sorts_given: &[Json] = match fields.get("sorts") {
        None | Some(Json::Null) => &[],
        // "Only one sorting rule can be applied to any search" (search guide, Sorting).
        Some(Json::Array(sorts)) if sorts.len() > 1 => {
            return Err("Only one sorting rule can be applied to a search".into());
        }
        Some(Json::Array(sorts)) => sorts,
        Some(_) => return Err("sorts must be an array".into()),
    };
    let mut sorts = Vec::new();
    for sort in sorts_given {
        let name = sort
            .get("propertyName")
            .and_then(Json::as_str)
            .ok_or("Each sort needs a propertyName")?;
        if !defs.iter().any(|d| d.name == name) {
            return Err(format!("Cannot sort by unknown property {name}"));
        }
        let descending = match sort.get("direction").and_then(Json::as_str) {
            None | Some("ASCENDING") => false,
            Some("DESCENDING") => true,
            Some(other) => return Err(format!("Unknown sort direction {other}")),
        };
        sorts.push((name.to_owned(), descending));
    }
    let limit = whole(fields.get("limit"), "limit")?.unwrap_or(10);
    if limit == 0 || limit > MAX_SEARCH_LIMIT {
        return Err(format!("limit must be between 1 and {MAX_SEARCH_LIMIT}"));
    }
    let after = whole(fields.get("after"), "after")?.unwrap_or(0);
    if after.saturating_add(limit) > MAX_SEARCH_RESULTS {
        return Err(format!(
            "A search pages through at most {MAX_SEARCH_RESULTS} results"
        ));
    }
    let query = match fields.get("query") {
        None | Some(Json::Null) => None,
        Some(Json::String(q)) => Some(q.clone()),
        Some(_) => return Err("query must be a string".into()),
    };
    Ok(Search {
        groups: parsed,
        properties,
        sorts,
        limit,
        after,
        query,
    })
}

/// A whole number given as a JSON number or a string of digits (`after` is a string).
fn whole(value: Option<&Json>, name: &str) -> Result<Option<u64>, String> {
    let bad = || format!("{name} must be a whole number");
    match value {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) if s.is_empty() => Ok(None),
        Some(Json::String(s)) => s.parse().map(Some).map_err(|_| bad()),
        Some(Json::Number(n)) => n.as_u64().map(Some).ok_or_else(bad),
        Some(_) => Err(bad()),
    }
}

fn parse_filter(defs: &[PropertyDef], filter: &Json) -> Result<Filter, String> {
    let property = filter
        .get("propertyName")
        .and_then(Json::as_str)
        .ok_or("Each filter needs a propertyName")?
        .to_owned();
    let name = filter
        .get("operator")
        .and_then(Json::as_str)
        .ok_or("Each filter needs an operator")?;
    let operator = Operator::parse(name).ok_or_else(|| format!("Unknown operator {name}"))?;
    let text = |key: &str| match filter.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(v) => scalar(v).map(Some).ok_or_else(|| {
            format!("{key} of the filter on {property} must be a string, number or boolean")
        }),
    };
    let (value, high) = (text("value")?, text("highValue")?);
    let values = match filter.get("values") {
        None | Some(Json::Null) => None,
        Some(Json::Array(items)) => Some(
            items
                .iter()
                .map(scalar)
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| format!("values of the filter on {property} must be scalars"))?,
        ),
        Some(_) => {
            return Err(format!(
                "values of the filter on {property} must be an array"
            ));
        }
    };
    match operator {
        Operator::In | Operator::NotIn if values.is_none() => {
            return Err(format!("{name} needs a values array"));
        }
        Operator::Between if value.is_none() || high.is_none() => {
            return Err("BETWEEN needs a value and a highValue".into());
        }
        Operator::HasProperty
        | Operator::NotHasProperty
        | Operator::In
        | Operator::NotIn
        | Operator::Between => {}
        _ if value.is_none() => return Err(format!("{name} needs a value")),
        _ => {}
    }
    if let Some(target) = property.strip_prefix("associations.") {
        if association_object(target).is_none() || operator != Operator::Eq {
            return Err(format!(
                "{property} can only be filtered with EQ and a record id"
            ));
        }
    } else {
        let def = defs
            .iter()
            .find(|d| d.name == property)
            .ok_or_else(|| format!("Property \"{property}\" does not exist"))?;
        // The search guide: string values of IN and NOT_IN must be lowercase.
        if def.kind == "string"
            && matches!(operator, Operator::In | Operator::NotIn)
            && values
                .iter()
                .flatten()
                .any(|v| v.chars().any(char::is_uppercase))
        {
            return Err(format!(
                "String values of {name} filters must be lowercase (property {property})"
            ));
        }
    }
    Ok(Filter {
        property,
        operator,
        value,
        high,
        values: values.unwrap_or_default(),
    })
}

/// How a stored value compares with a given one: as numbers, as instants, or as text ignoring
/// case, by the property's type; `None` when they cannot be compared so.
fn compare(kind: &str, stored: &str, given: &str) -> Option<Ordering> {
    match kind {
        "number" => stored
            .trim()
            .parse::<f64>()
            .ok()?
            .partial_cmp(&given.trim().parse::<f64>().ok()?),
        "date" | "datetime" => Some(instant(stored)?.cmp(&instant(given)?)),
        _ => Some(stored.to_lowercase().cmp(&given.to_lowercase())),
    }
}

fn same(kind: &str, stored: &str, given: &str) -> bool {
    compare(kind, stored, given).map_or_else(
        || stored.to_lowercase() == given.to_lowercase(),
        Ordering::is_eq,
    )
}

/// Whether a token of `stored` (split on whitespace and `;`) matches `pattern`, ignoring case;
/// a `*` at either end of the pattern matches any start or end of the token.
fn contains_token(stored: &str, pattern: &str) -> bool {
    let pattern = pattern.to_lowercase();
    let core = pattern.trim_matches('*');
    let (any_start, any_end) = (pattern.starts_with('*'), pattern.ends_with('*'));
    stored
        .split(|c: char| c.is_whitespace() || c == ';')
        .filter(|t| !t.is_empty())
        .any(|token| {
            let token = token.to_lowercase();
            match (any_start, any_end) {
                (true, true) => token.contains(core),
                (true, false) => token.ends_with(core),
                (false, true) => token.starts_with(core),
                (false, false) => token == core,
            }
        })
}

/// Whether a stored value (of a property of type `kind`) passes a filter. An enumeration may
/// hold several values separated by `;`; a filter on it matches when any of them does.
fn satisfies(kind: &str, stored: Option<&str>, filter: &Filter) -> bool {
    let stored = stored.filter(|s| !s.is_empty());
    let values: Vec<&str> = match stored {
        Some(s) if kind == "enumeration" => s
            .split(';')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect(),
        Some(s) => vec![s],
        None => Vec::new(),
    };
    let given = filter.value.as_deref().unwrap_or_default();
    let high = filter.high.as_deref().unwrap_or_default();
    let ordered = |test: fn(Ordering) -> bool| {
        values
            .iter()
            .any(|v| compare(kind, v, given).is_some_and(test))
    };
    let equal = || values.iter().any(|v| same(kind, v, given));
    let listed = || {
        values
            .iter()
            .any(|v| filter.values.iter().any(|g| same(kind, v, g)))
    };
    match filter.operator {
        Operator::Eq => equal(),
        Operator::Neq => !equal(),
        Operator::Lt => ordered(Ordering::is_lt),
        Operator::Lte => ordered(Ordering::is_le),
        Operator::Gt => ordered(Ordering::is_gt),
        Operator::Gte => ordered(Ordering::is_ge),
        Operator::Between => values.iter().any(|v| {
            compare(kind, v, given).is_some_and(Ordering::is_ge)
                && compare(kind, v, high).is_some_and(Ordering::is_le)
        }),
        Operator::In => listed(),
        Operator::NotIn => !listed(),
        Operator::HasProperty => stored.is_some(),
        Operator::NotHasProperty => stored.is_none(),
        Operator::ContainsToken => stored.is_some_and(|s| contains_token(s, given)),
        Operator::NotContainsToken => !stored.is_some_and(|s| contains_token(s, given)),
    }
}

/// One refused property value, as HubSpot lists it in a `VALIDATION_ERROR` message.
#[derive(Debug)]
struct Issue {
    name: String,
    error: &'static str,
    message: String,
}

impl Issue {
    /// The JSON HubSpot writes into the message, keys in its order.
    fn render(&self) -> String {
        format!(
            r#"{{"isValid":false,"message":{},"error":{},"name":{}}}"#,
            Json::from(self.message.as_str()),
            Json::from(self.error),
            Json::from(self.name.as_str())
        )
    }
}

/// Checks property values for a create or update against `defs`; the values as text ("" for
/// a null, which clears the property), or every refused one.
fn checked(
    defs: &[PropertyDef],
    given: &Map<String, Json>,
) -> Result<Map<String, Json>, Vec<Issue>> {
    let mut issues = Vec::new();
    let mut values = Map::new();
    for (name, value) in given {
        match check(defs.iter().find(|d| d.name == *name), name, value) {
            Ok(text) => {
                values.insert(name.clone(), Json::from(text));
            }
            Err(issue) => issues.push(issue),
        }
    }
    if issues.is_empty() {
        Ok(values)
    } else {
        Err(issues)
    }
}

fn check(def: Option<&PropertyDef>, name: &str, value: &Json) -> Result<String, Issue> {
    let fail = |error: &'static str, message: String| Issue {
        name: name.to_owned(),
        error,
        message,
    };
    let Some(def) = def else {
        return Err(fail(
            "PROPERTY_DOESNT_EXIST",
            format!("Property \"{name}\" does not exist"),
        ));
    };
    if def.read_only {
        return Err(fail(
            "READ_ONLY_VALUE",
            format!("\"{name}\" is a read only property; its value cannot be set."),
        ));
    }
    let text = match value {
        Json::Null => String::new(),
        other => scalar(other).ok_or_else(|| {
            fail(
                "INVALID_VALUE",
                format!("{other} is not a valid value for {name}"),
            )
        })?,
    };
    if text.is_empty() {
        return Ok(text);
    }
    match def.kind.as_str() {
        "number" if !text.trim().parse::<f64>().is_ok_and(f64::is_finite) => Err(fail(
            "INVALID_INTEGER",
            format!("{text} was not a valid number."),
        )),
        "bool" if text != "true" && text != "false" => Err(fail(
            "INVALID_BOOLEAN",
            format!("{text} was not a valid boolean; use true or false."),
        )),
        "date" | "datetime" if instant(&text).is_none() => Err(fail(
            "INVALID_DATE",
            format!("{text} was not a valid date: use ISO 8601 or milliseconds since the epoch."),
        )),
        "string" if text.chars().count() > MAX_TEXT => Err(fail(
            "INVALID_LENGTH",
            format!("The value of {name} is longer than {MAX_TEXT} characters."),
        )),
        "enumeration" => {
            // A multiple-checkbox property takes several options separated by `;`.
            let bad = text
                .split(';')
                .filter(|_| def.field_type == "checkbox")
                .chain((def.field_type != "checkbox").then_some(text.as_str()))
                .find(|chosen| !def.options.iter().any(|(v, _)| v == chosen))
                .map(str::to_owned);
            match bad {
                Some(bad) => {
                    let allowed: Vec<&str> = def.options.iter().map(|(v, _)| v.as_str()).collect();
                    Err(fail(
                        "INVALID_OPTION",
                        format!(
                            "\"{bad}\" was not one of the allowed options: [{}]",
                            allowed.join(", ")
                        ),
                    ))
                }
                None => Ok(text),
            }
        }
        _ => Ok(text),
    }
}

fn error(status: u16, category: &str, message: &str) -> Answer {
    (
        status,
        json!({ "status": "error", "message": message, "category": category }),
    )
}

fn invalid(message: &str) -> Answer {
    error(400, "VALIDATION_ERROR", message)
}

fn rejected(issues: &[Issue]) -> Answer {
    let listed: Vec<String> = issues.iter().map(Issue::render).collect();
    invalid(&format!(
        "Property values were not valid: [{}]",
        listed.join(",")
    ))
}

fn not_found(id: &str) -> Answer {
    let (status, mut body) = error(
        404,
        "OBJECT_NOT_FOUND",
        "Object not found.  objectId are usually numeric.",
    );
    body["context"] = json!({ "id": [id] });
    (status, body)
}

fn locked() -> Answer {
    error(423, "LOCKED", "Resource is locked, try again later")
}

/// A record as the objects and search APIs return it, with `names` (those the object has),
/// the object's default properties when none are named, and always its id and timestamps.
fn view(defs: &[PropertyDef], record: &Record, names: Option<&[String]>) -> Json {
    let chosen: Vec<&str> = match names {
        Some(names) if !names.is_empty() => names
            .iter()
            .map(String::as_str)
            .filter(|n| defs.iter().any(|d| d.name == *n))
            .collect(),
        _ => default_properties(record.object)
            .split_whitespace()
            .collect(),
    };
    let mut properties = Map::new();
    for name in chosen
        .into_iter()
        .chain(["hs_object_id", "createdate", "lastmodifieddate"])
    {
        let value = record.properties.get(name).cloned().unwrap_or(Json::Null);
        properties.insert(name.to_owned(), value);
    }
    let stamp = |name: &str| value_of(record, name).and_then(instant).map(iso);
    json!({
        "id": record.id,
        "properties": properties,
        "createdAt": stamp("createdate"),
        "updatedAt": stamp("lastmodifieddate"),
        "archived": false,
    })
}

/// A record with every property it has (what create and update answer).
fn full_view(defs: &[PropertyDef], record: &Record) -> Json {
    let all: Vec<String> = record.properties.keys().cloned().collect();
    view(defs, record, Some(all.as_slice()))
}

/// The property names of a `properties` array (anything else in it ignored).
fn names_of(value: Option<&Json>) -> Vec<String> {
    value
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str().map(str::to_owned))
        .collect()
}

/// Answers one API call.
fn route(
    state: &mut State,
    method: &str,
    path: &str,
    query: &[(String, String)],
    raw: &str,
    body: Option<&Json>,
) -> Answer {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let outcome = match (method, segments.as_slice()) {
        ("GET", ["account-info", "v3", "details"]) => Ok((200, account(state))),
        ("GET", ["crm", "v3", "pipelines", "deals"]) => Ok((200, pipelines(state))),
        ("GET", ["crm", "v3", "properties", object]) => {
            object_type(object).map(|o| (200, properties(state, o)))
        }
        ("POST", ["crm", "v3", "objects", object, "search"]) => {
            state.searches.push(body.cloned().unwrap_or(Json::Null));
            object_type(object).and_then(|o| search(state, o, raw, body))
        }
        ("POST", ["crm", "v3", "objects", object, "batch", "read"]) => {
            object_type(object).and_then(|o| batch_read(state, o, body))
        }
        ("GET", ["crm", "v3", "objects", object, id]) => {
            object_type(object).and_then(|o| read(state, o, id, query))
        }
        ("POST", ["crm", "v3", "objects", object]) => {
            object_type(object).and_then(|o| create(state, o, body))
        }
        ("PATCH", ["crm", "v3", "objects", object, id]) => {
            object_type(object).and_then(|o| update(state, o, id, body))
        }
        _ => Err(error(
            404,
            "OBJECT_NOT_FOUND",
            &format!("Unable to route {method} {path}"),
        )),
    };
    outcome.unwrap_or_else(|refused| refused)
}

fn is_search(method: &str, path: &str) -> bool {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    method == "POST" && matches!(segments.as_slice(), ["crm", "v3", "objects", _, "search"])
}

/// `POST /crm/v3/objects/{object}/search`.
fn search(state: &State, object: &'static str, raw: &str, body: Option<&Json>) -> Outcome {
    if raw.chars().count() > MAX_SEARCH_BODY {
        return Err(invalid(&format!(
            "The search request body may have at most {MAX_SEARCH_BODY} characters"
        )));
    }
    let body = body.ok_or_else(|| invalid("Invalid input JSON: the body must be a JSON object"))?;
    let defs = state.defs(object);
    let request = parse_search(defs, body).map_err(|m| invalid(&m))?;
    let mut rows: Vec<&Record> = state
        .rows(object)
        .filter(|r| state.selects(r, &request))
        .collect();
    let sorts: Vec<(&str, &str, bool)> = request
        .sorts
        .iter()
        .map(|(name, descending)| {
            let kind = state
                .def(object, name)
                .map_or("string", |d| d.kind.as_str());
            (name.as_str(), kind, *descending)
        })
        .collect();
    let number = |r: &Record| r.id.parse::<u64>().unwrap_or_default();
    rows.sort_by(|a, b| {
        sorts
            .iter()
            .map(
                |&(name, kind, descending)| match (value_of(a, name), value_of(b, name)) {
                    (Some(x), Some(y)) => {
                        let order = compare(kind, x, y).unwrap_or_else(|| x.cmp(y));
                        if descending { order.reverse() } else { order }
                    }
                    // Records without the value come last either way.
                    (x, y) => x.is_none().cmp(&y.is_none()),
                },
            )
            .find(|o| o.is_ne())
            .unwrap_or_else(|| number(a).cmp(&number(b)))
    });
    let total = rows.len() as u64;
    let results: Vec<Json> = rows
        .iter()
        .skip(request.after as usize)
        .take(request.limit as usize)
        .map(|r| view(defs, r, request.properties.as_deref()))
        .collect();
    let mut answer = json!({ "total": total, "results": results });
    let next = request.after + request.limit;
    if next < total {
        answer["paging"] = json!({ "next": { "after": next.to_string() } });
    }
    Ok((200, answer))
}

/// `POST /crm/v3/objects/{object}/batch/read`.
fn batch_read(state: &State, object: &'static str, body: Option<&Json>) -> Outcome {
    let body = body
        .and_then(Json::as_object)
        .ok_or_else(|| invalid("Invalid input JSON: the body must be a JSON object"))?;
    let inputs = body
        .get("inputs")
        .and_then(Json::as_array)
        .ok_or_else(|| invalid("inputs is required"))?;
    if inputs.is_empty() || inputs.len() > MAX_BATCH_INPUTS {
        return Err(invalid(&format!(
            "A batch read takes between 1 and {MAX_BATCH_INPUTS} inputs; it had {}",
            inputs.len()
        )));
    }
    let ids = inputs
        .iter()
        .map(|i| i.get("id").and_then(scalar))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| invalid("Each input needs an id"))?;
    let by = body.get("idProperty").and_then(Json::as_str);
    if let Some(property) = by
        && state.def(object, property).is_none()
    {
        return Err(invalid(&format!("Property \"{property}\" does not exist")));
    }
    let names = names_of(body.get("properties"));
    let started = iso(now_ms());
    let mut results = Vec::new();
    let mut missing = Vec::new();
    for id in ids {
        match state.lookup(object, &id, by) {
            Some(record) => results.push(view(state.defs(object), record, Some(names.as_slice()))),
            None => missing.push(id),
        }
    }
    let mut answer = json!({
        "status": "COMPLETE",
        "results": results,
        "startedAt": started,
        "completedAt": iso(now_ms()),
    });
    if missing.is_empty() {
        return Ok((200, answer));
    }
    answer["numErrors"] = json!(1);
    answer["errors"] = json!([{
        "status": "error",
        "category": "OBJECT_NOT_FOUND",
        "message": format!(
            "Could not get some {} objects, they may be deleted or not exist. Check that ids are valid.",
            singular(object)
        ),
        "context": { "ids": missing },
    }]);
    Ok((207, answer))
}

/// `GET /crm/v3/objects/{object}/{id}?properties=a,b`.
fn read(state: &State, object: &'static str, id: &str, query: &[(String, String)]) -> Outcome {
    let names: Vec<String> = query
        .iter()
        .filter(|(k, _)| k == "properties")
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect();
    let by = query
        .iter()
        .find(|(k, _)| k == "idProperty")
        .map(|(_, v)| v.as_str());
    let record = state.lookup(object, id, by).ok_or_else(|| not_found(id))?;
    Ok((
        200,
        view(state.defs(object), record, Some(names.as_slice())),
    ))
}

/// The `associations` of a create: (target object, target id, type id) each, checked.
fn association_inputs(
    state: &State,
    object: &'static str,
    given: Option<&Json>,
) -> Result<Vec<(&'static str, String, u64)>, Answer> {
    let entries: &[Json] = match given {
        None | Some(Json::Null) => &[],
        Some(Json::Array(entries)) => entries,
        Some(_) => return Err(invalid("associations must be an array")),
    };
    let mut links = Vec::new();
    for entry in entries {
        let to_id = entry
            .pointer("/to/id")
            .and_then(scalar)
            .ok_or_else(|| invalid("Each association needs to.id"))?;
        let types = entry
            .get("types")
            .and_then(Json::as_array)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| invalid("Each association needs types"))?;
        for kind in types {
            let category = kind.get("associationCategory").and_then(Json::as_str);
            let type_id = kind.get("associationTypeId").and_then(Json::as_u64);
            let target = match (category, type_id) {
                (Some("HUBSPOT_DEFINED"), Some(id)) => {
                    association_target(object, id).map(|to| (to, id))
                }
                _ => None,
            };
            let Some((to, type_id)) = target else {
                return Err(invalid(&format!(
                    "invalid association type {kind} from {}",
                    singular(object)
                )));
            };
            if state.record(to, &to_id).is_none() {
                return Err(invalid(&format!(
                    "No {} with id {to_id} exists to associate with",
                    singular(to)
                )));
            }
            links.push((to, to_id.clone(), type_id));
        }
    }
    Ok(links)
}

/// The `properties` object of a create or update body.
fn properties_of(body: &Map<String, Json>) -> Result<&Map<String, Json>, Answer> {
    body.get("properties")
        .and_then(Json::as_object)
        .ok_or_else(|| invalid("properties must be a JSON object of property values"))
}

/// `POST /crm/v3/objects/{object}`.
fn create(state: &mut State, object: &'static str, body: Option<&Json>) -> Outcome {
    if std::mem::take(&mut state.locked) {
        return Err(locked());
    }
    let body = body
        .and_then(Json::as_object)
        .ok_or_else(|| invalid("Invalid input JSON: the body must be a JSON object"))?;
    let mut properties =
        checked(state.defs(object), properties_of(body)?).map_err(|issues| rejected(&issues))?;
    properties.retain(|_, v| v.as_str() != Some(""));
    if matches!(object, "calls" | "notes" | "tasks") && !properties.contains_key("hs_timestamp") {
        return Err(rejected(&[Issue {
            name: "hs_timestamp".into(),
            error: "REQUIRED_PROPERTY",
            message: "hs_timestamp is required".into(),
        }]));
    }
    if object == "contacts"
        && let Some(email) = properties.get("email")
        && let Some(existing) = state.contact_with_email(email, None)
    {
        return Err(error(
            409,
            "CONFLICT",
            &format!("Contact already exists. Existing ID: {existing}"),
        ));
    }
    let links = association_inputs(state, object, body.get("associations"))?;
    let id = state.store(object, properties);
    for (to, to_id, type_id) in links {
        state.link(object, &id, to, &to_id);
        if type_id == 1
            && let Some(record) = state.record_mut(object, &id)
        {
            record
                .properties
                .insert("associatedcompanyid".into(), Json::from(to_id.clone()));
        }
        state
            .typed
            .push((object.to_owned(), id.clone(), to.to_owned(), to_id, type_id));
    }
    let record = state.record(object, &id).expect("just stored");
    Ok((201, full_view(state.defs(object), record)))
}

/// `PATCH /crm/v3/objects/{object}/{id}`.
fn update(state: &mut State, object: &'static str, id: &str, body: Option<&Json>) -> Outcome {
    if std::mem::take(&mut state.locked) {
        return Err(locked());
    }
    let body = body
        .and_then(Json::as_object)
        .ok_or_else(|| invalid("Invalid input JSON: the body must be a JSON object"))?;
    let given = properties_of(body)?;
    if state.record(object, id).is_none() {
        return Err(not_found(id));
    }
    let changes = checked(state.defs(object), given).map_err(|issues| rejected(&issues))?;
    if object == "contacts"
        && let Some(email) = changes.get("email")
        && let Some(existing) = state.contact_with_email(email, Some(id))
    {
        return Err(error(
            409,
            "CONFLICT",
            &format!("Contact already exists. Existing ID: {existing}"),
        ));
    }
    let now = state.tick();
    let record = state.record_mut(object, id).expect("checked above");
    for (name, value) in changes {
        if value.as_str() == Some("") {
            record.properties.remove(&name);
        } else {
            record.properties.insert(name, value);
        }
    }
    record
        .properties
        .insert("lastmodifieddate".into(), Json::from(now));
    derive(object, &mut record.properties);
    let record = state.record(object, id).expect("checked above");
    Ok((200, full_view(state.defs(object), record)))
}

/// `GET /crm/v3/properties/{object}`.
fn properties(state: &State, object: &'static str) -> Json {
    let group = match object {
        "contacts" => "contactinformation",
        "companies" => "companyinformation",
        "deals" => "dealinformation",
        _ => "engagement",
    };
    let results: Vec<Json> = state
        .defs(object)
        .iter()
        .map(|d| {
            let options: Vec<Json> = d
                .options
                .iter()
                .enumerate()
                .map(|(order, (value, label))| {
                    json!({ "label": label, "value": value, "displayOrder": order, "hidden": false })
                })
                .collect();
            let mut property = json!({
                "name": d.name,
                "label": d.label,
                "type": d.kind,
                "fieldType": d.field_type,
                "description": "",
                "groupName": group,
                "options": options,
                "calculated": d.calculated,
                "hidden": false,
                "hasUniqueValue": false,
                "hubspotDefined": !d.custom,
                "modificationMetadata": {
                    "archivable": true,
                    "readOnlyDefinition": !d.custom,
                    "readOnlyValue": d.read_only,
                },
            });
            if d.kind == "number" {
                property["showCurrencySymbol"] = json!(d.money);
            }
            property
        })
        .collect();
    json!({ "results": results })
}

/// `GET /crm/v3/pipelines/deals`.
fn pipelines(state: &State) -> Json {
    let stages: Vec<Json> = STAGES
        .iter()
        .enumerate()
        .map(|(order, (id, label, closed, probability))| {
            json!({
                "id": id,
                "label": label,
                "displayOrder": order,
                "archived": false,
                "metadata": { "isClosed": closed.to_string(), "probability": probability },
                "createdAt": state.created,
                "updatedAt": state.created,
            })
        })
        .collect();
    json!({ "results": [{
        "id": "default",
        "label": "Sales Pipeline",
        "displayOrder": 0,
        "archived": false,
        "createdAt": state.created,
        "updatedAt": state.created,
        "stages": stages,
    }] })
}

/// `GET /account-info/v3/details`.
fn account(state: &State) -> Json {
    json!({
        "portalId": PORTAL_ID,
        "accountType": "STANDARD",
        "timeZone": "US/Eastern",
        "companyCurrency": state.currency,
        "additionalCurrencies": [],
        "utcOffset": "-05:00",
        "utcOffsetMilliseconds": -18_000_000,
        "uiDomain": state.ui_domain,
        "dataHostingLocation": state.hosting,
    })
}

/// The stand-in portal. Build it, add records, then [`HubSpotPortal::start`] it.
#[derive(Clone)]
pub struct HubSpotPortal {
    state: Arc<Mutex<State>>,
}

impl Default for HubSpotPortal {
    fn default() -> Self {
        Self::new("USD")
    }
}

impl HubSpotPortal {
    /// A portal hosted in North America (`app.hubspot.com`, `na1`) whose company currency is
    /// `currency`.
    pub fn new(currency: &str) -> Self {
        Self::hosted(currency, "app.hubspot.com", "na1")
    }

    /// A portal hosted in the EU (`app-eu1.hubspot.com`, `eu1`) whose currency is EUR.
    pub fn eu() -> Self {
        Self::hosted("EUR", "app-eu1.hubspot.com", "eu1")
    }

    fn hosted(currency: &str, ui_domain: &'static str, hosting: &'static str) -> Self {
        HubSpotPortal {
            state: Arc::new(Mutex::new(State::new(currency, ui_domain, hosting))),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }

    /// Stores a record of `object` (`contacts`, `companies`, `deals`, `calls`, `notes`,
    /// `tasks`) with `properties` (a JSON object of strings, numbers or booleans, stored as
    /// strings) and returns its id. Sets `hs_object_id`, `createdate` and `lastmodifieddate`
    /// (unless given) and the calculated properties. Panics on an unknown object or property.
    pub fn insert(&self, object: &str, properties: Json) -> String {
        let object = object_name(object).unwrap_or_else(|| panic!("unknown object {object}"));
        let mut state = self.state();
        let given = properties.as_object().expect("a JSON object of properties");
        let mut row = Map::new();
        for (name, value) in given {
            assert!(
                state.def(object, name).is_some(),
                "{object} has no property {name}"
            );
            let text = scalar(value)
                .unwrap_or_else(|| panic!("{name}: a string, number or boolean, not {value}"));
            row.insert(name.clone(), Json::from(text));
        }
        state.store(object, row)
    }

    /// Associates two records both ways: contacts, companies and deals with each other, and
    /// calls, notes and tasks with contacts and companies. Panics on another pair or an unknown
    /// record.
    pub fn associate(&self, from_object: &str, from_id: &str, to_object: &str, to_id: &str) {
        let from = object_name(from_object).expect("a known object");
        let to = object_name(to_object).expect("a known object");
        let engagement = |o: &str| matches!(o, "calls" | "notes" | "tasks");
        let record = |o: &str| matches!(o, "contacts" | "companies" | "deals");
        let allowed = (record(from) && record(to) && from != to)
            || (engagement(from) && matches!(to, "contacts" | "companies"))
            || (engagement(to) && matches!(from, "contacts" | "companies"));
        assert!(allowed, "HubSpot does not associate {from} with {to} here");
        let mut state = self.state();
        assert!(state.record(from, from_id).is_some(), "no {from} {from_id}");
        assert!(state.record(to, to_id).is_some(), "no {to} {to_id}");
        state.link(from, from_id, to, to_id);
    }

    /// Adds a custom property to `object`: `kind` its type (`string`, `number`, `enumeration`,
    /// `bool`, `date`, `datetime`), `field_type` its field (`text`, `select`,
    /// `booleancheckbox`…), `options` (value, label) for an enumeration.
    pub fn custom_property(
        &self,
        object: &str,
        name: &str,
        label: &str,
        kind: &str,
        field_type: &str,
        options: &[(&str, &str)],
    ) {
        let object = object_name(object).unwrap_or_else(|| panic!("unknown object {object}"));
        let mut state = self.state();
        assert!(
            state.def(object, name).is_none(),
            "{object} already has {name}"
        );
        let defs = state
            .schema
            .iter_mut()
            .find(|(o, _)| *o == object)
            .map(|(_, d)| d)
            .expect("every object has a schema");
        defs.push(PropertyDef {
            custom: true,
            options: options
                .iter()
                .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
                .collect(),
            ..PropertyDef::new(name, label, kind, field_type)
        });
    }

    /// Makes the next API call (search or not) answer 429 with `policy` (`TEN_SECONDLY_ROLLING`,
    /// `SECONDLY` or `DAILY`).
    pub fn throttle_next(&self, policy: &str) {
        assert!(
            matches!(policy, "TEN_SECONDLY_ROLLING" | "SECONDLY" | "DAILY"),
            "unknown policy {policy}"
        );
        self.state().throttle = Some(policy.to_owned());
    }

    /// Makes the next write (create or update) answer 423 Locked.
    pub fn lock_next(&self) {
        self.state().locked = true;
    }

    /// Lifts the rate limits: for a benchmark of what a connector sends, not of the limits
    /// (the headers then always show the whole window left).
    pub fn without_limits(&self) {
        self.state().unlimited = true;
    }

    /// Enforces the rate limits again (and [`HubSpotPortal::throttle_next`]).
    pub fn with_limits(&self) {
        self.state().unlimited = false;
    }

    /// Makes every answer take `delay`, so a caller's round trips show in its latency.
    pub fn latency(&self, delay: Duration) {
        self.state().latency = delay;
    }

    /// Stops accepting [`TOKEN`], as when a private app's token is rotated: every later call is
    /// 401.
    pub fn revoke_token(&self) {
        self.state().revoked = true;
    }

    /// The records of `object`: id and properties.
    pub fn records(&self, object: &str) -> Vec<(String, Map<String, Json>)> {
        let object = object_name(object).unwrap_or_else(|| panic!("unknown object {object}"));
        self.state()
            .rows(object)
            .map(|r| (r.id.clone(), r.properties.clone()))
            .collect()
    }

    /// The ids of the `to_object` records a record is associated with.
    pub fn associations(&self, from_object: &str, from_id: &str, to_object: &str) -> Vec<String> {
        self.state()
            .links
            .iter()
            .filter(|(a, a_id, b, _)| *a == from_object && a_id == from_id && *b == to_object)
            .map(|(_, _, _, b_id)| b_id.clone())
            .collect()
    }

    /// (from object, from id, to object, to id, association type id) of every association
    /// created through the API, in order.
    pub fn typed_associations(&self) -> Vec<(String, String, String, String, u64)> {
        self.state().typed.clone()
    }

    /// Every call received so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.state().calls.clone()
    }

    /// How many calls the portal received (authorized or not, refused or not).
    pub fn api_calls(&self) -> usize {
        self.state().calls.len()
    }

    /// The body of every search request the portal answered (not those refused with 429 or
    /// 401), in order; `null` for one that was not JSON.
    pub fn searches(&self) -> Vec<Json> {
        self.state().searches.clone()
    }

    /// Serves the portal on a loopback port; the API's base URL is the server's `uri()`.
    pub async fn start(self) -> (MockServer, Self) {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(Handler {
                state: self.state.clone(),
            })
            .mount(&server)
            .await;
        (server, self)
    }
}

struct Handler {
    state: Arc<Mutex<State>>,
}

impl Respond for Handler {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.state.lock().unwrap();
        let method = request.method.to_string();
        let path = request.url.path().to_owned();
        let raw = String::from_utf8_lossy(&request.body).into_owned();
        let body: Option<Json> = serde_json::from_str(&raw).ok();
        let bearer = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        let authorized = !state.revoked && bearer == Some(TOKEN);
        state.calls.push(Call {
            method: method.clone(),
            path: path.clone(),
            query: request.url.query().map(str::to_owned),
            body: body.clone(),
            authorized,
        });
        let search = is_search(&method, &path);
        // Limits count the app's calls, so only authenticated ones.
        if authorized
            && !state.unlimited
            && let Some(policy) = state.admit(search, Instant::now())
        {
            let message = match policy.as_str() {
                "SECONDLY" => "You have reached your secondly limit.",
                "DAILY" => "You have reached your daily limit.",
                _ => "You have reached your ten_secondly_rolling limit.",
            };
            let mut template = ResponseTemplate::new(429).set_body_json(json!({
                "status": "error",
                "message": message,
                "errorType": "RATE_LIMIT",
                "correlationId": state.correlation(),
                "policyName": policy,
            }));
            if !search {
                // A refused call still says where the window stands (none left).
                template = template
                    .insert_header("X-HubSpot-RateLimit-Max", BURST.to_string().as_str())
                    .insert_header("X-HubSpot-RateLimit-Remaining", "0")
                    .insert_header("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
            }
            return template;
        }
        let (status, mut answer) = if authorized {
            let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
            route(&mut state, &method, &path, &query, &raw, body.as_ref())
        } else {
            error(401, "INVALID_AUTHENTICATION", AUTH_MESSAGE)
        };
        if answer.get("status").and_then(Json::as_str) == Some("error") {
            answer["correlationId"] = Json::from(state.correlation());
        }
        let mut template = ResponseTemplate::new(status).set_delay(state.latency);
        if !search {
            let remaining = if state.unlimited {
                BURST
            } else {
                BURST.saturating_sub(state.burst_times.len())
            };
            let daily_remaining = DAILY.saturating_sub(state.daily_used);
            template = template
                .insert_header("X-HubSpot-RateLimit-Max", BURST.to_string().as_str())
                .insert_header(
                    "X-HubSpot-RateLimit-Remaining",
                    remaining.to_string().as_str(),
                )
                .insert_header("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
                .insert_header("X-HubSpot-RateLimit-Daily", DAILY.to_string().as_str())
                .insert_header(
                    "X-HubSpot-RateLimit-Daily-Remaining",
                    daily_remaining.to_string().as_str(),
                );
        }
        template.set_body_json(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs(object: &str) -> Vec<PropertyDef> {
        standard_schema()
            .into_iter()
            .find(|(o, _)| *o == object)
            .map(|(_, d)| d)
            .unwrap()
    }

    fn filter(operator: Operator, value: &str) -> Filter {
        Filter {
            property: "x".into(),
            operator,
            value: Some(value.into()),
            high: None,
            values: Vec::new(),
        }
    }

    fn groups(sizes: &[usize]) -> Json {
        let has_email = json!({ "propertyName": "email", "operator": "HAS_PROPERTY" });
        let groups: Vec<Json> = sizes
            .iter()
            .map(|&n| json!({ "filters": vec![has_email.clone(); n] }))
            .collect();
        json!({ "filterGroups": groups })
    }

    #[test]
    fn national_numbers_drop_the_country_code() {
        assert_eq!(national_number("(425) 555-0100"), "4255550100");
        assert_eq!(national_number("+1 425 555 0100"), "4255550100");
        assert_eq!(national_number("+44 20 7946 0958"), "2079460958");
        assert_eq!(digits_without_zeros("00-12 34"), "1234");
    }

    #[test]
    fn derived_properties_follow_their_sources() {
        let mut contact = Map::new();
        contact.insert("phone".into(), json!("+1 (425) 555-0100"));
        derive("contacts", &mut contact);
        assert_eq!(
            contact["hs_searchable_calculated_phone_number"],
            "4255550100"
        );
        assert!(!contact.contains_key("hs_searchable_calculated_mobile_number"));
        let mut deal = Map::new();
        deal.insert("dealstage".into(), json!("closedwon"));
        derive("deals", &mut deal);
        assert_eq!(deal["hs_is_closed"], "true");
        assert_eq!(deal["hs_is_closed_won"], "true");
        assert_eq!(deal["hs_is_closed_lost"], "false");
        assert_eq!(deal["pipeline"], "default");
    }

    #[test]
    fn eq_matches_any_value_of_a_multi_valued_enumeration() {
        let stored = Some("a@x.example;B@y.example");
        assert!(satisfies(
            "enumeration",
            stored,
            &filter(Operator::Eq, "b@y.example")
        ));
        assert!(!satisfies(
            "string",
            stored,
            &filter(Operator::Eq, "b@y.example")
        ));
        assert!(satisfies(
            "enumeration",
            stored,
            &filter(Operator::Neq, "c@z.example")
        ));
    }

    #[test]
    fn values_compare_by_type() {
        assert!(satisfies(
            "number",
            Some("100.0"),
            &filter(Operator::Eq, "100")
        ));
        assert!(satisfies("number", Some("9"), &filter(Operator::Lt, "10")));
        assert!(!satisfies("string", Some("9"), &filter(Operator::Lt, "10")));
        assert!(satisfies(
            "string",
            Some("Ada@Example.com"),
            &filter(Operator::Eq, "ada@example.com")
        ));
        assert!(satisfies(
            "bool",
            Some("true"),
            &filter(Operator::Eq, "TRUE")
        ));
        let between = Filter {
            high: Some("2024-01-31".into()),
            ..filter(Operator::Between, "2024-01-01")
        };
        assert!(satisfies(
            "datetime",
            Some("2024-01-15T10:00:00Z"),
            &between
        ));
        assert!(!satisfies("datetime", Some("1706745600001"), &between));
        assert!(!satisfies("number", None, &filter(Operator::Gt, "0")));
        assert!(satisfies(
            "string",
            None,
            &filter(Operator::NotHasProperty, "")
        ));
        assert!(!satisfies(
            "string",
            Some(""),
            &filter(Operator::HasProperty, "")
        ));
    }

    #[test]
    fn in_and_tokens() {
        let listed = Filter {
            values: vec!["new".into(), "open".into()],
            ..filter(Operator::In, "")
        };
        assert!(satisfies("enumeration", Some("OPEN"), &listed));
        assert!(!satisfies("enumeration", Some("CONNECTED"), &listed));
        let unlisted = Filter {
            operator: Operator::NotIn,
            ..listed
        };
        assert!(satisfies("enumeration", Some("CONNECTED"), &unlisted));
        assert!(contains_token("Ada Lovelace", "lovelace"));
        assert!(contains_token("ada@example.com", "*@example.com"));
        assert!(contains_token("ada@example.com", "ada*"));
        assert!(!contains_token("ada@example.com", "example"));
        assert!(contains_token("a@x.example;b@y.example", "b@y.example"));
    }

    #[test]
    fn search_limits() {
        let contacts = defs("contacts");
        let parse = |body: Json| parse_search(&contacts, &body);
        assert!(parse(groups(&[6, 6, 6])).is_ok());
        assert!(parse(groups(&[7])).is_err());
        assert!(parse(groups(&[0])).is_err());
        assert!(parse(groups(&[1; 6])).is_err());
        assert!(parse(groups(&[5, 5, 5, 4])).is_err());
        assert!(parse(json!({ "limit": 0 })).is_err());
        assert!(parse(json!({ "limit": 200 })).is_ok());
        assert!(parse(json!({ "limit": 201 })).is_err());
        assert!(parse(json!({ "after": "9900", "limit": 100 })).is_ok());
        assert!(parse(json!({ "after": "9901", "limit": 100 })).is_err());
        assert_eq!(parse(json!({})).unwrap().limit, 10);
    }

    #[test]
    fn search_refuses_what_hubspot_refuses() {
        let contacts = defs("contacts");
        let one =
            |f: Json| parse_search(&contacts, &json!({ "filterGroups": [{ "filters": [f] }] }));
        assert!(parse_search(&contacts, &json!({ "filters": [] })).is_err());
        assert!(one(json!({ "propertyName": "email", "operator": "LIKE", "value": "a" })).is_err());
        assert!(one(json!({ "propertyName": "email", "operator": "EQ" })).is_err());
        assert!(one(json!({ "propertyName": "email", "operator": "IN", "value": "a" })).is_err());
        assert!(
            one(json!({ "propertyName": "email", "operator": "IN", "values": ["A@x.example"] }))
                .is_err()
        );
        assert!(
            one(json!({ "propertyName": "email", "operator": "IN", "values": ["a@x.example"] }))
                .is_ok()
        );
        assert!(one(json!({ "propertyName": "nope", "operator": "EQ", "value": "a" })).is_err());
        assert!(
            one(json!({ "propertyName": "associations.company", "operator": "EQ", "value": "1" }))
                .is_ok()
        );
        assert!(
            one(json!({ "propertyName": "associations.company", "operator": "NEQ", "value": "1" }))
                .is_err()
        );
        assert!(parse_search(&contacts, &json!({ "properties": ["nope", "email"] })).is_ok());
    }

    #[test]
    fn property_values_are_checked() {
        let contacts = defs("contacts");
        let check_one = |name: &str, value: Json| {
            let mut given = Map::new();
            given.insert(name.into(), value);
            checked(&contacts, &given).map_err(|issues| issues[0].error)
        };
        assert_eq!(
            check_one("foo", json!("x")).unwrap_err(),
            "PROPERTY_DOESNT_EXIST"
        );
        assert_eq!(
            check_one("hs_object_id", json!("1")).unwrap_err(),
            "READ_ONLY_VALUE"
        );
        assert_eq!(
            check_one("hs_additional_emails", json!("a@x.example")).unwrap_err(),
            "READ_ONLY_VALUE"
        );
        assert_eq!(
            check_one("lifecyclestage", json!("Lead")).unwrap_err(),
            "INVALID_OPTION"
        );
        assert!(check_one("lifecyclestage", json!("lead")).is_ok());
        assert_eq!(
            check_one("associatedcompanyid", json!("abc")).unwrap_err(),
            "INVALID_INTEGER"
        );
        assert_eq!(
            check_one("associatedcompanyid", json!(5)).unwrap()["associatedcompanyid"],
            "5"
        );
        let mut call = Map::new();
        call.insert("hs_call_direction".into(), json!("Inbound"));
        let issues = checked(&defs("calls"), &call).unwrap_err();
        assert_eq!(
            issues[0].render(),
            r#"{"isValid":false,"message":"\"Inbound\" was not one of the allowed options: [INBOUND, OUTBOUND]","error":"INVALID_OPTION","name":"hs_call_direction"}"#
        );
        let mut note = Map::new();
        note.insert("hs_note_body".into(), json!("x".repeat(MAX_TEXT + 1)));
        assert_eq!(
            checked(&defs("notes"), &note).unwrap_err()[0].error,
            "INVALID_LENGTH"
        );
    }

    #[test]
    fn windows_refuse_the_call_over_the_limit() {
        let start = Instant::now();
        let mut times = VecDeque::new();
        for _ in 0..SEARCHES_PER_SECOND {
            assert!(within(
                &mut times,
                start,
                SEARCH_WINDOW,
                SEARCHES_PER_SECOND
            ));
        }
        let later = |ms| start + Duration::from_millis(ms);
        assert!(!within(
            &mut times,
            later(999),
            SEARCH_WINDOW,
            SEARCHES_PER_SECOND
        ));
        assert!(within(
            &mut times,
            later(1000),
            SEARCH_WINDOW,
            SEARCHES_PER_SECOND
        ));
        let mut state = State::new("USD", "app.hubspot.com", "na1");
        state.throttle = Some("DAILY".into());
        assert_eq!(state.admit(false, start).as_deref(), Some("DAILY"));
        assert_eq!(state.admit(false, start), None);
        assert_eq!(state.daily_used, 1);
    }

    #[test]
    fn timestamps_round_trip() {
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(instant("1970-01-01"), Some(0));
        assert_eq!(instant("2024-01-15T10:00:00Z"), Some(1_705_312_800_000));
        assert_eq!(
            instant("2024-01-15T11:00:00+01:00"),
            Some(1_705_312_800_000)
        );
        assert_eq!(instant("1705312800000"), Some(1_705_312_800_000));
        for text in ["2024-02-29T23:59:59.123Z", "1999-12-31T00:00:00.000Z"] {
            assert_eq!(iso(instant(text).unwrap()), text);
        }
        assert_eq!(instant("2024-13-01"), None);
        assert_eq!(instant("yesterday"), None);
    }
}
