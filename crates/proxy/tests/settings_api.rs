//! The settings API in-process on the demo CRM and a real settings file: every status it
//! answers with, and who may save.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value as Json, json};
use sidecard_proxy::{AppState, Config, app};
use tower::ServiceExt;

const ADMIN_KEY: &str = "admin-key-for-tests-0123456789abcdef";

async fn demo(admin_key: Option<&str>) -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![
        "sidecard-proxy".to_owned(),
        "--data-dir".into(),
        dir.path().to_str().unwrap().into(),
        "--dist".into(),
        "/nonexistent".into(),
    ];
    if let Some(key) = admin_key {
        args.extend(["--admin-key".into(), key.into()]);
    }
    let config = Config::load_from(args).unwrap();
    let state = AppState::from_config(&config).await.unwrap();
    // The demo makes up a key per run when none is configured; `None` here means none at all.
    let state = match admin_key {
        Some(_) => state,
        None => state.with_admin_key(None),
    };
    (dir, app(state))
}

async fn call(app: &Router, request: Request<Body>) -> (StatusCode, Json) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Json::Null))
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Json) {
    call(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn put(app: &Router, key: Option<&str>, body: impl Into<Body>) -> (StatusCode, Json) {
    let mut request =
        Request::put("/api/v1/settings").header(header::CONTENT_TYPE, "application/json");
    if let Some(key) = key {
        request = request.header(header::AUTHORIZATION, format!("Bearer {key}"));
    }
    call(app, request.body(body.into()).unwrap()).await
}

async fn put_json(app: &Router, key: Option<&str>, doc: &Json) -> (StatusCode, Json) {
    put(app, key, doc.to_string()).await
}

#[tokio::test]
async fn a_new_install_reads_the_connector_defaults() {
    let (_dir, app) = demo(None).await;
    let (status, doc) = get(&app, "/api/v1/settings").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["version"], 0);
    assert_eq!(doc["contact"]["fields"][0], json!({"key": "job_title"}));
    assert_eq!(doc["deal"]["max_shown"], 5);
    assert_eq!(doc["duplicate_policy"], "warn");
    // The host's other addresses and numbers have somewhere to go from the start.
    assert_eq!(
        doc["create_form"],
        json!({"contact": ["email2", "mobile_phone"], "lead": ["email2", "mobile_phone"]})
    );
}

#[tokio::test]
async fn the_admin_saves_and_everyone_reads_the_new_version() {
    let (_dir, app) = demo(Some(ADMIN_KEY)).await;
    let (_, mut doc) = get(&app, "/api/v1/settings").await;
    doc["contact"]["fields"] =
        json!([{"key": "email2", "label": "Personal email"}, {"key": "city"}]);
    let (status, saved) = put_json(&app, Some(ADMIN_KEY), &doc).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["version"], 1);
    let (_, read) = get(&app, "/api/v1/settings").await;
    assert_eq!(read, saved);
}

#[tokio::test]
async fn agents_and_wrong_keys_get_403_and_nothing_changes() {
    let (_dir, app) = demo(Some(ADMIN_KEY)).await;
    let (_, doc) = get(&app, "/api/v1/settings").await;
    for key in [None, Some("agent-credential"), Some("admin-key-for-tests ")] {
        let (status, body) = put_json(&app, key, &doc).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{key:?}");
        assert_eq!(body["code"], "forbidden");
    }
    assert_eq!(get(&app, "/api/v1/settings").await.1["version"], 0);

    let (_dir, read_only) = demo(None).await;
    let (status, body) = put_json(&read_only, Some(ADMIN_KEY), &doc).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("no admin key is configured")
    );
}

#[tokio::test]
async fn a_demo_run_without_a_key_makes_one_up_each_run() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::load_from([
        "sidecard-proxy",
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--dist",
        "/nonexistent",
    ])
    .unwrap();
    let demo = AppState::from_config(&config).await.unwrap();
    let key = demo.admin_key.as_ref().expect("a key for this demo run");
    assert_eq!(key.expose().len(), 64, "two random UUIDs, hex");
    let other = AppState::from_config(&config).await.unwrap();
    assert_ne!(
        other.admin_key.unwrap().expose(),
        key.expose(),
        "a new key every run"
    );
}

#[tokio::test]
async fn a_save_based_on_an_old_version_is_a_409() {
    let (_dir, app) = demo(Some(ADMIN_KEY)).await;
    let (_, doc) = get(&app, "/api/v1/settings").await;
    assert_eq!(
        put_json(&app, Some(ADMIN_KEY), &doc).await.0,
        StatusCode::OK
    );
    let (status, body) = put_json(&app, Some(ADMIN_KEY), &doc).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["code"], "conflict");
    assert!(
        body["message"].as_str().unwrap().contains("Reload"),
        "{body}"
    );
}

