//! What `cargo xtask build` does to each bundle after Trunk: only what the page uses, the wasm
//! optimized (`shake.rs`), then short names across the JS/wasm boundary, then the JS glue
//! minified.
//!
//! - **Names.** wasm-bindgen names every import and export after the Rust path and a hash
//!   (`__wbg_setAttribute_d2d0a4f9b5c7e4a1`, closure shims over 200 characters long), about 185
//!   of them, each written in the wasm and again in the glue. binaryen's
//!   `--minify-imports-and-exports-and-modules` pass renames them in the wasm to one or two
//!   letters and prints the mapping (`{"imports": [[module, old, new]…], "exports": [[old,
//!   new]…]}`); the glue is rewritten to match: its import object's keys, its module's name,
//!   and every `wasm.<export>`. Each import must be found exactly once where expected, and no
//!   old name may be left however the glue reaches it, so a wasm-bindgen that writes its glue
//!   differently stops the build rather than shipping a module that cannot start. 3.8 KB
//!   brotli off the agent bundle (1.9 KB of wasm, 1.9 KB of JS).
//! - **Minified glue.** Trunk's own minifier (`minify = "on_release"`, which does minify the
//!   pages and the CSS) gives up on wasm-bindgen's glue ("Failed to minify JS": the
//!   `minify-js` parser rejects `export { … as default }`) and ships it as written. esbuild,
//!   already installed for the Fluent bundle, minifies it (6.7 → 5.3 KB brotli before the
//!   names).
//!
//! Each page preloads its glue and wasm with Subresource Integrity hashes (`integrity=
//! "sha384-…"`, computed by Trunk), so each page's old hash is replaced by the new file's: a
//! page left with an old hash would refuse its own script, and every browser test would fail.

use crate::{Result, read, run_output, shake, wasm, write};
use base64::Engine;
use sha2::{Digest, Sha384};
use std::path::Path;
use std::process::Command;

/// Shakes and optimizes each bundle ([`shake::shake`]), shortens its boundary names, minifies
/// its glue, and rewrites the pages' integrity hashes to match.
pub fn minify(dist: &Path, esbuild: &Path, wasm_opt: &Path) -> Result {
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
        let as_built = read(js)?;
        let built_hash = integrity(&as_built);
        let mut glue = String::from_utf8(as_built).map_err(|e| e.to_string())?;
        // (hash the pages name now, the new file's) for the wasm and the glue.
        let mut changed = Vec::new();
        // Trunk writes `<name>.js` beside `<name>_bg.wasm`.
        let wasm = js.with_file_name(format!(
            "{}_bg.wasm",
            js.file_stem().and_then(|s| s.to_str()).unwrap_or_default()
        ));
        if wasm.is_file() {
            let original = read(&wasm)?;
            glue = shake::shake(js, &glue, &wasm, esbuild, wasm_opt)?;
            let mapping = run_output(
                Command::new(wasm_opt)
                    .arg(&wasm)
                    .arg("--minify-imports-and-exports-and-modules")
                    // The last pass over the module: binaryen reads which wasm features the
                    // module uses from this section (no section, and it rejects the module),
                    // so it goes only now. Browsers ignore it (148 bytes).
                    .arg("--strip-target-features")
                    .arg("-o")
                    .arg(&wasm),
            )?;
            let renamed = read(&wasm)?;
            let module = wasm::first_import_module(&renamed)
                .ok_or_else(|| format!("{}: no import to name the module by", wasm.display()))?;
            let mapping = parse_mapping(&mapping)
                .map_err(|e| format!("{}: wasm-opt's mapping: {e}", wasm.display()))?;
            glue =
                rename(&glue, &mapping, &module).map_err(|e| format!("{}: {e}", js.display()))?;
            changed.push((integrity(&original), integrity(&renamed)));
        }
        write(js, glue.as_bytes())?;
        let minified = run_output(
            Command::new(esbuild)
                .arg(js)
                // The glue is an ES module (`--target web`); es2020 is what the widget already
                // needs (wasm, `Intl.PluralRules`), as for the Fluent bundle.
                .args([
                    "--minify",
                    "--format=esm",
                    "--target=es2020",
                    "--log-level=warning",
                ]),
        )?;
        write(js, &minified)?;
        changed.push((built_hash, integrity(&minified)));
        for (old, new) in changed {
            let mut named = false;
            for page in &mut html {
                if page.contains(&old) {
                    *page = page.replace(&old, &new);
                    named = true;
                }
            }
            if !named {
                return Err(format!(
                    "no page in {} preloads {} (or its wasm) with its integrity hash: Trunk \
                     changed how it names them, and glue.rs must follow",
                    dist.display(),
                    js.display()
                ));
            }
        }
    }
    for (path, text) in pages.iter().zip(html) {
        write(path, text.as_bytes())?;
    }
    Ok(())
}

