//! The widget's catalogs (`locales/*.ftl`) against English and against the code: every
//! catalog parses, has exactly English's messages with only the variables English's have, and
//! formats every message (with numbers for each plural category and each key of its choices on
//! text variables, which are English's keys in every catalog) without an error; every
//! message the widget names exists in English, and the agent's in the part of `en.ftl` the
//! agent's bundles carry; and every English message is shown somewhere. Each catalog parsed at
//! build time is what `@fluent/bundle`'s own parser reads in the browser.

#[path = "../../build/english.rs"]
mod english;
#[path = "../../build/fluent_json.rs"]
mod fluent_json;

use english::{SETTINGS_GROUP, XTASK_GROUP};
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The languages the issue asks for at least.
const REQUIRED: &[&str] = &["en", "ko", "nl", "ru", "zh-CN"];
/// Files whose messages only the settings page shows.
const SETTINGS_FILES: &[&str] = &[
    "settings_page.rs",
    "card_editor.rs",
    "log_editor.rs",
    "lookup_options.rs",
    "form_editor.rs",
    "preview.rs",
    "settings.rs",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn catalogs() -> BTreeMap<String, String> {
    std::fs::read_dir(root().join("locales"))
        .expect("locales/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
        .map(|p| {
            let tag = p.file_stem().unwrap().to_string_lossy().into_owned();
            (tag, std::fs::read_to_string(&p).expect("readable catalog"))
        })
        .collect()
}

/// What the test reads of one message.
struct Message {
    /// The variables it uses.
    vars: BTreeSet<String>,
    /// Its choices on a text variable (`{ $entity -> [lead] … }`): variable → keys.
    choices: BTreeMap<String, BTreeSet<String>>,
}

/// Every message of a catalog, parsed once.
fn messages(tag: &str, source: &str) -> BTreeMap<String, Message> {
    let resource = fluent_syntax::parser::parse(source)
        .unwrap_or_else(|(_, errors)| panic!("locales/{tag}.ftl does not parse: {errors:?}"));
    let mut out = BTreeMap::new();
    for entry in resource.body {
        match entry {
            ast::Entry::Message(m) => {
                let Some(value) = &m.value else {
                    panic!("locales/{tag}.ftl: {} has no value", m.id.name);
                };
                let mut message = Message {
                    vars: BTreeSet::new(),
                    choices: BTreeMap::new(),
                };
                variables(value, &mut message.vars);
                pattern_choices(value, &mut message.choices);
                assert!(
                    out.insert(m.id.name.to_owned(), message).is_none(),
                    "locales/{tag}.ftl: {} twice",
                    m.id.name
                );
            }
            ast::Entry::Junk { content } => panic!("locales/{tag}.ftl: cannot read {content:?}"),
            _ => {}
        }
    }
    out
}

/// Each message's text choices, by message.
fn text_choices(
    messages: &BTreeMap<String, Message>,
) -> BTreeMap<&str, &BTreeMap<String, BTreeSet<String>>> {
    messages
        .iter()
        .map(|(id, m)| (id.as_str(), &m.choices))
        .collect()
}

/// CLDR's plural categories: the variant keys a number selects by.
const PLURAL: &[&str] = &["zero", "one", "two", "few", "many", "other"];

fn pattern_choices(pattern: &ast::Pattern<&str>, out: &mut BTreeMap<String, BTreeSet<String>>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable {
            expression: ast::Expression::Select { selector, variants },
        } = element
        {
            if let ast::InlineExpression::VariableReference { id } = selector {
                for variant in variants {
                    if let ast::VariantKey::Identifier { name } = variant.key
                        && !PLURAL.contains(&name)
                    {
                        out.entry(id.name.to_owned())
                            .or_default()
                            .insert(name.to_owned());
                    }
                }
            }
            for variant in variants {
                pattern_choices(&variant.value, out);
            }
        }
    }
}

fn variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                variables(&variant.value, out);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, out),
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_catalog_has_exactly_englishs_messages_and_variables() {
    let catalogs = catalogs();
    for tag in REQUIRED {
        assert!(catalogs.contains_key(*tag), "locales/{tag}.ftl is missing");
    }
    let english = messages("en", &catalogs["en"]);
    assert!(
        english.len() > 100,
        "English has {} messages",
        english.len()
    );
    for (tag, source) in &catalogs {
        let these = messages(tag, source);
        let missing: Vec<_> = english
            .keys()
            .filter(|id| !these.contains_key(*id))
            .collect();
        let extra: Vec<_> = these
            .keys()
            .filter(|id| !english.contains_key(*id))
            .collect();
        assert!(missing.is_empty(), "locales/{tag}.ftl lacks {missing:?}");
        assert!(extra.is_empty(), "locales/{tag}.ftl has unknown {extra:?}");
        for (id, message) in &these {
            let unknown: Vec<_> = message.vars.difference(&english[id].vars).collect();
            assert!(
                unknown.is_empty(),
                "locales/{tag}.ftl: {id} uses {unknown:?}, which the widget never passes"
            );
        }
    }
}

