//! How `locales/en.ftl` is cut into what each bundle carries: read by `build.rs`, which writes
//! the parts, and by the catalogs test (`tests/tests/catalogs.rs`), which checks the code
//! against the same cut.
//!
//! - the agent's part: above the [`SETTINGS_GROUP`] group; of it, the messages in the groups
//!   headed [`ON_DEMAND_GROUP`] are the views loaded on demand's (src/on_demand.rs), whose
//!   chunk brings them, and the rest is every agent page's;
//! - the settings page's: above the [`XTASK_GROUP`] group (what follows only `cargo xtask`
//!   reads);
//! - each help desk's messages ([`HOSTS`]) only in the bundles with its adapter.

/// The group comment that starts the settings page's messages.
pub const SETTINGS_GROUP: &str = "## Settings page";
/// The group comment after the last message a page's Rust shows.
pub const XTASK_GROUP: &str = "## Help desk app packages";
/// How the heading of a group of the views loaded on demand starts.
pub const ON_DEMAND_GROUP: &str = "## On demand: ";
/// Each help desk's message prefix, its adapter's file and its cargo feature (as cargo names
/// it to build scripts).
pub const HOSTS: &[(&str, &str, &str)] = &[
    ("zendesk-", "zendesk.rs", "ZENDESK"),
    ("freshdesk-", "freshdesk.rs", "FRESHDESK"),
    ("cif-", "cif.rs", "CIF"),
];

/// The part of `english` above the group `heading`.
pub fn above<'a>(english: &'a str, heading: &str) -> Option<&'a str> {
    english
        .split_once(&format!("\n{heading}\n"))
        .map(|(above, _)| above)
}

/// `source` without its comments and blank lines: they are for translators, not for every
/// sidebar's download. A line that starts with `#` is always a comment (a pattern's
/// continuation lines are indented).
pub fn without_comments(source: &str) -> String {
    source
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .flat_map(|line| [line, "\n"])
        .collect()
}

/// `source` cut into the lines outside the groups headed [`ON_DEMAND_GROUP`] and those in them.
/// A group runs from its heading (one `## ` line, or several in a row) to the next heading.
pub fn by_group(source: &str) -> (String, String) {
    let (mut first, mut on_demand) = (String::new(), String::new());
    let mut in_on_demand = false;
    let mut in_heading = false;
    for line in source.lines() {
        let heading = line.starts_with("## ");
        if heading && !in_heading {
            in_on_demand = line.starts_with(ON_DEMAND_GROUP);
        }
        in_heading = heading;
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

/// The id a line starts a message or term with (`id =`, `-term =`); any other line of a
/// catalog without comments belongs to the message above it (indented lines, and a select's
/// variants or closing brace, which Fluent also allows at the line's start).
pub fn message_id(line: &str) -> Option<&str> {
    let (id, _) = line.split_once('=')?;
    let id = id.trim_end();
    let name = id.strip_prefix('-').unwrap_or(id);
    let mut chars = name.chars();
    (chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    .then_some(id)
}

/// `source` (without comments) without the messages of the help desks whose prefix `keeps`
/// refuses.
pub fn for_hosts(source: &str, keeps: impl Fn(&str) -> bool) -> String {
    let mut kept = String::new();
    let mut keep = true;
    for line in source.lines() {
        if let Some(id) = message_id(line) {
            keep = HOSTS
                .iter()
                .all(|(prefix, _, _)| !id.starts_with(prefix) || keeps(prefix));
        }
        if keep {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
## Errors

error-title = Something went wrong
cif-record-refused = Dynamics would not show { $detail }.
## On demand: chooser.rs
## (a heading on two lines)

chooser-title = { $count ->
    [one] { $count } person matches
   *[other] { $count } people match
}
zendesk-multi =
    One line
    and another
    .title = An attribute
## pin_button.rs

pin-button-pin = Pin
";

    #[test]
    fn a_group_runs_to_the_next_heading_whatever_its_headings_length() {
        let (first, on_demand) = by_group(SAMPLE);
        assert!(first.contains("error-title") && first.contains("pin-button-pin"));
        assert!(on_demand.contains("chooser-title") && on_demand.contains("*[other]"));
        assert!(on_demand.contains("zendesk-multi") && on_demand.contains(".title"));
        assert!(!first.contains("chooser") && !on_demand.contains("pin-button"));
    }

    #[test]
    fn a_desks_message_goes_whole_with_every_line_it_spans() {
        let source = without_comments(SAMPLE);
        let kept = for_hosts(&source, |prefix| prefix == "cif-");
        assert!(!kept.contains("zendesk-multi") && !kept.contains("another"));
        assert!(!kept.contains(".title"));
        // Another message's closing brace, at the line's start, stays with it.
        assert!(kept.contains("people match\n}\n"));
        assert!(kept.contains("cif-record-refused"));
        let none = for_hosts(&source, |_| false);
        assert!(!none.contains("cif-") && none.contains("pin-button-pin = Pin"));
    }

    #[test]
    fn only_an_id_before_the_equals_sign_starts_a_message() {
        assert_eq!(message_id("error-title = Oops"), Some("error-title"));
        assert_eq!(message_id("-brand = Sidecard"), Some("-brand"));
        assert_eq!(message_id("    [one] a = b"), None);
        assert_eq!(message_id("}"), None);
        assert_eq!(message_id("   *[other] x"), None);
        assert_eq!(message_id("    .title = An attribute"), None);
    }
}
