//! json-server (npm, <https://github.com/typicode/json-server>, 0.17): a real third-party
//! REST server, run on a loopback port over a copy of a seed file, for the HTTP connector's
//! tests. Not a stand-in written by us: a server none of our code shaped.
//!
//! `cargo xtask test` installs it and names its script in `SIDECARD_JSON_SERVER`; without
//! that, the repository's `.tools/json-server` install is used, and a missing one says how to
//! get it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running json-server; stopped when dropped.
pub struct JsonServer {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    _dir: tempfile::TempDir,
}

impl Drop for JsonServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// json-server's command line script.
fn script() -> PathBuf {
    let path = std::env::var_os("SIDECARD_JSON_SERVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../.tools/json-server/node_modules/json-server/lib/cli/bin.js")
        });
    assert!(
        path.is_file(),
        "json-server is not installed at {}: `cargo xtask test` installs it (or `npm install --prefix .tools/json-server json-server@0.17.4`)",
        path.display()
    );
    path
}

impl JsonServer {
    /// Serves a copy of `seed` (its changes are lost with the server), through `middleware`
    /// (a json-server middleware file) when given.
    pub fn start(seed: &Path, middleware: Option<&Path>) -> JsonServer {
        Self::launch(seed, middleware, None)
    }

    /// Like [`JsonServer::start`], each answer taking `delay` (json-server's `--delay`), so
    /// a caller's round trips show in its latency.
    pub fn delayed(seed: &Path, delay: Duration) -> JsonServer {
        Self::launch(seed, None, Some(delay))
    }

    fn launch(seed: &Path, middleware: Option<&Path>, delay: Option<Duration>) -> JsonServer {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db = dir.path().join("db.json");
        // A marker of this server in its data: a free port picked here may be taken by
        // another test's server before this one binds it, and connecting is not proof enough.
        let marker = format!("sidecard-{}-{:?}", std::process::id(), Instant::now());
        let mut data: serde_json::Value =
            serde_json::from_slice(&std::fs::read(seed).expect("the seed file"))
                .expect("the seed is JSON");
        data["instance"] = serde_json::json!({ "marker": marker });
        std::fs::write(&db, data.to_string()).expect("the database file");
        for _ in 0..10 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("a free port")
                .port();
            // The source first: `--middlewares` takes every argument after it.
            let mut command = Command::new("node");
            command.arg(script()).arg(&db).args([
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--quiet",
            ]);
            if let Some(delay) = delay {
                command.args(["--delay", &delay.as_millis().to_string()]);
            }
            if let Some(middleware) = middleware {
                command.arg("--middlewares").arg(middleware);
            }
            let mut child = command
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("node runs json-server");
            let start = Instant::now();
            loop {
                if child.try_wait().ok().flatten().is_some() {
                    break; // it could not listen there: another port
                }
                if serves(port, &marker) {
                    return JsonServer {
                        child,
                        url: format!("http://127.0.0.1:{port}"),
                        _dir: dir,
                    };
                }
                assert!(
                    start.elapsed() < Duration::from_secs(20),
                    "json-server did not start"
                );
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("json-server found no free port");
    }
}

/// Whether json-server on `port` is the one holding `marker`.
fn serves(port: u16, marker: &str) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = "GET /instance HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.contains(marker)
}