#[tokio::test]
async fn problems_are_a_422_naming_each_one() {
    let (_dir, app) = demo(Some(ADMIN_KEY)).await;
    let (_, mut doc) = get(&app, "/api/v1/settings").await;
    doc["contact"]["fields"] = json!([{"key": "shoe_size"}, {"key": "city"}, {"key": "city"}]);
    let (status, body) = put_json(&app, Some(ADMIN_KEY), &doc).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "invalid_settings");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("`shoe_size`, which is not a Contact field"),
        "{message}"
    );
    assert!(message.contains("lists `city` twice"), "{message}");
    // The same problems one by one, for the settings page to list.
    assert_eq!(body["problems"].as_array().unwrap().len(), 2, "{body}");
    assert!(body["problems"][1].as_str().unwrap().contains("twice"));

    // The create form may ask only for what a new contact or lead can be given.
    doc["contact"]["fields"] = json!([{"key": "city"}]);
    doc["create_form"] = json!({"contact": ["city", "city"], "lead": ["source"]});
    let (status, body) = put_json(&app, Some(ADMIN_KEY), &doc).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let problems: Vec<&str> = body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Json::as_str)
        .collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("\"city\" twice"), "{problems:?}");
    assert!(problems[1].contains("\"source\""), "{problems:?}");
    doc["create_form"] = json!({"contact": ["city"]});
    let (status, body) = put_json(&app, Some(ADMIN_KEY), &doc).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, fields) = get(&app, "/api/v1/schema/create/lead").await;
    let keys: Vec<&str> = fields
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["key"].as_str())
        .collect();
    assert!(
        keys.contains(&"job_title") && !keys.contains(&"source"),
        "{keys:?}"
    );
    assert_eq!(
        get(&app, "/api/v1/schema/create/deal").await.0,
        StatusCode::NOT_FOUND
    );

    let too_many: Vec<Json> = (0..101).map(|_| json!({"key": "city"})).collect();
    doc["contact"]["fields"] = Json::Array(too_many);
    let (status, body) = put_json(&app, Some(ADMIN_KEY), &doc).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("101 fields; the most is 100")
    );
}

#[tokio::test]
async fn bad_bodies_are_refused_with_what_is_wrong() {
    let (_dir, app) = demo(Some(ADMIN_KEY)).await;
    let (status, body) = put(&app, Some(ADMIN_KEY), "{\"contact\": ").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "invalid_json");

    let (_, mut doc) = get(&app, "/api/v1/settings").await;
    doc["colour"] = json!("blue");
    let (status, body) = put_json(&app, Some(ADMIN_KEY), &doc).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `colour`"),
        "{body}"
    );

    let huge = format!("{{\"pad\": \"{}\"}}", "x".repeat(300 * 1024));
    let (status, body) = put(&app, Some(ADMIN_KEY), huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["code"], "too_large");
    assert_eq!(
        get(&app, "/api/v1/settings").await.1["version"],
        0,
        "nothing saved"
    );
}

#[tokio::test]
async fn the_schema_lists_each_entitys_fields() {
    let (_dir, app) = demo(None).await;
    let (status, fields) = get(&app, "/api/v1/schema/contact").await;
    assert_eq!(status, StatusCode::OK);
    let keys: Vec<_> = fields
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert!(
        keys.contains(&"email2") && keys.contains(&"mobile_phone"),
        "{keys:?}"
    );
    assert_eq!(fields[0]["kind"], "text");
    let (status, body) = get(&app, "/api/v1/schema/widget").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "not_found");
}

#[tokio::test]
async fn saved_settings_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let start = || async {
        let config = Config::load_from([
            "sidecard-proxy",
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--admin-key",
            ADMIN_KEY,
            "--dist",
            "/nonexistent",
        ])
        .unwrap();
        app(AppState::from_config(&config).await.unwrap())
    };
    let first = start().await;
    let (_, mut doc) = get(&first, "/api/v1/settings").await;
    doc["deal"]["max_shown"] = json!(9);
    assert_eq!(
        put_json(&first, Some(ADMIN_KEY), &doc).await.0,
        StatusCode::OK
    );
    drop(first);
    let (_, read) = get(&start().await, "/api/v1/settings").await;
    assert_eq!(read["deal"]["max_shown"], 9);
    assert_eq!(read["version"], 1);
}

