//! The HTTP connector against a real third-party REST server: json-server (npm), seeded with
//! people, organizations and opportunities in a shape none of the built-in connectors reads,
//! and read through the description shipped in `crms/json-server.toml`.
//!
//! `cargo xtask test` installs json-server and names it in `SIDECARD_JSON_SERVER`; without it
//! these tests say how to get it.

mod common;

use common::keys;
use sidecard_fakes::json_server::JsonServer;
use sidecard_model::phone::Region;
use sidecard_model::{Entity, MatchReason, Money, Value};
use sidecard_proxy::crm::http::Limits;
use sidecard_proxy::crm::rest::HttpCrm;
use sidecard_proxy::crm::rest::describe::Description;
use sidecard_proxy::crm::{Connector, CrmError, Plan};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

fn here() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// json-server over the seed, through the throttling middleware.
struct Server(JsonServer);

impl std::ops::Deref for Server {
    type Target = JsonServer;
    fn deref(&self) -> &JsonServer {
        &self.0
    }
}

impl Server {
    fn start() -> Server {
        Server(JsonServer::start(
            &here().join("tests/rest/db.json"),
            Some(&here().join("tests/rest/throttle.js")),
        ))
    }
}

/// The shipped description with its base URL pointed at `server`, and `edit` applied.
fn description(server: &Server, edit: impl Fn(String) -> String) -> Description {
    let text = std::fs::read_to_string(here().join("../../crms/json-server.toml")).unwrap();
    let text = text.replace(
        "base_url = \"http://127.0.0.1:3000\"",
        &format!("base_url = \"{}\"", server.url),
    );
    Description::parse("json-server.toml", &edit(text)).unwrap()
}

fn limits() -> Limits {
    Limits {
        timeout: Duration::from_secs(5),
        max_retry_wait: Duration::from_secs(2),
        max_response_bytes: 4 << 20,
    }
}

fn connect(server: &Server) -> HttpCrm {
    HttpCrm::new(description(server, |t| t), limits()).unwrap()
}

fn plan(crm: &HttpCrm) -> Plan {
    Plan::defaults(crm, Region::default())
}

