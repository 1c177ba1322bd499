//! The standalone page on a CRM reached over HTTP: json-server (npm) read through the shipped
//! `crms/json-server.toml`, the card drawn by the same widget as for every CRM.

use sidecard_e2e::{Browser, Proxy};
use sidecard_fakes::json_server::JsonServer;
use std::path::PathBuf;

#[tokio::test]
async fn a_card_from_the_http_connector_shows_in_the_standalone_page() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let crm = JsonServer::start(&root.join("crates/proxy/tests/rest/db.json"), None);
    let dir = tempfile::tempdir().unwrap();
    let description = dir.path().join("crm.toml");
    let text = std::fs::read_to_string(root.join("crms/json-server.toml"))
        .unwrap()
        .replace(
            "base_url = \"http://127.0.0.1:3000\"",
            &format!("base_url = \"{}\"", crm.url),
        );
    std::fs::write(&description, text).unwrap();
    let proxy = Proxy::start_with_flags(&[
        "--crm",
        "http",
        "--http-description",
        description.to_str().unwrap(),
        "--anonymous",
        "true",
    ])
    .await;
    let browser = Browser::start().await;
    browser
        .open(&format!("{}/?email=ana.garcia@contoso.example", proxy.url))
        .await;
    assert_eq!(browser.wait_for(".person-card h2").await, "Ana García");
    let labels = browser.texts(".person-card .field dt").await;
    assert!(labels.contains(&"Job title".to_owned()), "{labels:?}");
    assert_eq!(
        browser.wait_for(".account-card h3").await,
        "Contoso Pharmaceuticals"
    );
    assert_eq!(
        browser.texts(".deal-list .deal-name").await,
        ["Cold-chain sensors", "Lab equipment renewal"],
        "open deals of the person and of the account, each once"
    );
    let first = browser.wait_for(".deal-list .deal").await;
    assert!(first.contains("125,000.50"), "{first}");
    browser.close().await;
}
