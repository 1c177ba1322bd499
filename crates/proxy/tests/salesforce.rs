//! The Salesforce connector against a loopback fake of the OAuth token endpoint and the REST
//! API (wiremock), replaying the documented JSON (shared/reference/api-contracts.md §5) and
//! checking the SOSL/SOQL we send.

use serde_json::{Value as Json, json};
use sidecard_model::email::normalize_email;
use sidecard_model::phone::{Region, normalize_phone};
use sidecard_model::{Entity, MatchReason};
use sidecard_proxy::crm::salesforce::{SalesforceAuth, SalesforceConfig, SalesforceCrm};
use sidecard_proxy::crm::{
    ActivityKind, Connector, CrmError, LookupKeys, NewActivity, NewPerson, Plan,
};
use sidecard_proxy::secret::Secret;
use std::time::Duration;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

const V: &str = "/services/data/v61.0";
const TOKEN: &str = "/services/oauth2/token";
const CONTACT_ID: &str = "003XXXXXXXXXXXXXXX";
const ACCOUNT_ID: &str = "001XXXXXXXXXXXXXXX";

fn config(server: &MockServer, auth: SalesforceAuth) -> SalesforceConfig {
    SalesforceConfig {
        url: server.uri(),
        api_version: "v61.0".into(),
        token_url: format!("{}{TOKEN}", server.uri()),
        auth,
        session: Duration::from_secs(7200),
        timeout: Duration::from_secs(5),
        max_response_bytes: 4 << 20,
    }
}

fn client_credentials() -> SalesforceAuth {
    SalesforceAuth::ClientCredentials {
        client_id: "consumer-key".into(),
        client_secret: Secret::new("consumer-secret"),
    }
}

/// The client-credentials response shape (no refresh token, no lifetime).
fn token(server: &MockServer, value: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": value,
        "signature": "c2lnbmF0dXJl",
        "token_format": "opaque",
        "instance_url": server.uri(),
        "id": "https://login.salesforce.com/id/00DXXXXXXXXXXXXXXX/005XXXXXXXXXXXXXXX",
        "token_type": "Bearer",
        "issued_at": "1732190000000"
    }))
}

async fn org() -> (MockServer, SalesforceCrm) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains("client_secret=consumer-secret"))
        .respond_with(token(&server, "sf-1"))
        .mount(&server)
        .await;
    let crm = SalesforceCrm::new(config(&server, client_credentials())).unwrap();
    (server, crm)
}

fn keys(emails: &[&str], phones: &[&str]) -> LookupKeys {
    LookupKeys {
        emails: emails.iter().map(|e| normalize_email(e).unwrap()).collect(),
        phones: phones
            .iter()
            .map(|p| normalize_phone(p, Region::default()).unwrap())
            .collect(),
    }
}

fn attributes(kind: &str, id: &str) -> Json {
    json!({"type": kind, "url": format!("{V}/sobjects/{kind}/{id}")})
}

fn contact(email: &str, phone: &str) -> Json {
    json!({
        "attributes": attributes("Contact", CONTACT_ID),
        "Id": CONTACT_ID, "Name": "Ana García", "AccountId": ACCOUNT_ID,
        "Title": "Head of Procurement", "Email": email, "Phone": phone,
        "MobilePhone": null, "HomePhone": null, "OtherPhone": null, "MailingCity": "Redmond"
    })
}

fn opportunity(id: &str, name: &str, amount: f64, close: &str) -> Json {
    json!({
        "attributes": attributes("Opportunity", id),
        "Id": id, "Name": name, "IsClosed": false, "Amount": amount,
        "StageName": "Proposal/Price Quote", "CloseDate": close, "Probability": 60.0
    })
}

fn account() -> Json {
    json!({
        "attributes": attributes("Account", ACCOUNT_ID),
        "Id": ACCOUNT_ID, "Name": "Contoso Pharmaceuticals", "Industry": "Healthcare",
        "Website": "contoso.example", "Phone": "(425) 555-0190", "BillingCity": "Redmond",
        "AnnualRevenue": 52000000.0,
        "Opportunities": {
            "totalSize": 2, "done": true,
            "records": [
                opportunity("006000000000002AAA", "Lab equipment renewal", 48000.0, "2027-01-15"),
                opportunity("006000000000001AAA", "Cold-chain sensors", 125000.0, "2026-12-20")
            ]
        }
    })
}

