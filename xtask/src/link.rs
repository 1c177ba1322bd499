//! The linker the bundles are linked with: rustc's own `rust-lld`, called through xtask, which
//! leaves out the exports of classes no page constructs.
//!
//! Leptos always links `server_fn` with its `browser` feature (leptos' `Cargo.toml`), and with
//! it `wasm-streams`, whose `#[wasm_bindgen]` classes (`IntoUnderlyingSource`,
//! `IntoUnderlyingByteSource`, `IntoUnderlyingSink`) rustc exports from every binary. No page
//! calls a server function, and `shake.rs` removes those exports after wasm-bindgen, but by then
//! the linker has kept everything they reach, and the functions whose address they take stay
//! for good: the function table is exported to the glue, so no optimizer may drop an entry of
//! it. Not exporting them from the link takes 2.9 to 3.2 KB brotli off every page (among what
//! goes: the standard library's `io::Error` messages). Should a page ever reach one of them,
//! the link or wasm-bindgen fails on the missing symbol: never a page that breaks at run time.
//!
//! rustc calls the linker with its tools' directory first on `PATH` (where `rust-lld` is), and
//! with the arguments inline or, for a long command line, in a response file (`@file`, one
//! argument a line, escaped GNU-style, as rust-lld reads it on the Linux and macOS hosts that
//! build the bundles); rust-lld reads its flavor from its first two arguments, which stay
//! inline, and the rest from a response file of its own.

use crate::Result;
use std::process::{Command, ExitCode};

/// Set in the environment of the bundles' cargo build: xtask is then the linker.
pub const ENV: &str = "SIDECARD_XTASK_LINKER";

/// What the names of the exports left out contain: `wasm-streams`' classes and their methods,
/// descriptors and destructors (`intounderlyingsource_pull_…`,
/// `__wbindgen_describe___wbg_new_with_into_underlying_source_…`).
const LEFT_OUT: &[&str] = &["intounderlying", "into_underlying"];

/// The rustc flags that make this program the linker of the crate they are given to.
pub fn rustc_flags() -> Result<[String; 2]> {
    let me = std::env::current_exe().map_err(|e| format!("xtask's own path: {e}"))?;
    Ok([
        format!("-Clinker={}", me.display()),
        "-Clinker-flavor=wasm-lld".to_owned(),
    ])
}

/// Links with `args` (rustc's arguments to the linker) less the exports [`LEFT_OUT`].
pub fn link(args: &[String]) -> ExitCode {
    match run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("xtask (linker): {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode> {
    let (flavor, rest) = match args {
        [flag, flavor, rest @ ..] if flag == "-flavor" => {
            (vec![flag.clone(), flavor.clone()], rest)
        }
        _ => (Vec::new(), args),
    };
    let mut lines = Vec::new();
    for arg in rest {
        match arg.strip_prefix('@') {
            Some(file) => lines.extend(
                std::fs::read_to_string(file)
                    .map_err(|e| format!("{file}: {e}"))?
                    .lines()
                    .map(str::to_owned),
            ),
            None => lines.push(escape(arg)),
        }
    }
    let kept = without_left_out(lines);
    let file = response_file(&kept.join("\n"))?;
    let status = Command::new("rust-lld")
        .args(&flavor)
        .arg(format!("@{}", file.display()))
        .status()
        .map_err(|e| format!("rust-lld (rustc puts it on PATH): {e}"));
    let _ = std::fs::remove_file(&file);
    // rust-lld's own exit code (1 on a link error), or a failure if a signal ended it.
    Ok(status?
        .code()
        .and_then(|code| u8::try_from(code).ok())
        .map_or(ExitCode::FAILURE, ExitCode::from))
}

/// A new file in the temporary directory holding `contents`: created, never opened if it
/// exists (another link's, or a link planted there), so two links never share one.
fn response_file(contents: &str) -> Result<std::path::PathBuf> {
    use std::io::Write;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    for attempt in 0..100u32 {
        let path = std::env::temp_dir().join(format!(
            "sidecard-link-{}-{nanos}-{attempt}.args",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                file.write_all(contents.as_bytes())
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
    }
    Err("no free name for the linker's response file in the temporary directory".to_owned())
}

/// The response file's lines (one argument each) less every `--export` of a name
/// [`LEFT_OUT`] names, whichever form it takes (`--export NAME`, `--export=NAME`).
fn without_left_out(lines: Vec<String>) -> Vec<String> {
    let left_out = |name: &str| LEFT_OUT.iter().any(|part| name.contains(part));
    let mut kept: Vec<String> = Vec::with_capacity(lines.len());
    let mut lines = lines.into_iter();
    while let Some(line) = lines.next() {
        if line == "--export" {
            match lines.next() {
                Some(name) if left_out(&name) => {}
                Some(name) => kept.extend([line, name]),
                None => kept.push(line),
            }
        } else if !line.strip_prefix("--export=").is_some_and(left_out) {
            kept.push(line);
        }
    }
    kept
}

/// `arg` as one line of a GNU-style response file, as rustc writes it: backslashes, quotes
/// and white space escaped.
fn escape(arg: &str) -> String {
    let mut line = String::with_capacity(arg.len());
    for c in arg.chars() {
        if matches!(c, '\\' | '"' | '\'' | ' ' | '\t' | '\n') {
            line.push('\\');
        }
        line.push(c);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn only_the_streams_classes_exports_are_left_out_in_either_form() {
        let kept = without_left_out(lines(&[
            "--export",
            "__wbindgen_malloc",
            "--export",
            "intounderlyingsource_pull_58a9338f50bce61c",
            "--export=__wbg_intounderlyingsink_free_58a9",
            "--export",
            "__wbindgen_describe___wbg_new_with_into_underlying_source_10a8",
            "--export=start_7325",
            "--gc-sections",
            "-o",
            "out.wasm",
        ]));
        assert_eq!(
            kept,
            lines(&[
                "--export",
                "__wbindgen_malloc",
                "--export=start_7325",
                "--gc-sections",
                "-o",
                "out.wasm",
            ])
        );
    }

    #[test]
    fn an_argument_becomes_one_response_file_line() {
        assert_eq!(escape("/a b/c\\d\"e"), "/a\\ b/c\\\\d\\\"e");
        assert_eq!(escape("--gc-sections"), "--gc-sections");
    }
}
