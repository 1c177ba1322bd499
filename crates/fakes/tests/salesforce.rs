//! The stand-in org refuses what a real org refuses: these tests hold it to the documented
//! behaviour, so a connector cannot pass by sending what the real API would reject.

use serde_json::{Value as Json, json};
use sidecard_fakes::salesforce::{SalesforceOrg, VERSION};

/// A client signed in to the stand-in at `uri`.
async fn signed_in(uri: &str) -> (reqwest::Client, String) {
    let http = reqwest::Client::new();
    let token: Json = http
        .post(format!("{uri}/services/oauth2/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "a"),
            ("client_secret", "b"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (http, token["access_token"].as_str().unwrap().to_owned())
}

async fn composite(uri: &str, requests: Json) -> (u16, Json) {
    let (http, token) = signed_in(uri).await;
    let response = http
        .post(format!("{uri}/services/data/{VERSION}/composite"))
        .bearer_auth(token)
        .json(&json!({ "allOrNone": false, "compositeRequest": requests }))
        .send()
        .await
        .unwrap();
    (
        response.status().as_u16(),
        response.json().await.unwrap_or(Json::Null),
    )
}

fn query(reference: &str, soql: &str) -> Json {
    let q: String = soql
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    json!({ "method": "GET", "url": format!("/services/data/{VERSION}/query?q={q}"), "referenceId": reference })
}

fn code(body: &Json) -> String {
    body[0]["errorCode"].as_str().unwrap_or("").to_owned()
}

#[tokio::test]
async fn composite_refuses_search_and_more_than_five_queries() {
    let (server, _org) = SalesforceOrg::default().start().await;
    let search = json!([{
        "method": "GET",
        "url": format!("/services/data/{VERSION}/search/?q=FIND%20%7Ba%7D"),
        "referenceId": "s",
    }]);
    let (status, body) = composite(&server.uri(), search).await;
    assert_eq!((status, code(&body)), (400, "INVALID_API_INPUT".into()));

    let n = |n: usize| -> Json {
        (0..n)
            .map(|i| query(&format!("q{i}"), "SELECT Id FROM Contact"))
            .collect()
    };
    assert_eq!(composite(&server.uri(), n(6)).await.0, 400);
    let (status, body) = composite(&server.uri(), n(5)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["compositeResponse"][4]["httpStatusCode"], 200);
}

#[tokio::test]
async fn an_unknown_token_is_an_invalid_session() {
    let (server, _org) = SalesforceOrg::default().start().await;
    let response = reqwest::Client::new()
        .get(format!(
            "{}/services/data/{VERSION}/query?q=SELECT+Id+FROM+Contact",
            server.uri()
        ))
        .bearer_auth("made-up")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    assert_eq!(code(&response.json().await.unwrap()), "INVALID_SESSION_ID");
}

#[tokio::test]
async fn queries_are_checked_against_the_schema_and_evaluated() {
    let org = SalesforceOrg::default();
    org.custom_field("Contact", "Secret_Email__c", "email", "Secret", false);
    let account = org.insert("Account", json!({ "Name": "Contoso" }));
    org.insert(
        "Contact",
        json!({ "LastName": "García", "Email": "Ana@Contoso.example", "AccountId": account }),
    );
    org.insert(
        "Contact",
        json!({ "LastName": "Other", "Email": "o'brien@contoso.example" }),
    );
    let (server, _org) = org.start().await;
    let run = |soql: &str| {
        let (uri, soql) = (server.uri(), soql.to_owned());
        async move {
            let (_, body) = composite(&uri, json!([query("q", &soql)])).await;
            let part = &body["compositeResponse"][0];
            (
                part["httpStatusCode"].as_u64().unwrap(),
                part["body"].clone(),
            )
        }
    };

    let (status, body) =
        run("SELECT Id, Name, Account.Name FROM Contact WHERE Email IN ('ana@contoso.example')")
            .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["totalSize"], 1, "string comparison ignores case");
    assert_eq!(body["records"][0]["Account"]["Name"], "Contoso");
    let (_, body) = run(r"SELECT Id FROM Contact WHERE Email = 'o\'brien@contoso.example'").await;
    assert_eq!(body["totalSize"], 1, "an escaped quote is a quote");
    let (_, body) = run(
        "SELECT Id, (SELECT Id FROM Contacts WHERE Email = 'ana@contoso.example') FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Email = 'ana@contoso.example')",
    )
    .await;
    assert_eq!(body["records"][0]["Contacts"]["totalSize"], 1, "{body}");

    for (soql, expected) in [
        ("SELECT Id, Nope__c FROM Contact", "INVALID_FIELD"),
        ("SELECT Id FROM Nope__c", "INVALID_TYPE"),
        (
            "SELECT Id, (SELECT Id FROM Nopes) FROM Account",
            "INVALID_TYPE",
        ),
        ("SELECT Id, Id FROM Contact", "MALFORMED_QUERY"),
        ("SELECT Id, CurrencyIsoCode FROM Contact", "INVALID_FIELD"),
        (
            "SELECT Id FROM Contact WHERE Secret_Email__c = 'x'",
            "INVALID_FIELD",
        ),
        (
            "SELECT Id FROM Account WHERE Name = 'x' OR Id IN (SELECT AccountId FROM Contact)",
            "MALFORMED_QUERY",
        ),
        (
            "SELECT Id FROM Account WHERE Id IN (SELECT Email FROM Contact)",
            "MALFORMED_QUERY",
        ),
        (
            "SELECT Id FROM Contact WHERE Email = 'unterminated",
            "MALFORMED_QUERY",
        ),
        (
            r"SELECT Id FROM Contact WHERE Email = 'bad \q escape'",
            "MALFORMED_QUERY",
        ),
    ] {
        let (status, body) = run(soql).await;
        assert_eq!(
            (status, code(&body)),
            (400, expected.to_owned()),
            "{soql}: {body}"
        );
    }
    let long = format!(
        "SELECT Id FROM Contact WHERE Email = '{}'",
        "x".repeat(100_000)
    );
    assert_eq!(code(&run(&long).await.1), "MALFORMED_QUERY");
}