fn query(records: Vec<Json>) -> Json {
    json!({"totalSize": records.len(), "done": true, "records": records})
}

fn search(records: Vec<Json>) -> Json {
    json!({"searchRecords": records})
}

/// A Composite response with one part per reference id.
fn composite(parts: &[(&str, u16, Json)]) -> ResponseTemplate {
    let parts: Vec<Json> = parts
        .iter()
        .map(|(reference, status, body)| {
            json!({"body": body, "httpHeaders": {}, "httpStatusCode": status, "referenceId": reference})
        })
        .collect();
    ResponseTemplate::new(200)
        .insert_header("Sforce-Limit-Info", "api-usage=18/5000")
        .set_body_json(json!({"compositeResponse": parts}))
}

async fn mount_composite(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(format!("{V}/composite")))
        .respond_with(response)
        .mount(server)
        .await;
}

/// API calls (not token requests) the fake received.
async fn api_calls(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path().starts_with(V))
        .collect()
}

async fn token_calls(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == TOKEN)
        .count()
}

/// The decoded `q` of each sub-request of a Composite call, by reference id.
fn subqueries(request: &Request) -> Vec<(String, String)> {
    let body: Json = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body["allOrNone"], false);
    body["compositeRequest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let url =
                reqwest::Url::parse(&format!("http://x{}", r["url"].as_str().unwrap())).unwrap();
            let q = url
                .query_pairs()
                .find(|(k, _)| k == "q")
                .unwrap()
                .1
                .into_owned();
            (r["referenceId"].as_str().unwrap().to_owned(), q)
        })
        .collect()
}

fn q<'a>(subs: &'a [(String, String)], reference: &str) -> &'a str {
    &subs.iter().find(|(r, _)| r == reference).unwrap().1
}

