//! The JS glue wasm-bindgen writes beside each bundle (`sidecard-<hash>.js`), minified.
//!
//! Trunk's own minifier (`minify = "on_release"`, which does minify the pages and the CSS)
//! gives up on wasm-bindgen's glue ("Failed to minify JS": the `minify-js` parser rejects
//! `export { … as default }`) and ships it as written: comments, whitespace and long names,
//! 6.7 KB brotli of every sidebar's download. esbuild, already installed for the Fluent bundle,
//! minifies it to 5.3 KB.
//!
//! Each page preloads its glue with a Subresource Integrity hash (`integrity="sha384-…"`,
//! computed by Trunk), so the page's hash is replaced by the minified file's: a page whose old
//! hash is left would refuse its own script, and every browser test would fail on it.

use crate::Result;
use base64::Engine;
use sha2::{Digest, Sha384};
use std::path::Path;
use std::process::Command;

/// Minifies every `*.js` in `dist` and rewrites the pages' integrity hashes to match.
pub fn minify(dist: &Path, esbuild: &Path) -> Result {
    let mut files = Vec::new();
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("js") => files.push(path),
            Some("html") => pages.push(path),
            _ => {}
        }
    }
    let mut html: Vec<String> = pages
        .iter()
        .map(|p| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display())))
        .collect::<Result<_>>()?;
    for js in &files {
        let before = std::fs::read(js).map_err(|e| format!("{}: {e}", js.display()))?;
        let output = Command::new(esbuild)
            .arg(js)
            // The glue is an ES module (`--target web`); es2020 is what the widget already
            // needs (wasm, `Intl.PluralRules`), as for the Fluent bundle.
            .args([
                "--minify",
                "--format=esm",
                "--target=es2020",
                "--log-level=warning",
            ])
            .output()
            .map_err(|e| format!("{}: {e}", esbuild.display()))?;
        if !output.status.success() {
            return Err(format!(
                "esbuild could not minify {}: {}",
                js.display(),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let after = output.stdout;
        let (old, new) = (integrity(&before), integrity(&after));
        let mut named = false;
        for page in &mut html {
            if page.contains(&old) {
                *page = page.replace(&old, &new);
                named = true;
            }
        }
        if !named {
            return Err(format!(
                "no page in {} preloads {} with its integrity hash: Trunk changed how it names \
                 the glue, and glue.rs must follow",
                dist.display(),
                js.display()
            ));
        }
        std::fs::write(js, after).map_err(|e| format!("{}: {e}", js.display()))?;
    }
    for (path, text) in pages.iter().zip(html) {
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// A Subresource Integrity value, as Trunk writes it (`sha384-` and standard base64).
fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
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
}
