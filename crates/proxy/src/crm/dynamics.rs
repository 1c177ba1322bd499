//! Dynamics 365 / Dataverse Web API connector.
//!
//! One HTTP request per lookup when a contact matches: `contacts` filtered on every email and
//! phone field (phones against every common format of the number: Dataverse compares stored
//! strings, it does not normalize), with the parent account, the account's open opportunities
//! and the contact's own open opportunities in the same response through `$expand`. Only when
//! no contact matches are open leads searched (one more request). Every returned row is checked
//! against the searched keys before it is shown, so whatever the server does with `%`, `_` or
//! `[` in a literal, it cannot widen a match.
//!
//! Tokens come from the shared [`TokenSource`] (client credentials against Microsoft Entra),
//! kept warm in the background. Requests reuse one `reqwest::Client` (one connection pool).
//!
//! Acting as an agent: a Dynamics panel session's lookups go through [`Connector::as_user`],
//! a view of this connection whose every request carries `CallerObjectId: <the agent's Entra
//! object id>`, so Dataverse applies the agent's own security roles and field security
//! ("Impersonate another user using the Web API", Microsoft Learn, Power Apps developer docs:
//! the header takes the Microsoft Entra object id; the application user needs the
//! `prvActOnBehalfOfAnotherUser` privilege, which the Delegate security role grants).
//!
//! Every answer is read with a byte cap (`--crm-max-response-bytes`). Dataverse cannot `$top`
//! a collection nested in `$expand` (Web API "Join tables": nested `$top` is not supported on
//! collection-valued navigation properties), so a contact whose account has thousands of open
//! deals could exceed it; the lookup then asks again without the deals, and reads them in
//! one separate query limited to [`MAX_DEALS`].
//!
//! Facts and their sources (Microsoft Learn): the opportunity table reference lists the
//! relationships `opportunity_parent_account` (`parentaccountid`), `opportunity_parent_contact`
//! (`parentcontactid`), `opportunity_customer_accounts` and `opportunity_customer_contacts`
//! (`customerid`, navigation properties `customerid_account` / `customerid_contact`); "Join
//! tables using OData" allows up to 15 `$expand`s and no `$top`/`$orderby` in a nested one
//! (error `0x80060888`); the phonecall and task references name `regardingobjectid_contact_
//! phonecall` and `regardingobjectid_contact_task`; `AttributeMetadata.IsValidForRead` says
//! whether a column can be read. Unverified without a live org: `statecode` 0 meaning open for
//! leads and opportunities.

use super::http::{Dialect, Limits, Transport};
use super::oauth::ClientCredentials;
use super::wire::{
    Chosen, Column, FieldsCache, check_creatable, col, encode, infos, link, record_link, text,
};
use super::{
    ActivityKind, Connector, CrmError, LookupKeys, NewActivity, NewPerson, Plan, SignInNote,
    match_reasons,
};
use crate::secret::Secret;
use async_trait::async_trait;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{Map, Value as Json, json};
use sidecard_model::phone::Region;
use sidecard_model::{
    Customer, Deal, Entity, Field, FieldInfo, FieldKind, Money, Record, Value, sort_deals,
};
use std::sync::Arc;

/// Contact → parent account (single-valued; the contact's `parentcustomerid` as an account).
const NAV_CONTACT_ACCOUNT: &str = "parentcustomerid_account";
/// Account → opportunities whose parent account it is.
const NAV_ACCOUNT_DEALS: &str = "opportunity_parent_account";
/// Contact → opportunities whose parent contact it is.
const NAV_CONTACT_DEALS: &str = "opportunity_parent_contact";
/// Account → opportunities whose "Potential Customer" (`customerid`) it is: the required
/// lookup, the only one an import or integration may set.
const NAV_ACCOUNT_CUSTOMER_DEALS: &str = "opportunity_customer_accounts";
/// Contact → opportunities whose "Potential Customer" (`customerid`) it is.
const NAV_CONTACT_CUSTOMER_DEALS: &str = "opportunity_customer_contacts";
/// Record → its transaction currency, for the ISO code of money fields.
const NAV_CURRENCY: &str = "transactioncurrencyid";
/// `statecode` of active contacts, open leads and open opportunities (UNCONFIRMED for leads
/// and opportunities: 0 Open, 1 Qualified/Won, 2 Disqualified/Lost).
const STATE_OPEN: u8 = 0;
/// Most people one lookup returns; more than this many matches is a data problem to show,
/// not to page through.
const MAX_PEOPLE: u8 = 25;
/// Asked of every request: display labels for money, dates and option sets, as the org
/// formats them.
const PREFER_FORMATTED: &str =
    "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\"";
/// How [`error_from`] begins the message of a 404.
const NOT_FOUND: &str = "not found:";
/// The opportunity column every deal shows as its amount.
const DEAL_AMOUNT: &str = "estimatedvalue";
/// Most open deals the fallback deals query reads (when the expanded answer was too large).
pub const MAX_DEALS: u16 = 200;
/// The request header that makes Dataverse act as another user, by their Entra object id.
const CALLER_OBJECT_ID: &str = "CallerObjectId";
/// Dataverse's error code for "a duplicate of the current record already exists".
const DUPLICATE_CODE: &str = "0x80040333";
/// How one Dataverse table maps onto a Sidecard entity.
struct Table {
    entity: Entity,
    /// Entity set name in URLs.
    set: &'static str,
    /// Logical name (metadata, deep links).
    logical: &'static str,
    /// Primary key column.
    id: &'static str,
    /// The column used as the card's title.
    title: &'static str,
    /// Card fields, in order (until the settings page chooses them).
    columns: &'static [Column],
    /// Searched email columns with their labels.
    emails: &'static [(&'static str, &'static str)],
    /// Searched phone columns with their labels.
    phones: &'static [(&'static str, &'static str)],
}

