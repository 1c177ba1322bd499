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
/// it), and writes its loader into that HTML.
pub fn build(page: &Page, into: &Path) -> Result {
    let linked = compile(page)?;
    let work = root().join("target/xtask-bundle").join(page.name);
    let built = bind(page, &linked, &work)?;
    glue::finish(&built.glue, &built.wasm, built.chunks.len())?;
    for (_, chunk) in &built.chunks {
        glue::optimize_chunk(chunk)?;
    }
    publish(page, &built, into)?;
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
fn publish(page: &Page, built: &Built, into: &Path) -> Result {
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
    );
    let html = with_starter(&html, &start).map_err(|e| format!("{}: {e}", html_path.display()))?;
    write(&html_path, html.as_bytes())
}

/// What starts a page: its glue and module preloaded (fetched while the page parses; the
/// glue's preload is checked against its hash, and the glue checks each chunk's,
/// `glue::relink_chunk`), and the module script that runs the glue's init with the module's
/// URL. Relative URLs: the proxy serves its pages at `/` and under `/settings/`, and the help
/// desks' pages run from inside their packages.
fn starter(js: &str, js_integrity: &str, wasm: &str, wasm_integrity: &str) -> String {
    format!(
        "<link rel=\"modulepreload\" href=\"./{js}\" crossorigin=\"anonymous\" \
         integrity=\"{js_integrity}\">\
         <link rel=\"preload\" href=\"./{wasm}\" crossorigin=\"anonymous\" \
         integrity=\"{wasm_integrity}\" as=\"fetch\" type=\"application/wasm\">\
         <script type=\"module\">import init from \"./{js}\";\
         await init({{ module_or_path: \"./{wasm}\" }});</script>"
    )
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
        let start = starter("a.js", "sha384-x", "a_bg.wasm", "sha384-y");
        let built = with_starter(page, &start).unwrap();
        assert!(built.starts_with(
            "<html><head><title>S</title><script>x=\"</head>\"</script><link rel=\"modulepreload\""
        ));
        assert!(built.ends_with("</script></head><body></body></html>"));
        assert!(!built.contains("data-trunk"));
        assert!(built.contains("import init from \"./a.js\""));
        assert!(built.contains("module_or_path: \"./a_bg.wasm\""));
        // Built twice, or a page without the link (or with two): stopped.
        assert!(with_starter(&built, &start).is_err());
        assert!(with_starter("<head></head>", &start).is_err());
        let twice = page.replace(
            "</head><body>",
            "<link data-trunk data-trunk-skip></head><body>",
        );
        assert!(with_starter(&twice, &start).is_err());
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
