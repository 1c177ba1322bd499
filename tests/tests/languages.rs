//! The widget in the agent's language, in headless Chromium against the real proxy: the
//! standalone and settings pages follow the browser's languages, a catalog is fetched once
//! and cached for good, a language without a catalog (Traditional Chinese) reads English, and
//! what the proxy serves for a catalog is what the widget asked for. The help desks' locales
//! are in `hosts.rs` (Zendesk in German, Freshdesk in Korean).

use sidecard_e2e::{Browser, Proxy, dist};

/// The text of `id` in `locales/<tag>.ftl` (a one-line message), as the test expects it.
fn message(tag: &str, id: &str) -> String {
    let path = format!("{}/../locales/{tag}.ftl", env!("CARGO_MANIFEST_DIR"));
    let catalog = std::fs::read_to_string(&path).unwrap();
    catalog
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{id} = ")))
        .unwrap_or_else(|| panic!("{path} has no one-line {id}"))
        .to_owned()
}

/// `id` in `locales/<tag>.ftl` with `args`, formatted by Project Fluent's Rust crate, whose
/// plural rules are its own (CLDR's, compiled in) and not the browser's `Intl.PluralRules`:
/// the widget's text must agree with it.
fn formatted(tag: &str, id: &str, args: &fluent_bundle::FluentArgs) -> String {
    use fluent_bundle::{FluentBundle, FluentResource};
    let path = format!("{}/../locales/{tag}.ftl", env!("CARGO_MANIFEST_DIR"));
    let resource = FluentResource::try_new(std::fs::read_to_string(&path).unwrap()).unwrap();
    let language: unic_langid::LanguageIdentifier = tag.parse().unwrap();
    let mut bundle = FluentBundle::new(vec![language]);
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).unwrap();
    let pattern = bundle.get_message(id).unwrap().value().unwrap();
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(args), &mut errors);
    assert!(errors.is_empty(), "{path}: {id}: {errors:?}");
    text.into_owned()
}

/// `id` in `locales/<tag>.ftl` with `entity` and `count` ([`formatted`]).
fn counted(tag: &str, id: &str, entity: &str, count: f64) -> String {
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("entity", entity);
    args.set("count", count);
    formatted(tag, id, &args)
}

