//! The Rust half of every page, which `cargo xtask build` runs itself (Trunk builds the pages'
//! HTML and CSS: each page's Rust link is `data-trunk-skip`).
//!
//! Trunk runs cargo and wasm-bindgen back to back, and the views loaded on demand
//! (`src/on_demand.rs`) need a step between the two: the linked module is split (`split.rs`)
//! before wasm-bindgen writes the glue. So, for each page of [`PAGES`]:
//!
//! 1. `cargo rustc` of the page's binary with its own feature alone, in the `widget` profile
//!    with the widget's compile options ([`WIDGET_RUSTFLAGS`]), linked with `--emit-relocs`
//!    for the split;
//! 2. the split, where the module has split points: the main module, one module per chunk,
//!    and the loader the main module imports them through;
//! 3. `wasm-bindgen --target web --keep-lld-exports`: the chunks take the main module's table,
//!    memory and stack pointer from its exports, which wasm-bindgen otherwise removes;
//! 4. the glue and the modules made small ([`glue::finish`]);
//! 5. each file named after its contents (`<bin>-<hash>.js`, `<bin>-<hash>_bg.wasm`,
//!    `<bin>-<chunk>-<hash>.chunk.wasm`; a new build never reuses a cached file's name) and
//!    the page given what starts it: preloads of its script and module, and its start script
//!    (`start.js`), which checks the module against its hash as it compiles it and runs the
//!    glue's init. The chunks are not preloaded: the page fetches them when a view needs them
//!    (relative to the glue's URL).

use crate::size::CHUNK;
use crate::{Result, glue, link, read, read_text, root, run_cmd, run_output, setup, split, write};
use base64::Engine;
use sha2::{Digest, Sha256, Sha384};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One page and the binary it runs.
pub struct Page {
    /// Its HTML file's stem (`<name>.html` at the repository's root).
    pub name: &'static str,
    /// The widget binary it runs (a `[[bin]]` of the widget's `Cargo.toml`).
    pub bin: &'static str,
    /// The cargo feature it is built with (the host adapter's, `cards` for the standalone
    /// page, `settings` for the settings page), beyond none of the defaults.
    pub feature: &'static str,
    /// Served by the proxy (built into `dist/`), or packaged into a help desk's app (built
    /// into `target/desks/`).
    pub served: bool,
}

/// Every page the widget builds. Adding one: its `.html`, its `[[bin]]`, a row here, and
/// the size report's row (`size.rs`).
pub const PAGES: [Page; 5] = [
    Page {
        name: "index",
        bin: "sidecard",
        feature: "cards",
        served: true,
    },
    Page {
        name: "settings",
        bin: "sidecard-settings",
        feature: "settings",
        served: true,
    },
    Page {
        name: "cif",
        bin: "sidecard-cif",
        feature: "cif",
        served: true,
    },
    Page {
        name: "zendesk",
        bin: "sidecard-zendesk",
        feature: "zendesk",
        served: false,
    },
    Page {
        name: "freshdesk",
        bin: "sidecard-freshdesk",
        feature: "freshdesk",
        served: false,
    },
];

/// How the widget's wasm is compiled, beyond `[profile.widget]` (measured on the agent bundle,
/// brotli, in the README's size history; each is documented where it is defined):
///
/// - `-Cpanic=immediate-abort` (with the standard library rebuilt for it, below): a panic is a
///   trap, so no panic message, location or formatting code is shipped. `panic = "abort"`
///   already ended the app on a panic; only the console message is lost. rustc's `panic` codegen option,
///   <https://doc.rust-lang.org/rustc/codegen-options/index.html#panic> (rust-lang/rust#146317).
/// - `-Zfmt-debug=none`: `{:?}` prints nothing and derived `Debug` is empty. Nothing an agent
///   reads may use `{:?}` (the model's messages quote with `"{}"`).
/// - `-Zlocation-detail=none`: no source paths in the module.
/// - `--cfg erase_components`: Leptos gives every component an erased `AnyView` (leptos'
///   `erase_components` cfg), so nested view types stop multiplying the code generated for them.
/// - `--cfg sidecard_split`: the on-demand views become split points (`src/on_demand.rs`).
pub const WIDGET_RUSTFLAGS: &str = "-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none \
     -Zlocation-detail=none --cfg erase_components --cfg sidecard_split";

