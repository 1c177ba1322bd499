//! The Dynamics 365 channel panel, driven in-process: the channel page (`/cif?base=…`) for good
//! and bad org addresses, and the panel's sign-in, in which the org (a wiremock fake of the
//! Dataverse Web API, replaying its documented JSON) confirms the note the user created.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value as Json, json};
use sha2::Digest;
use sidecard_model::phone::Region;
use sidecard_proxy::crm::dynamics::{DynamicsConfig, DynamicsCrm};
use sidecard_proxy::install::{Credential, HostKind};
use sidecard_proxy::secret::Secret;
use sidecard_proxy::store::sqlite::SqliteStore;
use sidecard_proxy::{AppState, app};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

mod common;
use common::Crm;
use wiremock::matchers::{header as has_header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TENANT: &str = "contoso.onmicrosoft.com";
const NOTE: &str = "5c1f2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const USER: &str = "0a1b2c3d-1111-4222-8333-944445555666";
/// The user's Microsoft Entra object id (`systemuser.azureactivedirectoryobjectid`).
const OID: &str = "7d3c9f0e-2a4b-4c6d-8e1f-a2b3c4d5e6f7";

struct Org {
    server: MockServer,
    app: Router,
    crm: Arc<Crm>,
    /// `http://127.0.0.1:<port>`: the org's origin, what `base` names.
    origin: String,
    _dist: tempfile::TempDir,
}

/// The org's token endpoint, answering the app's token.
async fn mount_token(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path(format!("/{TENANT}/oauth2/v2.0/token")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "Bearer", "expires_in": 3599, "access_token": "app-token"
        })))
        .mount(server)
        .await;
}

/// A Dynamics connection to the wiremock org.
fn dynamics_config(server: &MockServer) -> DynamicsConfig {
    DynamicsConfig {
        org_url: server.uri(),
        tenant: TENANT.into(),
        client_id: "11111111-2222-3333-4444-555555555555".into(),
        client_secret: Secret::new("client-secret-value"),
        api_version: "v9.2".into(),
        authority: server.uri(),
        limits: sidecard_proxy::crm::http::Limits {
            timeout: Duration::from_secs(5),
            max_retry_wait: Duration::from_secs(1),
            max_response_bytes: 4 << 20,
        },
        region: Region::default(),
    }
}

/// A proxy with one Dynamics install whose org is a wiremock server (token endpoint and
/// Web API), and a built widget stand-in in `dist/`.
async fn org() -> Org {
    let server = MockServer::start().await;
    mount_token(&server).await;
    // The signed-in user's Entra object id, read once per sign-in.
    Mock::given(method("GET"))
        .and(path(format!("/api/data/v9.2/systemusers({USER})")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "systemuserid": USER, "azureactivedirectoryobjectid": OID
        })))
        .mount(&server)
        .await;
    let sign_in = DynamicsCrm::new(dynamics_config(&server)).unwrap();
    let crm = Crm::new("Contoso");
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("cif.html"),
        // The built page's head, in its order: the inlined Fluent bundle, the stylesheet, the
        // preloads and the `async` start script.
        "<!doctype html><html><head><meta charset=utf-8><title>Sidecard</title>\
         <script>var FluentBundle</script><link href=./styles.css rel=stylesheet>\
         <link rel=modulepreload href=./sidecard-cif.js>\
         <script type=module async>import(\"./sidecard-cif.js\")</script></head><body></body></html>",
    )
    .unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html>").unwrap();
    // One call that needs the token, so the connector's background token fetch is done
    // before any test acts (a fetch still in flight when the MockServer drops blocks its
    // drop: wiremock verifies on drop under a lock that request holds).
    let _ =
        sidecard_proxy::crm::Connector::fields(crm.as_ref(), sidecard_model::Entity::Contact).await;
    let domain = server.uri().trim_start_matches("http://").to_owned();
    let state = AppState::new(
        crm.clone(),
        Arc::new(SqliteStore::in_memory().unwrap()),
        common::options(None),
    )
    .with_install(
        "contoso",
        HostKind::Dynamics,
        &domain,
        Credential::DynamicsSession {
            sign_in: Arc::new(sign_in),
        },
        crm.clone(),
    )
    .with_softphones("contoso", vec!["https://phone.example".into()])
    .with_anonymous(false)
    .with_dist(dist.path().to_owned());
    Org {
        origin: server.uri(),
        server,
        app: app(state),
        crm,
        _dist: dist,
    }
}

