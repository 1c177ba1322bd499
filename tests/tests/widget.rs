//! The widget in headless Chromium against the real proxy and a fresh demo CRM: what an agent
//! sees for each kind of lookup.

use fantoccini::Locator;
use sidecard_e2e::{Browser, Proxy};

#[tokio::test]
async fn an_email_shows_the_person_their_account_and_only_open_deals() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser
        .open(&format!("{}/?email=ana.garcia@contoso.example", proxy.url))
        .await;

    let person = browser.wait_for(".person-card h2").await;
    assert_eq!(person, "Ana García");
    assert!(
        !browser.has(".person-card .badge-lead").await,
        "a contact is not a lead"
    );
    assert_eq!(
        browser.wait_for(".account-card h3").await,
        "Contoso Pharmaceuticals"
    );
    let deals = browser.texts(".deal-list .deal-name").await;
    assert_eq!(
        deals,
        [
            "Cold-chain sensors",
            "Lab equipment renewal",
            "Training services"
        ],
        "open deals only, soonest close date first"
    );
    let first = browser.wait_for(".deal-list .deal").await;
    assert!(first.contains("$125,000.00"), "{first}");
    assert!(first.contains("Qualify"), "{first}");
    assert!(first.contains("20 Dec 2026"), "{first}");
    let body = browser.body_text().await;
    for closed in [
        "2025 service contract",
        "Warehouse robots",
        "Regional expansion",
    ] {
        assert!(!body.contains(closed), "closed deal {closed} is shown");
    }
    // The deep link opens the record in the (demo) CRM.
    let href = browser
        .client
        .find(Locator::Css(".person-card .open-record"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap();
    assert_eq!(href.as_deref(), Some("/demo/records/contact/C01"));
    // Her latest activities, newest first, with type, day and owner.
    assert_eq!(
        browser.texts(".recent .recent-subject").await,
        ["Send the signed quote", "Renewal pricing questions"]
    );
    assert_eq!(
        browser.texts(".recent .recent-meta").await,
        [
            "Task · 24 Nov 2026 · Dana Support",
            "Phone call · 20 Nov 2026 · Dana Support"
        ]
    );
    browser.close().await;
}

#[tokio::test]
async fn a_phone_typed_in_another_format_finds_the_same_contact() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser.open(&proxy.url).await;
    assert!(browser.wait_for(".prompt").await.contains("email or phone"));

    // Stored as "(425) 555-0100"; typed in E.164.
    browser.search("+14255550100").await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Ana García");
    let why = browser.wait_for(".person-card .matched-on").await;
    assert!(why.contains("(425) 555-0100"), "{why}");
    // The URL follows the search, so a reload shows the same customer.
    let url = browser.client.current_url().await.unwrap();
    assert!(url.as_str().contains("phone=%2B14255550100"), "{url}");
    browser.close().await;
}

#[tokio::test]
async fn a_secondary_email_finds_the_contact_and_says_so() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser
        .open(&format!("{}/?email=ana@garcia-family.example", proxy.url))
        .await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Ana García");
    let why = browser.wait_for(".person-card .matched-on").await;
    assert!(why.contains("Email 2"), "{why}");
    // What matched (the CRM's field label and value) is isolated from the sentence around it.
    let isolated = browser.texts(".person-card .matched-on bdi").await;
    assert_eq!(isolated.len(), 1, "{isolated:?}");
    assert!(why.ends_with(&isolated[0]), "{why} / {isolated:?}");
    browser.close().await;
}

