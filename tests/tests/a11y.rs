//! Every agent screen and the settings page, checked by axe-core (npm, injected into the page)
//! in the light and the dark scheme: no violations of WCAG 2.0–2.2 A/AA or axe's best
//! practices. The scheme is forced as a host forces it (`data-scheme`, as from Zendesk's
//! `colorScheme`), so both schemes' colours are what axe measures contrast on. Then the
//! keyboard (every action and settings tab reached with Tab, its focus shown, Enter works) and
//! forced colours (emulated through DevTools: borders and focus stay visible).

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

async fn check(browser: &Browser, what: &str) -> Vec<String> {
    let mut found = Vec::new();
    for scheme in ["light", "dark"] {
        browser
            .eval(&format!(
                "document.documentElement.dataset.scheme = '{scheme}'; return true"
            ))
            .await;
        for violation in browser.axe_violations().await {
            found.push(format!("{what} ({scheme}): {violation}"));
        }
    }
    found
}

#[tokio::test]
async fn every_agent_screen_passes_axe_in_both_schemes() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    let mut found = Vec::new();
    for (path, drawn) in SCREENS {
        browser.open(&format!("{}{path}", proxy.url)).await;
        browser.wait_for(drawn).await;
        found.extend(check(&browser, path).await);
    }
    // The forms agents open from the cards.
    browser
        .open(&format!("{}/?email=ana.garcia@contoso.example", proxy.url))
        .await;
    browser.click(".log-open").await;
    browser.wait_for(".log-form").await;
    found.extend(check(&browser, "log form").await);
    browser
        .open(&format!("{}/?email=nobody@nowhere.example", proxy.url))
        .await;
    browser.click(".no-match button.create").await;
    browser.wait_for(".create-form").await;
    found.extend(check(&browser, "create form").await);
    browser.close().await;
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[tokio::test]
async fn the_settings_page_passes_axe_in_both_schemes() {
    let (_proxy, browser) = open_settings().await;
    let mut found = check(&browser, "settings").await;
    // Each tab's panel.
    let tabs = browser.attrs("[data-tab]", "data-tab").await;
    for tab in tabs {
        browser.click(&format!("[data-tab='{tab}']")).await;
        found.extend(check(&browser, &format!("settings tab {tab}")).await);
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

/// Tabs through the page from its start: each element focused, in order, with whether its
/// focus is visible (an outline of at least 2 px, or a box shadow).
async fn tab_through(browser: &Browser, most: usize) -> Vec<(String, bool)> {
    browser
        .eval("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); return true")
        .await;
    let mut reached = Vec::new();
    for _ in 0..most {
        browser
            .client
            .active_element()
            .await
            .unwrap()
            .send_keys("\u{E004}")
            .await
            .unwrap();
        let focused = browser
            .eval(
                r#"const el = document.activeElement;
                   if (!el || el === document.body) return null;
                   const s = getComputedStyle(el);
                   const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
                   const name = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : '')
                     + ':' + (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 30);
                   return [name, outline || s.boxShadow !== 'none'];"#,
            )
            .await;
        let Some((name, visible)) = serde_json::from_value::<Option<(String, bool)>>(focused)
            .ok()
            .flatten()
        else {
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
    assert_eq!(
        browser
            .eval("return matchMedia('(forced-colors: active)').matches")
            .await,
        serde_json::json!(true)
    );
    // Backgrounds are dropped in forced colours: cards and buttons keep a visible border.
    let borderless = browser
        .eval(
            r#"return [...document.querySelectorAll('.card, .badge, button, .gear')]
                 .filter(el => { const s = getComputedStyle(el);
                   return s.borderTopStyle === 'none' || parseFloat(s.borderTopWidth) < 1; })
                 .map(el => el.className || el.tagName);"#,
        )
        .await;
    assert_eq!(
        borderless,
        serde_json::json!([]),
        "no border in forced colours"
    );
    // Focus stays visible (an outline of at least 2 px).
    let reached = tab_through(&browser, 40).await;
    assert_focus_shown(&reached);
    browser.close().await;
}

/// Enter on the focused element, as the keyboard sends it.
async fn press_enter(browser: &Browser) {
    browser
        .client
        .active_element()
        .await
        .unwrap()
        .send_keys("\u{E007}")
        .await
        .unwrap();
}