/// A built page's files, not yet named after their contents.
struct Built {
    /// The glue.
    glue: PathBuf,
    /// The main module.
    wasm: PathBuf,
    /// Each chunk: its name in the split (what the loader fetches, `./<name>.wasm`) and path.
    chunks: Vec<(String, PathBuf)>,
}

/// Builds `page`'s bundle into `into`, beside its HTML (`into/<name>.html`, as Trunk wrote
/// it), and writes what starts it into that HTML ([`StartScript`]).
pub fn build(page: &Page, into: &Path, start: &StartScript) -> Result {
    let linked = compile(page)?;
    let work = root().join("target/xtask-bundle").join(page.name);
    let built = bind(page, &linked, &work)?;
    glue::finish(&built.glue, &built.wasm, built.chunks.len())?;
    for (_, chunk) in &built.chunks {
        glue::optimize_chunk(chunk)?;
    }
    publish(page, &built, into, start)?;
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

/// `cargo rustc` of the page's binary; the linked module's path.
fn compile(page: &Page) -> Result<PathBuf> {
    let mut cmd = Command::new(setup::rustup_cargo());
    cmd.args(["rustc", "--target", "wasm32-unknown-unknown"])
        .args(["--profile", "widget", "--bin", page.bin])
        .arg("--no-default-features")
        .args(["--features", page.feature])
        // Every page has split points (src/on_demand.rs): the linker keeps the relocations
        // the split reads (the binary's link alone: in RUSTFLAGS, a flag every crate does
        // not need would rebuild them all for each page). The linker is xtask, which leaves
        // out the exports no page uses (`link.rs`).
        .args(["--", "-Clink-args=--emit-relocs"])
        .args(link::rustc_flags()?)
        .env(link::ENV, "1");
    run_cmd(
        cmd
            // The standard library rebuilt with the widget, optimized for size
            // (<https://doc.rust-lang.org/cargo/reference/unstable.html#build-std>,
            // `build-std-features`); this needs the pinned nightly and its `rust-src`.
            .env("RUSTUP_TOOLCHAIN", setup::WIDGET_TOOLCHAIN)
            .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
            .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
                WIDGET_RUSTFLAGS,
            )
            // Either would replace the flags above (cargo takes the first set of RUSTFLAGS it
            // finds), and RUSTC would bypass the pinned toolchain: the build would pass and
            // only the size budget would fail, for no visible reason. The module is read from
            // `target/` below: a target directory set elsewhere would leave an old one there.
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("CARGO_BUILD_TARGET_DIR")
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("RUSTC"),
    )?;
    Ok(root()
        .join("target/wasm32-unknown-unknown/widget")
        .join(format!("{}.wasm", page.bin)))
}

/// The split and wasm-bindgen, into `work`.
fn bind(page: &Page, linked: &Path, work: &Path) -> Result<Built> {
    let _ = std::fs::remove_dir_all(work);
    let input = read(linked)?;
    let split = if split::has_split_points(&input)? {
        split::split(&input, linked, work, page.bin)?
    } else {
        split::Split {
            main: linked.to_owned(),
            chunks: Vec::new(),
        }
    };
    // One chunk per page: code two chunks share becomes a third module the loader fetches
    // first, imported through a second import group that wasm-bindgen writes as a second
    // `"./__wasm_split.js"` key, neither of which `glue.rs` handles.
    if split.chunks.len() > 1 {
        return Err(format!(
            "{}: {} chunks; a page has one (put its views loaded on demand in one `on_demand!` \
             chunk, src/on_demand.rs)",
            page.bin,
            split.chunks.len()
        ));
    }
    let mut bindgen = Command::new(setup::wasm_bindgen());
    bindgen.args(["--target", "web", "--no-typescript"]);
    if !split.chunks.is_empty() {
        bindgen.arg("--keep-lld-exports");
    }
    run_cmd(
        bindgen
            .arg("--out-dir")
            .arg(work)
            .args(["--out-name", page.bin])
            .arg(&split.main),
    )?;
    let chunks = split
        .chunks
        .into_iter()
        .map(|path| {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .ok_or_else(|| format!("{}: no chunk name", path.display()))?
                .to_owned();
            Ok((name, path))
        })
        .collect::<Result<_>>()?;
    Ok(Built {
        glue: work.join(format!("{}.js", page.bin)),
        wasm: work.join(format!("{}_bg.wasm", page.bin)),
        chunks,
    })
}

