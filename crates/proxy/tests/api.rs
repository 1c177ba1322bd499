//! The HTTP API driven in-process (`app(state).oneshot(request)`): every status the lookup can
//! answer with, the cache's request counts, and how the widget's files are served.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value as Json;
use sidecard_model::phone::Region;
use sidecard_model::{Customer, Entity, FieldInfo, MatchReason, Record};
use sidecard_proxy::crm::{Connector, CrmError, LookupKeys, Plan};
use sidecard_proxy::lookup::LookupOptions;
use sidecard_proxy::store::sqlite::SqliteStore;
use sidecard_proxy::{AppState, Config, app};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tower::ServiceExt;

struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Response {
    fn json(&self) -> Json {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers.get(name).map_or("", |v| v.to_str().unwrap())
    }
}

async fn send(app: &Router, request: Request<Body>) -> Response {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Response {
        status,
        headers,
        body,
    }
}

async fn get(app: &Router, uri: &str) -> Response {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// The real app on a freshly seeded demo CRM (and no built widget).
async fn demo_app() -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let dist = dir.path().join("no-dist");
    let config = Config::load_from([
        "sidecard-proxy",
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--demo-db",
        db.to_str().unwrap(),
        "--dist",
        dist.to_str().unwrap(),
    ])
    .unwrap();
    let state = AppState::from_config(&config).await.unwrap();
    (dir, app(state))
}

/// A connector that counts its calls and answers as told.
struct Fake {
    calls: AtomicUsize,
    answer: Result<Vec<Customer>, CrmError>,
    delay: Duration,
}

impl Fake {
    fn new(answer: Result<Vec<Customer>, CrmError>) -> Arc<Self> {
        Arc::new(Self {
            calls: AtomicUsize::new(0),
            answer,
            delay: Duration::ZERO,
        })
    }
    fn slow(answer: Result<Vec<Customer>, CrmError>, delay: Duration) -> Arc<Self> {
        Arc::new(Self {
            calls: AtomicUsize::new(0),
            answer,
            delay,
        })
    }
    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

#[async_trait::async_trait]
impl Connector for Fake {
    fn name(&self) -> &'static str {
        "fake"
    }
    async fn find_customers(
        &self,
        _keys: &LookupKeys,
        _plan: &Plan,
    ) -> Result<Vec<Customer>, CrmError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(self.delay).await;
        self.answer.clone()
    }
    async fn fields(&self, _entity: Entity) -> Result<Vec<FieldInfo>, CrmError> {
        Ok(vec![])
    }
    fn default_fields(&self, _entity: Entity) -> Vec<String> {
        vec![]
    }
}

fn memory_store() -> Arc<SqliteStore> {
    Arc::new(SqliteStore::in_memory().unwrap())
}

fn options(cache_ttl: Option<Duration>) -> LookupOptions {
    LookupOptions {
        region: Region::default(),
        timeout: Duration::from_secs(8),
        cache_ttl,
        stale_grace: Duration::from_secs(86_400),
        cache_bytes: 64 << 20,
        redis: None,
    }
}

fn fake_app(fake: &Arc<Fake>, cache_ttl: Option<Duration>) -> Router {
    app(AppState::new(
        fake.clone(),
        memory_store(),
        options(cache_ttl),
    ))
}

fn one_customer() -> Vec<Customer> {
    vec![Customer {
        person: Record {
            entity: Entity::Contact,
            id: "1".into(),
            title: "Ann".into(),
            link: None,
            fields: vec![],
        },
        matched_on: vec![MatchReason::Email {
            field: "Email".into(),
            value: "ann@x.example".into(),
        }],
        account: None,
        open_deals: vec![],
        more_deals: 0,
        recent: Vec::new(),
    }]
}

