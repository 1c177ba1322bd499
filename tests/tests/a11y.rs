//! Every agent screen and the settings page, checked by axe-core (npm, injected into the page)
//! in the light and the dark scheme: no violations of WCAG 2.0–2.2 A/AA or axe's best
//! practices. The scheme is forced as a host forces it (`data-scheme`, as from Zendesk's
//! `colorScheme`), so both schemes' colours are what axe measures contrast on. The screens:
//! each answer a lookup can have, the forms, and the states around them (the skeleton, likely
//! duplicates, a pinned one of several, a card out of date); the Dynamics panel's own (its
//! prompt and call bar) are in `cif.rs`. Then the keyboard (every action on every screen and
//! every settings tab reached with Tab, its focus shown, Enter works) and forced colours
//! (emulated through DevTools: borders and focus stay visible, on the cards and the settings
//! page).

use sidecard_e2e::{Browser, Proxy};

/// The screens an agent meets, and what shows each is drawn.
const SCREENS: &[(&str, &str)] = &[
    ("/?email=ana.garcia@contoso.example", ".person-card h2"),
    ("/?email=info@northwind.example", ".chooser"),
    ("/?email=priya@startuplabs.example", ".badge-lead"),
    ("/?email=maya@patel-design.example", ".person-card h2"),
    ("/?email=nobody@nowhere.example", ".no-match"),
    ("/?phone=12", ".error-panel"),
    ("/", ".search input"),
];

#[tokio::test]
async fn every_agent_screen_passes_axe_in_both_schemes() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    let mut found = Vec::new();
    for (path, drawn) in SCREENS {
        browser.open(&format!("{}{path}", proxy.url)).await;
        browser.wait_for(drawn).await;
        found.extend(browser.axe_in_both_schemes(path).await);
    }
    // The forms agents open from the cards.
    browser
        .open(&format!("{}/?email=ana.garcia@contoso.example", proxy.url))
        .await;
    browser.click(".log-open").await;
    browser.wait_for(".log-form").await;
    found.extend(browser.axe_in_both_schemes("log form").await);
    browser
        .open(&format!("{}/?email=nobody@nowhere.example", proxy.url))
        .await;
    browser.click(".no-match button.create").await;
    browser.wait_for(".create-form").await;
    found.extend(browser.axe_in_both_schemes("create form").await);
    browser.close().await;
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The screens between a lookup and its cards, and those an action leads to: the skeleton
/// while the answer is on its way, the likely duplicates a create finds, a pinned one of
/// several, and the last known card marked out of date while the CRM is down.
#[tokio::test]
async fn the_states_around_the_cards_pass_axe_in_both_schemes() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    let mut found = Vec::new();

    browser.stall_urls(&["*/api/v1/lookup*"]).await;
    browser
        .open(&format!("{}/?email=ana.garcia@contoso.example", proxy.url))
        .await;
    browser.wait_for(".skeleton").await;
    found.extend(browser.axe_in_both_schemes("skeleton").await);
    browser.stall_urls(&[]).await;

    browser.show_likely_duplicates(&proxy.url).await;
    found.extend(browser.axe_in_both_schemes("likely duplicates").await);

    browser
        .open(&format!("{}/?email=info@northwind.example", proxy.url))
        .await;
    browser.click("li:nth-child(2) .choice").await;
    browser.click(".pin").await;
    browser.wait_for(".pinned").await;
    found.extend(browser.axe_in_both_schemes("pinned").await);

    // The CRM goes down: the last known card, marked out of date.
    let crm_down = Proxy::start_with_flags(&["--cache-ttl-secs", "1"]).await;
    let page = format!("{}/?email=ben.okafor@contoso.example", crm_down.url);
    browser.open(&page).await;
    browser.wait_for(".person-card h2").await;
    crm_down.stop_crm();
    browser.open_until_out_of_date(&page).await;
    found.extend(browser.axe_in_both_schemes("out of date").await);
    crm_down.restart_crm();
    browser.close().await;
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[tokio::test]
async fn the_settings_page_passes_axe_in_both_schemes() {
    let (_proxy, browser) = open_settings().await;
    let mut found = browser.axe_in_both_schemes("settings").await;
    // Each tab's panel.
    let tabs = browser.attrs("[data-tab]", "data-tab").await;
    for tab in tabs {
        browser.click(&format!("[data-tab='{tab}']")).await;
        found.extend(
            browser
                .axe_in_both_schemes(&format!("settings tab {tab}"))
                .await,
        );
    }
    browser.close().await;
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Ana García's card with its actions drawn, on a proxy of its own (kept alive with the
/// browser).
async fn open_card() -> (Proxy, Browser) {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser
        .open(&format!("{}/?email=ana.garcia@contoso.example", proxy.url))
        .await;
    browser.wait_for(".log-open").await;
    (proxy, browser)
}

/// The settings page on a proxy of its own, its tabs drawn (the proxy lives as long as the
/// value returned).
async fn open_settings() -> (Proxy, Browser) {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    browser.open(&format!("{}/settings", proxy.url)).await;
    browser.wait_for("[data-tab]").await;
    (proxy, browser)
}

/// Every element `tab_through` reached showed its focus, and there was at least one.
fn assert_focus_shown(reached: &[(String, bool)]) {
    let hidden: Vec<_> = reached.iter().filter(|(_, shown)| !shown).collect();
    assert!(
        !reached.is_empty() && hidden.is_empty(),
        "focus not shown on {hidden:?} (reached: {reached:?})"
    );
}

/// The focused element's name (its tag, classes, label, then its id) and whether its focus is
/// visible (an outline of at least 2 px, or a box shadow); `None` on the page's body.
async fn focused(browser: &Browser) -> Option<(String, bool)> {
    let found = browser
        .eval(
            r#"const el = document.activeElement;
                   if (!el || el === document.body) return null;
                   const s = getComputedStyle(el);
                   const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
                   // The id last (fields of one form differ by it alone), so names still
                   // start with the tag, classes and label.
                   const name = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : '')
                     + ':' + (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 30)
                     + (el.id ? ' #' + el.id : '');
                   return [name, outline || s.boxShadow !== 'none'];"#
        )
        .await;
    serde_json::from_value(found).ok().flatten()
}