#[tokio::test]
async fn an_email_lookup_is_one_composite_call_with_account_and_open_deals() {
    let (server, crm) = org().await;
    mount_composite(
        &server,
        composite(&[
            (
                "emailSearch",
                200,
                search(vec![contact(
                    "Ana.Garcia@contoso.example",
                    "(425) 555-0100",
                )]),
            ),
            ("accounts", 200, query(vec![account()])),
        ]),
    )
    .await;
    let found = crm
        .find_customers(
            &keys(&["ana.garcia@contoso.example"], &[]),
            &Plan::defaults(&crm, Region::default()),
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    let c = &found[0];
    assert_eq!(c.person.title, "Ana García");
    assert_eq!(
        c.person.link.as_ref().map(|l| l.as_str()),
        Some(format!("{}/lightning/r/Contact/{CONTACT_ID}/view", server.uri()).as_str())
    );
    assert_eq!(
        c.matched_on,
        [MatchReason::Email {
            field: "Email".into(),
            value: "Ana.Garcia@contoso.example".into()
        }]
    );
    assert_eq!(c.account.as_ref().unwrap().title, "Contoso Pharmaceuticals");
    let deals: Vec<_> = c
        .open_deals
        .iter()
        .map(|d| d.record.title.as_str())
        .collect();
    assert_eq!(
        deals,
        ["Cold-chain sensors", "Lab equipment renewal"],
        "soonest first"
    );
    assert_eq!(
        c.open_deals[0].amount.as_ref().unwrap().to_string(),
        "$125,000.00"
    );

    let calls = api_calls(&server).await;
    assert_eq!(calls.len(), 1, "one API call per lookup");
    assert_eq!(header_of(&calls[0], "authorization"), "Bearer sf-1");
    let subs = subqueries(&calls[0]);
    assert_eq!(
        q(&subs, "emailSearch"),
        "FIND {\"ana.garcia@contoso.example\"} IN EMAIL FIELDS RETURNING \
         Contact(Id, Name, AccountId, Email, Phone, MobilePhone, HomePhone, OtherPhone, Title, MailingCity LIMIT 25), \
         Lead(Id, Name, Email, Phone, MobilePhone, Company, Title, Status, LeadSource WHERE IsConverted = false LIMIT 25)"
    );
    let accounts = q(&subs, "accounts");
    // The deal list's extra fields are empty by default: only the four facts it always shows.
    assert!(accounts.contains("(SELECT Id, Name, IsClosed, Amount, StageName, CloseDate FROM Opportunities WHERE IsClosed = false ORDER BY CloseDate LIMIT 200)"), "{accounts}");
    assert!(accounts.ends_with("FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Email IN ('ana.garcia@contoso.example'))"), "{accounts}");
    assert_eq!(crm.api_usage(), Some((18, 5000)));
}

fn header_of(request: &Request, name: &str) -> String {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_secondary_email_found_by_sosl_fetches_its_account_with_one_more_call() {
    let (server, crm) = org().await;
    // SOSL matched a custom email field; the standard-field semi-join found no account.
    mount_composite(
        &server,
        composite(&[
            (
                "emailSearch",
                200,
                search(vec![contact(
                    "ana.garcia@contoso.example",
                    "(425) 555-0100",
                )]),
            ),
            ("accounts", 200, query(vec![])),
        ]),
    )
    .await;
    Mock::given(method("GET"))
        .and(path(format!("{V}/query/")))
        .respond_with(ResponseTemplate::new(200).set_body_json(query(vec![account()])))
        .mount(&server)
        .await;
    let found = crm
        .find_customers(
            &keys(&["ana@garcia-family.example"], &[]),
            &Plan::defaults(&crm, Region::default()),
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].matched_on,
        [MatchReason::Email {
            field: "An email field".into(),
            value: "ana@garcia-family.example".into()
        }],
        "the reason says which search found her"
    );
    assert_eq!(found[0].open_deals.len(), 2);
    let calls = api_calls(&server).await;
    assert_eq!(calls.len(), 2);
    let follow_up = calls[1]
        .url
        .query_pairs()
        .find(|(k, _)| k == "q")
        .unwrap()
        .1
        .into_owned();
    assert!(
        follow_up.ends_with(&format!("FROM Account WHERE Id IN ('{ACCOUNT_ID}')")),
        "{follow_up}"
    );
}

#[tokio::test]
async fn a_phone_stored_formatted_is_found_by_its_digits() {
    let (server, crm) = org().await;
    mount_composite(
        &server,
        composite(&[
            (
                "phoneSearch",
                200,
                search(vec![contact(
                    "ana.garcia@contoso.example",
                    "(425) 555-0100",
                )]),
            ),
            ("accounts", 200, query(vec![account()])),
        ]),
    )
    .await;
    let found = crm
        .find_customers(
            &keys(&[], &["+14255550100"]),
            &Plan::defaults(&crm, Region::default()),
        )
        .await
        .unwrap();
    assert_eq!(
        found[0].matched_on,
        [MatchReason::Phone {
            field: "Phone".into(),
            value: "(425) 555-0100".into()
        }]
    );
    let subs = subqueries(&api_calls(&server).await[0]);
    assert!(q(&subs, "phoneSearch").starts_with(
        "FIND {\"4255550100\" OR \"14255550100\"} IN PHONE FIELDS RETURNING Contact("
    ));
    let accounts = q(&subs, "accounts");
    for field in ["Phone", "MobilePhone", "HomePhone", "OtherPhone"] {
        assert!(
            accounts.contains(&format!("{field} IN ('+14255550100', '(425) 555-0100'")),
            "{field}: {accounts}"
        );
    }
}

#[tokio::test]
async fn unconverted_leads_show_only_when_no_contact_matches() {
    let (server, crm) = org().await;
    let lead = json!({
        "attributes": attributes("Lead", "00QXXXXXXXXXXXXXXX"),
        "Id": "00QXXXXXXXXXXXXXXX", "Name": "Priya Raman", "Company": "Startup Labs",
        "Email": "priya@startuplabs.example", "Status": "Open - Not Contacted"
    });
    mount_composite(
        &server,
        composite(&[
            ("emailSearch", 200, search(vec![lead])),
            ("accounts", 200, query(vec![])),
        ]),
    )
    .await;
    let found = crm
        .find_customers(
            &keys(&["priya@startuplabs.example"], &[]),
            &Plan::defaults(&crm, Region::default()),
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].person.entity, Entity::Lead);
    assert_eq!(api_calls(&server).await.len(), 1);
    // A converted lead never comes back: the search itself excludes it.
    let subs = subqueries(&api_calls(&server).await[0]);
    assert!(q(&subs, "emailSearch").contains("Lead(Id, Name, Email, Phone, MobilePhone, Company, Title, Status, LeadSource WHERE IsConverted = false LIMIT 25)"));

    let (server, crm) = org().await;
    let lead = json!({"attributes": attributes("Lead", "00QXXXXXXXXXXXXXXX"), "Id": "00QXXXXXXXXXXXXXXX", "Name": "Ben Lead", "Email": "ana.garcia@contoso.example"});
    mount_composite(
        &server,
        composite(&[
            (
                "emailSearch",
                200,
                search(vec![lead, contact("ana.garcia@contoso.example", "")]),
            ),
            ("accounts", 200, query(vec![account()])),
        ]),
    )
    .await;
    let found = crm
        .find_customers(
            &keys(&["ana.garcia@contoso.example"], &[]),
            &Plan::defaults(&crm, Region::default()),
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].person.entity,
        Entity::Contact,
        "the contact wins over the lead"
    );
}