#[tokio::test]
async fn a_shared_email_shows_the_chooser_with_reasons() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser
        .open(&format!("{}/?email=info@northwind.example", proxy.url))
        .await;
    assert_eq!(browser.wait_for(".chooser h2").await, "2 people match");
    let choices = browser.texts(".chooser .choice").await;
    assert_eq!(choices.len(), 2);
    assert!(
        choices
            .iter()
            .any(|c| c.contains("Tom Baker") && c.contains("Email: info@northwind.example"))
    );
    assert!(
        choices
            .iter()
            .any(|c| c.contains("Tina Nguyen") && c.contains("Email 2: info@northwind.example"))
    );

    // Choosing one shows that person's cards; "back" returns to the list.
    let tina = browser
        .client
        .find(Locator::XPath(
            "//button[contains(@class,'choice')][contains(., 'Tina Nguyen')]",
        ))
        .await
        .unwrap();
    tina.click().await.unwrap();
    assert_eq!(browser.wait_for(".person-card h2").await, "Tina Nguyen");
    assert_eq!(
        browser.wait_for(".account-card h3").await,
        "Northwind Traders"
    );
    browser
        .client
        .find(Locator::Css("button.back"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(browser.wait_for(".chooser h2").await, "2 people match");
    browser.close().await;
}

#[tokio::test]
async fn a_lead_shows_its_badge() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser
        .open(&format!("{}/?email=priya@startuplabs.example", proxy.url))
        .await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Priya Raman");
    assert_eq!(browser.wait_for(".person-card .badge-lead").await, "Lead");
    browser.close().await;
}

#[tokio::test]
async fn an_unknown_email_shows_no_match_with_what_was_searched() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser
        .open(&format!("{}/?email=Nobody@Nowhere.example", proxy.url))
        .await;
    let text = browser.wait_for(".no-match").await;
    assert!(text.contains("No customer found"), "{text}");
    assert!(text.contains("nobody@nowhere.example"), "{text}");
    // The address searched, as typed, in its own element that takes its own direction.
    assert_eq!(
        browser.attrs(".no-match code", "dir").await,
        ["auto"],
        "one searched address, direction-isolated"
    );
    assert_eq!(
        browser.texts(".no-match code").await,
        ["nobody@nowhere.example"]
    );
    browser.close().await;
}

#[tokio::test]
async fn bad_input_says_which_value_is_wrong() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser.open(&format!("{}/?phone=12", proxy.url)).await;
    let text = browser.wait_for(".error-panel").await;
    assert!(
        text.contains("\"12\" is not a valid phone number"),
        "{text}"
    );
    assert!(
        !browser.has(".error-panel .retry").await,
        "retrying bad input cannot help"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_stopped_crm_shows_the_error_and_retry_recovers() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    proxy.stop_crm();
    browser
        .open(&format!("{}/?email=ben.okafor@contoso.example", proxy.url))
        .await;
    let text = browser.wait_for(".error-panel").await;
    assert!(text.contains("The CRM did not answer"), "{text}");
    assert!(!text.contains("sqlite"), "no internals: {text}");

    // It comes back; "Try again" shows the customer.
    proxy.restart_crm();
    browser.click(".error-panel .retry").await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Ben Okafor");
    browser.close().await;
}

/// The CRM's bad day: a customer seen a moment ago still shows when the CRM stops answering,
/// with when the answer is from and why it is not newer; "Try again" brings the current one.
#[tokio::test]
async fn a_crm_that_stops_answering_leaves_the_last_card_with_its_time() {
    let proxy = Proxy::start_with_flags(&["--cache-ttl-secs", "1"]).await;
    let browser = Browser::start().await;
    let page = format!("{}/?email=ben.okafor@contoso.example", proxy.url);
    browser.open(&page).await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Ben Okafor");

    // The demo CRM goes down; opened again once the answer's TTL passes: the card, marked
    // as the last known one.
    proxy.stop_crm();
    browser.open_until_out_of_date(&page).await;
    let notice = browser.wait_for(".stale[role=status]").await;
    assert!(notice.starts_with("As of "), "{notice}");
    assert!(
        notice.contains("the CRM isn't answering; this may be out of date."),
        "{notice}"
    );
    assert_eq!(
        browser
            .eval("return document.querySelector('.error-panel') === null")
            .await,
        serde_json::json!(true),
        "no error for a customer Sidecard can show"
    );

    // The CRM is back: "Try again" asks it now, and the notice goes away.
    proxy.restart_crm();
    browser.click(".stale .retry").await;
    browser
        .wait_until(
            "return document.querySelector('.stale') === null \
             && document.querySelector('.person-card') !== null",
            "the stale notice gives way to the current card",
        )
        .await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Ben Okafor");
    browser.close().await;
}

