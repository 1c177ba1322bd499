//! The stand-in Dataverse refuses what the Web API refuses: these tests hold it to the
//! documented behaviour, so a connector cannot pass by sending what a real org would reject.

use serde_json::{Value as Json, json};
use sidecard_fakes::dataverse::{API, DataverseOrg};

const TENANT: &str = "contoso.onmicrosoft.com";

/// GETs `resource` (path and query under the Web API) with a token the stand-in issued.
async fn get(uri: &str, resource: &str) -> (u16, Json) {
    let http = reqwest::Client::new();
    let token: Json = http
        .post(format!("{uri}/{TENANT}/oauth2/v2.0/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "app"),
            ("client_secret", "secret"),
            ("scope", &format!("{uri}/.default")),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let response = http
        .get(format!("{uri}{API}{resource}"))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .header(
            "Prefer",
            "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\"",
        )
        .send()
        .await
        .unwrap();
    (
        response.status().as_u16(),
        response.json().await.unwrap_or(Json::Null),
    )
}

fn code(body: &Json) -> &str {
    body["error"]["code"].as_str().unwrap_or("")
}

async fn contoso() -> wiremock::MockServer {
    let org = DataverseOrg::default();
    let account = org.insert(
        "accounts",
        json!({ "name": "Contoso", "revenue": 52000000.0 }),
    );
    org.insert(
        "contacts",
        json!({ "firstname": "Ana", "lastname": "O'Neil", "emailaddress1": "Ana@Contoso.example",
                "_parentcustomerid_value": account }),
    );
    org.insert(
        "opportunities",
        json!({ "name": "Renewal", "_customerid_value": account, "estimatedvalue": 1000.0 }),
    );
    org.start().await.0
}

#[tokio::test]
async fn queries_are_evaluated_with_their_expansions() {
    let server = contoso().await;
    let (status, body) = get(
        &server.uri(),
        "contacts?$select=fullname&$filter=emailaddress1 eq 'ana@contoso.example' and statecode eq 0&$expand=parentcustomerid_account($select=name,revenue;$expand=opportunity_customer_accounts($select=name;$filter=statecode eq 0))",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let ana = &body["value"][0];
    assert_eq!(ana["fullname"], "Ana O'Neil", "case-insensitive comparison");
    let account = &ana["parentcustomerid_account"];
    assert_eq!(
        account["revenue@OData.Community.Display.V1.FormattedValue"],
        "$52,000,000.00"
    );
    assert_eq!(
        account["opportunity_customer_accounts"][0]["name"],
        "Renewal"
    );

    let (_, body) = get(
        &server.uri(),
        "contacts?$select=fullname&$filter=fullname eq 'Ana O''Neil'",
    )
    .await;
    assert_eq!(body["value"].as_array().unwrap().len(), 1, "'' is a quote");
}

#[tokio::test]
async fn what_the_web_api_refuses_is_refused() {
    let server = contoso().await;
    let uri = server.uri();
    for (resource, status, expected) in [
        ("contacts?$select=Name", 400, "0x0"),
        ("contacts?$filter=nope eq 1", 400, "0x0"),
        ("contacts?$expand=nope", 400, "0x0"),
        ("contactz", 404, "0x8006088a"),
        (
            // $top inside a collection nested in another expansion.
            "contacts?$expand=parentcustomerid_account($expand=opportunity_parent_account($top=5))",
            400,
            "0x80060888",
        ),
        (
            // $orderby on a collection that itself expands further.
            "accounts?$expand=opportunity_parent_account($orderby=name;$expand=transactioncurrencyid)",
            400,
            "0x80060888",
        ),
        ("contacts?$select=entityimage_url", 400, "0x0"),
        (
            "contacts?$filter=emailaddress1 eq 'unterminated",
            400,
            "0x0",
        ),
    ] {
        let (got, body) = get(&uri, resource).await;
        assert_eq!((got, code(&body)), (status, expected), "{resource}: {body}");
    }
    let sixteen = vec!["transactioncurrencyid"; 16].join(",");
    let (status, _) = get(&uri, &format!("contacts?$expand={sixteen}")).await;
    assert_eq!(status, 400, "more than 15 expansions");

    let (status, body) = get(
        &uri,
        "accounts?$expand=opportunity_parent_account($select=name;$top=5;$orderby=name)",
    )
    .await;
    assert_eq!(
        status, 200,
        "a top-level collection without nested expansions may be limited: {body}"
    );
}

#[tokio::test]
async fn table_definitions_list_readable_attributes_by_their_own_names() {
    let server = contoso().await;
    let (status, body) = get(
        &server.uri(),
        "EntityDefinitions(LogicalName='contact')?$select=LogicalName&$expand=Attributes($select=LogicalName,AttributeType,DisplayName;$filter=AttributeOf eq null and IsValidForRead eq true)",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let names: Vec<&str> = body["Attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["LogicalName"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"parentcustomerid") && names.contains(&"emailaddress2"));
    assert!(!names.contains(&"entityimage_url"), "{names:?}");
}
