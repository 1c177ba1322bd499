//! The Dynamics 365 connector's requests and its handling of failures, against wiremock answers
//! shaped as the Dataverse Web API documents them: headers, the exact columns asked for,
//! tokens renewed, throttling, errors, writes, the capped fallback. What lookups find is
//! tested against the strict stand-in org in `dataverse_org.rs`.

mod common;

use common::keys;
use serde_json::{Value as Json, json};
use sidecard_model::phone::Region;
use sidecard_model::{Entity, MatchReason};
use sidecard_proxy::crm::dynamics::{DynamicsConfig, DynamicsCrm};
use sidecard_proxy::crm::{Connector, CrmError, NewPerson, Plan};
use sidecard_proxy::secret::Secret;
use std::time::Duration;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TENANT: &str = "contoso.onmicrosoft.com";
const API: &str = "/api/data/v9.2";
const CONTACT_ID: &str = "8b0d4a1e-34cb-ed11-b596-0022481d68cd";

fn config(server: &MockServer) -> DynamicsConfig {
    DynamicsConfig {
        org_url: server.uri(),
        tenant: TENANT.into(),
        client_id: "11111111-2222-3333-4444-555555555555".into(),
        client_secret: Secret::new("client-secret-value"),
        api_version: "v9.2".into(),
        authority: server.uri(),
        limits: sidecard_proxy::crm::http::Limits {
            timeout: Duration::from_secs(5),
            max_retry_wait: Duration::from_secs(2),
            max_response_bytes: 4 << 20,
        },
        region: Region::default(),
    }
}

/// The default plan without recent activities: these tests replay the lookup's own requests
/// (the activities are one more, tested against the stand-in org in `dataverse_org.rs`).
fn lookup_plan(crm: &DynamicsCrm) -> Plan {
    Plan {
        recent: 0,
        ..Plan::defaults(crm, Region::default())
    }
}

fn token_path() -> String {
    format!("/{TENANT}/oauth2/v2.0/token")
}

fn token(value: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": value
    }))
}

/// A fake org whose token endpoint issues `token-1`, and the connector with `adjust`ed config.
async fn org_with(adjust: impl FnOnce(&mut DynamicsConfig)) -> (MockServer, DynamicsCrm) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(token_path()))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains("client_secret=client-secret-value"))
        .respond_with(token("token-1"))
        .mount(&server)
        .await;
    let mut config = config(&server);
    adjust(&mut config);
    let crm = DynamicsCrm::new(config).unwrap();
    (server, crm)
}

/// A fake org whose token endpoint issues `token-1`.
async fn org() -> (MockServer, DynamicsCrm) {
    org_with(|_| {}).await
}

fn formatted(key: &str) -> String {
    format!("{key}@OData.Community.Display.V1.FormattedValue")
}

fn opportunity(id: &str, name: &str, amount: f64, shown: &str, close: &str, state: u8) -> Json {
    let mut o = json!({
        "@odata.etag": "W/\"4711\"",
        "opportunityid": id,
        "name": name,
        "estimatedvalue": amount,
        "stepname": "2-Develop",
        "estimatedclosedate": close,
        "closeprobability": 40,
        "statecode": state,
        "transactioncurrencyid": { "isocurrencycode": "USD" }
    });
    o[formatted("estimatedvalue")] = json!(shown);
    o[formatted("statecode")] = json!(if state == 0 { "Open" } else { "Won" });
    o
}

