//! What an agent does from the sidebar, in headless Chromium against the real proxy and a
//! fresh demo CRM (the standalone page): create the person nobody matched (and be told when
//! the form's module cannot be fetched), create past a warned duplicate, log the conversation once however often they click, pin the right one of
//! several and find them pinned after a reload.

use sidecard_e2e::{Browser, Proxy};

#[tokio::test]
async fn nobody_found_then_created_shows_the_new_card_and_the_next_open_finds_them() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    let page = format!("{}/?email=dana.new@fabrikam.example", proxy.url);
    browser.open(&page).await;
    browser.wait_for(".no-match").await;
    browser.click("button.create").await;
    // Filled from what was searched.
    assert_eq!(
        browser
            .eval("return document.querySelector('#sidecard-email').value")
            .await,
        "dana.new@fabrikam.example"
    );
    browser.type_into("#sidecard-first", "Dana").await;
    browser.type_into("#sidecard-last", "New").await;
    browser.click(".create-save").await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Dana New");
    assert_eq!(
        proxy.demo_texts(
            "SELECT last_name FROM contacts WHERE email1 = 'dana.new@fabrikam.example'"
        ),
        ["New"]
    );
    // The proxy forgot its "no match": the next open shows her.
    browser.open(&page).await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Dana New");
    browser.close().await;
}

/// "No customer found" and the create form are a module of their own, fetched when a lookup
/// finds no one: if it cannot be fetched, the answer's place says the connection failed (never
/// a blank panel), and "Try again" fetches it.
#[tokio::test]
async fn an_outcome_that_cannot_be_fetched_says_so_and_comes_when_tried_again() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser.block_urls(&["*.chunk.wasm"]).await;
    browser
        .open(&format!(
            "{}/?email=erin.offline@fabrikam.example",
            proxy.url
        ))
        .await;
    browser.wait_for(".error-panel button.retry").await;
    assert!(!browser.has(".no-match").await);
    browser.block_urls(&[]).await;
    browser.click(".error-panel button.retry").await;
    let said = browser.wait_for(".no-match").await;
    assert!(said.contains("erin.offline@fabrikam.example"), "{said}");
    // The form came with it.
    browser.click("button.create").await;
    browser.wait_for("#sidecard-email").await;
    assert_eq!(
        browser
            .eval("return document.querySelector('#sidecard-email').value")
            .await,
        "erin.offline@fabrikam.example"
    );
    browser.close().await;
}

/// A chunk whose fetch stalls (the proxy accepts and never answers) is given up after 15 s
/// (`CHUNK_TIMEOUT_MS` in xtask's `glue.rs`): the answer's place then says the connection
/// failed, with "Try again", rather than staying blank; and "Try again" sends a new request
/// rather than waiting on the stalled one.
#[tokio::test]
async fn an_outcome_whose_fetch_stalls_says_so_in_time() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser.stall_urls(&["*.chunk.wasm"]).await;
    let started = std::time::Instant::now();
    browser
        .open(&format!(
            "{}/?email=erin.stalled@fabrikam.example",
            proxy.url
        ))
        .await;
    // The skeleton holds the place meanwhile.
    browser.wait_for(".skeleton").await;
    browser.wait_for(".error-panel button.retry").await;
    // Given up by the timer, not failed by the browser (a lower bound: no race in it).
    assert!(started.elapsed() >= std::time::Duration::from_secs(15));
    assert!(!browser.has(".no-match").await);
    assert!(!browser.has(".skeleton").await);
    browser.stall_urls(&[]).await;
    browser.click(".error-panel button.retry").await;
    let said = browser.wait_for(".no-match").await;
    assert!(said.contains("erin.stalled@fabrikam.example"), "{said}");
    browser.close().await;
}

#[tokio::test]
async fn a_likely_duplicate_is_shown_with_why_and_created_only_when_confirmed() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    let duplicates = browser.show_likely_duplicates(&proxy.url).await;
    assert!(duplicates.contains("Ana García"), "{duplicates}");
    assert!(
        duplicates.contains("ana.garcia@contoso.example"),
        "{duplicates}"
    );
    // Said by the widget from its catalog (the proxy's English is for API clients).
    assert_eq!(
        browser.texts(".duplicates > p").await,
        vec![
            "The CRM already has Ana García who may be this person. Open that record, or \
             create anyway."
        ]
    );
    assert_eq!(
        proxy
            .demo_texts("SELECT id FROM contacts WHERE last_name = 'García'")
            .len(),
        1,
        "nothing created before the agent confirms"
    );
    browser.click(".create-anyway").await;
    browser
        .wait_for_text(".created", "Created in the CRM.")
        .await;
    assert_eq!(
        proxy
            .demo_texts("SELECT id FROM contacts WHERE last_name = 'García'")
            .len(),
        2
    );
    browser.close().await;
}