/// Presses Tab until the focused element's name starts with `wanted` (the keyboard alone
/// reaches it), then Enter on it.
async fn enter_on(browser: &Browser, wanted: &str) {
    let mut reached = Vec::new();
    for _ in 0..80 {
        press_key(browser, "\u{E004}").await;
        let Some((name, _)) = focused(browser).await else {
            continue;
        };
        if name.starts_with(wanted) {
            press_enter(browser).await;
            return;
        }
        reached.push(name);
    }
    panic!("{wanted} is not reached from the keyboard: {reached:?}");
}

/// Tabs through the page from its start: each element focused, in order, with whether its
/// focus is visible (an outline of at least 2 px, or a box shadow).
async fn tab_through(browser: &Browser, most: usize) -> Vec<(String, bool)> {
    browser
        .eval("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); return true")
        .await;
    let mut reached = Vec::new();
    for _ in 0..most {
        press_key(browser, "\u{E004}").await;
        let Some((name, visible)) = focused(browser).await else {
            break;
        };
        if reached.iter().any(|(n, _)| *n == name) {
            break; // round again
        }
        reached.push((name, visible));
    }
    reached
}

#[tokio::test]
async fn every_action_is_reached_from_the_keyboard_with_its_focus_shown() {
    let (_proxy, browser) = open_card().await;
    let reached = tab_through(&browser, 40).await;
    assert_focus_shown(&reached);
    for wanted in [
        "input",
        "button:Look up",
        "a.gear",
        "a.open-record",
        "button.secondary.log-open",
    ] {
        assert!(
            reached.iter().any(|(name, _)| name.starts_with(wanted)),
            "{wanted} is not reached from the keyboard: {reached:?}"
        );
    }
    // Enter on the focused "Log" button opens the form, its note field ready to type in.
    let log = reached
        .iter()
        .position(|(name, _)| name.starts_with("button.secondary.log-open"))
        .unwrap();
    browser
        .eval("document.activeElement && document.activeElement.blur(); return true")
        .await;
    tab_through(&browser, log + 1).await;
    press_enter(&browser).await;
    browser.wait_for(".log-form textarea").await;
    browser.close().await;
}

/// The actions of the other screens: choosing one of several, pinning them and going back,
/// creating the person nobody has (the form's fields and buttons, then the likely duplicates'
/// choice), and trying a failed lookup again. Each reached with Tab, its focus shown, and
/// worked with Enter.
#[tokio::test]
async fn the_other_screens_work_from_the_keyboard_with_their_focus_shown() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;

    browser
        .open(&format!("{}/?email=info@northwind.example", proxy.url))
        .await;
    browser.wait_for(".chooser").await;
    let reached = tab_through(&browser, 40).await;
    assert_focus_shown(&reached);
    for wanted in ["button.choice", "button.none-of-these"] {
        assert!(
            reached.iter().any(|(name, _)| name.starts_with(wanted)),
            "{wanted} is not reached from the keyboard: {reached:?}"
        );
    }
    enter_on(&browser, "button.choice").await;
    browser.wait_for(".pin").await;
    let reached = tab_through(&browser, 40).await;
    assert_focus_shown(&reached);
    enter_on(&browser, "button.secondary.pin").await;
    browser.wait_for(".pinned").await;
    let reached = tab_through(&browser, 40).await;
    assert_focus_shown(&reached);
    enter_on(&browser, "button.back").await;
    browser.wait_for(".chooser").await;

    browser
        .open(&format!(
            "{}/?email=someone.else@contoso.example",
            proxy.url
        ))
        .await;
    browser.wait_for(".no-match").await;
    let reached = tab_through(&browser, 40).await;
    assert_focus_shown(&reached);
    enter_on(&browser, "button.create").await;
    browser.wait_for(".create-form").await;
    let reached = tab_through(&browser, 60).await;
    assert_focus_shown(&reached);
    for wanted in ["input", "button.create-save", "button.secondary"] {
        assert!(
            reached.iter().any(|(name, _)| name.starts_with(wanted)),
            "{wanted} is not reached from the keyboard: {reached:?}"
        );
    }
    browser.type_into("#sidecard-last", "García").await;
    browser
        .type_into("#sidecard-email", "ana.garcia@contoso.example")
        .await;
    enter_on(&browser, "button.create-save").await;
    browser.wait_for(".duplicates .create-anyway").await;
    let reached = tab_through(&browser, 40).await;
    assert_focus_shown(&reached);
    assert!(
        reached
            .iter()
            .any(|(name, _)| name.starts_with("button.create-anyway")),
        "create anyway is not reached from the keyboard: {reached:?}"
    );
    enter_on(&browser, "button.secondary").await;
    browser.wait_for(".create-form").await;

    // The CRM is down: "Try again", once it is back, shows the customer.
    proxy.stop_crm();
    browser
        .open(&format!("{}/?email=ben.okafor@contoso.example", proxy.url))
        .await;
    browser.wait_for(".error-panel .retry").await;
    let reached = tab_through(&browser, 40).await;
    assert_focus_shown(&reached);
    proxy.restart_crm();
    enter_on(&browser, "button.retry").await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Ben Okafor");
    browser.close().await;
}

