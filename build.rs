//! The widget's catalogs (`locales/*.ftl`): which languages exist, each with a hash of its
//! contents (the URL a catalog is fetched at changes when it does, so it is cached
//! `immutable`), the English agent messages (the part of `en.ftl` above its
//! `## Settings page` group) that the agent's bundles carry, and the English the settings page
//! carries (all of it above the `## Help desk app packages` group, whose messages and those
//! after it only `cargo xtask` reads).

use sha2::{Digest, Sha256};
use std::fmt::Write;
use std::path::Path;

/// The group comment that starts the settings page's messages in `en.ftl`.
const SETTINGS_GROUP: &str = "## Settings page";
/// The group comment after the last message a page's Rust shows.
const XTASK_GROUP: &str = "## Help desk app packages";

fn main() {
    // Set by `cargo xtask build` for the bundles it splits (src/on_demand.rs).
    println!("cargo::rustc-check-cfg=cfg(sidecard_split)");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo::rerun-if-changed={}", dir.display());
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    let mut catalogs: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("locales/ holds the catalogs")
        .map(|entry| entry.expect("readable locales/").path())
        .filter(|path| path.extension().is_some_and(|e| e == "ftl"))
        .map(|path| {
            let tag = path.file_stem().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&path).expect("readable catalog");
            let hash = Sha256::digest(&bytes)
                .iter()
                .take(6)
                .fold(String::new(), |mut hex, b| {
                    let _ = write!(hex, "{b:02x}");
                    hex
                });
            (tag, hash)
        })
        .collect();
    catalogs.sort();
    let mut table = String::from("/// Every catalog: (language tag, hash of its contents).\n");
    table.push_str("pub const CATALOGS: &[(&str, &str)] = &[\n");
    for (tag, hash) in &catalogs {
        let _ = writeln!(table, "    ({tag:?}, {hash:?}),");
    }
    table.push_str("];\n");
    std::fs::write(out.join("catalogs.rs"), table).expect("writable OUT_DIR");

    let english = std::fs::read_to_string(dir.join("en.ftl")).expect("locales/en.ftl");
    let agent = english
        .split_once(&format!("\n{SETTINGS_GROUP}\n"))
        .map(|(agent, _)| agent)
        .unwrap_or_else(|| panic!("locales/en.ftl has no `{SETTINGS_GROUP}` group"));
    let agent = without_comments(agent);
    std::fs::write(out.join("en-agent.ftl"), agent).expect("writable OUT_DIR");
    let all = english
        .split_once(&format!("\n{XTASK_GROUP}\n"))
        .map(|(all, _)| all)
        .unwrap_or_else(|| panic!("locales/en.ftl has no `{XTASK_GROUP}` group"));
    std::fs::write(out.join("en-all.ftl"), without_comments(all)).expect("writable OUT_DIR");
}

/// A catalog without its comments and blank lines: they are for translators, not for every
/// sidebar's download. A line that starts with `#` is always a comment (a pattern's
/// continuation lines are indented).
fn without_comments(source: &str) -> String {
    source
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .flat_map(|line| [line, "\n"])
        .collect()
}
