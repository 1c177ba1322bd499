//! Cuts a linked widget module at its on-demand views (`src/on_demand.rs`): the code only they
//! reach moves to modules of their own, which the main module fetches the first time one is
//! called. `wasm_split_cli_support` (the splitter behind `cargo leptos --split`) does the work;
//! it reads the linker's relocations, so the module is linked with `--emit-relocs`, and it runs
//! between cargo and wasm-bindgen, which would otherwise remove what it needs.
//!
//! It writes, beside the main module:
//! - one `.wasm` per chunk, importing the main module's memory, table and stack pointer;
//! - a loader module ([`LOADER`]) that the main module imports its split points' load
//!   functions from. The loader fetches a chunk relative to its own URL
//!   (`new URL("./<chunk>.wasm", import.meta.url)`) and takes the main module's exports from
//!   the glue's `initSync` (which returns the running instance's exports).

use crate::Result;
use std::path::{Path, PathBuf};

/// The loader's file name, as the main module imports it.
pub const LOADER: &str = "__wasm_split.js";

/// What one split produced.
pub struct Split {
    /// The main module, for wasm-bindgen.
    pub main: PathBuf,
    /// The chunks, each a module of its own.
    pub chunks: Vec<PathBuf>,
}

/// The module `wasm_split_helpers` imports its split points' load functions from, until the
/// split links them to the loader (its `PLACEHOLDER_IMPORT_MODULE`).
const PLACEHOLDER: &str = "__wasm_split_placeholder__";

/// Whether the linked module has split points (imports from [`PLACEHOLDER`]).
pub fn has_split_points(linked: &[u8]) -> Result<bool> {
    let imports = crate::wasm::import_names(linked)
        .ok_or("the linked module's import section cannot be read")?;
    Ok(imports.iter().any(|(module, _)| module == PLACEHOLDER))
}

/// Splits `input` (the module cargo linked at `linked`) into `dir`: the main module as
/// `<name>.wasm`, the chunks, and the loader, whose import of the glue is `./<name>.js`.
pub fn split(input: &[u8], linked: &Path, dir: &Path, name: &str) -> Result<Split> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let main = dir.join(format!("{name}.wasm"));
    let glue = format!("./{name}.js");
    let link = format!("./{LOADER}");
    let mut options = wasm_split_cli_support::Options::new(input);
    options.output_dir = dir;
    options.main_out_path = &main;
    options.main_module = &glue;
    options.link_name = &link;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|e| format!("{}: wasm-split: {e:#}", linked.display()))?;
    Ok(Split {
        main,
        chunks: split.split_modules,
    })
}
