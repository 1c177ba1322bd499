//! The widget inside the Zendesk and Freshdesk app packages, in headless Chromium, with the
//! stand-in help desks of `sidecard_e2e::hosts` in front of the real proxy: the real ZAF SDK
//! from npm talks to a parent page speaking Zendesk's protocol; the Freshdesk page gets a
//! stand-in app client. Every lookup goes through the stand-in request proxies, which add the
//! install's secret server-side, and the proxy verifies it.

use serde_json::{Value, json};
use sha2::Digest;
use sidecard_e2e::hosts::{HostSim, Install};
use sidecard_e2e::{Browser, Proxy};

const ZENDESK_SECRET: &str = "e2e-zendesk-secret-0123456789abcdef0123";
const FRESHDESK_KEY: &str = "sc_e2e_freshdesk_key_0123456789abcdef";

async fn proxy() -> Proxy {
    let hash: String = sha2::Sha256::digest(FRESHDESK_KEY.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Proxy::start_with_installs(Some(&format!(
        "[[install]]\nid = \"acme-zendesk\"\nhost = \"zendesk\"\ndomain = \"acme.zendesk.com\"\n\
         jwt_secret = \"{ZENDESK_SECRET}\"\n\n\
         [[install]]\nid = \"acme-freshdesk\"\nhost = \"freshdesk\"\ndomain = \"acme.freshdesk.com\"\n\
         api_key_sha256 = \"{hash}\"\n"
    )))
    .await
}

fn install(proxy: &Proxy) -> Install {
    Install {
        proxy_url: proxy.url.clone(),
        zendesk_secret: ZENDESK_SECRET.into(),
        freshdesk_key: FRESHDESK_KEY.into(),
    }
}

/// The heights the host was asked to size the frame to, in px.
fn heights(list: &Value) -> Vec<f64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let text = h
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| h["height"].as_str().unwrap_or("").to_owned());
            text.trim_end_matches("px")
                .parse::<f64>()
                .unwrap_or_else(|_| panic!("height {h}"))
        })
        .collect()
}

#[tokio::test]
async fn zendesk_shows_the_requester_follows_the_ticket_and_sizes_the_frame() {
    let proxy = proxy().await;
    let sim = HostSim::start(install(&proxy)).await;
    let browser = Browser::start().await;
    let ana = json!({"id": 1, "name": "Ana García", "email": "ana.garcia@contoso.example"});
    browser
        .client
        .goto(&sim.zendesk_ticket(&ana, "de-DE"))
        .await
        .unwrap();
    browser.client.enter_frame(0).await.unwrap();
    assert_eq!(browser.wait_for(".person-card h2").await, "Ana García");
    assert_eq!(
        browser.wait_for(".account-card h3").await,
        "Contoso Pharmaceuticals"
    );
    // The agent's locale: German words (the catalog) and German dates (`Intl`).
    browser
        .wait_for_text(".deal-list .deal .close-date", "Abschluss am 20.12.2026")
        .await;
    assert_eq!(
        browser.eval("return document.documentElement.lang").await,
        json!("de")
    );
    assert!(
        !browser.has("#sidecard-q").await,
        "the host names the customer: no search box"
    );
    assert!(
        !browser.has(".gear").await,
        "agents in Zendesk get no settings gear"
    );

    // The parent was asked to size the frame to the card.
    browser.client.enter_parent_frame().await.unwrap();
    let sized = heights(&browser.eval("return window.__zaf.resizes").await);
    assert!(
        sized.last().is_some_and(|h| *h > 150.0),
        "resized to the card: {sized:?}"
    );
    let subscribed = browser.eval("return window.__zaf.subscriptions").await;
    assert!(
        subscribed
            .as_array()
            .unwrap()
            .contains(&json!("ticket.requester.id.changed")),
        "{subscribed}"
    );

    // Zendesk's colour scheme: light from the frame's URL, then dark when the agent switches.
    browser.client.enter_frame(0).await.unwrap();
    assert_eq!(
        browser
            .eval("return document.documentElement.dataset.scheme")
            .await,
        json!("light")
    );
    assert_eq!(
        browser
            .eval("return getComputedStyle(document.body).backgroundColor")
            .await,
        json!("rgb(255, 255, 255)")
    );
    browser.client.enter_parent_frame().await.unwrap();
    browser
        .eval("window.__zaf.setScheme('dark'); return true")
        .await;
    browser.client.enter_frame(0).await.unwrap();
    browser
        .wait_until(
            "return getComputedStyle(document.body).backgroundColor === 'rgb(20, 23, 28)'",
            "the widget turned dark",
        )
        .await;
    browser.client.enter_parent_frame().await.unwrap();

    // The ticket's requester changes (to someone known by a secondary address): the card follows.
    browser
        .eval("window.__zaf.switchTo({id: 3, name: 'Chloé', email: 'chloe.d@gmail.example'}); return true")
        .await;
    browser.client.enter_frame(0).await.unwrap();
    browser
        .wait_for_text(".person-card h2", "Chloé Dubois")
        .await;
    browser.client.enter_parent_frame().await.unwrap();
    // One proxied request per customer, each signed and verified.
    assert_eq!(browser.eval("return window.__zaf.requests").await, json!(2));
    browser.close().await;
}

