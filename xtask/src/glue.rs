//! What `cargo xtask build` does to each bundle after wasm-bindgen (`bundle.rs`): only what
//! the page uses, the wasm optimized (`shake.rs`), then short names across the JS/wasm
//! boundary, then the JS glue minified; and each chunk of the split optimized.
//!
//! - **Names.** wasm-bindgen names every import and export after the Rust path and a hash
//!   (`__wbg_setAttribute_d2d0a4f9b5c7e4a1`, closure shims over 200 characters long), about 185
//!   of them, each written in the wasm and again in the glue. binaryen's
//!   `--minify-imports-and-exports-and-modules` pass renames them in the wasm to one or two
//!   letters, puts every import in one module, and prints the mapping (`{"imports": [[module,
//!   old, new]…], "exports": [[old, new]…]}`); the glue is rewritten to match: its import
//!   objects' keys, its modules' (wasm-bindgen's and the split loader's, now one), every
//!   `wasm.<export>`, and the exports the loader hands the chunks. Each import must be found
//!   exactly once where expected, and no
//!   old name may be left however the glue reaches it, so a wasm-bindgen that writes its glue
//!   differently stops the build rather than shipping a module that cannot start. 3.8 KB
//!   brotli off the agent bundle (1.9 KB of wasm, 1.9 KB of JS).
//! - **Minified glue.** esbuild, already installed for the Fluent bundle, minifies it (6.7 →
//!   5.3 KB brotli before the names; Trunk's minifier, which minifies the pages and the CSS,
//!   rejects wasm-bindgen's glue).

use crate::{Result, read, read_text, run_output, setup, shake, split, wasm, write};
use std::path::Path;
use std::process::Command;

/// Shakes and optimizes a bundle ([`shake::shake`]), shortens its boundary names and minifies
/// its glue: `js` and `wasm` (as wasm-bindgen wrote them, with `chunks` chunks of the split)
/// are rewritten in place.
pub fn finish(js: &Path, wasm: &Path, chunks: usize) -> Result {
    let (esbuild, wasm_opt) = (setup::esbuild(), setup::wasm_opt());
    let glue = read_text(js)?;
    let glue = compiled_init(&glue).map_err(|e| format!("{}: {e}", js.display()))?;
    let glue = shake::shake(js, &glue, wasm, &esbuild, &wasm_opt)?;
    let glue = any_wasm_type(&glue, chunks).map_err(|e| format!("{}: {e}", js.display()))?;
    let mapping = run_output(
        Command::new(&wasm_opt)
            .arg(wasm)
            // Without `-and-modules`, binaryen renames only emscripten's `env` imports.
            .arg("--minify-imports-and-exports-and-modules")
            // The last pass over the module: binaryen reads which wasm features the module
            // uses from this section (no section, and it rejects the module), so it goes only
            // now. Browsers ignore it (148 bytes).
            .arg("--strip-target-features")
            .arg("-o")
            .arg(wasm),
    )?;
    let imports = wasm::import_names(&read(wasm)?)
        .ok_or_else(|| format!("{}: its import section cannot be read", wasm.display()))?;
    let mapping = parse_mapping(&mapping)
        .map_err(|e| format!("{}: wasm-opt's mapping: {e}", wasm.display()))?;
    let glue = rename(&glue, &mapping, &imports).map_err(|e| format!("{}: {e}", js.display()))?;
    write(js, glue.as_bytes())?;
    let minified = run_output(Command::new(&esbuild).arg(js).args(MINIFY))?;
    write(js, &minified)
}

/// esbuild's options for the pages' own JS (the glue, the start script): each is an ES module
/// (`--target web`); es2020 is what the widget already needs (wasm, `Intl.PluralRules`), as
/// for the Fluent bundle.
pub const MINIFY: &[&str] = &[
    "--minify",
    "--format=esm",
    "--target=es2020",
    "--log-level=warning",
];

