//! Installs the tools the widget build and the browser tests need, each only when it is
//! missing or at the wrong version. Versions and sources follow shared/reference/toolchain.md:
//! this machine reaches crates.io, npm and Debian, and nothing that downloads from elsewhere.

use crate::{Result, cargo, root, run_cmd};
use std::path::PathBuf;
use std::process::Command;

/// Trunk 0.22 needs a newer rustc than the toolchain here; 0.21.14 is the last that builds.
const TRUNK_VERSION: &str = "0.21.14";
/// npm's binaryen; Debian's (108) emits modules that fail at runtime.
const BINARYEN_VERSION: &str = "132.0.0";
/// Debian's Chromium and its driver (packages chromium, chromium-driver).
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// See [`CHROMIUM`].
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

fn cargo_bin_dir() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
        .join("bin")
}

/// The project-local tool directory (npm packages); rebuilt by `setup` when deleted.
fn tools_dir() -> PathBuf {
    root().join(".tools")
}

/// The `wasm-bindgen` CLI `setup` installed (the version Cargo.lock resolved).
pub fn wasm_bindgen() -> PathBuf {
    cargo_bin_dir().join("wasm-bindgen")
}

/// rustup's `cargo`, which runs the toolchain `RUSTUP_TOOLCHAIN` names. The one running xtask
/// (`CARGO`) is the workspace's stable toolchain's own binary, which ignores it.
pub fn rustup_cargo() -> PathBuf {
    cargo_bin_dir().join("cargo")
}

/// The `trunk` binary `setup` installed.
pub fn trunk_bin() -> PathBuf {
    cargo_bin_dir().join("trunk")
}

/// The first line a tool prints for `--version`, if it runs.
fn version_of(program: impl Into<PathBuf>) -> Option<String> {
    let out = Command::new(program.into())
        .arg("--version")
        .output()
        .ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_owned()
    })
}

/// The wasm-bindgen version Cargo.lock resolved; the CLI must be the same.
fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_owned());
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

/// The toolchain the widget's bundles are compiled with. A dated nightly, because the size
/// options in `WIDGET_RUSTFLAGS` (xtask's `main.rs`) and rebuilding the standard library for
/// them are unstable; the proxy, the tests and the lints stay on the workspace's stable Rust.
/// Moving the date is a deliberate change: rebuild and compare the size report.
pub const WIDGET_TOOLCHAIN: &str = "nightly-2026-05-20";

/// The widget toolchain with its standard library's sources (`rust-src`, for `build-std`).
fn widget_toolchain() -> Result {
    let components = Command::new("rustup")
        .args([
            "component",
            "list",
            "--installed",
            "--toolchain",
            WIDGET_TOOLCHAIN,
        ])
        .output()
        .map_err(|e| format!("rustup: {e}"))?;
    if !(components.status.success()
        && String::from_utf8_lossy(&components.stdout)
            .lines()
            .any(|l| l.starts_with("rust-src")))
    {
        println!("xtask: installing the widget's toolchain {WIDGET_TOOLCHAIN} (once)…");
        run_cmd(Command::new("rustup").args([
            "toolchain",
            "install",
            WIDGET_TOOLCHAIN,
            "--profile",
            "minimal",
            "--component",
            "rust-src",
        ]))?;
    }
    Ok(())
}