/// A contact as Dataverse returns it for our query: the three emails, a phone stored the way
/// a person typed it, the expanded account with its open deals and the contact's own deals.
fn ana() -> Json {
    let mut account = json!({
        "accountid": "78914942-34cb-ed11-b596-0022481d68cd",
        "name": "Contoso Pharmaceuticals",
        "industrycode": 7,
        "websiteurl": "https://contoso.example",
        "telephone1": "+1 425 555 0190",
        "address1_city": "Redmond",
        "revenue": 52_000_000.0,
        "transactioncurrencyid": { "isocurrencycode": "USD" },
        "opportunity_parent_account": [
            opportunity("00000000-0000-0000-0000-0000000000b2", "Cold-chain sensors", 125_000.0, "$125,000.00", "2026-12-20", 0),
            opportunity("00000000-0000-0000-0000-0000000000b1", "Lab equipment renewal", 48_000.0, "$48,000.00", "2027-01-15", 0),
            // A closed deal that slipped through must still never show.
            opportunity("00000000-0000-0000-0000-0000000000b9", "2025 service contract", 72_000.0, "$72,000.00", "2025-11-30", 1)
        ],
        // Deals whose Potential Customer is the account; one is also a parent-account deal.
        "opportunity_customer_accounts": [
            opportunity("00000000-0000-0000-0000-0000000000b4", "Imported renewal", 30_000.0, "$30,000.00", "2027-02-01", 0),
            opportunity("00000000-0000-0000-0000-0000000000b2", "Cold-chain sensors", 125_000.0, "$125,000.00", "2026-12-20", 0)
        ]
    });
    account[formatted("industrycode")] = json!("Pharmaceuticals");
    account[formatted("revenue")] = json!("$52,000,000.00");
    json!({
        "@odata.etag": "W/\"81052965\"",
        "contactid": CONTACT_ID,
        "fullname": "Ana García",
        "jobtitle": "Head of Procurement",
        "emailaddress1": "Ana.Garcia@contoso.example",
        "emailaddress2": "ana@garcia-family.example",
        "emailaddress3": "a.garcia@guild.example",
        "telephone1": "(425) 555-0100",
        "mobilephone": null,
        "telephone2": null,
        "telephone3": null,
        "address1_city": "Redmond",
        "parentcustomerid_account": account,
        "opportunity_parent_contact": [
            // Also an account deal: listed once.
            opportunity("00000000-0000-0000-0000-0000000000b1", "Lab equipment renewal", 48_000.0, "$48,000.00", "2027-01-15", 0),
            opportunity("00000000-0000-0000-0000-0000000000b3", "Training services", 9_500.0, "$9,500.00", "2027-03-31", 0)
        ],
        // A deal an integration created with only its Potential Customer set to her.
        "opportunity_customer_contacts": [
            opportunity("00000000-0000-0000-0000-0000000000b5", "Direct order", 5_000.0, "$5,000.00", "2027-04-30", 0)
        ]
    })
}

fn collection(rows: Vec<Json>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "@odata.context": "https://org.crm.dynamics.com/api/data/v9.2/$metadata#contacts",
        "value": rows
    }))
}

async fn mount_get(server: &MockServer, set: &str, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(format!("{API}/{set}")))
        .respond_with(response)
        .mount(server)
        .await;
}

/// Requests that reached the Web API (not the token endpoint).
async fn api_requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path().starts_with(API))
        .collect()
}

async fn token_requests(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == token_path())
        .count()
}

fn param(request: &Request, name: &str) -> String {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("no {name} in {}", request.url))
}