#[tokio::test]
async fn the_settings_page_works_from_the_keyboard_with_its_focus_shown() {
    let (_proxy, browser) = open_settings().await;
    let reached = tab_through(&browser, 120).await;
    assert_focus_shown(&reached);
    let tabs = browser.attrs("[data-tab]", "data-tab").await;
    let reached_tabs = reached
        .iter()
        .filter(|(name, _)| name.starts_with("button.tab"))
        .count();
    assert_eq!(
        reached_tabs,
        tabs.len(),
        "every tab is reached: {reached:?}"
    );
    assert!(
        reached.iter().any(|(name, _)| name.starts_with("input")),
        "the fields are reached: {reached:?}"
    );
    // Every tab was reached above; Enter on one (focused here, so the test does not depend
    // on how many fields the page has drawn) opens its panel.
    let label = tab_label(&browser, "lookup").await;
    assert!(
        reached
            .iter()
            .any(|(name, _)| name.starts_with("button.tab") && name.contains(&label)),
        "the lookup tab is reached: {reached:?}"
    );
    browser
        .eval("document.querySelector('[data-tab=lookup]').focus(); return true")
        .await;
    press_enter(&browser).await;
    browser
        .wait_until(
            "return document.querySelector('[data-tab=lookup]').getAttribute('aria-selected') === 'true'",
            "Enter opens the lookup tab",
        )
        .await;
    browser.close().await;
}

async fn tab_label(browser: &Browser, tab: &str) -> String {
    browser
        .eval(&format!(
            "return document.querySelector('[data-tab={tab}]').textContent.trim().slice(0, 30)"
        ))
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn forced_colours_keep_cards_controls_and_focus_visible() {
    let (_proxy, browser) = open_card().await;
    browser.force_colors().await;
    // Backgrounds are dropped in forced colours: cards and buttons keep a visible border.
    assert_bordered(&browser, ".card, .badge, button, .gear").await;
    // Focus stays visible (an outline of at least 2 px).
    let reached = tab_through(&browser, 40).await;
    assert_focus_shown(&reached);
    browser.close().await;
}

/// The settings page in forced colours: its tabs, buttons and fields keep a visible border
/// and every tab's focus shows.
#[tokio::test]
async fn forced_colours_keep_the_settings_page_usable() {
    let (_proxy, browser) = open_settings().await;
    browser.force_colors().await;
    assert_bordered(
        &browser,
        "button, input:not([type=checkbox]):not([type=radio]), select, textarea",
    )
    .await;
    let reached = tab_through(&browser, 120).await;
    assert_focus_shown(&reached);
    browser.close().await;
}

/// Every element drawn that matches `selector` has a visible top border: in forced colours
/// the browser drops backgrounds, and a border is what is left to show a card or a control.
async fn assert_bordered(browser: &Browser, selector: &str) {
    let borderless = browser
        .eval(&format!(
            r#"return [...document.querySelectorAll("{selector}")]
                 .filter(el => el.getClientRects().length > 0)
                 .filter(el => {{ const s = getComputedStyle(el);
                   return s.borderTopStyle === 'none' || parseFloat(s.borderTopWidth) < 1; }})
                 .map(el => el.className || el.tagName);"#
        ))
        .await;
    assert_eq!(
        borderless,
        serde_json::json!([]),
        "no border in forced colours"
    );
}

/// Enter on the focused element, as the keyboard sends it.
async fn press_enter(browser: &Browser) {
    press_key(browser, "\u{E007}").await;
}

/// `key` (WebDriver's code: Tab is U+E004, Enter U+E007) on the focused element.
async fn press_key(browser: &Browser, key: &str) {
    browser
        .client
        .active_element()
        .await
        .unwrap()
        .send_keys(key)
        .await
        .unwrap();
}
