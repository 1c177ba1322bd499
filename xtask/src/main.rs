//! Sidecard's dev tasks, run as `cargo xtask <task>` from anywhere in the repository.
//!
//! Each task installs what it needs when it is missing (and only then), so the two commands in
//! the README work on a fresh machine and cost seconds on a warm one.

mod bundle;
mod catalogs;
mod glue;
mod hosts;
mod link;
mod setup;
mod shake;
mod size;
mod split;
mod wasm;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const HELP: &str = "\
cargo xtask <task> [args]

  run [-- PROXY-ARGS]  build the widget, then start the proxy on the embedded demo CRM
                       (http://127.0.0.1:8080; `-- --help` lists the proxy's settings)
  test [CARGO-TEST-ARGS]
                       every test: model, proxy, demo CRM, widget in headless Chromium
                       (args narrow it, e.g. `--test hosts`)
  build [--served]     build the widget (release): the proxy's pages into dist/ (precompressed),
                       the help desk apps' into target/desks/ (not with --served); print
                       every page's size
  size                 print the built widget's size (raw, gzip, brotli) against the budget
  lint                 cargo fmt --check, clippy on the native crates and on the wasm widget
  check-crm FILE --email E [--phone P]
                       one lookup through an HTTP CRM's description: every request sent (no
                       secrets) and how each row was read
  bench                Dynamics, Salesforce, HubSpot and HTTP (json-server) lookups: API calls and round trips per
                       lookup, tokens, added latency p50/p99 (BENCH_LOOKUPS=N, default 500);
                       then the CRM's bad day: 32 agents through a 429/503/refused outage
                       (BAD_DAY_SECS=N, default 10); cached lookups per second and p50/p99,
                       one process on SQLite vs two on PostgreSQL + Redis (SCALE_SECS);
                       load to a painted card in Chromium, cold and warm, beside two no-script
                       pages: the widget's drawn answer, the card's first lines (median and
                       quartiles of LOAD_RUNS, default 15; the lead per run too)
  package              dist/ + a release proxy binary in target/package/sidecard-<version>.tar.gz
  package zendesk --proxy-host HOST
                       the Zendesk app (zip) for a proxy at https://HOST
  package freshdesk    the Freshdesk app (folder and zip)
  install-key          a new Freshdesk install key and the SHA-256 for the installs file
  setup [--browser]    install the build tools (and Chromium, PostgreSQL, Redis for the tests) if missing
";