#[tokio::test]
async fn zendesk_with_the_wrong_shared_secret_says_so_in_the_widget() {
    let proxy = proxy().await;
    let sim = HostSim::start(Install {
        zendesk_secret: "not-the-secret-the-proxy-has-0123456789".into(),
        ..install(&proxy)
    })
    .await;
    let browser = Browser::start().await;
    let ana = json!({"id": 1, "name": "Ana García", "email": "ana.garcia@contoso.example"});
    browser
        .client
        .goto(&sim.zendesk_ticket(&ana, "en-US"))
        .await
        .unwrap();
    browser.client.enter_frame(0).await.unwrap();
    assert_eq!(
        browser.wait_for(".error-panel h2").await,
        "Sidecard doesn't recognise this app"
    );
    let message = browser.wait_for(".error-panel .detail").await;
    // One message for every refused credential (the reason is in the proxy's log); it names
    // what to check.
    assert!(message.contains("shared secret (Zendesk)"), "{message}");
    assert!(!browser.body_text().await.contains("Ana García"));
    browser.close().await;
}

#[tokio::test]
async fn freshdesk_shows_the_requester_by_phone_follows_activation_and_resizes() {
    let proxy = proxy().await;
    let sim = HostSim::start(install(&proxy)).await;
    let browser = Browser::start().await;
    // Stored as "(425) 555-0100"; the requester's phone arrives in E.164.
    let caller =
        json!({"id": 9, "name": "Caller", "email": null, "phone": "+14255550100", "mobile": null});
    browser
        .client
        .goto(&sim.freshdesk_ticket(&caller, "ko"))
        .await
        .unwrap();
    assert_eq!(browser.wait_for(".person-card h2").await, "Ana García");
    // The agent's language in Freshdesk: Korean words and a Korean date.
    browser
        .wait_for_text(".deal-list .deal .close-date", "2026. 12. 20. 마감 예정")
        .await;
    assert_eq!(
        browser.eval("return document.documentElement.lang").await,
        json!("ko")
    );
    assert!(!browser.has("#sidecard-q").await);
    let sized = heights(&browser.eval("return window.__fdk.resizes").await);
    assert!(
        sized.last().is_some_and(|h| *h > 150.0 && *h <= 700.0),
        "{sized:?}"
    );

    // The agent opens another ticket: app.activated, the requester is read again.
    browser
        .eval("window.__fdk.switchTo({id: 10, name: 'Ben', email: 'ben.okafor@contoso.example', phone: null, mobile: null}); return true")
        .await;
    browser.wait_for_text(".person-card h2", "Ben Okafor").await;
    // The same requester activated again is no new lookup.
    browser
        .eval("window.__fdk.switchTo({id: 10, name: 'Ben', email: 'ben.okafor@contoso.example', phone: null, mobile: null}); return true")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        browser.eval("return window.__fdk.invocations").await,
        json!(2)
    );
    browser.close().await;
}

#[tokio::test]
async fn freshdesk_with_a_wrong_key_says_so_in_the_widget() {
    let proxy = proxy().await;
    let sim = HostSim::start(Install {
        freshdesk_key: "sc_not_the_key".into(),
        ..install(&proxy)
    })
    .await;
    let browser = Browser::start().await;
    let ana = json!({"id": 1, "name": "Ana", "email": "ana.garcia@contoso.example"});
    browser
        .client
        .goto(&sim.freshdesk_ticket(&ana, "en"))
        .await
        .unwrap();
    assert_eq!(
        browser.wait_for(".error-panel h2").await,
        "Sidecard doesn't recognise this app"
    );
    let message = browser.wait_for(".error-panel .detail").await;
    assert!(message.contains("API key (Freshdesk)"), "{message}");
    browser.close().await;
}

#[tokio::test]
async fn the_user_and_contact_sidebars_use_every_address_the_host_gives() {
    let proxy = proxy().await;
    let sim = HostSim::start(install(&proxy)).await;
    let browser = Browser::start().await;
    // Zendesk's user sidebar: the user's primary email is unknown to the CRM; an email
    // identity is Ana's secondary address.
    let user = json!({
        "id": 5, "name": "Ana", "email": "ana.g@personal-mail.example",
        "identities": [
            {"type": "twitter", "value": "@ana"},
            {"type": "email", "value": "ana@garcia-family.example"}
        ]
    });
    browser
        .client
        .goto(&sim.zendesk_page("user_sidebar", &user, "en-US"))
        .await
        .unwrap();
    browser.client.enter_frame(0).await.unwrap();
    assert_eq!(browser.wait_for(".person-card h2").await, "Ana García");

    // Freshdesk's contact sidebar: no primary email, an `other_emails` entry only.
    let contact =
        json!({"id": 7, "name": "Chloé", "email": null, "other_emails": ["chloe.d@gmail.example"]});
    browser
        .client
        .goto(&sim.freshdesk_page("contact_sidebar", &contact, "en"))
        .await
        .unwrap();
    assert_eq!(browser.wait_for(".person-card h2").await, "Chloé Dubois");
    browser.close().await;
}

