//! What processes share through a real Redis (started by the test), each "process" a handle of
//! its own: locks, rate limits, and what happens when Redis dies.

use sidecard_fakes::services::Redis as RedisServer;
use sidecard_proxy::error::ApiError;
use sidecard_proxy::limits::{Guards, Limits};
use sidecard_proxy::shared::Redis;
use sidecard_proxy::shared::rate::SharedRates;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_lock_holds_across_processes_until_its_holder_lets_go() {
    let server = RedisServer::start();
    let (a, b) = (
        Redis::connect(&server.url()).unwrap(),
        Redis::connect(&server.url()).unwrap(),
    );
    // Held for a minute unless released: B can only get it within its 5 s wait if A lets go.
    let held = a
        .lock(&["acme", "log", "k"], Duration::from_secs(60))
        .await
        .expect("a free lock is taken");
    // B waits for it: past a short wait it has not got it.
    let waiting = tokio::time::timeout(
        Duration::from_millis(300),
        b.lock(&["acme", "log", "k"], Duration::from_secs(5)),
    )
    .await;
    assert!(waiting.is_err(), "B took a lock A holds");
    // Another key is another lock.
    assert!(
        b.lock(&["acme", "log", "other"], Duration::from_secs(5))
            .await
            .is_some()
    );
    drop(held);
    let taken = b.lock(&["acme", "log", "k"], Duration::from_secs(5)).await;
    assert!(taken.is_some(), "B gets the lock once A let go");
}

#[tokio::test]
async fn a_lock_nobody_releases_expires() {
    let server = RedisServer::start();
    let (a, b) = (
        Redis::connect(&server.url()).unwrap(),
        Redis::connect(&server.url()).unwrap(),
    );
    let held = a.lock(&["k"], Duration::from_millis(300)).await.unwrap();
    std::mem::forget(held); // a process that died holding it
    let started = Instant::now();
    assert!(b.lock(&["k"], Duration::from_secs(5)).await.is_some());
    assert!(started.elapsed() >= Duration::from_millis(200));
}

fn guards(redis: &Redis) -> Guards {
    Guards::new(Limits {
        install_rate: 1,
        install_burst: 5,
        ..Limits::default()
    })
    .shared(Some(SharedRates::new(redis.clone())))
}

async fn passed(guards: &Guards, calls: usize) -> usize {
    let mut passed = 0;
    for _ in 0..calls {
        passed += usize::from(guards.install("acme").await.is_ok());
    }
    passed
}

#[tokio::test]
async fn rate_limits_count_once_for_every_process_and_each_counts_alone_without_redis() {
    let mut server = RedisServer::start();
    let (a, b) = (
        guards(&Redis::connect(&server.url()).unwrap()),
        guards(&Redis::connect(&server.url()).unwrap()),
    );
    assert_eq!(
        passed(&a, 3).await + passed(&b, 3).await,
        5,
        "one burst of 5 in all"
    );
    match b.install("acme").await {
        Err(ApiError::RateLimited { retry_after }) => {
            assert!(retry_after >= Duration::from_secs(1), "{retry_after:?}");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        a.install("globex").await.is_ok(),
        "another install has its own"
    );

    // Redis dies: each process counts on its own again, and nobody gets an error for it.
    server.kill();
    assert_eq!(passed(&a, 8).await, 5, "A's own burst");
    assert_eq!(passed(&b, 8).await, 5, "B's own burst");
}

#[tokio::test]
async fn an_unreachable_redis_is_skipped_after_its_first_failure() {
    // Nothing listens on port 1.
    let redis = Redis::connect("redis://127.0.0.1:1/0").unwrap();
    assert!(redis.lock(&["k"], Duration::from_secs(5)).await.is_none());
    assert!(
        !redis.is_up(),
        "paused after the failure: the next calls skip it"
    );
    assert!(redis.lock(&["k"], Duration::from_secs(5)).await.is_none());
    assert!(Redis::connect("http://nope").is_err());
}
