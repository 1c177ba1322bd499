//! Two real proxy processes behind one address, as a load balancer would run them, sharing a
//! real PostgreSQL and a real Redis (started by the test) in front of one HubSpot stand-in
//! (`sidecard_fakes::hubspot`, which counts every call): they behave as one.

use serde_json::{Value as Json, json};
use sidecard_fakes::hubspot::{HubSpotPortal, TOKEN};
use sidecard_fakes::services::ProxyProcess as Process;
use sidecard_fakes::services::{Postgres, Redis};
use std::path::Path;
use std::time::{Duration, Instant};

const ADMIN_KEY: &str = "two-processes-admin-key-0123456789abcdef";

async fn lookup(process: &Process, email: &str) -> (u16, Json) {
    let response = reqwest::get(format!("{}/api/v1/lookup?email={email}", process.url))
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Json::Null))
}

/// The contacts searches the portal answered (one per lookup that reached it).
fn contact_searches(portal: &HubSpotPortal) -> usize {
    portal
        .calls()
        .iter()
        .filter(|c| c.path.ends_with("/objects/contacts/search"))
        .count()
}

/// A proxy on the HubSpot stand-in `crm`, sharing `database` and `redis`.
fn start(dir: &Path, name: &str, crm: &str, database: &str, redis: &str) -> Process {
    Process::start(
        Path::new(env!("CARGO_BIN_EXE_sidecard-proxy")),
        &dir.join(name),
        &[
            "--crm",
            "hubspot",
            "--hubspot-api-url",
            crm,
            "--database-url",
            database,
            "--redis-url",
            redis,
            "--admin-key",
            ADMIN_KEY,
            "--anonymous",
            "true",
            "--log",
            "info,sidecard_proxy=debug",
            // Short, so a test can see answers age past it.
            "--cache-ttl-secs",
            "1",
        ],
        &[("SIDECARD_HUBSPOT_TOKEN", TOKEN)],
    )
}

struct Topology {
    a: Process,
    b: Process,
    portal: HubSpotPortal,
    redis: Redis,
    _crm: wiremock::MockServer,
    postgres: Postgres,
    _dir: tempfile::TempDir,
}