/// A failed task: what failed, for the terminal.
type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Called by rustc as the bundles' linker (`bundle.rs`), not by a developer.
    if std::env::var_os(link::ENV).is_some() {
        return link::link(&args);
    }
    let (task, rest) = args
        .split_first()
        .map_or(("help", &[][..]), |(t, r)| (t.as_str(), r));
    let result = match task {
        "setup" => setup::build_tools().and_then(|()| {
            if rest.iter().any(|a| a == "--browser") {
                setup::browser()
            } else {
                Ok(())
            }
        }),
        "build" if rest.iter().any(|a| a == "--served") => build_pages(Pages::Served),
        "build" => build(),
        "run" => build_pages(Pages::Served).and_then(|()| run(rest)),
        "test" => test(rest),
        "size" => size::report(&[dist(), desks()]).map(|_| ()),
        "lint" => lint(),
        "check-crm" => run_cmd(
            cargo()
                .args([
                    "run",
                    "-q",
                    "-p",
                    "sidecard-proxy",
                    "--bin",
                    "check-crm",
                    "--",
                ])
                .args(rest),
        ),
        "bench" => ["connectors", "bad_day", "scale"]
            .into_iter()
            .try_for_each(|bench| {
                run_cmd(cargo().args(["bench", "-p", "sidecard-proxy", "--bench", bench]))
            })
            .and_then(|()| load_bench()),
        "package" => match rest.first().map(String::as_str) {
            None => package(),
            Some("zendesk") => {
                let host = rest
                    .iter()
                    .position(|a| a == "--proxy-host")
                    .and_then(|i| rest.get(i + 1))
                    .ok_or("package zendesk needs --proxy-host HOST (the proxy's host name)");
                host.map_err(str::to_owned).and_then(|h| {
                    build().and_then(|()| {
                        let zip = hosts::zendesk(&desks(), &dist(), h, &hosts::out_dir())?;
                        println!("xtask: packaged {}", zip.display());
                        Ok(())
                    })
                })
            }
            Some("freshdesk") => build().and_then(|()| {
                let folder = hosts::freshdesk(&desks(), &dist(), &hosts::out_dir())?;
                println!("xtask: packaged {} (and its .zip)", folder.display());
                Ok(())
            }),
            Some(other) => Err(format!(
                "unknown package `{other}` (zendesk, freshdesk)\n\n{HELP}"
            )),
        },
        "install-key" => install_key(),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown task `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (the workspace's directory).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_owned()
}

/// Where the proxy's pages are built (what it serves).
fn dist() -> PathBuf {
    root().join("dist")
}

/// `path`'s bytes, or an error naming it.
fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// `path`'s text, or an error naming it.
fn read_text(path: &Path) -> Result<String> {
    String::from_utf8(read(path)?).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes `bytes` to `path`, or an error naming it.
fn write(path: &Path, bytes: &[u8]) -> Result {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs a command from the repository root, failing with its command line if it fails.
fn run_cmd(cmd: &mut Command) -> Result {
    cmd.current_dir(root());
    let shown = format!("{cmd:?}");
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// Runs `cmd` for its output: its stdout, or what it said on stderr when it failed.
fn run_output(cmd: &mut Command) -> Result<Vec<u8>> {
    cmd.current_dir(root());
    let shown = format!("{cmd:?}");
    let output = cmd
        .output()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(format!(
            "{shown} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// The browser figure: load to a painted card, cold and warm, beside two no-script pages
/// (needs the built widget and Chromium).
fn load_bench() -> Result {
    build_pages(Pages::Served)?;
    setup::browser()?;
    run_cmd(
        cargo()
            .args(["bench", "-p", "sidecard-e2e", "--bench", "load"])
            .env("SIDECARD_DIST", dist())
            .env("CHROME_BIN", setup::CHROMIUM)
            .env("CHROMEDRIVER", setup::CHROMEDRIVER),
    )
}

/// Where the help desk apps' pages are built: each package takes its own page from here. Not
/// in `dist/`, which is what the proxy serves: a help desk's page belongs inside its package.
fn desks() -> PathBuf {
    root().join("target/desks")
}

/// Where `page` is built: the proxy's pages into [`dist`], the help desks' into [`desks`].
fn home(page: &bundle::Page) -> PathBuf {
    if page.served { dist() } else { desks() }
}

/// Which pages a build makes.
#[derive(Clone, Copy, PartialEq)]
enum Pages {
    /// What the proxy serves, into `dist/`: the standalone page, the settings page, the
    /// Dynamics channel page (what `run`, the tarball and the container image need).
    Served,
    /// Those and the help desk apps' pages, into [`desks`] (what the packages and the tests
    /// need).
    All,
}

/// Every page ([`Pages::All`]).
fn build() -> Result {
    build_pages(Pages::All)
}

/// Each page of `pages`: its HTML and CSS by `trunk build --release`, its bundle by
/// [`bundle::build`]; then `.br`/`.gz` beside every file the proxy serves, and the size report.
fn build_pages(pages: Pages) -> Result {
    setup::build_tools()?;
    setup::fluent_bundle()?;
    let start = bundle::StartScript::read()?;
    println!("xtask: building the widget (release)…");
    let chosen: Vec<&bundle::Page> = bundle::PAGES
        .iter()
        .filter(|page| page.served || pages == Pages::All)
        .collect();
    let mut dirs = vec![dist()];
    if pages == Pages::All {
        dirs.push(desks());
    }
    for dir in &dirs {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    // A page without its bundle (the proxy would serve it, and it would never start), or
    // `.br` files of the previous build beside new files: a directory stopped half-way is
    // removed, not left.
    let built = chosen
        .iter()
        .try_for_each(|page| {
            page_html(page)?;
            bundle::build(page, &home(page), &start)
        })
        .and_then(|()| catalogs::write_parsed(&dist().join("locales")))
        .and_then(|()| size::precompress(&dist()));
    if let Err(e) = built {
        for dir in &dirs {
            let _ = std::fs::remove_dir_all(dir);
        }
        return Err(format!(
            "{e} ({dirs:?} removed: they may have been half built)"
        ));
    }
    size::report(&dirs)?;
    Ok(())
}

/// `page`'s HTML and CSS (and the catalogs the standalone page copies) built by Trunk into
/// its [`home`]. Trunk empties the directory it builds into and names every page index.html:
/// each page builds aside first, then joins the others under its own name (hashed asset names
/// never collide; `styles.css` is the same file for all, `settings.css` the settings page's
/// alone).
fn page_html(page: &bundle::Page) -> Result {
    let aside = root().join("target").join(format!("trunk-{}", page.name));
    let source = format!("{}.html", page.name);
    trunk(&["--dist".as_ref(), aside.as_os_str(), source.as_ref()])?;
    let into = home(page);
    for entry in std::fs::read_dir(&aside).map_err(|e| format!("{}: {e}", aside.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = match path.file_name().and_then(|n| n.to_str()) {
            Some("index.html") => format!("{}.html", page.name).into(),
            _ => path.file_name().unwrap_or_default().to_owned(),
        };
        if path.is_dir() {
            copy_tree(&path, &into.join(name))?;
        } else {
            std::fs::copy(&path, into.join(name))
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// `trunk build --release` of a page's HTML and CSS (each page's Rust link is skipped:
/// [`bundle`] builds it).
fn trunk(args: &[&std::ffi::OsStr]) -> Result {
    run_cmd(
        Command::new(setup::trunk_bin())
            .args(["build", "--release"])
            .args(args)
            .env("NO_COLOR", "true"),
    )
}

fn run(proxy_args: &[String]) -> Result {
    let proxy_args = proxy_args
        .strip_prefix(&["--".to_owned()])
        .unwrap_or(proxy_args);
    println!("xtask: starting the proxy (Ctrl-C stops it)…");
    run_cmd(
        cargo()
            .args(["run", "--release", "-p", "sidecard-proxy", "--"])
            .args(proxy_args),
    )
}

/// `args` go to `cargo test` (e.g. `-p sidecard-e2e --test hosts`) to run some tests only.
fn test(args: &[String]) -> Result {
    setup::browser()?;
    build()?;
    let report = size::report_quiet(&[dist(), desks()])?;
    if report.pages.len() != size::PAGES {
        return Err(format!(
            "{} of the {} pages were built",
            report.pages.len(),
            size::PAGES
        ));
    }
    // Byte sizes are deterministic, so the budgets are tests like any other.
    if let Some(page) = report.pages.iter().find(|p| !p.within_budget()) {
        return Err(format!(
            "the {} is {} bytes brotli, over its {} byte budget",
            page.label, page.brotli, page.budget
        ));
    }
    // The host packages the browser tests install, built from target/desks/ (the Zendesk one for
    // a proxy on loopback), and the ZAF SDK from npm that their stand-in Zendesk serves.
    let packages = hosts::out_dir();
    hosts::zendesk(&desks(), &dist(), "127.0.0.1", &packages)?;
    hosts::freshdesk(&desks(), &dist(), &packages)?;
    let zaf_sdk = setup::zaf_sdk()?;
    // The REST server the HTTP connector's tests read (npm).
    let json_server = setup::json_server()?;
    // The accessibility engine the browser tests inject into each page (npm).
    let axe = setup::axe_core()?;
    println!("xtask: running every test…");
    run_cmd(
        cargo()
            .args(["test", "--workspace", "--exclude", "sidecard"])
            .args(args)
            .env("SIDECARD_DIST", dist())
            .env("SIDECARD_PACKAGES", &packages)
            .env("SIDECARD_ZAF_SDK", zaf_sdk)
            .env("SIDECARD_JSON_SERVER", json_server)
            .env("SIDECARD_AXE", axe)
            .env("CHROME_BIN", setup::CHROMIUM)
            .env("CHROMEDRIVER", setup::CHROMEDRIVER),
    )
}

fn lint() -> Result {
    setup::build_tools()?;
    run_cmd(cargo().args(["fmt", "--all", "--", "--check"]))?;
    run_cmd(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The widget as each page builds it: the settings page alone, the cards alone (the
    // standalone page), and each host's adapter alone.
    let alone = |feature| ["--no-default-features", "--features", feature];
    for features in [
        &alone("settings"),
        &alone("cards"),
        &alone("zendesk"),
        &alone("freshdesk"),
        &alone("cif"),
    ] {
        run_cmd(
            cargo()
                .args(["clippy", "-p", "sidecard", "--bins"])
                .args(["--target", "wasm32-unknown-unknown"])
                .args(features)
                .args(["--", "-D", "warnings"]),
        )?;
    }
    // The split points as the bundles compile them (`--cfg sidecard_split`, src/on_demand.rs),
    // in a target directory of their own: a flag the runs above lack would rebuild theirs.
    run_cmd(
        cargo()
            .args(["clippy", "-p", "sidecard", "--bins"])
            .args(["--target", "wasm32-unknown-unknown"])
            .args(["--no-default-features", "--features", "cards,settings"])
            .arg("--target-dir")
            .arg(root().join("target/clippy-split"))
            .args(["--", "-D", "warnings"])
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
                "--cfg sidecard_split",
            )
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS"),
    )
}

/// `from` and everything under it (the widget's files and its `locales/`) copied to `to`.
fn copy_tree(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(|e| format!("copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// A tarball an operator unpacks and runs: `bin/sidecard-proxy --dist dist`.
fn package() -> Result {
    build_pages(Pages::Served)?;
    run_cmd(cargo().args(["build", "--release", "-p", "sidecard-proxy"]))?;
    let version = env!("CARGO_PKG_VERSION");
    let name = format!("sidecard-{version}");
    let out = root().join("target/package");
    let stage = out.join(&name);
    let _ = std::fs::remove_dir_all(&stage);
    std::fs::create_dir_all(stage.join("bin")).map_err(|e| e.to_string())?;
    let copy = |from: PathBuf, to: PathBuf| {
        std::fs::copy(&from, &to).map_err(|e| format!("copy {}: {e}", from.display()))
    };
    copy(
        root().join("target/release/sidecard-proxy"),
        stage.join("bin/sidecard-proxy"),
    )?;
    copy(root().join("README.md"), stage.join("README.md"))?;
    for example in ["sidecard.example.toml", "sidecard.installs.example.toml"] {
        copy(root().join(example), stage.join(example))?;
    }
    copy_tree(&dist(), &stage.join("dist"))?;
    let tarball = out.join(format!("{name}.tar.gz"));
    run_cmd(
        Command::new("tar")
            .arg("-czf")
            .arg(&tarball)
            .arg("-C")
            .arg(&out)
            .arg(&name),
    )?;
    println!("xtask: packaged {}", tarball.display());
    Ok(())
}

/// A random key for a Freshdesk install (the admin types it into the app's settings) and the
/// SHA-256 the proxy's installs file keeps instead of the key.
fn install_key() -> Result {
    use sha2::Digest;
    let mut bytes = [0u8; 24];
    std::io::Read::read_exact(
        &mut std::fs::File::open("/dev/urandom").map_err(|e| format!("/dev/urandom: {e}"))?,
        &mut bytes,
    )
    .map_err(|e| format!("/dev/urandom: {e}"))?;
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let key = format!("sc_{}", hex(&bytes));
    println!("key (Freshdesk app setting \"Sidecard API key\"): {key}");
    println!(
        "api_key_sha256 (installs file):                {}",
        hex(&sha2::Sha256::digest(key.as_bytes()))
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tarball_copy_takes_the_catalogs_folder_too() {
        let scratch = root().join("target/xtask-test-copy-tree");
        let _ = std::fs::remove_dir_all(&scratch);
        let (from, to) = (scratch.join("dist"), scratch.join("stage/dist"));
        std::fs::create_dir_all(from.join("locales")).unwrap();
        std::fs::write(from.join("index.html"), "page").unwrap();
        std::fs::write(from.join("locales/ko.ftl"), "hello = 안녕하세요").unwrap();
        copy_tree(&from, &to).unwrap();
        assert_eq!(
            std::fs::read_to_string(to.join("index.html")).unwrap(),
            "page"
        );
        assert_eq!(
            std::fs::read_to_string(to.join("locales/ko.ftl")).unwrap(),
            "hello = 안녕하세요"
        );
        std::fs::remove_dir_all(&scratch).unwrap();
    }
}