/// Opens the create form for Dana New, nobody's match, and waits for the host's requester to
/// fill it.
async fn open_create_form(browser: &Browser) {
    browser.click("button.create").await;
    browser
        .wait_until(
            "return document.querySelector('#sidecard-last').value === 'New'",
            "the requester's family name",
        )
        .await;
}

/// Logs the ticket from the sidebar (in the frame) with `note`.
async fn log_ticket(browser: &Browser, note: &str) {
    browser.click(".log-open").await;
    browser.type_into("#sidecard-note", note).await;
    browser.click(".log-save").await;
    browser
        .wait_for_text(".log-done", "Logged to the CRM.")
        .await;
}

#[tokio::test]
async fn zendesk_logs_the_ticket_with_its_link_and_pins_through_its_request_proxy() {
    let proxy = proxy().await;
    let sim = HostSim::start(install(&proxy)).await;
    let browser = Browser::start().await;
    let ben = json!({"id": 2, "name": "Ben Okafor", "email": "ben.okafor@contoso.example"});
    browser
        .client
        .goto(&sim.zendesk_ticket(&ben, "en-US"))
        .await
        .unwrap();
    browser.client.enter_frame(0).await.unwrap();
    browser.wait_for_text(".person-card h2", "Ben Okafor").await;
    log_ticket(&browser, "Sent a new toner.").await;
    let logged = proxy.demo_texts(
        "SELECT subject || '|' || channel || '|' || description FROM activities \
         WHERE contact_id = 'C02'",
    );
    assert_eq!(
        logged,
        [
            "Printer on fire|email|Sent a new toner.\n\nChannel: email\nTicket: https://acme.zendesk.com/agent/tickets/4711"
        ]
    );

    // A shared address: the agent pins the right one, by their Zendesk name.
    browser.client.enter_parent_frame().await.unwrap();
    browser
        .eval("window.__zaf.switchTo({id: 3, name: 'Info', email: 'info@northwind.example'}); return true")
        .await;
    browser.client.enter_frame(0).await.unwrap();
    browser.click("li:nth-child(2) .choice").await;
    browser.click(".pin").await;
    let note = browser.wait_for(".pinned").await;
    assert!(note.starts_with("Pinned by Alex Agent on "), "{note}");

    // A requester nobody has: created from the sidebar, through the same request proxy.
    browser.client.enter_parent_frame().await.unwrap();
    browser
        .eval("window.__zaf.switchTo({id: 4, name: 'Dana New', email: 'dana.new@fabrikam.example'}); return true")
        .await;
    browser.client.enter_frame(0).await.unwrap();
    open_create_form(&browser).await;
    browser.click(".create-save").await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Dana New");
    assert_eq!(
        proxy.demo_texts(
            "SELECT first_name FROM contacts WHERE email1 = 'dana.new@fabrikam.example'"
        ),
        ["Dana"]
    );
    browser.close().await;
}

#[tokio::test]
async fn freshdesk_creates_the_requester_nobody_matched_and_logs_the_phone_ticket() {
    let proxy = proxy().await;
    let sim = HostSim::start(install(&proxy)).await;
    let browser = Browser::start().await;
    let dana = json!({"id": 11, "name": "Dana María New", "email": "dana.new@fabrikam.example",
                      "phone": null, "mobile": null});
    browser
        .client
        .goto(&sim.freshdesk_ticket(&dana, "en"))
        .await
        .unwrap();
    // Filled from the requester: the name split at its last space.
    open_create_form(&browser).await;
    assert_eq!(
        browser
            .eval("return document.querySelector('#sidecard-first').value")
            .await,
        json!("Dana María")
    );
    browser.click(".create-save").await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Dana María New");
    let id = proxy.demo_texts("SELECT id FROM contacts WHERE email1 = 'dana.new@fabrikam.example'");
    assert_eq!(id.len(), 1);

    log_ticket(&browser, "Called back.").await;
    let logged = proxy.demo_texts(&format!(
        "SELECT subject || '|' || channel || '|' || description FROM activities \
             WHERE contact_id = '{}'",
        id[0]
    ));
    assert_eq!(
        logged,
        [
            "Printer on fire|phone|Called back.\n\nChannel: phone\nTicket: https://acme.freshdesk.com/a/tickets/4711"
        ]
    );

    // The next ticket's requester shares an address: the agent pins the right one.
    browser
        .eval("window.__fdk.switchTo({id: 12, name: 'Info', email: 'info@northwind.example', phone: null, mobile: null}); return true")
        .await;
    assert_eq!(browser.wait_for(".chooser h2").await, "2 people match");
    browser.click("li:nth-child(2) .choice").await;
    browser.click(".pin").await;
    let note = browser.wait_for(".pinned").await;
    assert!(note.starts_with("Pinned by Alex Agent on "), "{note}");
    browser.close().await;
}
