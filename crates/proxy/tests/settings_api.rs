//! The settings API in-process on the demo CRM and a real settings file: every status it
//! answers with, and who may save.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value as Json, json};
use sidecard_proxy::{AppState, Config, app};
use tower::ServiceExt;

const ADMIN_KEY: &str = "admin-key-for-tests";

fn demo(admin_key: Option<&str>) -> (tempfile::TempDir, Router) {
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
    (dir, app(AppState::from_config(&config).unwrap()))
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
    let (_dir, app) = demo(None);
    let (status, doc) = get(&app, "/api/v1/settings").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["version"], 0);
    assert_eq!(doc["contact"]["fields"][0], json!({"key": "job_title"}));
    assert_eq!(doc["deal"]["max_shown"], 5);
    assert_eq!(doc["duplicate_policy"], "warn");
}

#[tokio::test]
async fn the_admin_saves_and_everyone_reads_the_new_version() {
    let (_dir, app) = demo(Some(ADMIN_KEY));
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
    let (_dir, app) = demo(Some(ADMIN_KEY));
    let (_, doc) = get(&app, "/api/v1/settings").await;
    for key in [None, Some("agent-credential"), Some("admin-key-for-tests ")] {
        let (status, body) = put_json(&app, key, &doc).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{key:?}");
        assert_eq!(body["code"], "forbidden");
    }
    assert_eq!(get(&app, "/api/v1/settings").await.1["version"], 0);

    let (_dir, read_only) = demo(None);
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
async fn a_save_based_on_an_old_version_is_a_409() {
    let (_dir, app) = demo(Some(ADMIN_KEY));
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
    let (_dir, app) = demo(Some(ADMIN_KEY));
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
    let (_dir, app) = demo(Some(ADMIN_KEY));
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
    let (_dir, app) = demo(None);
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
    let start = || {
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
        app(AppState::from_config(&config).unwrap())
    };
    let first = start();
    let (_, mut doc) = get(&first, "/api/v1/settings").await;
    doc["deal"]["max_shown"] = json!(9);
    assert_eq!(
        put_json(&first, Some(ADMIN_KEY), &doc).await.0,
        StatusCode::OK
    );
    drop(first);
    let (_, read) = get(&start(), "/api/v1/settings").await;
    assert_eq!(read["deal"]["max_shown"], 9);
    assert_eq!(read["version"], 1);
}