#[test]
fn every_message_formats_in_every_catalog() {
    let catalogs = catalogs();
    let english = messages("en", &catalogs["en"]);
    let choices = text_choices(&english);
    for (tag, source) in &catalogs {
        let language: unic_langid::LanguageIdentifier = tag.parse().expect("a BCP 47 file name");
        let mut bundle = FluentBundle::new(vec![language]);
        bundle.set_use_isolating(false);
        let resource = FluentResource::try_new(source.clone())
            .unwrap_or_else(|(_, e)| panic!("locales/{tag}.ftl: {e:?}"));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|e| panic!("locales/{tag}.ftl: {e:?}"));
        // A choice on a text variable has English's keys in every catalog (a key the widget
        // never passes would never show; one missing would show the default instead).
        assert_eq!(
            text_choices(&messages(tag, source)),
            choices,
            "locales/{tag}.ftl: choices on text variables differ from English's"
        );
        for (id, Message { vars, .. }) in &english {
            let message = bundle.get_message(id).expect("checked above");
            // Every variable as numbers that reach every plural category of the languages
            // shipped (0, 1, 2, 3, 5, 21, 1.5); then each text choice's keys in turn.
            let mut samples: Vec<FluentArgs> = [0.0, 1.0, 2.0, 3.0, 5.0, 21.0, 1.5]
                .into_iter()
                .map(|n| {
                    let mut args = FluentArgs::new();
                    for var in vars {
                        args.set(var.as_str(), FluentValue::from(n));
                    }
                    args
                })
                .collect();
            for (var, keys) in choices[id.as_str()] {
                for key in keys {
                    let mut args = FluentArgs::new();
                    for other in vars.iter().filter(|v| *v != var) {
                        args.set(other.as_str(), FluentValue::from(1.0));
                    }
                    args.set(var.as_str(), FluentValue::from(key.as_str()));
                    samples.push(args);
                }
            }
            for args in &samples {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(message.value().unwrap(), Some(args), &mut errors);
                assert!(errors.is_empty(), "locales/{tag}.ftl: {id}: {errors:?}");
                assert!(!text.trim().is_empty(), "locales/{tag}.ftl: {id} is empty");
            }
        }
    }
}

/// The widget's sources (`src/**/*.rs`): each file's name and text.
fn sources() -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut dirs = vec![root().join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                files.push((
                    name,
                    std::fs::read_to_string(&path).expect("readable source"),
                ));
            }
        }
    }
    files
}

/// Message ids named in the widget's code, by the file naming them.
fn ids_in_code() -> Vec<(String, String)> {
    let mut ids = Vec::new();
    for (name, text) in sources() {
        // `t("id")`, `t_args("id", …)`, `Message::new("id")`, and the ids that the enum
        // label helpers and the error panel pick by `=> "id"` / `("id", "id-help")`.
        for opener in [
            "t(\"",
            "t_args(\"",
            "Message::new(\"",
            "sentence_parts(\"",
            "with_code(\"",
            "=> \"",
            "(\"error-",
            ", \"error-",
            "(\"no-match-",
        ] {
            for (at, _) in text.match_indices(opener) {
                // An opener that ends inside the id (`("error-`) keeps that part of it.
                let inside = opener.rsplit('"').next().unwrap_or_default();
                let start = at + opener.len() - inside.len();
                let rest = &text[start..];
                let Some(end) = rest.find('"') else { continue };
                let id = &rest[..end];
                let looks_like_id = id.contains('-')
                    && id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                // `=> "…"` also picks ordinary strings (CSS classes, keys): only ids count.
                if looks_like_id && (opener != "=> \"" || name == "i18n.rs") {
                    ids.push((name.clone(), id.to_owned()));
                }
            }
        }
    }
    ids
}