#[tokio::test]
async fn no_match_is_one_call_and_nobody() {
    let (server, crm) = org().await;
    mount_composite(
        &server,
        composite(&[
            ("emailSearch", 200, search(vec![])),
            ("accounts", 200, query(vec![])),
        ]),
    )
    .await;
    assert!(
        crm.find_customers(
            &keys(&["nobody@nowhere.example"], &[]),
            &Plan::defaults(&crm, Region::default())
        )
        .await
        .unwrap()
        .is_empty()
    );
    assert_eq!(api_calls(&server).await.len(), 1);
}

#[tokio::test]
async fn quotes_backslashes_and_reserved_characters_are_escaped() {
    let (server, crm) = org().await;
    mount_composite(
        &server,
        composite(&[
            ("emailSearch", 200, search(vec![])),
            ("accounts", 200, query(vec![])),
        ]),
    )
    .await;
    // Not a valid address, so built by hand: the connector must cope with any string.
    let keys = LookupKeys {
        emails: vec![r"o'brien\x+y{z}*@example.com".into()],
        phones: vec![],
    };
    crm.find_customers(&keys, &Plan::defaults(&crm, Region::default()))
        .await
        .unwrap();
    let subs = subqueries(&api_calls(&server).await[0]);
    assert!(
        q(&subs, "emailSearch")
            .starts_with(r#"FIND {"o\'brien\\x\+y\{z\}\*@example.com"} IN EMAIL FIELDS"#),
        "{}",
        q(&subs, "emailSearch")
    );
    assert!(
        q(&subs, "accounts").contains(r"Email IN ('o\'brien\\x+y{z}*@example.com')"),
        "{}",
        q(&subs, "accounts")
    );
}

#[tokio::test]
async fn an_expired_session_is_renewed_once_and_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .respond_with(token(&server, "sf-1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .respond_with(token(&server, "sf-2"))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{V}/composite")))
        .and(header("authorization", "Bearer sf-1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!([
            {"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}
        ])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{V}/composite")))
        .and(header("authorization", "Bearer sf-2"))
        .respond_with(composite(&[
            (
                "emailSearch",
                200,
                search(vec![contact("ana.garcia@contoso.example", "")]),
            ),
            ("accounts", 200, query(vec![account()])),
        ]))
        .mount(&server)
        .await;
    let crm = SalesforceCrm::new(config(&server, client_credentials())).unwrap();
    let found = crm
        .find_customers(
            &keys(&["ana.garcia@contoso.example"], &[]),
            &Plan::defaults(&crm, Region::default()),
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(token_calls(&server).await, 2);
    assert_eq!(api_calls(&server).await.len(), 2);
}

#[tokio::test]
async fn limits_and_errors_map_to_clear_errors() {
    let (server, crm) = org().await;
    Mock::given(method("POST"))
        .and(path(format!("{V}/composite")))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!([
            {"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}
        ])))
        .mount(&server)
        .await;
    let err = crm
        .find_customers(
            &keys(&["a@b.example"], &[]),
            &Plan::defaults(&crm, Region::default()),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, CrmError::Throttled { .. }), "{err:?}");

    let (server, crm) = org().await;
    mount_composite(
        &server,
        composite(&[(
            "emailSearch",
            400,
            json!([{"message": "unexpected token: OR", "errorCode": "MALFORMED_QUERY"}]),
        )]),
    )
    .await;
    let err = crm
        .find_customers(
            &keys(&["a@b.example"], &[]),
            &Plan::defaults(&crm, Region::default()),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, CrmError::Upstream(d) if d.contains("MALFORMED_QUERY")),
        "{err:?}"
    );

    let (server, crm) = org().await;
    mount_composite(&server, ResponseTemplate::new(503)).await;
    let err = crm
        .find_customers(
            &keys(&["a@b.example"], &[]),
            &Plan::defaults(&crm, Region::default()),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, CrmError::Upstream(d) if d.contains("503")),
        "{err:?}"
    );
}

