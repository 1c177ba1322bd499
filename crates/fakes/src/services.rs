//! Real PostgreSQL and Redis servers for tests and benchmarks: each started on a free loopback
//! port in a temporary directory, owned by the test, and stopped (its data gone) when dropped.
//! Nothing needs to run beforehand; the binaries come from Debian's `postgresql` and
//! `redis-server` packages (`cargo xtask setup` installs them).
//!
//! PostgreSQL refuses to run as root, so under root the server runs as the `postgres` user the
//! Debian package creates. Its fsync is off: these databases live as long as one test.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a server may take to accept connections (two cores shared with a build).
const START: Duration = Duration::from_secs(60);

/// A free loopback port (another process may take it before the server binds it: each start
/// checks that its own server is the one that answers, and tries another port if not).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Stops `child` politely (SIGTERM lets PostgreSQL end its backends), then for good.
fn stop(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if child.try_wait().ok().flatten().is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A PostgreSQL server of its own.
pub struct Postgres {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

/// The directory of PostgreSQL's server programs: `SIDECARD_PG_BIN`, else the newest of
/// Debian's `/usr/lib/postgresql/<version>/bin`, else whatever `PATH` has.
fn pg_bin() -> PathBuf {
    if let Some(dir) = std::env::var_os("SIDECARD_PG_BIN") {
        return PathBuf::from(dir);
    }
    let newest = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version: u32 = e.file_name().to_str()?.parse().ok()?;
            Some((version, e.path().join("bin")))
        })
        .filter(|(_, bin)| bin.join("postgres").is_file())
        .max();
    newest.map(|(_, bin)| bin).unwrap_or_default()
}

/// The uid and gid of Debian's `postgres` user, when this process is root (PostgreSQL will
/// not run as root).
fn postgres_user() -> Option<(u32, u32)> {
    let id = |args: &[&str]| -> Option<u32> {
        let out = Command::new("id").args(args).output().ok()?;
        String::from_utf8(out.stdout).ok()?.trim().parse().ok()
    };
    if id(&["-u"])? != 0 {
        return None;
    }
    Some((
        id(&["-u", "postgres"]).expect(
            "running as root, PostgreSQL needs the `postgres` user: install Debian's postgresql package (`cargo xtask setup`)",
        ),
        id(&["-g", "postgres"]).expect("the postgres group"),
    ))
}

impl Postgres {
    /// A new cluster (superuser `sidecard`, trust on loopback), started.
    pub fn start() -> Postgres {
        let bin = pg_bin();
        let dir = tempfile::tempdir().expect("a temporary directory");
        let user = postgres_user();
        if let Some((uid, gid)) = user {
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).expect("chown");
        }
        let data = dir.path().join("data");
        let as_user = |command: &mut Command| {
            if let Some((uid, gid)) = user {
                command.uid(uid).gid(gid);
            }
        };
        let mut initdb = Command::new(bin.join("initdb"));
        initdb
            .args([
                "-U",
                "sidecard",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "-D",
            ])
            .arg(&data)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        as_user(&mut initdb);
        let out = initdb.output().unwrap_or_else(|e| {
            panic!(
                "initdb ({}) does not run: {e}. Install Debian's postgresql package (`cargo xtask setup`).",
                bin.join("initdb").display()
            )
        });
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for _ in 0..10 {
            let port = free_port();
            let mut server = Command::new(bin.join("postgres"));
            server
                .arg("-D")
                .arg(&data)
                .args(["-p", &port.to_string(), "-k"])
                .arg(dir.path())
                .args([
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "full_page_writes=off",
                    "-c",
                    "max_connections=300",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            as_user(&mut server);
            let mut child = server.spawn().expect("postgres starts");
            if wait_ready(&mut child, || pg_ready(&data, port)) {
                return Postgres {
                    child,
                    port,
                    _dir: dir,
                };
            }
        }
        panic!("PostgreSQL found no free port");
    }

    /// The URL of a new, empty database of this server.
    pub fn database(&self, name: &str) -> String {
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{name:?}"
        );
        let psql = Some(pg_bin().join("psql"))
            .filter(|p| p.is_file())
            .unwrap_or_else(|| "psql".into());
        let out = Command::new(psql)
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string()])
            .args(["-U", "sidecard", "-d", "postgres", "-v", "ON_ERROR_STOP=1"])
            .args(["-c", &format!("CREATE DATABASE {name}")])
            .output()
            .expect("psql runs");
        assert!(
            out.status.success(),
            "CREATE DATABASE {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        format!("postgres://sidecard@127.0.0.1:{}/{name}", self.port)
    }

    /// Its port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server and its backends stop: connections stay open and the kernel still
    /// acknowledges what is sent, but no query is answered, as on a hung database host (tests
    /// of a hung PostgreSQL). `SIGSTOP` to the postmaster first, so it forks no backend
    /// meanwhile, then to each backend (each is its own session, so not one process group).
    pub fn freeze(&self) {
        let (server, backends) = (self.signal("-STOP"), self.signal_backends("-STOP"));
        assert!(server && backends, "SIGSTOP to PostgreSQL");
    }

    /// Answers again after [`Postgres::freeze`]: the backends first, then the postmaster.
    pub fn thaw(&self) {
        let (backends, server) = (self.signal_backends("-CONT"), self.signal("-CONT"));
        assert!(server && backends, "SIGCONT to PostgreSQL");
    }

    /// `kill <signal>` to the postmaster; whether it was sent.
    fn signal(&self, signal: &str) -> bool {
        Command::new("kill")
            .args([signal, &self.child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success())
    }

    /// `pkill <signal>` to the postmaster's children; whether it ran (it exits 1 when there
    /// is no child to signal).
    fn signal_backends(&self, signal: &str) -> bool {
        Command::new("pkill")
            .args([signal, "-P", &self.child.id().to_string()])
            .status()
            .is_ok_and(|s| s.code().is_some_and(|c| c <= 1))
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        // A frozen server would not hear the request to stop.
        self.signal_backends("-CONT");
        self.signal("-CONT");
        stop(&mut self.child);
    }
}