#[tokio::test]
async fn a_double_clicked_log_with_a_note_is_one_activity_with_the_mapped_fields() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser
        .open(&format!("{}/?email=ben.okafor@contoso.example", proxy.url))
        .await;
    browser.wait_for(".person-card h2").await;
    browser.click(".log-open").await;
    browser
        .type_into("#sidecard-note", "Sent a new toner.")
        .await;
    // Two clicks in the same task, before any answer.
    browser
        .eval("const b = document.querySelector('.log-save'); b.click(); b.click(); return true")
        .await;
    browser
        .wait_for_text(".log-done", "Logged to the CRM.")
        .await;
    let logged = proxy.demo_texts(
        "SELECT type || '|' || subject || '|' || description || '|' || status \
         FROM activities WHERE contact_id = 'C02'",
    );
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert!(
        logged[0].starts_with("task|Conversation standalone-"),
        "{logged:?}"
    );
    assert!(logged[0].contains("|Sent a new toner.\n\nConversation: standalone-"));
    assert!(logged[0].ends_with("|Completed"), "{logged:?}");

    // Logged again with the same note: nothing new; with another: the same activity updated.
    browser.click(".log-open").await;
    browser.click(".log-save").await;
    browser.wait_for_text(".log-done", "Already logged.").await;
    browser.click(".log-open").await;
    browser.type_into("#sidecard-note", "Toner arrived.").await;
    browser.click(".log-save").await;
    browser
        .wait_for_text(".log-done", "Updated the logged activity.")
        .await;
    let logged = proxy.demo_texts("SELECT description FROM activities WHERE contact_id = 'C02'");
    assert_eq!(logged.len(), 1);
    assert!(logged[0].starts_with("Toner arrived."), "{logged:?}");
    // The card's recent activity shows it on the next open.
    browser
        .open(&format!("{}/?email=ben.okafor@contoso.example", proxy.url))
        .await;
    let recent = browser.wait_for(".recent .recent-subject").await;
    assert!(recent.starts_with("Conversation standalone-"), "{recent}");
    browser.close().await;
}

#[tokio::test]
async fn a_pin_survives_a_reload_and_unpin_brings_back_the_chooser() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    let page = format!("{}/?email=info@northwind.example", proxy.url);
    browser.open(&page).await;
    assert_eq!(browser.wait_for(".chooser h2").await, "2 people match");
    let names = browser.texts(".choice-name").await;
    browser.click("li:nth-child(2) .choice").await;
    browser.click(".pin").await;
    let note = browser.wait_for(".pinned").await;
    assert!(
        note.starts_with("Pinned by the standalone page on "),
        "{note}"
    );

    browser.open(&page).await;
    browser.wait_for(".pinned").await;
    let shown = browser.wait_for(".person-card h2").await;
    assert!(names[1].starts_with(&shown), "{shown} is not {}", names[1]);
    browser.wait_for_text(".pin", "Unpin").await;
    browser.click(".pin").await;
    assert_eq!(browser.wait_for(".chooser h2").await, "2 people match");

    // None of them is this customer: the agent creates them from the chooser.
    browser.click(".none-of-these").await;
    assert_eq!(
        browser
            .eval("return document.querySelector('#sidecard-email').value")
            .await,
        "info@northwind.example"
    );
    browser.type_into("#sidecard-last", "Front Desk").await;
    browser.click(".create-save").await;
    // Two people have the address: the duplicate policy (warn) shows them first.
    let duplicates = browser.wait_for(".duplicates").await;
    for name in ["Tom Baker", "Tina Nguyen"] {
        assert!(duplicates.contains(name), "{duplicates}");
    }
    browser.click(".create-anyway").await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Front Desk");
    assert_eq!(
        proxy.demo_texts("SELECT email1 FROM contacts WHERE last_name = 'Front Desk'"),
        ["info@northwind.example"]
    );
    browser.close().await;
}
