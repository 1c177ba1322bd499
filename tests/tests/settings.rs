//! The settings page in headless Chromium against the real proxy: an admin shapes the contact
//! card and the agent's card follows; a save over someone else's newer one is refused with a
//! message and loses nothing.

use fantoccini::Locator;
use sidecard_e2e::{ADMIN_KEY, Browser, Proxy};

/// WebDriver's Enter key.
const ENTER: &str = "\u{E007}";

/// The focused element once it is `id` (focus returns to a moved row's button on the next
/// animation frame).
async fn focused_on(browser: &Browser, id: &str) -> fantoccini::elements::Element {
    let deadline = std::time::Instant::now() + sidecard_e2e::WAIT;
    loop {
        let focused = browser.client.active_element().await.unwrap();
        if focused.attr("id").await.unwrap().as_deref() == Some(id) {
            return focused;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "focus never came back to #{id}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn an_admin_reshapes_the_contact_card_and_agents_see_it() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser
        .open(&format!("{}/?email=ana.garcia@contoso.example", proxy.url))
        .await;
    let card = browser.wait_for(".person-card").await;
    assert!(card.contains("Head of Procurement"), "{card}");
    // The gear leads to the settings page.
    browser.click("a.gear").await;
    browser.wait_for(".card-editor").await;

    let chosen = || browser.attrs(".chosen-field", "data-key");
    assert_eq!(
        chosen().await,
        [
            "job_title",
            "email1",
            "business_phone",
            "mobile_phone",
            "city"
        ],
        "the demo CRM's defaults"
    );
    // Hide the job title.
    browser
        .click(".chosen-field[data-key='job_title'] button.remove")
        .await;
    // Find the second email among every field, and show it.
    browser.type_into(".field-search", "email 2").await;
    let options = browser.texts(".all-fields li").await;
    assert_eq!(options.len(), 1, "the search narrows the list: {options:?}");
    browser
        .click("input[type='checkbox'][data-key='email2']")
        .await;
    assert_eq!(
        chosen().await,
        ["email1", "business_phone", "mobile_phone", "city", "email2"]
    );
    // Move it to the top: once with the mouse, then with the keyboard (focus stays on the
    // button as the row moves, so Enter keeps moving it).
    browser.click("#up-email2").await;
    for _ in 0..3 {
        let focused = focused_on(&browser, "up-email2").await;
        focused.send_keys(ENTER).await.unwrap();
    }
    assert_eq!(
        chosen().await,
        ["email2", "email1", "business_phone", "mobile_phone", "city"]
    );
    assert!(
        browser
            .client
            .find(Locator::Css("#up-email2"))
            .await
            .unwrap()
            .attr("disabled")
            .await
            .unwrap()
            .is_some(),
        "the top row cannot move up"
    );
    // Rename it; the preview, drawn by the agents' own card, follows as the admin types.
    browser
        .type_into(
            ".chosen-field[data-key='email2'] .label-override",
            "Personal email",
        )
        .await;
    let preview = browser.texts(".preview .field dt").await;
    assert_eq!(
        preview,
        [
            "Personal email",
            "Email",
            "Business phone",
            "Mobile phone",
            "City"
        ]
    );

    browser.type_into(".admin-key input", ADMIN_KEY).await;
    browser.click("button.save").await;
    let saved = browser.wait_for(".save-status.saved").await;
    assert!(saved.contains("version 1"), "{saved}");

    // The agent's next open shows exactly those fields, in that order, under that label
    // (Ana has no mobile number, and empty fields never show).
    browser
        .open(&format!("{}/?email=ana.garcia@contoso.example", proxy.url))
        .await;
    let labels = browser.texts(".person-card .field dt").await;
    assert_eq!(
        labels,
        ["Personal email", "Email", "Business phone", "City"]
    );
    let values = browser.texts(".person-card .field dd").await;
    assert_eq!(values[0], "ana@garcia-family.example");
    assert!(!browser.body_text().await.contains("Head of Procurement"));
    browser.close().await;
}

#[tokio::test]
async fn a_stale_save_says_someone_else_saved_and_loses_nothing() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser.open(&format!("{}/settings", proxy.url)).await;
    browser.wait_for(".card-editor").await;

    // Without the admin key, nothing is saved and the page says who may.
    browser
        .click(".chosen-field[data-key='city'] button.remove")
        .await;
    browser.type_into(".admin-key input", "not-the-key").await;
    browser.click("button.save").await;
    let refused = browser.wait_for(".save-status.problem").await;
    assert!(
        refused.contains("Only an admin can change settings"),
        "{refused}"
    );

    // A problem in the document is listed, not just "failed".
    browser.click("button.tab[data-tab='lookup']").await;
    browser
        .type_into(".dial-template", "javascript:alert(1)")
        .await;
    browser.type_into(".admin-key input", ADMIN_KEY).await;
    browser.click("button.save").await;
    let problems = browser.texts(".save-status.problem li").await;
    assert!(
        problems.iter().any(|p| p.contains("must start with tel:")),
        "{problems:?}"
    );
    browser.type_into(".dial-template", "tel:{e164}").await;

    // Meanwhile another admin saves (hiding the account card) from elsewhere.
    let other: serde_json::Value = browser
        .client
        .execute_async(
            r#"const [key, done] = arguments;
               const doc = await (await fetch('/api/v1/settings')).json();
               doc.account.shown = false;
               const saved = await fetch('/api/v1/settings', {
                 method: 'PUT',
                 headers: {'Content-Type': 'application/json', 'Authorization': 'Bearer ' + key},
                 body: JSON.stringify(doc)});
               done(await saved.json());"#,
            vec![ADMIN_KEY.into()],
        )
        .await
        .unwrap();
    assert_eq!(other["version"], 1, "{other}");

    // This admin's save, based on version 0, is refused with a message; their edit is kept.
    browser.click("button.save").await;
    let conflict = browser.wait_for(".save-status.conflict").await;
    assert!(conflict.contains("saved by someone else"), "{conflict}");
    browser.click("button.tab[data-tab='contact']").await;
    assert!(
        !browser.has(".chosen-field[data-key='city']").await,
        "the unsaved edit is still on the page"
    );
    // Loading their version shows their change.
    browser.click(".save-status.conflict button").await;
    browser.click("button.tab[data-tab='account']").await;
    browser.wait_for(".card-editor").await;
    let shown = browser
        .client
        .find(Locator::Css(".card-shown"))
        .await
        .unwrap()
        .prop("checked")
        .await
        .unwrap();
    assert_eq!(shown.as_deref(), Some("false"), "their hidden account card");
    browser.close().await;
}

#[tokio::test]
async fn with_installs_the_page_opens_with_the_admin_key_and_edits_the_named_install() {
    let proxy = Proxy::start_with_installs(Some(
        "[[install]]\nid = \"acme-zendesk\"\nhost = \"zendesk\"\ndomain = \"acme.zendesk.com\"\n\
         jwt_secret = \"e2e-zendesk-secret-0123456789abcdef0123\"\n",
    ))
    .await;
    let browser = Browser::start().await;
    // No anonymous reads once installs exist: the page asks for the key instead of failing.
    browser
        .open(&format!("{}/settings?install=acme-zendesk", proxy.url))
        .await;
    assert_eq!(browser.wait_for(".unlock h2").await, "Enter the admin key");
    browser
        .type_into(".unlock input[type=password]", ADMIN_KEY)
        .await;
    browser.click(".unlock button[type=submit]").await;
    browser.wait_for(".card-editor").await;
    assert_eq!(
        browser.wait_for(".settings-header .install strong").await,
        "acme-zendesk"
    );
    // Turn the lead fallback off and save: it lands in that install's document only.
    browser.click("button.tab[data-tab='lookup']").await;
    browser.click("input.fall-back-to-leads").await;
    browser.click("button.save").await;
    assert!(
        browser
            .wait_for(".save-status.saved")
            .await
            .contains("version 1")
    );
    let standalone = reqwest_get(&format!("{}/api/v1/settings", proxy.url)).await;
    assert_eq!(
        standalone["version"], 0,
        "the standalone install's settings are untouched"
    );
    let zendesk = reqwest_get(&format!(
        "{}/api/v1/settings?install=acme-zendesk",
        proxy.url
    ))
    .await;
    assert_eq!(zendesk["version"], 1);
    assert_eq!(zendesk["lookup"]["fall_back_to_leads"], false);

    // An install the proxy does not know: the page says what kind of error it is, in the
    // admin's words, before the proxy's own.
    browser
        .open(&format!("{}/settings?install=no-such-install", proxy.url))
        .await;
    browser
        .type_into(".unlock input[type=password]", ADMIN_KEY)
        .await;
    browser.click(".unlock button[type=submit]").await;
    let said = browser.wait_for(".error-panel p").await;
    assert!(said.starts_with("Something went wrong: "), "{said}");
    assert!(said.contains("no-such-install"), "{said}");
    browser.close().await;
}

/// The API read as the admin.
async fn reqwest_get(url: &str) -> serde_json::Value {
    reqwest::Client::new()
        .get(url)
        .bearer_auth(ADMIN_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Picks `value` in the `<select>` `css` matches, as a person choosing an option does.
async fn choose(browser: &Browser, css: &str, value: &str) {
    browser.wait_for(css).await;
    let script = format!(
        "const s = document.querySelector({css:?}); s.value = {value:?}; \
         s.dispatchEvent(new Event('change')); return true"
    );
    browser.eval(&script).await;
}

#[tokio::test]
async fn an_admin_maps_what_a_log_records_with_a_preview_and_agents_log_so() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser.open(&format!("{}/settings", proxy.url)).await;
    browser.wait_for(".card-editor").await;
    browser.click("button.tab[data-tab='log']").await;
    let fields = browser.texts(".log-fields tbody tr td:first-child").await;
    assert_eq!(
        fields,
        [
            "Subject (Text)",
            "Description (Text)",
            "Channel (Text)",
            "Status (Choice)"
        ],
        "the demo CRM's defaults for the standalone page"
    );
    let preview = browser.wait_for(".log-preview").await;
    assert!(preview.contains("Printer on fire"), "{preview}");

    // The description holds the agent's note alone; the channel is not recorded; a new note
    // adds an activity; the duration is recorded too.
    choose(
        &browser,
        ".log-fields tbody tr:nth-child(2) .log-source",
        "note",
    )
    .await;
    browser
        .click(".log-fields tbody tr:nth-child(3) .log-remove")
        .await;
    choose(&browser, ".log-repeat", "append").await;
    choose(&browser, ".log-add", "duration_minutes").await;
    let preview = browser.wait_for(".log-preview").await;
    assert!(
        preview.contains("Sent a new toner; the customer confirms by Friday."),
        "{preview}"
    );
    assert!(preview.contains("Duration (minutes)\n2"), "{preview}");
    assert!(!preview.contains("Channel"), "{preview}");
    browser.type_into(".admin-key input", ADMIN_KEY).await;
    browser.click("button.save").await;
    browser.wait_for(".save-status.saved").await;

    // The agent logs: exactly the mapped fields.
    browser
        .open(&format!("{}/?email=ben.okafor@contoso.example", proxy.url))
        .await;
    for note in ["First call.", "Second call."] {
        browser.click(".log-open").await;
        browser.type_into("#sidecard-note", note).await;
        browser.click(".log-save").await;
        browser
            .wait_for_text(".log-done", "Logged to the CRM.")
            .await;
    }
    let conn = rusqlite::Connection::open(&proxy.demo_db).unwrap();
    let mut rows = conn
        .prepare(
            "SELECT description, channel IS NULL, duration_minutes IS NULL FROM activities \
             WHERE contact_id = 'C02' ORDER BY logged_at, rowid",
        )
        .unwrap();
    let logged: Vec<(String, bool, bool)> = rows
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        logged,
        [
            ("First call.".to_owned(), true, true),
            ("Second call.".to_owned(), true, true)
        ],
        "the note alone, no channel, no duration from a page that has none, two activities"
    );
    browser.close().await;
}

#[tokio::test]
async fn an_admin_adds_fields_to_the_create_form_and_agents_fill_them() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser.open(&format!("{}/settings", proxy.url)).await;
    browser.wait_for(".card-editor").await;
    browser.click("button.tab[data-tab='create-form']").await;
    let offered = browser
        .texts(".form-fields[data-entity=contact] label")
        .await;
    assert!(
        offered.iter().any(|l| l.starts_with("City")),
        "the demo CRM's text columns: {offered:?}"
    );
    assert!(
        !offered.iter().any(|l| l.starts_with("Email\n")),
        "every form has the email already: {offered:?}"
    );
    browser
        .click(".form-fields[data-entity=contact] input[data-key=job_title]")
        .await;
    browser
        .click(".form-fields[data-entity=contact] input[data-key=city]")
        .await;
    // The demo CRM's form starts with the second email and the mobile phone.
    assert_eq!(
        browser
            .eval(
                "return [...document.querySelectorAll('.form-fields[data-entity=contact] input:checked')]\
                 .map((i) => i.dataset.key)"
            )
            .await,
        serde_json::json!(["job_title", "email2", "mobile_phone", "city"])
    );
    browser.type_into(".admin-key input", ADMIN_KEY).await;
    browser.click("button.save").await;
    browser.wait_for(".save-status.saved").await;

    // Nobody matched: the form asks for them, in the admin's order, the host's second
    // address already in the second email field, and the CRM gets them.
    browser
        .open(&format!(
            "{}/?email=dana.new@fabrikam.example&email=dana@home.example",
            proxy.url
        ))
        .await;
    browser.click("button.create").await;
    browser.wait_for("#sidecard-field-city").await;
    assert_eq!(
        browser
            .attrs(".create-form input[data-key]", "data-key")
            .await,
        ["email2", "mobile_phone", "job_title", "city"]
    );
    assert_eq!(
        browser
            .eval("return document.querySelector('#sidecard-field-email2').value")
            .await,
        "dana@home.example"
    );
    browser.type_into("#sidecard-last", "New").await;
    browser
        .type_into("#sidecard-field-job_title", "Buyer")
        .await;
    browser.type_into("#sidecard-field-city", "Lisbon").await;
    browser.click(".create-save").await;
    assert_eq!(browser.wait_for(".person-card h2").await, "New");
    assert_eq!(
        proxy.demo_texts(
            "SELECT job_title || '|' || city || '|' || email2 FROM contacts \
             WHERE email1 = 'dana.new@fabrikam.example'"
        ),
        ["Buyer|Lisbon|dana@home.example"]
    );
    browser.close().await;
}

