//! What `cargo xtask build` does first to each bundle wasm-bindgen wrote: only what the page
//! uses stays in its glue and its wasm, then the wasm is optimized for size.
//!
//! - **The glue, tree-shaken.** wasm-bindgen exports from the glue every `#[wasm_bindgen]`
//!   type of every crate linked in. Leptos always links `server_fn`'s browser client and with
//!   it `wasm-streams`, whose three stream adapters (`IntoUnderlyingSource`, `…ByteSource`,
//!   `…Sink`) become classes in the glue, though nothing in a page ever streams. A page runs
//!   only the glue's `default` (its init function, which the page's script imports), so
//!   esbuild bundles the glue from an entry that re-exports that alone and drops what it
//!   cannot reach; the split's loader, which the glue imports, is bundled in with it. Before
//!   that, [`shakeable`] removes what would hold the classes alive though unused.
//! - **The wasm, without the exports nobody calls.** An export is a root to every optimizer:
//!   the stream adapters' methods keep `wasm-streams`' futures and their promise plumbing,
//!   `__wbindgen_free` is exported but called by no one. binaryen's `wasm-metadce` takes a
//!   graph of what the outside reaches (<https://github.com/WebAssembly/binaryen#wasm-metadce>:
//!   each export a node, the ones reached marked `root`) and removes the rest with all the code only they reached. The
//!   roots are the exports whose name the tree-shaken glue still holds anywhere, so an export
//!   the glue reaches some unusual way is kept, never lost.
//! - **Then `wasm-opt -Oz`:** removing the dead exports before the size passes lets them lay
//!   out the module without the dead code, where removing them after (a second pass over an
//!   optimized module) left a module brotli packed worse than before. The options are
//!   [`SIZE_PASSES`].
//!
//! Together 1.9 KB brotli off the help desks' bundle of the time (1.5 KB wasm, 0.4 KB glue),
//! measured on the build before this step (127,055 B).

use crate::glue::find_identifier;
use crate::wasm::{export_names, stack_is_first};
use crate::{Result, read, run_cmd, run_output, setup, write};
use std::path::Path;
use std::process::Command;

/// `wasm-opt`'s passes for every bundle:
///
/// - `-Os --converge`, repeated until it stops shrinking the module: binaryen's size pipeline
///   with its default inlining, where `-Oz` inlines less. `-Oz` writes the smaller module
///   (304 KB raw against 317 KB for the Zendesk app's), but brotli packs `-Os`'s smaller:
///   0.3 to 0.6 KB less on every page (measured on the build of this change; brotli is what a
///   page downloads).
/// - `--low-memory-unused`: binaryen may assume no load or store reaches the first 1 KiB of
///   memory ("Optimize under the helpful assumption that the low 1K of memory is not used by
///   the application", `wasm-opt --help`), which lets it fold constant offsets into loads and
///   stores (0.6 KB brotli). True of these modules: rustc's wasm32 linker
///   places the stack first, growing down from 1 MiB with the data above it (checked in
///   [`stack_is_first`]), so the low 1 KiB is reached only by a stack 1023 KiB deep, where
///   the overflow a few bytes later traps anyway.
/// - `--strip-producers --strip-debug`: the toolchain and name sections, which no browser
///   needs (a few hundred bytes).
pub const SIZE_PASSES: &[&str] = &[
    "-Os",
    "--converge",
    "--low-memory-unused",
    "--strip-producers",
    "--strip-debug",
];