#[test]
fn every_message_the_code_names_is_in_english_and_the_agents_in_their_part() {
    let en = std::fs::read_to_string(root().join("locales/en.ftl")).expect("en.ftl");
    let agent_part = english::above(&en, SETTINGS_GROUP).expect("en.ftl has the settings group");
    let all = messages("en", &en);
    let agent = messages("en", agent_part);
    let ids = ids_in_code();
    assert!(ids.len() > 100, "found only {} ids in src/", ids.len());
    for (file, id) in ids {
        assert!(
            all.contains_key(&id),
            "src/…/{file} names {id}, which en.ftl lacks"
        );
        // The settings page's labels for fields, value sources and help desks live in
        // i18n.rs beside the agent's, but only the settings page shows them.
        let settings_label = ["kind-", "source-", "desk-"]
            .iter()
            .any(|p| id.starts_with(p));
        if !SETTINGS_FILES.contains(&file.as_str()) && !settings_label {
            assert!(
                agent.contains_key(&id),
                "src/…/{file} is in the agent's bundle but {id} is below `{SETTINGS_GROUP}`"
            );
        }
    }
}

/// The files of the views loaded on demand: no other code may name the messages their chunk
/// brings (`build/english.rs`), or a page would show the message's id before the chunk is in.
/// `log_form.rs` also holds the card's button, whose message is outside those groups.
const ON_DEMAND_FILES: &[&str] = &[
    "create_person.rs",
    "log_form.rs",
    "chooser.rs",
    "no_match.rs",
    "pin_button.rs",
    "several.rs",
];

#[test]
fn only_the_views_loaded_on_demand_name_their_messages_and_only_a_desks_adapter_its_own() {
    let en = std::fs::read_to_string(root().join("locales/en.ftl")).expect("en.ftl");
    let agent = english::above(&en, SETTINGS_GROUP).expect("en.ftl has the settings group");
    let (first, on_demand) = english::by_group(agent);
    let on_demand = messages("en", &on_demand);
    let first = messages("en", &first);
    // The create form's, the log form's, the chooser's and no match's.
    assert!(
        on_demand.len() > 30,
        "only {:?} on demand",
        on_demand.keys()
    );
    assert!(
        first.contains_key("log-form-open"),
        "the card's button is drawn at once"
    );
    for (file, id) in ids_in_code() {
        if on_demand.contains_key(&id) {
            assert!(
                ON_DEMAND_FILES.contains(&file.as_str()),
                "src/…/{file} names {id}, whose English comes with the views loaded on demand"
            );
        }
        for (prefix, adapter, _) in english::HOSTS {
            if id.starts_with(prefix) {
                assert_eq!(
                    &file, adapter,
                    "{id} is only in the pages with {adapter}, but {file} names it"
                );
            }
        }
    }
}

#[test]
fn every_english_message_is_used() {
    let en = std::fs::read_to_string(root().join("locales/en.ftl")).expect("en.ftl");
    let sources: String = sources().into_iter().map(|(_, text)| text).collect();
    // The packages' descriptions and what a page says when it cannot start are read by
    // `cargo xtask` (xtask/src/hosts.rs, xtask/src/bundle.rs).
    let xtask: String = ["hosts.rs", "bundle.rs"]
        .iter()
        .map(|file| std::fs::read_to_string(root().join("xtask/src").join(file)).expect(file))
        .collect();
    // What only `cargo xtask` reads is below this group, which no page's Rust carries.
    let pages = english::above(&en, XTASK_GROUP).expect("en.ftl has the packages' group");
    let carried = messages("en", pages);
    for id in messages("en", &en).keys() {
        let quoted = format!("\"{id}\"");
        if carried.contains_key(id) {
            assert!(
                sources.contains(&quoted),
                "en.ftl has {id}, which nothing shows: remove it from every catalog"
            );
        } else {
            assert!(
                xtask.contains(&quoted),
                "en.ftl has {id} below `{XTASK_GROUP}`, which only `cargo xtask` reads, and it \
                 does not: move it above, or remove it from every catalog"
            );
        }
    }
}

