//! Install authentication, driven in-process: every call is one install's or a 401 with no
//! data; install A's credential never reads install B's CRM or settings. Also the frame and
//! CORS headers, and the JSON form of the lookup.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value as Json, json};
use sha2::Digest;
use sidecard_proxy::install::{Credential, HostKind};
use sidecard_proxy::secret::Secret;
use sidecard_proxy::store::sqlite::SqliteStore;
use sidecard_proxy::{AppState, app};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};
use tower::ServiceExt;

mod common;
use common::Crm;

const ACME_SECRET: &str = "acme-0123456789abcdef0123456789abcdef";
const GLOBEX_SECRET: &str = "globex-0123456789abcdef0123456789abcde";
const FRESH_KEY: &str = "fd_3b9c1e0a7d4f4c6e8a2b5d7f9e1c3a5b";
const ADMIN: &str = "operator-admin-key-for-the-auth-tests";
const GLOBEX_ADMIN: &str = "globex-own-admin-key-0123456789abcdef";

struct Setup {
    app: Router,
    standalone: Arc<Crm>,
    acme: Arc<Crm>,
    globex: Arc<Crm>,
    fresh: Arc<Crm>,
}

fn zendesk(secret: &str, domain: &str) -> Credential {
    Credential::ZendeskJwt {
        secret: Secret::new(secret),
        issuer: domain.into(),
        audience: "sidecard".into(),
    }
}

fn setup(anonymous: bool) -> Setup {
    let (standalone, acme, globex, fresh) = (
        Crm::new("Standalone"),
        Crm::new("Acme"),
        Crm::new("Globex"),
        Crm::new("Freshco"),
    );
    let options = common::options(None);
    let state = AppState::new(
        standalone.clone(),
        Arc::new(SqliteStore::in_memory().unwrap()),
        options,
    )
    .with_install(
        "acme",
        HostKind::Zendesk,
        "acme.zendesk.com",
        zendesk(ACME_SECRET, "acme.zendesk.com"),
        acme.clone(),
    )
    .with_install(
        "globex",
        HostKind::Zendesk,
        "globex.zendesk.com",
        zendesk(GLOBEX_SECRET, "globex.zendesk.com"),
        globex.clone(),
    )
    .with_install(
        "freshco",
        HostKind::Freshdesk,
        "freshco.freshdesk.com",
        Credential::ApiKey {
            sha256: sha2::Sha256::digest(FRESH_KEY.as_bytes()).into(),
        },
        fresh.clone(),
    )
    .with_install_admin(
        "globex",
        Some(sha2::Sha256::digest(GLOBEX_ADMIN.as_bytes()).into()),
    )
    .with_anonymous(anonymous)
    .with_admin_key(Some(Secret::new(ADMIN)));
    Setup {
        app: app(state),
        standalone,
        acme,
        globex,
        fresh,
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A token the way Zendesk's request proxy signs one for the widget's `jwt` option.
fn jwt(secret: &str, claims: Json) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

fn claims(iss: &str) -> Json {
    json!({"iss": iss, "aud": "sidecard", "iat": now(), "exp": now() + 300})
}

struct Answer {
    status: StatusCode,
    www_authenticate: Option<String>,
    body: Json,
    text: String,
}

async fn call(
    app: &Router,
    method: &str,
    uri: &str,
    bearer: Option<&str>,
    body: Option<&str>,
) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(token) = bearer {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if body.is_some() {
        request = request.header(header::CONTENT_TYPE, "application/json");
    }
    let request = request
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_owned())))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let www_authenticate = response
        .headers()
        .get(header::WWW_AUTHENTICATE)
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Answer {
        status,
        www_authenticate,
        body: serde_json::from_slice(&bytes).unwrap_or(Json::Null),
        text,
    }
}

const LOOKUP: &str = "/api/v1/lookup?email=ann@x.example";

/// The one body every refused credential gets, whatever the reason (which goes to the log):
/// an answer must not tell which install ids, keys or orgs exist.
const REFUSAL: &str = "Sidecard could not verify this call's credential. Reload; if it keeps \
                       happening, ask your Sidecard admin to check the app's shared secret \
                       (Zendesk) or API key (Freshdesk) and the proxy's log.";

