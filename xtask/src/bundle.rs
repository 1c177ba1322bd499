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
//!    the page given what starts it: preloads of its script and module, with Subresource
//!    Integrity hashes, and the module script that runs the glue's init. The chunks are not
//!    preloaded: the page fetches them when a view needs them (relative to the glue's URL).

use crate::size::CHUNK;
use crate::{Result, glue, read, read_text, root, run_cmd, setup, split, write};
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
/// it), and writes its loader into that HTML, with what it says if it cannot start.
pub fn build(page: &Page, into: &Path, fallback: &Fallback) -> Result {
    let linked = compile(page)?;
    let work = root().join("target/xtask-bundle").join(page.name);
    let built = bind(page, &linked, &work)?;
    glue::finish(&built.glue, &built.wasm, built.chunks.len())?;
    for (_, chunk) in &built.chunks {
        glue::optimize_chunk(chunk)?;
    }
    publish(page, &built, into, fallback)?;
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
        // not need would rebuild them all for each page).
        .args(["--", "-Clink-args=--emit-relocs"]);
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
fn content_hash(bytes: &[u8]) -> String {
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

/// Writes the built files into `into` under names of their contents, and the page's loader
/// into its HTML.
fn publish(page: &Page, built: &Built, into: &Path, fallback: &Fallback) -> Result {
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

    let html_path = into.join(format!("{}.html", page.name));
    let html = read_text(&html_path)?;
    let start = starter(
        &js_file,
        &integrity(glue.as_bytes()),
        &wasm_file,
        &integrity(&wasm),
        fallback,
    );
    let html = with_starter(&html, &start).map_err(|e| format!("{}: {e}", html_path.display()))?;
    write(&html_path, html.as_bytes())
}

/// What starts a page: its glue and module preloaded (fetched while the page parses), and the
/// module script that imports the glue and runs its init with the module's response. Each
/// file is checked against its hash: the glue by its `modulepreload` (whose failure the import
/// then shares), the module by the `fetch` handed to init, and each chunk by the glue
/// (`glue::relink_chunk`). Not by the module's `preload`: Chromium ignores `integrity` on a
/// `preload` of a fetch (<https://crbug.com/981419>, which it says in the console), and that
/// preload only starts the download, which the checked `fetch` then takes over (one request).
/// If anything fails (a file refused, unreachable, or a start that traps), the page says so
/// instead of staying blank ([`Fallback`]). Relative URLs: the proxy serves its pages at `/`
/// and under `/settings/`, and the help desks' pages run from inside their packages.
fn starter(
    js: &str,
    js_integrity: &str,
    wasm: &str,
    wasm_integrity: &str,
    fallback: &Fallback,
) -> String {
    format!(
        "<link rel=\"modulepreload\" href=\"./{js}\" crossorigin=\"anonymous\" \
         integrity=\"{js_integrity}\">\
         <link rel=\"preload\" href=\"./{wasm}\" crossorigin=\"anonymous\" as=\"fetch\" \
         type=\"application/wasm\">\
         <script type=\"module\">import(\"./{js}\").then(g=>g.default({{module_or_path:\
         fetch(\"./{wasm}\",{{integrity:\"{wasm_integrity}\"}})}})).catch({})</script>",
        fallback.script()
    )
}

/// What a page says when its bundle cannot start: `start-failed`, English from `en.ftl` in
/// the page, then the browser's language's from the catalogs the page serves, if one matches.
/// The pick is simpler than the widget's (`sidecard_model::language`): the tag, then its
/// language alone, with Traditional Chinese left in English as the widget leaves it (and a
/// bare `zh` after a Traditional tag too). The catalog is fetched revalidated (`no-cache`):
/// without the widget's `?v=<hash>` its URL does not change with its contents, and the proxy
/// serves its files `immutable`.
pub struct Fallback {
    /// `start-failed` in English.
    english: String,
    /// Every catalog's tag.
    tags: Vec<String>,
}

impl Fallback {
    /// From the catalogs.
    pub fn read() -> Result<Fallback> {
        let catalogs = crate::catalogs::all()?;
        let english = catalogs
            .first()
            .filter(|c| c.tag == "en")
            .ok_or("locales/en.ftl is missing")?
            .text(START_FAILED)?;
        Ok(Fallback {
            english,
            tags: catalogs.into_iter().map(|c| c.tag).collect(),
        })
    }

    /// The handler of a failed start: logs why, shows the English sentence as text (never
    /// markup), and replaces it with the browser language's from its catalog (one line,
    /// `catalogs.rs` checks) when that arrives.
    fn script(&self) -> String {
        format!(
            "e=>{{console.error(\"Sidecard could not start:\",e);\
             const p=document.createElement(\"p\");p.className=\"prompt\";\
             p.setAttribute(\"role\",\"alert\");p.textContent={english};document.body.append(p);\
             let h=0;const t=navigator.languages.map(l=>l.toLowerCase())\
             .filter(l=>/^zh-(tw|hk|mo|hant)/.test(l)?(h=1,0):!(h&&l==\"zh\"))\
             .flatMap(l=>[l,l.split(\"-\")[0]])\
             .map(l=>{tags}.find(c=>c.toLowerCase()==l||c.toLowerCase().split(\"-\")[0]==l))\
             .find(c=>c);\
             if(t&&t!=\"en\")fetch(\"locales/\"+t+\".ftl\",{{cache:\"no-cache\"}}).then(r=>r.ok?r.text():\"\")\
             .then(s=>{{const m=s.match(/^{START_FAILED} = (.+)$/m);if(m)p.textContent=m[1]}})\
             .catch(()=>{{}})}}",
            english = script_string(&self.english),
            tags = script_string_list(&self.tags),
        )
    }
}

/// The message a page shows when its bundle cannot start (`locales/*.ftl`).
const START_FAILED: &str = "start-failed";

/// `text` as a JavaScript string literal that cannot end the inline script it is written in.
fn script_string(text: &str) -> String {
    serde_json::to_string(text)
        .expect("a string serializes")
        .replace('<', "\\u003c")
}

/// `items` as a JavaScript array literal of strings.
fn script_string_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| script_string(i)).collect();
    format!("[{}]", items.join(","))
}

