//! A stand-in Dynamics 365 org for the channel panel's browser tests, on one loopback port:
//!
//! - `http://localhost:<port>` is the org: `/main.aspx` (`www/cif-host.html`) is a Sales Hub
//!   page hosting the panel and speaking CIF's host side; `/webresources/Widget/
//!   msdyn_ciLibrary.js` (`www/msdyn_ciLibrary.js`) is the library the channel page loads;
//!   `/{tenant}/oauth2/v2.0/token` and `/api/data/v9.2/annotations…` are the token endpoint and
//!   the Web API the proxy's sign-in connection uses (app token required), where the page
//!   creates notes as its signed-in user.
//! - `http://127.0.0.1:<port>` is a softphone vendor's origin on the same server, and a second
//!   port a stranger's: both frame an empty page the test posts messages from.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// The Entra tenant of the proxy's connection to the org.
pub const TENANT: &str = "contoso.onmicrosoft.com";
/// The token the org's token endpoint issues the proxy (and its Web API demands).
const APP_TOKEN: &str = "org-app-token";
/// The agent's Microsoft Entra object id (`systemuser.azureactivedirectoryobjectid`).
pub const AGENT_OBJECT_ID: &str = "7d3c9f0e-2a4b-4c6d-8e1f-a2b3c4d5e6f7";
/// Who the org says created the notes (the agent signed in to the page).
pub const AGENT: &str = "0a1b2c3d-1111-4222-8333-944445555666";

/// The running stand-in org.
pub struct OrgSim {
    /// The org's origin, `http://localhost:<port>`.
    pub origin: String,
    /// A softphone vendor's origin, `http://127.0.0.1:<port>`.
    pub softphone: String,
    /// A stranger's origin, `http://127.0.0.1:<other port>`.
    pub stranger: String,
    org: Arc<Org>,
    _shutdown: Vec<oneshot::Sender<()>>,
}

#[derive(Default)]
struct Org {
    /// Notes by id.
    notes: Mutex<HashMap<String, Value>>,
    /// Web API calls, `METHOD path`, in order.
    log: Mutex<Vec<String>>,
    created: Mutex<u64>,
}

impl OrgSim {
    /// Serves the org and the stranger's origin.
    pub async fn start() -> OrgSim {
        let org = Arc::new(Org::default());
        let app = Router::new()
            .route(
                "/main.aspx",
                get(|| async { Html(include_str!("www/cif-host.html")) }),
            )
            .route(
                "/webresources/Widget/msdyn_ciLibrary.js",
                get(|| async {
                    (
                        [(header::CONTENT_TYPE, "text/javascript")],
                        include_str!("www/msdyn_ciLibrary.js"),
                    )
                }),
            )
            .route(
                "/cif/blank.html",
                get(|| async { Html("<!doctype html><title>frame</title>") }),
            )
            .route(&format!("/{TENANT}/oauth2/v2.0/token"), post(token))
            .route("/api/data/v9.2/annotations", post(create_note))
            .route(
                "/api/data/v9.2/{record}",
                get(read_note).delete(delete_note),
            )
            .with_state(org.clone());
        let (org_port, org_shutdown) = crate::serve(app.clone()).await;
        let (stranger_port, stranger_shutdown) = crate::serve(app).await;
        OrgSim {
            origin: format!("http://localhost:{org_port}"),
            softphone: format!("http://127.0.0.1:{org_port}"),
            stranger: format!("http://127.0.0.1:{stranger_port}"),
            org,
            _shutdown: vec![org_shutdown, stranger_shutdown],
        }
    }

    /// The org's domain, as the installs file names it (`localhost:<port>`).
    pub fn domain(&self) -> String {
        self.origin.trim_start_matches("http://").to_owned()
    }

    /// An installs file: the Dynamics install for this org (lookups on the proxy's demo CRM,
    /// sign-ins confirmed through a Dynamics connection to this org), with its softphone.
    pub fn installs(&self) -> String {
        format!(
            "[connections.org]\ncrm = \"dynamics\"\ndynamics_url = \"{origin}\"\n\
             dynamics_tenant = \"{TENANT}\"\n\
             dynamics_client_id = \"11111111-2222-3333-4444-555555555555\"\n\
             dynamics_client_secret = \"org-client-secret\"\ndynamics_authority = \"{origin}\"\n\n\
             [[install]]\nid = \"contoso-sales\"\nhost = \"dynamics\"\ndomain = \"{domain}\"\n\
             sign_in_connection = \"org\"\nsoftphone_origins = [\"{softphone}\"]\n",
            origin = self.origin,
            domain = self.domain(),
            softphone = self.softphone,
        )
    }

