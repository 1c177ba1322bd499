//! The Salesforce connector against the strict stand-in org of `sidecard-fakes` (written from
//! Salesforce's documentation: it evaluates the SOQL it receives against its own records and
//! refuses what a real org refuses), and, for writes and failures, against wiremock answers
//! shaped as the REST API documents them.

mod common;

use common::{keys, new_person};
use serde_json::{Value as Json, json};
use sidecard_fakes::salesforce::SalesforceOrg;
use sidecard_model::activity::{Conversation, Direction, Facts, HostKind, LogRequest, LogValue};
use sidecard_model::phone::Region;
use sidecard_model::{Customer, Entity, FieldKind, MatchReason, Value};
use sidecard_proxy::crm::http::Limits;
use sidecard_proxy::crm::salesforce::{SalesforceAuth, SalesforceConfig, SalesforceCrm};
use sidecard_proxy::crm::{ActivityKind, Connector, CrmError, NewActivity, Plan};
use sidecard_proxy::secret::Secret;
use std::time::Duration;
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const V: &str = "/services/data/v61.0";
const TOKEN: &str = "/services/oauth2/token";
const ANA: &str = "ana.garcia@contoso.example";

fn config(uri: &str, auth: SalesforceAuth) -> SalesforceConfig {
    SalesforceConfig {
        url: uri.to_owned(),
        api_version: "v61.0".into(),
        token_url: format!("{uri}{TOKEN}"),
        auth,
        session: Duration::from_secs(7200),
        limits: Limits {
            timeout: Duration::from_secs(5),
            max_retry_wait: Duration::from_secs(1),
            max_response_bytes: 4 << 20,
        },
    }
}

fn client_credentials() -> SalesforceAuth {
    SalesforceAuth::ClientCredentials {
        client_id: "consumer-key".into(),
        client_secret: Secret::new("consumer-secret"),
    }
}

/// The stand-in org served, and the connector signed in to it.
async fn connect(org: SalesforceOrg) -> (MockServer, SalesforceOrg, SalesforceCrm) {
    let (server, org) = org.start().await;
    let crm = SalesforceCrm::new(config(&server.uri(), client_credentials())).unwrap();
    (server, org, crm)
}

fn plan(crm: &SalesforceCrm) -> Plan {
    Plan::defaults(crm, Region::default())
}

/// Ana García of Contoso with her account's open and closed opportunities, and an open and
/// a closed opportunity of Fabrikam she is a contact role on.
fn contoso(org: &SalesforceOrg) -> String {
    let contoso = org.insert(
        "Account",
        json!({ "Name": "Contoso Pharmaceuticals", "Industry": "Healthcare",
                "Website": "contoso.example", "AnnualRevenue": 52000000.0 }),
    );
    let ana = org.insert(
        "Contact",
        json!({ "FirstName": "Ana", "LastName": "García", "AccountId": contoso, "Email": ANA,
                "Phone": "(425) 555-0100", "Title": "Head of Procurement" }),
    );
    for (name, amount, close, closed) in [
        ("Lab equipment renewal", 48000.0, "2027-01-15", false),
        ("Cold-chain sensors", 125000.0, "2026-12-20", false),
        ("Old deal", 1000.0, "2025-01-01", true),
    ] {
        org.insert(
            "Opportunity",
            json!({ "Name": name, "AccountId": contoso, "Amount": amount, "CloseDate": close,
                    "StageName": if closed { "Closed Won" } else { "Proposal/Price Quote" },
                    "IsClosed": closed }),
        );
    }
    let fabrikam = org.insert("Account", json!({ "Name": "Fabrikam" }));
    for (name, closed) in [("Fabrikam pilot", false), ("Fabrikam lost", true)] {
        let deal = org.insert(
            "Opportunity",
            json!({ "Name": name, "AccountId": fabrikam, "Amount": 9000.0,
                    "CloseDate": "2027-03-01", "StageName": "Qualification", "IsClosed": closed }),
        );
        org.insert(
            "OpportunityContactRole",
            json!({ "OpportunityId": deal, "ContactId": ana, "Role": "Evaluator" }),
        );
    }
    ana
}

fn deal_names(customer: &Customer) -> Vec<&str> {
    customer
        .open_deals
        .iter()
        .map(|d| d.record.title.as_str())
        .collect()
}