/// A customer whose address two people share, one of them pinned by an agent: the sidebar
/// opens on the pinned person's cards, saying who pinned them, with the way back to both.
#[tokio::test]
async fn a_pinned_person_opens_directly_and_says_who_pinned_them() {
    let proxy = Proxy::start().await;
    let http = reqwest::Client::new();
    let lookup: serde_json::Value = http
        .get(format!(
            "{}/api/v1/lookup?email=info@northwind.example",
            proxy.url
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // The one the ranking puts second is the right one.
    let second = &lookup["customers"][1]["person"];
    let pinned = http
        .put(format!("{}/api/v1/pins", proxy.url))
        .json(&serde_json::json!({"emails": ["info@northwind.example"],
            "entity": second["entity"], "id": second["id"], "by": "Alex Agent"}))
        .send()
        .await
        .unwrap();
    assert_eq!(pinned.status(), 200);

    let browser = Browser::start().await;
    browser
        .open(&format!("{}/?email=info@northwind.example", proxy.url))
        .await;
    let note = browser.wait_for(".pinned").await;
    assert!(note.starts_with("Pinned by Alex Agent on "), "{note}");
    // The agent's name (anyone's words) sits in its own direction-isolated element, so a
    // right-to-left name or an override character in it cannot reorder the sentence.
    assert_eq!(browser.texts(".pinned bdi").await, ["Alex Agent"]);
    assert_eq!(
        browser
            .eval("return getComputedStyle(document.querySelector('.pinned bdi')).unicodeBidi")
            .await,
        serde_json::json!("isolate")
    );
    assert_eq!(
        browser.wait_for(".person-card h2").await,
        second["title"].as_str().unwrap()
    );
    browser.click(".back").await;
    assert_eq!(browser.wait_for(".chooser h2").await, "2 people match");
    browser.close().await;
}

/// Stored XSS through CRM data (anyone can write a website through a web form): a website
/// that is a `javascript:`, `data:` or `vbscript:` URL shows as plain text, is no link, and
/// nothing runs when the agent clicks it. Also proves the widget runs under the page's CSP.
#[tokio::test]
async fn crm_urls_that_are_script_render_as_text_and_never_run() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    let db = rusqlite::Connection::open(&proxy.demo_db).unwrap();
    // Each through another of Ana's addresses: another cache key, so each is read afresh.
    for (email, website) in [
        (
            "ana.garcia@contoso.example",
            "javascript://x.example/%0Adocument.title=%22PWNED%22",
        ),
        (
            "ana@garcia-family.example",
            "data:text/html,<script>parent.document.title='PWNED'</script>",
        ),
        ("a.garcia@procurement-guild.example", "vbscript:msgbox(1)"),
    ] {
        db.execute(
            "UPDATE accounts SET website = ?1 WHERE id = 'A01'",
            [website],
        )
        .unwrap();
        browser.open(&format!("{}/?email={email}", proxy.url)).await;
        let shown = browser
            .wait_for(".account-card .field[data-key=website] dd")
            .await;
        assert_eq!(shown, website, "the stored value, as text");
        assert!(
            !browser
                .has(".account-card .field[data-key=website] a")
                .await,
            "{website} became a link"
        );
        browser
            .client
            .find(Locator::Css(".account-card .field[data-key=website] dd"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        assert_ne!(browser.client.title().await.unwrap(), "PWNED", "{website}");
    }
    // Every link the cards hold is http(s), mailto:, tel: or a path on this origin.
    let hrefs = browser
        .client
        .execute(
            "return [...document.querySelectorAll('.person-card a[href], .account-card a[href], .deal-list a[href]')].map(a => a.getAttribute('href'))",
            vec![],
        )
        .await
        .unwrap();
    let hrefs = hrefs.as_array().unwrap();
    assert!(hrefs.len() >= 3, "the cards have their links: {hrefs:?}");
    for href in hrefs {
        let href = href.as_str().unwrap();
        assert!(
            ["https://", "http://", "mailto:", "tel:", "/"]
                .iter()
                .any(|p| href.starts_with(p)),
            "{href}"
        );
    }
    browser.close().await;
}

/// The file a built page preloads with `rel` (`modulepreload`: its glue; `preload`: its module).
fn preloaded(page: &str, rel: &str) -> String {
    let before = format!("<link rel=\"{rel}\" href=\"./");
    let rest = page
        .split(&before)
        .nth(1)
        .unwrap_or_else(|| panic!("the page has no {before}"));
    rest.split('"').next().unwrap().to_owned()
}

/// `file` in the copied pages `dist` with `from` replaced by `to` (once), and without its
/// precompressed forms, which the proxy would serve instead.
fn tamper(dist: &std::path::Path, file: &str, from: &[u8], to: &[u8]) {
    let path = dist.join(file);
    let bytes = std::fs::read(&path).unwrap();
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .unwrap_or_else(|| panic!("{file} does not hold {}", String::from_utf8_lossy(from)));
    sidecard_e2e::rewrite(
        dist,
        file,
        &[&bytes[..at], to, &bytes[at + from.len()..]].concat(),
    );
}

/// Message `id` (one line: `start-failed`, `stopped-working`) in the catalog of `tag`.
fn said(tag: &str, id: &str) -> String {
    let catalog = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../locales")
        .join(format!("{tag}.ftl"));
    let start = format!("{id} = ");
    std::fs::read_to_string(catalog)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(&start).map(str::to_owned))
        .unwrap()
}

/// Hides `crypto.subtle`, as a page that is not a secure context (plain http on a LAN address)
/// has none; the test's own proxy, on loopback, is one.
const NOT_A_SECURE_CONTEXT: &str =
    "Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined });";

/// Serves every module as `application/octet-stream`, as a help desk's asset host may, which
/// streaming compilation refuses (`untyped` counts them).
const MODULES_UNTYPED: &str = "const fetched = window.fetch; \
     window.fetch = (...args) => fetched(...args).then((r) => String(args[0]).endsWith('.wasm') \
       ? (window.untyped = (window.untyped || 0) + 1, \
          new Response(r.body, { status: r.status, headers: { 'Content-Type': 'application/octet-stream' } })) \
       : r);";

/// A file of the built page changed: the one it preloads as `rel` (`modulepreload`: the glue;
/// `preload`: the module), `from` replaced by `to`.
struct Tampered<'a> {
    rel: &'a str,
    from: &'a [u8],
    to: &'a [u8],
}

/// Still a valid module that would start and show "Cantact": only its hash differs.
const CANTACT: Tampered = Tampered {
    rel: "preload",
    from: br#""id":"entity-contact","value":"Contact""#,
    to: br#""id":"entity-contact","value":"Cantact""#,
};

/// The standalone page for Ana served from a copy of the built pages, with `tampered` changed,
/// in a browser speaking `languages` that runs `first` in every page before the page's own
/// scripts. The copy lives as long as the proxy.
async fn open_built(
    tampered: Option<Tampered<'_>>,
    languages: &str,
    first: Option<&str>,
) -> (Proxy, Browser, tempfile::TempDir) {
    let dist = sidecard_e2e::copy_of_dist();
    if let Some(Tampered { rel, from, to }) = tampered {
        let page = std::fs::read_to_string(dist.path().join("index.html")).unwrap();
        tamper(dist.path(), &preloaded(&page, rel), from, to);
    }
    let proxy = Proxy::start_serving(dist.path()).await;
    let browser = Browser::start_in(languages).await;
    if let Some(first) = first {
        browser.before_each_page(first).await;
    }
    browser.client.goto(&ana(&proxy)).await.unwrap();
    (proxy, browser, dist)
}

fn ana(proxy: &Proxy) -> String {
    format!("{}/?email=ana.garcia@contoso.example", proxy.url)
}

#[tokio::test]
async fn a_module_that_is_not_the_one_built_is_refused_and_the_page_says_so() {
    let (_proxy, browser, _dist) = open_built(Some(CANTACT), "en-US", None).await;
    let shown = browser.wait_for("body > p.prompt[role=alert]").await;
    assert_eq!(shown, said("en", "start-failed"));
    assert!(!browser.has("main.sidecard").await, "the module ran");
}

/// The built page, in a browser that runs `first` in it, starts and shows Ana's card (where
/// `holds`, a `return …` script, is true), and refuses a module that is not the one built.
async fn starts_and_refuses_a_changed_module(first: &str, holds: &str) {
    let (_proxy, browser, _dist) = open_built(None, "en-US", Some(first)).await;
    browser.wait_for(".person-card").await;
    assert_eq!(browser.eval(holds).await, true, "{holds}");
    browser.close().await;
    let (_proxy, browser, _dist) = open_built(Some(CANTACT), "en-US", Some(first)).await;
    let shown = browser.wait_for("body > p.prompt[role=alert]").await;
    assert_eq!(shown, said("en", "start-failed"));
    assert!(!browser.has("main.sidecard").await, "the module ran");
}

#[tokio::test]
async fn outside_a_secure_context_the_module_is_checked_by_its_fetch() {
    // No `crypto.subtle` to hash it with.
    starts_and_refuses_a_changed_module(
        NOT_A_SECURE_CONTEXT,
        "return typeof crypto.subtle === 'undefined'",
    )
    .await;
}

#[tokio::test]
async fn a_module_served_as_another_type_is_checked_and_starts_from_its_bytes() {
    starts_and_refuses_a_changed_module(MODULES_UNTYPED, "return window.untyped >= 1").await;
}

#[tokio::test]
async fn a_glue_that_is_not_the_one_built_is_refused_in_the_browsers_language() {
    // Still valid JavaScript that would run as before: only its hash differs.
    let glue = Tampered {
        rel: "modulepreload",
        from: b"export{",
        to: b";export{",
    };
    let (_proxy, browser, _dist) = open_built(Some(glue), "de-AT,de", None).await;
    // English at once, then German from the page's catalog (Austrian German: its language).
    browser
        .wait_for_text("body > p.prompt[role=alert]", &said("de", "start-failed"))
        .await;
    assert!(!browser.has("main.sidecard").await, "the glue ran");
}

/// `fail(name, message, how)` in every page: throws a new `name` error (`RuntimeError` is
/// WebAssembly's) out of an event's handler (`how`: `"event"`), or rejects a promise no one
/// handles with it (`"task"`); `seen` counts those the page was told of, before the page's own
/// script hears of them. Defined by the page itself: what a test's script throws, the page
/// sees only as "Script error." (its origin is not the page's).
const FAIL: &str = "window.seen = 0; \
     addEventListener('error', () => seen++); addEventListener('unhandledrejection', () => seen++); \
     window.fail = (name, message, how) => { \
     const error = new (name === 'RuntimeError' ? WebAssembly.RuntimeError : globalThis[name])(message); \
     if (how === 'event') setTimeout(() => { throw error; }); else Promise.reject(error); };";

#[tokio::test]
async fn a_panic_after_the_start_says_the_widget_stopped_and_keeps_what_it_showed() {
    let (proxy, browser, _dist) = open_built(None, "ko-KR,ko", Some(FAIL)).await;
    // A release bundle's panic aborts: a `WebAssembly.RuntimeError` ("unreachable") out of
    // whatever called into the module, an event's handler or a task's promise.
    for how in ["event", "task"] {
        browser.open(&ana(&proxy)).await;
        browser.wait_for(".person-card").await;
        // Any other error is not the widget stopping (a help desk's own script, an extension).
        browser
            .eval(&format!("fail('TypeError', 'not ours', '{how}')"))
            .await;
        browser
            .wait_until("return window.seen === 1", "the page was told of the error")
            .await;
        assert!(!browser.has("p.prompt[role=alert]").await, "{how}");
        browser
            .eval(&format!("fail('RuntimeError', 'unreachable', '{how}')"))
            .await;
        browser
            .wait_for_text(
                "body > p.prompt[role=alert]",
                &said("ko", "stopped-working"),
            )
            .await;
        // Said once, above the cards, which stay for the agent to read.
        assert_eq!(
            browser.texts("p.prompt[role=alert]").await.len(),
            1,
            "{how}"
        );
        assert!(browser.has("main.sidecard .person-card").await, "{how}");
    }
}

/// Changes the proxy's lookup answer before the widget reads it: `change` is a statement on
/// `body`, the parsed answer.
fn changed_answer(change: &str) -> String {
    format!(
        "const fetched = window.fetch; \
         window.fetch = (...args) => fetched(...args).then((r) => String(args[0]).includes('/api/v1/lookup') \
           ? r.json().then((body) => {{ {change}; \
               return new Response(JSON.stringify(body), {{ status: r.status, headers: r.headers }}); }}) \
           : r);"
    )
}

#[tokio::test]
async fn an_answer_of_the_wrong_shape_says_what_was_expected_and_never_the_value() {
    for (change, value, said) in [
        // A number where the widget reads a string.
        (
            "body.customers[0].person.id = 3.25",
            "3.25",
            "invalid type: number, expected a string",
        ),
        // A string that is not what its field holds (a CRM's own date format).
        (
            "body.customers[0].open_deals[0].close_date = '31/12/2026'",
            "31/12/2026",
            "invalid value: string, expected a date in the form YYYY-MM-DD",
        ),
    ] {
        let (_proxy, browser, _dist) =
            open_built(None, "en-US", Some(&changed_answer(change))).await;
        let detail = browser.wait_for(".error-panel .detail").await;
        assert_eq!(detail, format!("HTTP 200: unreadable answer ({said})"));
        assert!(!browser.body_text().await.contains(value), "{value}");
        // And it says what to do about it, with "Try again".
        assert!(browser.has(".error-panel button.retry").await);
        browser.close().await;
    }
}

/// Keeps, in every page, `window.order`: each lookup the page sends (`lookup <its body>`) and
/// each module it instantiates (`instantiate`), in the order they happen; and, once the page's
/// own first lookup (`www/first-lookup.js`) is left for the widget, runs `change`, a statement
/// on `sent`, what it left.
fn lookups_and_start(change: &str) -> String {
    format!(
        "window.order = []; \
         const fetched = window.fetch; \
         window.fetch = (url, init) => {{ \
           if (String(url).endsWith('/api/v1/lookup')) order.push('lookup ' + init.body); \
           return fetched(url, init); }}; \
         const instantiate = WebAssembly.instantiate; \
         WebAssembly.instantiate = (...args) => {{ order.push('instantiate'); return instantiate(...args); }}; \
         let left; \
         Object.defineProperty(window, 'sidecardFirstLookup', {{ configurable: true, \
           get: () => left, set: (sent) => {{ {change}; left = sent; }} }});"
    )
}

/// Ana's lookup as the widget sends it.
const ANAS_LOOKUP: &str = r#"lookup {"emails":["ana.garcia@contoso.example"],"phones":[]}"#;

#[tokio::test]
async fn the_customer_in_the_url_is_looked_up_before_the_module_starts_and_only_once() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser.before_each_page(&lookups_and_start("")).await;
    // Padded, with a hand-typed `+` that reaches the page as a space, and a blank phone: read
    // as the widget reads them.
    browser
        .open(&format!(
            "{}/?email=%20sean.o'brien_ie+support@woodgrove.example%C2%85&phone=%20",
            proxy.url
        ))
        .await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Seán O'Brien");
    // Sent while the page was read, taken by the widget, which sent none of its own.
    assert_eq!(
        browser.eval("return window.order").await,
        serde_json::json!([
            r#"lookup {"emails":["sean.o'brien_ie+support@woodgrove.example"],"phones":[]}"#,
            "instantiate"
        ])
    );
    assert_eq!(
        browser.eval("return 'sidecardFirstLookup' in window").await,
        false,
        "taken once, and gone"
    );
    // A page that names nobody (a blank is nobody, as the widget reads it) sends nothing.
    browser
        .open(&format!("{}/?email=%C2%85&phone=%20", proxy.url))
        .await;
    browser.wait_for(".prompt").await;
    assert_eq!(
        browser.eval("return window.order").await,
        serde_json::json!(["instantiate"])
    );
    browser.close().await;
}