#[tokio::test]
async fn an_email_lookup_returns_the_person_account_and_open_deals() {
    let (_dir, app) = demo_app().await;
    let r = get(&app, "/api/v1/lookup?email=Ana.Garcia%40contoso.example").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header(header::CACHE_CONTROL), "no-store");
    let body = r.json();
    assert_eq!(body["searched"]["emails"][0], "ana.garcia@contoso.example");
    let customers = body["customers"].as_array().unwrap();
    assert_eq!(customers.len(), 1);
    assert_eq!(customers[0]["person"]["title"], "Ana García");
    assert_eq!(customers[0]["account"]["title"], "Contoso Pharmaceuticals");
    let deals: Vec<_> = customers[0]["open_deals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["record"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(deals, ["O02", "O01", "O03"]);
}

#[tokio::test]
async fn a_phone_lookup_reports_every_format_it_searched() {
    let (_dir, app) = demo_app().await;
    let r = get(
        &app,
        "/api/v1/lookup?phone=%2B14255550100&utm_source=zendesk",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "unknown parameters are ignored");
    let body = r.json();
    let phone = &body["searched"]["phones"][0];
    assert_eq!(phone["e164"], "+14255550100");
    assert!(
        phone["formats"]
            .as_array()
            .unwrap()
            .contains(&"(425) 555-0100".into())
    );
    assert_eq!(body["customers"][0]["person"]["id"], "C01");
}

#[tokio::test]
async fn no_match_is_a_200_with_what_was_searched() {
    let (_dir, app) = demo_app().await;
    let r = get(&app, "/api/v1/lookup?email=nobody%40nowhere.example").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["customers"], serde_json::json!([]));
    assert_eq!(r.json()["searched"]["emails"][0], "nobody@nowhere.example");
}

#[tokio::test]
async fn bad_input_is_a_400_naming_the_value() {
    let (_dir, app) = demo_app().await;
    for (uri, code, named) in [
        (
            "/api/v1/lookup?email=not-an-email",
            "invalid_email",
            "not-an-email",
        ),
        (
            "/api/v1/lookup?email=ok%40x.example&email=bad%40",
            "invalid_email",
            "bad@",
        ),
        ("/api/v1/lookup?phone=12", "invalid_phone", "\"12\""),
        ("/api/v1/lookup?phone=call%20me", "invalid_phone", "call me"),
        ("/api/v1/lookup", "no_lookup_key", "email"),
        (
            "/api/v1/lookup?utm=1&email=&phone=",
            "no_lookup_key",
            "phone",
        ),
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        let body = r.json();
        assert_eq!(body["code"], code, "{uri}");
        assert!(
            body["message"].as_str().unwrap().contains(named),
            "{uri}: {body}"
        );
    }
}

#[tokio::test]
async fn too_many_keys_is_a_400() {
    let fake = Fake::new(Ok(vec![]));
    let app = fake_app(&fake, None);
    let query: Vec<String> = (0..11).map(|i| format!("email=a{i}%40x.example")).collect();
    let r = get(&app, &format!("/api/v1/lookup?{}", query.join("&"))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["code"], "too_many_keys");
    assert_eq!(fake.calls(), 0, "bad input never reaches the CRM");
}

#[tokio::test]
async fn a_failing_crm_is_a_502_whose_message_hides_the_details() {
    let fake = Fake::new(Err(CrmError::Upstream(
        "SQL error near secret_table".into(),
    )));
    let app = fake_app(&fake, None);
    let r = get(&app, "/api/v1/lookup?email=ann%40x.example").await;
    assert_eq!(r.status, StatusCode::BAD_GATEWAY);
    let body = r.json();
    assert_eq!(body["code"], "crm_unavailable");
    assert!(!r.text().contains("secret_table"), "{body}");
    assert!(body["message"].as_str().unwrap().contains("Try again"));
}

#[tokio::test]
async fn a_throttled_crm_is_a_503_with_retry_after() {
    let fake = Fake::new(Err(CrmError::Throttled {
        retry_after: Some(Duration::from_secs(7)),
    }));
    let r = get(
        &fake_app(&fake, None),
        "/api/v1/lookup?email=ann%40x.example",
    )
    .await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.header(header::RETRY_AFTER), "7");
    assert_eq!(r.json()["code"], "crm_throttled");
}