/// Tree-shakes `as_built` (the glue wasm-bindgen wrote at `glue` for `wasm`, in the bundle's
/// own work directory, beside the split's loader it imports), removes from `wasm` what the
/// shaken glue no longer reaches, and optimizes it. Returns the shaken glue, not yet written
/// (`glue` holds its shakeable form meanwhile).
pub fn shake(
    glue: &Path,
    as_built: &str,
    wasm: &Path,
    esbuild: &Path,
    wasm_opt: &Path,
) -> Result<String> {
    let name = glue
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| format!("{}: no file name", glue.display()))?;
    // In place: the split's loader imports the glue by its name, and esbuild must see one
    // module there, not a copy beside the original (two glues, two instances).
    let work = glue
        .parent()
        .ok_or_else(|| format!("{}: no directory", glue.display()))?;
    write(glue, shakeable(as_built).as_bytes())?;
    let entry = work.join(format!("{name}.entry.js"));
    write(
        &entry,
        format!("export {{ default }} from \"./{name}\";\n").as_bytes(),
    )?;
    let shaken = run_output(Command::new(esbuild).arg(&entry).args([
        "--bundle",
        "--format=esm",
        "--target=es2020",
        "--log-level=warning",
    ]))?;
    let shaken = String::from_utf8(shaken).map_err(|e| e.to_string())?;
    if !shaken.contains("as default") {
        return Err(format!(
            "{name}: the tree-shaken glue exports no `default`: the page could not start it"
        ));
    }

    let module = read(wasm)?;
    if !stack_is_first(&module) {
        return Err(format!(
            "{}: its stack is not below its data, so `--low-memory-unused` would not hold",
            wasm.display()
        ));
    }
    let exports = export_names(&module)
        .ok_or_else(|| format!("{}: its export section cannot be read", wasm.display()))?;
    let graph = serde_json::Value::Array(
        exports
            .iter()
            .enumerate()
            .map(|(i, export)| {
                let mut node = serde_json::json!({ "name": format!("e{i}"), "export": export });
                if find_identifier(&shaken, export).is_some() {
                    node["root"] = true.into();
                }
                node
            })
            .collect(),
    );
    // The graph file is "not true JSON": wasm-metadce reads no escapes (`--help`).
    if let Some(odd) = exports.iter().find(|e| e.contains(['"', '\\'])) {
        return Err(format!("{}: an export named {odd:?}", wasm.display()));
    }
    let graph_file = work.join(format!("{name}.graph.json"));
    write(&graph_file, graph.to_string().as_bytes())?;
    run_output(
        Command::new(setup::wasm_metadce())
            .arg("--graph-file")
            .arg(&graph_file)
            .arg(wasm)
            .arg("-o")
            .arg(wasm),
    )?;
    run_cmd(
        Command::new(wasm_opt)
            .args(SIZE_PASSES)
            .arg(wasm)
            .arg("-o")
            .arg(wasm),
    )?;
    for file in [&entry, &graph_file] {
        let _ = std::fs::remove_file(file);
    }
    Ok(shaken)
}

/// The glue as esbuild can shake it: without wasm-bindgen's `Symbol.dispose` assignments (one
/// line per exported class), and with each `new FinalizationRegistry(…)` marked pure. esbuild
/// keeps any `new` whose result is unused, in case constructing it did something; each class
/// has such a registry (`const XFinalization = … new FinalizationRegistry(ptr => wasm.x_free
/// (ptr, 1))`), which would keep the class's `free` export and the code it reaches. Creating a
/// registry does nothing until something is registered in it, so an unused one may go
/// (esbuild's `/* @__PURE__ */`, <https://esbuild.github.io/api/#ignore-annotations>).
fn shakeable(glue: &str) -> String {
    glue.lines()
        .filter(|line| !(line.starts_with("if (Symbol.dispose) ") && line.ends_with(".free;")))
        .flat_map(|line| [line, "\n"])
        .collect::<String>()
        .replace(
            "new FinalizationRegistry(",
            "/* @__PURE__ */ new FinalizationRegistry(",
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_is_a_root_only_where_its_whole_name_stands() {
        let glue = "wasm.__wbindgen_malloc_1(a); wasm.main();";
        let holds = |name| find_identifier(glue, name).is_some();
        assert!(holds("main"));
        assert!(holds("__wbindgen_malloc_1"));
        assert!(!holds("__wbindgen_malloc"));
        assert!(!holds("mai"));
    }

    #[test]
    fn the_dispose_lines_go_the_registries_turn_pure_and_nothing_else() {
        let glue = "export class A {\n    free() {}\n}\n\
                    if (Symbol.dispose) A.prototype[Symbol.dispose] = A.prototype.free;\n\
                    if (Symbol.dispose) console.log(1);\n\
                    const AFinalization = (typeof FinalizationRegistry === 'undefined')\n    \
                    : new FinalizationRegistry(ptr => wasm.a_free(ptr, 1));\n";
        assert_eq!(
            shakeable(glue),
            "export class A {\n    free() {}\n}\nif (Symbol.dispose) console.log(1);\n\
             const AFinalization = (typeof FinalizationRegistry === 'undefined')\n    \
             : /* @__PURE__ */ new FinalizationRegistry(ptr => wasm.a_free(ptr, 1));\n"
        );
    }
}