fn header_of(request: &Request, name: &str) -> String {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn any_email_finds_the_contact_with_account_and_open_deals_in_one_request() {
    let (server, crm) = org().await;
    mount_get(&server, "contacts", collection(vec![ana()])).await;
    for (email, field) in [
        ("ana.garcia@contoso.example", "Email"),
        ("ana@garcia-family.example", "Email 2"),
        ("a.garcia@guild.example", "Email 3"),
    ] {
        let found = crm
            .find_customers(&keys(&[email], &[]), &lookup_plan(&crm))
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "{email}");
        assert!(
            matches!(&found[0].matched_on[..], [MatchReason::Email { field: f, .. }] if f == field),
            "{email}: {:?}",
            found[0].matched_on
        );
    }
    let requests = api_requests(&server).await;
    assert_eq!(requests.len(), 3, "one request per lookup");

    let request = &requests[1];
    assert_eq!(request.url.path(), format!("{API}/contacts"));
    let filter = param(request, "$filter");
    assert!(filter.starts_with("statecode eq 0 and ("), "{filter}");
    for column in ["emailaddress1", "emailaddress2", "emailaddress3"] {
        assert!(
            filter.contains(&format!("{column} eq 'ana@garcia-family.example'")),
            "{filter}"
        );
    }
    let select = param(request, "$select");
    assert!(select.starts_with("contactid,fullname,"), "{select}");
    let expand = param(request, "$expand");
    for part in [
        "parentcustomerid_account($select=accountid,name,",
        "opportunity_parent_account($select=opportunityid,name,",
        "opportunity_parent_contact($select=opportunityid,name,",
        "opportunity_customer_accounts($select=opportunityid,name,",
        "opportunity_customer_contacts($select=opportunityid,name,",
        "$filter=statecode eq 0",
    ] {
        assert!(expand.contains(part), "{part} missing from {expand}");
    }
    assert_eq!(header_of(request, "authorization"), "Bearer token-1");
    assert_eq!(header_of(request, "odata-version"), "4.0");
    assert_eq!(header_of(request, "odata-maxversion"), "4.0");
    assert!(header_of(request, "prefer").contains("OData.Community.Display.V1.FormattedValue"));

    let customer = crm
        .find_customers(
            &keys(&["ana.garcia@contoso.example"], &[]),
            &lookup_plan(&crm),
        )
        .await
        .unwrap()
        .remove(0);
    assert_eq!(customer.person.title, "Ana García");
    assert_eq!(
        customer.person.link.as_ref().map(|l| l.as_str()),
        Some(
            format!(
                "{}/main.aspx?pagetype=entityrecord&etn=contact&id={CONTACT_ID}",
                server.uri()
            )
            .as_str()
        )
    );
    let account = customer.account.unwrap();
    assert_eq!(account.title, "Contoso Pharmaceuticals");
    let industry = account
        .fields
        .iter()
        .find(|f| f.key == "industrycode")
        .unwrap();
    assert_eq!(
        industry.value.display(),
        "Pharmaceuticals",
        "option sets show their label"
    );
    let deals: Vec<_> = customer
        .open_deals
        .iter()
        .map(|d| d.record.title.as_str())
        .collect();
    assert_eq!(
        deals,
        [
            "Cold-chain sensors",
            "Lab equipment renewal",
            "Imported renewal",
            "Training services",
            "Direct order"
        ],
        "every tie to the contact or the account, each deal once, closed ones hidden"
    );
    let first = &customer.open_deals[0];
    assert_eq!(first.amount.as_ref().unwrap().to_string(), "$125,000.00");
    assert_eq!(first.amount.as_ref().unwrap().minor, 12_500_000);
    assert_eq!(first.stage.as_deref(), Some("2-Develop"));
}

/// Regression: the capped fallback (contacts without deals, then one deals query) had no test,
/// and read deals through the parent lookups only.
#[tokio::test]
async fn deals_too_large_to_expand_are_read_apart_through_every_tie() {
    let (server, crm) = org_with(|c| c.limits.max_response_bytes = 64 * 1024).await;
    let expands_deals = |r: &Request| {
        r.url
            .query_pairs()
            .any(|(k, v)| k == "$expand" && v.contains("opportunity_parent_account"))
    };
    // The expanded answer: larger than the cap.
    let mut huge = ana();
    huge["padding"] = json!("x".repeat(100 * 1024));
    Mock::given(method("GET"))
        .and(path(format!("{API}/contacts")))
        .and(expands_deals)
        .respond_with(collection(vec![huge]))
        .mount(&server)
        .await;
    let mut plain = ana();
    let account = plain["parentcustomerid_account"].as_object_mut().unwrap();
    account.remove("opportunity_parent_account");
    account.remove("opportunity_customer_accounts");
    plain
        .as_object_mut()
        .unwrap()
        .remove("opportunity_parent_contact");
    plain
        .as_object_mut()
        .unwrap()
        .remove("opportunity_customer_contacts");
    Mock::given(method("GET"))
        .and(path(format!("{API}/contacts")))
        .and(move |r: &Request| !expands_deals(r))
        .respond_with(collection(vec![plain]))
        .mount(&server)
        .await;
    let account_id = "78914942-34cb-ed11-b596-0022481d68cd";
    // An open deal tied to someone through one lookup column only.
    let tied = |id: &str, name: &str, close: &str, column: &str, to: &str| {
        let mut deal = opportunity(id, name, 1_000.0, "$1,000.00", close, 0);
        deal[column] = json!(to);
        deal
    };
    let by_customer = tied(
        "00000000-0000-0000-0000-0000000000c1",
        "Imported renewal",
        "2027-02-01",
        "_customerid_value",
        account_id,
    );
    let by_parent = tied(
        "00000000-0000-0000-0000-0000000000c2",
        "Cold-chain sensors",
        "2026-12-20",
        "_parentcontactid_value",
        CONTACT_ID,
    );
    let someone_elses = tied(
        "00000000-0000-0000-0000-0000000000c3",
        "Not hers",
        "2026-12-01",
        "_customerid_value",
        "00000000-0000-0000-0000-0000000000ff",
    );
    mount_get(
        &server,
        "opportunities",
        collection(vec![by_customer, by_parent, someone_elses]),
    )
    .await;

    let customer = crm
        .find_customers(
            &keys(&["ana.garcia@contoso.example"], &[]),
            &lookup_plan(&crm),
        )
        .await
        .unwrap()
        .remove(0);
    let deals: Vec<&str> = customer
        .open_deals
        .iter()
        .map(|d| d.record.title.as_str())
        .collect();
    assert_eq!(deals, ["Cold-chain sensors", "Imported renewal"]);
    let requests = api_requests(&server).await;
    assert_eq!(requests.len(), 3, "expanded, then contacts, then deals");
    let filter = param(&requests[2], "$filter");
    for tie in [
        format!("_parentcontactid_value eq {CONTACT_ID}"),
        format!("_customerid_value eq {CONTACT_ID}"),
        format!("_parentaccountid_value eq {account_id}"),
        format!("_customerid_value eq {account_id}"),
    ] {
        assert!(filter.contains(&tie), "{tie} missing from {filter}");
    }
    assert_eq!(param(&requests[2], "$top"), "200");
}