/// binaryen's mapping of old names to new ones.
#[derive(Debug, Default, PartialEq)]
struct Mapping {
    /// `(module, old name, new name)` of each import.
    imports: Vec<(String, String, String)>,
    /// `(old name, new name)` of each export.
    exports: Vec<(String, String)>,
}

fn parse_mapping(stdout: &[u8]) -> std::result::Result<Mapping, String> {
    let json: serde_json::Value = serde_json::from_slice(stdout).map_err(|e| e.to_string())?;
    let strings = |row: &serde_json::Value| -> Option<Vec<String>> {
        row.as_array()?
            .iter()
            .map(|s| s.as_str().map(str::to_owned))
            .collect()
    };
    let rows = |key: &str| -> std::result::Result<Vec<Vec<String>>, String> {
        json[key]
            .as_array()
            .ok_or_else(|| format!("no {key:?} list"))?
            .iter()
            .map(|row| strings(row).ok_or_else(|| format!("{key}: {row} is not strings")))
            .collect()
    };
    let mut mapping = Mapping::default();
    for row in rows("imports")? {
        let [module, old, new] = <[String; 3]>::try_from(row).map_err(|r| format!("{r:?}"))?;
        mapping.imports.push((module, old, new));
    }
    for row in rows("exports")? {
        let [old, new] = <[String; 2]>::try_from(row).map_err(|r| format!("{r:?}"))?;
        mapping.exports.push((old, new));
    }
    Ok(mapping)
}

/// The glue with binaryen's new names: each import's key in the import object (written
/// `    <name>: function(…)` by wasm-bindgen), the object's module key, and each `wasm.<name>`.
fn rename(glue: &str, mapping: &Mapping, module: &str) -> std::result::Result<String, String> {
    let mut out = glue.to_owned();
    let mut modules: Vec<&str> = mapping.imports.iter().map(|(m, _, _)| m.as_str()).collect();
    modules.sort_unstable();
    modules.dedup();
    let [old_module] = modules[..] else {
        return Err(format!(
            "imports from {modules:?}, where the glue has one module"
        ));
    };
    out = replace_exactly_once(
        &out,
        &format!("\"{old_module}\": "),
        &format!("\"{module}\": "),
    )?;
    for (_, old, new) in &mapping.imports {
        out = replace_exactly_once(&out, &format!(" {old}: "), &format!(" \"{new}\": "))?;
    }
    for (old, new) in &mapping.exports {
        out = replace_identifier(&out, &format!("wasm.{old}"), &format!("wasm[\"{new}\"]"));
    }
    // Nothing may keep an old name, however the glue reaches it (`wasm.x`, `wasm["x"]`, a
    // destructured `{ x }`): it would be `undefined` at run time. wasm-bindgen's own names
    // (`__wbg_…`, `__wbindgen_…`) are checked anywhere; the others (`memory`, and the
    // closure shims, which the glue also uses as its own functions' names) as properties.
    for old in mapping.imports.iter().map(|(_, old, _)| old) {
        if find_identifier(&out, old).is_some() {
            return Err(format!("the import `{old}` is still named in the glue"));
        }
    }
    for (old, _) in &mapping.exports {
        let left = [
            format!(".{old}"),
            format!("[\"{old}\"]"),
            format!("['{old}']"),
        ]
        .iter()
        .any(|access| find_identifier(&out, access).is_some())
            || (old.starts_with("__wb") && find_identifier(&out, old).is_some());
        if left {
            return Err(format!("the export `{old}` is still named in the glue"));
        }
    }
    Ok(out)
}

/// `text` with its one `from` replaced, or an error if there is none or more than one.
fn replace_exactly_once(text: &str, from: &str, to: &str) -> std::result::Result<String, String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => Err(format!(
            "expected `{}` once in the glue, found it {n} times",
            from.trim()
        )),
    }
}