#[tokio::test(start_paused = true)]
async fn a_crm_slower_than_the_limit_is_a_504() {
    let fake = Fake::slow(Ok(one_customer()), Duration::from_secs(30));
    let r = get(
        &fake_app(&fake, None),
        "/api/v1/lookup?email=ann%40x.example",
    )
    .await;
    assert_eq!(r.status, StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(r.json()["code"], "crm_timeout");
}

#[tokio::test]
async fn a_repeat_lookup_in_any_format_costs_no_crm_call() {
    let fake = Fake::new(Ok(one_customer()));
    let app = fake_app(&fake, Some(Duration::from_secs(60)));
    for uri in [
        "/api/v1/lookup?email=ann%40x.example&phone=%2B14255550100",
        "/api/v1/lookup?phone=(425)%20555-0100&email=ANN%40x.example",
        "/api/v1/lookup?email=%20ann%40x.example%20&phone=425.555.0100",
    ] {
        assert_eq!(get(&app, uri).await.status, StatusCode::OK, "{uri}");
    }
    assert_eq!(fake.calls(), 1);
    get(&app, "/api/v1/lookup?email=other%40x.example").await;
    assert_eq!(fake.calls(), 2, "another customer is another call");
}

#[tokio::test(start_paused = true)]
async fn concurrent_lookups_of_one_customer_cost_one_crm_call() {
    let fake = Fake::slow(Ok(one_customer()), Duration::from_millis(200));
    let app = fake_app(&fake, Some(Duration::from_secs(60)));
    let lookups = (0..10).map(|_| get(&app, "/api/v1/lookup?email=ann%40x.example"));
    for r in futures::future::join_all(lookups).await {
        assert_eq!(r.status, StatusCode::OK);
    }
    assert_eq!(fake.calls(), 1);
}

#[tokio::test]
async fn failures_are_not_cached_and_ttl_zero_turns_the_cache_off() {
    let failing = Fake::new(Err(CrmError::Unavailable("down".into())));
    let app = fake_app(&failing, Some(Duration::from_secs(60)));
    get(&app, "/api/v1/lookup?email=ann%40x.example").await;
    get(&app, "/api/v1/lookup?email=ann%40x.example").await;
    assert_eq!(failing.calls(), 2);

    let fake = Fake::new(Ok(one_customer()));
    let app = fake_app(&fake, None);
    get(&app, "/api/v1/lookup?email=ann%40x.example").await;
    get(&app, "/api/v1/lookup?email=ann%40x.example").await;
    assert_eq!(fake.calls(), 2);
}

#[tokio::test]
async fn unknown_api_routes_are_a_json_404() {
    let (_dir, app) = demo_app().await;
    let r = get(&app, "/api/v1/nope").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["code"], "not_found");
}

#[tokio::test]
async fn healthz_names_the_crm() {
    let (_dir, app) = demo_app().await;
    let r = get(&app, "/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["status"], "ok");
    assert_eq!(r.json()["crm"], "demo");
    assert_eq!(r.json()["widget"], false);
}

#[tokio::test]
async fn demo_deep_links_open_the_record_page() {
    let (_dir, app) = demo_app().await;
    let r = get(&app, "/demo/records/contact/C06").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("O&#39;Brien"), "values are HTML-escaped");
    assert_eq!(
        get(&app, "/demo/records/contact/C999").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/demo/records/widget/C01").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn without_a_built_widget_the_root_says_how_to_build_it() {
    let (_dir, app) = demo_app().await;
    let r = get(&app, "/").await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.text().contains("cargo xtask"));
}