    /// The Sales Hub page hosting `panel` (the channel URL), with `environment` as what
    /// `getEnvironment` answers about the page.
    pub fn page(&self, panel: &str, environment: &Value) -> String {
        let mut url = reqwest::Url::parse(&format!("{}/main.aspx", self.origin)).unwrap();
        url.query_pairs_mut()
            .append_pair("panel", panel)
            .append_pair("environment", &environment.to_string())
            .append_pair("softphone", &self.softphone)
            .append_pair("stranger", &self.stranger);
        url.to_string()
    }

    /// The Web API calls so far, `METHOD path`.
    pub fn log(&self) -> Vec<String> {
        self.org.log.lock().unwrap().clone()
    }

    /// How many notes the org holds.
    pub fn notes(&self) -> usize {
        self.org.notes.lock().unwrap().len()
    }
}

async fn token(body: String) -> Response {
    if !body.contains("grant_type=client_credentials") {
        return (StatusCode::BAD_REQUEST, "client credentials only").into_response();
    }
    Json(json!({"token_type": "Bearer", "expires_in": 3599, "access_token": APP_TOKEN}))
        .into_response()
}

/// The page creating a note as its signed-in user (Dataverse answers 204 and the new
/// record's URL in `OData-EntityId`).
async fn create_note(State(org): State<Arc<Org>>, Json(body): Json<Value>) -> Response {
    let id = {
        let mut created = org.created.lock().unwrap();
        *created += 1;
        format!("5c1f2a3b-0000-4000-8000-{:012x}", *created)
    };
    org.log.lock().unwrap().push("POST annotations".into());
    org.notes.lock().unwrap().insert(
        id.clone(),
        json!({
            "annotationid": id,
            "subject": body["subject"],
            "notetext": body["notetext"],
            "_createdby_value": AGENT,
        }),
    );
    (
        StatusCode::NO_CONTENT,
        [(
            "OData-EntityId",
            format!("http://localhost/api/data/v9.2/annotations({id})"),
        )],
    )
        .into_response()
}

/// `annotations(<id>)` of a Web API path segment, when the app token came with it.
fn note_id(
    org: &Org,
    method: &str,
    record: &str,
    headers: &HeaderMap,
) -> Result<String, (StatusCode, &'static str)> {
    org.log.lock().unwrap().push(format!("{method} {record}"));
    let authorized = headers
        .get(header::AUTHORIZATION)
        .is_some_and(|v| v.as_bytes() == format!("Bearer {APP_TOKEN}").as_bytes());
    if !authorized {
        return Err((StatusCode::UNAUTHORIZED, "no app token"));
    }
    record
        .strip_prefix("annotations(")
        .and_then(|r| r.strip_suffix(')'))
        .map(str::to_owned)
        .ok_or((StatusCode::NOT_FOUND, "not a note"))
}

fn no_such_note(id: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"error": {"code": "0x80040217",
            "message": format!("annotation With Id = {id} Does Not Exist")}})),
    )
        .into_response()
}

async fn read_note(
    State(org): State<Arc<Org>>,
    Path(record): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(user) = record
        .strip_prefix("systemusers(")
        .and_then(|r| r.strip_suffix(')'))
    {
        org.log.lock().unwrap().push(format!("GET {record}"));
        // The user's Entra object id, which the proxy's session carries (`$select` as sent).
        return if user == AGENT {
            Json(json!({"systemuserid": AGENT, "azureactivedirectoryobjectid": AGENT_OBJECT_ID}))
                .into_response()
        } else {
            StatusCode::NOT_FOUND.into_response()
        };
    }
    let id = match note_id(&org, "GET", &record, &headers) {
        Ok(id) => id,
        Err(refused) => return refused.into_response(),
    };
    match org.notes.lock().unwrap().get(&id) {
        Some(note) => Json(note.clone()).into_response(),
        None => no_such_note(&id),
    }
}

async fn delete_note(
    State(org): State<Arc<Org>>,
    Path(record): Path<String>,
    headers: HeaderMap,
) -> Response {
    let id = match note_id(&org, "DELETE", &record, &headers) {
        Ok(id) => id,
        Err(refused) => return refused.into_response(),
    };
    match org.notes.lock().unwrap().remove(&id) {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => no_such_note(&id),
    }
}
