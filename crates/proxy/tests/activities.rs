//! `POST /api/v1/activities` through the router, against a freshly seeded demo CRM: the
//! mapped fields land in the CRM's activities table, once per conversation and person however
//! often the agent clicks, a new note updates (or appends, as the admin chose), every bad
//! request is a 4xx naming its problem, and the admin's mapping is checked on save.

mod common;

use axum::http::StatusCode;
use serde_json::{Value as Json, json};
use sidecard_model::Settings;
use sidecard_model::activity::{FieldMap, LogTarget, Repeat, Source};
use sidecard_model::phone::Region;
use sidecard_model::{FieldKind, activity::ActivityKind};
use sidecard_proxy::crm::Connector;
use sidecard_proxy::crm::bounded::Bounded;
use sidecard_proxy::crm::demo::DemoCrm;
use sidecard_proxy::secret::Secret;
use sidecard_proxy::store::sqlite::SqliteStore;
use sidecard_proxy::store::{AuditLog, SettingsStore};
use sidecard_proxy::{AppState, app};
use std::path::PathBuf;
use std::sync::Arc;

const ADMIN_KEY: &str = "admin-key-for-the-activities-tests";

struct Fixture {
    dir: tempfile::TempDir,
    app: axum::Router,
    store: Arc<SqliteStore>,
}

impl Fixture {
    fn db(&self) -> PathBuf {
        self.dir.path().join("demo.sqlite3")
    }

    /// Every logged activity of contact `C02` (Ben, who has none in the seed), oldest first.
    fn activities(&self) -> Vec<(String, String, Option<String>, Option<String>)> {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT type, subject, description, status FROM activities \
                 WHERE contact_id = 'C02' ORDER BY logged_at, rowid",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }
}

/// The demo CRM behind the standalone install; `log` saved as its mapping when given.
async fn fixture(log: Option<LogTarget>) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let crm = DemoCrm::open_or_seed(&dir.path().join("demo.sqlite3"), Region::default()).unwrap();
    let store = Arc::new(SqliteStore::in_memory().unwrap());
    let mut settings = Settings::defaults(|entity| crm.default_fields(entity));
    settings.log = log;
    store.save("default", &settings).await.unwrap();
    // Bounded, as every configured connection is: what it does not pass on, no route reaches.
    let crm = Bounded::new(Arc::new(crm), 4, std::time::Duration::from_secs(1));
    let state = AppState::new(Arc::new(crm), store.clone(), common::options(None))
        .with_audit(store.clone())
        .with_logs(store.clone(), None)
        .with_admin_key(Some(Secret::new(ADMIN_KEY)));
    Fixture {
        dir,
        app: app(state),
        store,
    }
}

fn request(note: &str) -> Json {
    json!({
        "emails": ["ben.okafor@contoso.example"],
        "entity": "contact",
        "id": "C02",
        "conversation": {
            "id": "4711",
            "subject": "Printer on fire",
            "url": "https://sidecard.example/tickets/4711",
            "channel": "email"
        },
        "note": note
    })
}

async fn log(f: &Fixture, body: Json) -> (StatusCode, Json) {
    common::call(&f.app, "POST", "/api/v1/activities", Some(body)).await
}

#[tokio::test]
async fn a_log_writes_the_mapped_fields_once_however_often_it_is_sent() {
    let f = fixture(None).await;
    let (status, first) = log(&f, request("Sent a new toner.")).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["logged"], "created");
    assert_eq!(first["activity"], "task");
    let rows = f.activities();
    assert_eq!(rows.len(), 1);
    let (kind, subject, description, status) = &rows[0];
    assert_eq!(kind, "task");
    assert_eq!(subject, "Printer on fire");
    assert_eq!(
        description.as_deref(),
        Some("Sent a new toner.\n\nChannel: email\nTicket: https://sidecard.example/tickets/4711")
    );
    assert_eq!(status.as_deref(), Some("Completed"));

    // A retry, and a double click whose two requests cross: nothing more in the CRM.
    let (status, again) = log(&f, request("Sent a new toner.")).await;
    assert_eq!(
        (status, &again["logged"]),
        (StatusCode::OK, &json!("unchanged"))
    );
    assert_eq!(again["id"], first["id"]);
    let (a, b) = tokio::join!(
        log(&f, request("Sent a new toner.")),
        log(&f, request("Sent a new toner."))
    );
    assert_eq!(
        (a.1["id"].clone(), b.1["id"].clone()),
        (first["id"].clone(), first["id"].clone())
    );
    assert_eq!(f.activities().len(), 1);

    let audit: Vec<String> = f
        .store
        .page("default", None, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|r| format!("{} {}", r.action, r.detail))
        .collect();
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert!(audit[0].starts_with("activity.create task "), "{audit:?}");
    assert!(audit[0].ends_with("regarding contact C02 (conversation 4711)"));
}

