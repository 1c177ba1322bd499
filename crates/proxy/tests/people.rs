//! `POST /api/v1/people` through the router, against a freshly seeded demo CRM: the form's
//! checks, each duplicate policy, the new person found by the next lookup at once, the audit
//! log.

mod common;

use axum::http::StatusCode;
use serde_json::{Value as Json, json};
use sidecard_model::Settings;
use sidecard_model::phone::Region;
use sidecard_model::settings::DuplicatePolicy;
use sidecard_proxy::crm::Connector;
use sidecard_proxy::crm::demo::DemoCrm;
use sidecard_proxy::store::sqlite::SqliteStore;
use sidecard_proxy::store::{AuditLog, SettingsStore};
use sidecard_proxy::{AppState, app};
use std::sync::Arc;
use std::time::Duration;

struct Fixture {
    _dir: tempfile::TempDir,
    app: axum::Router,
    store: Arc<SqliteStore>,
}

/// The demo CRM behind the standalone install, with `policy` saved and a lookup cache.
async fn fixture(policy: DuplicatePolicy) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let crm = DemoCrm::open_or_seed(&dir.path().join("demo.sqlite3"), Region::default()).unwrap();
    let store = Arc::new(SqliteStore::in_memory().unwrap());
    let mut settings = Settings::defaults(|entity| crm.default_fields(entity));
    settings.duplicate_policy = policy;
    store.save("default", &settings).await.unwrap();
    let state = AppState::new(
        Arc::new(crm),
        store.clone(),
        common::options(Some(Duration::from_secs(60))),
    )
    .with_audit(store.clone());
    Fixture {
        _dir: dir,
        app: app(state),
        store,
    }
}

async fn call(f: &Fixture, method: &str, uri: &str, body: Option<Json>) -> (StatusCode, Json) {
    common::call(&f.app, method, uri, body).await
}

async fn create(f: &Fixture, form: Json) -> (StatusCode, Json) {
    call(f, "POST", "/api/v1/people", Some(form)).await
}