struct Answer {
    status: StatusCode,
    csp: String,
    text: String,
}

impl Answer {
    fn json(&self) -> Json {
        serde_json::from_str(&self.text).unwrap_or(Json::Null)
    }
}

async fn call(
    app: &Router,
    method: &str,
    uri: &str,
    bearer: Option<&str>,
    body: Option<Json>,
) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(token) = bearer {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = match body {
        Some(json) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(json.to_string())
        }
        None => Body::empty(),
    };
    let response = app
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let csp = response
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        csp,
        text: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Dataverse's answer for the note (`annotations(id)` with the `$select` we ask for).
fn note(text: &str, subject: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "@odata.context": "https://org/api/data/v9.2/$metadata#annotations(subject,notetext,_createdby_value)/$entity",
        "@odata.etag": "W/\"1234567\"",
        "annotationid": NOTE,
        "subject": subject,
        "notetext": text,
        "_createdby_value": USER
    }))
}

fn note_path() -> String {
    format!("/api/data/v9.2/annotations({NOTE})")
}

/// Steps 1 and 3 of the sign-in, with the note in between already in the fake org.
async fn challenge(org: &Org) -> (String, String) {
    let answer = call(
        &org.app,
        "POST",
        "/api/v1/cif/challenge",
        None,
        Some(json!({"org": org.origin})),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let body = answer.json();
    assert_eq!(body["subject"], "Sidecard sign-in");
    (
        body["challenge"].as_str().unwrap().to_owned(),
        body["nonce"].as_str().unwrap().to_owned(),
    )
}

async fn session(org: &Org, challenge: &str, note: &str) -> Answer {
    call(
        &org.app,
        "POST",
        "/api/v1/cif/session",
        None,
        Some(json!({"challenge": challenge, "note": note})),
    )
    .await
}

async fn lookup(org: &Org, bearer: Option<&str>) -> Answer {
    call(
        &org.app,
        "GET",
        "/api/v1/lookup?email=ana@example.com",
        bearer,
        None,
    )
    .await
}

#[tokio::test]
async fn the_org_vouches_for_the_user_and_the_note_is_used_once() {
    let org = org().await;
    let (challenge, nonce) = challenge(&org).await;
    Mock::given(method("GET"))
        .and(path(note_path()))
        .and(query_param("$select", "subject,notetext,_createdby_value"))
        .and(has_header("authorization", "Bearer app-token"))
        .respond_with(note(&nonce, "Sidecard sign-in"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&org.server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(note_path()))
        .and(has_header("authorization", "Bearer app-token"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&org.server)
        .await;
    // Once deleted, Dataverse knows no such note.
    Mock::given(method("GET"))
        .and(path(note_path()))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": {
            "code": "0x80040217", "message": format!("annotation With Id = {NOTE} Does Not Exist")
        }})))
        .mount(&org.server)
        .await;

    let answer = session(&org, &challenge, NOTE).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.json()["expires_in"], 3600);
    let token = answer.json()["token"].as_str().unwrap().to_owned();

    let found = lookup(&org, Some(&token)).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.text);
    assert_eq!(
        found.json()["customers"][0]["person"]["title"],
        "Customer of Contoso"
    );
    assert_eq!(org.crm.calls(), 1);

    // The same challenge and note again: refused (the challenge served; the note is gone).
    let again = session(&org, &challenge, NOTE).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert_eq!(again.json()["code"], "unauthorized");
}