/// Counts, in every page, the skeletons drawn (`window.skeletons`); with `after_answer`, holds
/// the module back until the page's own first lookup has its answer. (A block: its names are
/// its own beside [`lookups_and_start`]'s.)
fn skeletons_counted(after_answer: bool) -> String {
    let hold = if after_answer {
        "const instantiate = WebAssembly.instantiate; \
         WebAssembly.instantiate = (...args) => new Promise((go) => { \
           const wait = () => (window.sidecardFirstLookup?.answer ? go() : setTimeout(wait, 5)); \
           wait(); }).then(() => instantiate(...args));"
    } else {
        ""
    };
    format!(
        "{{ window.skeletons = 0; \
         new MutationObserver((records) => {{ for (const r of records) for (const n of r.addedNodes) \
           if (n.nodeType === 1 && (n.matches('.skeleton') || n.querySelector('.skeleton'))) \
             skeletons++; }}).observe(document, {{ childList: true, subtree: true }}); {hold} }}"
    )
}

#[tokio::test]
async fn a_customer_answered_before_the_module_starts_is_drawn_at_once_else_after_the_skeleton() {
    let proxy = Proxy::start().await;
    // In when the widget starts: the cards are its first frame, no skeleton. Not in yet (it
    // comes 300 ms late, and is never kept): the skeleton shows until it comes, once.
    let late = "Object.defineProperty(sent, 'answer', { set() {} }); \
                sent.reply = sent.reply.then((r) => new Promise((done) => setTimeout(() => done(r), 300)))";
    for (change, in_first, skeletons) in [("", true, 0), (late, false, 1)] {
        let browser = Browser::start().await;
        browser.before_each_page(&lookups_and_start(change)).await;
        browser.before_each_page(&skeletons_counted(in_first)).await;
        browser.open(&ana(&proxy)).await;
        assert_eq!(browser.wait_for(".person-card h2").await, "Ana García");
        assert_eq!(
            browser.eval("return window.skeletons").await,
            skeletons,
            "{change}"
        );
        // Either way the page's lookup is taken, once, and the widget sends none of its own.
        assert_eq!(
            browser.eval("return window.order").await,
            serde_json::json!([ANAS_LOOKUP, "instantiate"]),
            "{change}"
        );
        assert_eq!(
            browser.eval("return 'sidecardFirstLookup' in window").await,
            false,
            "{change}"
        );
        browser.close().await;
    }
}

