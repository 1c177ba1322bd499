//! The cost of sharing: cached lookups through real proxy processes, one on its SQLite file
//! against two sharing PostgreSQL and Redis (both started here), every process reading one
//! loopback HubSpot stand-in.
//!
//! Each setup first looks every customer up once (so what follows is cached), then
//! `SCALE_AGENTS` agents (default 32) look customers up as fast as answers come for
//! `SCALE_SECS` seconds (default 5), spread over the processes. Prints lookups per second,
//! p50 and p99 latency, and the CRM calls made while measuring (0: every lookup was cached).
//! A measurement, not a test: nothing here asserts on time. Client, processes and servers
//! share this machine's cores, so the numbers are what sharing costs here, not in production.

use serde_json::json;
use sidecard_fakes::hubspot::{HubSpotPortal, TOKEN};
use sidecard_fakes::services::{Postgres, ProxyProcess, Redis};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

const CUSTOMERS: usize = 100;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn email(i: usize) -> String {
    format!("customer{i}@contoso.example")
}

fn proxy(dir: &Path, crm: &str, shared: &[&str]) -> ProxyProcess {
    let mut args = vec![
        "--crm",
        "hubspot",
        "--hubspot-api-url",
        crm,
        "--anonymous",
        "true",
        "--log",
        "warn,sidecard_proxy=info",
        // One benchmark client is one address: not what is measured.
        "--address-rate",
        "1000000",
        "--address-burst",
        "1000000",
        "--install-rate",
        "1000000",
        "--install-burst",
        "1000000",
        "--cache-ttl-secs",
        "3600",
    ];
    args.extend_from_slice(shared);
    ProxyProcess::start(
        Path::new(env!("CARGO_BIN_EXE_sidecard-proxy")),
        dir,
        &args,
        &[("SIDECARD_HUBSPOT_TOKEN", TOKEN)],
    )
}

struct Figures {
    lookups: usize,
    per_second: f64,
    p50: Duration,
    p99: Duration,
    crm_calls: usize,
    errors: usize,
}

async fn measure(processes: &[ProxyProcess], portal: &HubSpotPortal) -> Figures {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .unwrap();
    let urls: Arc<Vec<String>> = Arc::new(processes.iter().map(|p| p.url.clone()).collect());
    // Warm: every customer once, through every process (the shared setup's second process
    // then reads the first one's answers from Redis).
    for url in urls.iter() {
        for i in 0..CUSTOMERS {
            let answer = client
                .get(format!("{url}/api/v1/lookup?email={}", email(i)))
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status(), 200, "warm-up lookup failed");
        }
    }
    let agents = env_or("SCALE_AGENTS", 32) as usize;
    let window = Duration::from_secs(env_or("SCALE_SECS", 5));
    let calls_before = portal.api_calls();
    let started = Instant::now();
    let runs = (0..agents).map(|agent| {
        let (client, urls) = (client.clone(), urls.clone());
        tokio::spawn(async move {
            let (mut latencies, mut errors, mut n) = (Vec::new(), 0, agent * 7);
            while started.elapsed() < window {
                let url = &urls[n % urls.len()];
                let at = Instant::now();
                let ok = client
                    .get(format!(
                        "{url}/api/v1/lookup?email={}",
                        email(n % CUSTOMERS)
                    ))
                    .send()
                    .await
                    .is_ok_and(|r| r.status() == 200);
                latencies.push(at.elapsed());
                errors += usize::from(!ok);
                n += 1;
            }
            (latencies, errors)
        })
    });
    let mut latencies = Vec::new();
    let mut errors = 0;
    for run in futures::future::join_all(runs).await {
        let (mine, failed) = run.unwrap();
        latencies.extend(mine);
        errors += failed;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Figures {
        lookups: latencies.len(),
        per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
        crm_calls: portal.api_calls() - calls_before,
        errors,
    }
}

fn print(setup: &str, f: &Figures) {
    println!(
        "{setup:<44} {:>8} {:>10.0} {:>9.2} {:>9.2} {:>9} {:>7}",
        f.lookups,
        f.per_second,
        f.p50.as_secs_f64() * 1e3,
        f.p99.as_secs_f64() * 1e3,
        f.crm_calls,
        f.errors
    );
}

#[tokio::main]
async fn main() {
    let portal = HubSpotPortal::default();
    for i in 0..CUSTOMERS {
        portal.insert(
            "contacts",
            json!({ "firstname": "Customer", "lastname": format!("{i}"), "email": email(i),
                    "lifecyclestage": "customer" }),
        );
    }
    portal.without_limits();
    let (crm, portal) = portal.start().await;
    let dir = tempfile::tempdir().unwrap();
    println!(
        "cached lookups, {} agents for {} s (SCALE_AGENTS, SCALE_SECS)",
        env_or("SCALE_AGENTS", 32),
        env_or("SCALE_SECS", 5)
    );
    println!(
        "{:<44} {:>8} {:>10} {:>9} {:>9} {:>9} {:>7}",
        "setup", "lookups", "per second", "p50 ms", "p99 ms", "CRM calls", "errors"
    );

    let one = proxy(&dir.path().join("one"), &crm.uri(), &[]);
    let figures = measure(std::slice::from_ref(&one), &portal).await;
    print("1 process, SQLite, in-process cache", &figures);
    drop(one);

    let postgres = Postgres::start();
    let database = postgres.database("scale");
    let redis = Redis::start();
    let redis_url = redis.url();
    let shared = ["--database-url", &database, "--redis-url", &redis_url];
    let two = [
        proxy(&dir.path().join("a"), &crm.uri(), &shared),
        proxy(&dir.path().join("b"), &crm.uri(), &shared),
    ];
    let figures = measure(&two, &portal).await;
    print("2 processes, PostgreSQL + Redis", &figures);
}