const CONTACTS: Table = Table {
    entity: Entity::Contact,
    set: "contacts",
    logical: "contact",
    id: "contactid",
    title: "fullname",
    columns: &[
        col("jobtitle", "Job title", FieldKind::Text),
        col("emailaddress1", "Email", FieldKind::Email),
        col("emailaddress2", "Email 2", FieldKind::Email),
        col("emailaddress3", "Email 3", FieldKind::Email),
        col("telephone1", "Business phone", FieldKind::Phone),
        col("mobilephone", "Mobile phone", FieldKind::Phone),
        col("telephone2", "Home phone", FieldKind::Phone),
        col("telephone3", "Other phone", FieldKind::Phone),
        col("address1_city", "City", FieldKind::Text),
    ],
    emails: &[
        ("emailaddress1", "Email"),
        ("emailaddress2", "Email 2"),
        ("emailaddress3", "Email 3"),
    ],
    phones: &[
        ("telephone1", "Business phone"),
        ("mobilephone", "Mobile phone"),
        ("telephone2", "Home phone"),
        ("telephone3", "Other phone"),
    ],
};

const LEADS: Table = Table {
    entity: Entity::Lead,
    set: "leads",
    logical: "lead",
    id: "leadid",
    title: "fullname",
    columns: &[
        col("companyname", "Company", FieldKind::Text),
        col("jobtitle", "Job title", FieldKind::Text),
        col("emailaddress1", "Email", FieldKind::Email),
        col("emailaddress2", "Email 2", FieldKind::Email),
        col("emailaddress3", "Email 3", FieldKind::Email),
        col("telephone1", "Business phone", FieldKind::Phone),
        col("mobilephone", "Mobile phone", FieldKind::Phone),
        col("leadsourcecode", "Lead source", FieldKind::Choice),
    ],
    emails: &[
        ("emailaddress1", "Email"),
        ("emailaddress2", "Email 2"),
        ("emailaddress3", "Email 3"),
    ],
    phones: &[
        ("telephone1", "Business phone"),
        ("mobilephone", "Mobile phone"),
    ],
};

const ACCOUNTS: Table = Table {
    entity: Entity::Account,
    set: "accounts",
    logical: "account",
    id: "accountid",
    title: "name",
    columns: &[
        col("industrycode", "Industry", FieldKind::Choice),
        col("websiteurl", "Website", FieldKind::Link),
        col("telephone1", "Main phone", FieldKind::Phone),
        col("address1_city", "City", FieldKind::Text),
        col("revenue", "Annual revenue", FieldKind::Money),
    ],
    emails: &[],
    phones: &[],
};

const OPPORTUNITIES: Table = Table {
    entity: Entity::Deal,
    set: "opportunities",
    logical: "opportunity",
    id: "opportunityid",
    title: "name",
    columns: &[
        col("estimatedvalue", "Est. revenue", FieldKind::Money),
        col("stepname", "Pipeline stage", FieldKind::Text),
        col("estimatedclosedate", "Est. close date", FieldKind::Date),
        col("closeprobability", "Probability (%)", FieldKind::Number),
    ],
    emails: &[],
    phones: &[],
};

fn table(entity: Entity) -> &'static Table {
    match entity {
        Entity::Contact => &CONTACTS,
        Entity::Lead => &LEADS,
        Entity::Account => &ACCOUNTS,
        Entity::Deal => &OPPORTUNITIES,
    }
}

/// Settings of a Dynamics connection (validated by the proxy's config).
#[derive(Debug, Clone)]
pub struct DynamicsConfig {
    /// The org's URL, `https://org.crm.dynamics.com`, without a trailing slash.
    pub org_url: String,
    /// Microsoft Entra tenant (GUID or verified domain).
    pub tenant: String,
    /// The app registration's client id.
    pub client_id: String,
    /// The app registration's client secret.
    pub client_secret: Secret,
    /// Web API version, `v9.2`.
    pub api_version: String,
    /// Token authority, `https://login.microsoftonline.com` (tests point it at loopback).
    pub authority: String,
    /// Time limit, retry wait and byte cap of every call.
    pub limits: Limits,
    /// Region for numbers without a country code.
    pub region: Region,
}

/// The Dynamics 365 connector: the connection, read as its application user, or (from
/// [`Connector::as_user`]) as one of the org's users.
pub struct DynamicsCrm {
    /// The connection, shared by every view of it.
    shared: Arc<Connection>,
    /// The Entra object id of the user this view impersonates; `None`: the application user.
    caller: Option<String>,
}

// The connector's methods read the connection's parts as their own (`self.http`): a view is
// the connection plus whom it acts as.
impl std::ops::Deref for DynamicsCrm {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        &self.shared
    }
}

/// One Dynamics connection: transport, caches and counters.
pub struct Connection {
    /// Client, tokens, retries and the byte cap.
    transport: Transport,
    /// `https://org.crm.dynamics.com/api/data/v9.2/`.
    api: String,
    /// `https://org.crm.dynamics.com`, for deep links.
    org: String,
    /// Region for comparing stored phone numbers.
    region: Region,
    /// Fields metadata per entity.
    fields: FieldsCache,
}