/// wasm-bindgen's init takes the module as a URL, a `Response` or bytes (`__wbg_load`: fetching,
/// streaming, a fallback for a server that types it otherwise, warnings for parameters of old
/// versions), and `initSync` compiles one itself. A page's start script (`start.js`) always
/// hands over the module compiled, and the split's loader calls `initSync()` only once the page
/// started, to read the exports: what is left of both is this (0.4 KB brotli of every page).
/// Written for wasm-bindgen's glue as the version in Cargo.lock writes it: from `__wbg_load` to
/// the glue's exports, whole, or the build stops. No guard against a second init running
/// beside the first, as wasm-bindgen's had: the start script is its one caller, once.
const COMPILED_INIT: &str = "\
function initSync() {
    if (wasm === undefined) throw new Error('the module has not started');
    return wasm;
}

async function __wbg_init({ module_or_path }) {
    if (wasm !== undefined) return wasm;
    const module = await module_or_path;
    const instance = await WebAssembly.instantiate(module, __wbg_get_imports());
    return __wbg_finalize_init(instance, module);
}

export { initSync, __wbg_init as default };
";

/// The glue with [`COMPILED_INIT`] for wasm-bindgen's init.
fn compiled_init(glue: &str) -> std::result::Result<String, String> {
    const FROM: &str = "async function __wbg_load(module, imports) {";
    const TO: &str = "export { initSync, __wbg_init as default };";
    let once = |text| glue.matches(text).count() == 1;
    let (start, end) = match (glue.find(FROM), glue.find(TO)) {
        (Some(start), Some(end)) if once(FROM) && once(TO) && start < end => (start, end),
        _ => {
            return Err(format!(
                "expected wasm-bindgen's init from `{FROM}` to `{TO}`, each once, in that order"
            ));
        }
    };
    let replaced = &glue[start..end];
    // What goes must be the init alone: anything else wasm-bindgen writes there is kept.
    let functions = [
        "__wbg_load",
        "expectedResponseType",
        "initSync",
        "__wbg_init",
        "__wbg_init_once",
    ];
    let declared = replaced.matches("function ").count();
    if declared != functions.len() {
        return Err(format!(
            "wasm-bindgen's init holds {declared} functions where {} were expected",
            functions.len()
        ));
    }
    if let Some(missing) = functions
        .iter()
        .find(|f| !replaced.contains(&format!("function {f}(")))
    {
        return Err(format!("wasm-bindgen's init has no `{missing}`"));
    }
    Ok(format!(
        "{}{COMPILED_INIT}{}",
        &glue[..start],
        &glue[end + TO.len()..]
    ))
}

/// The split's loader instantiates each chunk with `WebAssembly.instantiateStreaming`, which
/// rejects a response not typed `application/wasm` (<https://webassembly.github.io/spec/web-api/#streaming-modules>),
/// and the help desks serve the packages' files from their own asset hosts, whose types are
/// not ours to set. As wasm-bindgen's own init does for the page's module, a chunk served
/// with another type is read whole and instantiated from its bytes instead. `chunks` calls
/// are expected, one per chunk.
fn any_wasm_type(glue: &str, chunks: usize) -> std::result::Result<String, String> {
    const STREAMING: &str = "WebAssembly.instantiateStreaming(src, imports)";
    const EITHER: &str = "src.then((response) => !response.ok ? \
        Promise.reject(new Error(`${response.url}: HTTP ${response.status}`)) : \
        response.headers.get(\"Content-Type\") === \"application/wasm\" ? \
        WebAssembly.instantiateStreaming(response, imports) : \
        response.arrayBuffer().then((bytes) => WebAssembly.instantiate(bytes, imports)))";
    match glue.matches(STREAMING).count() {
        n if n == chunks => Ok(glue.replace(STREAMING, EITHER)),
        n => Err(format!(
            "the split's loader instantiates {n} chunks as `{STREAMING}`, where {chunks} \
             were split"
        )),
    }
}

