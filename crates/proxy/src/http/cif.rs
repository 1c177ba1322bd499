//! The Dynamics 365 channel panel (Channel Integration Framework):
//!
//! - `GET /cif?base=https://<org>.crm.dynamics.com`: the Channel URL an admin enters in the
//!   channel provider. For an org an install names, the widget's page with the org's
//!   `msdyn_ciLibrary.js` loaded ahead of it (`data-crmurl`, `data-cifid`); for anything else
//!   a page that says what is wrong, which any org may frame (it holds no data), so the admin
//!   sees it in the panel instead of a blank frame.
//! - `POST /api/v1/cif/challenge` and `POST /api/v1/cif/session`: the panel's sign-in, in which
//!   the org confirms who the user is (`session.rs`), rate limited per client address and per
//!   org, each sign-in written to the audit log.

use crate::auth::{AuthError, ClientAddress};
use crate::csp::Page;
use crate::error::ApiError;
use crate::session::{NOTE_SUBJECT, PanelUser};
use crate::state::AppState;
use crate::store::AuditEvent;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Where an org serves the CIF library (the documented load path).
const LIBRARY_PATH: &str = "/webresources/Widget/msdyn_ciLibrary.js";
/// The page's start-up script, ahead of the org's library: records `CIFInitDone` (which fires
/// before the widget's wasm has loaded) in a promise, and fails it when the library does not
/// load (a capturing `error` listener: no inline handler attribute, which the CSP forbids) or
/// fifteen seconds pass. Static text, so the CSP allows it by its hash.
pub(crate) const CIF_BOOT: &str = r#"
window.sidecardCif = new Promise(function (ready, fail) {
  addEventListener("CIFInitDone", function () { ready(); }, { once: true });
  addEventListener("error", function (e) {
    if (e.target && e.target.dataset && e.target.dataset.cifid) { fail("load"); }
  }, true);
  setTimeout(function () { fail("timeout"); }, 15000);
});
window.sidecardCif.catch(function () {});
"#;
/// Largest sign-in body (a challenge JWT and a GUID).
const MAX_BODY: usize = 4 * 1024;

/// The page route (outside `/api/v1`).
pub(super) fn page_router() -> Router<AppState> {
    Router::new().route("/cif", get(page))
}

/// The sign-in routes (under `/api/v1`).
pub(super) fn api_router() -> Router<AppState> {
    Router::new()
        .route("/cif/challenge", post(challenge))
        .route("/cif/session", post(session))
}

async fn page(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let base = query.get("base").map(|b| b.trim()).unwrap_or_default();
    let origin = match base_origin(base) {
        Ok(origin) => origin,
        Err(why) => return message(StatusCode::BAD_REQUEST, &why),
    };
    let Some(install) = state.installs.dynamics_org(&origin) else {
        let domain = origin.split_once("://").map_or("", |(_, d)| d);
        return message(
            StatusCode::FORBIDDEN,
            &format!(
                "This Sidecard proxy is not set up for the Dynamics 365 org {origin}. Ask your \
                 Sidecard admin to add it to the installs file: an [[install]] with host = \
                 \"dynamics\" and domain = \"{domain}\"."
            ),
        );
    };
    let Some(dist) = &state.dist else {
        return super::widget::not_built();
    };
    // `cif.html`: the widget built with the CIF host adapter alone (`cargo xtask build`).
    let index = match tokio::fs::read_to_string(dist.join("cif.html")).await {
        Ok(index) => index,
        Err(e) => {
            tracing::error!(error = %e, "cannot read the built widget's cif.html");
            return super::widget::not_built();
        }
    };
    // After the page's charset, viewport and title, ahead of its first link or script: the
    // library's script blocks the parser, so it has run before the widget's `async` start
    // script is even parsed (and the widget waits for `sidecardCif` besides). Ahead of the
    // stylesheet too, where no script of the page may follow (the build checks that).
    let Some(end) = index.find("</head>") else {
        return super::widget::not_built();
    };
    let at = ["<link", "<script"]
        .iter()
        .filter_map(|tag| index[..end].find(tag))
        .min()
        .unwrap_or(end);
    let softphones = install.softphone_origins.join(" ");
    // Every value below is an origin the installs file checked: no markup can get in.
    let head = format!(
        r#"<meta name="sidecard-host" content="cif">
<meta name="sidecard-org" content="{origin}">
<meta name="sidecard-softphones" content="{softphones}">
<script>{CIF_BOOT}</script>
<script src="{origin}{LIBRARY_PATH}" data-crmurl="{origin}" data-cifid="CIFMainLibrary"></script>
"#
    );
    let mut page = index;
    page.insert_str(at, &head);
    let mut response = Html(page).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        state.csp.header(Page::Channel { org: &origin }),
    );
    response
}

