//! Load to a painted card in headless Chromium: how long after navigation the person card's
//! name is painted, cold (a new browser profile: nothing cached) and warm (the same page again:
//! hashed assets cached, wasm compiled), beside two pages with no script, served from loopback
//! in the same run. Median and quartiles of `LOAD_RUNS` runs (default 15), each in a browser
//! of its own.
//!
//! The two pages with no script: the floor, the widget's whole answer (person, account, deals,
//! the search bar) as the widget draws it, taken from its own page at the start of the run
//! (which also leaves the proxy's cache holding the lookup for every timed load) and served
//! as static HTML; and the person card's first lines alone, the floor this bench started with.
//! The floor paints what the widget paints, so the widget's lead over it is what the script
//! costs; over the first lines, it also counts laying out and drawing three cards.
//!
//! The time is the `renderTime` of the page's largest contentful paint inside the person card
//! (the card's text: nothing larger is drawn before it, and the skeleton draws no text), in
//! the widget and in the no-script pages alike, from navigation start to the frame that shows
//! it. A measurement, not a test.
//!
//! Each browser first settles for [`SETTLE`]: a new Chromium spends its first second or so
//! loading its own pages (a trace shows its omnibox popup and new tab page fetching and running
//! hundreds of `chrome://` scripts), which on this two-core machine ran beside whatever page
//! loaded first. Then it opens a page of text in the widget's styles on the no-script pages'
//! server, not timed: the first page a browser opens also pays once for what later pages
//! share (its first renderer's fonts, the network stack's and the HTTP cache's start), and all
//! the pages here are one site (127.0.0.1), drawn by one renderer. Without it that cost fell
//! on whichever page came first: the card's first lines, then the only floor, took 136–140 ms
//! first and 68 ms after it on a two-core machine, which had flattered the widget's lead.
//! That page also fetches its styles as a file (`/ready.css`), which the timed no-script
//! pages do not: a trace showed the first file any page of a new browser asks for waiting
//! about 20 ms in the network service (`URLLoader::URLLoader`) while later ones wait under
//! 9 ms. While that page fetched nothing, the wait fell on the cold load's first file, the
//! widget's stylesheet, and the widget's files were all in about 10 ms later than they are
//! now. An agent's browser has long since started when a ticket opens and has fetched
//! thousands of files; the profile is still new, nothing of the widget cached.
//!
//! The widget's figures are split where its time goes, from the page's Resource Timing: its
//! files (stylesheet, glue, wasm) all in, the lookup sent (by the page itself as it is read,
//! `www/first-lookup.js`, for the customer in its URL; before it, once the module had
//! compiled and started), the lookup answered, the card painted (the module started, the
//! answer read, the views built, laid out and drawn). Each milestone's median is taken on its
//! own, so the four need not come from one load.
//!
//! The widget's lead over each no-script page is given twice: between the medians, and as
//! the median (and quartiles) of each run's own lead, its widget load against the no-script
//! load the same browser made before it. The second is the steadier: whatever else the
//! machine was doing at that moment weighs on both loads of a pair. On a two-core machine
//! the floor alone moved by 30 ms between runs of 15, while the widget's figures moved
//! with it.

use axum::http::header;
use axum::response::Html;
use axum::routing::get;
use sidecard_e2e::{Browser, Proxy, serve};

const CARD: &str = "/?email=ana.garcia@contoso.example";
/// How long a new browser is left to finish its own start-up before the first load.
const SETTLE: std::time::Duration = std::time::Duration::from_secs(3);

/// The person card's first lines as plain HTML with the widget's own styles.
const CARD_ALONE: &str = r#"<main class="sidecard"><section class="card person-card">
<header><h2>Ana García</h2><span class="badge">Contact</span></header>
<p class="matched-on">Matched on email ana.garcia@contoso.example</p>
<dl class="fields"><div class="field"><dt>Email</dt><dd>ana.garcia@contoso.example</dd></div>
<div class="field"><dt>Phone</dt><dd>(425) 555-0100</dd></div></dl>
</section></main>"#;

/// `main` (the widget's markup) in a page with no script and the widget's styles.
fn no_script_page(styles: &str, main: &str) -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sidecard</title><style>{styles}</style></head><body>{main}</body></html>"#
    )
}

/// The widget's whole answer for [`CARD`] as it draws it: its `main`, once every card is in.
async fn drawn_answer(card_url: &str) -> String {
    let browser = Browser::start().await;
    browser.open(card_url).await;
    browser.wait_for(".person-card h2").await;
    browser.wait_for(".deal-list").await;
    let main = browser
        .eval("return document.querySelector('main.sidecard').outerHTML")
        .await;
    browser.close().await;
    let main = main.as_str().expect("the widget's markup").to_owned();
    assert!(!main.contains("<script"), "the drawn answer has a script");
    main
}

