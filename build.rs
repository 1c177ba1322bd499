//! The widget's catalogs (`locales/*.ftl`): which languages exist, each with a hash of its
//! contents (the URL a catalog is fetched at changes when it does, so it is cached
//! `immutable`), the English agent messages (the part of `en.ftl` above its
//! `## Settings page` group) that the agent's bundles carry, less those of the views loaded on
//! demand (their groups are headed `## On demand: `; those views' chunk carries them), and the
//! English the settings page carries (all of it above the `## Help desk app packages` group,
//! whose messages and those after it only `cargo xtask` reads). Each keeps only the messages
//! of the help desks the build has adapters for (`zendesk-`, `freshdesk-`, `cif-`).

use sha2::{Digest, Sha256};
use std::fmt::Write;
use std::path::Path;

/// The group comment that starts the settings page's messages in `en.ftl`.
const SETTINGS_GROUP: &str = "## Settings page";
/// The group comment after the last message a page's Rust shows.
const XTASK_GROUP: &str = "## Help desk app packages";
/// How the groups of the views loaded on demand start (src/on_demand.rs): their English is
/// `en-on-demand.ftl`, which only those views' code names, so it is in their chunk.
const ON_DEMAND_GROUP: &str = "## On demand: ";
/// Each help desk's message prefix and its cargo feature, as cargo names it to build scripts.
const HOSTS: &[(&str, &str)] = &[
    ("zendesk-", "ZENDESK"),
    ("freshdesk-", "FRESHDESK"),
    ("cif-", "CIF"),
];

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
    let hosts = hosts_built();
    let agent = english
        .split_once(&format!("\n{SETTINGS_GROUP}\n"))
        .map(|(agent, _)| agent)
        .unwrap_or_else(|| panic!("locales/en.ftl has no `{SETTINGS_GROUP}` group"));
    let (first, on_demand) = by_group(agent);
    let agent = for_hosts(&without_comments(&first), &hosts);
    std::fs::write(out.join("en-agent.ftl"), agent).expect("writable OUT_DIR");
    let on_demand = for_hosts(&without_comments(&on_demand), &hosts);
    std::fs::write(out.join("en-on-demand.ftl"), on_demand).expect("writable OUT_DIR");
    let all = english
        .split_once(&format!("\n{XTASK_GROUP}\n"))
        .map(|(all, _)| all)
        .unwrap_or_else(|| panic!("locales/en.ftl has no `{XTASK_GROUP}` group"));
    let all = for_hosts(&without_comments(all), &hosts);
    std::fs::write(out.join("en-all.ftl"), all).expect("writable OUT_DIR");
}

/// The help desks whose adapters this build has (their cargo features): a page carries the
/// English of its own help desk's messages alone.
fn hosts_built() -> Vec<&'static str> {
    HOSTS
        .iter()
        .filter(|(_, feature)| std::env::var_os(format!("CARGO_FEATURE_{feature}")).is_some())
        .map(|(prefix, _)| *prefix)
        .collect()
}

/// `source` split into the messages outside the groups headed [`ON_DEMAND_GROUP`] and those
/// in them (a group runs to the next `## ` line).
fn by_group(source: &str) -> (String, String) {
    let (mut first, mut on_demand) = (String::new(), String::new());
    let mut in_on_demand = false;
    for line in source.lines() {
        if line.starts_with("## ") {
            in_on_demand = line.starts_with(ON_DEMAND_GROUP);
        }
        let into = if in_on_demand {
            &mut on_demand
        } else {
            &mut first
        };
        into.push_str(line);
        into.push('\n');
    }
    (first, on_demand)
}

/// `source` (without comments) without the messages of help desks not in `hosts`: a message
/// runs from its `id =` line through its indented lines.
fn for_hosts(source: &str, hosts: &[&str]) -> String {
    let mut kept = String::new();
    let mut keep = true;
    for line in source.lines() {
        if !line.starts_with(' ') {
            keep = !HOSTS
                .iter()
                .any(|(prefix, _)| line.starts_with(prefix) && !hosts.contains(prefix));
        }
        if keep {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    kept
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
