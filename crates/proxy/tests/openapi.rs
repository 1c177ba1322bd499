//! The API description (`GET /api/v1/openapi.json`) against the README: every route and every
//! error code the README documents is in it, so neither can drift without this failing.

mod common;

use axum::body::Body;
use http_body_util::BodyExt;
use serde_json::Value as Json;
use std::collections::BTreeSet;
use tower::ServiceExt;

async fn description() -> Json {
    let (_dir, app) = common::demo_proxy(&[]).await;
    let response = app
        .oneshot(
            axum::http::Request::get("/api/v1/openapi.json")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap()
}

/// `/api/v1/schema/{entity}` and `/api/v1/schema/<entity>` both as `/api/v1/schema/{}`.
fn shape(path: &str) -> String {
    let path = path.split(['?', '[']).next().unwrap_or_default();
    path.split('/')
        .map(|segment| {
            if segment.starts_with('<') || segment.starts_with('{') {
                "{}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Every `` `METHOD /path…` `` the README names.
fn readme_routes(readme: &str) -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    for quoted in readme.split('`').skip(1).step_by(2) {
        let quoted = quoted.split_whitespace().collect::<Vec<_>>().join(" ");
        for method in ["GET", "POST", "PUT", "DELETE"] {
            if let Some(path) = quoted.strip_prefix(&format!("{method} /")) {
                // `<contact | lead>` is one segment.
                let path = format!("/{}", path.replace(" | ", "|"));
                let path = path.split(' ').next().unwrap_or_default();
                routes.insert((method.to_ascii_lowercase(), shape(path)));
            }
        }
    }
    routes
}

#[tokio::test]
async fn the_description_is_openapi_3_1_and_lists_every_route_the_readme_lists() {
    let api = description().await;
    assert!(
        api["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        api["openapi"]
    );
    let described: BTreeSet<(String, String)> = api["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|k| matches!(k.as_str(), "get" | "post" | "put" | "delete"))
                .map(move |method| (method.clone(), shape(path)))
        })
        .collect();
    let listed = readme_routes(&readme());
    assert!(
        listed.len() >= 18,
        "the README's routes were not found: {listed:?}"
    );
    let missing: Vec<_> = listed.difference(&described).collect();
    assert!(
        missing.is_empty(),
        "in the README, not in the description: {missing:?}"
    );
    let undocumented: Vec<_> = described.difference(&listed).collect();
    assert!(
        undocumented.is_empty(),
        "in the description, not in the README: {undocumented:?}"
    );
}

#[tokio::test]
async fn every_error_code_and_status_of_the_readme_is_described() {
    let api = description().await;
    let codes: BTreeSet<&str> = api["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .expect("ErrorCode lists its values")
        .iter()
        .filter_map(Json::as_str)
        .collect();
    let lookup = &api["paths"]["/api/v1/lookup"]["get"]["responses"];
    let readme = readme();
    let mut rows = 0;
    for row in readme
        .lines()
        .filter(|l| l.starts_with("| 4") || l.starts_with("| 5"))
    {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let status = cells[1];
        assert!(
            lookup.get(status).is_some(),
            "status {status} is not among an API call's answers"
        );
        for code in cells[2].split(',').map(|c| c.trim().trim_matches('`')) {
            assert!(codes.contains(code), "error code {code} is not described");
            rows += 1;
        }
    }
    assert!(rows >= 20, "the README's error table was not found");
    assert_eq!(
        api["components"]["schemas"]["ErrorBody"]["required"],
        serde_json::json!(["code", "message"])
    );
}

#[tokio::test]
async fn request_bodies_and_answers_are_typed() {
    let api = description().await;
    let post = &api["paths"]["/api/v1/lookup"]["post"];
    assert_eq!(
        post["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/LookupBody"
    );
    assert_eq!(
        post["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/CustomerView"
    );
    let schemas = api["components"]["schemas"].as_object().unwrap();
    for name in [
        "Settings",
        "Customer",
        "Record",
        "Field",
        "NewPersonRequest",
        "LogRequest",
    ] {
        assert!(schemas.contains_key(name), "no schema {name}");
    }
    // A field's value: one of the typed values, tagged as the wire tags them.
    assert_eq!(
        schemas["Field"]["properties"]["value"]["$ref"],
        "#/components/schemas/Value"
    );
    let value = serde_json::to_string(&schemas["Value"]).unwrap();
    for tag in ["money", "date", "link", "empty"] {
        assert!(
            value.contains(&format!("\"{tag}\"")),
            "{tag} missing: {value}"
        );
    }
    // The model's own field names, as serde writes them.
    let view = &schemas["CustomerView"]["properties"];
    for field in ["searched", "customers", "as_of"] {
        assert!(
            view.get(field).is_some(),
            "CustomerView lacks {field}: {view}"
        );
    }
}