/// How Dataverse's answers read.
struct Dataverse;

impl Dialect for Dataverse {
    const NAME: &'static str = "Dataverse";

    fn error(&self, status: StatusCode, body: &[u8]) -> CrmError {
        error_from(status, body)
    }
}

impl DynamicsCrm {
    /// Builds the connector and starts fetching its first token in the background.
    pub fn new(config: DynamicsConfig) -> Result<Self, CrmError> {
        let http = Transport::client(&config.limits)?;
        let org = config.org_url.trim_end_matches('/').to_owned();
        let tokens = ClientCredentials {
            http: http.clone(),
            url: format!(
                "{}/{}/oauth2/v2.0/token",
                config.authority.trim_end_matches('/'),
                config.tenant
            ),
            client_id: config.client_id,
            client_secret: config.client_secret,
            scope: format!("{org}/.default"),
        };
        let shared = Connection {
            api: format!("{org}/api/data/{}/", config.api_version),
            org,
            transport: Transport::start(http, config.limits, tokens),
            region: config.region,
            fields: FieldsCache::new(),
        };
        Ok(Self {
            shared: Arc::new(shared),
            caller: None,
        })
    }

    /// Web API requests sent so far.
    pub fn request_count(&self) -> u64 {
        self.transport.request_count()
    }

    /// Token requests sent so far.
    pub fn token_request_count(&self) -> u64 {
        self.transport.token_request_count()
    }

