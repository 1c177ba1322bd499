//! The end-to-end harness: the real proxy (in-process, on a free loopback port, with a fresh
//! demo CRM database and the built widget), ChromeDriver, and a headless Chromium session.
//!
//! Needs a built widget (`cargo xtask build`; `cargo xtask test` builds it and sets
//! `SIDECARD_DIST`) and Debian's chromium + chromium-driver (`cargo xtask setup --browser`).

pub mod cif;
pub mod hosts;

use fantoccini::{Client, ClientBuilder, Locator};
use sidecard_proxy::{AppState, Config};
use std::net::TcpListener as StdListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// How long a test waits for the page to reach a state before it fails (the browser and the
/// build share two cores with everything else, so this is generous; passing tests never wait
/// for it).
pub const WAIT: Duration = Duration::from_secs(20);

/// The admin key the proxy under test is started with (the settings page needs it to save).
pub const ADMIN_KEY: &str = "e2e-admin-key-0123456789abcdef0123";

/// The proxy under test.
pub struct Proxy {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// Its demo CRM database file (tests "stop" the CRM by removing it).
    pub demo_db: PathBuf,
    _dir: tempfile::TempDir,
    _shutdown: oneshot::Sender<()>,
}

/// The built widget (`SIDECARD_DIST`, else the workspace's `dist/`).
pub fn dist() -> PathBuf {
    let dist = std::env::var_os("SIDECARD_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"));
    assert!(
        dist.join("index.html").is_file(),
        "no built widget in {}: run `cargo xtask test` (or `cargo xtask build` first)",
        dist.display()
    );
    dist
}

/// A copy of the built pages (`dist/`, with its `locales/`), for a test to change.
pub fn copy_of_dist() -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    hosts::copy_dir(&dist(), copy.path());
    copy
}

/// `file` in a copy of the built pages (`dist`, from [`copy_of_dist`]) rewritten to
/// `contents`, without its precompressed forms, which the proxy would serve instead.
pub fn rewrite(dist: &Path, file: &str, contents: &[u8]) {
    std::fs::write(dist.join(file), contents).unwrap();
    for compressed in ["br", "gz"] {
        let _ = std::fs::remove_file(dist.join(format!("{file}.{compressed}")));
    }
}

impl Proxy {
    /// One text column of the demo CRM's database, by `sql`: what the agents' writes left.
    pub fn demo_texts(&self, sql: &str) -> Vec<String> {
        let conn = rusqlite::Connection::open(&self.demo_db).unwrap();
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    /// The demo CRM goes down: its database file disappears.
    pub fn stop_crm(&self) {
        std::fs::rename(&self.demo_db, self.demo_db.with_extension("stopped")).unwrap();
    }

    /// The demo CRM comes back.
    pub fn restart_crm(&self) {
        std::fs::rename(self.demo_db.with_extension("stopped"), &self.demo_db).unwrap();
    }

    /// Starts the real proxy with a freshly seeded demo CRM, serving anonymous calls (the
    /// standalone page).
    pub async fn start() -> Proxy {
        Self::start_with_installs(None).await
    }

    /// Like [`Proxy::start`], with this installs file (TOML): calls then need an install's
    /// credential.
    pub async fn start_with_installs(installs: Option<&str>) -> Proxy {
        Self::start_with(installs, &[]).await
    }

    /// Like [`Proxy::start`], with these flags besides (`--cache-ttl-secs 1`).
    pub async fn start_with_flags(flags: &[&str]) -> Proxy {
        Self::start_with(None, flags).await
    }

    /// Like [`Proxy::start`], serving the pages in `dist` (a changed copy of the built ones).
    pub async fn start_serving(dist: &Path) -> Proxy {
        Self::start_from(dist.to_owned(), None, &[]).await
    }

    async fn start_with(installs: Option<&str>, flags: &[&str]) -> Proxy {
        Self::start_from(dist(), installs, flags).await
    }

    async fn start_from(dist: PathBuf, installs: Option<&str>, flags: &[&str]) -> Proxy {
        let dir = tempfile::tempdir().unwrap();
        let demo_db = dir.path().join("demo-crm.sqlite3");
        let installs_file = dir.path().join("installs.toml");
        let mut extra = Vec::new();
        if let Some(installs) = installs {
            std::fs::write(&installs_file, installs).unwrap();
            extra = vec![
                "--installs".to_owned(),
                installs_file.to_str().unwrap().to_owned(),
            ];
        }
        let config = Config::load_from(
            [
                "sidecard-proxy",
                "--listen",
                "127.0.0.1:0",
                "--data-dir",
                dir.path().to_str().unwrap(),
                "--demo-db",
                demo_db.to_str().unwrap(),
                "--dist",
                dist.to_str().unwrap(),
                "--admin-key",
                ADMIN_KEY,
            ]
            .into_iter()
            .map(str::to_owned)
            .chain(extra)
            .chain(flags.iter().map(|f| (*f).to_owned())),
        )
        .unwrap();
        let state = AppState::from_config(&config).await.unwrap();
        let listener = tokio::net::TcpListener::bind(config.listen).await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(sidecard_proxy::serve(listener, state, async {
            let _ = rx.await;
        }));
        Proxy {
            url,
            demo_db,
            _dir: dir,
            _shutdown: tx,
        }
    }
}

/// Serves a stand-in (`app`) on a free loopback port until the returned sender is dropped.
pub async fn serve(app: axum::Router) -> (u16, oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    // As the proxy sends (`sidecard_proxy::serve`): the load bench's no-script pages and
    // the widget's files reach the browser alike.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
            .unwrap();
    });
    (port, tx)
}