#[tokio::test]
async fn a_note_without_the_nonce_is_neither_accepted_nor_deleted() {
    let org = org().await;
    let (challenge, _) = challenge(&org).await;
    // Someone's own note, or one from another sign-in.
    Mock::given(method("GET"))
        .and(path(note_path()))
        .respond_with(note("call back on Monday", "Sidecard sign-in"))
        .mount(&org.server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .mount(&org.server)
        .await;
    let answer = session(&org, &challenge, NOTE).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(!answer.text.contains("token"), "{}", answer.text);
}

#[tokio::test]
async fn nothing_but_a_session_the_org_confirmed_reads_customers() {
    let org = org().await;
    let (challenge, _) = challenge(&org).await;

    // No credential; a challenge presented as a session; a session from another proxy's key.
    let foreign = sidecard_proxy::session::SessionKey::new(None)
        .session(
            org.origin.trim_start_matches("http://"),
            &sidecard_proxy::session::PanelUser {
                user_id: USER.into(),
                object_id: OID.into(),
            },
        )
        .token;
    for bearer in [None, Some(challenge.as_str()), Some(foreign.as_str())] {
        let answer = lookup(&org, bearer).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{bearer:?}");
    }

    // A note id that is no GUID never reaches the org; a forged challenge is refused.
    let answer = session(&org, &challenge, "1 or 1=1").await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    let forged = format!("{}x", &challenge[..challenge.len() - 1]);
    let forged_answer = session(&org, &forged, NOTE).await;
    assert_eq!(forged_answer.status, StatusCode::UNAUTHORIZED);
    // Every refusal reads the same: nothing tells an attacker which check failed.
    assert_eq!(answer.text, forged_answer.text);

    // An org with no install gets no challenge; malformed bodies are 400s.
    let answer = call(
        &org.app,
        "POST",
        "/api/v1/cif/challenge",
        None,
        Some(json!({"org": "https://fabrikam.crm.dynamics.com"})),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.text, forged_answer.text);
    let answer = call(
        &org.app,
        "POST",
        "/api/v1/cif/challenge",
        None,
        Some(json!({"org": org.origin, "user": "admin"})),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);

    assert_eq!(org.crm.calls(), 0);
    let asked_org: Vec<String> = org
        .server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| r.url.path().to_owned())
        .filter(|p| p.contains("/api/data/"))
        .collect();
    assert!(asked_org.is_empty(), "{asked_org:?}");
}