#[tokio::test]
async fn a_rejected_token_is_renewed_once_and_the_request_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(token_path()))
        .respond_with(token("token-1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(token_path()))
        .respond_with(token("token-2"))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{API}/contacts")))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{API}/contacts")))
        .and(header("authorization", "Bearer token-2"))
        .respond_with(collection(vec![ana()]))
        .mount(&server)
        .await;
    let crm = DynamicsCrm::new(config(&server)).unwrap();

    let found = crm
        .find_customers(
            &keys(&["ana.garcia@contoso.example"], &[]),
            &lookup_plan(&crm),
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(token_requests(&server).await, 2);
    assert_eq!(api_requests(&server).await.len(), 2);
}

#[tokio::test]
async fn throttling_is_waited_out_once_when_short_and_reported_when_long() {
    let (server, crm) = org().await;
    Mock::given(method("GET"))
        .and(path(format!("{API}/contacts")))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_get(&server, "contacts", collection(vec![ana()])).await;
    let found = crm
        .find_customers(
            &keys(&["ana.garcia@contoso.example"], &[]),
            &lookup_plan(&crm),
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(api_requests(&server).await.len(), 2);

    let (server, crm) = org().await;
    mount_get(
        &server,
        "contacts",
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "120")
            .set_body_json(json!({"error": {"code": "0x80072322", "message": "Number of requests exceeded the limit of 6000 over time window of 300 seconds."}})),
    )
    .await;
    let err = crm
        .find_customers(
            &keys(&["ana.garcia@contoso.example"], &[]),
            &lookup_plan(&crm),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, CrmError::Throttled { retry_after: Some(d) } if d == Duration::from_secs(120)),
        "{err:?}"
    );
    assert_eq!(
        api_requests(&server).await.len(),
        1,
        "no waiting for two minutes"
    );
}

#[tokio::test]
async fn token_endpoint_failures_are_clear_errors() {
    for (response, expect_auth) in [
        (ResponseTemplate::new(503), false),
        (
            ResponseTemplate::new(400).set_body_json(json!({
                "error": "invalid_client",
                "error_description": "AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x",
                "error_codes": [7000215]
            })),
            true,
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(token_path()))
            .respond_with(response)
            .mount(&server)
            .await;
        let crm = DynamicsCrm::new(config(&server)).unwrap();
        let err = crm.find_customers(&keys(&["a@b.example"], &[]), &lookup_plan(&crm)).await.unwrap_err();
        match (&err, expect_auth) {
            (CrmError::Auth(detail), true) => assert!(detail.contains("AADSTS7000215"), "{detail}"),
            (CrmError::Unavailable(_), false) => {}
            _ => panic!("unexpected {err:?}"),
        }
        assert!(!format!("{err:?}").contains("client-secret-value"), "the secret never shows");
        assert!(api_requests(&server).await.is_empty(), "no API call without a token");
    }
}

