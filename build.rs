//! The widget's catalogs (`locales/*.ftl`): which languages exist, each with a hash of its
//! contents (the URL a catalog is fetched at changes when it does, so it is cached
//! `immutable`), the English agent messages (the part of `en.ftl` above its
//! `## Settings page` group) that the agent's bundles carry, less those of the views loaded on
//! demand (their groups are headed `## On demand: `; those views' chunk carries them), and the
//! English the settings page carries (all of it above the `## Help desk app packages` group,
//! whose messages and those after it only `cargo xtask` reads). Each keeps only the messages
//! of the help desks the build has adapters for (`zendesk-`, `freshdesk-`, `cif-`). The cut is
//! `build/english.rs`, which the catalogs test reads too.

#[path = "build/english.rs"]
mod english;

use sha2::{Digest, Sha256};
use std::fmt::Write;
use std::path::Path;

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

    let en = std::fs::read_to_string(dir.join("en.ftl")).expect("locales/en.ftl");
    let built = |prefix: &str| {
        english::HOSTS.iter().any(|(p, _, feature)| {
            *p == prefix && std::env::var_os(format!("CARGO_FEATURE_{feature}")).is_some()
        })
    };
    let agent = english::above(&en, english::SETTINGS_GROUP)
        .unwrap_or_else(|| panic!("locales/en.ftl has no `{}` group", english::SETTINGS_GROUP));
    let (first, on_demand) = english::by_group(agent);
    for (name, part) in [("en-agent.ftl", first), ("en-on-demand.ftl", on_demand)] {
        let part = english::for_hosts(&english::without_comments(&part), built);
        std::fs::write(out.join(name), part).expect("writable OUT_DIR");
    }
    let all = english::above(&en, english::XTASK_GROUP)
        .unwrap_or_else(|| panic!("locales/en.ftl has no `{}` group", english::XTASK_GROUP));
    let all = english::for_hosts(&english::without_comments(all), built);
    std::fs::write(out.join("en-all.ftl"), all).expect("writable OUT_DIR");
}