fn is_identifier(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// Where `name` stands as a whole (neither the end nor the start of a longer name).
pub fn find_identifier(text: &str, name: &str) -> Option<usize> {
    text.match_indices(name).map(|(at, _)| at).find(|&at| {
        let whole_start = !name.starts_with(is_identifier) || !text[..at].ends_with(is_identifier);
        whole_start && !text[at + name.len()..].starts_with(is_identifier)
    })
}

/// Every whole `from` replaced by `to`.
fn replace_identifier(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = find_identifier(rest, from) {
        out.push_str(&rest[..at]);
        out.push_str(to);
        rest = &rest[at + from.len()..];
    }
    out.push_str(rest);
    out
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

    /// The shape wasm-bindgen 0.2 writes, cut down.
    const GLUE: &str = r#"function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_get_2080c49015e35254: function(arg0, arg1) {
            return wasm.__wbindgen_malloc_1(arg0) + wasm.__wbindgen_malloc(arg1);
        },
        __wbg_set_2793: function() { wasm.memory.buffer; },
    };
    return {
        __proto__: null,
        "./sidecard_bg.js": import0,
    };
}
"#;

    fn mapping() -> Mapping {
        let module = "./sidecard_bg.js".to_owned();
        Mapping {
            imports: vec![
                (
                    module.clone(),
                    "__wbg_get_2080c49015e35254".into(),
                    "a".into(),
                ),
                (module, "__wbg_set_2793".into(), "$b".into()),
            ],
            exports: vec![
                ("__wbindgen_malloc".into(), "A".into()),
                ("__wbindgen_malloc_1".into(), "B".into()),
                ("memory".into(), "C".into()),
            ],
        }
    }

    #[test]
    fn the_glue_takes_the_new_names_and_no_longer_name_is_cut() {
        let glue = rename(GLUE, &mapping(), "a").unwrap();
        assert!(glue.contains(r#" "a": function(arg0, arg1)"#), "{glue}");
        assert!(glue.contains(r#" "$b": function()"#), "{glue}");
        assert!(
            glue.contains(r#"wasm["B"](arg0) + wasm["A"](arg1)"#),
            "{glue}"
        );
        assert!(glue.contains(r#"wasm["C"].buffer"#), "{glue}");
        assert!(glue.contains(r#""a": import0"#), "{glue}");
        for old in [
            "__wbg_get_2080",
            "__wbg_set_2793",
            "__wbindgen_malloc",
            "./sidecard_bg.js",
        ] {
            assert!(!glue.contains(old), "{old} left in {glue}");
        }
    }

    #[test]
    fn an_export_reached_some_other_way_stops_the_build() {
        for other in [
            r#"wasm["__wbindgen_malloc"](1)"#,
            "const { __wbindgen_malloc } = wasm;",
            "instance.exports.memory.grow(1)",
        ] {
            let glue = GLUE.replace(
                "__proto__: null,\n        __wbg_get",
                &format!("__proto__: null,\n        {other}\n        __wbg_get"),
            );
            assert!(glue.contains(other), "{glue}");
            let error = rename(&glue, &mapping(), "a").unwrap_err();
            assert!(
                error.contains("is still named in the glue"),
                "{other}: {error}"
            );
        }
        // A longer name that merely contains one is left alone.
        let glue = GLUE.replace("wasm.memory", "mywasm.memory_size + wasm.memory");
        let renamed = rename(&glue, &mapping(), "a").unwrap();
        assert!(
            renamed.contains(r#"mywasm.memory_size + wasm["C"]"#),
            "{renamed}"
        );
    }

    #[test]
    fn a_name_the_glue_does_not_hold_stops_the_build() {
        let mut unknown = mapping();
        unknown.imports[0].1 = "__wbg_gone_0000".into();
        assert!(
            rename(GLUE, &unknown, "a")
                .unwrap_err()
                .contains("__wbg_gone_0000")
        );
    }

    #[test]
    fn the_mapping_is_read_as_binaryen_prints_it() {
        let printed = br#"{
 "imports": [
  ["./sidecard_bg.js", "__wbg_get_2080c49015e35254", "a"],
  ["./sidecard_bg.js", "__wbg_set_2793", "$b"]
 ],
"exports": [
  ["__wbindgen_malloc", "A"],
  ["__wbindgen_malloc_1", "B"],
  ["memory", "C"]
 ]
}"#;
        assert_eq!(parse_mapping(printed).unwrap(), mapping());
    }
}