/// The settings decide what is fetched and what is answered: a column nobody chose is neither
/// read from the demo CRM (the test drops it from the database, so reading it would fail) nor
/// present anywhere in the answer.
#[tokio::test]
async fn lookups_fetch_and_answer_only_the_chosen_fields() {
    let (dir, app) = demo(Some(ADMIN_KEY)).await;
    let lookup = "/api/v1/lookup?email=ana.garcia%40contoso.example";
    let (status, before) = get(&app, lookup).await;
    assert_eq!(status, StatusCode::OK, "{before}");
    assert!(before.to_string().contains("Head of Procurement"));

    let db = rusqlite::Connection::open(dir.path().join("demo-crm.sqlite3")).unwrap();
    db.execute_batch("ALTER TABLE contacts DROP COLUMN job_title")
        .unwrap();
    let (_, doc) = get(&app, "/api/v1/settings").await;
    // Cached answers are keyed by the settings version; this one is still the old one.
    assert_eq!(get(&app, lookup).await.0, StatusCode::OK);

    let mut doc = doc;
    doc["contact"]["fields"] = json!([
        {"key": "mobile_phone"},
        {"key": "email2", "label": "Personal email"},
        {"key": "city"}
    ]);
    doc["account"]["fields"] = json!([{"key": "website"}]);
    doc["deal"]["fields"] = json!([{"key": "probability", "label": "Chance"}]);
    doc["deal"]["max_shown"] = json!(1);
    let (status, saved) = put_json(&app, Some(ADMIN_KEY), &doc).await;
    assert_eq!(status, StatusCode::OK, "{saved}");

    let (status, after) = get(&app, lookup).await;
    assert_eq!(status, StatusCode::OK, "{after}");
    let c = &after["customers"][0];
    let rows: Vec<(String, String)> = c["person"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["key"].as_str().unwrap().into(),
                f["label"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("mobile_phone".into(), "Mobile phone".into()),
            ("email2".into(), "Personal email".into()),
            ("city".into(), "City".into())
        ]
    );
    let keys = |v: &Json| -> Vec<String> {
        v["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["key"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(keys(&c["account"]), ["website"]);
    assert_eq!(c["open_deals"].as_array().unwrap().len(), 1);
    assert_eq!(keys(&c["open_deals"][0]["record"]), ["probability"]);
    assert_eq!(c["open_deals"][0]["record"]["fields"][0]["label"], "Chance");
    assert_eq!(
        c["more_deals"], 2,
        "Ana and her account have three open deals"
    );
    let text = after.to_string();
    for absent in [
        "job_title",
        "Head of Procurement",
        "industry",
        "annual_revenue",
        "email3",
    ] {
        assert!(!text.contains(absent), "{absent} left the proxy: {text}");
    }
}

#[tokio::test]
async fn hidden_cards_are_neither_fetched_nor_shown() {
    let (dir, app) = demo(Some(ADMIN_KEY)).await;
    let (_, mut doc) = get(&app, "/api/v1/settings").await;
    doc["account"]["shown"] = json!(false);
    doc["deal"]["shown"] = json!(false);
    let (status, saved) = put_json(&app, Some(ADMIN_KEY), &doc).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    // Without the tables, any account or deal query would fail the lookup.
    let db = rusqlite::Connection::open(dir.path().join("demo-crm.sqlite3")).unwrap();
    db.execute_batch("PRAGMA foreign_keys = OFF; DROP TABLE opportunities; DROP TABLE accounts")
        .unwrap();
    let (status, view) = get(&app, "/api/v1/lookup?email=ana.garcia%40contoso.example").await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["hidden"], json!(["account", "deal"]));
    let c = &view["customers"][0];
    assert_eq!(c["person"]["title"], "Ana García");
    assert!(c["account"].is_null());
    assert_eq!(c["open_deals"], json!([]));
}

#[tokio::test]
async fn secondary_emails_and_leads_can_be_left_out_of_the_search() {
    let (_dir, app) = demo(Some(ADMIN_KEY)).await;
    let secondary = "/api/v1/lookup?email=ana%40garcia-family.example";
    let lead = "/api/v1/lookup?email=priya%40startuplabs.example";
    for uri in [secondary, lead] {
        let (_, view) = get(&app, uri).await;
        assert_eq!(
            view["customers"].as_array().unwrap().len(),
            1,
            "{uri}: {view}"
        );
    }
    let (_, mut doc) = get(&app, "/api/v1/settings").await;
    doc["lookup"]["search_secondary_emails"] = json!(false);
    doc["lookup"]["fall_back_to_leads"] = json!(false);
    assert_eq!(
        put_json(&app, Some(ADMIN_KEY), &doc).await.0,
        StatusCode::OK
    );
    for uri in [secondary, lead] {
        let (status, view) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(view["customers"], json!([]), "{uri}: {view}");
    }
    // The primary email still finds Ana.
    let (_, view) = get(&app, "/api/v1/lookup?email=ana.garcia%40contoso.example").await;
    assert_eq!(view["customers"][0]["person"]["title"], "Ana García");
}

#[tokio::test]
async fn the_settings_region_reads_numbers_without_a_country_code() {
    let (_dir, app) = demo(Some(ADMIN_KEY)).await;
    // A UK number typed without +44 is not a valid US number.
    let uri = "/api/v1/lookup?phone=020%207946%200110";
    let (status, _) = get(&app, uri).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, mut doc) = get(&app, "/api/v1/settings").await;
    doc["lookup"]["default_region"] = json!("GB");
    assert_eq!(
        put_json(&app, Some(ADMIN_KEY), &doc).await.0,
        StatusCode::OK
    );
    let (status, view) = get(&app, uri).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["searched"]["phones"][0]["e164"], "+442079460110");
    assert_eq!(view["customers"][0]["person"]["title"], "Ольга Смирнова");
}