#[tokio::test]
async fn api_usage_is_read_from_every_response() {
    let (server, crm) = org().await;
    mount_composite(
        &server,
        composite(&[
            ("emailSearch", 200, search(vec![])),
            ("accounts", 200, query(vec![])),
        ])
        .insert_header("Sforce-Limit-Info", "api-usage=4500/5000; api-bursts=1/750"),
    )
    .await;
    crm.find_customers(
        &keys(&["a@b.example"], &[]),
        &Plan::defaults(&crm, Region::default()),
    )
    .await
    .unwrap();
    assert_eq!(crm.api_usage(), Some((4500, 5000)));
}

#[tokio::test]
async fn fields_come_from_describe_and_are_cached() {
    let (server, crm) = org().await;
    Mock::given(method("GET"))
        .and(path(format!("{V}/sobjects/Contact/describe/")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "name": "Contact", "label": "Contact",
            "fields": [
                {"name": "Id", "label": "Contact ID", "type": "id"},
                {"name": "Secondary_Email__c", "label": "Secondary Email", "type": "email"},
                {"name": "AnnualSpend__c", "label": "Annual spend", "type": "currency"},
                {"name": "MailingAddress", "label": "Mailing Address", "type": "address"}
            ]
        })))
        .mount(&server)
        .await;
    for _ in 0..2 {
        let fields = crm.fields(Entity::Contact).await.unwrap();
        let got: Vec<_> = fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(got, ["AnnualSpend__c", "Secondary_Email__c"]);
    }
    assert_eq!(api_calls(&server).await.len(), 1);
}

#[tokio::test]
async fn create_honours_duplicate_rules_and_names_the_existing_record() {
    let (server, crm) = org().await;
    Mock::given(method("POST"))
        .and(path(format!("{V}/sobjects/Lead/")))
        .and(header(
            "Sforce-Duplicate-Rule-Header",
            "allowSave=false; includeRecordDetails=true; runAsCurrentUser=false",
        ))
        .and(body_string_contains("\"Email\":\"jane@x.example\""))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "00QD000000IqhSLIAZ", "errors": [], "success": true})),
        )
        .mount(&server)
        .await;
    let mut person = NewPerson {
        entity: Entity::Lead,
        first_name: Some("Jane".into()),
        last_name: "Doe".into(),
        email: Some("jane@x.example".into()),
        phone: None,
        company: Some("Contoso".into()),
    };
    let record = crm.create_person(&person).await.unwrap();
    assert_eq!(
        (record.id.as_str(), record.title.as_str()),
        ("00QD000000IqhSLIAZ", "Jane Doe")
    );

    let (server, crm) = org().await;
    Mock::given(method("POST"))
        .and(path(format!("{V}/sobjects/Lead/")))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!([{
            "message": "Use one of these records?",
            "errorCode": "DUPLICATES_DETECTED",
            "fields": [],
            "duplicateResult": {
                "allowSave": false,
                "duplicateRule": "Standard_Lead_Duplicate_Rule",
                "duplicateRuleEntityType": "Lead",
                "errorMessage": "You're creating a duplicate record. We recommend you use an existing record instead.",
                "matchResults": [{
                    "entityType": "Lead", "errors": [], "matchEngine": "FuzzyMatchEngine",
                    "matchRecords": [{
                        "additionalInformation": [], "fieldDiffs": [], "matchConfidence": 100.0,
                        "record": {"attributes": {"type": "Lead", "url": format!("{V}/sobjects/Lead/00QXXXXXXXXXXXXXXX")},
                                   "Id": "00QXXXXXXXXXXXXXXX", "Name": "Jane Doe"}
                    }],
                    "rule": "Standard_Lead_Match_Rule_v1_0", "size": 1, "success": false
                }]
            }
        }])))
        .mount(&server)
        .await;
    person.phone = Some("+1 425 555 0111".into());
    match crm.create_person(&person).await.unwrap_err() {
        CrmError::Duplicate { existing } => {
            assert_eq!(existing.len(), 1);
            assert_eq!(
                (existing[0].id.as_str(), existing[0].title.as_str()),
                ("00QXXXXXXXXXXXXXXX", "Jane Doe")
            );
            assert_eq!(existing[0].entity, Entity::Lead);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_call_is_logged_as_a_task_on_the_contact_and_bad_ids_never_leave() {
    let (server, crm) = org().await;
    Mock::given(method("POST"))
        .and(path(format!("{V}/sobjects/Task/")))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "00TXXXXXXXXXXXXXXX", "errors": [], "success": true})),
        )
        .mount(&server)
        .await;
    let mut call = NewActivity {
        kind: ActivityKind::PhoneCall,
        contact_id: CONTACT_ID.into(),
        subject: "Support call".into(),
        description: None,
        phone_number: None,
    };
    assert_eq!(crm.log_activity(&call).await.unwrap(), "00TXXXXXXXXXXXXXXX");
    let body: Json = serde_json::from_slice(&api_calls(&server).await[0].body).unwrap();
    assert_eq!(body["WhoId"], CONTACT_ID);
    assert_eq!(body["TaskSubtype"], "Call");

    call.contact_id = "003' OR Id != '".into();
    assert!(matches!(
        crm.log_activity(&call).await.unwrap_err(),
        CrmError::Invalid(_)
    ));
    assert_eq!(
        api_calls(&server).await.len(),
        1,
        "nothing sent for a bad id"
    );
}

