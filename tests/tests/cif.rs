//! The Dynamics 365 channel panel in headless Chromium: a stand-in Sales Hub page at the org's
//! origin frames the proxy's channel page (`/cif?base=<org>`), which loads the org's stand-in
//! `msdyn_ciLibrary.js`; the page speaks CIF's host side (Map messages, correlation ids,
//! origin checks). The panel signs in through the org (a note it creates as the agent, which
//! the proxy reads and deletes through its own connection to the org), then looks customers up
//! in the proxy's demo CRM.

use serde_json::{Value, json};
use sidecard_e2e::cif::OrgSim;
use sidecard_e2e::{Browser, Proxy};

/// The org's record ids (the demo CRM, where lookups go, has its own).
const ANA: &str = "6f1d3e2a-0000-4000-8000-00000000c001";
const CHLOE: &str = "6f1d3e2a-0000-4000-8000-00000000c003";
const TOM: &str = "6f1d3e2a-0000-4000-8000-00000000c004";
const CONTOSO: &str = "6f1d3e2a-0000-4000-8000-00000000a001";

async fn setup() -> (OrgSim, Proxy, Browser) {
    let org = OrgSim::start().await;
    let proxy = Proxy::start_with_installs(Some(&org.installs())).await;
    (org, proxy, Browser::start().await)
}

fn channel(proxy: &Proxy, org: &OrgSim) -> String {
    format!("{}/cif?base={}", proxy.url, org.origin)
}

/// Opens the stand-in Sales Hub page hosting `panel` and enters the panel's frame.
async fn open(browser: &Browser, org: &OrgSim, panel: &str, environment: &Value) {
    browser
        .client
        .goto(&org.page(panel, environment))
        .await
        .unwrap();
    browser.client.enter_frame(0).await.unwrap();
}

/// What getEnvironment says on a dashboard: no record on screen.
static DASHBOARD: std::sync::LazyLock<Value> =
    std::sync::LazyLock::new(|| json!({"pagetype": "dashboard"}));

fn contact_form(id: &str) -> Value {
    json!({"pagetype": "entityrecord", "etn": "contact", "id": id})
}

/// The host calls of one type the panel made, as `{argument: value}` objects.
async fn calls(browser: &Browser, kind: &str) -> Vec<Value> {
    browser.client.enter_parent_frame().await.unwrap();
    let found = browser
        .eval(&format!("return window.__cif.callsOf('{kind}');"))
        .await;
    browser.client.enter_frame(0).await.unwrap();
    found.as_array().cloned().unwrap_or_default()
}

/// The calls of `kind` once there are at least `count`: the panel's calls reach the top page
/// as messages, after the click or answer that made them.
async fn calls_once(browser: &Browser, kind: &str, count: usize) -> Vec<Value> {
    browser.client.enter_parent_frame().await.unwrap();
    browser
        .wait_until(
            &format!("return window.__cif.callsOf('{kind}').length >= {count};"),
            &format!("{count} {kind} call(s)"),
        )
        .await;
    browser.client.enter_frame(0).await.unwrap();
    calls(browser, kind).await
}

/// Runs `script` in the top page (the Dynamics stand-in), then returns to the panel.
async fn in_host(browser: &Browser, script: &str) {
    browser.client.enter_parent_frame().await.unwrap();
    browser.eval(script).await;
    browser.client.enter_frame(0).await.unwrap();
}

/// The agent opens record `id` of `entity` in Dynamics (`onpagenavigate`).
async fn navigate(browser: &Browser, entity: &str, id: &str) {
    in_host(
        browser,
        &format!("window.__cif.navigate('{entity}', '{id}');"),
    )
    .await;
}

/// Posts `message` to the panel from frame `frame` of the host page (1: the softphone's
/// origin, 2: a stranger's), then returns to the panel.
async fn post_from(browser: &Browser, frame: u16, message: &Value) {
    browser.client.enter_parent_frame().await.unwrap();
    browser.client.enter_frame(frame).await.unwrap();
    browser
        .eval(&format!(
            "window.parent.frames[0].postMessage({message}, '*'); return true;"
        ))
        .await;
    browser.client.enter_parent_frame().await.unwrap();
    browser.client.enter_frame(0).await.unwrap();
}

