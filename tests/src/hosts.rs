//! Stand-in help desks for the browser tests, on their own loopback port:
//!
//! - Zendesk: a parent page (`www/zendesk-parent.html`) that frames the app from the Zendesk
//!   package (with the real ZAF SDK from npm in place of Zendesk's CDN copy) and speaks Zendesk's
//!   side of the postMessage protocol; `/zendesk/request` is Zendesk's request proxy: it
//!   substitutes settings (secure ones only for `secure: true` requests, only where their
//!   scopes allow, only to the manifest's `domainWhitelist`), signs the `jwt` option HS256 with
//!   the install's shared secret, and forwards the call.
//! - Freshdesk: the app page from the Freshdesk package with `{{{appclient}}}` pointing at a
//!   stand-in client (`www/fdk-client.js`); `/freshdesk/invoke` renders the package's request
//!   template with the install's iparams (secure ones only in headers) and forwards the call.
//!   One deviation: the template says `https`, the stand-in speaks http to the loopback proxy.
//!
//! The app frame is served from `localhost`, the host pages from `127.0.0.1`: two origins, as
//! in production.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::sync::oneshot;
use tower_http::services::ServeDir;

/// What the stand-in help desks hold for the Sidecard install (what an admin typed when
/// installing the app).
#[derive(Clone)]
pub struct Install {
    /// Zendesk: the `proxy_url` setting.
    pub proxy_url: String,
    /// Zendesk: the secure `shared_secret` setting.
    pub zendesk_secret: String,
    /// Freshdesk: the secure `api_key` iparam.
    pub freshdesk_key: String,
}

/// The running stand-ins.
pub struct HostSim {
    /// The host pages' origin, `http://127.0.0.1:<port>`.
    pub url: String,
    /// The app frames' origin, `http://localhost:<port>`.
    pub app_origin: String,
    proxy_url: String,
    _dir: tempfile::TempDir,
    _shutdown: oneshot::Sender<()>,
}

struct Sim {
    install: Install,
    /// The Zendesk manifest (for `domainWhitelist` and the parameters' scopes).
    manifest: Value,
    /// The Freshdesk package's `config/requests.json` and `config/iparams.json`.
    requests: Value,
    iparams: Value,
    http: reqwest::Client,
}

/// Where `cargo xtask test` put the host packages.
pub fn packages() -> PathBuf {
    let dir = std::env::var_os("SIDECARD_PACKAGES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/package"));
    assert!(
        dir.join("sidecard-freshdesk/manifest.json").is_file(),
        "no host packages in {}: run `cargo xtask test`",
        dir.display()
    );
    dir
}

/// The Zendesk package's zip.
pub fn zendesk_zip() -> PathBuf {
    let dir = packages();
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("sidecard-zendesk-") && n.ends_with(".zip"))
        })
        .unwrap_or_else(|| panic!("no sidecard-zendesk-*.zip in {}", dir.display()))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

impl HostSim {
    /// Unpacks both packages and serves the stand-ins for `install`.
    pub async fn start(install: Install) -> HostSim {
        let dir = tempfile::tempdir().unwrap();
        // Zendesk: the zip as Zendesk would host it, the SDK from npm instead of the CDN.
        let zendesk = dir.path().join("zendesk");
        let zip = std::fs::File::open(zendesk_zip()).unwrap();
        zip::ZipArchive::new(zip)
            .unwrap()
            .extract(&zendesk)
            .unwrap();
        let page = zendesk.join("assets/index.html");
        let html = std::fs::read_to_string(&page).unwrap();
        let cdn = "https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js";
        assert!(
            html.contains(cdn),
            "the Zendesk page loads the SDK from Zendesk's CDN"
        );
        std::fs::write(&page, html.replace(cdn, "/vendor/zaf_sdk.js")).unwrap();
        let sdk = std::env::var_os("SIDECARD_ZAF_SDK")
            .map(PathBuf::from)
            .expect("SIDECARD_ZAF_SDK: run `cargo xtask test` (it bundles the SDK from npm)");
        std::fs::create_dir_all(dir.path().join("vendor")).unwrap();
        std::fs::copy(&sdk, dir.path().join("vendor/zaf_sdk.js")).unwrap();

        // Freshdesk: the app folder, its client script pointing at the stand-in.
        let freshdesk = dir.path().join("freshdesk");
        copy_dir(&packages().join("sidecard-freshdesk"), &freshdesk);
        let page = freshdesk.join("app/index.html");
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(
            html.contains("{{{appclient}}}"),
            "the Freshdesk page loads the app client"
        );
        std::fs::write(
            &page,
            html.replace("{{{appclient}}}", "/freshdesk/client.js"),
        )
        .unwrap();

        let proxy_url = install.proxy_url.clone();
        let sim = Arc::new(Sim {
            install,
            manifest: read_json(&zendesk.join("manifest.json")),
            requests: read_json(&freshdesk.join("config/requests.json")),
            iparams: read_json(&freshdesk.join("config/iparams.json")),
            http: reqwest::Client::new(),
        });
        let app = Router::new()
            .route(
                "/zendesk/parent.html",
                get(|| async { axum::response::Html(include_str!("www/zendesk-parent.html")) }),
            )
            .route("/zendesk/request", post(zendesk_request))
            .route(
                "/freshdesk/client.js",
                get(|| async {
                    (
                        [(axum::http::header::CONTENT_TYPE, "text/javascript")],
                        include_str!("www/fdk-client.js"),
                    )
                }),
            )
            .route("/freshdesk/invoke", post(freshdesk_invoke))
            .nest_service("/zendesk/app", ServeDir::new(&zendesk))
            .nest_service("/freshdesk/app", ServeDir::new(freshdesk.join("app")))
            .nest_service("/vendor", ServeDir::new(dir.path().join("vendor")))
            .with_state(sim);
        let (port, tx) = crate::serve(app).await;
        HostSim {
            url: format!("http://127.0.0.1:{port}"),
            app_origin: format!("http://localhost:{port}"),
            proxy_url,
            _dir: dir,
            _shutdown: tx,
        }
    }

