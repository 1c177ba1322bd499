//! The store suite, run on both stores: the SQLite file and a real PostgreSQL server (started by
//! the test, `sidecard_fakes::services`). Each case takes two handles on one database, as two
//! proxy processes would have.

use sidecard_fakes::services::Postgres;
use sidecard_model::{Entity, FieldChoice, Settings};
use sidecard_proxy::store::postgres::PgStore;
use sidecard_proxy::store::sqlite::SqliteStore;
use sidecard_proxy::store::{
    AuditEvent, AuditLog, LogStore, LoggedActivity, Pin, PinStore, SettingsStore, StoreError,
};
use std::time::{Duration, Instant};

/// Everything a store is, twice over one database.
trait Store: SettingsStore + AuditLog + PinStore + LogStore {}
impl<T: SettingsStore + AuditLog + PinStore + LogStore> Store for T {}

fn settings() -> Settings {
    Settings::defaults(|e| match e {
        Entity::Contact => vec!["email1".into(), "city".into()],
        _ => vec![],
    })
}

async fn settings_are_versioned_and_compare_and_swap(a: &dyn Store, b: &dyn Store) {
    assert_eq!(a.load("acme").await.unwrap(), None, "nothing saved yet");
    let first = a.save("acme", &settings()).await.unwrap();
    assert_eq!(first.version, 1);
    assert_eq!(b.load("acme").await.unwrap(), Some(first.clone()));
    assert_eq!(b.load("other").await.unwrap(), None, "installs are apart");

    let mut theirs = first.clone();
    theirs.deal.max_shown = 9;
    let second = b.save("acme", &theirs).await.unwrap();
    assert_eq!(second.version, 2);

    let mut mine = first.clone();
    mine.deal.max_shown = 3;
    match a.save("acme", &mine).await {
        Err(StoreError::Conflict {
            based_on: 1,
            current: 2,
        }) => {}
        other => panic!("a stale save must be a conflict: {other:?}"),
    }
    assert_eq!(a.load("acme").await.unwrap().unwrap().deal.max_shown, 9);

    // A first save over someone's first save is a conflict too, not an overwrite.
    match b.save("acme", &settings()).await {
        Err(StoreError::Conflict {
            based_on: 0,
            current: 2,
        }) => {}
        other => panic!("{other:?}"),
    }

    // Of many concurrent saves on one version, across both handles, exactly one wins.
    let mut next = second.clone();
    next.contact.fields.insert(0, FieldChoice::new("mobile"));
    let saves = (0..8).map(|i| {
        let store = if i % 2 == 0 { a } else { b };
        store.save("acme", &next)
    });
    let won = futures::future::join_all(saves)
        .await
        .into_iter()
        .filter(Result::is_ok)
        .count();
    assert_eq!(won, 1);
    assert_eq!(b.load("acme").await.unwrap().unwrap().version, 3);
}

async fn the_audit_log_pages_newest_first(a: &dyn Store, b: &dyn Store) {
    for (store, install, action) in [
        (a, "a", "one"),
        (b, "b", "other"),
        (b, "a", "two"),
        (a, "a", "three"),
    ] {
        store
            .record(AuditEvent {
                install: install.into(),
                actor: "operator".into(),
                action: action.into(),
                detail: "v1".into(),
                address: Some("127.0.0.1".into()),
            })
            .await
            .unwrap();
    }
    let first = a.page("a", None, 2).await.unwrap();
    let actions: Vec<_> = first.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions, ["three", "two"]);
    let rest = b.page("a", Some(first[1].id), 2).await.unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].action, "one");
    assert_eq!(rest[0].detail, "v1");
    assert_eq!(rest[0].address.as_deref(), Some("127.0.0.1"));
    assert_eq!(
        rest[0].at.len(),
        "2026-12-01T16:00:00Z".len(),
        "{}",
        rest[0].at
    );
    assert!(rest[0].at.ends_with('Z') && rest[0].at.as_bytes()[10] == b'T');
}