/// The org's web origin from `base`: an https URL with nothing after the host (http only for
/// a stand-in on this machine), or what is wrong with it.
fn base_origin(base: &str) -> Result<String, String> {
    const EXAMPLE: &str = "https://contoso.crm.dynamics.com";
    if base.is_empty() {
        return Err(format!(
            "This is Sidecard's Dynamics 365 channel page. Its address must name your org: \
             /cif?base={EXAMPLE}. Ask your Dynamics admin to fix the channel provider's Channel \
             URL."
        ));
    }
    let bad = || {
        format!(
            "The channel's org address {base:?} is not an org URL like {EXAMPLE}. Ask your \
             Dynamics admin to fix the channel provider's Channel URL."
        )
    };
    let url = reqwest::Url::parse(base).map_err(|_| bad())?;
    let loopback = url.host_str().is_some_and(crate::config::is_loopback);
    if url.scheme() != "https" && !(url.scheme() == "http" && loopback) {
        return Err(format!(
            "The channel's org address {base:?} must start with https://: Dynamics 365 serves \
             orgs over https only. Ask your Dynamics admin to fix the channel provider's \
             Channel URL."
        ));
    }
    let bare = url.path() == "/" && url.query().is_none() && url.fragment().is_none();
    if !bare || url.username() != "" || url.password().is_some() {
        return Err(bad());
    }
    Ok(url.origin().ascii_serialization())
}

/// A page that only says what is wrong. Any page may frame it: it holds no data and no
/// script, and framed is where the admin needs to read it.
fn message(status: StatusCode, text: &str) -> Response {
    let mut response = super::page(
        status,
        "Sidecard",
        &format!(
            "<h1>Sidecard can't open here</h1><p role=alert>{}</p>",
            super::escape(text)
        ),
    );
    let policy = format!(
        "default-src 'none'; style-src {}; base-uri 'none'; form-action 'none'; frame-ancestors *",
        crate::csp::hash_source(crate::csp::PAGE_STYLE)
    );
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ChallengeRequest {
    /// The org's URL, as the page's `base`.
    org: String,
}

#[derive(Serialize, utoipa::ToSchema)]
struct ChallengeReply {
    challenge: String,
    nonce: String,
    /// The note's title the panel must use.
    subject: &'static str,
    expires_in: u64,
}

/// Step 1: a nonce for the panel to write into a note as its user.
#[utoipa::path(post, path = "/api/v1/cif/challenge", tag = "dynamics", security(()), request_body = ChallengeRequest,
    responses((status = 200, description = "What the panel's sign-in note must carry", body = ChallengeReply)))]