#[tokio::test]
async fn a_new_note_updates_the_activity_or_appends_one_as_the_admin_chose() {
    let f = fixture(None).await;
    let (_, first) = log(&f, request("Sent a new toner.")).await;
    let (status, second) = log(&f, request("Toner arrived.")).await;
    assert_eq!(
        (status, &second["logged"]),
        (StatusCode::OK, &json!("updated"))
    );
    assert_eq!(second["id"], first["id"]);
    let rows = f.activities();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].2.as_deref().unwrap().starts_with("Toner arrived."));

    // Deleted in the CRM since: the next log makes a new one.
    rusqlite::Connection::open(f.db())
        .unwrap()
        .execute("DELETE FROM activities WHERE contact_id = 'C02'", [])
        .unwrap();
    let (status, third) = log(&f, request("Called again.")).await;
    assert_eq!(
        (status, &third["logged"]),
        (StatusCode::CREATED, &json!("created"))
    );
    assert_eq!(f.activities().len(), 1);

    let append = fixture(Some(LogTarget {
        activity: ActivityKind::PhoneCall,
        fields: vec![
            FieldMap::new("subject", FieldKind::Text, Source::Subject),
            FieldMap::new("description", FieldKind::Text, Source::Note),
        ],
        repeat: Repeat::Append,
    }))
    .await;
    log(&append, request("One.")).await;
    log(&append, request("One.")).await;
    let (status, two) = log(&append, request("Two.")).await;
    assert_eq!(
        (status, &two["logged"]),
        (StatusCode::CREATED, &json!("created"))
    );
    let rows = append.activities();
    let notes: Vec<_> = rows
        .iter()
        .map(|r| (r.0.as_str(), r.2.as_deref(), r.3.as_deref()))
        .collect();
    assert_eq!(
        notes,
        [
            ("phone_call", Some("One."), None),
            ("phone_call", Some("Two."), None)
        ],
        "only mapped fields are sent"
    );
}

#[tokio::test]
async fn bad_requests_name_their_problem_and_write_nothing() {
    let f = fixture(None).await;
    let mut unknown = request("x");
    unknown["owner"] = json!("me");
    let mut script = request("x");
    script["conversation"]["url"] = json!("javascript:alert(1)");
    let mut deal = request("x");
    deal["entity"] = json!("deal");
    let mut long = request("x");
    long["note"] = json!("x".repeat(4001));
    let mut nobody = request("x");
    nobody["id"] = json!("C99");
    // Ana exists, but is not who this customer's lookup matches.
    let mut someone_else = request("x");
    someone_else["id"] = json!("C01");
    for (body, status, code, says) in [
        (unknown, StatusCode::BAD_REQUEST, "invalid_json", "owner"),
        (
            script,
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "http(s)",
        ),
        (deal, StatusCode::BAD_REQUEST, "invalid_request", "not deal"),
        (long, StatusCode::BAD_REQUEST, "invalid_request", "4000"),
        (
            nobody,
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "not among",
        ),
        (
            someone_else,
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "not among",
        ),
    ] {
        let (got, answer) = log(&f, body).await;
        assert_eq!(got, status, "{answer}");
        assert_eq!(answer["code"], code, "{answer}");
        assert!(
            answer["message"].as_str().unwrap().contains(says),
            "{answer}"
        );
    }
    let mut huge = request("x");
    huge["note"] = json!("x".repeat(30_000));
    assert_eq!(log(&f, huge).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(f.activities().is_empty());
}

#[tokio::test]
async fn the_settings_show_the_default_mapping_and_refuse_a_wrong_one() {
    let f = fixture(None).await;
    let (status, settings) = common::call(&f.app, "GET", "/api/v1/settings", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(settings["log"]["activity"], "task");
    assert_eq!(
        settings["log"]["fields"][0],
        json!({"field": "subject", "kind": "text", "from": "subject"})
    );

    let (status, fields) =
        common::call(&f.app, "GET", "/api/v1/schema/activity/phone_call", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        fields
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["key"] == "duration_minutes")
    );
    let (status, _) = common::call(&f.app, "GET", "/api/v1/schema/activity/meeting", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // What the page read saves as it is (the default mapping fits the CRM).
    let (status, saved) = common::call_as(
        &f.app,
        "PUT",
        "/api/v1/settings",
        Some(settings.clone()),
        Some(ADMIN_KEY),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let mut wrong = saved.clone();
    wrong["log"]["fields"] = json!([
        {"field": "duration_minutes", "kind": "number", "from": "note"},
        {"field": "owner", "kind": "text", "from": "subject"}
    ]);
    let (status, answer) = common::call_as(
        &f.app,
        "PUT",
        "/api/v1/settings",
        Some(wrong),
        Some(ADMIN_KEY),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let message = answer["message"].as_str().unwrap();
    assert!(
        message.contains("cannot hold the agent's note"),
        "{message}"
    );
    assert!(message.contains("no activity field \"owner\""), "{message}");
}