/// `openForm`'s first argument, parsed.
fn form_options(call: &Value) -> Value {
    serde_json::from_str(call["entityFormOptions"].as_str().unwrap()).unwrap()
}

#[tokio::test]
async fn the_panel_shows_the_record_on_screen_and_follows_the_agent() {
    let (org, proxy, browser) = setup().await;
    open(&browser, &org, &channel(&proxy, &org), &contact_form(ANA)).await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Ana García");
    assert_eq!(
        browser.wait_for(".account-card h3").await,
        "Contoso Pharmaceuticals"
    );
    assert!(browser.has(".deal-list .deal").await, "her open deals");
    assert!(!browser.has("#sidecard-q").await && !browser.has(".gear").await);

    // The sign-in: the page created a note as the agent; the proxy read it with its app
    // token, deleted it, and read the agent's Entra object id (which its lookups impersonate).
    let log = org.log();
    assert_eq!(log.len(), 4, "{log:?}");
    assert_eq!(log[0], "POST annotations");
    assert!(log[1].starts_with("GET annotations(5c1f2a3b-"), "{log:?}");
    assert!(
        log[2].starts_with("DELETE annotations(5c1f2a3b-"),
        "{log:?}"
    );
    assert!(log[3].starts_with("GET systemusers("), "{log:?}");
    assert_eq!(org.notes(), 0, "no note is left behind");

    // Click-to-act on, and the panel widened to the documented minimum.
    assert_eq!(
        calls(&browser, "setclicktoact").await,
        [json!({"value": true})]
    );
    assert_eq!(calls(&browser, "setwidth").await, [json!({"value": 300})]);

    // The agent opens another contact, then an account: the card follows (an account shows
    // its primary contact's).
    navigate(&browser, "contact", CHLOE).await;
    browser
        .wait_for_text(".person-card h2", "Chloé Dubois")
        .await;
    navigate(&browser, "account", CONTOSO).await;
    browser.wait_for_text(".person-card h2", "Ben Okafor").await;

    // The record link opens Ben's form inside Dynamics, not a browser tab.
    browser.click(".open-record").await;
    let opened = calls_once(&browser, "openform", 1).await;
    assert_eq!(opened.len(), 1, "{opened:?}");
    assert_eq!(
        form_options(&opened[0]),
        json!({"entityName": "contact", "entityId": "C02"})
    );
    assert_eq!(browser.client.windows().await.unwrap().len(), 1);
    // One session served every lookup: still the one sign-in.
    assert_eq!(org.log().len(), 4);
    browser.close().await;
}

#[tokio::test]
async fn a_clicked_number_shows_who_owns_it_and_offers_the_call() {
    let (org, proxy, browser) = setup().await;
    open(&browser, &org, &channel(&proxy, &org), &DASHBOARD).await;
    let prompt = browser.wait_for(".prompt").await;
    assert!(prompt.contains("click a phone number"), "{prompt}");

    // Dynamics stores Chloé's number as "425.555.0102"; the agent clicks it written otherwise.
    in_host(
        &browser,
        "window.__cif.clickToAct('4255550102', 'telephone1');",
    )
    .await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Chloé Dubois");
    assert_eq!(browser.wait_for(".call").await, "Call 4255550102");
    // The number as Dynamics gave it, direction-isolated from "Call".
    assert_eq!(browser.texts(".call bdi").await, ["4255550102"]);
    assert_eq!(browser.attrs(".call", "href").await, ["tel:+14255550102"]);
    // The panel opens so the agent sees who it is.
    assert_eq!(calls(&browser, "setmode").await, [json!({"value": 1})]);
    browser.close().await;
}