/// Fetches the org's describes and currency, so what follows counts lookups only.
async fn warm(crm: &SalesforceCrm) {
    crm.fields(Entity::Contact).await.unwrap();
}

#[tokio::test]
async fn an_email_lookup_is_one_api_call_with_account_deals_and_contact_roles() {
    let org = SalesforceOrg::default();
    let ana = contoso(&org);
    let (_server, org, crm) = connect(org).await;
    warm(&crm).await;
    let before = org.api_calls();
    let found = crm
        .find_customers(&keys(&[ANA], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(org.api_calls() - before, 1, "one Composite call");
    assert!(
        org.calls().last().unwrap().url.ends_with("/composite"),
        "{:?}",
        org.calls()
    );
    assert!(
        org.queries().iter().all(|q| q.starts_with("SELECT ")),
        "SOQL only: {:?}",
        org.queries()
    );

    assert_eq!(found.len(), 1);
    let customer = &found[0];
    assert_eq!(customer.person.id, ana);
    assert_eq!(customer.person.title, "Ana García");
    assert_eq!(
        customer.matched_on,
        vec![MatchReason::Email {
            field: "Email".into(),
            value: ANA.into()
        }]
    );
    let account = customer.account.as_ref().unwrap();
    assert_eq!(account.title, "Contoso Pharmaceuticals");
    assert!(
        account
            .fields
            .iter()
            .any(|f| f.key == "Website" && matches!(&f.value, Value::Link(_))),
        "{account:?}"
    );
    assert_eq!(
        deal_names(customer),
        [
            "Cold-chain sensors",
            "Lab equipment renewal",
            "Fabrikam pilot"
        ],
        "open deals of the account and of her contact roles, each once, closed ones hidden"
    );
    for deal in &customer.open_deals {
        assert_eq!(deal.amount.as_ref().unwrap().currency, "USD");
    }
}

#[tokio::test]
async fn the_schema_is_read_once_then_every_lookup_is_one_call() {
    let org = SalesforceOrg::default();
    contoso(&org);
    let (_server, org, crm) = connect(org).await;
    crm.find_customers(&keys(&[ANA], &[]), &plan(&crm))
        .await
        .unwrap();
    // Four describes in one Composite, the org's currency over SOAP, the lookup.
    assert_eq!(org.api_calls(), 3, "{:?}", org.calls());
    for _ in 0..3 {
        crm.find_customers(&keys(&[ANA], &["+14255550100"]), &plan(&crm))
            .await
            .unwrap();
    }
    assert_eq!(org.api_calls(), 6);
    assert_eq!(org.token_requests(), 1);
    assert_eq!(crm.call_count(), 6);
}

#[tokio::test]
async fn secondary_and_custom_email_fields_follow_the_settings() {
    let org = SalesforceOrg::default();
    org.custom_field("Contact", "Work_Email__c", "email", "Work email", true);
    org.custom_field("Contact", "Private_Email__c", "email", "Private", false);
    org.insert(
        "Contact",
        json!({ "LastName": "Secondary", "Email": "main@x.example", "Work_Email__c": "ana@work.example" }),
    );
    let (_server, org, crm) = connect(org).await;
    let mut plan = plan(&crm);
    plan.secondary_emails = false;
    let found = crm
        .find_customers(&keys(&["ana@work.example"], &[]), &plan)
        .await
        .unwrap();
    assert!(found.is_empty(), "primary email only: {found:?}");

    plan.secondary_emails = true;
    let found = crm
        .find_customers(&keys(&["ANA@work.example"], &[]), &plan)
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].matched_on,
        vec![MatchReason::Email {
            field: "Work email".into(),
            value: "ana@work.example".into()
        }]
    );
    assert!(
        org.queries()
            .iter()
            .all(|q| !q.contains("Private_Email__c")),
        "a field that cannot be filtered is not searched"
    );
}

