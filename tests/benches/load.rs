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
//!
//! Each browser first settles for [`SETTLE`]: a new Chromium spends its first second or so
//! loading its own pages (a trace shows its omnibox popup and new tab page fetching and running
//! hundreds of `chrome://` scripts), which on this two-core machine ran beside whatever page
//! loaded first and added about 40 ms to the cold load's lead over the floor. An agent's browser
//! has long since started when a ticket opens; the profile is still new, nothing of the page
//! cached.
//!
//! The widget's figures are split where its time goes, from the page's Resource Timing: its
//! files (stylesheet, glue, wasm) all in, the lookup sent (the module compiled and started,
//! the host asked), the lookup answered, the card painted (the answer read, the views built,
//! laid out and drawn). Each milestone's median is taken on its own, so the four need not
//! come from one load.

use axum::response::Html;
use axum::routing::get;
use sidecard_e2e::{Browser, Proxy, serve};

const CARD: &str = "/?email=ana.garcia@contoso.example";
/// How long a new browser is left to finish its own start-up before the first load.
const SETTLE: std::time::Duration = std::time::Duration::from_secs(3);

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

/// Milliseconds from navigation start to each milestone of one load. The no-script page
/// has only `painted` (it fetches nothing: its other milestones are 0).
struct Load {
    /// The last of the stylesheet, the JS glue and the wasm received.
    files: f64,
    /// The lookup's request sent.
    sent: f64,
    /// The lookup's answer received.
    answered: f64,
    /// The person card's largest text painted.
    painted: f64,
}

/// One load of `url`, timed.
async fn load(browser: &Browser, url: &str) -> Load {
    browser.client.goto(url).await.unwrap();
    browser.wait_for(".person-card h2").await;
    let times = browser
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               const resources = performance.getEntriesByType('resource');
               const files = resources.filter(r => /\.(css|js|wasm)$/.test(new URL(r.name).pathname));
               const lookup = resources.find(r => new URL(r.name).pathname === '/api/v1/lookup');
               new PerformanceObserver((list, observer) => {
                 const card = list.getEntries().filter(e => e.element && e.element.closest('.person-card')).pop();
                 if (card) {
                   observer.disconnect();
                   done([
                     Math.max(0, ...files.map(r => r.responseEnd)),
                     lookup ? lookup.startTime : null,
                     lookup ? lookup.responseEnd : null,
                     card.renderTime || card.loadTime,
                   ]);
                 }
               }).observe({ type: 'largest-contentful-paint', buffered: true });"#,
            vec![],
        )
        .await
        .expect("the load's times");
    let [files, sent, answered, painted]: [Option<f64>; 4] =
        serde_json::from_value(times).expect("four times");
    let no_script = files == Some(0.0);
    let milestone = |time: Option<f64>| match time {
        Some(ms) => ms,
        None if no_script => 0.0,
        None => panic!("{url}: no lookup request in the page's Resource Timing"),
    };
    Load {
        files: milestone(files),
        sent: milestone(sent),
        answered: milestone(answered),
        painted: milestone(painted),
    }
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
        tokio::time::sleep(SETTLE).await;
        floor.push(load(&browser, &floor_url).await.painted);
        cold.push(load(&browser, &card_url).await);
        warm.push(load(&browser, &card_url).await);
        browser.close().await;
    }
    let floor = median(floor);
    println!("load to a painted card, headless Chromium, loopback, median of {runs} runs");
    println!("{:<34} {:>9}", "page", "ms");
    println!("{:<34} {:>9.1}", "no-script page (the floor)", floor);
    for (label, loads) in [("widget, cold", &cold), ("widget, warm", &warm)] {
        let of = |milestone: fn(&Load) -> f64| median(loads.iter().map(milestone).collect());
        let painted = of(|l| l.painted);
        println!(
            "{label:<34} {painted:>9.1}   (+{:.1} over the floor)",
            painted - floor
        );
        println!(
            "{:<34} {:>9}   files in {:.1}, lookup sent {:.1}, answered {:.1}",
            "",
            "",
            of(|l| l.files),
            of(|l| l.sent),
            of(|l| l.answered),
        );
    }
}