#[tokio::test]
async fn web_api_errors_keep_dataverse_code_and_map_permissions_to_auth() {
    let (server, crm) = org().await;
    mount_get(
        &server,
        "contacts",
        ResponseTemplate::new(403).set_body_json(json!({"error": {
            "code": "0x80040220",
            "message": "Principal user (Id=…, type=8) is missing prvReadContact privilege"
        }})),
    )
    .await;
    let err = crm
        .find_customers(&keys(&["a@b.example"], &[]), &lookup_plan(&crm))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, CrmError::Auth(d) if d.contains("prvReadContact")),
        "{err:?}"
    );

    let (server, crm) = org().await;
    mount_get(
        &server,
        "contacts",
        ResponseTemplate::new(500).set_body_string("<html>oops</html>"),
    )
    .await;
    let err = crm
        .find_customers(&keys(&["a@b.example"], &[]), &lookup_plan(&crm))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, CrmError::Upstream(d) if d.contains("500")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_duplicate_is_an_error_listing_the_existing_record() {
    for status in [412, 500] {
        let (server, crm) = org().await;
        Mock::given(method("POST"))
            .and(path(format!("{API}/contacts")))
            .respond_with(ResponseTemplate::new(status).set_body_json(json!({"error": {
                "code": "0x80040333",
                "message": "A record was not created or updated because a duplicate of the current record already exists."
            }})))
            .mount(&server)
            .await;
        mount_get(&server, "contacts", collection(vec![ana()])).await;
        let person = NewPerson {
            entity: Entity::Contact,
            first_name: Some("Ana".into()),
            last_name: "García".into(),
            email: Some("ana.garcia@contoso.example".into()),
            phone: None,
            company: None,
            values: Vec::new(),
            allow_duplicates: false,
        };
        // Both statuses are documented for it (500 on "Detect duplicate data", 412 on "Use
        // optional parameters"): the code decides.
        match crm.create_person(&person).await.unwrap_err() {
            CrmError::Duplicate { existing } => {
                assert_eq!(existing.len(), 1, "{status}");
                assert_eq!(existing[0].title, "Ana García");
            }
            other => panic!("{status}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_proxy_serves_dynamics_lookups_by_configuration_alone() {
    use axum::body::Body;
    use axum::http::Request as HttpRequest;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(token_path()))
        .respond_with(token("token-1"))
        .mount(&server)
        .await;
    mount_get(&server, "contacts", collection(vec![ana()])).await;
    let uri = server.uri();
    let data = tempfile::tempdir().unwrap();
    // A Freshdesk install whose key is "fd-key-1" (its SHA-256 below), on the flags' connection.
    let installs = data.path().join("installs.toml");
    std::fs::write(
        &installs,
        "[[install]]\nid = \"acme\"\nhost = \"freshdesk\"\ndomain = \"acme.freshdesk.com\"\n\
         api_key_sha256 = \"e0d3cbd2bb8b0d2b1ac6e2b4d1b0fd9f0ee0e5b4c7d52c3f0f0b6bc53e1cd9c3\"\n"
            .replace(
                "e0d3cbd2bb8b0d2b1ac6e2b4d1b0fd9f0ee0e5b4c7d52c3f0f0b6bc53e1cd9c3",
                &sha256_hex("fd-key-1"),
            ),
    )
    .unwrap();
    let config = sidecard_proxy::Config::load_from([
        "sidecard-proxy",
        "--installs",
        installs.to_str().unwrap(),
        "--data-dir",
        data.path().to_str().unwrap(),
        "--crm",
        "dynamics",
        "--dynamics-url",
        &uri,
        "--dynamics-authority",
        &uri,
        "--dynamics-tenant",
        TENANT,
        "--dynamics-client-id",
        "11111111-2222-3333-4444-555555555555",
        "--dynamics-client-secret",
        "client-secret-value",
        "--dist",
        "/nonexistent",
    ])
    .unwrap();
    let app = sidecard_proxy::app(
        sidecard_proxy::AppState::from_config(&config)
            .await
            .unwrap(),
    );
    let lookup = |key: Option<&str>| {
        let mut request = HttpRequest::get("/api/v1/lookup?phone=%2B14255550100");
        if let Some(key) = key {
            request = request.header("Authorization", format!("Bearer {key}"));
        }
        app.clone().oneshot(request.body(Body::empty()).unwrap())
    };
    // A real CRM: no credential, or a wrong one, reads nothing (and asks Dataverse nothing).
    assert_eq!(lookup(None).await.unwrap().status(), 401);
    assert_eq!(lookup(Some("fd-key-2")).await.unwrap().status(), 401);
    assert!(api_requests(&server).await.is_empty());
    let response = lookup(Some("fd-key-1")).await.unwrap();
    assert_eq!(response.status(), 200);
    let body: Json =
        serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(body["customers"][0]["person"]["title"], "Ana García");
    assert_eq!(
        body["customers"][0]["account"]["title"],
        "Contoso Pharmaceuticals"
    );
}

#[tokio::test]
async fn a_dataverse_slower_than_the_request_timeout_is_a_timeout() {
    let (server, crm) = org_with(|c| c.limits.timeout = Duration::from_millis(500)).await;
    mount_get(
        &server,
        "contacts",
        collection(vec![ana()]).set_delay(Duration::from_secs(3)),
    )
    .await;
    let err = crm
        .find_customers(
            &keys(&["ana.garcia@contoso.example"], &[]),
            &lookup_plan(&crm),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, CrmError::Timeout(d) if d == Duration::from_millis(500)),
        "{err:?}"
    );
}

/// The admin's choice is the `$select`: a custom column (typed from the cached metadata, a
/// lookup read as `_x_value`) is requested, an unchosen one is not, and hidden cards drop
/// their `$expand`.
#[tokio::test]
async fn the_query_asks_for_exactly_the_chosen_columns() {
    let (server, crm) = org().await;
    Mock::given(method("GET"))
        .and(path(format!("{API}/EntityDefinitions(LogicalName='contact')")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "LogicalName": "contact",
            "Attributes": [
                {"LogicalName": "new_tier", "AttributeType": "Picklist",
                 "DisplayName": {"UserLocalizedLabel": {"Label": "Loyalty tier", "LanguageCode": 1033}}},
                {"LogicalName": "parentcustomerid", "AttributeType": "Customer",
                 "DisplayName": {"UserLocalizedLabel": {"Label": "Company Name", "LanguageCode": 1033}}},
                {"LogicalName": "jobtitle", "AttributeType": "String",
                 "DisplayName": {"UserLocalizedLabel": {"Label": "Job Title", "LanguageCode": 1033}}}
            ]
        })))
        .mount(&server)
        .await;
    let mut row = ana();
    row["new_tier"] = json!(100000001);
    row[formatted("new_tier")] = json!("Gold");
    row["_parentcustomerid_value"] = json!("78914942-34cb-ed11-b596-0022481d68cd");
    row[formatted("_parentcustomerid_value")] = json!("Contoso Pharmaceuticals");
    mount_get(&server, "contacts", collection(vec![row])).await;

    let mut settings = sidecard_model::Settings::defaults(|entity| crm.default_fields(entity));
    settings.contact.fields = vec![
        sidecard_model::FieldChoice::new("new_tier"),
        sidecard_model::FieldChoice::new("_parentcustomerid_value"),
        sidecard_model::FieldChoice::new("gone_since_saved"),
    ];
    settings.account.shown = false;
    settings.deal.shown = false;
    settings.recent_activities = 0;
    let plan = Plan::new(&settings, Region::default());
    for _ in 0..2 {
        let found = crm
            .find_customers(&keys(&["ana.garcia@contoso.example"], &[]), &plan)
            .await
            .unwrap();
        let fields: Vec<_> = found[0]
            .person
            .fields
            .iter()
            .map(|f| (f.label.as_str(), f.value.display()))
            .collect();
        assert_eq!(
            fields,
            [
                ("Loyalty tier", "Gold".to_owned()),
                ("Company Name", "Contoso Pharmaceuticals".to_owned())
            ],
            "a field deleted from the CRM since it was chosen is skipped"
        );
        assert!(found[0].account.is_none() && found[0].open_deals.is_empty());
    }

    let requests = api_requests(&server).await;
    let lookups: Vec<_> = requests
        .iter()
        .filter(|r| r.url.path() == format!("{API}/contacts"))
        .collect();
    let metadata = requests.len() - lookups.len();
    assert_eq!(metadata, 1, "the field list is fetched once, then cached");
    let select = param(lookups[0], "$select");
    assert_eq!(
        select,
        "contactid,fullname,emailaddress1,emailaddress2,emailaddress3,telephone1,mobilephone,\
         telephone2,telephone3,new_tier,_parentcustomerid_value"
    );
    assert!(!select.contains("jobtitle"));
    assert!(
        !lookups[0].url.query_pairs().any(|(k, _)| k == "$expand"),
        "hidden account and deal cards are not expanded: {}",
        lookups[0].url
    );
}

fn sha256_hex(key: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