async fn challenge(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<ChallengeReply>, ApiError> {
    let request: ChallengeRequest = read_json(&headers, body).await?;
    let origin = base_origin(request.org.trim())
        .map_err(|_| AuthError::UnknownOrg(request.org.trim().to_owned()))?;
    state.guards.sign_in(&origin, address).await?;
    if state.installs.dynamics_org(&origin).is_none() {
        return Err(AuthError::UnknownOrg(origin).into());
    }
    let (issued, nonce) = state.sessions.challenge(&origin);
    Ok(Json(ChallengeReply {
        challenge: issued.token,
        nonce,
        subject: NOTE_SUBJECT,
        expires_in: issued.expires_in,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct SessionRequest {
    /// The challenge from step 1.
    challenge: String,
    /// The id of the note the panel created.
    note: String,
}

/// Step 3: the org confirms the note and its creator; the panel gets a session.
#[utoipa::path(post, path = "/api/v1/cif/session", tag = "dynamics", security(()), request_body = SessionRequest,
    responses((status = 200, description = "The panel's session token", body = crate::session::Issued)))]
async fn session(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<crate::session::Issued>, ApiError> {
    let request: SessionRequest = read_json(&headers, body).await?;
    let claims = state.sessions.open_challenge(request.challenge.trim())?;
    // Each step costs the org a read or two: bounded per address and per org.
    state.guards.sign_in(&claims.org, address).await?;
    let install = state
        .installs
        .dynamics_org(&claims.org)
        .ok_or_else(|| AuthError::UnknownOrg(claims.org.clone()))?;
    let (crate::install::Credential::DynamicsSession { sign_in }, Some(domain)) =
        (&install.credential, &install.domain)
    else {
        return Err(AuthError::UnknownOrg(claims.org).into());
    };
    let note = request.note.trim();
    let found = sign_in
        .sign_in_note(note)
        .await
        .map_err(|e| match e {
            // Not a GUID: no note to look for.
            crate::crm::CrmError::Invalid(_) => {
                ApiError::from(AuthError::SignInNotConfirmed("the note id is not a GUID"))
            }
            other => other.into(),
        })?
        .ok_or(AuthError::SignInNotConfirmed("no such note"))?;
    // A note that does not hold this challenge's nonce is someone's own: left alone.
    if found.text.trim() != claims.nonce || found.subject.trim() != NOTE_SUBJECT {
        return Err(
            AuthError::SignInNotConfirmed("the note does not hold this sign-in's code").into(),
        );
    }
    let user_id = found.created_by.ok_or(AuthError::SignInNotConfirmed(
        "the org did not say who created the note",
    ))?;
    // One session per challenge: a replayed challenge (and note) gets nothing.
    state.sessions.use_challenge(&claims.nonce)?;
    // The nonce must not stay readable in the org: a note that cannot be deleted fails.
    if let Err(e) = sign_in.delete_sign_in_note(note).await {
        tracing::warn!(error = %e, install = %install.id, "could not delete a sign-in note");
        return Err(AuthError::SignInNotConfirmed("the sign-in note could not be deleted").into());
    }
    // Lookups in the session impersonate the user by their Entra object id.
    let object_id =
        sign_in
            .user_object_id(&user_id)
            .await?
            .ok_or(AuthError::SignInNotConfirmed(
                "the org has no Microsoft Entra object id for the user",
            ))?;
    let user = PanelUser { user_id, object_id };
    crate::auth::record(
        &state,
        AuditEvent {
            install: install.id.clone(),
            actor: format!("dynamics-user:{}", user.user_id),
            action: "cif.sign_in".into(),
            detail: format!("entra object id {}", user.object_id),
            address: address.map(|a| a.to_string()),
        },
    )
    .await;
    // The session names the org by its domain: the `iss` every install's JWT is found by.
    Ok(Json(state.sessions.session(domain, &user)))
}

async fn read_json<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
) -> Result<T, ApiError> {
    let bytes = super::read_body(headers, body, MAX_BODY).await?;
    serde_json::from_slice(&bytes).map_err(|e| ApiError::InvalidJson(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_addresses() {
        assert_eq!(
            base_origin("https://Contoso.crm.dynamics.com/").unwrap(),
            "https://contoso.crm.dynamics.com"
        );
        assert_eq!(
            base_origin("http://localhost:8080").unwrap(),
            "http://localhost:8080"
        );
        for (base, says) in [
            ("", "must name your org"),
            (
                "http://contoso.crm.dynamics.com",
                "must start with https://",
            ),
            ("javascript:alert(1)", "must start with https://"),
            (
                "https://contoso.crm.dynamics.com/main.aspx",
                "not an org URL",
            ),
            ("https://contoso.crm.dynamics.com?x=1", "not an org URL"),
            ("https://user@contoso.crm.dynamics.com", "not an org URL"),
            ("contoso", "not an org URL"),
        ] {
            let error = base_origin(base).unwrap_err();
            assert!(error.contains(says), "{base:?}: {error}");
        }
    }
}