/// Milliseconds from navigation start to each milestone of one load. The no-script pages
/// have only `painted` (they fetch nothing: its other milestones are 0).
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

/// The median and the quartiles of some figures (nearest rank): how far one run's figure may
/// stray from the median.
struct Spread {
    q1: f64,
    median: f64,
    q3: f64,
}

impl Spread {
    fn of(mut values: Vec<f64>) -> Spread {
        values.sort_by(f64::total_cmp);
        let at = |quarter: usize| values[(values.len() - 1) * quarter / 4];
        Spread {
            q1: at(1),
            median: at(2),
            q3: at(3),
        }
    }
}

impl std::fmt::Display for Spread {
    /// `median (q1 to q3)`, each with its sign when the formatter asks for one (`{:+}`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (q1, median, q3) = (self.q1, self.median, self.q3);
        if f.sign_plus() {
            write!(f, "{median:+.1} ({q1:+.1} to {q3:+.1})")
        } else {
            write!(f, "{median:.1} ({q1:.1} to {q3:.1})")
        }
    }
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::var("LOAD_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15);
    let proxy = Proxy::start().await;
    let card_url = format!("{}{CARD}", proxy.url);
    let styles = std::fs::read_to_string(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../www/styles.css"),
    )
    .expect("the widget's styles");
    // The pages with no script, by path: the untimed first page, then the two timed ones.
    let pages = [
        (
            "/ready",
            // It also fetches a stylesheet: a new browser's first request for a page's file
            // waits on the network service's start (see the module's docs).
            "<link rel=\"stylesheet\" href=\"/ready.css\">\
             <main class=\"sidecard\"><h2>Ready</h2><p>Ready.</p></main>"
                .to_owned(),
        ),
        ("/alone", CARD_ALONE.to_owned()),
        ("/answer", drawn_answer(&card_url).await),
    ];
    let css = ([(header::CONTENT_TYPE, "text/css")], styles.clone());
    let router = pages.into_iter().fold(
        axum::Router::new().route("/ready.css", get(move || std::future::ready(css.clone()))),
        |router, (path, main)| {
            let page = Html(no_script_page(&styles, &main));
            router.route(path, get(move || std::future::ready(page.clone())))
        },
    );
    let (port, _stop) = serve(router).await;
    let url = |path: &str| format!("http://127.0.0.1:{port}{path}");
    let (mut alone, mut answer, mut cold, mut warm) = (vec![], vec![], vec![], vec![]);
    for _ in 0..runs {
        let browser = Browser::start().await;
        tokio::time::sleep(SETTLE).await;
        browser.open(&url("/ready")).await;
        alone.push(load(&browser, &url("/alone")).await.painted);
        answer.push(load(&browser, &url("/answer")).await.painted);
        cold.push(load(&browser, &card_url).await);
        warm.push(load(&browser, &card_url).await);
        browser.close().await;
    }
    let (first_lines, floor) = (Spread::of(alone.clone()), Spread::of(answer.clone()));
    println!(
        "load to a painted card, headless Chromium, loopback, median (quartiles) of {runs} runs"
    );
    println!("{:<36} ms", "page");
    println!("{:<36} {first_lines}", "no-script, the card's first lines");
    println!("{:<36} {floor}", "no-script, the whole answer (floor)");
    for (label, loads) in [("widget, cold", &cold), ("widget, warm", &warm)] {
        let of = |milestone: fn(&Load) -> f64| Spread::of(loads.iter().map(milestone).collect());
        let painted = of(|l| l.painted);
        // Each run's lead over the pages the same browser loaded just before: what the machine
        // was doing then weighs on both alike.
        let lead = |over: &[f64]| {
            Spread::of(
                loads
                    .iter()
                    .zip(over)
                    .map(|(load, page)| load.painted - page)
                    .collect(),
            )
        };
        println!("{label:<36} {painted}");
        println!(
            "{:<36} over the floor: {:+.1} between medians, {:+} per run",
            "",
            painted.median - floor.median,
            lead(&answer)
        );
        println!(
            "{:<36} over the first lines: {:+.1} between medians, {:+} per run",
            "",
            painted.median - first_lines.median,
            lead(&alone)
        );
        println!(
            "{:<36} files in {:.1}, lookup sent {:.1}, answered {:.1} (medians)",
            "",
            of(|l| l.files).median,
            of(|l| l.sent).median,
            of(|l| l.answered).median,
        );
    }
}