#[tokio::test]
async fn a_number_is_found_in_every_stored_format_and_phone_field() {
    let org = SalesforceOrg::default();
    org.custom_field("Contact", "Pager__c", "phone", "Pager", true);
    for (field, stored) in [
        ("Phone", "(425) 555-0100"),
        ("MobilePhone", "+1 425 555 0100"),
        ("HomePhone", "4255550100"),
        ("Pager__c", "425.555.0100"),
    ] {
        org.insert("Contact", json!({ "LastName": field, field: stored }));
    }
    org.insert(
        "Contact",
        json!({ "LastName": "Else", "Phone": "(425) 555-0199" }),
    );
    let (_server, _org, crm) = connect(org).await;
    let found = crm
        .find_customers(&keys(&[], &["+1 (425) 555-0100"]), &plan(&crm))
        .await
        .unwrap();
    let mut names: Vec<&str> = found.iter().map(|c| c.person.title.as_str()).collect();
    names.sort();
    assert_eq!(names, ["HomePhone", "MobilePhone", "Pager__c", "Phone"]);
    let pager = found.iter().find(|c| c.person.title == "Pager__c").unwrap();
    assert_eq!(
        pager.matched_on,
        vec![MatchReason::Phone {
            field: "Pager".into(),
            value: "425.555.0100".into()
        }]
    );
}