    /// The stand-in Zendesk ticket page whose requester is `requester` (a ZAF user object).
    pub fn zendesk_ticket(&self, requester: &Value, locale: &str) -> String {
        self.zendesk_page("ticket_sidebar", requester, locale)
    }

    /// The stand-in Zendesk page with the app in `location` (`ticket_sidebar`,
    /// `user_sidebar`), its customer `person`.
    pub fn zendesk_page(&self, location: &str, person: &Value, locale: &str) -> String {
        let mut url = reqwest::Url::parse(&format!("{}/zendesk/parent.html", self.url)).unwrap();
        url.query_pairs_mut()
            .append_pair("location", location)
            .append_pair("requester", &person.to_string())
            .append_pair("locale", locale)
            .append_pair("app_origin", &self.app_origin)
            .append_pair("proxy_url", &self.proxy_url);
        url.to_string()
    }

    /// The Freshdesk app page (as the ticket sidebar frames it) with `requester`.
    pub fn freshdesk_ticket(&self, requester: &Value, language: &str) -> String {
        self.freshdesk_page("ticket_sidebar", requester, language)
    }

    /// The Freshdesk app page in `location` (`ticket_sidebar`, `contact_sidebar`).
    pub fn freshdesk_page(&self, location: &str, requester: &Value, language: &str) -> String {
        let mut url =
            reqwest::Url::parse(&format!("{}/freshdesk/app/index.html", self.app_origin)).unwrap();
        url.query_pairs_mut()
            .append_pair("location", location)
            .append_pair("requester", &requester.to_string())
            .append_pair("language", language);
        url.to_string()
    }
}

/// `from` and everything under it, into `to`.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Zendesk's request proxy: what `client.request(options)` becomes server-side.
async fn zendesk_request(State(sim): State<Arc<Sim>>, Json(options): Json<Value>) -> Json<Value> {
    match zendesk_forward(&sim, &options).await {
        Ok(answer) => Json(answer),
        Err(message) => Json(json!({"status": 400, "responseText": message})),
    }
}