/// Accepts a token request only if its JWT assertion is signed by the test key and names the
/// right issuer, subject and audience.
struct ValidAssertion;

impl Match for ValidAssertion {
    fn matches(&self, request: &Request) -> bool {
        let form: Vec<(String, String)> = form_urlencoded::parse(&request.body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        if field("grant_type").as_deref() != Some("urn:ietf:params:oauth:grant-type:jwt-bearer") {
            return false;
        }
        let Some(assertion) = field("assertion") else {
            return false;
        };
        let key = jsonwebtoken::DecodingKey::from_rsa_pem(include_bytes!(
            "fixtures/salesforce-test-key.pub.pem"
        ))
        .unwrap();
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
        validation.set_audience(&["https://login.salesforce.com"]);
        validation.set_issuer(&["consumer-key"]);
        validation.sub = Some("sidecard@acme.example".into());
        jsonwebtoken::decode::<Json>(&assertion, &key, &validation).is_ok()
    }
}

#[tokio::test]
async fn the_jwt_bearer_flow_sends_a_signed_assertion() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .and(ValidAssertion)
        .respond_with(token(&server, "sf-jwt"))
        .mount(&server)
        .await;
    mount_composite(
        &server,
        composite(&[
            ("emailSearch", 200, search(vec![])),
            ("accounts", 200, query(vec![])),
        ]),
    )
    .await;
    let auth = SalesforceAuth::JwtBearer {
        client_id: "consumer-key".into(),
        username: "sidecard@acme.example".into(),
        private_key_pem: Secret::new(include_str!("fixtures/salesforce-test-key.pem")),
        audience: "https://login.salesforce.com".into(),
    };
    let crm = SalesforceCrm::new(config(&server, auth)).unwrap();
    crm.find_customers(
        &keys(&["a@b.example"], &[]),
        &Plan::defaults(&crm, Region::default()),
    )
    .await
    .unwrap();
    assert_eq!(
        header_of(&api_calls(&server).await[0], "authorization"),
        "Bearer sf-jwt"
    );
}

#[tokio::test]
async fn an_unusable_private_key_is_refused_at_startup() {
    let server = MockServer::start().await;
    let auth = SalesforceAuth::JwtBearer {
        client_id: "consumer-key".into(),
        username: "u".into(),
        private_key_pem: Secret::new(
            "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n",
        ),
        audience: "https://login.salesforce.com".into(),
    };
    assert!(matches!(
        SalesforceCrm::new(config(&server, auth)),
        Err(CrmError::Auth(_))
    ));
}
