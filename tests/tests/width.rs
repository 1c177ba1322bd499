//! The widget at any width a host gives it, from 280 px (narrower than the Dynamics channel
//! panel's 300 px minimum) to a full page: nothing scrolls sideways, nothing is cut, long
//! names and addresses wrap, in the longest languages too.

use sidecard_e2e::{Browser, Proxy};

const WIDTHS: [u32; 4] = [280, 300, 350, 1200];

/// Screens with the longest things the demo holds (an address with `'`, `_` and `+`; deals
/// with amounts and stages; two people to choose from; an error quoting the input).
const SCREENS: &[(&str, &str)] = &[
    ("/?email=ana.garcia@contoso.example", ".deal-list"),
    (
        "/?email=sean.o'brien_ie%2Bsupport@woodgrove.example",
        ".person-card h2",
    ),
    ("/?email=info@northwind.example", ".chooser"),
    (
        "/?email=a.very.long.address.nobody.has@an-unusually-long-domain-name.example",
        ".no-match",
    ),
    ("/?phone=12", ".error-panel"),
];

#[tokio::test]
async fn no_screen_scrolls_sideways_or_is_cut_from_280_px_to_a_full_page() {
    let proxy = Proxy::start().await;
    let browser = Browser::start().await;
    let mut found = Vec::new();
    for width in WIDTHS {
        browser.viewport_width(width).await;
        for (path, drawn) in SCREENS {
            browser.open(&format!("{}{path}", proxy.url)).await;
            browser.wait_for(drawn).await;
            for problem in browser.overflowing().await {
                found.push(format!("{width} px {path}: {problem}"));
            }
        }
        // The settings button stays in view beside the search.
        browser.open(&format!("{}/", proxy.url)).await;
        browser.wait_for(".top-bar").await;
        let gear = browser
            .eval("const g = document.querySelector('.gear'); return g ? g.getBoundingClientRect().right : 0")
            .await
            .as_f64()
            .unwrap_or(0.0);
        if gear <= 0.0 || gear > f64::from(width) + 0.5 {
            found.push(format!(
                "{width} px: the settings button is out of view ({gear})"
            ));
        }
        for problem in browser.overflowing().await {
            found.push(format!("{width} px /: {problem}"));
        }
    }
    browser.close().await;
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The same at the narrowest width in the languages whose words run longest (German's
/// compounds, Russian's inflections), with the forms an agent opens from the cards: a
/// translation that does not fit fails here, not in an agent's panel.
#[tokio::test]
async fn the_longest_languages_fit_280_px_with_the_forms_open() {
    let proxy = Proxy::start().await;
    let mut found = Vec::new();
    for language in ["de", "ru"] {
        let browser = Browser::start_in(language).await;
        browser.viewport_width(280).await;
        let mut check = async |what: &str| {
            for problem in browser.overflowing().await {
                found.push(format!("{language} {what}: {problem}"));
            }
        };
        for (path, drawn) in SCREENS {
            browser.open(&format!("{}{path}", proxy.url)).await;
            browser.wait_for(drawn).await;
            check(path).await;
        }
        // Drawn in the language, not in the English it falls back to.
        assert_eq!(
            browser.eval("return document.documentElement.lang").await,
            serde_json::json!(language)
        );
        browser
            .open(&format!("{}/?email=ana.garcia@contoso.example", proxy.url))
            .await;
        browser.click(".log-open").await;
        browser.wait_for(".log-form").await;
        check("log form").await;
        browser.show_likely_duplicates(&proxy.url).await;
        check("likely duplicates").await;
        browser.click(".duplicates button.secondary").await;
        browser.wait_for(".create-form").await;
        check("create form").await;
        browser.close().await;
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