    /// Sends a Web API request built by `build` (called again for a retry) with the
    /// standard headers, as this view's user when it has one.
    async fn send(
        &self,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> Result<Response, CrmError> {
        self.transport
            .send(&Dataverse, |http, _| {
                let mut request = build(http)
                    .header("Accept", "application/json")
                    .header("OData-MaxVersion", "4.0")
                    .header("OData-Version", "4.0")
                    // Expanded collections may otherwise come from a stale cache (join-tables doc).
                    .header("If-None-Match", "null");
                if let Some(caller) = &self.caller {
                    request = request.header(CALLER_OBJECT_ID, caller);
                }
                request
            })
            .await
    }

    async fn get_json(&self, url: &str) -> Result<Json, CrmError> {
        let response = self
            .send(|http| http.get(url).header("Prefer", PREFER_FORMATTED))
            .await?;
        self.read_json(response).await
    }

    /// The answer's JSON, read with the byte cap.
    async fn read_json(&self, response: Response) -> Result<Json, CrmError> {
        self.transport.json::<Dataverse>(response).await
    }

    /// The chosen columns of every card, typed: no request when the built-in columns cover
    /// the choice, else the (cached) field lists.
    async fn chosen(&self, plan: &Plan) -> Result<Chosen, CrmError> {
        Chosen::resolve(plan, |e| table(e).columns, |e| self.fields(e)).await
    }

    /// The contacts query: every searched field, and (when their cards are shown) the account
    /// with its open deals and the contact's own open deals expanded, in one request.
    fn contacts_url(&self, keys: &LookupKeys, plan: &Plan, chosen: &Chosen) -> String {
        let deals = format!(
            "$select={};$filter=statecode eq {STATE_OPEN};$expand={NAV_CURRENCY}($select=isocurrencycode)",
            select_list(&OPPORTUNITIES, &chosen.deal, plan)
        );
        let mut account_expand = vec![format!("{NAV_CURRENCY}($select=isocurrencycode)")];
        let mut expand = Vec::new();
        if plan.deal.is_some() {
            // Open deals through every lookup that ties one to the person or the account:
            // parent account, parent contact, and the Potential Customer (either kind).
            for nav in [NAV_ACCOUNT_DEALS, NAV_ACCOUNT_CUSTOMER_DEALS] {
                account_expand.push(format!("{nav}({deals})"));
            }
            for nav in [NAV_CONTACT_DEALS, NAV_CONTACT_CUSTOMER_DEALS] {
                expand.push(format!("{nav}({deals})"));
            }
        }
        // The account is needed for its deals even when its own card is hidden.
        if plan.account.is_some() || plan.deal.is_some() {
            expand.insert(
                0,
                format!(
                    "{NAV_CONTACT_ACCOUNT}($select={};$expand={})",
                    select_list(&ACCOUNTS, &chosen.account, plan),
                    account_expand.join(",")
                ),
            );
        }
        if chosen.contact.iter().any(|f| f.kind == FieldKind::Money) {
            expand.push(format!("{NAV_CURRENCY}($select=isocurrencycode)"));
        }
        let mut params = vec![
            ("$select", select_list(&CONTACTS, &chosen.contact, plan)),
            (
                "$filter",
                format!(
                    "statecode eq {STATE_OPEN} and ({})",
                    match_filter(&CONTACTS, keys, plan)
                ),
            ),
        ];
        if !expand.is_empty() {
            params.push(("$expand", expand.join(",")));
        }
        params.push(("$top", MAX_PEOPLE.to_string()));
        self.query_url(&CONTACTS, &params)
    }

    fn leads_url(&self, keys: &LookupKeys, plan: &Plan, chosen: &Chosen) -> String {
        let mut params = vec![
            ("$select", select_list(&LEADS, &chosen.lead, plan)),
            (
                "$filter",
                format!(
                    "statecode eq {STATE_OPEN} and ({})",
                    match_filter(&LEADS, keys, plan)
                ),
            ),
        ];
        if chosen.lead.iter().any(|f| f.kind == FieldKind::Money) {
            params.push((
                "$expand",
                format!("{NAV_CURRENCY}($select=isocurrencycode)"),
            ));
        }
        params.push(("$top", MAX_PEOPLE.to_string()));
        self.query_url(&LEADS, &params)
    }

    fn query_url(&self, table: &Table, params: &[(&str, String)]) -> String {
        format!("{}{}?{}", self.api, table.set, encode_query(params))
    }

    fn record(&self, table: &Table, row: &Map<String, Json>, fields: &[FieldInfo]) -> Record {
        let id = text(row, table.id).unwrap_or_default();
        Record {
            entity: table.entity,
            link: record_link(format!(
                "{}/main.aspx?pagetype=entityrecord&etn={}&id={}",
                self.org,
                table.logical,
                encode(&id)
            )),
            id,
            title: text(row, table.title).unwrap_or_else(|| "(no name)".to_owned()),
            fields: fields
                .iter()
                .map(|f| Field::new(&f.key, &f.label, value(row, &f.key, f.kind)))
                .collect(),
        }
    }

    fn deal(&self, row: &Map<String, Json>, fields: &[FieldInfo]) -> Deal {
        let record = self.record(&OPPORTUNITIES, row, fields);
        let amount = match value(row, DEAL_AMOUNT, FieldKind::Money) {
            Value::Money(m) => Some(m),
            _ => None,
        };
        let stage = text(row, "stepname").or_else(|| formatted(row, "salesstage"));
        let close_date = text(row, "estimatedclosedate").and_then(|d| d.parse().ok());
        Deal {
            record,
            amount,
            stage,
            close_date,
        }
    }

    /// Turns one contact row (with its expansions) into a customer, keeping only the searched
    /// keys it really holds.
    fn customer(
        &self,
        table: &Table,
        row: &Map<String, Json>,
        keys: &LookupKeys,
        plan: &Plan,
        chosen: &Chosen,
    ) -> Customer {
        let account_row = row.get(NAV_CONTACT_ACCOUNT).and_then(Json::as_object);
        let mut open_deals = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let account_deals = [NAV_ACCOUNT_DEALS, NAV_ACCOUNT_CUSTOMER_DEALS]
            .into_iter()
            .filter_map(|nav| account_row?.get(nav)?.as_array());
        let contact_deals = [NAV_CONTACT_DEALS, NAV_CONTACT_CUSTOMER_DEALS]
            .into_iter()
            .filter_map(|nav| row.get(nav)?.as_array());
        // Each deal once, however many of these ties it has.
        let deals = account_deals
            .chain(contact_deals)
            .flatten()
            .filter(|_| plan.deal.is_some());
        for deal in deals {
            if let Some(deal) = deal.as_object()
                && deal
                    .get("statecode")
                    .and_then(Json::as_u64)
                    .is_none_or(|s| s == u64::from(STATE_OPEN))
                && seen.insert(text(deal, OPPORTUNITIES.id))
            {
                open_deals.push(self.deal(deal, &chosen.deal));
            }
        }
        sort_deals(&mut open_deals);
        Customer {
            person: self.record(table, row, chosen.of(table.entity)),
            matched_on: match_reasons(
                plan.emails(table.emails),
                table.phones,
                |column| text(row, column),
                keys,
                plan.region,
            ),
            account: account_row
                .filter(|_| plan.account.is_some())
                .map(|a| self.record(&ACCOUNTS, a, &chosen.account)),
            open_deals,
            more_deals: 0,
        }
    }

    fn people(
        &self,
        table: &Table,
        body: &Json,
        keys: &LookupKeys,
        plan: &Plan,
        chosen: &Chosen,
    ) -> Vec<Customer> {
        body.get("value")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(Json::as_object)
            .map(|row| self.customer(table, row, keys, plan, chosen))
            // The server's comparison may be looser than ours (wildcards, collation): a row
            // that does not hold a searched key exactly is not a match.
            .filter(|c| !c.matched_on.is_empty())
            .collect()
    }

    /// The contacts without their deals expanded (but with their account, for its id), then
    /// the open deals of those contacts and accounts in one query of at most [`MAX_DEALS`]:
    /// two requests where one answer would have been larger than the byte cap.
    async fn contacts_then_deals(
        &self,
        keys: &LookupKeys,
        plan: &Plan,
        chosen: &Chosen,
    ) -> Result<Vec<Customer>, CrmError> {
        let without_deals = Plan {
            deal: None,
            account: Some(plan.account.clone().unwrap_or_default()),
            ..plan.clone()
        };
        let body = self
            .get_json(&self.contacts_url(keys, &without_deals, chosen))
            .await?;
        let mut customers = self.people(&CONTACTS, &body, keys, plan, chosen);
        // Each contact's account id, from the rows (the account card may be hidden).
        let rows = body.get("value").and_then(Json::as_array);
        let account_of = |contact: &str| -> Option<String> {
            rows?.iter().filter_map(Json::as_object).find_map(|row| {
                (text(row, CONTACTS.id).as_deref() == Some(contact))
                    .then(|| row.get(NAV_CONTACT_ACCOUNT)?.as_object())
                    .flatten()
                    .and_then(|a| text(a, ACCOUNTS.id))
            })
        };
        let owners: Vec<(String, Option<String>)> = customers
            .iter()
            .map(|c| (c.person.id.clone(), account_of(&c.person.id)))
            .collect();
        let mut parts = Vec::new();
        for (contact, account) in &owners {
            let contact = guid(contact)?;
            parts.push(format!("_parentcontactid_value eq {contact}"));
            parts.push(format!("_customerid_value eq {contact}"));
            if let Some(account) = account {
                let account = guid(account)?;
                parts.push(format!("_parentaccountid_value eq {account}"));
                parts.push(format!("_customerid_value eq {account}"));
            }
        }
        if parts.is_empty() {
            return Ok(customers);
        }
        let select = format!(
            "{},_parentaccountid_value,_parentcontactid_value,_customerid_value",
            select_list(&OPPORTUNITIES, &chosen.deal, plan)
        );
        let url = self.query_url(
            &OPPORTUNITIES,
            &[
                ("$select", select),
                (
                    "$filter",
                    format!("statecode eq {STATE_OPEN} and ({})", parts.join(" or ")),
                ),
                (
                    "$expand",
                    format!("{NAV_CURRENCY}($select=isocurrencycode)"),
                ),
                ("$orderby", "estimatedclosedate asc".to_owned()),
                ("$top", MAX_DEALS.to_string()),
            ],
        );
        let deals = self.get_json(&url).await?;
        let deals: Vec<&Map<String, Json>> = deals
            .get("value")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(Json::as_object)
            .collect();
        for (customer, (contact, account)) in customers.iter_mut().zip(&owners) {
            let mine = |deal: &Map<String, Json>| {
                let customer = text(deal, "_customerid_value");
                text(deal, "_parentcontactid_value").as_ref() == Some(contact)
                    || customer.as_ref() == Some(contact)
                    || (account.is_some()
                        && (text(deal, "_parentaccountid_value") == *account
                            || customer == *account))
            };
            customer.open_deals = deals
                .iter()
                .filter(|deal| mine(deal))
                .map(|deal| self.deal(deal, &chosen.deal))
                .collect();
            sort_deals(&mut customer.open_deals);
        }
        Ok(customers)
    }

    async fn post(
        &self,
        set: &str,
        body: &Json,
        extra_headers: &[(&str, &str)],
    ) -> Result<Response, CrmError> {
        let url = format!("{}{set}", self.api);
        self.send(|http| {
            let mut request = http.request(Method::POST, &url).json(body);
            for (name, value) in extra_headers {
                request = request.header(*name, *value);
            }
            request
        })
        .await
    }
}

#[async_trait]
impl Connector for DynamicsCrm {
    fn name(&self) -> &'static str {
        "dynamics"
    }

