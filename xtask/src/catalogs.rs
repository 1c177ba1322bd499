//! The widget's catalogs (`locales/*.ftl`) read natively with Project Fluent's Rust crate, for
//! what the help desk packages say about the app in each language (`app-*` messages), and
//! parsed for the pages ([`write_parsed`]).

use crate::{Result, root};
use fluent_bundle::{FluentBundle, FluentResource};
use std::path::Path;

#[path = "../../build/fluent_json.rs"]
mod fluent_json;

/// `<tag>.json` beside each `<tag>.ftl` in `locales` (a built page's copy): the catalog parsed
/// as `@fluent/bundle`'s syntax tree, which the pages fetch (src/i18n.rs). The `.ftl` stays:
/// the start script's notice reads one line of it when the bundle cannot start.
pub fn write_parsed(locales: &Path) -> Result {
    for entry in std::fs::read_dir(locales).map_err(|e| format!("{}: {e}", locales.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let source =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let parsed =
            fluent_json::to_json(&source).map_err(|e| format!("{}: {e}", path.display()))?;
        let out = path.with_extension("json");
        std::fs::write(&out, parsed).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    Ok(())
}

/// One catalog's language tag and a formatter for its messages.
pub struct Catalog {
    /// The file's name without `.ftl` (`en`, `zh-CN`, `pt-BR`).
    pub tag: String,
    bundle: FluentBundle<FluentResource>,
}

impl Catalog {
    /// Message `id` without variables; an error names the catalog and the message.
    pub fn text(&self, id: &str) -> Result<String> {
        let message = self
            .bundle
            .get_message(id)
            .and_then(|m| m.value())
            .ok_or_else(|| format!("locales/{}.ftl has no {id}", self.tag))?;
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(message, None, &mut errors);
        if !errors.is_empty() {
            return Err(format!("locales/{}.ftl: {id}: {errors:?}", self.tag));
        }
        Ok(text.into_owned())
    }
}

/// Every catalog, English first.
pub fn all() -> Result<Vec<Catalog>> {
    let dir = root().join("locales");
    let mut catalogs = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let tag = path.file_stem().unwrap().to_string_lossy().into_owned();
        let source =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let language = tag
            .parse()
            .map_err(|e| format!("{}: not a language tag ({e})", path.display()))?;
        let mut bundle = FluentBundle::new(vec![language]);
        bundle.set_use_isolating(false);
        let resource = FluentResource::try_new(source)
            .map_err(|(_, e)| format!("{}: {e:?}", path.display()))?;
        bundle
            .add_resource(resource)
            .map_err(|e| format!("{}: {e:?}", path.display()))?;
        catalogs.push(Catalog { tag, bundle });
    }
    catalogs.sort_by_key(|c| (c.tag != "en", c.tag.clone()));
    Ok(catalogs)
}