/// Whether the postmaster of `data` listens on `port` and says it is ready (its pid file's
/// status line), so a server another test started on that port is not mistaken for this one.
fn pg_ready(data: &Path, port: u16) -> bool {
    let Ok(pid_file) = std::fs::read_to_string(data.join("postmaster.pid")) else {
        return false;
    };
    let lines: Vec<&str> = pid_file.lines().collect();
    lines.get(3).is_some_and(|p| p.trim() == port.to_string())
        && lines.get(7).is_some_and(|s| s.trim() == "ready")
        && std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
}

/// Waits until `ready`, or `child` exits (its port was taken: `false`).
fn wait_ready(child: &mut Child, ready: impl Fn() -> bool) -> bool {
    let start = Instant::now();
    loop {
        if child.try_wait().ok().flatten().is_some() {
            return false;
        }
        if ready() {
            return true;
        }
        assert!(start.elapsed() < START, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A Redis server of its own, holding nothing on disk.
pub struct Redis {
    child: Option<Child>,
    port: u16,
}

impl Redis {
    /// A new server, started.
    pub fn start() -> Redis {
        for _ in 0..10 {
            let port = free_port();
            let mut child = Command::new("redis-server")
                .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
                .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect(
                    "redis-server runs: install Debian's redis-server package (`cargo xtask setup`)",
                );
            if wait_ready(&mut child, || redis_pong(port)) {
                // One that could not bind exits at once: make sure ours is the one answering.
                std::thread::sleep(Duration::from_millis(100));
                if child.try_wait().ok().flatten().is_none() {
                    return Redis {
                        child: Some(child),
                        port,
                    };
                }
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("Redis found no free port");
    }

    /// `redis://127.0.0.1:<port>/0`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    /// The server dies (tests of a Redis outage).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Whether a Redis server answers `PING` on `port`.
fn redis_pong(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if stream.write_all(b"PING\r\n").is_err() {
        return false;
    }
    let mut answer = [0u8; 7];
    stream.read_exact(&mut answer).is_ok() && &answer == b"+PONG\r\n"
}

/// A `sidecard-proxy` process on a free loopback port, its JSON log kept in its directory;
/// killed when dropped (its log printed if the test is failing).
pub struct ProxyProcess {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    log: PathBuf,
}

impl ProxyProcess {
    /// Runs `binary` (`env!("CARGO_BIN_EXE_sidecard-proxy")`) with its data in `dir` and
    /// `args` besides, and waits until it says where it listens.
    pub fn start(binary: &Path, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> ProxyProcess {
        std::fs::create_dir_all(dir).expect("the process's directory");
        let log = dir.join("proxy.log");
        let mut child = Command::new(binary)
            .args(["--listen", "127.0.0.1:0", "--dist", "/nonexistent"])
            .arg("--data-dir")
            .arg(dir)
            .args(["--log-format", "json"])
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the proxy starts");
        let stdout = child.stdout.take().expect("its output");
        let (tx, rx) = std::sync::mpsc::channel();
        let copy = log.clone();
        std::thread::spawn(move || {
            use std::io::Write;
            let mut file = std::fs::File::create(copy).expect("the log file");
            let mut sent = false;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = writeln!(file, "{line}");
                let marker = "Sidecard is running at ";
                if !sent && let Some(at) = line.find(marker) {
                    let url: String = line[at + marker.len()..]
                        .chars()
                        .take_while(|c| *c != '"')
                        .collect();
                    let _ = tx.send(url.trim_end_matches('/').to_owned());
                    sent = true;
                }
            }
        });
        let url = rx.recv_timeout(START).unwrap_or_else(|_| {
            let _ = child.kill();
            panic!(
                "the proxy did not start: {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            )
        });
        ProxyProcess { child, url, log }
    }

    /// What it logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for ProxyProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("---- the proxy at {} logged ----\n{}", self.url, self.log());
        }
    }
}