async fn topology(database: &str) -> Topology {
    let dir = tempfile::tempdir().unwrap();
    let postgres = Postgres::start();
    let url = postgres.database(database);
    let redis = Redis::start();
    let portal = HubSpotPortal::default();
    for (first, email) in [
        ("Ana", "ana@contoso.example"),
        ("Ben", "ben@contoso.example"),
        ("Erin", "erin@contoso.example"),
        // Two people at one address: their lookup reads the customer's pin.
        ("Sam", "sam@contoso.example"),
        ("Samantha", "sam@contoso.example"),
    ] {
        portal.insert(
            "contacts",
            json!({ "firstname": first, "lastname": "García", "email": email,
                    "lifecyclestage": "customer", "jobtitle": "Buyer", "city": "Redmond" }),
        );
    }
    // The portal's own per-second search limit is not what is measured here.
    portal.without_limits();
    let (crm, portal) = portal.start().await;
    let a = start(dir.path(), "a", &crm.uri(), &url, &redis.url());
    let b = start(dir.path(), "b", &crm.uri(), &url, &redis.url());
    Topology {
        a,
        b,
        portal,
        redis,
        _crm: crm,
        postgres,
        _dir: dir,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_answers_one_crm_request_saves_and_windows() {
    let t = topology("two_processes").await;

    // A lookup by A is a cache hit on B: B asks the CRM nothing.
    let (status, first) = lookup(&t.a, "ana@contoso.example").await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["customers"].as_array().unwrap().len(), 1, "{first}");
    let calls = t.portal.api_calls();
    let (status, on_b) = lookup(&t.b, "ana@contoso.example").await;
    assert_eq!(status, 200);
    assert_eq!(on_b["customers"], first["customers"]);
    assert_eq!(
        on_b["as_of"], first["as_of"],
        "B serves A's answer as of A's fetch"
    );
    assert_eq!(t.portal.api_calls(), calls, "B asked the CRM");

    // 20 agents opening one customer at once, split across A and B: one CRM lookup.
    let searches = contact_searches(&t.portal);
    let opens = (0..20).map(|i| {
        let process = if i % 2 == 0 { &t.a } else { &t.b };
        lookup(process, "ben@contoso.example")
    });
    let answers = futures::future::join_all(opens).await;
    for (status, answer) in &answers {
        assert_eq!(*status, 200, "{answer}");
        assert_eq!(answer["customers"].as_array().unwrap().len(), 1, "{answer}");
    }
    assert_eq!(
        contact_searches(&t.portal) - searches,
        1,
        "20 concurrent lookups on two processes cost one CRM lookup"
    );

    // A settings save on A is in force on B within a second: B's answers take the new shape.
    save_contact_fields(&t.a, &["jobtitle"]).await;
    let took = shown_within_a_second(&t.b, &["jobtitle"]).await;
    println!("B applied A's save after {took:?}");

    // A request id followed from the widget's call to each CRM call it caused.
    let traced = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/lookup?email=erin@contoso.example",
            t.a.url
        ))
        .header("x-request-id", "trace-me-0123")
        .send()
        .await
        .unwrap();
    assert_eq!(traced.headers()["x-request-id"], "trace-me-0123");

    // A throttle window entered by A holds on B: B sends nothing during it.
    t.portal.with_limits();
    t.portal.throttle_next("TEN_SECONDLY_ROLLING");
    let (status, throttled) = lookup(&t.a, "carla@contoso.example").await;
    assert_eq!(status, 503, "{throttled}");
    assert_eq!(throttled["code"], "crm_throttled", "{throttled}");
    let calls = t.portal.api_calls();
    let (status, on_b) = lookup(&t.b, "dan@contoso.example").await;
    assert_eq!(
        (status, &on_b["code"]),
        (503, &json!("crm_throttled")),
        "{on_b}"
    );
    assert_eq!(
        t.portal.api_calls(),
        calls,
        "B called the CRM during A's window"
    );
    // During the window, a customer only A looked up (past the TTL by now) is answered on B
    // with A's last answer, marked stale, rather than an error.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (status, stale) = lookup(&t.b, "erin@contoso.example").await;
    assert_eq!(status, 200, "{stale}");
    assert_eq!(stale["stale"]["reason"], "crm_throttled", "{stale}");
    assert_eq!(stale["customers"].as_array().unwrap().len(), 1, "{stale}");
    assert_eq!(
        t.portal.api_calls(),
        calls,
        "B called the CRM during A's window"
    );

    // What each process counted.
    let generated = reqwest::get(format!("{}/healthz", t.a.url)).await.unwrap();
    assert_eq!(generated.headers()["x-request-id"].len(), 36, "a UUID");
    let a = metrics(&t.a).await;
    let b = metrics(&t.b).await;
    for (text, wanted) in [
        (
            &a,
            r#"sidecard_http_requests_total{route="/api/v1/lookup",method="GET",status="200"}"#,
        ),
        (
            &a,
            r#"sidecard_http_request_duration_seconds_bucket{route="/api/v1/lookup",method="GET",status="200",le="0.005"}"#,
        ),
        (&a, r#"sidecard_lookups_total{outcome="fresh"}"#),
        (&a, r#"sidecard_lookups_total{outcome="crm_throttled"}"#),
        (
            &a,
            r#"sidecard_crm_requests_total{connection="default",status="200"}"#,
        ),
        (
            &a,
            r#"sidecard_crm_requests_total{connection="default",status="429"}"#,
        ),
        (&a, r#"sidecard_crm_windows_total{kind="throttled"}"#),
        (&b, r#"sidecard_cache_total{result="shared_hit"}"#),
        (&b, r#"sidecard_lookups_total{outcome="cached"}"#),
        (&b, r#"sidecard_crm_connection_state{install="default"} 1"#),
    ] {
        assert!(text.contains(wanted), "no {wanted} in:\n{text}");
    }
    let log = t.a.log();
    assert!(
        log.lines()
            .any(|l| l.contains(r#""id":"trace-me-0123""#) && l.contains("CRM call")),
        "the request id is not on what the request did: {log}"
    );
}

/// The settings document `process` serves its admin.
async fn settings_of(process: &Process) -> Json {
    reqwest::Client::new()
        .get(format!("{}/api/v1/settings", process.url))
        .bearer_auth(ADMIN_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Saves the settings through `process` with these contact fields.
async fn save_contact_fields(process: &Process, keys: &[&str]) {
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/settings", process.url);
    let mut settings = settings_of(process).await;
    settings["contact"]["fields"] = keys.iter().map(|k| json!({ "key": k })).collect();
    let saved = client
        .put(&url)
        .bearer_auth(ADMIN_KEY)
        .json(&settings)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());
}

/// Waits until `process` answers Ana's lookup with exactly these contact fields, failing
/// past a second; how long it took.
async fn shown_within_a_second(process: &Process, keys: &[&str]) -> Duration {
    let saved_at = Instant::now();
    loop {
        let (_, answer) = lookup(process, "ana@contoso.example").await;
        let shown: Vec<&str> = answer["customers"][0]["person"]["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["key"].as_str())
            .collect();
        if shown == keys {
            return saved_at.elapsed();
        }
        assert!(
            saved_at.elapsed() < Duration::from_secs(1),
            "still the old settings a second after the other process's save: {answer}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn metrics(process: &Process) -> String {
    let response = reqwest::get(format!("{}/metrics", process.url))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4"
    );
    response.text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_redis_keeps_both_processes_answering() {
    let mut t = topology("redis_outage").await;
    for process in [&t.a, &t.b] {
        assert_eq!(lookup(process, "ana@contoso.example").await.0, 200);
    }
    t.redis.kill();
    for process in [&t.a, &t.b] {
        for email in ["ana@contoso.example", "ben@contoso.example"] {
            let (status, answer) = lookup(process, email).await;
            assert_eq!(status, 200, "{answer}");
            assert_eq!(answer["customers"].as_array().unwrap().len(), 1);
        }
    }
    // Settings still save (PostgreSQL), and the other process still hears of it.
    save_contact_fields(&t.b, &["city"]).await;
    shown_within_a_second(&t.a, &["city"]).await;
    let warned = t.a.log() + &t.b.log();
    assert!(
        warned.contains("Redis is unreachable"),
        "no warning about the outage: {warned}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_postgresql_holds_no_lookup_and_no_save() {
    let t = topology("postgres_hang").await;
    // Both have read their settings and hold pooled connections when the database hangs.
    for process in [&t.a, &t.b] {
        let (status, answer) = lookup(process, "sam@contoso.example").await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["customers"].as_array().unwrap().len(), 2, "{answer}");
    }
    let settings = settings_of(&t.a).await;
    t.postgres.freeze();
    // Far above the store's limits: without them, the pin read and the save would wait on
    // their pooled connections' queries for as long as TCP keeps the connections.
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    for process in [&t.a, &t.b, &t.a] {
        let response = client
            .get(format!(
                "{}/api/v1/lookup?email=sam@contoso.example",
                process.url
            ))
            .send()
            .await
            .expect("an answer while PostgreSQL hangs");
        assert_eq!(response.status().as_u16(), 200);
        let answer: Json = response.json().await.unwrap();
        assert_eq!(answer["customers"].as_array().unwrap().len(), 2, "{answer}");
        assert!(answer["pinned"].is_null(), "{answer}");
    }
    // A save fails with 503 once the store's call limit has passed, saying what to do.
    let saved = client
        .put(format!("{}/api/v1/settings", t.a.url))
        .bearer_auth(ADMIN_KEY)
        .json(&settings)
        .send()
        .await
        .expect("an answer to the save while PostgreSQL hangs");
    assert_eq!(saved.status().as_u16(), 503);
    let body: Json = saved.json().await.unwrap();
    assert!(
        body["message"].as_str().unwrap().contains("did not answer"),
        "{body}"
    );
    // A's second read was skipped or failed within the same outage: one warning.
    let warnings = t.a.log().matches("cannot read pins").count();
    assert_eq!(warnings, 1, "{}", t.a.log());
    assert!(
        metrics(&t.a)
            .await
            .contains(r#"sidecard_store_read_failures_total{read="pin"}"#),
        "the failed reads are counted"
    );
    t.postgres.thaw();
}