/// The first 16 hex digits of the SHA-256 of `bytes`: a file name that changes with it.
pub fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A Subresource Integrity value (`sha384-` and standard base64).
pub fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// Writes the built files into `into` under names of their contents, and what starts the page
/// into its HTML.
fn publish(page: &Page, built: &Built, into: &Path, start: &StartScript) -> Result {
    let mut glue = read_text(&built.glue)?;
    for (name, path) in &built.chunks {
        let bytes = read(path)?;
        let file = format!("{}-{name}-{}{CHUNK}", page.bin, content_hash(&bytes));
        glue = glue::relink_chunk(&glue, name, &file, &integrity(&bytes))
            .map_err(|e| format!("{}: {e}", built.glue.display()))?;
        write(&into.join(&file), &bytes)?;
    }
    let wasm = read(&built.wasm)?;
    let wasm_file = format!("{}-{}_bg.wasm", page.bin, content_hash(&wasm));
    write(&into.join(&wasm_file), &wasm)?;
    let js_file = format!("{}-{}.js", page.bin, content_hash(glue.as_bytes()));
    write(&into.join(&js_file), glue.as_bytes())?;

    let script = start.for_page(&js_file, &wasm_file, &integrity(&wasm));
    let start = starter(&js_file, &integrity(glue.as_bytes()), &wasm_file, &script)?;
    let html_path = into.join(format!("{}.html", page.name));
    let html = read_text(&html_path)?;
    let html = with_starter(&html, &start).map_err(|e| format!("{}: {e}", html_path.display()))?;
    write(&html_path, html.as_bytes())
}

/// What starts a page: its glue and module preloaded (fetched while the page parses), and
/// `script` (its start script, minified) as the module script that runs them, `async` (it runs
/// once parsed, not after the stylesheet: `start.js` says why). The glue is
/// checked against its hash by its `modulepreload`, whose failure the script's `import` then
/// shares; the module by the script; each chunk by the glue (`glue::relink_chunk`). Not by the
/// module's `preload`: Chromium ignores `integrity` on a `preload` of a fetch
/// (<https://crbug.com/981419>, which it says in the console), and that preload only starts
/// the download, which the script's `fetch` then takes over (one request). Relative URLs: the
/// proxy serves its pages at `/` and under `/settings/`, and the help desks' pages run from
/// inside their packages.
fn starter(js: &str, js_integrity: &str, wasm: &str, script: &str) -> Result<String> {
    // Nothing in it may end the script or open an HTML comment in it (the page's parser would
    // read on as markup): the page's data is written into it with `<` escaped, after esbuild
    // (which prints strings its own way), and the whole is checked here all the same.
    let lower = script.to_ascii_lowercase();
    if lower.contains("</script") || lower.contains("<!--") {
        return Err("the start script would end early inside its <script>".into());
    }
    Ok(format!(
        "<link rel=\"modulepreload\" href=\"./{js}\" crossorigin=\"anonymous\" \
         integrity=\"{js_integrity}\">\
         <link rel=\"preload\" href=\"./{wasm}\" crossorigin=\"anonymous\" as=\"fetch\" \
         type=\"application/wasm\">\
         <script type=\"module\" async>{script}</script>"
    ))
}

/// The pages' start script (`start.js`, which says what it does and why), minified once per
/// build with `__PAGE__` left in it, where [`StartScript::for_page`] writes each page's files
/// and what it says when it cannot start or stops ([`START_FAILED`], [`STOPPED_WORKING`]):
/// English from `en.ftl`, written into the page, and every catalog's tag, for the browser's
/// language's sentence, which the page fetches.
pub struct StartScript {
    /// `start.js`, minified.
    script: String,
    /// Each message's English, by its id.
    english: std::collections::BTreeMap<&'static str, String>,
    /// Every catalog's tag.
    tags: Vec<String>,
}

impl StartScript {
    /// From `start.js` (minified by esbuild, as the glue is) and the catalogs.
    pub fn read() -> Result<StartScript> {
        let catalogs = crate::catalogs::all()?;
        let en = catalogs
            .first()
            .filter(|c| c.tag == "en")
            .ok_or("locales/en.ftl is missing")?;
        let english = [START_FAILED, STOPPED_WORKING]
            .into_iter()
            .map(|id| Ok((id, en.text(id)?)))
            .collect::<Result<_>>()?;
        let at = root().join("xtask/src/start.js");
        let script = run_output(Command::new(setup::esbuild()).arg(&at).args(glue::MINIFY))?;
        let script = String::from_utf8(script).map_err(|e| format!("{}: {e}", at.display()))?;
        if !script.contains("__PAGE__") {
            return Err(format!("{}: esbuild left no __PAGE__ in it", at.display()));
        }
        Ok(StartScript {
            script: script.trim_end().to_owned(),
            english,
            tags: catalogs.into_iter().map(|c| c.tag).collect(),
        })
    }