/// The panel's own screens pass axe-core in both schemes, inside its frame in Sales Hub: the
/// prompt to click a number, and a clicked number's card under the bar that offers the call
/// (screens the standalone page never draws; `a11y.rs` checks the rest).
#[tokio::test]
async fn the_panel_and_its_call_bar_pass_axe_in_both_schemes() {
    let (org, proxy, browser) = setup().await;
    open(&browser, &org, &channel(&proxy, &org), &DASHBOARD).await;
    browser.wait_for(".prompt").await;
    let mut found = browser.axe_in_both_schemes("panel prompt").await;
    in_host(
        &browser,
        "window.__cif.clickToAct('4255550102', 'telephone1');",
    )
    .await;
    browser.wait_for(".person-card h2").await;
    browser.wait_for(".call").await;
    found.extend(browser.axe_in_both_schemes("call bar").await);
    browser.close().await;
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[tokio::test]
async fn an_incoming_call_opens_the_callers_record_or_offers_a_new_contact() {
    let (org, proxy, browser) = setup().await;
    open(&browser, &org, &channel(&proxy, &org), &DASHBOARD).await;
    browser.wait_for(".prompt").await;

    // The softphone's frame hands over a call from Ana's number.
    let call = |phone: &str| json!({"type": "sidecard:incoming-call", "phone": phone});
    post_from(&browser, 1, &call("+14255550100")).await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Ana García");
    let opened = calls_once(&browser, "openform", 1).await;
    assert_eq!(opened.len(), 1, "{opened:?}");
    assert_eq!(
        form_options(&opened[0]),
        json!({"entityName": "contact", "entityId": "C01"})
    );

    // A number nobody has: a new contact's form, filled with it.
    post_from(&browser, 1, &call("+1 206 555 0199")).await;
    browser.wait_for(".no-match").await;
    // Sidecard's own create form is there; the agent may choose Dynamics' quick create.
    assert!(browser.has("button.create").await);
    browser.click("button.host-form").await;
    let opened = calls_once(&browser, "openform", 2).await;
    assert_eq!(
        opened.len(),
        2,
        "no form for a caller nobody matched until asked"
    );
    assert_eq!(
        form_options(&opened[1]),
        json!({"entityName": "contact", "useQuickCreateForm": true})
    );
    let filled: Value =
        serde_json::from_str(opened[1]["entityFormParameters"].as_str().unwrap()).unwrap();
    assert_eq!(filled, json!({"telephone1": "+1 206 555 0199"}));

    // The documented URL parameter: the channel opened for an incoming call.
    browser.client.enter_parent_frame().await.unwrap();
    let panel = format!("{}&phone={}", channel(&proxy, &org), "%28503%29%20555-0104");
    open(&browser, &org, &panel, &DASHBOARD).await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Tina Nguyen");
    let opened = calls_once(&browser, "openform", 1).await;
    assert_eq!(
        form_options(&opened[0]),
        json!({"entityName": "contact", "entityId": "C05"})
    );
    browser.close().await;
}

#[tokio::test]
async fn messages_from_foreign_origins_are_ignored() {
    let (org, proxy, browser) = setup().await;
    open(&browser, &org, &channel(&proxy, &org), &contact_form(ANA)).await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Ana García");

    // A stranger's frame forges a click-to-act event (the library accepts only the org's host
    // name) and a softphone call (the panel accepts only the install's softphone origins).
    let forged_click = json!({
        "messageType": "onclicktoact",
        "messageData": json!({"value": "4255550102", "name": "telephone1"}).to_string(),
    });
    post_from(&browser, 2, &forged_click).await;
    post_from(
        &browser,
        2,
        &json!({"type": "sidecard:incoming-call", "phone": "4255550102"}),
    )
    .await;
    // And asks the host for the environment: the host answers only the panel's origin.
    browser.client.enter_parent_frame().await.unwrap();
    browser.client.enter_frame(2).await.unwrap();
    browser
        .eval(
            "window.parent.postMessage({messageType: 'getenvironment', messageData: new Map(), \
             messageCorrelationId: 'x1'}, '*'); return true;",
        )
        .await;
    browser.client.enter_parent_frame().await.unwrap();
    browser.client.enter_frame(0).await.unwrap();

    // The org's own event after them is followed: by then the forged ones were delivered.
    navigate(&browser, "contact", CHLOE).await;
    browser
        .wait_for_text(".person-card h2", "Chloé Dubois")
        .await;
    assert!(!browser.has(".call").await, "no click-to-act was taken");
    assert!(calls(&browser, "setmode").await.is_empty(), "nor a call");
    assert!(
        calls(&browser, "openform").await.is_empty(),
        "nor a screen pop"
    );
    browser.client.enter_parent_frame().await.unwrap();
    assert_eq!(browser.eval("return window.__cif.foreign;").await, json!(1));
    browser.close().await;
}

#[tokio::test]
async fn a_bad_org_address_says_what_to_fix_in_the_panel() {
    let (org, proxy, browser) = setup().await;
    for (base, says) in [
        ("", "must name your org"),
        (
            "?base=http://contoso.crm.dynamics.com",
            "must start with https://",
        ),
        (
            "?base=https://fabrikam.crm.dynamics.com",
            "not set up for the Dynamics 365 org https://fabrikam.crm.dynamics.com",
        ),
    ] {
        let panel = format!("{}/cif{base}", proxy.url);
        open(&browser, &org, &panel, &json!({})).await;
        let text = browser.wait_for("[role=alert]").await;
        assert!(text.contains(says), "{base}: {text}");
        browser.client.enter_parent_frame().await.unwrap();
    }
    assert!(org.log().is_empty(), "no sign-in was attempted");
    browser.close().await;
}

/// A call a softphone handed over, logged from the panel: a phone call in the CRM, incoming,
/// through the panel's session (the proxy checks it as for lookups).
#[tokio::test]
async fn a_call_logged_from_the_panel_is_an_incoming_phone_call_with_the_note() {
    let (org, proxy, browser) = setup().await;
    open(&browser, &org, &channel(&proxy, &org), &DASHBOARD).await;
    browser.wait_for(".prompt").await;
    post_from(
        &browser,
        1,
        &json!({"type": "sidecard:incoming-call", "phone": "+14255550100"}),
    )
    .await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Ana García");
    browser.click(".log-open").await;
    browser
        .type_into("#sidecard-note", "Asked for the 3-year price.")
        .await;
    browser.click(".log-save").await;
    browser
        .wait_for_text(".log-done", "Logged to the CRM.")
        .await;
    let conn = rusqlite::Connection::open(&proxy.demo_db).unwrap();
    let logged: (String, String, String, String) = conn
        .query_row(
            "SELECT type, channel, direction, description FROM activities \
             WHERE contact_id = 'C01' ORDER BY logged_at DESC, rowid DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (logged.0.as_str(), logged.1.as_str(), logged.2.as_str()),
        ("phone_call", "phone", "Inbound")
    );
    assert!(
        logged
            .3
            .starts_with("Asked for the 3-year price.\n\nChannel: phone\nConversation: call-"),
        "{}",
        logged.3
    );
    browser.close().await;
}

/// Both writes from the panel, through its session (so, in a live org, as the agent): a
/// caller nobody has is created with Sidecard's own form; the record on screen shares an
/// address with someone else, and the agent pins the right one.
#[tokio::test]
async fn the_panel_creates_a_caller_nobody_has_and_pins_one_of_several() {
    let (org, proxy, browser) = setup().await;
    open(&browser, &org, &channel(&proxy, &org), &DASHBOARD).await;
    browser.wait_for(".prompt").await;
    post_from(
        &browser,
        1,
        &json!({"type": "sidecard:incoming-call", "phone": "+1 206 555 0199"}),
    )
    .await;
    browser.wait_for(".no-match").await;
    browser.click("button.create").await;
    assert_eq!(
        browser
            .eval("return document.querySelector('#sidecard-phone').value")
            .await,
        "+12065550199"
    );
    browser.type_into("#sidecard-first", "Casey").await;
    browser.type_into("#sidecard-last", "Caller").await;
    browser.click(".create-save").await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Casey Caller");
    assert_eq!(
        proxy.demo_texts("SELECT last_name FROM contacts WHERE business_phone = '+12065550199'"),
        ["Caller"]
    );

    // Tom Baker's primary address is also Tina Nguyen's second one.
    navigate(&browser, "contact", TOM).await;
    assert_eq!(browser.wait_for(".chooser h2").await, "2 people match");
    browser.click("li:nth-child(2) .choice").await;
    browser.click(".pin").await;
    let note = browser.wait_for(".pinned").await;
    assert!(note.starts_with("Pinned by "), "{note}");
    // Opened again, the pinned person shows at once.
    navigate(&browser, "contact", ANA).await;
    browser.wait_for_text(".person-card h2", "Ana García").await;
    navigate(&browser, "contact", TOM).await;
    browser.wait_for(".pinned").await;
    browser.close().await;
}