    async fn find_customers(
        &self,
        keys: &LookupKeys,
        plan: &Plan,
    ) -> Result<Vec<Customer>, CrmError> {
        let chosen = self.chosen(plan).await?;
        let contacts = match self.get_json(&self.contacts_url(keys, plan, &chosen)).await {
            Err(CrmError::TooLarge(cap)) if plan.deal.is_some() => {
                tracing::info!(
                    cap,
                    "contacts with their deals exceed the cap; reading deals apart"
                );
                self.contacts_then_deals(keys, plan, &chosen).await?
            }
            body => self.people(&CONTACTS, &body?, keys, plan, &chosen),
        };
        if !contacts.is_empty() || !plan.leads {
            return Ok(contacts);
        }
        let body = self.get_json(&self.leads_url(keys, plan, &chosen)).await?;
        Ok(self.people(&LEADS, &body, keys, plan, &chosen))
    }

    fn default_fields(&self, entity: Entity) -> Vec<String> {
        if entity == Entity::Deal {
            // Name, amount, stage and close date always show; no extras until an admin adds some.
            return Vec::new();
        }
        table(entity)
            .columns
            .iter()
            .map(|c| c.key.to_owned())
            .collect()
    }

    async fn fields(&self, entity: Entity) -> Result<Vec<FieldInfo>, CrmError> {
        let logical = table(entity).logical;
        let url = format!(
            "{}EntityDefinitions(LogicalName='{logical}')?{}",
            self.api,
            encode_query(&[
                ("$select", "LogicalName".to_owned()),
                (
                    "$expand",
                    "Attributes($select=LogicalName,AttributeType,DisplayName;$filter=AttributeOf eq null and IsValidForRead eq true)"
                        .to_owned()
                ),
            ])
        );
        self.fields
            .get_or_fetch(entity, async {
                Ok(fields_from_metadata(&self.get_json(&url).await?))
            })
            .await
    }