#[test]
fn what_follows_a_heading_brings_its_own_space_or_a_full_width_bracket() {
    // The views put nothing between a heading and these: each catalog says what goes there,
    // a space (`{" "}`) or, in Japanese and Chinese, nothing before a full-width bracket.
    for (tag, source) in catalogs() {
        for id in [
            "deal-list-count",
            "log-editor-field-kind",
            "preview-sample-values",
        ] {
            let value = source
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{id} = ")))
                .unwrap_or_else(|| panic!("locales/{tag}.ftl has no one-line {id}"));
            assert!(
                value.starts_with(r#"{" "}"#) || value.starts_with('（'),
                "locales/{tag}.ftl: {id} = {value} starts with neither {{\" \"}} nor （"
            );
        }
    }
}

#[test]
fn what_a_page_says_when_it_cannot_start_or_stops_reads_without_fluent() {
    // The page's own script reads these from the raw catalog with a pattern
    // (`^<id> = (.+)$`, xtask/src/start.js): one line each, with nothing Fluent would format
    // differently from the text as written.
    for (tag, source) in catalogs() {
        for id in ["start-failed", "stopped-working"] {
            let start = format!("{id} = ");
            let mut lines = source.lines().skip_while(|l| !l.starts_with(&start));
            let value = lines
                .next()
                .and_then(|l| l.strip_prefix(&start))
                .unwrap_or_else(|| panic!("locales/{tag}.ftl has no {id}"));
            assert!(
                lines.next().is_none_or(|l| !l.starts_with(' ')),
                "locales/{tag}.ftl: {id} goes on past its line"
            );
            assert!(
                !value.is_empty() && !value.contains(['{', '}', '\\']),
                "locales/{tag}.ftl: {id} = {value} has what Fluent would format"
            );
        }
    }
}

/// What `@fluent/bundle`'s parser (`FluentResource`, run by Node from the package `cargo xtask
/// build` installs) makes of `source`, adjacent text joined and text alone as a string, as
/// [`fluent_json`] writes it.
fn parsed_by_fluent_bundle(source: &str) -> serde_json::Value {
    let package = root().join(".tools/fluent/node_modules/@fluent/bundle/esm/index.js");
    assert!(
        package.is_file(),
        "no {}: run `cargo xtask test` (its build installs @fluent/bundle)",
        package.display()
    );
    let script = format!(
        r#"import {{ FluentResource }} from {package:?};
const join = (p) => {{
  if (typeof p === "string" || p === null) return p;
  const out = [];
  for (const e of p) {{
    const v = typeof e === "string" ? e : expr(e);
    if (typeof v === "string" && typeof out[out.length - 1] === "string") out[out.length - 1] += v;
    else if (v !== "") out.push(v);
  }}
  return out.length === 1 && typeof out[0] === "string" ? out[0] : out;
}};
const expr = (e) => {{
  if (e.type === "select")
    return {{ ...e, selector: expr(e.selector), variants: e.variants.map((v) => ({{ key: v.key, value: join(v.value) }})) }};
  if (e.args) return {{ ...e, args: e.args.map(expr) }};
  if (e.type === "narg") return {{ ...e, value: expr(e.value) }};
  return e;
}};
let source = "";
for await (const chunk of process.stdin) source += chunk;
const body = new FluentResource(source).body.map((m) => ({{
  id: m.id,
  value: join(m.value),
  attributes: Object.fromEntries(Object.entries(m.attributes).map(([k, v]) => [k, join(v)])),
}}));
process.stdout.write(JSON.stringify(body));
"#,
        package = package.display().to_string()
    );
    let mut node = std::process::Command::new("node")
        .args(["--input-type=module", "-e", &script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node (cargo xtask setup installs it)");
    use std::io::Write;
    node.stdin
        .take()
        .unwrap()
        .write_all(source.as_bytes())
        .unwrap();
    let out = node.wait_with_output().unwrap();
    assert!(out.status.success(), "node failed on the catalog");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_catalog_parsed_at_build_time_is_what_fluent_bundle_reads() {
    for (tag, source) in catalogs() {
        let ours: serde_json::Value =
            serde_json::from_str(&fluent_json::to_json(&source).unwrap()).unwrap();
        let theirs = parsed_by_fluent_bundle(&source);
        assert_eq!(
            ours.as_array().map(Vec::len),
            theirs.as_array().map(Vec::len),
            "{tag}: as many messages"
        );
        for (a, b) in ours
            .as_array()
            .unwrap()
            .iter()
            .zip(theirs.as_array().unwrap())
        {
            assert_eq!(a, b, "{tag}: {}", a["id"]);
        }
    }
    // The English the bundles carry, cut and stripped of comments, too.
    let en = catalogs().remove("en").unwrap();
    let agent = english::without_comments(english::above(&en, SETTINGS_GROUP).unwrap());
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&fluent_json::to_json(&agent).unwrap()).unwrap(),
        parsed_by_fluent_bundle(&agent)
    );
}
