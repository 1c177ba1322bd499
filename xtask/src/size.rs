//! The widget's size: what every sidebar open downloads. `build` precompresses the files (the
//! proxy serves the `.br`/`.gz` siblings as they are) and prints raw, gzip and brotli bytes.

use crate::Result;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The budget for the first version (issue 2): wasm + JS + CSS, brotli-compressed.
pub const BUDGET_BROTLI: u64 = 120 * 1024;

/// Totals of one report.
pub struct Report {
    /// Sum of the brotli sizes of the agent bundle's wasm, JS and CSS (what every sidebar
    /// open downloads; the settings page is not in it).
    pub brotli_total: u64,
}

fn assets(dist: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dist)
        .map_err(|e| format!("{}: {e} (run `cargo xtask build`)", dist.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("wasm" | "js" | "css" | "html")
            )
        })
        .collect();
    files.sort();
    Ok(files)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("writing to memory");
    out
}

/// Writes `<file>.br` and `<file>.gz` beside every wasm, JS, CSS and HTML file.
pub fn precompress(dist: &Path) -> Result {
    for file in assets(dist)? {
        let bytes = std::fs::read(&file).map_err(|e| e.to_string())?;
        for (ext, packed) in [("br", brotli(&bytes)), ("gz", gzip(&bytes))] {
            let mut name = file.clone().into_os_string();
            name.push(format!(".{ext}"));
            std::fs::write(&name, packed).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// Prints the size table and returns the totals.
pub fn report(dist: &Path) -> Result<Report> {
    build_report(dist, true)
}

/// The totals without printing.
pub fn report_quiet(dist: &Path) -> Result<Report> {
    build_report(dist, false)
}

/// The settings page's own files (`sidecard-settings-<hash>.js/.wasm`): downloaded only by an
/// admin who opens `/settings`, so they are reported apart and not held to the agent budget.
fn is_settings_bundle(name: &str) -> bool {
    name.starts_with("sidecard-settings")
}

fn build_report(dist: &Path, print: bool) -> Result<Report> {
    // (raw, gzip, brotli) of what an agent's sidebar downloads, and of the settings page.
    let mut agent = (0u64, 0u64, 0u64);
    let mut settings = (0u64, 0u64, 0u64);
    let mut lines = Vec::new();
    for file in assets(dist)? {
        let is_html = file.extension().is_some_and(|e| e == "html");
        let bytes = std::fs::read(&file).map_err(|e| e.to_string())?;
        let sizes = (
            bytes.len() as u64,
            gzip(&bytes).len() as u64,
            brotli(&bytes).len() as u64,
        );
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let is_css = file.extension().is_some_and(|e| e == "css");
        let note = if is_html {
            "  (not counted)"
        } else if is_settings_bundle(&name) {
            "  (settings page)"
        } else if is_css {
            "  (both)"
        } else {
            ""
        };
        lines.push(format!(
            "  {name:<44} {:>9} {:>9} {:>9}{note}",
            sizes.0, sizes.1, sizes.2
        ));
        let add = |t: &mut (u64, u64, u64)| {
            *t = (t.0 + sizes.0, t.1 + sizes.1, t.2 + sizes.2);
        };
        if is_html {
            continue;
        }
        if is_settings_bundle(&name) {
            add(&mut settings);
        } else {
            add(&mut agent);
            if is_css {
                add(&mut settings);
            }
        }
    }
    if print {
        println!("widget size (bytes)                               raw      gzip    brotli");
        for line in &lines {
            println!("{line}");
        }
        for (label, t) in [
            ("agent bundle: wasm + js + css", agent),
            ("settings page: wasm + js + css", settings),
        ] {
            println!("  {label:<44} {:>9} {:>9} {:>9}", t.0, t.1, t.2);
        }
        println!(
            "  agent budget: {} bytes brotli: {}",
            BUDGET_BROTLI,
            if agent.2 <= BUDGET_BROTLI {
                format!("within ({}% used)", agent.2 * 100 / BUDGET_BROTLI)
            } else {
                "OVER".to_owned()
            }
        );
    }
    Ok(Report {
        brotli_total: agent.2,
    })
}