    async fn create_person(&self, person: &NewPerson) -> Result<Record, CrmError> {
        check_creatable(person)?;
        let table = table(person.entity);
        let mut body = Map::new();
        body.insert("lastname".into(), json!(person.last_name));
        for (key, value) in [
            ("firstname", &person.first_name),
            ("emailaddress1", &person.email),
            ("telephone1", &person.phone),
        ] {
            if let Some(v) = value {
                body.insert(key.into(), json!(v));
            }
        }
        if table.entity == Entity::Lead {
            if let Some(company) = &person.company {
                body.insert("companyname".into(), json!(company));
            }
            body.insert("subject".into(), json!("From Sidecard"));
        }
        let plan = Plan::defaults(self, self.region);
        let columns = infos(table.columns);
        let select = format!(
            "{}?$select={}",
            table.set,
            select_list(table, &columns, &plan)
        );
        let result = self
            .post(
                &select,
                &Json::Object(body),
                &[
                    // Duplicate detection is off for API calls unless asked for.
                    ("MSCRM.SuppressDuplicateDetection", "false"),
                    ("Prefer", "return=representation"),
                ],
            )
            .await;
        let response = match result {
            Ok(response) => response,
            Err(CrmError::Upstream(message)) if message.starts_with(DUPLICATE_CODE) => {
                let keys = LookupKeys {
                    emails: person
                        .email
                        .iter()
                        .map(|e| e.trim().to_lowercase())
                        .collect(),
                    phones: person
                        .phone
                        .iter()
                        .filter_map(|p| sidecard_model::phone::normalize_phone(p, self.region).ok())
                        .collect(),
                };
                let existing = if keys.emails.is_empty() && keys.phones.is_empty() {
                    Vec::new()
                } else {
                    self.find_customers(&keys, &plan)
                        .await
                        .unwrap_or_default()
                        .into_iter()
                        .map(|c| c.person)
                        .collect()
                };
                return Err(CrmError::Duplicate { existing });
            }
            Err(e) => return Err(e),
        };
        let row = self.read_json(response).await?;
        let row = row
            .as_object()
            .ok_or_else(|| CrmError::Upstream("Dataverse create answered a non-object".into()))?;
        Ok(self.record(table, row, &columns))
    }

    fn dynamics_org(&self) -> Option<&str> {
        Some(&self.org)
    }

    async fn sign_in_note(&self, id: &str) -> Result<Option<SignInNote>, CrmError> {
        let id = guid(id)?;
        let url = format!(
            "{}annotations({id})?$select=subject,notetext,_createdby_value",
            self.api
        );
        let row = match self.get_json(&url).await {
            Ok(row) => row,
            // Dataverse answers 404 for an id that is no note (or one already used).
            Err(CrmError::Upstream(message)) if message.starts_with(NOT_FOUND) => return Ok(None),
            Err(e) => return Err(e),
        };
        let text = |key: &str| row.get(key).and_then(Json::as_str).map(str::to_owned);
        Ok(Some(SignInNote {
            subject: text("subject").unwrap_or_default(),
            text: text("notetext").unwrap_or_default(),
            created_by: text("_createdby_value"),
        }))
    }