#[tokio::test]
async fn an_answer_to_another_request_than_the_widgets_is_never_shown() {
    let proxy = Proxy::start().await;
    // What the page left says it asked for something else (another body, path or method),
    // and answered that it failed.
    for other in [
        r#"sent.body = JSON.stringify({ emails: ["ben.okafor@contoso.example"], phones: [] })"#,
        r#"sent.path = "/api/v1/people""#,
        r#"sent.method = "PUT""#,
    ] {
        let browser = Browser::start().await;
        let change =
            format!(r#"{other}; sent.reply = Promise.resolve({{ status: 503, body: "{{}}" }})"#);
        browser.before_each_page(&lookups_and_start(&change)).await;
        browser.open(&ana(&proxy)).await;
        assert_eq!(
            browser.wait_for(".person-card h2").await,
            "Ana García",
            "{other}"
        );
        assert!(!browser.has(".error-panel").await, "{other}");
        // The widget asked the proxy itself, and dropped what the page left.
        assert_eq!(
            browser.eval("return window.order").await,
            serde_json::json!([ANAS_LOOKUP, "instantiate", ANAS_LOOKUP]),
            "{other}"
        );
        assert_eq!(
            browser.eval("return 'sidecardFirstLookup' in window").await,
            false,
            "{other}"
        );
        browser.close().await;
    }
}