/// A chunk of the split, optimized as its main module is ([`shake::SIZE_PASSES`]: the same
/// memory, so the same layout), and without its `target_features` section.
pub fn optimize_chunk(chunk: &Path) -> Result {
    run_output(
        Command::new(setup::wasm_opt())
            .args(shake::SIZE_PASSES)
            .arg("--strip-target-features")
            .arg(chunk)
            .arg("-o")
            .arg(chunk),
    )
    .map(drop)
}

/// How long the split's loader waits for a chunk (its whole response) before it gives up, in
/// milliseconds. The loader keeps a load in flight for every later call until it fails, and
/// a fetch that stalls (a server that accepts and never answers) never fails by itself: the
/// view waiting on it would stay blank, and its "Try again" would wait on the same stalled
/// request. Aborted, the load fails, the view shows the connection error, and "Try again"
/// sends a new request.
pub const CHUNK_TIMEOUT_MS: u32 = 15_000;

/// The minified glue with the split's loader fetching the chunk `name` (written
/// `fetch(new URL("./<name>.wasm",import.meta.url))`) from `file` instead, checked against
/// `integrity` (a Subresource Integrity value: the page checks the glue's hash, and the glue
/// checks the chunk's, so a help desk's asset host cannot serve another), and given up after
/// [`CHUNK_TIMEOUT_MS`] (`AbortSignal.timeout`).
pub fn relink_chunk(
    glue: &str,
    name: &str,
    file: &str,
    integrity: &str,
) -> std::result::Result<String, String> {
    replace_exactly_once(
        glue,
        &format!("\"./{name}.wasm\",import.meta.url)"),
        &format!(
            "\"./{file}\",import.meta.url),{{integrity:\"{integrity}\",\
             signal:AbortSignal.timeout({CHUNK_TIMEOUT_MS})}}"
        ),
    )
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

/// The glue with binaryen's new names: each import's key in its module's import object
/// (written `    <name>: function(…)` by wasm-bindgen; for the split's loader, which esbuild
/// bundled in, its namespace object's getter `<name>: () => <name>`), each `wasm.<name>`, and
/// each export the loader destructures. `renamed` is the renamed module's imports (module,
/// name), where each of the mapping's new names must be.
fn rename(
    glue: &str,
    mapping: &Mapping,
    renamed: &[(String, String)],
) -> std::result::Result<String, String> {
    // binaryen puts every import in one module; which, the renamed module says.
    let mut modules: Vec<&str> = Vec::new();
    let mut into: Option<&str> = None;
    for (module, _, new) in &mapping.imports {
        let Some((new_module, _)) = renamed.iter().find(|(_, name)| name == new) else {
            return Err(format!(
                "binaryen's mapping names `{new}`, which the module does not import"
            ));
        };
        match into {
            None => into = Some(new_module),
            Some(one) if one != new_module => {
                return Err(format!(
                    "the imports went to two modules, {one} and {new_module}"
                ));
            }
            Some(_) => {}
        }
        if !modules.contains(&module.as_str()) {
            modules.push(module);
        }
    }
    let mut out = match into {
        Some(into) => merge_modules(glue, &modules, into)?,
        None => glue.to_owned(),
    };
    let loader = format!("./{}", split::LOADER);
    for (module, old, new) in &mapping.imports {
        out = if *module == loader {
            replace_exactly_once(
                &out,
                &format!(" {old}: () => {old}"),
                &format!(" \"{new}\": () => {old}"),
            )?
        } else {
            replace_exactly_once(&out, &format!(" {old}: "), &format!(" \"{new}\": "))?
        };
    }
    for (old, new) in &mapping.exports {
        out = replace_identifier(&out, &format!("wasm.{old}"), &format!("wasm[\"{new}\"]"));
    }
    let split = mapping.imports.iter().any(|(module, ..)| *module == loader);
    out = rename_shared(&out, &mapping.exports, split)?;
    // Nothing may keep an old name, however the glue reaches it (`wasm.x`, `wasm["x"]`, a
    // destructured `{ x }`): it would be `undefined` at run time. wasm-bindgen's own names
    // (`__wbg_…`, `__wbindgen_…`) are checked anywhere; the others (`memory`, and the
    // closure shims, which the glue also uses as its own functions' names) as properties.
    // The loader's functions keep their names as its own bindings.
    for (module, old, _) in &mapping.imports {
        if *module != loader && find_identifier(&out, old).is_some() {
            return Err(format!("the import `{old}` is still named in the glue"));
        }
    }
    for (old, _) in &mapping.exports {
        // The loader hands the chunks what they share under the names they import it by
        // (`sharedImports.__wasm_split.memory`): those are the chunks' names, not old ones.
        let out = out.replace(&format!("__wasm_split.{old}"), "");
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

/// The glue's import object with `modules`' entries (`"<module>": <object>`, one each) made
/// one, `"<into>": { ...<object>, … }`: binaryen moved all their imports into that one module
/// (the split's loader's beside wasm-bindgen's). Spreading copies the loader's functions,
/// which esbuild's bundle exposes as enumerable getters.
fn merge_modules(glue: &str, modules: &[&str], into: &str) -> std::result::Result<String, String> {
    const MERGED: &str = "\u{0}merged\u{0}";
    let mut out = glue.to_owned();
    let mut objects = Vec::new();
    for (i, module) in modules.iter().enumerate() {
        let key = format!("\"{module}\": ");
        let at = match out.matches(&key).count() {
            1 => out.find(&key).unwrap_or_default(),
            n => {
                return Err(format!(
                    "expected `{}` once in the glue, found it {n} times",
                    key.trim()
                ));
            }
        };
        let start = at + key.len();
        let len = out[start..]
            .find(|c: char| !is_identifier(c))
            .unwrap_or(out.len() - start);
        if len == 0 {
            return Err(format!(
                "{module}'s imports are not a named object in the glue"
            ));
        }
        objects.push(out[start..start + len].to_owned());
        let mut end = start + len;
        if i > 0 && out[end..].starts_with(',') {
            end += 1;
        }
        out.replace_range(at..end, if i == 0 { MERGED } else { "" });
    }
    let merged = match &objects[..] {
        [one] => format!("\"{into}\": {one}"),
        many => format!(
            "\"{into}\": {{ {} }}",
            many.iter()
                .map(|o| format!("...{o}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Ok(out.replace(MERGED, &merged))
}

/// The split's loader takes what the chunks share with the main module (its table, memory
/// and stack pointer) from the running instance's exports, destructured by name (`const {
/// memory, … } = initSync(…)`), and hands them to each chunk under the same names. Each
/// becomes `"<new>": memory`: the export's new name, the local name (and the chunks' import
/// of it) unchanged. `split`: whether the glue bundles the loader (else there is nothing to
/// do), which must then take them exactly once: a take written otherwise would be left with
/// the old names, and every chunk would fail to start.
fn rename_shared(
    glue: &str,
    exports: &[(String, String)],
    split: bool,
) -> std::result::Result<String, String> {
    const TAKE: &str = "} = initSync(";
    let takes: Vec<usize> = glue.match_indices(TAKE).map(|(at, _)| at).collect();
    let end = match (&takes[..], split) {
        ([], false) => return Ok(glue.to_owned()),
        ([end], true) => *end,
        _ => {
            return Err(format!(
                "the loader takes the instance's exports {} times (expected {})",
                takes.len(),
                u8::from(split)
            ));
        }
    };
    let start = glue[..end]
        .rfind('{')
        .ok_or("the loader's destructuring has no `{`")?;
    let names = glue[start + 1..end]
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|name| {
            if !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
            {
                return Err(format!(
                    "the loader destructures `{name}`, not a plain name"
                ));
            }
            let (_, new) = exports
                .iter()
                .find(|(old, _)| old == name)
                .ok_or_else(|| format!("the loader takes `{name}`, which was not renamed"))?;
            Ok(format!("\"{new}\": {name}"))
        })
        .collect::<std::result::Result<Vec<_>, String>>()?;
    Ok(format!(
        "{}{{ {} {}",
        &glue[..start],
        names.join(", "),
        &glue[end..]
    ))
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

#[cfg(test)]
mod tests {
    use super::*;

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

    /// The renamed module's imports for [`mapping`].
    fn renamed() -> Vec<(String, String)> {
        vec![("a".into(), "a".into()), ("a".into(), "$b".into())]
    }

    /// [`GLUE`] with the split's loader bundled in, as esbuild writes it.
    fn with_loader() -> (String, Mapping, Vec<(String, String)>) {
        let glue = GLUE.replace(
            "        \"./sidecard_bg.js\": import0,\n",
            "        \"./sidecard_bg.js\": import0,\n        \"./__wasm_split.js\": loader_exports,\n",
        ) + "var loader_exports = {};\n__export(loader_exports, {\n  __wasm_split_load_forms: () => \
               __wasm_split_load_forms\n});\n\
               const { __indirect_function_table, __wasm_split_shared0, memory, } = \
               initSync(undefined, undefined);\n\
               Object.assign(shared.__wasm_split, { __indirect_function_table, __wasm_split_shared0, memory, });\n\
               shared.__wasm_split.__indirect_function_table.get(1);\n\
               const __wasm_split_load_forms = wrapAsyncCb(1);\n";
        let mut mapping = mapping();
        mapping.imports.push((
            "./__wasm_split.js".into(),
            "__wasm_split_load_forms".into(),
            "c".into(),
        ));
        mapping.exports.extend([
            ("__indirect_function_table".into(), "D".into()),
            ("__wasm_split_shared0".into(), "E".into()),
        ]);
        let mut renamed = renamed();
        renamed.push(("a".into(), "c".into()));
        (glue, mapping, renamed)
    }

    #[test]
    fn the_loaders_function_and_what_it_shares_take_the_new_names() {
        let (glue, mapping, renamed) = with_loader();
        let out = rename(&glue, &mapping, &renamed).unwrap();
        // One module now: both import objects, as one.
        assert!(
            out.contains(r#""a": { ...import0, ...loader_exports }"#),
            "{out}"
        );
        assert!(!out.contains("./__wasm_split.js"), "{out}");
        // The import object's key is the new name; the loader's own binding keeps its name.
        assert!(
            out.contains(r#" "c": () => __wasm_split_load_forms"#),
            "{out}"
        );
        assert!(out.contains("const __wasm_split_load_forms = wrapAsyncCb(1);"));
        // The instance's exports by their new names, handed on under the chunks' names.
        assert!(
            out.contains(
                r#"const { "D": __indirect_function_table, "E": __wasm_split_shared0, "C": memory } = initSync("#
            ),
            "{out}"
        );
        assert!(out.contains(
            "Object.assign(shared.__wasm_split, { __indirect_function_table, __wasm_split_shared0, memory, });"
        ));
    }

    #[test]
    fn a_shared_name_that_was_not_renamed_stops_the_build() {
        let (glue, mut mapping, renamed) = with_loader();
        mapping
            .exports
            .retain(|(old, _)| old != "__wasm_split_shared0");
        let error = rename(&glue, &mapping, &renamed).unwrap_err();
        assert!(error.contains("__wasm_split_shared0"), "{error}");
        // Two loaders' takes, or an import binaryen moved to another module: stopped too.
        let twice = format!("{glue}const {{ memory }} = initSync(undefined);\n");
        assert!(rename(&twice, &with_loader().1, &renamed).is_err());
        // A loader that takes them some other way would keep the old names: stopped.
        let untaken = glue.replace("} = initSync(", "} = takeExports(");
        assert!(rename(&untaken, &with_loader().1, &renamed).is_err());
        let mut elsewhere = renamed.clone();
        elsewhere[2].0 = "b".into();
        assert!(rename(&glue, &with_loader().1, &elsewhere).is_err());
    }

    #[test]
    fn the_init_takes_the_compiled_module_and_nothing_else() {
        let init = "async function __wbg_load(module, imports) {\n    fetch();\n    function expectedResponseType(type) {}\n}\n\
            function initSync(module) {}\nlet __wbg_init_promise;\n\
            async function __wbg_init(module_or_path) {}\n\
            async function __wbg_init_once(module_or_path) {}\n\
            export { initSync, __wbg_init as default };";
        let glue = format!("const before = 1;\n{init}\nconst after = 2;");
        let compiled = compiled_init(&glue).unwrap();
        assert!(compiled.starts_with("const before = 1;\nfunction initSync() {"));
        assert!(
            compiled.ends_with("export { initSync, __wbg_init as default };\n\nconst after = 2;")
        );
        assert!(compiled.contains("WebAssembly.instantiate(module, __wbg_get_imports())"));
        for gone in [
            "__wbg_load",
            "__wbg_init_once",
            "fetch(",
            "__wbg_init_promise",
        ] {
            assert!(!compiled.contains(gone), "{gone}");
        }
        // Written otherwise (another function in between, or none of it), the build stops.
        let more = glue.replace("let __wbg_init_promise;", "function kept() {}");
        assert!(compiled_init(&more).is_err());
        assert!(compiled_init("export { initSync, __wbg_init as default };").is_err());
        assert!(compiled_init(&format!("{glue}{init}")).is_err());
        let exports_first = "export { initSync, __wbg_init as default };\nasync function __wbg_load(module, imports) {}";
        assert!(compiled_init(exports_first).is_err());
    }

    #[test]
    fn a_chunk_served_with_another_type_is_instantiated_from_its_bytes() {
        let loader = "return async (imports) => WebAssembly.instantiateStreaming(src, imports);";
        let either = any_wasm_type(loader, 1).unwrap();
        assert!(either.contains(r#"response.headers.get("Content-Type") === "application/wasm""#));
        // A missing chunk (a 404 page) is a failed load, not a module to compile.
        assert!(either.contains("!response.ok ? Promise.reject("));
        assert!(either.contains("WebAssembly.instantiateStreaming(response, imports)"));
        assert!(either.contains("WebAssembly.instantiate(bytes, imports)"));
        assert!(!either.contains("instantiateStreaming(src"));
        // A loader written otherwise, or a chunk without its call, stops the build.
        assert!(any_wasm_type(loader, 2).is_err());
        assert!(any_wasm_type("WebAssembly.instantiateStreaming(src2, imports)", 1).is_err());
        assert_eq!(any_wasm_type("no loader", 0).unwrap(), "no loader");
    }

    #[test]
    fn the_chunks_url_is_relinked_once_with_its_hash() {
        let glue = r#"fetch(new URL("./split_forms.wasm",import.meta.url))"#;
        assert_eq!(
            relink_chunk(glue, "split_forms", "s-forms-1.chunk.wasm", "sha384-x").unwrap(),
            r#"fetch(new URL("./s-forms-1.chunk.wasm",import.meta.url),{integrity:"sha384-x",signal:AbortSignal.timeout(15000)})"#
        );
        assert!(relink_chunk(glue, "split_other", "x", "sha384-x").is_err());
        assert!(relink_chunk(&format!("{glue}{glue}"), "split_forms", "x", "sha384-x").is_err());
    }

    #[test]
    fn the_glue_takes_the_new_names_and_no_longer_name_is_cut() {
        let glue = rename(GLUE, &mapping(), &renamed()).unwrap();
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
            let error = rename(&glue, &mapping(), &renamed()).unwrap_err();
            assert!(
                error.contains("is still named in the glue"),
                "{other}: {error}"
            );
        }
        // A longer name that merely contains one is left alone.
        let glue = GLUE.replace("wasm.memory", "mywasm.memory_size + wasm.memory");
        let renamed = rename(&glue, &mapping(), &renamed()).unwrap();
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
            rename(GLUE, &unknown, &renamed())
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