    async fn user_object_id(&self, user_id: &str) -> Result<Option<String>, CrmError> {
        // `systemuser.azureactivedirectoryobjectid`: the user's Microsoft Entra object id
        // (Dataverse table reference, systemuser).
        let url = format!(
            "{}systemusers({})?$select=azureactivedirectoryobjectid",
            self.api,
            guid(user_id)?
        );
        let row = match self.get_json(&url).await {
            Ok(row) => row,
            Err(CrmError::Upstream(message)) if message.starts_with(NOT_FOUND) => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(row
            .get("azureactivedirectoryobjectid")
            .and_then(Json::as_str)
            .and_then(|oid| guid(oid).ok())
            .map(|oid| oid.to_string()))
    }

    fn as_user(&self, user: &crate::session::PanelUser) -> Option<Arc<dyn Connector>> {
        // Only an object id that is a GUID becomes a header (it came from our own signed
        // session, which took it from the org; checked again all the same).
        let oid = guid(&user.object_id).ok()?;
        Some(Arc::new(DynamicsCrm {
            shared: self.shared.clone(),
            caller: Some(oid.to_string()),
        }))
    }

    async fn delete_sign_in_note(&self, id: &str) -> Result<(), CrmError> {
        let url = format!("{}annotations({})", self.api, guid(id)?);
        self.send(|http| http.delete(&url)).await.map(drop)
    }

    async fn log_activity(&self, activity: &NewActivity) -> Result<String, CrmError> {
        let contact = guid(&activity.contact_id)?;
        let (set, id_key, regarding) = match activity.kind {
            ActivityKind::PhoneCall => (
                "phonecalls",
                "activityid",
                "regardingobjectid_contact_phonecall",
            ),
            ActivityKind::Task => ("tasks", "activityid", "regardingobjectid_contact_task"),
        };
        let mut body = Map::new();
        body.insert("subject".into(), json!(activity.subject));
        if let Some(description) = &activity.description {
            body.insert("description".into(), json!(description));
        }
        // The single-valued navigation property differs per activity table (phonecall and
        // task EntityType references: `regardingobjectid_contact_phonecall`, `…_task`).
        body.insert(
            format!("{regarding}@odata.bind"),
            json!(format!("/contacts({contact})")),
        );
        if activity.kind == ActivityKind::PhoneCall {
            if let Some(number) = &activity.phone_number {
                body.insert("phonenumber".into(), json!(number));
            }
            // An agent logs calls the customer made to support.
            body.insert("directioncode".into(), json!(false));
        }
        let response = self
            .post(
                &format!("{set}?$select={id_key}"),
                &Json::Object(body),
                &[("Prefer", "return=representation")],
            )
            .await?;
        let row = self.read_json(response).await?;
        row.get(id_key)
            .and_then(Json::as_str)
            .map(str::to_owned)
            .ok_or_else(|| CrmError::Upstream("Dataverse did not return the activity's id".into()))
    }
}

/// Checks that `id` is a GUID before it goes anywhere near a URL.
pub fn guid(id: &str) -> Result<uuid::Uuid, CrmError> {
    uuid::Uuid::parse_str(id.trim())
        .map_err(|_| CrmError::Invalid(format!("{id:?} is not a Dynamics record id (a GUID)")))
}

/// An OData string literal: single quotes doubled, wrapped in single quotes.
pub fn odata_string(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// `field eq 'value'`.
fn eq(field: &str, value: &str) -> String {
    format!("{field} eq {}", odata_string(value))
}

/// `a eq 'x' or b eq 'x' or …` over every searched email column and every phone column
/// against every stored format of each number.
fn match_filter(table: &Table, keys: &LookupKeys, plan: &Plan) -> String {
    let emails = keys.emails.iter().flat_map(|email| {
        plan.emails(table.emails)
            .iter()
            .map(move |(column, _)| eq(column, email))
    });
    let phones = keys.phones.iter().flat_map(|phone| {
        phone.formats.iter().flat_map(move |format| {
            table
                .phones
                .iter()
                .map(move |(column, _)| eq(column, format))
        })
    });
    let parts: Vec<String> = emails.chain(phones).collect();
    if parts.is_empty() {
        // No searchable key for this table: match nothing rather than everything.
        return "false".to_owned();
    }
    parts.join(" or ")
}

/// `$select` for a table: id, title, the searched columns (to verify a match), the facts a
/// deal always shows, then the chosen columns; each once. Nothing else is requested.
fn select_list(table: &Table, chosen: &[FieldInfo], plan: &Plan) -> String {
    let mut columns = vec![table.id, table.title];
    columns.extend(plan.emails(table.emails).iter().map(|(c, _)| *c));
    columns.extend(table.phones.iter().map(|(c, _)| *c));
    if table.entity == Entity::Deal {
        // `salesstage` is the stage when the pipeline phase (`stepname`) is empty.
        columns.extend([
            "statecode",
            DEAL_AMOUNT,
            "stepname",
            "salesstage",
            "estimatedclosedate",
        ]);
    }
    for field in chosen {
        if !columns.contains(&field.key.as_str()) {
            columns.push(&field.key);
        }
    }
    columns.join(",")
}

/// Percent-encodes every value (keys are OData's own `$names`).
fn encode_query(params: &[(&str, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn formatted(row: &Map<String, Json>, key: &str) -> Option<String> {
    text(
        row,
        &format!("{key}@OData.Community.Display.V1.FormattedValue"),
    )
}

/// A column's typed value, with Dataverse's own formatting for money and option sets.
fn value(row: &Map<String, Json>, key: &str, kind: FieldKind) -> Value {
    let value = match kind {
        FieldKind::Text => text(row, key).map(Value::Text),
        FieldKind::Email => text(row, key).map(Value::Email),
        FieldKind::Phone => text(row, key).map(Value::Phone),
        FieldKind::Link => text(row, key).map(link),
        FieldKind::Choice => formatted(row, key)
            .or_else(|| row.get(key).filter(|v| !v.is_null()).map(Json::to_string))
            .map(Value::Choice),
        FieldKind::Money => row.get(key).and_then(Json::as_f64).map(|amount| {
            let currency = row
                .get(NAV_CURRENCY)
                .and_then(|c| c.get("isocurrencycode"))
                .and_then(Json::as_str);
            match currency.and_then(|c| Money::from_decimal(amount, c)) {
                Some(mut money) => {
                    money.formatted = formatted(row, key);
                    Value::Money(money)
                }
                // No currency to type it with: show what Dataverse shows.
                None => Value::Text(formatted(row, key).unwrap_or_else(|| amount.to_string())),
            }
        }),
        FieldKind::Date => text(row, key).and_then(|d| d.parse().ok()).map(Value::Date),
        FieldKind::Number => row.get(key).and_then(Json::as_f64).map(Value::Number),
        FieldKind::Bool => row.get(key).and_then(Json::as_bool).map(Value::Bool),
    };
    value.unwrap_or(Value::Empty)
}

/// Maps a Dataverse error response (`{"error":{"code","message"}}`) to our error; the message
/// starts with Dataverse's code so callers can recognise specific errors.
fn error_from(status: StatusCode, body: &[u8]) -> CrmError {
    let detail = serde_json::from_slice::<Json>(body)
        .ok()
        .and_then(|j| {
            let error = j.get("error")?;
            Some(format!(
                "{}: {}",
                error.get("code")?.as_str()?,
                error.get("message").and_then(Json::as_str).unwrap_or("")
            ))
        })
        .unwrap_or_else(|| {
            format!(
                "HTTP {status}: {}",
                String::from_utf8_lossy(body)
                    .chars()
                    .take(200)
                    .collect::<String>()
            )
        });
    match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => CrmError::Auth(detail),
        // Marked, so a read that may find nothing (a sign-in note) can tell "no such record".
        StatusCode::NOT_FOUND => CrmError::Upstream(format!("{NOT_FOUND} {detail}")),
        _ => CrmError::Upstream(detail),
    }
}

fn fields_from_metadata(body: &Json) -> Vec<FieldInfo> {
    let mut fields: Vec<FieldInfo> = body
        .get("Attributes")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| {
            let logical = a.get("LogicalName")?.as_str()?;
            let attribute_type = a.get("AttributeType")?.as_str()?;
            let kind = field_kind(logical, attribute_type)?;
            // Lookup columns are read (and selected) as `_<name>_value`; their formatted value
            // is the related record's name.
            let key = match attribute_type {
                "Lookup" | "Customer" | "Owner" => format!("_{logical}_value"),
                _ => logical.to_owned(),
            };
            let label = a
                .pointer("/DisplayName/UserLocalizedLabel/Label")
                .and_then(Json::as_str)
                .filter(|l| !l.is_empty())
                .map_or_else(|| logical.to_owned(), str::to_owned);
            Some(FieldInfo { key, label, kind })
        })
        .collect();
    fields.sort_by_key(|f| f.label.to_lowercase());
    fields
}

/// Dataverse `AttributeType` → how Sidecard shows it; `None` for columns with nothing to show
/// (ids, virtual columns, images, partylists).
fn field_kind(key: &str, attribute_type: &str) -> Option<FieldKind> {
    Some(match attribute_type {
        "String" | "Memo" if key.starts_with("emailaddress") => FieldKind::Email,
        "String" if key.starts_with("telephone") || key == "mobilephone" || key == "fax" => {
            FieldKind::Phone
        }
        "String" if key == "websiteurl" => FieldKind::Link,
        "String" | "Memo" => FieldKind::Text,
        "Integer" | "BigInt" | "Decimal" | "Double" => FieldKind::Number,
        "Money" => FieldKind::Money,
        "Boolean" => FieldKind::Bool,
        "DateTime" => FieldKind::Date,
        "Picklist" | "State" | "Status" | "Lookup" | "Customer" | "Owner" => FieldKind::Choice,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use sidecard_model::phone::normalize_phone;

    /// Parses `field eq '<literal>'` exactly (OData string literal rules: `''` is a quote, a
    /// lone `'` ends the literal) and returns the literal, or `None` if the text is anything
    /// else: a second comparison, an operator after the literal, an unterminated string.
    fn parse_single_comparison(filter: &str, field: &str) -> Option<String> {
        let rest = filter.strip_prefix(field)?.strip_prefix(" eq '")?;
        let mut literal = String::new();
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    literal.push('\'');
                } else {
                    return chars.next().is_none().then_some(literal);
                }
            } else {
                literal.push(c);
            }
        }
        None
    }

    proptest! {
        #[test]
        fn any_value_stays_one_literal_comparison(value in any::<String>()) {
            let filter = eq("emailaddress1", &value);
            prop_assert_eq!(parse_single_comparison(&filter, "emailaddress1"), Some(value));
        }

        #[test]
        fn any_value_survives_url_encoding_intact(value in any::<String>()) {
            let filter = eq("emailaddress1", &value);
            let query = encode_query(&[("$filter", filter.clone()), ("$top", "5".into())]);
            // Exactly two parameters: no value can inject `&`, `#` or `=` structure.
            let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            prop_assert_eq!(pairs.len(), 2);
            prop_assert_eq!(&pairs[0], &("$filter".to_owned(), filter));
            prop_assert!(!query.contains('#') && !query.contains('+') && !query.contains(' '));
        }
    }

    #[test]
    fn quotes_double_and_wildcards_stay_literal() {
        assert_eq!(odata_string("o'brien_x%[y]"), "'o''brien_x%[y]'");
        assert_eq!(
            parse_single_comparison("emailaddress1 eq 'a'' or 1 eq 1 or ''x'", "emailaddress1"),
            Some("a' or 1 eq 1 or 'x".to_owned())
        );
        assert_eq!(
            parse_single_comparison("emailaddress1 eq 'a' or x eq 'b'", "emailaddress1"),
            None
        );
    }

    #[test]
    fn the_filter_covers_every_field_and_format() {
        let keys = LookupKeys {
            emails: vec!["ana@x.example".into()],
            phones: vec![normalize_phone("+14255550100", Region::default()).unwrap()],
        };
        let plan = Plan::new(
            &sidecard_model::Settings::defaults(|_| Vec::new()),
            Region::default(),
        );
        let filter = match_filter(&CONTACTS, &keys, &plan);
        for column in ["emailaddress1", "emailaddress2", "emailaddress3"] {
            assert!(
                filter.contains(&format!("{column} eq 'ana@x.example'")),
                "{filter}"
            );
        }
        for stored in [
            "(425) 555-0100",
            "+1 425 555 0100",
            "425.555.0100",
            "+14255550100",
        ] {
            for column in ["telephone1", "telephone2", "telephone3", "mobilephone"] {
                assert!(
                    filter.contains(&format!("{column} eq '{stored}'")),
                    "{column} {stored}"
                );
            }
        }
    }

    #[test]
    fn ids_must_be_guids() {
        assert!(guid("8b0d4a1e-34cb-ed11-b596-0022481d68cd").is_ok());
        for bad in [
            "",
            "123",
            "8b0d4a1e-34cb-ed11-b596-0022481d68cd) or (x",
            "../contacts",
        ] {
            assert!(matches!(guid(bad), Err(CrmError::Invalid(_))), "{bad}");
        }
    }

    #[test]
    fn attribute_types_map_to_field_kinds() {
        assert_eq!(
            field_kind("emailaddress2", "String"),
            Some(FieldKind::Email)
        );
        assert_eq!(field_kind("mobilephone", "String"), Some(FieldKind::Phone));
        assert_eq!(field_kind("revenue", "Money"), Some(FieldKind::Money));
        assert_eq!(
            field_kind("industrycode", "Picklist"),
            Some(FieldKind::Choice)
        );
        assert_eq!(field_kind("contactid", "Uniqueidentifier"), None);
    }
}