async fn zendesk_forward(sim: &Sim, options: &Value) -> Result<Value, String> {
    let secure = options["secure"].as_bool().unwrap_or(false);
    let url = options["url"].as_str().ok_or("no url")?;
    let parsed = reqwest::Url::parse(url).map_err(|e| e.to_string())?;
    let whitelist = sim.manifest["domainWhitelist"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if secure && !whitelist.iter().any(|d| d.as_str() == parsed.host_str()) {
        return Err(format!(
            "{} is not in the app's domainWhitelist",
            parsed.host_str().unwrap_or("")
        ));
    }
    // `{{setting.x}}` where `scope` allows it: secure settings only in secure requests.
    let setting = |name: &str, scope: &str| -> Option<String> {
        let params = sim.manifest["parameters"].as_array()?;
        let param = params.iter().find(|p| p["name"] == name)?;
        let value = match name {
            "proxy_url" => sim.install.proxy_url.clone(),
            "shared_secret" => sim.install.zendesk_secret.clone(),
            _ => return None,
        };
        if param["secure"].as_bool().unwrap_or(false) {
            let scopes = param["scopes"].as_array()?;
            (secure && scopes.iter().any(|s| s == scope)).then_some(value)
        } else {
            Some(value)
        }
    };
    let substitute = |text: &str, scope: &str| -> String {
        let mut out = text.to_owned();
        for name in ["proxy_url", "shared_secret"] {
            let placeholder = format!("{{{{setting.{name}}}}}");
            if out.contains(&placeholder)
                && let Some(value) = setting(name, scope)
            {
                out = out.replace(&placeholder, &value);
            }
        }
        out
    };
    let token = if let Some(jwt) = options.get("jwt").filter(|j| j.is_object()) {
        if jwt["algorithm"] != "HS256" {
            return Err("only HS256 is emulated".into());
        }
        let secret = substitute(jwt["secret_key"].as_str().unwrap_or(""), "jwt_secret_key");
        if secret.contains("{{") {
            return Err("the JWT secret is not a setting this request may use".into());
        }
        let mut claims = jwt["claims"].as_object().cloned().unwrap_or_default();
        let expiry = jwt["expiry"].as_u64().unwrap_or(3600);
        claims.insert("iat".into(), json!(now()));
        claims.insert("exp".into(), json!(now() + expiry));
        Some(
            jsonwebtoken::encode(
                &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
                &claims,
                &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
            )
            .map_err(|e| e.to_string())?,
        )
    } else {
        None
    };
    let method = options["type"]
        .as_str()
        .unwrap_or("GET")
        .parse::<reqwest::Method>()
        .map_err(|e| e.to_string())?;
    let mut request = sim.http.request(method, substitute(url, "url"));
    if let Some(headers) = options["headers"].as_object() {
        for (name, value) in headers {
            let mut value = substitute(value.as_str().unwrap_or(""), "header");
            if let Some(token) = &token {
                value = value.replace("{{jwt.token}}", token);
            }
            request = request.header(name.as_str(), value);
        }
    }
    if let Some(content_type) = options["contentType"].as_str() {
        request = request.header("Content-Type", content_type);
    }
    if let Some(data) = options["data"].as_str() {
        request = request.body(substitute(data, "body"));
    }
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let text = response.text().await.map_err(|e| e.to_string())?;
    Ok(json!({"status": status, "statusText": "", "headers": {}, "responseText": text}))
}

/// Freshworks' request-template runner.
async fn freshdesk_invoke(State(sim): State<Arc<Sim>>, Json(call): Json<Value>) -> Json<Value> {
    match freshdesk_forward(&sim, &call).await {
        Ok(answer) => Json(answer),
        Err(message) => Json(json!({"status": 400, "response": message, "errorSource": "APP"})),
    }
}

async fn freshdesk_forward(sim: &Sim, call: &Value) -> Result<Value, String> {
    let name = call["template"].as_str().ok_or("no template name")?;
    let schema = &sim.requests[name]["schema"];
    if !schema.is_object() {
        return Err(format!("no request template {name}"));
    }
    // `<%= iparam.x %>`: secure iparams only in headers.
    let render = |text: &str, in_header: bool| -> Result<String, String> {
        let mut out = text.to_owned();
        // The admin typed the proxy's host name (no scheme) into the `proxy_host` iparam.
        let proxy_host = sim
            .install
            .proxy_url
            .split_once("://")
            .map_or("", |(_, h)| h)
            .to_owned();
        for (param, value) in [
            ("proxy_host", proxy_host),
            ("api_key", sim.install.freshdesk_key.clone()),
        ] {
            let placeholder = format!("<%= iparam.{param} %>");
            if out.contains(&placeholder) {
                let is_secure = sim.iparams[param]["secure"].as_bool().unwrap_or(false);
                if is_secure && !in_header {
                    return Err(format!("secure iparam {param} outside headers"));
                }
                out = out.replace(&placeholder, &value);
            }
        }
        Ok(out)
    };
    let host = render(schema["host"].as_str().unwrap_or(""), false)?;
    let path = render(schema["path"].as_str().unwrap_or("/"), false)?;
    // The deviation: Freshworks speaks https; the loopback proxy here speaks http.
    if schema["protocol"] != "https" {
        return Err(format!(
            "template {name}: Freshworks requires protocol https"
        ));
    }
    let url = format!("http://{host}{path}");
    let method = schema["method"]
        .as_str()
        .unwrap_or("GET")
        .parse::<reqwest::Method>()
        .map_err(|e| e.to_string())?;
    let mut request = sim.http.request(method, url);
    if let Some(headers) = schema["headers"].as_object() {
        for (name, value) in headers {
            request = request.header(name.as_str(), render(value.as_str().unwrap_or(""), true)?);
        }
    }
    if let Some(body) = call["body"].as_str().filter(|b| !b.is_empty()) {
        request = request.body(body.to_owned());
    }
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let text = response.text().await.map_err(|e| e.to_string())?;
    Ok(json!({"status": status, "headers": {}, "response": text}))
}