#[tokio::test]
async fn the_channel_page_loads_the_orgs_library_ahead_of_the_widget() {
    let org = org().await;
    let page = call(
        &org.app,
        "GET",
        &format!("/cif?base={}", org.origin),
        None,
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    let library = format!(
        r#"<script src="{0}/webresources/Widget/msdyn_ciLibrary.js" data-crmurl="{0}" data-cifid="CIFMainLibrary""#,
        org.origin
    );
    // Ahead of everything of the widget's: its Fluent bundle, its stylesheet (no script of
    // the page may follow it, or the parser waits for it there) and its start script.
    let at = page.text.find(&library).expect(&page.text);
    for widgets in ["var FluentBundle", "rel=stylesheet", "sidecard-cif.js"] {
        assert!(
            at < page.text.find(widgets).unwrap(),
            "library ahead of {widgets}: {}",
            page.text
        );
    }
    assert!(
        page.text
            .contains(r#"<meta name="sidecard-host" content="cif">"#)
    );
    assert!(page.text.contains(r#"content="https://phone.example""#));
    // The org may frame it and run its library there; its start-up script runs by its hash
    // (and the page has no inline handler attribute, which no hash would allow).
    assert!(
        page.csp
            .contains(&format!(" {0}; style-src 'self' 'sha256-", org.origin))
            && page
                .csp
                .contains(&format!("connect-src 'self' {}; ", org.origin)),
        "{}",
        page.csp
    );
    assert!(
        page.csp
            .contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{}",
        page.csp
    );
    assert!(
        page.csp.contains("object-src 'none'; base-uri 'none'"),
        "{}",
        page.csp
    );
    assert!(
        page.csp.ends_with(&format!(
            "frame-ancestors 'self' https://*.zendesk.com https://*.freshdesk.com {}",
            org.origin
        )),
        "{}",
        page.csp
    );
    assert!(!page.text.contains("onerror="), "no inline handlers");
    let inline = page.text.split("<script>").nth(1).unwrap();
    let inline = &inline[..inline.find("</script>").unwrap()];
    assert!(
        page.csp.contains(&sidecard_proxy::csp::hash_source(inline)),
        "the inline script's hash is allowed: {}",
        page.csp
    );
}

#[tokio::test]
async fn a_bad_org_address_gets_a_message_any_panel_can_show() {
    let org = org().await;
    for (query, status, says) in [
        ("", StatusCode::BAD_REQUEST, "must name your org"),
        ("?base=", StatusCode::BAD_REQUEST, "must name your org"),
        (
            "?base=http://contoso.crm.dynamics.com",
            StatusCode::BAD_REQUEST,
            "must start with https://",
        ),
        (
            "?base=https://contoso.crm.dynamics.com/main.aspx",
            StatusCode::BAD_REQUEST,
            "is not an org URL",
        ),
        (
            "?base=https://fabrikam.crm.dynamics.com",
            StatusCode::FORBIDDEN,
            "not set up for the Dynamics 365 org https://fabrikam.crm.dynamics.com",
        ),
        (
            "?base=https://x.crm.dynamics.com%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
            StatusCode::BAD_REQUEST,
            "is not an org URL",
        ),
    ] {
        let page = call(&org.app, "GET", &format!("/cif{query}"), None, None).await;
        assert_eq!(page.status, status, "{query}");
        assert!(page.text.contains(says), "{query}: {}", page.text);
        assert!(!page.text.contains("<script>alert"), "{}", page.text);
        assert!(
            page.csp
                .starts_with("default-src 'none'; style-src 'sha256-"),
            "{}",
            page.csp
        );
        assert!(page.csp.ends_with("frame-ancestors *"), "{}", page.csp);
    }
}

/// A proxy configured from an installs file holding `installs`.
async fn configured(installs: &str) -> Result<AppState, String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("installs.toml");
    std::fs::write(&file, installs).unwrap();
    let no_dist = dir.path().join("no-dist");
    let config = sidecard_proxy::Config::load_from([
        "sidecard-proxy",
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--dist",
        no_dist.to_str().unwrap(),
        "--installs",
        file.to_str().unwrap(),
        "--session-secret",
        "a-session-secret-of-at-least-32-chars",
    ])
    .unwrap();
    AppState::from_config(&config)
        .await
        .map_err(|e| e.to_string())
}

fn dynamics_connection(name: &str, org: &str) -> String {
    // A closed loopback port as the authority: the background token fetch fails quietly.
    format!(
        "[connections.{name}]\ncrm = \"dynamics\"\ndynamics_url = \"{org}\"\n\
         dynamics_tenant = \"t\"\ndynamics_client_id = \"c\"\ndynamics_client_secret = \"s\"\n\
         dynamics_authority = \"http://127.0.0.1:9\"\n"
    )
}

#[tokio::test]
async fn an_org_confirms_sign_ins_only_through_a_connection_to_itself() {
    let install = |extra: &str| {
        format!(
            "[[install]]\nid = \"contoso\"\nhost = \"dynamics\"\n\
             domain = \"contoso.crm.dynamics.com\"\n{extra}"
        )
    };
    let demo = configured(&install("")).await.err().unwrap();
    assert!(
        demo.contains("connection \"default\" is a demo connection"),
        "{demo}"
    );
    let other = configured(&format!(
        "{}{}",
        dynamics_connection("fabrikam", "https://fabrikam.crm.dynamics.com"),
        install("sign_in_connection = \"fabrikam\"")
    ))
    .await
    .err()
    .unwrap();
    assert!(
        other.contains("is to https://fabrikam.crm.dynamics.com"),
        "{other}"
    );
    // Lookups in the demo CRM, sign-ins through the org itself: the org may frame the panel.
    let state = configured(&format!(
        "{}{}",
        dynamics_connection("contoso", "https://contoso.crm.dynamics.com"),
        install("sign_in_connection = \"contoso\"")
    ))
    .await
    .unwrap();
    let csp = state
        .csp
        .header(sidecard_proxy::csp::Page::Widget)
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains(" https://contoso.crm.dynamics.com"), "{csp}");
    let page = call(
        &app(state),
        "GET",
        "/cif?base=https://contoso.crm.dynamics.com",
        None,
        None,
    )
    .await;
    // Configured, but no widget built in its --dist: the page says how to build it.
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
}

/// An org whose Dataverse Web API answers the sign-in and the lookups, with two installs on
/// one connection to it: the org's panel and a Freshdesk account.
async fn dataverse() -> (MockServer, Router) {
    let server = MockServer::start().await;
    mount_token(&server).await;
    let crm = Arc::new(DynamicsCrm::new(dynamics_config(&server)).unwrap());
    // One call that needs the token, so the connector's background token fetch is done
    // before any test acts (a fetch still in flight when the MockServer drops blocks its
    // drop: wiremock verifies on drop under a lock that request holds).
    let _ =
        sidecard_proxy::crm::Connector::fields(crm.as_ref(), sidecard_model::Entity::Contact).await;
    let domain = server.uri().trim_start_matches("http://").to_owned();
    let state = AppState::new(
        crm.clone(),
        Arc::new(SqliteStore::in_memory().unwrap()),
        common::options(Some(Duration::from_secs(60))),
    )
    .with_install(
        "contoso",
        HostKind::Dynamics,
        &domain,
        Credential::DynamicsSession {
            sign_in: crm.clone(),
        },
        crm.clone(),
    )
    .with_install(
        "contoso-fd",
        HostKind::Freshdesk,
        "contoso.freshdesk.com",
        Credential::ApiKey {
            sha256: sha2::Sha256::digest(FRESHDESK_KEY.as_bytes()).into(),
        },
        crm,
    )
    .with_anonymous(false);
    (server, app(state))
}

const FRESHDESK_KEY: &str = "fd_key_for_the_impersonation_test_0123";

/// Every Dataverse request of the lookups for `email` (contacts, leads), with the
/// `CallerObjectId` each carried.
async fn lookups_for(server: &MockServer, email: &str) -> Vec<Option<String>> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| {
            let path = r.url.path();
            (path.ends_with("/contacts") || path.ends_with("/leads"))
                && r.url
                    .query()
                    .unwrap_or_default()
                    .contains(&email.replace('@', "%40"))
        })
        .map(|r| {
            r.headers
                .get("CallerObjectId")
                .map(|v| v.to_str().unwrap().to_owned())
        })
        .collect()
}