async fn lookup(f: &Fixture, query: &str) -> Json {
    let (status, body) = call(f, "GET", &format!("/api/v1/lookup?{query}"), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn audit(f: &Fixture) -> Vec<(String, String)> {
    f.store
        .page("default", None, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.action, r.detail))
        .collect()
}

#[tokio::test]
async fn a_new_contact_is_created_and_the_next_lookup_finds_it_at_once() {
    let f = fixture(DuplicatePolicy::Warn).await;
    // Looked up first: no match, and that answer is kept for a minute.
    let none = lookup(&f, "email=dana.new@fabrikam.example").await;
    assert_eq!(none["customers"], json!([]));
    let (status, record) = create(
        &f,
        json!({"entity": "contact", "first_name": "Dana", "last_name": "New",
               "email": " Dana.New@Fabrikam.example ", "phone": "(425) 555-0199"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    assert_eq!(
        (&record["entity"], &record["title"]),
        (&json!("contact"), &json!("Dana New"))
    );
    // The kept "no match" does not hide her: by email and by the number in another format.
    let found = lookup(&f, "email=dana.new@fabrikam.example").await;
    assert_eq!(found["customers"][0]["person"]["id"], record["id"]);
    let by_phone = lookup(&f, "phone=%2B1%20425%20555%200199").await;
    assert_eq!(by_phone["customers"][0]["person"]["id"], record["id"]);
    let id = record["id"].as_str().unwrap();
    assert_eq!(
        audit(&f).await,
        vec![(
            "person.create".to_owned(),
            format!("contact {id} (Dana New)")
        )]
    );
}

#[tokio::test]
async fn warn_shows_the_likely_duplicates_and_creates_only_when_confirmed() {
    let f = fixture(DuplicatePolicy::Warn).await;
    // Ana García's secondary address, her number typed another way.
    let form = json!({"entity": "contact", "first_name": "Ana", "last_name": "Garcia",
                      "email": "ana@garcia-family.example", "phone": "+1 425-555-0100"});
    let (status, answer) = create(&f, form.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert_eq!(answer["code"], "duplicate");
    assert_eq!(answer["create_anyway"], true);
    assert_eq!(answer["existing"][0]["person"]["title"], "Ana García");
    let reasons = answer["existing"][0]["matched_on"].as_array().unwrap();
    assert_eq!(reasons.len(), 2, "why she matched: {reasons:?}");
    assert!(
        audit(&f).await.is_empty(),
        "nothing created, nothing logged"
    );

    let mut confirmed = form;
    confirmed["create_anyway"] = json!(true);
    let (status, record) = create(&f, confirmed).await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    assert_eq!(audit(&f).await[0].0, "person.create_anyway");
    // Both now show, for the agent to choose.
    let both = lookup(&f, "email=ana@garcia-family.example").await;
    assert_eq!(both["customers"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn block_never_creates_a_likely_duplicate() {
    let f = fixture(DuplicatePolicy::Block).await;
    let form = json!({"entity": "lead", "last_name": "Okafor", "company": "Contoso",
                      "email": "ben.okafor@contoso.example", "create_anyway": true});
    let (status, answer) = create(&f, form).await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert_eq!(
        (
            &answer["create_anyway"],
            &answer["existing"][0]["person"]["title"]
        ),
        (&json!(false), &json!("Ben Okafor"))
    );
    assert!(audit(&f).await.is_empty());
}

#[tokio::test]
async fn allow_creates_whoever_matches() {
    let f = fixture(DuplicatePolicy::Allow).await;
    let (status, record) = create(
        &f,
        json!({"entity": "lead", "first_name": "Ben", "last_name": "Okafor",
               "company": "Okafor Consulting", "email": "ben.okafor@contoso.example"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    assert_eq!(record["entity"], "lead");
}

#[tokio::test]
async fn a_bad_form_is_a_clear_error_and_reaches_no_crm() {
    let f = fixture(DuplicatePolicy::Allow).await;
    let long = "x".repeat(161);
    for (form, status, code, says) in [
        (
            json!({"entity": "contact", "last_name": " "}),
            400,
            "invalid_request",
            "last name is required",
        ),
        (
            json!({"entity": "deal", "last_name": "Doe"}),
            400,
            "invalid_request",
            "not deal",
        ),
        (
            json!({"entity": "contact", "last_name": long}),
            400,
            "invalid_request",
            "longer than 160",
        ),
        (
            json!({"entity": "contact", "last_name": "Doe", "email": "doe@"}),
            400,
            "invalid_email",
            "doe@",
        ),
        (
            json!({"entity": "contact", "last_name": "Doe", "phone": "12"}),
            400,
            "invalid_phone",
            "12",
        ),
        (
            json!({"entity": "contact", "last_name": "Doe", "owner_id": "x"}),
            400,
            "invalid_json",
            "owner_id",
        ),
    ] {
        let (got, body) = create(&f, form.clone()).await;
        assert_eq!(got.as_u16(), status, "{form}: {body}");
        assert_eq!(body["code"], code, "{form}: {body}");
        assert!(
            body["message"].as_str().unwrap().contains(says),
            "{form}: {body}"
        );
    }
    let (status, body) = call(&f, "POST", "/api/v1/people", None).await;
    assert_eq!(
        (status.as_u16(), &body["code"]),
        (400, &json!("invalid_json"))
    );
    let huge = json!({"entity": "contact", "last_name": "x".repeat(80 * 1024)});
    let (status, body) = create(&f, huge).await;
    assert_eq!((status.as_u16(), &body["code"]), (413, &json!("too_large")));
    assert!(audit(&f).await.is_empty());
}

#[tokio::test]
async fn the_form_asks_for_the_admins_fields_and_the_new_person_has_them() {
    let f = fixture(DuplicatePolicy::Allow).await;
    let mut settings = f.store.load("default").await.unwrap().unwrap();
    settings.create_form.contact = vec!["city".into(), "job_title".into()];
    f.store.save("default", &settings).await.unwrap();
    let (status, form) = call(&f, "GET", "/api/v1/people/form", None).await;
    assert_eq!(status, StatusCode::OK, "{form}");
    assert_eq!(
        form["lead"],
        json!([]),
        "the demo CRM requires nothing more"
    );
    assert_eq!(
        form["contact"],
        json!([{"key": "city", "label": "City", "kind": "text"},
               {"key": "job_title", "label": "Job title", "kind": "text"}])
    );
    let (status, record) = create(
        &f,
        json!({"entity": "contact", "last_name": "Field", "email": "field@fabrikam.example",
               "fields": {"job_title": " Buyer ", "city": ""}}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    let shown: Vec<(&str, &str)> = record["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| Some((f["key"].as_str()?, f["value"]["value"].as_str()?)))
        .collect();
    assert!(shown.contains(&("job_title", "Buyer")), "{record}");
    // A field the form does not have is refused before the CRM hears of it.
    let (status, body) = create(
        &f,
        json!({"entity": "contact", "last_name": "Other", "fields": {"country": "PT"}}),
    )
    .await;
    assert_eq!(status.as_u16(), 400, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("\"country\" is not on the create form")
    );
    let found = lookup(&f, "email=field@fabrikam.example").await;
    assert_eq!(found["customers"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_second_address_on_the_form_that_someone_has_is_a_likely_duplicate() {
    let f = fixture(DuplicatePolicy::Warn).await;
    let mut settings = f.store.load("default").await.unwrap().unwrap();
    settings.create_form.contact = vec!["email2".into(), "mobile_phone".into()];
    f.store.save("default", &settings).await.unwrap();
    let (status, answer) = create(
        &f,
        json!({"entity": "contact", "last_name": "Other", "email": "other@fabrikam.example",
               "fields": {"email2": "Ana.Garcia@contoso.example"}}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert_eq!(answer["existing"][0]["person"]["title"], "Ana García");
    // A number that is not one is named, before anything is looked up or created.
    let (status, answer) = create(
        &f,
        json!({"entity": "contact", "last_name": "Other", "fields": {"mobile_phone": "12"}}),
    )
    .await;
    assert_eq!(
        (status.as_u16(), &answer["code"]),
        (400, &json!("invalid_phone"))
    );
}

#[tokio::test]
async fn block_finds_likely_duplicates_among_leads_even_when_lookups_skip_them() {
    let f = fixture(DuplicatePolicy::Block).await;
    let mut settings = f.store.load("default").await.unwrap().unwrap();
    settings.lookup.fall_back_to_leads = false;
    settings.lookup.search_secondary_emails = false;
    f.store.save("default", &settings).await.unwrap();
    // Mei Chen is an open lead, found by her second address.
    let (status, answer) = create(
        &f,
        json!({"entity": "contact", "first_name": "Mei", "last_name": "Chen",
               "email": "mei.chen@gmail.example"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert_eq!(answer["existing"][0]["person"]["title"], "Mei Chen");
}

#[tokio::test]
async fn create_anyway_without_a_likely_duplicate_is_a_plain_create() {
    let f = fixture(DuplicatePolicy::Warn).await;
    let (status, _) = create(
        &f,
        json!({"entity": "contact", "last_name": "Unique", "email": "unique@fabrikam.example",
               "create_anyway": true}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        audit(&f).await[0].0,
        "person.create",
        "nothing was confirmed"
    );
}

#[tokio::test]
async fn calls_without_a_credential_may_not_write_to_a_real_crm() {
    // Anonymous calls allowed (the standalone page), but the CRM is not the demo.
    let state = AppState::new(
        common::Crm::new("acme"),
        Arc::new(SqliteStore::in_memory().unwrap()),
        common::options(None),
    );
    let app = app(state);
    for (method, uri, body) in [
        (
            "POST",
            "/api/v1/people",
            json!({"entity": "contact", "last_name": "Doe"}),
        ),
        (
            "PUT",
            "/api/v1/pins",
            json!({"emails": ["a@b.example"], "entity": "contact", "id": "1"}),
        ),
        ("PUT", "/api/v1/pins", json!({"emails": ["a@b.example"]})),
        (
            "POST",
            "/api/v1/activities",
            json!({"entity": "contact", "id": "1", "conversation": {"id": "1"}}),
        ),
    ] {
        let (status, _) = common::call(&app, method, uri, Some(body)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {uri}");
    }
}