    /// The start script of the page with glue `js` and module `wasm` (`wasm_integrity`).
    fn for_page(&self, js: &str, wasm: &str, wasm_integrity: &str) -> String {
        let page = serde_json::json!({
            "glue": format!("./{js}"),
            "wasm": format!("./{wasm}"),
            "integrity": wasm_integrity,
            "english": self.english,
            "tags": self.tags,
        });
        self.script.replacen("__PAGE__", &script_value(&page), 1)
    }
}

/// The message a page shows when its bundle cannot start (`locales/*.ftl`).
const START_FAILED: &str = "start-failed";

/// The message a page shows when its bundle stops after it started: a panic, which aborts.
const STOPPED_WORKING: &str = "stopped-working";

/// `value` as JavaScript (JSON is) that cannot end the inline script it is written in.
fn script_value(value: &serde_json::Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// `html` with `start` in place of the page's Rust link, which Trunk skipped and left as
/// written (`<link data-trunk … data-trunk-skip …>`, where each page's source puts it); refused
/// when a script of the page's head follows its stylesheet.
fn with_starter(html: &str, start: &str) -> std::result::Result<String, String> {
    let links: Vec<usize> = html
        .match_indices("<link data-trunk")
        .map(|(at, _)| at)
        .filter(|&at| {
            html[at..]
                .split('>')
                .next()
                .is_some_and(|tag| tag.contains("data-trunk-skip"))
        })
        .collect();
    let [at] = links[..] else {
        return Err(format!(
            "expected the page's one skipped Rust link, found {}",
            links.len()
        ));
    };
    // The start script is `async`, to run as soon as it is parsed rather than once the
    // stylesheet is in. A script after the stylesheet stops the parser until the stylesheet
    // is in, and the start script with it: the gain gone, without any test failing.
    let head = &html[..at];
    let stylesheet = ["rel=stylesheet", "rel=\"stylesheet\""]
        .iter()
        .filter_map(|rel| head.find(rel))
        .min();
    if stylesheet.is_some_and(|sheet| head[sheet..].contains("<script")) {
        return Err(
            "a script follows the stylesheet: put it ahead of the stylesheet's link, or \
                    the parser (and the start script) waits there for the stylesheet"
                .into(),
        );
    }
    let end = at + html[at..].find('>').unwrap_or_default() + 1;
    Ok(format!("{}{start}{}", &html[..at], &html[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `start.js` as written, with `__PAGE__` where [`StartScript::for_page`] writes the page's
    /// data.
    const START_JS: &str = include_str!("start.js");

    #[test]
    fn integrity_is_the_sri_form_of_sha384() {
        // The SRI specification's own example: `alert('Hello, world.');`.
        assert_eq!(
            integrity(b"alert('Hello, world.');"),
            "sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO"
        );
    }

    #[test]
    fn the_starter_takes_the_skipped_rust_links_place_once() {
        // As Trunk's minifier leaves it, after the inlined Fluent bundle (whose text may hold
        // anything, `</head>` included).
        let page = "<html><head><title>S</title><script>x=\"</head>\"</script>\
                    <link data-trunk data-trunk-id=3 data-trunk-skip rel=rust></head><body></body></html>";
        let start = starter("a.js", "sha384-x", "a_bg.wasm", "go()").unwrap();
        let built = with_starter(page, &start).unwrap();
        assert!(built.starts_with(
            "<html><head><title>S</title><script>x=\"</head>\"</script><link rel=\"modulepreload\""
        ));
        assert!(
            built.ends_with(
                "<script type=\"module\" async>go()</script></head><body></body></html>"
            )
        );
        assert!(!built.contains("data-trunk"));
        // Built twice, or a page without the link (or with two): stopped.
        assert!(with_starter(&built, &start).is_err());
        assert!(with_starter("<head></head>", &start).is_err());
        let twice = page.replace(
            "</head><body>",
            "<link data-trunk data-trunk-skip></head><body>",
        );
        assert!(with_starter(&twice, &start).is_err());
        // A script after the stylesheet (minified or as Trunk writes it) holds the parser
        // there until the stylesheet is in: refused. Ahead of it, or a stylesheet alone, is
        // fine.
        for sheet in [
            "<link href=./s.css rel=stylesheet>",
            "<link rel=\"stylesheet\" href=\"./s.css\"/>",
        ] {
            let after = page.replace("<script>", &format!("{sheet}<script>"));
            assert!(with_starter(&after, &start).is_err(), "{after}");
            let ahead = page.replace("<link data-trunk", &format!("{sheet}<link data-trunk"));
            assert!(with_starter(&ahead, &start).is_ok(), "{ahead}");
            let alone = format!("<head>{sheet}<link data-trunk data-trunk-skip rel=rust></head>");
            assert!(with_starter(&alone, &start).is_ok(), "{alone}");
        }
    }

    /// The script as written (not minified), with two messages that markup cannot escape from.
    fn start_script() -> StartScript {
        StartScript {
            script: START_JS.to_owned(),
            english: [
                (START_FAILED, "Could not start </script><b>".to_owned()),
                (STOPPED_WORKING, "Stopped <!-- here".to_owned()),
            ]
            .into(),
            tags: vec!["en".into(), "zh-CN".into()],
        }
    }

    #[test]
    fn the_starter_checks_the_glue_by_its_preload_and_not_the_module_by_its_own() {
        let start = starter("a.js", "sha384-x", "a_bg.wasm", "go()").unwrap();
        // The glue by its preload, which the script's import shares.
        assert!(start.contains(
            "<link rel=\"modulepreload\" href=\"./a.js\" crossorigin=\"anonymous\" \
             integrity=\"sha384-x\">"
        ));
        // The module by the script (below), not by its preload, where Chromium ignores it.
        let preload = start.split("<link rel=\"preload\"").nth(1).unwrap();
        assert!(preload.starts_with(" href=\"./a_bg.wasm\""));
        assert!(!preload.split('>').next().unwrap().contains("integrity"));
        // A script that would end its element early, or open a comment in it, is refused.
        for bad in ["x=\"</SCRIPT>\"", "x=\"<!--\""] {
            assert!(
                starter("a.js", "sha384-x", "a_bg.wasm", bad).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_start_script_names_the_pages_files_and_its_messages_as_data_that_cannot_end_it() {
        let script = start_script().for_page("a.js", "a_bg.wasm", "sha384-y");
        // Written where the script reads it, and nowhere else.
        assert_eq!(START_JS.matches("__PAGE__").count(), 1);
        let page = script
            .lines()
            .find_map(|l| l.strip_prefix("const PAGE = "))
            .unwrap()
            .trim_end_matches(';');
        // Markup in a message is only ever text; escaped, it cannot end the script either.
        assert!(!page.contains('<'));
        let page: serde_json::Value = serde_json::from_str(page).unwrap();
        assert_eq!(page["glue"], "./a.js");
        assert_eq!(page["wasm"], "./a_bg.wasm");
        assert_eq!(page["integrity"], "sha384-y");
        assert_eq!(
            page["english"]["start-failed"],
            "Could not start </script><b>"
        );
        assert_eq!(page["english"]["stopped-working"], "Stopped <!-- here");
        assert_eq!(page["tags"], serde_json::json!(["en", "zh-CN"]));
        assert!(!script.contains("__PAGE__"));
        // And the page that starts with it is built.
        assert!(starter("a.js", "sha384-x", "a_bg.wasm", &script).is_ok());
        // Every field the script reads is one written.
        for field in START_JS.split("PAGE.").skip(1) {
            let field: String = field
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            assert!(page.get(&field).is_some(), "start.js reads PAGE.{field}");
        }
        // What the script does with them: each message is one the catalogs have (`catalogs.rs`
        // holds every catalog to it), shown as text.
        for id in [START_FAILED, STOPPED_WORKING] {
            assert!(START_JS.contains(&format!("\"{id}\"")), "{id}");
        }
        assert!(!START_JS.contains("innerHTML"));
    }

    #[test]
    fn content_names_change_with_the_content() {
        assert_eq!(content_hash(b"a").len(), 16);
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
    }

    #[test]
    fn every_page_has_its_html_and_its_binary() {
        let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
        for page in &PAGES {
            assert!(
                root().join(format!("{}.html", page.name)).is_file(),
                "{}",
                page.name
            );
            assert!(
                manifest.contains(&format!("name = \"{}\"", page.bin)),
                "{}",
                page.bin
            );
        }
    }
}