#[tokio::test]
async fn panel_lookups_read_as_the_agent_and_help_desk_lookups_as_the_app() {
    let (server, app) = dataverse().await;
    let org = server.uri();
    let answer = call(
        &app,
        "POST",
        "/api/v1/cif/challenge",
        None,
        Some(json!({"org": org})),
    )
    .await;
    let (challenge, nonce) = (
        answer.json()["challenge"].as_str().unwrap().to_owned(),
        answer.json()["nonce"].as_str().unwrap().to_owned(),
    );
    Mock::given(method("GET"))
        .and(path(note_path()))
        .respond_with(note(&nonce, "Sidecard sign-in"))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(note_path()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/api/data/v9.2/systemusers({USER})")))
        .and(query_param("$select", "azureactivedirectoryobjectid"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "systemuserid": USER, "azureactivedirectoryobjectid": OID
        })))
        .expect(1)
        .mount(&server)
        .await;
    for set in ["contacts", "leads"] {
        Mock::given(method("GET"))
            .and(path(format!("/api/data/v9.2/{set}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": []})))
            .mount(&server)
            .await;
    }
    let signed_in = call(
        &app,
        "POST",
        "/api/v1/cif/session",
        None,
        Some(json!({"challenge": challenge, "note": NOTE})),
    )
    .await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.text);
    let session = signed_in.json()["token"].as_str().unwrap().to_owned();

    let body = |email: &str| json!({"emails": [email]});
    let panel = call(
        &app,
        "POST",
        "/api/v1/lookup",
        Some(&session),
        Some(body("ana@x.example")),
    )
    .await;
    assert_eq!(panel.status, StatusCode::OK, "{}", panel.text);
    let desk = call(
        &app,
        "POST",
        "/api/v1/lookup",
        Some(FRESHDESK_KEY),
        Some(body("bob@x.example")),
    )
    .await;
    assert_eq!(desk.status, StatusCode::OK, "{}", desk.text);
    // The help desk's cached answer is not the panel user's: same customer, new request.
    call(
        &app,
        "POST",
        "/api/v1/lookup",
        Some(FRESHDESK_KEY),
        Some(body("ana@x.example")),
    )
    .await;

    let panel_calls = lookups_for(&server, "ana@x.example").await;
    assert_eq!(
        panel_calls,
        [Some(OID.to_owned()), Some(OID.to_owned()), None, None],
        "contacts then leads as the agent, then the same as the app"
    );
    assert_eq!(lookups_for(&server, "bob@x.example").await, [None, None]);
    // The sign-in itself reads as the app (the agent has no session yet).
    let sign_in_calls: Vec<_> = server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.path().contains("annotations") || r.url.path().contains("systemusers"))
        .collect();
    assert_eq!(sign_in_calls.len(), 3);
    assert!(
        sign_in_calls
            .iter()
            .all(|r| r.headers.get("CallerObjectId").is_none())
    );
}

