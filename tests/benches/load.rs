//! Load to a painted card in headless Chromium: how long after navigation the person card's
//! name is painted, cold (a new browser profile: nothing cached) and warm (the same page again:
//! hashed assets cached, wasm compiled), beside the same card as a page with no script, served
//! from loopback in the same run. Median of `LOAD_RUNS` runs (default 15), each in a browser of
//! its own.
//!
//! The time is the `renderTime` of the page's largest contentful paint inside the person card
//! (the card's text: nothing larger is drawn before it, and the skeleton draws no text), in
//! the widget and in the no-script page alike, from navigation start to the frame that shows
//! it. A measurement, not a test.

use axum::response::Html;
use axum::routing::get;
use sidecard_e2e::{Browser, Proxy, serve};

const CARD: &str = "/?email=ana.garcia@contoso.example";

/// The card as plain HTML with the widget's own styles: the floor no script can beat.
fn no_script_page(styles: &str) -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sidecard</title><style>{styles}</style></head>
<body><main class="sidecard"><section class="card person-card">
<header><h2>Ana García</h2><span class="badge">Contact</span></header>
<p class="matched-on">Matched on email ana.garcia@contoso.example</p>
<dl class="fields"><div class="field"><dt>Email</dt><dd>ana.garcia@contoso.example</dd></div>
<div class="field"><dt>Phone</dt><dd>(425) 555-0100</dd></div></dl>
</section></main></body></html>"#
    )
}

/// Milliseconds from navigation start to the paint of the person card's largest text.
async fn painted(browser: &Browser, url: &str) -> f64 {
    browser.client.goto(url).await.unwrap();
    browser.wait_for(".person-card h2").await;
    let ms = browser
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               new PerformanceObserver((list, observer) => {
                 const card = list.getEntries().filter(e => e.element && e.element.closest('.person-card')).pop();
                 if (card) { observer.disconnect(); done(card.renderTime || card.loadTime); }
               }).observe({ type: 'largest-contentful-paint', buffered: true });"#,
            vec![],
        )
        .await
        .expect("the card's paint time");
    ms.as_f64().expect("a number")
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::var("LOAD_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15);
    let proxy = Proxy::start().await;
    let styles = std::fs::read_to_string(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../www/styles.css"),
    )
    .expect("the widget's styles");
    let page = no_script_page(&styles);
    let (port, _stop) = serve(axum::Router::new().route(
        "/",
        get(move || {
            let page = page.clone();
            async move { Html(page) }
        }),
    ))
    .await;
    let floor_url = format!("http://127.0.0.1:{port}/");
    let card_url = format!("{}{CARD}", proxy.url);
    let (mut floor, mut cold, mut warm) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let browser = Browser::start().await;
        floor.push(painted(&browser, &floor_url).await);
        cold.push(painted(&browser, &card_url).await);
        warm.push(painted(&browser, &card_url).await);
        browser.close().await;
    }
    let (floor, cold, warm) = (median(floor), median(cold), median(warm));
    println!("load to a painted card, headless Chromium, loopback, median of {runs} runs");
    println!("{:<34} {:>9}", "page", "ms");
    println!("{:<34} {:>9.1}", "no-script page (the floor)", floor);
    println!(
        "{:<34} {:>9.1}   (+{:.1} over the floor)",
        "widget, cold",
        cold,
        cold - floor
    );
    println!(
        "{:<34} {:>9.1}   (+{:.1} over the floor)",
        "widget, warm",
        warm,
        warm - floor
    );
}