/// A `dist/` as `cargo xtask build` leaves it: hashed assets with `.br` / `.gz` siblings.
fn app_with_dist() -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().to_owned();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Sidecard</title>",
    )
    .unwrap();
    std::fs::write(
        dist.join("settings.html"),
        "<!doctype html><title>Sidecard settings</title>",
    )
    .unwrap();
    std::fs::write(dist.join("sidecard-0123abcd.js"), "console.log('plain')").unwrap();
    std::fs::write(dist.join("sidecard-0123abcd.js.br"), "brotli bytes").unwrap();
    std::fs::create_dir(dist.join("locales")).unwrap();
    std::fs::write(
        dist.join("locales/ko.ftl"),
        "start-failed = 시작하지 못했습니다.\n",
    )
    .unwrap();
    std::fs::write(
        dist.join("locales/ko.json"),
        r#"[{"id":"start-failed","value":"시작하지 못했습니다.","attributes":{}}]"#,
    )
    .unwrap();
    let state = AppState::new(Fake::new(Ok(vec![])), memory_store(), options(None)).with_dist(dist);
    (dir, app(state))
}

#[tokio::test]
async fn html_is_never_cached_and_hashed_assets_are_immutable() {
    let (_dir, app) = app_with_dist();
    let r = get(&app, "/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header(header::CACHE_CONTROL), "no-cache");
    assert_eq!(r.header(header::REFERRER_POLICY), "no-referrer");

    let r = get(&app, "/sidecard-0123abcd.js").await;
    assert_eq!(
        r.header(header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(r.text(), "console.log('plain')");

    // The settings page is its own bundle; any other path loads the agent's widget.
    for path in ["/settings", "/settings/"] {
        let r = get(&app, path).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header(header::CACHE_CONTROL), "no-cache");
        assert!(
            r.text().contains("<title>Sidecard settings</title>"),
            "{path}"
        );
    }
    // A page's path, however deep, even with a dot before its last segment.
    for path in [
        "/somewhere/else",
        "/v2.1/customer",
        "/?email=ana@contoso.example",
    ] {
        let r = get(&app, path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r.text().contains("<title>Sidecard</title>"), "{path}");
    }

    // The settings page names its files relatively: at `/settings/` they are the root's, its
    // language's catalog among them (not the page's HTML, which would leave it in English).
    for path in ["/settings/sidecard-0123abcd.js", "/sidecard-0123abcd.js"] {
        assert_eq!(
            get(&app, path).await.text(),
            "console.log('plain')",
            "{path}"
        );
    }
    for path in ["/settings/locales/ko.ftl", "/locales/ko.ftl"] {
        let r = get(&app, path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.header(header::CONTENT_TYPE), "text/plain; charset=utf-8");
        assert!(r.text().starts_with("start-failed = "), "{path}");
    }
    // The parsed catalog the widget reads, as JSON, cached like every other file.
    for path in ["/settings/locales/ko.json", "/locales/ko.json"] {
        let r = get(&app, path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.header(header::CONTENT_TYPE), "application/json", "{path}");
        assert_eq!(
            r.header(header::CACHE_CONTROL),
            "public, max-age=31536000, immutable"
        );
        assert!(r.text().starts_with(r#"[{"id":"start-failed""#), "{path}");
    }
    // A file that does not exist is a 404, not the agent's page: the tab icon a browser asks
    // for, a catalog not built, a script of another build.
    for path in [
        "/favicon.ico",
        "/settings/favicon.ico",
        "/sidecard-00000000.js",
        "/sidecard-00000000_bg.wasm",
        "/locales/xx.ftl",
        "/settings/locales/xx.ftl",
        "/locales/xx.json",
        "/settings/locales/xx.json",
    ] {
        assert_eq!(
            get(&app, path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test]
async fn precompressed_assets_go_to_browsers_that_accept_them() {
    let (_dir, app) = app_with_dist();
    let request = Request::get("/sidecard-0123abcd.js")
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(Body::empty())
        .unwrap();
    let r = send(&app, request).await;
    assert_eq!(r.header(header::CONTENT_ENCODING), "br");
    assert_eq!(r.text(), "brotli bytes");
    assert!(
        r.header(header::CONTENT_TYPE)
            .starts_with("text/javascript")
    );
}