async fn document_language(browser: &Browser) -> String {
    browser
        .eval("return document.documentElement.lang")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Ana's card, drawn in English in a page whose language is English, and how many catalogs
/// the page fetched.
async fn english_card(browser: &Browser, proxy: &Proxy) -> u64 {
    browser
        .open(&format!("{}/?email=ana.garcia@contoso.example", proxy.url))
        .await;
    browser
        .wait_for_text(
            ".person-card .open-record",
            &message("en", "person-card-open-in-crm"),
        )
        .await;
    assert_eq!(document_language(browser).await, "en");
    browser
        .eval("return performance.getEntriesByType('resource').filter(e => e.name.includes('/locales/')).length")
        .await
        .as_u64()
        .expect("a count")
}

#[tokio::test]
async fn the_standalone_and_settings_pages_speak_the_browsers_language() {
    let proxy = Proxy::start().await;
    // Finnish has no catalog: the next language the browser names does.
    let browser = Browser::start_in("fi,ru-RU,en").await;
    browser
        .open(&format!("{}/?email=ana.garcia@contoso.example", proxy.url))
        .await;
    let open = message("ru", "person-card-open-in-crm");
    browser
        .wait_for_text(".person-card .open-record", &open)
        .await;
    assert_eq!(document_language(&browser).await, "ru");
    assert_eq!(
        browser.wait_for(".deal-list h3").await.split(" (").next(),
        Some(message("ru", "deal-list-title").as_str())
    );
    assert_eq!(
        browser
            .eval("return document.querySelector('#sidecard-q').placeholder")
            .await,
        serde_json::json!(message("ru", "search-box-placeholder"))
    );

    // The catalog came from the widget's own files, by a URL that names its contents.
    let loaded = browser
        .eval("return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/locales/'))")
        .await;
    let urls: Vec<&str> = loaded
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u.as_str())
        .collect();
    assert_eq!(urls.len(), 1, "one catalog fetched: {urls:?}");
    // Parsed at build time (build/fluent_json.rs): the page carries no Fluent parser.
    assert!(urls[0].contains("/locales/ru.json?v="), "{urls:?}");
    let answer = reqwest::get(urls[0]).await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(
        answer.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(answer.headers()["content-type"], "application/json");
    let served: serde_json::Value = answer.json().await.unwrap();
    let built = std::fs::read_to_string(dist().join("locales/ru.json")).unwrap();
    assert_eq!(
        served,
        serde_json::from_str::<serde_json::Value>(&built).unwrap()
    );
    assert!(
        served
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == "search-box-placeholder"),
        "{served}"
    );

    // A count takes the plural form Russian gives it: 2 is "few" (человека), not "one".
    browser
        .open(&format!("{}/?email=info@northwind.example", proxy.url))
        .await;
    browser
        .wait_for_text(".chooser h2", "Найдено 2 человека")
        .await;

    // The settings page too.
    browser.open(&format!("{}/settings", proxy.url)).await;
    browser
        .wait_for_text("[data-tab=lookup]", &message("ru", "settings-tab-lookup"))
        .await;
    assert_eq!(document_language(&browser).await, "ru");
    // The tab's title too (the page's HTML says it in English until the widget starts).
    assert_eq!(
        browser.eval("return document.title").await,
        serde_json::json!(message("ru", "settings-title"))
    );
    // The contact card's "all N fields" takes the form Russian gives N. The demo CRM's count
    // (over ten) is "many" (полей), a form no other category shares, so a widget that
    // fell back to `other` (поля) or `one` for every count would fail here, where the
    // chooser's "few" could not tell.
    browser.wait_for(".all-fields li").await;
    let titles = browser.texts("h2.section-title").await;
    let title = titles
        .iter()
        .find(|t| t.contains("CRM"))
        .unwrap_or_else(|| panic!("no \"all fields\" title among {titles:?}"));
    let count: f64 = title
        .split_whitespace()
        .find_map(|word| word.parse().ok())
        .unwrap_or_else(|| panic!("no count in {title:?}"));
    let expected = counted("ru", "card-editor-all-fields", "contact", count);
    assert_eq!(*title, expected);
    // The words around the number, in the count's form and in `other`'s (22 is "few", whose
    // words `other` shares), must differ, or this test could not tell them apart.
    let words = |text: String, n: f64| text.replace(&n.to_string(), "N");
    assert_ne!(
        words(expected, count),
        words(
            counted("ru", "card-editor-all-fields", "contact", 22.0),
            22.0
        ),
        "the demo CRM's field count should be one Russian puts in `one` or `many`"
    );
    browser.close().await;
}

/// The likely duplicates a create finds are said in the agent's language, with the CRM's
/// name for the best match as a variable: the proxy's answer says it in English only, for API
/// clients.
#[tokio::test]
async fn likely_duplicates_are_said_in_the_agents_language() {
    let proxy = Proxy::start().await;
    let browser = Browser::start_in("ru").await;
    browser.show_likely_duplicates(&proxy.url).await;
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("name", "Ana García");
    assert_eq!(
        browser.texts(".duplicates > p").await,
        vec![formatted(
            "ru",
            "create-person-duplicates-may-create",
            &args
        )]
    );
    // The CRM's name isolated in the sentence, as every name in one is.
    assert_eq!(browser.texts(".duplicates > p bdi").await, ["Ana García"]);
    assert_eq!(
        browser.texts(".duplicates h2").await,
        vec![message("ru", "create-person-duplicates-title")]
    );
    browser.close().await;
}