/// `html` with `start` in place of the page's Rust link, which Trunk skipped and left as
/// written (`<link data-trunk … data-trunk-skip …>`, where each page's source puts it).
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
    let end = at + html[at..].find('>').unwrap_or_default() + 1;
    Ok(format!("{}{start}{}", &html[..at], &html[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let start = starter("a.js", "sha384-x", "a_bg.wasm", "sha384-y", &fallback());
        let built = with_starter(page, &start).unwrap();
        assert!(built.starts_with(
            "<html><head><title>S</title><script>x=\"</head>\"</script><link rel=\"modulepreload\""
        ));
        assert!(built.ends_with("</script></head><body></body></html>"));
        assert!(!built.contains("data-trunk"));
        // Built twice, or a page without the link (or with two): stopped.
        assert!(with_starter(&built, &start).is_err());
        assert!(with_starter("<head></head>", &start).is_err());
        let twice = page.replace(
            "</head><body>",
            "<link data-trunk data-trunk-skip></head><body>",
        );
        assert!(with_starter(&twice, &start).is_err());
    }

    fn fallback() -> Fallback {
        Fallback {
            english: "Could not start </script><b>".into(),
            tags: vec!["en".into(), "zh-CN".into()],
        }
    }

    #[test]
    fn the_starter_checks_the_glue_and_the_module_and_says_when_they_fail() {
        let start = starter("a.js", "sha384-x", "a_bg.wasm", "sha384-y", &fallback());
        // The glue by its preload, which its import shares.
        assert!(start.contains(
            "<link rel=\"modulepreload\" href=\"./a.js\" crossorigin=\"anonymous\" \
             integrity=\"sha384-x\">"
        ));
        assert!(start.contains("import(\"./a.js\")"));
        // The module by the fetch init reads, not by its preload (where Chromium ignores it).
        assert!(start.contains("module_or_path:fetch(\"./a_bg.wasm\",{integrity:\"sha384-y\"})"));
        let preload = start.split("<link rel=\"preload\"").nth(1).unwrap();
        assert!(!preload.split('>').next().unwrap().contains("integrity"));
        // A failed start is caught, and its sentence is text that cannot end the script.
        assert!(start.contains(".catch(e=>{console.error("));
        assert!(start.contains("p.textContent=\"Could not start \\u003c/script>\\u003cb>\""));
        assert_eq!(start.matches("</script>").count(), 1);
        assert!(start.contains(r#"["en","zh-CN"].find("#));
        assert!(start.contains("/^start-failed = (.+)$/m"));
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