/// wasm32 target, the widget's toolchain, Trunk, wasm-bindgen-cli and wasm-opt.
pub fn build_tools() -> Result {
    let targets = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup: {e}"))?;
    if !String::from_utf8_lossy(&targets.stdout).contains("wasm32-unknown-unknown") {
        run_cmd(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    widget_toolchain()?;

    if version_of(trunk_bin()).as_deref() != Some(&format!("trunk {TRUNK_VERSION}")) {
        println!("xtask: installing trunk {TRUNK_VERSION} (several minutes, once)…");
        run_cmd(cargo().args(["install", "trunk", "--locked", "--version", TRUNK_VERSION]))?;
    }

    let bindgen = locked_wasm_bindgen()?;
    if version_of(cargo_bin_dir().join("wasm-bindgen")).as_deref()
        != Some(&format!("wasm-bindgen {bindgen}"))
    {
        println!("xtask: installing wasm-bindgen-cli {bindgen} (a few minutes, once)…");
        // Without --locked: the locked build wants a webpki-roots the registry mirror lacks.
        run_cmd(cargo().args(["install", "wasm-bindgen-cli", "--version", &bindgen]))?;
    }

    let wasm_opt = wasm_opt();
    if !version_of(&wasm_opt).is_some_and(|v| v.contains(&BINARYEN_VERSION[..3])) {
        println!("xtask: installing wasm-opt (npm binaryen@{BINARYEN_VERSION})…");
        npm_install(&tools_dir(), &[format!("binaryen@{BINARYEN_VERSION}")])?;
    }
    Ok(())
}

/// The ZAF SDK release the tests run (npm ships its sources; Zendesk's CDN serves the build).
const ZAF_SDK_VERSION: &str = "2.0.11";
/// The bundler that builds it for the browser (its native binary comes from npm too).
const ESBUILD_VERSION: &str = "0.28.2";

/// `target/vendor/zaf_sdk.js`: the npm package `zendesk_app_framework_sdk` bundled for the
/// browser (exposing `ZAFClient`), for the stand-in Zendesk of the browser tests.
pub fn zaf_sdk() -> Result<PathBuf> {
    let prefix = tools_dir().join("zaf");
    let out = root().join(format!("target/vendor/zaf_sdk-{ZAF_SDK_VERSION}.js"));
    if out.is_file() {
        return Ok(out);
    }
    let entry = prefix.join("node_modules/zendesk_app_framework_sdk/lib/index.js");
    let esbuild = prefix.join("node_modules/.bin/esbuild");
    if !entry.is_file() || version_of(&esbuild).as_deref() != Some(ESBUILD_VERSION) {
        println!(
            "xtask: installing zendesk_app_framework_sdk@{ZAF_SDK_VERSION} and esbuild (npm)…"
        );
        npm_install(
            &prefix,
            &[
                format!("zendesk_app_framework_sdk@{ZAF_SDK_VERSION}"),
                format!("esbuild@{ESBUILD_VERSION}"),
            ],
        )?;
    }
    run_cmd(
        Command::new(&esbuild)
            .arg(&entry)
            .args([
                "--bundle",
                "--format=iife",
                "--global-name=ZAFClient",
                "--minify",
            ])
            .arg(format!("--outfile={}", out.display())),
    )?;
    Ok(out)
}

/// npm's `wasm-opt` (binaryen), which [`build_tools`] installs.
pub fn wasm_opt() -> PathBuf {
    tools_dir().join("node_modules/.bin/wasm-opt")
}

/// binaryen's `wasm-metadce`, installed beside [`wasm_opt`] (`shake.rs` removes the exports no
/// page calls with it).
pub fn wasm_metadce() -> PathBuf {
    tools_dir().join("node_modules/.bin/wasm-metadce")
}

/// The esbuild that [`fluent_bundle`] installs (and that minifies the widget's JS glue after).
pub fn esbuild() -> PathBuf {
    tools_dir().join("fluent/node_modules/.bin/esbuild")
}

/// Project Fluent's JavaScript implementation, which formats the widget's catalogs
/// (`src/i18n.rs` says why not the Rust crate: about 30 KB brotli more in every sidebar).
const FLUENT_BUNDLE_VERSION: &str = "0.19.1";

/// What the pages' `FluentBundle` global holds (`xtask/src/fluent.js`: the formatter and `Count`).
const FLUENT_ENTRY: &str = include_str!("fluent.js");

/// `target/vendor/fluent-bundle.js`: the npm package `@fluent/bundle`'s formatter bundled and
/// minified for the browser with `xtask/src/fluent.js`, exposing `FluentBundle.FluentBundle`
/// and `FluentBundle.Count` (each page inlines it: `<link data-trunk rel="inline">`). Not its
/// parser, `FluentResource` (1.4 KB brotli): the catalogs reach the pages parsed
/// (`build/fluent_json.rs`).
pub fn fluent_bundle() -> Result<PathBuf> {
    let prefix = tools_dir().join("fluent");
    let package = prefix.join("node_modules/@fluent/bundle");
    let esbuild = esbuild();
    let out = root().join("target/vendor/fluent-bundle.js");
    let installed = std::fs::read_to_string(package.join("package.json"))
        .is_ok_and(|p| p.contains(&format!("\"version\": \"{FLUENT_BUNDLE_VERSION}\"")));
    if !installed || version_of(&esbuild).as_deref() != Some(ESBUILD_VERSION) {
        println!("xtask: installing @fluent/bundle@{FLUENT_BUNDLE_VERSION} and esbuild (npm)…");
        npm_install(
            &prefix,
            &[
                format!("@fluent/bundle@{FLUENT_BUNDLE_VERSION}"),
                format!("esbuild@{ESBUILD_VERSION}"),
            ],
        )?;
    }
    let stamp = out.with_extension("version");
    // The stamp names what the file holds (the package's and esbuild's versions, the entry's
    // digest), so a file bundled from anything else is bundled again.
    let holds = format!(
        "{FLUENT_BUNDLE_VERSION} formatter, esbuild {ESBUILD_VERSION}, entry {}",
        crate::bundle::content_hash(FLUENT_ENTRY.as_bytes())
    );
    if out.is_file() && std::fs::read_to_string(&stamp).is_ok_and(|v| v == holds) {
        return Ok(out);
    }
    // Bundled from beside the install, so its imports resolve to that `node_modules` alone,
    // and from the very bytes the stamp hashes.
    let entry = prefix.join("sidecard-fluent.js");
    std::fs::write(&entry, FLUENT_ENTRY).map_err(|e| e.to_string())?;
    run_cmd(
        Command::new(&esbuild)
            .arg(&entry)
            .args([
                "--bundle",
                "--format=iife",
                "--global-name=FluentBundle",
                "--minify",
                // What the widget itself needs (wasm, `Intl.PluralRules`): no older syntax.
                "--target=es2020",
            ])
            .arg(format!("--outfile={}", out.display())),
    )?;
    std::fs::write(&stamp, holds).map_err(|e| e.to_string())?;
    Ok(out)
}

/// The json-server release the HTTP connector's tests run against (a real third-party REST
/// server from npm).
const JSON_SERVER_VERSION: &str = "0.17.4";

/// json-server's command line script, installed from npm when missing.
pub fn json_server() -> Result<PathBuf> {
    let prefix = tools_dir().join("json-server");
    let package = prefix.join("node_modules/json-server");
    let script = package.join("lib/cli/bin.js");
    let installed = std::fs::read_to_string(package.join("package.json"))
        .is_ok_and(|p| p.contains(&format!("\"version\": \"{JSON_SERVER_VERSION}\"")));
    if !script.is_file() || !installed {
        println!("xtask: installing json-server@{JSON_SERVER_VERSION} (npm)…");
        npm_install(&prefix, &[format!("json-server@{JSON_SERVER_VERSION}")])?;
    }
    Ok(script)
}

/// The axe-core release the browser tests check accessibility with (Deque's engine, npm).
const AXE_CORE_VERSION: &str = "4.14.1";

/// axe-core's browser script (`axe.min.js`), installed from npm when missing.
pub fn axe_core() -> Result<PathBuf> {
    let prefix = tools_dir().join("axe-core");
    let package = prefix.join("node_modules/axe-core");
    let installed = std::fs::read_to_string(package.join("package.json"))
        .is_ok_and(|p| p.contains(&format!("\"version\": \"{AXE_CORE_VERSION}\"")));
    if !installed {
        println!("xtask: installing axe-core@{AXE_CORE_VERSION} (npm)…");
        npm_install(&prefix, &[format!("axe-core@{AXE_CORE_VERSION}")])?;
    }
    Ok(package.join("axe.min.js"))
}

/// `npm install` of `packages` into `prefix` (its own `node_modules`, no package.json: each
/// prefix holds one install, since npm prunes what a later install does not name).
fn npm_install(prefix: &std::path::Path, packages: &[String]) -> Result {
    std::fs::create_dir_all(prefix).map_err(|e| e.to_string())?;
    run_cmd(
        Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
            ])
            .arg(prefix)
            .args(packages),
    )
}