#[tokio::test]
async fn an_email_finds_the_person_their_account_and_each_open_deal_once() {
    let server = Server::start();
    let crm = connect(&server);
    // The CRM's field list, read once an hour: not part of what a lookup costs.
    crm.fields(Entity::Contact).await.unwrap();
    let before = crm.call_count();
    let found = crm
        .find_customers(&keys(&["ana.garcia@contoso.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    let ana = &found[0];
    assert_eq!(ana.person.title, "Ana García");
    assert_eq!(ana.person.entity, Entity::Contact);
    assert_eq!(
        ana.person.link.as_ref().unwrap().as_str(),
        "https://crm.example.com/people/1"
    );
    let field = |key: &str| {
        ana.person
            .fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.value.clone())
    };
    assert_eq!(
        field("jobTitle"),
        Some(Value::Text("Head of Procurement".into()))
    );
    assert_eq!(field("vip"), Some(Value::Bool(true)));
    assert_eq!(
        field("since"),
        Some(Value::Date("2021-03-01".parse().unwrap()))
    );
    let account = ana.account.as_ref().unwrap();
    assert_eq!(account.title, "Contoso Pharmaceuticals");
    let revenue = account.fields.iter().find(|f| f.key == "revenue").unwrap();
    assert_eq!(
        revenue.value,
        Value::Money(Money::new(5_200_000_000, "EUR"))
    );
    // Of the person and of the account, each once; won and lost never.
    let deals: Vec<&str> = ana
        .open_deals
        .iter()
        .map(|d| d.record.title.as_str())
        .collect();
    assert_eq!(deals, ["Cold-chain sensors", "Lab equipment renewal"]);
    assert_eq!(
        ana.open_deals[0].amount,
        Some(Money::new(12_500_050, "EUR"))
    );
    assert_eq!(ana.open_deals[1].stage.as_deref(), Some("Proposal"));
    // The search, the account, the deals of the person and of the account.
    assert_eq!(crm.call_count() - before, 4);

    let by_second = crm
        .find_customers(&keys(&["ana@garcia-family.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    assert!(
        by_second.is_empty(),
        "the search names the primary address only"
    );
}

#[tokio::test]
async fn a_number_in_any_stored_format_is_found_by_listing_and_filtering() {
    let server = Server::start();
    let crm = connect(&server);
    let found = crm
        .find_customers(&keys(&[], &["+14255550100"]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].person.id, "1");
    assert_eq!(
        found[0].matched_on,
        [MatchReason::Phone {
            field: "Phone".into(),
            value: "(425) 555-0100".into()
        }]
    );
    let uk = crm
        .find_customers(&keys(&[], &["+442079460958"]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(uk[0].person.title, "Ben Okafor");
}

#[tokio::test]
async fn a_shared_address_shows_everyone_and_a_person_without_an_account_has_none() {
    let server = Server::start();
    let crm = connect(&server);
    let found = crm
        .find_customers(&keys(&["shared@contoso.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    let names: Vec<&str> = found.iter().map(|c| c.person.title.as_str()).collect();
    assert_eq!(names, ["Ben Okafor", "Carla Silva"]);
    let carla = &found[1];
    assert!(carla.account.is_none());
    // Her deal without a state is left out (and logged), the open one shows.
    let deals: Vec<&str> = carla
        .open_deals
        .iter()
        .map(|d| d.record.title.as_str())
        .collect();
    assert_eq!(deals, ["Carla's pilot"]);
}

#[tokio::test]
async fn leads_show_only_when_no_customer_matches() {
    let server = Server::start();
    let crm = connect(&server);
    let priya = crm
        .find_customers(&keys(&["priya@startup.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(priya[0].person.entity, Entity::Lead);
    let no_leads = Plan {
        leads: false,
        ..plan(&crm)
    };
    assert!(
        crm.find_customers(&keys(&["priya@startup.example"], &[]), &no_leads)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn paging_stops_at_the_row_cap() {
    let server = Server::start();
    let small = description(&server, |t| {
        t.replace("max_rows = 50", "max_rows = 3")
            .replace("size = 20", "size = 2")
    });
    let crm = HttpCrm::new(small, limits()).unwrap();
    // Ben (row 2) is within the first three rows; Priya is a lead, Dan is row 4: past the cap.
    let ben = crm
        .find_customers(&keys(&[], &["+442079460958"]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(ben.len(), 1);
    let before = crm.call_count();
    let dan = crm
        .find_customers(&keys(&[], &["+12065550123"]), &plan(&crm))
        .await
        .unwrap();
    assert!(dan.is_empty());
    assert_eq!(
        crm.call_count() - before,
        2,
        "two pages of two, then the cap"
    );
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out() {
    let server = Server::start();
    let crm = connect(&server);
    let dan = crm
        .find_customers(&keys(&["busy@contoso.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(dan[0].person.title, "Dan Busy");
}

#[tokio::test]
async fn a_row_missing_its_id_is_left_out_and_a_missing_list_is_an_error() {
    let server = Server::start();
    let crm = connect(&server);
    let nobody = crm
        .find_customers(&keys(&["noid@contoso.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    assert!(nobody.is_empty());
    let wrong = description(&server, |t| {
        t.replacen(
            "[contact.answer]\n",
            "[contact.answer]\nrows = \"/items\"\n",
            1,
        )
    });
    let crm = HttpCrm::new(wrong, limits()).unwrap();
    let err = crm
        .find_customers(&keys(&["ana.garcia@contoso.example"], &[]), &plan(&crm))
        .await
        .unwrap_err();
    match err {
        CrmError::Upstream(m) => assert!(m.starts_with("contact.answer.rows"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn each_mistake_in_a_description_is_named_with_its_line_and_key() {
    let shipped = std::fs::read_to_string(here().join("../../crms/json-server.toml")).unwrap();
    let cases: [(&str, &str, &str); 6] = [
        (
            "path = \"/people\"",
            "path = \"people\"",
            "contact.by_email.path",
        ),
        ("id = \"/id\"", "id = \"id\"", "contact.answer.id"),
        (
            "type = \"boolean\"",
            "type = \"yes-no\"",
            "contact.answer.fields.vip.type",
        ),
        (
            "query = { personId = \"{person_id}\" }",
            "query = { personId = \"{email}\" }",
            "deal.of_person",
        ),
        ("kind = \"none\"", "kind = \"bearer\"", "auth"),
        ("max_rows = 50", "max_rows = 50\ncolour = 1", "(syntax)"),
    ];
    for (from, to, key) in cases {
        let broken = shipped.replacen(from, to, 1);
        let err = Description::parse("crm.toml", &broken).unwrap_err();
        assert_eq!(err.key, key, "{from} → {to}: {err}");
        assert!(err.to_string().starts_with("crm.toml:"), "{err}");
        if key == "auth" {
            // A missing secret keeps no position: the [auth] table's line.
            let table = broken.lines().position(|l| l == "[auth]").unwrap() + 1;
            assert_eq!(err.line, table, "{err}");
        } else {
            let line = broken
                .lines()
                .position(|l| l.contains(to.lines().last().unwrap()))
                .unwrap()
                + 1;
            assert_eq!(err.line, line, "{err}");
        }
    }
    assert!(Description::parse("crm.toml", &shipped).is_ok());
}

#[test]
fn check_crm_prints_every_request_and_row_and_no_secret() {
    let server = Server::start();
    let text = std::fs::read_to_string(here().join("../../crms/json-server.toml"))
        .unwrap()
        .replace(
            "base_url = \"http://127.0.0.1:3000\"",
            &format!("base_url = \"{}\"", server.url),
        )
        .replace(
            "kind = \"none\"",
            "kind = \"bearer\"\ntoken_env = \"CHECK_CRM_TOKEN\"",
        );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("crm.toml");
    std::fs::write(&file, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_check-crm"))
        .arg(&file)
        .args(["--email", "ana.garcia@contoso.example"])
        .env("CHECK_CRM_TOKEN", "s3cr3t-token-value")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!("contact.answer: GET {}/people", server.url)),
        "{stdout}"
    );
    assert!(
        stdout.contains("row 1: contact \"Ana García\" (1)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("deal row"),
        "closed deals are named: {stdout}"
    );
    assert!(stdout.contains("1 found"), "{stdout}");
    assert!(!stdout.contains("s3cr3t-token-value"), "{stdout}");

    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "base_url = \"ftp://x\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_check-crm"))
        .arg(&broken)
        .args(["--email", "a@b.example"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.toml:"), "{stderr}");
}

#[test]
fn every_shipped_description_reads() {
    let dir = here().join("../../crms");
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            Description::load(&path).unwrap_or_else(|e| panic!("{e}"));
            read += 1;
        }
    }
    assert!(read >= 2, "json-server and Pipedrive");
}

#[tokio::test]
async fn link_headers_and_cursors_page_through_a_list() {
    // json-server's `Link: <…>; rel="next"`.
    let server = Server::start();
    let linked = description(&server, |t| {
        t.replace(
            "query = { kind = \"customer\" }\npaging = { kind = \"page\", param = \"_page\", size_param = \"_limit\", size = 20 }",
            "query = { kind = \"customer\", _page = \"1\", _limit = \"2\" }\npaging = { kind = \"link\" }",
        )
    });
    let crm = HttpCrm::new(linked, limits()).unwrap();
    let dan = crm
        .find_customers(&keys(&[], &["+12065550123"]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(dan[0].person.title, "Dan Busy", "on the second page");

    // An opaque cursor in the answer, sent back until none comes.
    use wiremock::matchers::{method, path, query_param, query_param_is_missing};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let api = MockServer::start().await;
    let person = |id: u32, email: &str| serde_json::json!({ "id": id, "name": format!("P{id}"), "email": email });
    Mock::given(method("GET"))
        .and(path("/people"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": [person(1, "a@x.example")], "next": "c2" })))
        .expect(1)
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(path("/people"))
        .and(query_param("cursor", "c2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": [person(2, "b@x.example")], "next": null })))
        .expect(1)
        .mount(&api)
        .await;
    let text = format!(
        r#"base_url = "{}"
[contact]
emails = ["/email"]
[contact.by_email]
path = "/people"
paging = {{ kind = "cursor", param = "cursor", next = "/next" }}
[contact.answer]
rows = "/data"
id = "/id"
title = "/name"
"#,
        api.uri()
    );
    let crm = HttpCrm::new(Description::parse("cursor.toml", &text).unwrap(), limits()).unwrap();
    let found = crm
        .find_customers(&keys(&["b@x.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(found[0].person.title, "P2");
}

#[tokio::test]
async fn each_auth_kind_sends_its_credential_and_nothing_else() {
    use wiremock::matchers::{body_string_contains, header, method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let people = serde_json::json!([{ "id": 1, "name": "Ana", "email": "ana@x.example" }]);
    let description = |url: &str, auth: &str| {
        format!(
            r#"base_url = "{url}"
[auth]
{auth}
[contact]
emails = ["/email"]
[contact.by_email]
path = "/people"
[contact.answer]
id = "/id"
title = "/name"
"#
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret");
    std::fs::write(&secret, "s3cret\n").unwrap();
    let secret = secret.to_str().unwrap();
    // (auth table, the one thing the CRM must receive)
    let cases: [(String, wiremock::MockBuilder); 4] = [
        (
            format!("kind = \"bearer\"\ntoken_file = \"{secret}\""),
            Mock::given(header("authorization", "Bearer s3cret")),
        ),
        (
            format!("kind = \"basic\"\nusername = \"sidecard\"\npassword_file = \"{secret}\""),
            // base64("sidecard:s3cret")
            Mock::given(header("authorization", "Basic c2lkZWNhcmQ6czNjcmV0")),
        ),
        (
            format!("kind = \"api_key\"\nheader = \"X-Api-Key\"\nkey_file = \"{secret}\""),
            Mock::given(header("x-api-key", "s3cret")),
        ),
        (
            format!("kind = \"api_key\"\nquery = \"api_token\"\nkey_file = \"{secret}\""),
            Mock::given(query_param("api_token", "s3cret")),
        ),
    ];
    for (auth, expected) in cases {
        let api = MockServer::start().await;
        expected
            .and(method("GET"))
            .and(path("/people"))
            .respond_with(ResponseTemplate::new(200).set_body_json(&people))
            .expect(1)
            .mount(&api)
            .await;
        let text = description(&api.uri(), &auth);
        let crm = HttpCrm::new(Description::parse("auth.toml", &text).unwrap(), limits()).unwrap();
        let found = crm
            .find_customers(&keys(&["ana@x.example"], &[]), &plan(&crm))
            .await
            .unwrap_or_else(|e| panic!("{auth}: {e:?}"));
        assert_eq!(found.len(), 1, "{auth}");
        for request in api.received_requests().await.unwrap() {
            let sent = format!("{:?}", request.headers);
            if !auth.contains("header") && !auth.contains("bearer") && !auth.contains("basic") {
                assert!(
                    !sent.to_lowercase().contains("authorization"),
                    "{auth}: {sent}"
                );
            }
        }
    }

    // OAuth client credentials: a token from the token endpoint, then the bearer.
    let api = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains("client_secret=s3cret"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "issued-1", "token_type": "Bearer", "expires_in": 3600 })))
        .expect(1)
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(path("/people"))
        .and(header("authorization", "Bearer issued-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&people))
        .expect(1)
        .mount(&api)
        .await;
    let auth = format!(
        "kind = \"oauth\"\ntoken_url = \"{}/token\"\nclient_id = \"sidecard\"\nsecret_file = \"{secret}\"",
        api.uri()
    );
    let text = description(&api.uri(), &auth);
    let crm = HttpCrm::new(Description::parse("oauth.toml", &text).unwrap(), limits()).unwrap();
    let found = crm
        .find_customers(&keys(&["ana@x.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
}

#[test]
fn searches_and_deals_are_checked_for_what_they_need() {
    let shipped = std::fs::read_to_string(here().join("../../crms/json-server.toml")).unwrap();
    let cases: [(&str, &str, &str); 4] = [
        (
            "query = { \"contact.emailAddress\" = \"{email}\", kind = \"customer\" }",
            "query = { \"contact.emailAddress\" = \"{e164}\", kind = \"customer\" }",
            "contact.by_email",
        ),
        ("currency = \"/value/currency\"\n", "", "deal.currency"),
        (
            "base_url = \"http://127.0.0.1:3000\"",
            "base_url = \"https://user:pass@crm.example\"",
            "base_url",
        ),
        ("[contact.by_email]\n", "[contact.by_mail]\n", "(syntax)"),
    ];
    for (from, to, key) in cases {
        assert!(shipped.contains(from), "{from}");
        let err = Description::parse("crm.toml", &shipped.replacen(from, to, 1)).unwrap_err();
        assert_eq!(err.key, key, "{from} → {to}: {err}");
    }
}

#[tokio::test]
async fn an_api_that_answers_only_the_fields_asked_for_is_asked_for_the_chosen_ones() {
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/people"))
        .and(query_param("email", "ana@x.example"))
        .and(query_param("select", "id,name,email,city"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
            { "id": 1, "name": "Ana", "email": "ana@x.example", "city": "Lisbon" }
        ])))
        .expect(1)
        .mount(&api)
        .await;
    let text = format!(
        r#"base_url = "{}"
[contact]
emails = ["/email"]
[contact.by_email]
path = "/people"
query = {{ email = "{{email}}", select = "id,name,email,{{fields}}" }}
[contact.answer]
id = "/id"
title = "/name"
fields = [
  {{ key = "job", label = "Job title", path = "/job_title", type = "text", name = "job_title" }},
  {{ key = "city", label = "City", path = "/city", type = "text", name = "city" }},
]
"#,
        api.uri()
    );
    let crm = HttpCrm::new(Description::parse("select.toml", &text).unwrap(), limits()).unwrap();
    let plan = Plan {
        contact: vec!["city".into()],
        ..plan(&crm)
    };
    let found = crm
        .find_customers(&keys(&["ana@x.example"], &[]), &plan)
        .await
        .unwrap();
    assert_eq!(
        found[0].person.fields[0].value,
        Value::Text("Lisbon".into()),
        "only the chosen field, asked for by its API name"
    );
}

#[tokio::test]
async fn the_crms_own_field_list_is_offered_and_read() {
    let server = Server::start();
    let crm = connect(&server);
    let fields = crm.fields(Entity::Contact).await.unwrap();
    let tier = fields.iter().find(|f| f.key == "loyaltyTier").unwrap();
    assert_eq!(tier.label, "Loyalty tier");
    assert_eq!(tier.kind, sidecard_model::FieldKind::Choice);
    assert!(
        !fields.iter().any(|f| f.key == "photo"),
        "a type the description does not map"
    );
    let titles: Vec<&str> = fields
        .iter()
        .filter(|f| f.key == "jobTitle")
        .map(|f| f.label.as_str())
        .collect();
    assert_eq!(titles, ["Job title"], "the declared field wins");
    let chosen = Plan {
        contact: vec!["loyaltyTier".into()],
        ..plan(&crm)
    };
    let ana = crm
        .find_customers(&keys(&["ana.garcia@contoso.example"], &[]), &chosen)
        .await
        .unwrap();
    assert_eq!(ana[0].person.fields[0].value, Value::Choice("Gold".into()));
}