async fn pins_replace_and_go(a: &dyn Store, b: &dyn Store) {
    assert_eq!(a.pinned("acme", "e:ana@x").await.unwrap(), None);
    let pin = |id: &str| Pin {
        entity: Entity::Contact,
        id: id.into(),
        by: "Agent A".into(),
        at: String::new(),
    };
    let stored = a.pin("acme", "e:ana@x", &pin("c-1")).await.unwrap();
    assert!(stored.at.ends_with('Z'), "{}", stored.at);
    b.pin("acme", "e:ana@x", &pin("c-2")).await.unwrap();
    let seen = a.pinned("acme", "e:ana@x").await.unwrap().unwrap();
    assert_eq!((seen.entity, seen.id.as_str()), (Entity::Contact, "c-2"));
    assert_eq!(b.pinned("globex", "e:ana@x").await.unwrap(), None);
    let removed = b.unpin("acme", "e:ana@x").await.unwrap().unwrap();
    assert_eq!(removed.id, "c-2");
    assert_eq!(a.pinned("acme", "e:ana@x").await.unwrap(), None);
    assert_eq!(a.unpin("acme", "e:ana@x").await.unwrap(), None);
}

async fn logged_activities_are_remembered(a: &dyn Store, b: &dyn Store) {
    assert_eq!(a.logged("acme", "zd:1:contact:c-1").await.unwrap(), None);
    let logged = |id: &str, digest: &str| LoggedActivity {
        kind: "phone_call".into(),
        activity_id: id.into(),
        digest: digest.into(),
    };
    a.remember("acme", "zd:1:contact:c-1", &logged("act-1", "d1"))
        .await
        .unwrap();
    assert_eq!(
        b.logged("acme", "zd:1:contact:c-1").await.unwrap(),
        Some(logged("act-1", "d1"))
    );
    b.remember("acme", "zd:1:contact:c-1", &logged("act-1", "d2"))
        .await
        .unwrap();
    assert_eq!(
        a.logged("acme", "zd:1:contact:c-1")
            .await
            .unwrap()
            .unwrap()
            .digest,
        "d2"
    );
    assert_eq!(b.logged("other", "zd:1:contact:c-1").await.unwrap(), None);
}

async fn suite(a: &dyn Store, b: &dyn Store) {
    settings_are_versioned_and_compare_and_swap(a, b).await;
    the_audit_log_pages_newest_first(a, b).await;
    pins_replace_and_go(a, b).await;
    logged_activities_are_remembered(a, b).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sqlite_store_passes_the_suite_with_two_handles_on_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sidecard.sqlite3");
    // Two processes starting at once on a new file both migrate it.
    let (a, b) = tokio::join!(
        tokio::task::spawn_blocking({
            let path = path.clone();
            move || SqliteStore::open(&path)
        }),
        tokio::task::spawn_blocking({
            let path = path.clone();
            move || SqliteStore::open(&path)
        })
    );
    let (a, b) = (a.unwrap().unwrap(), b.unwrap().unwrap());
    suite(&a, &b).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_postgres_store_passes_the_suite_and_hears_saves_within_a_second() {
    let server = Postgres::start();
    let url = server.database("store_suite");
    // Two processes starting at once both run the migrations: the advisory lock lets one.
    let (a, b) = tokio::join!(PgStore::connect(&url), PgStore::connect(&url));
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut heard = b.changes().expect("PostgreSQL tells of saves");
    suite(&a, &b).await;

    // Drain what the suite's saves announced, then one save on `a` is heard by `b`.
    tokio::time::sleep(Duration::from_millis(200)).await;
    while heard.try_recv().is_ok() {}
    let current = a.load("globex").await.unwrap();
    assert_eq!(current, None);
    let saved_at = Instant::now();
    a.save("globex", &settings()).await.unwrap();
    let install = tokio::time::timeout(Duration::from_secs(1), heard.recv())
        .await
        .expect("the save is heard within a second")
        .unwrap();
    assert_eq!(install, "globex");
    println!(
        "save heard by the other handle after {:?}",
        saved_at.elapsed()
    );

    // A refused save announces nothing.
    let _ = a.save("globex", &settings()).await.unwrap_err();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(heard.try_recv().is_err(), "a conflict was announced");

    // A third process on the migrated database applies nothing and starts.
    let c = PgStore::connect(&url).await.unwrap();
    assert_eq!(c.load("globex").await.unwrap().unwrap().version, 1);
}

#[tokio::test]
async fn a_bad_database_url_says_so() {
    let err = PgStore::connect("mysql://nope").await.err().unwrap();
    assert!(err.to_string().contains("PostgreSQL"), "{err}");
    // Nothing listens on port 1.
    let err = PgStore::connect("postgres://sidecard@127.0.0.1:1/x")
        .await
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("cannot connect to PostgreSQL"),
        "{err}"
    );
}