/// ChromeDriver on a free port in a process group of its own, which is killed whole when
/// this is dropped: the Chromium it started is in that group too, and would otherwise outlive
/// it wherever a test ends (or panics) without closing its session, a browser left running
/// on the two cores for every such test.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts chromedriver on a free port. Tests run in parallel: another test's driver may take
/// the same port between `free_port` and the bind, and ours then exits at once while the
/// port answers for the other one (whose end would refuse our session). So a driver counts
/// as started only while its own process still runs; else another port is tried.
async fn start_driver() -> Driver {
    let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    for _ in 0..5 {
        let port = free_port();
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {binary} ({e}): run `cargo xtask setup --browser`")
            });
        let mut driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + WAIT;
        let mut listening = false;
        while Instant::now() < deadline {
            if driver.child.try_wait().ok().flatten().is_some() {
                break;
            }
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                listening = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // A driver that lost the port to another exits right after binding fails.
        tokio::time::sleep(Duration::from_millis(200)).await;
        if listening && driver.child.try_wait().ok().flatten().is_none() {
            return driver;
        }
    }
    panic!("chromedriver did not start");
}

/// A headless Chromium session, sized like a help desk sidebar.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    _driver: Driver,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium with the flags this machine needs (root, no network but loopback).
    pub async fn start() -> Browser {
        Browser::start_in("en-US").await
    }

    /// The same, with `languages` (comma-separated, most preferred first) as the browser's
    /// languages (`navigator.languages`).
    pub async fn start_in(languages: &str) -> Browser {
        let driver = start_driver().await;
        let profile = tempfile::tempdir().unwrap();
        let chrome = std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let mut args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=360,900",
        ]
        .map(String::from)
        .into();
        args.push(format!(
            "--lang={}",
            languages.split(',').next().unwrap_or("en-US")
        ));
        args.push(format!("--user-data-dir={}", profile.path().display()));
        // Flags for a measurement, space-separated: a trace of what the browser does, say
        // (`--trace-startup=… --trace-startup-format=json --trace-startup-file=…`).
        let extra = std::env::var("SIDECARD_CHROME_ARGS").unwrap_or_default();
        args.extend(extra.split_whitespace().map(String::from));
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": chrome,
                "args": args,
                "prefs": { "intl": { "accept_languages": languages } }
            }
        });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!()
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .expect("a Chromium session");
        Browser {
            client,
            _driver: driver,
            _profile: profile,
        }
    }

    /// Opens `url` and waits until the widget has mounted.
    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.unwrap();
        self.wait_for("main.sidecard").await;
    }

    /// Waits until `css` matches an element, and returns its text.
    pub async fn wait_for(&self, css: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(el) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = el.text().await
            {
                return text;
            }
            if Instant::now() > deadline {
                let body = self.body_text().await;
                panic!("nothing matched `{css}` within {WAIT:?}; the page shows:\n{body}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the first element matching `css` reads `expected` (a view that follows
    /// the host replaces what it showed).
    pub async fn wait_for_text(&self, css: &str, expected: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(el) = self.client.find(Locator::Css(css)).await
                && el.text().await.is_ok_and(|t| t == expected)
            {
                return;
            }
            if Instant::now() > deadline {
                let body = self.body_text().await;
                panic!(
                    "`{css}` did not read {expected:?} within {WAIT:?}; the page shows:\n{body}"
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until `script` (a `return …` expression) is true, failing after [`WAIT`].
    pub async fn wait_until(&self, script: &str, what: &str) {
        let start = Instant::now();
        while self.eval(script).await != serde_json::json!(true) {
            assert!(start.elapsed() < WAIT, "{what} within {WAIT:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs `script` in the current frame and returns its value.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed ({e}): {script}"))
    }

    /// axe-core's violations on the page as it is now (WCAG 2.0–2.2 A and AA and best
    /// practices), each as `id: help (targets)`. axe comes from npm (`cargo xtask test` sets
    /// `SIDECARD_AXE` to its `axe.min.js`).
    pub async fn axe_violations(&self) -> Vec<String> {
        let path = std::env::var_os("SIDECARD_AXE")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("../.tools/axe-core/node_modules/axe-core/axe.min.js")
            });
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "axe-core is not at {} ({e}): `cargo xtask test` installs it",
                path.display()
            )
        });
        self.client
            .execute(&source, vec![])
            .await
            .expect("axe loads");
        let result = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                   axe.run(document, { resultTypes: ['violations'] })
                     .then(r => done(r.violations.map(v =>
                        `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`)))
                     .catch(e => done([`axe failed: ${e}`]));"#,
                vec![],
            )
            .await
            .expect("axe runs");
        serde_json::from_value(result).unwrap_or_default()
    }

    /// On `proxy_url` with the demo CRM: "No customer found" for an address nobody has, its
    /// create form sent with Ana García's address, and the likely duplicates shown (under the
    /// default `warn` policy, with "Create anyway"); returns the card's text. Nothing is
    /// created.
    pub async fn show_likely_duplicates(&self, proxy_url: &str) -> String {
        self.open(&format!("{proxy_url}/?email=someone.else@contoso.example"))
            .await;
        self.click("button.create").await;
        self.type_into("#sidecard-last", "García").await;
        self.type_into("#sidecard-email", "ana.garcia@contoso.example")
            .await;
        self.click(".create-save").await;
        self.wait_for(".duplicates .create-anyway").await;
        self.wait_for(".duplicates").await
    }

    /// Opens `page` (a customer's card on a proxy started with `--cache-ttl-secs 1`, its CRM
    /// just stopped, the card opened once before) until the card is drawn marked out of date:
    /// the answer's TTL passes first, and on a busy machine an open may outlast the short wait
    /// for the refresh and show the card unmarked, when the failed refresh marks the next one.
    pub async fn open_until_out_of_date(&self, page: &str) {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let marked = "return document.querySelector('.person-card') !== null \
                      && document.querySelector('.stale') !== null";
        let start = Instant::now();
        loop {
            self.open(page).await;
            self.wait_for(".person-card h2").await;
            if self.eval(marked).await == serde_json::json!(true) {
                return;
            }
            assert!(start.elapsed() < WAIT, "no stale notice");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// [`Browser::axe_violations`] in the light and the dark scheme, forced as a host forces it
    /// (`data-scheme`, as from Zendesk's `colorScheme`), each as `what (scheme): violation`.
    pub async fn axe_in_both_schemes(&self, what: &str) -> Vec<String> {
        let mut found = Vec::new();
        for scheme in ["light", "dark"] {
            self.eval(&format!(
                "document.documentElement.dataset.scheme = '{scheme}'; return true"
            ))
            .await;
            for violation in self.axe_violations().await {
                found.push(format!("{what} ({scheme}): {violation}"));
            }
        }
        found
    }

    /// Makes the page's viewport `width` CSS pixels wide (the window is resized until it is).
    pub async fn viewport_width(&self, width: u32) {
        let (mut outer, _) = (width, 0);
        for _ in 0..4 {
            self.client.set_window_size(outer, 900).await.unwrap();
            let inner = self
                .eval("return window.innerWidth")
                .await
                .as_u64()
                .unwrap_or(0) as u32;
            if inner == width {
                return;
            }
            outer = outer + width - inner.min(outer + width);
        }
        let inner = self.eval("return window.innerWidth").await;
        panic!("the viewport is {inner} px wide, not {width}");
    }

    /// What sticks out of the viewport sideways: the page scrolling horizontally, or an
    /// element whose box reaches past either edge (or past a parent that clips it).
    pub async fn overflowing(&self) -> Vec<String> {
        let found = self
            .eval(
                r#"const out = [];
                   const root = document.documentElement;
                   if (root.scrollWidth > root.clientWidth)
                     out.push(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
                   const width = root.clientWidth;
                   for (const el of document.body.querySelectorAll('*')) {
                     const box = el.getBoundingClientRect();
                     if (box.width === 0 && box.height === 0) continue;
                     const style = getComputedStyle(el);
                     if (style.position === 'absolute' && box.width <= 1) continue; // visually hidden
                     const name = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : '');
                     if (box.left < -0.5 || box.right > width + 0.5)
                       out.push(`${name} spans ${Math.round(box.left)}..${Math.round(box.right)} of ${width}`);
                     else if (el.scrollWidth > el.clientWidth + 1 && ['hidden', 'clip'].includes(style.overflowX)
                              && !['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))
                       out.push(`${name} cuts its content (${el.scrollWidth} > ${el.clientWidth})`);
                   }
                   return out;"#,
            )
            .await;
        serde_json::from_value(found).unwrap_or_default()
    }

    /// Texts of every element matching `css` (after waiting for the first).
    pub async fn texts(&self, css: &str) -> Vec<String> {
        self.wait_for(css).await;
        let mut out = Vec::new();
        for el in self.client.find_all(Locator::Css(css)).await.unwrap() {
            out.push(el.text().await.unwrap());
        }
        out
    }

    /// Whether anything matches `css` right now.
    pub async fn has(&self, css: &str) -> bool {
        !self
            .client
            .find_all(Locator::Css(css))
            .await
            .unwrap()
            .is_empty()
    }

    /// The visible text of the page, for failure messages.
    pub async fn body_text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(el) => el.text().await.unwrap_or_default(),
            Err(e) => format!("<no body: {e}>"),
        }
    }

    /// Clicks the element `css` matches (waiting for it first).
    pub async fn click(&self, css: &str) {
        self.wait_for(css).await;
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap()
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click `{css}`: {e}"));
    }

    /// Types `text` into the input `css` matches, replacing what it held.
    pub async fn type_into(&self, css: &str, text: &str) {
        self.wait_for(css).await;
        let input = self.client.find(Locator::Css(css)).await.unwrap();
        input.clear().await.unwrap();
        input.send_keys(text).await.unwrap();
    }

    /// An attribute of every element matching `css`, in document order.
    pub async fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        self.wait_for(css).await;
        let mut out = Vec::new();
        for el in self.client.find_all(Locator::Css(css)).await.unwrap() {
            out.push(el.attr(attr).await.unwrap().unwrap_or_default());
        }
        out
    }

    /// Types into the search box and submits it.
    pub async fn search(&self, text: &str) {
        let input = self.client.find(Locator::Css("#sidecard-q")).await.unwrap();
        input.clear().await.unwrap();
        input.send_keys(text).await.unwrap();
        input.send_keys("\u{E007}").await.unwrap(); // WebDriver's Enter key
    }

    /// Emulates the system's forced colours (Windows' high contrast) for this page, as
    /// DevTools does: `Emulation.setEmulatedMedia` with `forced-colors: active`; fails unless
    /// the page then matches `(forced-colors: active)`, so no test of it passes in normal
    /// colours.
    pub async fn force_colors(&self) {
        self.client
            .issue_cmd(Cdp {
                cmd: "Emulation.setEmulatedMedia",
                params: serde_json::json!({
                    "features": [{ "name": "forced-colors", "value": "active" }]
                }),
            })
            .await
            .expect("ChromeDriver runs DevTools commands");
        assert_eq!(
            self.eval("return matchMedia('(forced-colors: active)').matches")
                .await,
            serde_json::json!(true),
            "forced colours are not in force"
        );
    }

    /// Fails every request to a URL matching one of `patterns` (`*` any run of characters), or
    /// none when empty, as DevTools' request blocking does: `Network.setBlockedURLs`.
    pub async fn block_urls(&self, patterns: &[&str]) {
        for (cmd, params) in [
            ("Network.enable", serde_json::json!({})),
            (
                "Network.setBlockedURLs",
                serde_json::json!({ "urls": patterns }),
            ),
        ] {
            self.client
                .issue_cmd(Cdp { cmd, params })
                .await
                .expect("ChromeDriver runs DevTools commands");
        }
    }

    /// Holds every request to a URL matching one of `patterns` (`*` any run of characters)
    /// unanswered, as a server that accepts and never replies: DevTools' `Fetch.enable`, whose
    /// paused requests wait for a `Fetch.continueRequest` this never sends. Empty: requests
    /// from now on go through again (`Fetch.disable`).
    pub async fn stall_urls(&self, patterns: &[&str]) {
        let (cmd, params) = if patterns.is_empty() {
            ("Fetch.disable", serde_json::json!({}))
        } else {
            let patterns: Vec<_> = patterns
                .iter()
                .map(|p| serde_json::json!({ "urlPattern": p, "requestStage": "Request" }))
                .collect();
            ("Fetch.enable", serde_json::json!({ "patterns": patterns }))
        };
        self.client
            .issue_cmd(Cdp { cmd, params })
            .await
            .expect("ChromeDriver runs DevTools commands");
    }

    /// Runs `script` in every page this browser opens from now on, before the page's own
    /// scripts: DevTools' `Page.addScriptToEvaluateOnNewDocument`.
    pub async fn before_each_page(&self, script: &str) {
        self.client
            .issue_cmd(Cdp {
                cmd: "Page.addScriptToEvaluateOnNewDocument",
                params: serde_json::json!({ "source": script }),
            })
            .await
            .expect("ChromeDriver runs DevTools commands");
    }

    /// Ends the session.
    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// A DevTools command through ChromeDriver's own endpoint (`POST /session/{id}/goog/cdp/execute`),
/// for what WebDriver has no command for.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The processes still running (ended ones that no parent has reaped aside) whose
    /// command line holds `needle`.
    fn running_with(needle: &str) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter(|entry| {
                let dir = entry.path();
                let cmdline = std::fs::read(dir.join("cmdline")).unwrap_or_default();
                let stat = std::fs::read_to_string(dir.join("stat")).unwrap_or_default();
                // `pid (comm) state …`: the state follows the last `)`.
                let ended = stat
                    .rsplit_once(')')
                    .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X']));
                !ended && String::from_utf8_lossy(&cmdline).contains(needle)
            })
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect()
    }

    #[tokio::test]
    async fn a_browser_dropped_without_closing_its_session_leaves_no_chromium_running() {
        let browser = Browser::start().await;
        let profile = browser._profile.path().display().to_string();
        assert!(
            !running_with(&profile).is_empty(),
            "Chromium runs with the session's profile"
        );
        // As a test that ends, or panics, without `close`.
        drop(browser);
        let deadline = Instant::now() + WAIT;
        let mut left = running_with(&profile);
        while !left.is_empty() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
            left = running_with(&profile);
        }
        assert!(left.is_empty(), "Chromium processes left running: {left:?}");
    }
}