#[tokio::test]
async fn an_admin_picks_what_the_recent_activity_list_shows_and_agents_see_it() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser.open(&format!("{}/settings", proxy.url)).await;
    browser.wait_for(".card-editor").await;
    browser.click("button.tab[data-tab='activity']").await;
    browser
        .wait_for_text(".card-editor h2", "Extra fields under each activity")
        .await;
    assert!(
        !browser.has(".chosen-field").await,
        "type, subject, date and owner show without extras until the admin adds some"
    );
    choose(&browser, ".recent-activities", "2").await;
    browser
        .click("input[type='checkbox'][data-key='duration_minutes']")
        .await;
    browser
        .click("input[type='checkbox'][data-key='description']")
        .await;
    browser
        .type_into(
            ".chosen-field[data-key='description'] .label-override",
            "Notes",
        )
        .await;
    // The preview is the agents' own card with a sample activity.
    assert_eq!(
        browser.texts(".preview .recent .field dt").await,
        ["Duration (minutes)", "Notes"]
    );
    browser.type_into(".admin-key input", ADMIN_KEY).await;
    browser.click("button.save").await;
    browser.wait_for(".save-status.saved").await;

    // Ana's two latest: the task has neither field (blank fields never show); the call has both.
    browser
        .open(&format!("{}/?email=ana.garcia@contoso.example", proxy.url))
        .await;
    browser.wait_for(".recent .field").await;
    assert_eq!(
        browser.texts(".recent .recent-subject").await,
        ["Send the signed quote", "Renewal pricing questions"]
    );
    assert!(!browser.has(".recent li:nth-child(1) .field").await);
    assert_eq!(
        browser.texts(".recent li:nth-child(2) .field dt").await,
        ["Duration (minutes)", "Notes"]
    );
    assert_eq!(
        browser.texts(".recent li:nth-child(2) .field dd").await,
        ["12", "Wants the 3-year price before the board meets."]
    );
    // The person's own fields are not mixed with the activities'.
    let own = browser.texts(".person-card > .fields dt").await;
    assert!(!own.contains(&"Notes".to_owned()), "{own:?}");
    browser.close().await;
}

#[tokio::test]
async fn settings_with_a_key_this_page_does_not_know_are_not_edited_and_it_says_why() {
    // As a settings page older than its proxy sees the settings of a newer one: editing them
    // would save them without what the page does not know.
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser
        .before_each_page(
            "const fetched = window.fetch; \
             window.fetch = (...args) => fetched(...args).then((r) => \
               String(args[0]).endsWith('/api/v1/settings') && r.ok \
                 ? r.json().then((body) => { body.from_a_newer_proxy = true; \
                     return new Response(JSON.stringify(body), { status: r.status, headers: r.headers }); }) \
                 : r);",
        )
        .await;
    browser
        .client
        .goto(&format!("{}/settings", proxy.url))
        .await
        .unwrap();
    let said = browser.wait_for(".error-panel[role=alert]").await;
    assert!(
        said.contains("unknown field `from_a_newer_proxy`"),
        "{said}"
    );
    assert!(!browser.has(".card-editor").await);
}