#[tokio::test]
async fn apostrophes_and_wildcards_stay_literal() {
    let org = SalesforceOrg::default();
    org.insert(
        "Contact",
        json!({ "LastName": "O'Brien", "Email": "o'brien%_x@contoso.example" }),
    );
    org.insert(
        "Contact",
        json!({ "LastName": "Obrien", "Email": "obrien@contoso.example" }),
    );
    let (_server, _org, crm) = connect(org).await;
    let found = crm
        .find_customers(&keys(&["o'brien%_x@contoso.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].person.title, "O'Brien");
}

#[tokio::test]
async fn a_shared_email_shows_every_contact() {
    let org = SalesforceOrg::default();
    for name in ["Front desk", "Accounts payable"] {
        org.insert(
            "Contact",
            json!({ "LastName": name, "Email": "info@contoso.example" }),
        );
    }
    let (_server, _org, crm) = connect(org).await;
    let found = crm
        .find_customers(&keys(&["info@contoso.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(
        found.len(),
        2,
        "duplicates are shown, not silently resolved"
    );
}

#[tokio::test]
async fn open_leads_show_only_when_no_contact_matches_and_converted_ones_never() {
    let org = SalesforceOrg::default();
    org.insert(
        "Lead",
        json!({ "LastName": "Open", "Company": "Tailspin", "Email": "lead@tailspin.example", "IsConverted": false }),
    );
    org.insert(
        "Lead",
        json!({ "LastName": "Converted", "Company": "Tailspin", "Email": "lead@tailspin.example", "IsConverted": true }),
    );
    org.insert(
        "Lead",
        json!({ "LastName": "Shadow", "Company": "Contoso", "Email": ANA, "IsConverted": false }),
    );
    contoso(&org);
    let (_server, org, crm) = connect(org).await;
    warm(&crm).await;
    let before = org.api_calls();
    let found = crm
        .find_customers(&keys(&["lead@tailspin.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(
        org.api_calls() - before,
        1,
        "leads are in the same Composite call"
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].person.entity, Entity::Lead);
    assert_eq!(found[0].person.title, "Open");

    let found = crm
        .find_customers(&keys(&[ANA], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].person.entity,
        Entity::Contact,
        "a contact wins over a lead"
    );

    let mut no_leads = plan(&crm);
    no_leads.leads = false;
    let found = crm
        .find_customers(&keys(&["lead@tailspin.example"], &[]), &no_leads)
        .await
        .unwrap();
    assert!(found.is_empty());
}

#[tokio::test]
async fn a_multi_currency_org_shows_each_amount_in_its_own_currency() {
    let org = SalesforceOrg::multi_currency("EUR", &["USD", "DKK"]);
    let account = org.insert(
        "Account",
        json!({ "Name": "Nordisk", "AnnualRevenue": 7500000.0, "CurrencyIsoCode": "DKK" }),
    );
    org.insert(
        "Contact",
        json!({ "LastName": "Jensen", "Email": "j@nordisk.example", "AccountId": account, "CurrencyIsoCode": "DKK" }),
    );
    for (name, currency) in [("In euros", "EUR"), ("In dollars", "USD")] {
        org.insert(
            "Opportunity",
            json!({ "Name": name, "AccountId": account, "Amount": 100.0, "IsClosed": false,
                    "CloseDate": "2027-01-01", "StageName": "Prospecting", "CurrencyIsoCode": currency }),
        );
    }
    let (_server, org, crm) = connect(org).await;
    let found = crm
        .find_customers(&keys(&["j@nordisk.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    let currencies: Vec<(&str, &str)> = found[0]
        .open_deals
        .iter()
        .map(|d| {
            (
                d.record.title.as_str(),
                d.amount.as_ref().unwrap().currency.as_str(),
            )
        })
        .collect();
    assert_eq!(currencies.len(), 2);
    assert!(
        currencies.contains(&("In euros", "EUR")) && currencies.contains(&("In dollars", "USD"))
    );
    let revenue = found[0]
        .account
        .as_ref()
        .unwrap()
        .fields
        .iter()
        .find(|f| f.key == "AnnualRevenue");
    assert!(
        matches!(&revenue.unwrap().value, Value::Money(m) if m.currency == "DKK"),
        "{revenue:?}"
    );
    assert!(
        !org.calls().iter().any(|c| c.url.contains("/Soap/")),
        "every record names its currency: no need to ask the org's"
    );
}

#[tokio::test]
async fn a_single_currency_org_in_euros_shows_euros() {
    let org = SalesforceOrg::new("EUR");
    contoso(&org);
    let (_server, _org, crm) = connect(org).await;
    let found = crm
        .find_customers(&keys(&[ANA], &[]), &plan(&crm))
        .await
        .unwrap();
    assert!(!found[0].open_deals.is_empty());
    for deal in &found[0].open_deals {
        assert_eq!(deal.amount.as_ref().unwrap().currency, "EUR");
    }
}

#[tokio::test]
async fn hidden_cards_are_not_queried() {
    let org = SalesforceOrg::default();
    contoso(&org);
    let (_server, org, crm) = connect(org).await;
    let mut plan = plan(&crm);
    plan.account = None;
    plan.deal = None;
    let found = crm.find_customers(&keys(&[ANA], &[]), &plan).await.unwrap();
    assert!(found[0].account.is_none() && found[0].open_deals.is_empty());
    let lookup: Vec<String> = org
        .queries()
        .into_iter()
        .filter(|q| q.contains(ANA))
        .collect();
    assert!(
        lookup
            .iter()
            .all(|q| !q.contains("Opportunit") && !q.contains("Account.")),
        "{lookup:?}"
    );
}

#[tokio::test]
async fn nobody_found_is_one_call_and_an_empty_answer() {
    let org = SalesforceOrg::default();
    contoso(&org);
    let (_server, org, crm) = connect(org).await;
    warm(&crm).await;
    let before = org.api_calls();
    let found = crm
        .find_customers(
            &keys(&["nobody@nowhere.example"], &["+442079460958"]),
            &plan(&crm),
        )
        .await
        .unwrap();
    assert!(found.is_empty());
    assert_eq!(org.api_calls() - before, 1);
}

#[tokio::test]
async fn an_expired_session_is_renewed_once_and_retried() {
    let org = SalesforceOrg::default();
    contoso(&org);
    let (_server, org, crm) = connect(org).await;
    warm(&crm).await;
    org.expire_sessions();
    let found = crm
        .find_customers(&keys(&[ANA], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(org.token_requests(), 2);
}

#[tokio::test]
async fn api_usage_is_read_from_every_answer() {
    let org = SalesforceOrg::default();
    let (_server, org, crm) = connect(org).await;
    crm.find_customers(&keys(&[ANA], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(crm.api_usage(), Some((org.api_calls() as u64, 15_000)));
}

#[tokio::test]
async fn fields_come_from_describe_with_custom_ones_and_are_cached() {
    let org = SalesforceOrg::default();
    org.custom_field(
        "Contact",
        "AnnualSpend__c",
        "currency",
        "Annual spend",
        true,
    );
    let (_server, org, crm) = connect(org).await;
    for _ in 0..2 {
        let fields = crm.fields(Entity::Contact).await.unwrap();
        assert!(fields.iter().any(|f| f.key == "AnnualSpend__c"));
        assert!(!fields.iter().any(|f| f.key == "Id"));
    }
    let lead = crm.fields(Entity::Lead).await.unwrap();
    assert!(lead.iter().any(|f| f.key == "Company"));
    assert_eq!(
        org.api_calls(),
        2,
        "one Composite of describes and one currency read"
    );
}

/// A wiremock org for writes and failures: its token endpoint only.
async fn mock_org() -> (MockServer, SalesforceCrm) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains("client_secret=consumer-secret"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "sf-1", "instance_url": server.uri(), "token_type": "Bearer",
            "id": "https://login.salesforce.com/id/00DXXXXXXXXXXXXXXX/005XXXXXXXXXXXXXXX",
            "issued_at": "1732190000000", "signature": "c2lnbmF0dXJl"
        })))
        .mount(&server)
        .await;
    let crm = SalesforceCrm::new(config(&server.uri(), client_credentials())).unwrap();
    (server, crm)
}

#[tokio::test]
async fn limits_and_errors_map_to_clear_errors() {
    for (status, body, expect) in [
        (
            403,
            json!([{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}]),
            "throttled",
        ),
        (503, Json::Null, "unavailable"),
        (
            400,
            json!([{"message": "unexpected token: OR", "errorCode": "MALFORMED_QUERY"}]),
            "MALFORMED_QUERY",
        ),
    ] {
        let (server, crm) = mock_org().await;
        Mock::given(method("POST"))
            .and(path(format!("{V}/composite")))
            .respond_with(ResponseTemplate::new(status).set_body_json(body))
            .mount(&server)
            .await;
        let err = crm
            .find_customers(&keys(&["a@b.example"], &[]), &plan(&crm))
            .await
            .unwrap_err();
        match expect {
            "throttled" => assert!(matches!(err, CrmError::Throttled { .. }), "{err:?}"),
            // The CRM saying it is down counts toward opening the connection's circuit.
            "unavailable" => assert!(
                matches!(&err, CrmError::Unavailable(d) if d.contains("503")),
                "{err:?}"
            ),
            text => assert!(
                matches!(&err, CrmError::Upstream(d) if d.contains(text)),
                "{err:?}"
            ),
        }
    }
}

#[tokio::test]
async fn create_meets_the_orgs_duplicate_rules_and_names_the_existing_record() {
    let org = SalesforceOrg::default();
    let jane = org.insert(
        "Lead",
        json!({ "FirstName": "Jane", "LastName": "Doe", "Company": "Contoso",
                "Email": "jane@x.example", "Status": "Open - Not Contacted" }),
    );
    let sam = org.insert(
        "Contact",
        json!({ "LastName": "Roe", "Email": "sam@x.example" }),
    );
    // Leads: a rule that alerts; contacts: one that blocks.
    org.duplicate_rule("Lead", "Email", false);
    org.duplicate_rule("Contact", "Email", true);
    let (_server, org, crm) = connect(org).await;

    let mut lead = new_person(Entity::Lead, "Jane", "Doe", "JANE@x.example");
    match crm.create_person(&lead).await.unwrap_err() {
        CrmError::Duplicate { existing } => {
            let named: Vec<_> = existing
                .iter()
                .map(|r| (r.id.as_str(), r.title.as_str(), r.entity))
                .collect();
            assert_eq!(named, [(jane.as_str(), "Jane Doe", Entity::Lead)]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(org.records("Lead").len(), 1, "nothing created");
    // The agent confirmed: saved past the alerting rule, the required company filled.
    lead.allow_duplicates = true;
    let created = crm.create_person(&lead).await.unwrap();
    assert_eq!(created.title, "Jane Doe");
    let stored = org.records("Lead");
    let row = stored
        .iter()
        .find(|r| r["Id"] == created.id.as_str())
        .unwrap();
    assert_eq!(row["Company"], "Doe");

    // A blocking rule blocks even a confirmed create.
    let mut contact = new_person(Entity::Contact, "Sam", "Roe", "sam@x.example");
    contact.allow_duplicates = true;
    match crm.create_person(&contact).await.unwrap_err() {
        CrmError::Duplicate { existing } => assert_eq!(existing[0].id, sam),
        other => panic!("{other:?}"),
    }
    assert_eq!(org.records("Contact").len(), 1);
}

#[tokio::test]
async fn the_create_form_offers_the_createable_fields_and_the_org_requires_its_own() {
    let org = SalesforceOrg::default();
    org.custom_field("Contact", "Region__c", "string", "Region", true);
    org.require("Contact", "Region__c");
    let (_server, org, crm) = connect(org).await;
    let fields = crm.create_fields(Entity::Contact).await.unwrap();
    let keys: Vec<(&str, bool)> = fields
        .iter()
        .map(|f| (f.key.as_str(), f.required))
        .collect();
    for offered in [
        ("Birthdate", false),
        ("HasOptedOutOfEmail", false),
        ("Title", false),
        ("Region__c", true),
    ] {
        assert!(keys.contains(&offered), "{offered:?} in {keys:?}");
    }
    // Built into every form, set by the org, or not typeable.
    for key in ["LastName", "Email", "Name", "Id", "AccountId"] {
        assert!(!keys.iter().any(|(k, _)| *k == key), "{key} in {keys:?}");
    }
    assert!(crm.create_fields(Entity::Account).await.unwrap().is_empty());

    // Without the required field the org refuses; with the form's values it creates.
    let mut person = new_person(Entity::Contact, "Lena", "Park", "lena@x.example");
    let err = crm.create_person(&person).await.unwrap_err();
    assert!(
        matches!(&err, CrmError::Invalid(m) if m.contains("REQUIRED_FIELD_MISSING") && m.contains("Region__c")),
        "{err:?}"
    );
    person.values = vec![
        (
            "Region__c".into(),
            FieldKind::Text,
            LogValue::Text("EMEA".into()),
        ),
        (
            "Birthdate".into(),
            FieldKind::Date,
            LogValue::Text("1990-02-28".into()),
        ),
        (
            "HasOptedOutOfEmail".into(),
            FieldKind::Bool,
            LogValue::Bool(true),
        ),
    ];
    let created = crm.create_person(&person).await.unwrap();
    let stored = org.records("Contact");
    let row = stored
        .iter()
        .find(|r| r["Id"] == created.id.as_str())
        .unwrap();
    assert_eq!(
        (
            &row["Region__c"],
            &row["Birthdate"],
            &row["HasOptedOutOfEmail"]
        ),
        (&json!("EMEA"), &json!("1990-02-28"), &json!(true))
    );
}

/// Accepts a token request only if its JWT assertion is signed by the test key and names the
/// right issuer, subject and audience.
struct ValidAssertion;

impl ValidAssertion {
    fn holds(form: &[(String, String)]) -> bool {
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
    let (server, org) = SalesforceOrg::default().start().await;
    let auth = SalesforceAuth::JwtBearer {
        client_id: "consumer-key".into(),
        username: "sidecard@acme.example".into(),
        private_key_pem: Secret::new(include_str!("fixtures/salesforce-test-key.pem")),
        audience: "https://login.salesforce.com".into(),
    };
    let crm = SalesforceCrm::new(config(&server.uri(), auth)).unwrap();
    crm.find_customers(&keys(&["a@b.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    let forms = org.token_forms();
    assert_eq!(forms.len(), 1);
    assert!(ValidAssertion::holds(&forms[0]), "{forms:?}");
}

#[tokio::test]
async fn an_unusable_private_key_is_refused_at_startup() {
    let auth = SalesforceAuth::JwtBearer {
        client_id: "consumer-key".into(),
        username: "u".into(),
        private_key_pem: Secret::new(
            "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n",
        ),
        audience: "https://login.salesforce.com".into(),
    };
    assert!(matches!(
        SalesforceCrm::new(config("http://127.0.0.1:9", auth)),
        Err(CrmError::Auth(_))
    ));
}

/// The connector's default mapping for `host`, with the values a call gives.
fn logged(crm: &SalesforceCrm, host: HostKind, entity: Entity, id: &str) -> NewActivity {
    let target = crm.default_log(host).expect("Salesforce logs activities");
    let request = LogRequest {
        emails: Vec::new(),
        phones: Vec::new(),
        entity,
        id: id.into(),
        conversation: Conversation {
            id: "4711".into(),
            subject: Some("Printer on fire".into()),
            url: Some("https://acme.zendesk.com/agent/tickets/4711".into()),
            channel: Some("phone".into()),
            direction: Some(Direction::Inbound),
            duration_secs: Some(95),
        },
        note: Some("Sent a new toner.".into()),
        agent: None,
    };
    NewActivity {
        kind: target.activity,
        entity,
        person_id: id.into(),
        account_id: None,
        values: target.values(&Facts::of(&request)),
        update: None,
    }
}

#[tokio::test]
async fn a_call_is_a_task_about_the_contact_on_their_account_and_is_updated_in_place() {
    let org = SalesforceOrg::default();
    let ana = contoso(&org);
    let account = org.records("Contact")[0]["AccountId"].clone();
    let (_server, org, crm) = connect(org).await;
    let mut call = logged(&crm, HostKind::Dynamics, Entity::Contact, &ana);
    call.account_id = account.as_str().map(str::to_owned);
    let id = crm.log_activity(&call).await.unwrap();
    let tasks = org.records("Task");
    assert_eq!(tasks.len(), 1);
    let task = &tasks[0];
    assert_eq!(task["Id"], id.as_str());
    assert_eq!(task["WhoId"], ana.as_str());
    assert_eq!(task["WhatId"], account);
    assert_eq!(task["TaskSubtype"], "Call");
    assert_eq!(task["Subject"], "Printer on fire");
    assert_eq!(task["Status"], "Completed");
    assert_eq!(task["CallType"], "Inbound");
    assert_eq!(task["CallDurationInSeconds"], 95);
    assert!(
        task["Description"]
            .as_str()
            .unwrap()
            .starts_with("Sent a new toner.")
    );

    // Again, with a new note: the same Task, and no field the org refuses on update.
    call.update = Some(id.clone());
    call.values.retain(|(key, _, _)| key != "Subject");
    call.values.push((
        "Subject".into(),
        FieldKind::Text,
        LogValue::Text("Toner sent".into()),
    ));
    assert_eq!(crm.log_activity(&call).await.unwrap(), id);
    let tasks = org.records("Task");
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0]["Subject"], "Toner sent");

    // A Task deleted since is gone, not recreated by the update.
    call.update = Some("00T000000000999AAA".into());
    assert!(matches!(
        crm.log_activity(&call).await.unwrap_err(),
        CrmError::NotFound(_)
    ));
}

#[tokio::test]
async fn a_task_about_a_lead_is_related_to_nothing_and_bad_input_never_leaves() {
    let org = SalesforceOrg::default();
    let lead = org.insert(
        "Lead",
        json!({ "FirstName": "Priya", "LastName": "Raman", "Company": "Startup Labs" }),
    );
    let (_server, org, crm) = connect(org).await;
    let mut task = logged(&crm, HostKind::Zendesk, Entity::Lead, &lead);
    task.account_id = Some("001000000000001AAA".into());
    crm.log_activity(&task).await.unwrap();
    let tasks = org.records("Task");
    assert_eq!(tasks[0]["WhoId"], lead.as_str());
    assert!(tasks[0].get("WhatId").is_none(), "{:?}", tasks[0]);
    assert_eq!(tasks[0]["TaskSubtype"], "Task");

    let calls = org.api_calls();
    task.person_id = "003' OR Id != '".into();
    assert!(matches!(
        crm.log_activity(&task).await.unwrap_err(),
        CrmError::Invalid(_)
    ));
    // A restricted picklist value the admin mapped is the org's 400, named.
    let mut odd = logged(&crm, HostKind::Zendesk, Entity::Lead, &lead);
    odd.values.push((
        "CallType".into(),
        FieldKind::Choice,
        LogValue::Text("Sideways".into()),
    ));
    let err = crm.log_activity(&odd).await.unwrap_err();
    // The agent sees the org's reason, not "try again".
    assert!(
        matches!(&err, CrmError::Invalid(m) if m.contains("RESTRICTED_PICKLIST")),
        "{err:?}"
    );
    assert_eq!(org.api_calls(), calls + 1, "nothing sent for a bad id");
}

#[tokio::test]
async fn the_log_mapping_offers_the_createable_task_fields_but_the_links() {
    let (_server, _org, crm) = connect(SalesforceOrg::default()).await;
    let fields = crm.activity_fields(ActivityKind::Task).await.unwrap();
    let keys: Vec<&str> = fields.iter().map(|f| f.key.as_str()).collect();
    for expected in [
        "Subject",
        "Description",
        "Status",
        "CallType",
        "CallDurationInSeconds",
    ] {
        assert!(keys.contains(&expected), "{keys:?}");
    }
    for never in ["Id", "WhoId", "WhatId", "TaskSubtype", "CreatedDate"] {
        assert!(!keys.contains(&never), "{keys:?}");
    }
    // The default mapping fits what the org has.
    for host in HostKind::ALL {
        let target = crm.default_log(host).unwrap();
        assert_eq!(target.problems(host, &fields), Vec::<String>::new());
    }
}

#[tokio::test]
async fn the_latest_tasks_come_in_the_same_query_newest_first() {
    let org = SalesforceOrg::default();
    let ana = contoso(&org);
    let dana = org.insert("User", json!({ "Name": "Dana Support" }));
    for (subject, subtype, created, due) in [
        ("Old call", "Call", "2026-10-01T10:00:00.000+0000", None),
        (
            "Renewal pricing questions",
            "Call",
            "2026-11-20T15:04:00.000+0000",
            Some("2026-11-20"),
        ),
        (
            "Send the signed quote",
            "Task",
            "2026-11-24T09:30:00.000+0000",
            None,
        ),
    ] {
        org.insert(
            "Task",
            json!({ "Subject": subject, "TaskSubtype": subtype, "CreatedDate": created,
                    "ActivityDate": due, "WhoId": ana, "OwnerId": dana, "Status": "Completed" }),
        );
    }
    let (_server, org, crm) = connect(org).await;
    warm(&crm).await;
    let before = org.api_calls();
    let plan = Plan {
        recent: 2,
        ..plan(&crm)
    };
    let found = crm.find_customers(&keys(&[ANA], &[]), &plan).await.unwrap();
    assert_eq!(
        org.api_calls() - before,
        1,
        "in the lookup's one Composite call"
    );
    let recent: Vec<(&str, &str, Option<&str>, Option<&str>)> = found[0]
        .recent
        .iter()
        .map(|a| {
            (
                a.kind.as_str(),
                a.subject.as_str(),
                a.when.as_deref(),
                a.owner.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        recent,
        [
            (
                "Task",
                "Send the signed quote",
                Some("2026-11-24T09:30:00.000+00:00"),
                Some("Dana Support")
            ),
            (
                "Call",
                "Renewal pricing questions",
                Some("2026-11-20T15:04:00.000+00:00"),
                Some("Dana Support")
            ),
        ]
    );
    // A card that lists none asks for none.
    let with_tasks = || {
        org.queries()
            .iter()
            .filter(|q| q.contains("FROM Tasks"))
            .count()
    };
    let asked = with_tasks();
    assert!(asked > 0);
    let none = Plan { recent: 0, ..plan };
    crm.find_customers(&keys(&[ANA], &[]), &none).await.unwrap();
    assert_eq!(with_tasks(), asked);
}

#[tokio::test]
async fn the_latest_tasks_carry_the_fields_the_admin_chose() {
    let org = SalesforceOrg::default();
    let ana = contoso(&org);
    org.insert(
        "Task",
        json!({ "Subject": "Renewal pricing questions", "TaskSubtype": "Call",
                "CreatedDate": "2026-11-20T15:04:00.000+0000", "WhoId": ana,
                "Status": "Completed", "CallDurationInSeconds": 720 }),
    );
    let (_server, org, crm) = connect(org).await;
    warm(&crm).await;
    let listed = crm.fields(Entity::Activity).await.unwrap();
    assert!(listed.iter().any(|f| f.key == "Priority"), "{listed:?}");
    let plan = Plan {
        recent: 5,
        activity: vec!["CallDurationInSeconds".into(), "Status".into()],
        ..plan(&crm)
    };
    let before = org.api_calls();
    let found = crm.find_customers(&keys(&[ANA], &[]), &plan).await.unwrap();
    assert_eq!(org.api_calls() - before, 1, "still the lookup's one call");
    let fields: Vec<(&str, Value)> = found[0].recent[0]
        .fields
        .iter()
        .map(|f| (f.key.as_str(), f.value.clone()))
        .collect();
    assert_eq!(
        fields,
        [
            ("CallDurationInSeconds", Value::Number(720.0)),
            ("Status", Value::Choice("Completed".into())),
        ]
    );
    assert!(
        org.queries().iter().any(|q| q.contains(
            "(SELECT Subject, TaskSubtype, ActivityDate, CreatedDate, Owner.Name, CallDurationInSeconds, Status FROM Tasks"
        )),
        "{:?}",
        org.queries()
    );
}
