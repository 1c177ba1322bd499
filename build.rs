//! The widget's catalogs (`locales/*.ftl`): which languages exist, each with a hash of its
//! contents (the URL a catalog is fetched at changes when it does, so it is cached
//! `immutable`), the English agent messages (the part of `en.ftl` above its
//! `## Settings page` group) that the agent's bundles carry, less those of the views loaded on
//! demand (their groups are headed `## On demand: `; those views' chunk carries them), and the
//! English the settings page carries (all of it above the `## Help desk app packages` group,
//! whose messages and those after it only `cargo xtask` reads). Each keeps only the messages
//! of the help desks the build has adapters for (`zendesk-`, `freshdesk-`, `cif-`). The cut is
//! `build/english.rs`, which the catalogs test reads too. Every part is written parsed, as
//! `@fluent/bundle`'s syntax tree in JSON (`build/fluent_json.rs`), and each catalog's hash is
//! that of its parsed form, which `cargo xtask build` serves as `locales/<tag>.json`.

#[path = "build/english.rs"]
mod english;
#[path = "build/fluent_json.rs"]
mod fluent_json;

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
            let source = std::fs::read_to_string(&path).expect("readable catalog");
            let parsed = fluent_json::to_json(&source)
                .unwrap_or_else(|e| panic!("locales/{tag}.ftl does not parse: {e}"));
            let hash = Sha256::digest(parsed.as_bytes()).iter().take(6).fold(
                String::new(),
                |mut hex, b| {
                    let _ = write!(hex, "{b:02x}");
                    hex
                },
            );
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
    for (name, part) in [("en-agent.json", first), ("en-on-demand.json", on_demand)] {
        let part = english::for_hosts(&english::without_comments(&part), built);
        write_parsed(&out.join(name), &part);
    }
    let all = english::above(&en, english::XTASK_GROUP)
        .unwrap_or_else(|| panic!("locales/en.ftl has no `{}` group", english::XTASK_GROUP));
    let all = english::for_hosts(&english::without_comments(all), built);
    write_parsed(&out.join("en-all.json"), &all);
}

/// `part` of `en.ftl`, parsed ([`fluent_json`]), into `path`.
fn write_parsed(path: &Path, part: &str) {
    let parsed =
        fluent_json::to_json(part).unwrap_or_else(|e| panic!("locales/en.ftl does not parse: {e}"));
    std::fs::write(path, parsed).expect("writable OUT_DIR");
}
