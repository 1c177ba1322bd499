//! Pins through the router, against a freshly seeded demo CRM where `info@northwind.example`
//! is two people's address: an agent pins the right one, later lookups (in any form) show them
//! first and say who pinned them, only a matching person can be pinned, unpin undoes it, and
//! both are in the audit log.

mod common;

use axum::http::StatusCode;
use serde_json::{Value as Json, json};
use sidecard_model::phone::Region;
use sidecard_proxy::crm::demo::DemoCrm;
use sidecard_proxy::store::AuditLog;
use sidecard_proxy::store::sqlite::SqliteStore;
use sidecard_proxy::{AppState, app};
use std::sync::Arc;
use std::time::Duration;

const SHARED: &str = "info@northwind.example";

struct Fixture {
    _dir: tempfile::TempDir,
    app: axum::Router,
    store: Arc<SqliteStore>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let crm = DemoCrm::open_or_seed(&dir.path().join("demo.sqlite3"), Region::default()).unwrap();
    let store = Arc::new(SqliteStore::in_memory().unwrap());
    let state = AppState::new(
        Arc::new(crm),
        store.clone(),
        common::options(Some(Duration::from_secs(60))),
    )
    .with_audit(store.clone())
    .with_pins(store.clone());
    Fixture {
        _dir: dir,
        app: app(state),
        store,
    }
}

async fn call(f: &Fixture, method: &str, uri: &str, body: Json) -> (StatusCode, Json) {
    common::call(&f.app, method, uri, Some(body)).await
}

async fn lookup(f: &Fixture, emails: &[&str]) -> Json {
    let (status, view) = call(f, "POST", "/api/v1/lookup", json!({ "emails": emails })).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    view
}

fn titles(view: &Json) -> Vec<&str> {
    view["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["person"]["title"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn a_pinned_person_comes_first_in_every_lookup_of_the_customer_until_unpinned() {
    let f = fixture();
    let before = lookup(&f, &[SHARED]).await;
    assert_eq!(titles(&before).len(), 2);
    assert!(before.get("pinned").is_none());
    // The one the ranking puts second is the right one.
    let second = &before["customers"][1]["person"];
    let (status, pinned) = call(
        &f,
        "PUT",
        "/api/v1/pins",
        json!({"emails": [SHARED], "entity": second["entity"], "id": second["id"],
               "by": "Alex Agent"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{pinned}");
    assert_eq!(
        (&pinned["id"], &pinned["by"]),
        (&second["id"], &json!("Alex Agent"))
    );

    // Written another way, it is the same customer: the pinned person first, marked (and a
    // blank phone, as hosts send for a customer without one, changes nothing).
    let (status, after) = call(
        &f,
        "POST",
        "/api/v1/lookup",
        json!({"emails": [" INFO@Northwind.example "], "phones": [""]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(after["customers"][0]["person"]["id"], second["id"]);
    assert_eq!(titles(&after).len(), 2, "the others still show");
    assert_eq!(after["pinned"]["by"], "Alex Agent");
    assert_eq!(after["pinned"]["at"], pinned["at"]);

    // Without a person: unpinned.
    let (status, _) = call(&f, "PUT", "/api/v1/pins", json!({"emails": [SHARED]})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let unpinned = lookup(&f, &[SHARED]).await;
    assert!(unpinned.get("pinned").is_none());
    assert_eq!(titles(&unpinned), titles(&before));

    let actions: Vec<String> = f
        .store
        .page("default", None, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|r| format!("{} {}", r.action, r.detail))
        .collect();
    let title = second["title"].as_str().unwrap();
    let id = second["id"].as_str().unwrap();
    assert_eq!(actions[0], format!("pin.remove contact {id}"));
    assert!(actions[1].starts_with("pin.set contact "), "{actions:?}");
    assert!(actions[1].ends_with(&format!("({title})")), "{actions:?}");

    // `DELETE` with the customer unpins as well; naming a person there is refused.
    let body = json!({"emails": [SHARED], "entity": second["entity"], "id": second["id"]});
    let (status, _) = call(&f, "PUT", "/api/v1/pins", body.clone()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, refused) = call(&f, "DELETE", "/api/v1/pins", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert!(lookup(&f, &[SHARED]).await.get("pinned").is_some());
    let (status, _) = call(&f, "DELETE", "/api/v1/pins", json!({"emails": [SHARED]})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(lookup(&f, &[SHARED]).await.get("pinned").is_none());
}

#[tokio::test]
async fn only_a_matching_person_can_be_pinned_and_bad_bodies_are_refused() {
    let f = fixture();
    // Ana García exists, but is not who this customer's lookup matches.
    let (status, body) = call(
        &f,
        "PUT",
        "/api/v1/pins",
        json!({"emails": [SHARED], "entity": "contact", "id": "C01"}),
    )
    .await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("invalid_request"))
    );
    assert!(body["message"].as_str().unwrap().contains("not among"));
    for (body, code) in [
        (
            json!({"emails": [SHARED], "entity": "contact"}),
            "invalid_request",
        ),
        (json!({"emails": [SHARED], "id": "C01"}), "invalid_request"),
        (json!({"emails": [SHARED], "by": "Alex"}), "invalid_request"),
        (
            json!({"emails": [SHARED], "entity": "contact", "id": "C01", "note": "x"}),
            "invalid_json",
        ),
        (
            json!({"emails": [SHARED], "entity": "contact", "id": "C01", "by": "x".repeat(81)}),
            "invalid_request",
        ),
        (
            json!({"emails": ["not-an-email"], "entity": "contact", "id": "C01"}),
            "invalid_email",
        ),
        (json!({"entity": "contact", "id": "C01"}), "no_lookup_key"),
    ] {
        let (status, answer) = call(&f, "PUT", "/api/v1/pins", body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {answer}");
        assert_eq!(answer["code"], code, "{body}: {answer}");
    }
    assert!(f.store.page("default", None, 10).await.unwrap().is_empty());
}