/// What the tests run besides the code, from Debian's packages: Chromium and ChromeDriver for
/// the browser tests, PostgreSQL and Redis for the shared-store tests (their harness starts
/// its own servers; nothing is left running), and procps, whose `kill` and `pkill` the
/// harness stops and freezes them with. Only missing packages are installed.
pub fn browser() -> Result {
    let postgres = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .any(|v| v.path().join("bin/postgres").is_file());
    let missing: Vec<&str> = [
        (PathBuf::from(CHROMIUM).exists(), "chromium"),
        (PathBuf::from(CHROMEDRIVER).exists(), "chromium-driver"),
        (postgres, "postgresql"),
        (
            PathBuf::from("/usr/bin/redis-server").exists(),
            "redis-server",
        ),
        (PathBuf::from("/usr/bin/pkill").exists(), "procps"),
    ]
    .into_iter()
    .filter(|(present, _)| !present)
    .map(|(_, package)| package)
    .collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!("xtask: installing {} (apt)…", missing.join(", "));
    let sudo = |args: &[&str]| {
        let mut cmd = if is_root() {
            Command::new(args[0])
        } else {
            let mut c = Command::new("sudo");
            c.arg(args[0]);
            c
        };
        cmd.args(&args[1..])
            .env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run_cmd(&mut sudo(&["apt-get", "update", "-qq"]))?;
    let install = ["apt-get", "install", "-y", "-qq"];
    run_cmd(&mut sudo(&[&install[..], &missing].concat()))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The container image (Dockerfile `ARG`s) and the README pin the
    /// same tools `setup` installs: a version bumped in one place only would build one way here
    /// and another in the image, or send a newcomer to the wrong nightly.
    #[test]
    fn every_pin_names_the_versions_setup_installs() {
        let read = |name: &str| std::fs::read_to_string(root().join(name)).unwrap();
        let bindgen = locked_wasm_bindgen().unwrap();
        let dockerfile = read("Dockerfile");
        for (arg, version) in [
            ("TRUNK_VERSION", TRUNK_VERSION),
            ("WASM_BINDGEN_VERSION", bindgen.as_str()),
            ("BINARYEN_VERSION", BINARYEN_VERSION),
            ("WIDGET_TOOLCHAIN", WIDGET_TOOLCHAIN),
        ] {
            let line = format!("ARG {arg}={version}");
            assert!(
                dockerfile.lines().any(|l| l.trim() == line),
                "the Dockerfile should say `{line}`"
            );
        }
        let readme = read("README.md");
        for named in [
            format!("`{WIDGET_TOOLCHAIN}`"),
            format!("Trunk {TRUNK_VERSION}"),
        ] {
            assert!(readme.contains(&named), "the README should name {named}");
        }
    }
}