#[tokio::test]
async fn a_challenge_serves_once_and_an_undeletable_note_fails_the_sign_in() {
    let (server, app) = dataverse().await;
    let org = server.uri();
    let start = || async {
        let answer = call(
            &app,
            "POST",
            "/api/v1/cif/challenge",
            None,
            Some(json!({"org": org})),
        )
        .await;
        (
            answer.json()["challenge"].as_str().unwrap().to_owned(),
            answer.json()["nonce"].as_str().unwrap().to_owned(),
        )
    };
    let (challenge, nonce) = start().await;
    // The note stays readable (say, a replay before Dataverse finished deleting it).
    Mock::given(method("GET"))
        .and(path(note_path()))
        .respond_with(note(&nonce, "Sidecard sign-in"))
        .mount(&server)
        .await;
    let delete = Mock::given(method("DELETE"))
        .and(path(note_path()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount_as_scoped(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/api/data/v9.2/systemusers({USER})")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "azureactivedirectoryobjectid": OID
        })))
        .mount(&server)
        .await;
    let body = json!({"challenge": challenge, "note": NOTE});
    let first = call(
        &app,
        "POST",
        "/api/v1/cif/session",
        None,
        Some(body.clone()),
    )
    .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let replay = call(&app, "POST", "/api/v1/cif/session", None, Some(body)).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED, "{}", replay.text);
    drop(delete);

    // A note the org will not delete: no session (the nonce would stay readable).
    let (challenge2, nonce2) = start().await;
    server.reset().await;
    mount_token(&server).await;
    Mock::given(method("GET"))
        .and(path(note_path()))
        .respond_with(note(&nonce2, "Sidecard sign-in"))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(note_path()))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"error": {
            "code": "0x80040220", "message": "Principal user is missing prvDeleteNote privilege"
        }})))
        .expect(1)
        .mount(&server)
        .await;
    let refused = call(
        &app,
        "POST",
        "/api/v1/cif/session",
        None,
        Some(json!({"challenge": challenge2, "note": NOTE})),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{}", refused.text);
    assert!(!refused.text.contains("token"), "{}", refused.text);
}

#[tokio::test]
async fn sign_ins_are_rate_limited_per_org() {
    let (server, app) = dataverse().await;
    let org = server.uri();
    let mut statuses = Vec::new();
    for _ in 0..125 {
        let answer = call(
            &app,
            "POST",
            "/api/v1/cif/challenge",
            None,
            Some(json!({"org": org})),
        )
        .await;
        statuses.push(answer.status);
    }
    // The default: 120 a minute for one org (no client address in-process).
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        120
    );
    assert_eq!(statuses[120], StatusCode::TOO_MANY_REQUESTS);
}