/// A catalog that arrives as something else than a parsed catalog (an array of what is no
/// message, as a proxy or CDN that rewrote it might send): the page stays in English and whole,
/// rather than switching to a language it cannot read or stopping.
#[tokio::test]
async fn a_catalog_that_cannot_be_read_leaves_english_in_force() {
    let dist = sidecard_e2e::copy_of_dist();
    sidecard_e2e::rewrite(dist.path(), "locales/ru.json", b"[null]");
    sidecard_e2e::rewrite(
        dist.path(),
        "locales/nl.json",
        b"<!doctype html><p>Not here</p>",
    );
    let proxy = Proxy::start_serving(dist.path()).await;
    for language in ["ru", "nl"] {
        let browser = Browser::start_in(language).await;
        let fetched = english_card(&browser, &proxy).await;
        assert_eq!(fetched, 1, "{language}: the catalog was asked for");
        browser.close().await;
    }
}

#[tokio::test]
async fn traditional_chinese_reads_english_rather_than_the_other_script() {
    let proxy = Proxy::start().await;
    let browser = Browser::start_in("zh-TW").await;
    let fetched = english_card(&browser, &proxy).await;
    assert_eq!(fetched, 0, "English is built in: nothing to fetch");
    browser.close().await;
}

#[tokio::test]
async fn a_headings_count_is_spaced_as_its_language_spaces_it() {
    let proxy = Proxy::start().await;
    // English puts a space before "(3)"; Japanese none before its full-width "（3）", which
    // carries its own: the space is the catalog's, not the view's.
    for (language, opening) in [("en-US", " ("), ("ja", "（")] {
        let browser = Browser::start_in(language).await;
        browser
            .open(&format!("{}/?email=ana.garcia@contoso.example", proxy.url))
            .await;
        browser.wait_for(".deal-list h3 .count").await;
        let tag = &language[..2];
        let heading = browser.texts(".deal-list h3").await.remove(0);
        let title = message(tag, "deal-list-title");
        let count = heading
            .strip_prefix(&title)
            .unwrap_or_else(|| panic!("{language}: {heading:?} does not start with {title:?}"));
        assert!(
            count.starts_with(opening),
            "{language}: {heading:?}: the count should follow the title as {opening:?}"
        );
        browser.close().await;
    }
}

/// A count is written without `Intl.NumberFormat` (`FluentBundle.Count`, xtask/src/fluent.js),
/// whose first use loads ICU data on the main thread: Ana's English card, whose deal heading
/// counts and which has no amount or number for `Intl` to write, makes none. And what that
/// rests on holds in this browser: every catalog's language writes 0 to 999 as the digits alone.
#[tokio::test]
async fn counts_are_written_without_loading_number_formats_as_every_language_writes_them() {
    let proxy = Proxy::start().await;
    let browser = Browser::start_in("en-US").await;
    browser
        .before_each_page(
            "window.numberFormats = 0;
             Intl.NumberFormat = new Proxy(Intl.NumberFormat, {
               construct(target, args) { window.numberFormats += 1; return Reflect.construct(target, args); },
             });",
        )
        .await;
    browser
        .open(&format!("{}/?email=ana.garcia@contoso.example", proxy.url))
        .await;
    browser.wait_for(".deal-list h3 .count").await;
    assert_eq!(browser.texts(".deal-list h3 .count").await, ["(3)"]);
    assert_eq!(
        browser.eval("return window.numberFormats").await,
        0,
        "the card made an Intl.NumberFormat"
    );

    let tags: Vec<String> = std::fs::read_dir(format!("{}/../locales", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".ftl").map(str::to_owned)
        })
        .collect();
    assert!(tags.len() >= 5, "{tags:?}");
    let differing = browser
        .eval(&format!(
            "return {tags:?}.flatMap(tag => {{
               const format = new Intl.NumberFormat(tag);
               return [...Array(1000).keys()]
                 .filter(n => format.format(n) !== String(n))
                 .slice(0, 1)
                 .map(n => `${{tag}}: ${{n}} is ${{format.format(n)}}`);
             }})"
        ))
        .await;
    assert_eq!(differing, serde_json::json!([]));
    browser.close().await;
}