/// A refused call (`why` names the case): 401, the challenge, the `unauthorized` code, the
/// one refusal message, and no customer in the body.
fn refused(answer: &Answer, why: &str) {
    assert_eq!(
        answer.status,
        StatusCode::UNAUTHORIZED,
        "{why}: {}",
        answer.text
    );
    assert_eq!(
        answer.www_authenticate.as_deref(),
        Some("Bearer realm=\"sidecard\"")
    );
    assert_eq!(answer.body["code"], "unauthorized");
    assert_eq!(answer.body["message"], REFUSAL, "{why}");
    assert!(
        !answer.text.contains("Customer of"),
        "no data in a refusal: {}",
        answer.text
    );
}

#[tokio::test]
async fn each_zendesk_install_reads_only_its_own_crm() {
    let s = setup(false);
    let a = call(
        &s.app,
        "GET",
        LOOKUP,
        Some(&jwt(ACME_SECRET, claims("acme.zendesk.com"))),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(
        a.body["customers"][0]["person"]["title"],
        "Customer of Acme"
    );
    let b = call(
        &s.app,
        "GET",
        LOOKUP,
        Some(&jwt(GLOBEX_SECRET, claims("globex.zendesk.com"))),
        None,
    )
    .await;
    assert_eq!(
        b.body["customers"][0]["person"]["title"],
        "Customer of Globex"
    );
    assert_eq!(
        (s.acme.calls(), s.globex.calls(), s.standalone.calls()),
        (1, 1, 0)
    );
}

#[tokio::test]
async fn install_a_credential_never_reads_install_b() {
    let s = setup(false);
    // Signed with Acme's secret, claiming to be Globex: Globex's secret does not verify it.
    let forged = jwt(ACME_SECRET, claims("globex.zendesk.com"));
    refused(
        &call(&s.app, "GET", LOOKUP, Some(&forged), None).await,
        "not valid for this install",
    );
    // Acme's shared secret presented as a key is no Freshdesk key either.
    refused(
        &call(&s.app, "GET", LOOKUP, Some(ACME_SECRET), None).await,
        "API key is not one",
    );
    // Globex's settings move to version 1; Acme's token asking for them (`install=` is the
    // admin's parameter) still reads Acme's own, version 0, and cannot save Globex's.
    let globex = call(
        &s.app,
        "GET",
        "/api/v1/settings?install=globex",
        Some(ADMIN),
        None,
    )
    .await;
    let saved = call(
        &s.app,
        "PUT",
        "/api/v1/settings?install=globex",
        Some(ADMIN),
        Some(&globex.text),
    )
    .await;
    assert_eq!(saved.body["version"], 1, "{}", saved.text);
    let own = jwt(ACME_SECRET, claims("acme.zendesk.com"));
    let read = call(
        &s.app,
        "GET",
        "/api/v1/settings?install=globex",
        Some(&own),
        None,
    )
    .await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(
        read.body["version"], 0,
        "Acme reads its own settings: {}",
        read.text
    );
    let write = call(
        &s.app,
        "PUT",
        "/api/v1/settings?install=globex",
        Some(&own),
        Some(&saved.text),
    )
    .await;
    assert_eq!(
        write.status,
        StatusCode::FORBIDDEN,
        "an agent's token cannot save"
    );
    assert_eq!(
        (s.globex.calls(), s.fresh.calls(), s.standalone.calls()),
        (0, 0, 0)
    );
}

#[tokio::test]
async fn missing_wrong_expired_and_foreign_tokens_get_401_and_no_data() {
    let s = setup(false);
    refused(
        &call(&s.app, "GET", LOOKUP, None, None).await,
        "no Sidecard credential",
    );
    let wrong_secret = jwt(
        "not-acme-0123456789abcdef0123456789ab",
        claims("acme.zendesk.com"),
    );
    refused(
        &call(&s.app, "GET", LOOKUP, Some(&wrong_secret), None).await,
        "wrong signature",
    );
    let expired = jwt(
        ACME_SECRET,
        json!({"iss": "acme.zendesk.com", "aud": "sidecard", "iat": now() - 7200, "exp": now() - 3600}),
    );
    refused(
        &call(&s.app, "GET", LOOKUP, Some(&expired), None).await,
        "expired",
    );
    let no_exp = jwt(
        ACME_SECRET,
        json!({"iss": "acme.zendesk.com", "aud": "sidecard"}),
    );
    refused(
        &call(&s.app, "GET", LOOKUP, Some(&no_exp), None).await,
        "no `exp` claim",
    );
    let other_audience = jwt(
        ACME_SECRET,
        json!({"iss": "acme.zendesk.com", "aud": "someone-else", "exp": now() + 300}),
    );
    refused(
        &call(&s.app, "GET", LOOKUP, Some(&other_audience), None).await,
        "`aud` is not",
    );
    let unknown = jwt(ACME_SECRET, claims("initech.zendesk.com"));
    refused(
        &call(&s.app, "GET", LOOKUP, Some(&unknown), None).await,
        "initech.zendesk.com",
    );
    // Same secret, another algorithm: only HS256 is accepted.
    let hs512 = jsonwebtoken::encode(
        &Header::new(Algorithm::HS512),
        &claims("acme.zendesk.com"),
        &EncodingKey::from_secret(ACME_SECRET.as_bytes()),
    )
    .unwrap();
    refused(
        &call(&s.app, "GET", LOOKUP, Some(&hs512), None).await,
        "not HS256",
    );
    // An unsigned token ("alg": "none").
    let unsigned = {
        let token = jwt(ACME_SECRET, claims("acme.zendesk.com"));
        let payload = token.split('.').nth(1).unwrap().to_owned();
        format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.")
    };
    refused(
        &call(&s.app, "GET", LOOKUP, Some(&unsigned), None).await,
        "not valid",
    );
    assert_eq!(
        (
            s.acme.calls(),
            s.globex.calls(),
            s.fresh.calls(),
            s.standalone.calls()
        ),
        (0, 0, 0, 0)
    );
}

#[tokio::test]
async fn a_freshdesk_key_reads_its_install_and_a_wrong_key_nothing() {
    let s = setup(false);
    let ok = call(&s.app, "GET", LOOKUP, Some(FRESH_KEY), None).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert_eq!(
        ok.body["customers"][0]["person"]["title"],
        "Customer of Freshco"
    );
    let almost = &FRESH_KEY[..FRESH_KEY.len() - 1];
    refused(
        &call(&s.app, "GET", LOOKUP, Some(almost), None).await,
        "API key is not one",
    );
    refused(
        &call(&s.app, "GET", LOOKUP, Some(&format!("{FRESH_KEY}x")), None).await,
        "API key",
    );
    // The Freshdesk template's POST form, the same install.
    let posted = call(
        &s.app,
        "POST",
        "/api/v1/lookup",
        Some(FRESH_KEY),
        Some(r#"{"emails":["ann@x.example"],"phones":[]}"#),
    )
    .await;
    assert_eq!(
        posted.body["customers"][0]["person"]["title"],
        "Customer of Freshco"
    );
    assert_eq!(s.fresh.calls(), 2);
}

#[tokio::test]
async fn anonymous_calls_are_the_standalone_install_only_when_allowed() {
    let open = setup(true);
    let a = call(&open.app, "GET", LOOKUP, None, None).await;
    assert_eq!(
        a.body["customers"][0]["person"]["title"],
        "Customer of Standalone"
    );
    // A credential that is presented is checked, even where anonymous calls are allowed.
    refused(
        &call(&open.app, "GET", LOOKUP, Some("nonsense"), None).await,
        "API key",
    );
    let still_open = call(&open.app, "GET", LOOKUP, None, None).await;
    assert_eq!(still_open.status, StatusCode::OK);

    let closed = setup(false);
    refused(
        &call(&closed.app, "GET", "/api/v1/settings", None, None).await,
        "no Sidecard credential",
    );
    refused(
        &call(&closed.app, "GET", "/api/v1/schema/contact", None, None).await,
        "no Sidecard credential",
    );
    assert_eq!(closed.standalone.calls(), 0);
}

#[tokio::test]
async fn the_admin_reads_and_saves_any_install_by_name_and_each_keeps_its_own_settings() {
    let s = setup(false);
    let globex = call(
        &s.app,
        "GET",
        "/api/v1/settings?install=globex",
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(globex.status, StatusCode::OK, "{}", globex.text);
    let mut doc = globex.body.clone();
    doc["lookup"]["fall_back_to_leads"] = json!(false);
    let saved = call(
        &s.app,
        "PUT",
        "/api/v1/settings?install=globex",
        Some(ADMIN),
        Some(&doc.to_string()),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert_eq!(saved.body["version"], 1);
    // Globex's agents read the new version; Acme's and the standalone page's are untouched.
    let globex_token = jwt(GLOBEX_SECRET, claims("globex.zendesk.com"));
    let theirs = call(&s.app, "GET", "/api/v1/settings", Some(&globex_token), None).await;
    assert_eq!(theirs.body["version"], 1);
    assert_eq!(theirs.body["lookup"]["fall_back_to_leads"], false);
    let acme_token = jwt(ACME_SECRET, claims("acme.zendesk.com"));
    let acme = call(&s.app, "GET", "/api/v1/settings", Some(&acme_token), None).await;
    assert_eq!(acme.body["version"], 0);
    let standalone = call(&s.app, "GET", "/api/v1/settings", Some(ADMIN), None).await;
    assert_eq!(standalone.body["version"], 0);
    let nobody = call(
        &s.app,
        "PUT",
        "/api/v1/settings?install=initech",
        Some(ADMIN),
        Some(&doc.to_string()),
    )
    .await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND, "{}", nobody.text);
}

#[tokio::test]
async fn the_json_lookup_refuses_unknown_fields_malformed_and_oversized_bodies() {
    let s = setup(true);
    let unknown = call(
        &s.app,
        "POST",
        "/api/v1/lookup",
        None,
        Some(r#"{"emails":["ann@x.example"],"email":"x"}"#),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.body["code"], "invalid_json");
    assert!(
        unknown.body["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `email`"),
        "{}",
        unknown.text
    );
    let malformed = call(
        &s.app,
        "POST",
        "/api/v1/lookup",
        None,
        Some("{\"emails\": ["),
    )
    .await;
    assert_eq!(malformed.body["code"], "invalid_json");
    let huge = format!(r#"{{"emails":["{}@x.example"]}}"#, "a".repeat(20_000));
    let too_large = call(&s.app, "POST", "/api/v1/lookup", None, Some(&huge)).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    let empty = call(
        &s.app,
        "POST",
        "/api/v1/lookup",
        None,
        Some(r#"{"emails":[" "]}"#),
    )
    .await;
    assert_eq!(empty.body["code"], "no_lookup_key");
    let bad_phone = call(
        &s.app,
        "POST",
        "/api/v1/lookup",
        None,
        Some(r#"{"phones":["call me"]}"#),
    )
    .await;
    assert_eq!(bad_phone.body["code"], "invalid_phone");
    assert_eq!(s.standalone.calls(), 0);
}

#[tokio::test]
async fn every_page_has_a_real_policy_and_only_settings_refuses_other_frames() {
    let options = common::options(None);
    let state = AppState::new(
        Crm::new("x"),
        Arc::new(SqliteStore::in_memory().unwrap()),
        options,
    )
    .with_frame_ancestors(&["https://help.acme.example".into()]);
    let app = app(state);
    for (uri, frames) in [
        (
            "/",
            "frame-ancestors 'self' https://*.zendesk.com https://*.freshdesk.com https://help.acme.example",
        ),
        (
            LOOKUP,
            "frame-ancestors 'self' https://*.zendesk.com https://*.freshdesk.com https://help.acme.example",
        ),
        // Where the admin key is typed: only Sidecard itself may frame it.
        ("/settings", "frame-ancestors 'self'"),
        ("/settings/", "frame-ancestors 'self'"),
    ] {
        let response = app
            .clone()
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.ends_with(frames), "{uri}: {csp}");
        for directive in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "object-src 'none'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(directive), "{uri}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{uri}: {csp}");
    }
}

#[tokio::test]
async fn zendesk_tokens_need_iat_a_short_lifetime_and_their_nbf() {
    let s = setup(false);
    let token = |claims: Json| jwt(ACME_SECRET, claims);
    let iss = "acme.zendesk.com";
    for (why, claims) in [
        (
            "no iat",
            json!({"iss": iss, "aud": "sidecard", "exp": now() + 300}),
        ),
        (
            "a year's lifetime",
            json!({"iss": iss, "aud": "sidecard", "iat": now(), "exp": now() + 365 * 86_400}),
        ),
        (
            "eleven minutes",
            json!({"iss": iss, "aud": "sidecard", "iat": now(), "exp": now() + 660}),
        ),
        (
            "not before an hour from now",
            json!({"iss": iss, "aud": "sidecard", "iat": now(), "exp": now() + 300, "nbf": now() + 3600}),
        ),
    ] {
        refused(
            &call(&s.app, "GET", LOOKUP, Some(&token(claims)), None).await,
            why,
        );
    }
    let ten_minutes =
        token(json!({"iss": iss, "aud": "sidecard", "iat": now(), "exp": now() + 600}));
    let ok = call(&s.app, "GET", LOOKUP, Some(&ten_minutes), None).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert_eq!(s.acme.calls(), 1);
}

#[tokio::test]
async fn admin_keys_never_look_up_and_an_install_admin_acts_on_its_own_install_only() {
    let s = setup(true);
    // Neither the operator's key nor an install's admin key reads customers.
    for key in [ADMIN, GLOBEX_ADMIN] {
        refused(&call(&s.app, "GET", LOOKUP, Some(key), None).await, key);
        let posted = call(
            &s.app,
            "POST",
            "/api/v1/lookup",
            Some(key),
            Some(r#"{"emails":["ann@x.example"]}"#),
        )
        .await;
        refused(&posted, key);
    }
    // Globex's admin saves Globex's settings (no `install=` needed)…
    let doc = call(&s.app, "GET", "/api/v1/settings", Some(GLOBEX_ADMIN), None).await;
    let saved = call(
        &s.app,
        "PUT",
        "/api/v1/settings",
        Some(GLOBEX_ADMIN),
        Some(&doc.text),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    // …and nothing of Acme's.
    let acme_doc = call(
        &s.app,
        "GET",
        "/api/v1/settings?install=acme",
        Some(ADMIN),
        None,
    )
    .await;
    let denied = call(
        &s.app,
        "PUT",
        "/api/v1/settings?install=acme",
        Some(GLOBEX_ADMIN),
        Some(&acme_doc.text),
    )
    .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN, "{}", denied.text);
    let audit = call(
        &s.app,
        "GET",
        "/api/v1/audit?install=acme",
        Some(GLOBEX_ADMIN),
        None,
    )
    .await;
    assert_eq!(audit.status, StatusCode::FORBIDDEN, "{}", audit.text);
    // A wrong key is refused and recorded.
    let wrong = call(
        &s.app,
        "PUT",
        "/api/v1/settings?install=globex",
        Some("not-an-admin-key"),
        Some(&doc.text),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);

    // The audit log says who saved and who was refused, newest first.
    let log = call(&s.app, "GET", "/api/v1/audit", Some(GLOBEX_ADMIN), None).await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.text);
    let entries = log.body.as_array().unwrap();
    let seen: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["actor"].as_str().unwrap()))
        .collect();
    assert_eq!(
        seen,
        [
            ("admin.refused", "unknown"),
            ("settings.save", "install-admin")
        ]
    );
    assert_eq!(entries[1]["detail"], "version 1");
    // The operator reads any install's log, a page at a time.
    let page = call(
        &s.app,
        "GET",
        "/api/v1/audit?install=globex&limit=1",
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(page.body.as_array().unwrap().len(), 1);
    let before = page.body[0]["id"].as_i64().unwrap();
    let next = call(
        &s.app,
        "GET",
        &format!("/api/v1/audit?install=globex&limit=1&before={before}"),
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(next.body[0]["action"], "settings.save");
    let bad = call(&s.app, "GET", "/api/v1/audit?before=x", Some(ADMIN), None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.body["code"], "invalid_request");
}

#[tokio::test]
async fn an_install_gets_exactly_its_burst_then_429_with_retry_after() {
    let options = common::options(None);
    let crm = Crm::new("x");
    let state = AppState::new(
        crm.clone(),
        Arc::new(SqliteStore::in_memory().unwrap()),
        options,
    )
    .with_limits(sidecard_proxy::limits::Limits {
        install_rate: 1,
        install_burst: 7,
        ..Default::default()
    });
    let app = app(state);
    let mut statuses = Vec::new();
    let mut last = None;
    for _ in 0..12 {
        let answer = app
            .clone()
            .oneshot(Request::get(LOOKUP).body(Body::empty()).unwrap())
            .await
            .unwrap();
        statuses.push(answer.status());
        last = Some(answer);
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 7);
    assert_eq!(crm.calls(), 7, "the limited calls never reached the CRM");
    let last = last.unwrap();
    assert_eq!(last.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = last.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    let body: Json =
        serde_json::from_slice(&last.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(body["code"], "rate_limited");
}

#[tokio::test]
async fn cors_answers_only_configured_origins() {
    let options = common::options(None);
    let preflight = |app: Router, origin: &'static str| async move {
        let request = Request::builder()
            .method("OPTIONS")
            .uri("/api/v1/lookup")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
            .body(Body::empty())
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        response
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let closed = app(AppState::new(
        Crm::new("x"),
        Arc::new(SqliteStore::in_memory().unwrap()),
        options.clone(),
    ));
    assert_eq!(preflight(closed, "https://evil.example").await, None);
    let state = AppState::new(
        Crm::new("x"),
        Arc::new(SqliteStore::in_memory().unwrap()),
        options,
    )
    .with_cors_origins(vec!["https://portal.acme.example".parse().unwrap()]);
    let open = app(state);
    assert_eq!(
        preflight(open.clone(), "https://portal.acme.example")
            .await
            .as_deref(),
        Some("https://portal.acme.example")
    );
    assert_eq!(preflight(open, "https://evil.example").await, None);
}
