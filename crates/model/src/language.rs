//! Which catalog an agent reads: the host's language tag (Zendesk `currentUser.locale`,
//! Freshdesk's agent language, the Dynamics user's LCID turned into a tag, the browser's
//! `navigator.languages`) matched against the catalogs the widget ships.
//!
//! The rules, in order (BCP 47 tags compared case-insensitively, `_` read as `-`):
//!
//! 1. **Chinese goes by script.** `zh`, `zh-CN`, `zh-SG` and `zh-Hans-*` are Simplified and
//!    read the `zh-CN` catalog. `zh-TW`, `zh-HK`, `zh-MO` and `zh-Hant-*` are Traditional: no
//!    catalog is written in it, and Simplified is not what those agents read at work, so they
//!    get the default (English) rather than the other script. This is what Fluent's own
//!    negotiation does (`fluent-langneg` fills in the likely script before it compares).
//! 2. **The exact tag** when a catalog has it (`pt-BR`).
//! 3. **The same language in another region** (`nl-BE` → `nl`, `pt-PT` → `pt-BR`,
//!    `en-GB` → `en`): a region changes spelling and a few words, not whether a sentence reads.
//! 4. Otherwise nothing: the caller tries the agent's next language, then English.

/// The language every catalog is checked against and every agent falls back to.
pub const DEFAULT: &str = "en";

/// The catalog in `available` for the agent's `requested` tag, if any (see the module docs).
pub fn negotiate<'a>(requested: &str, available: &[&'a str]) -> Option<&'a str> {
    let tag = normalized(requested);
    let mut parts = tag.split('-');
    let language = parts.next().filter(|l| !l.is_empty())?;
    if language == "zh" {
        return simplified(&tag).then(|| find(available, "zh-cn"))?;
    }
    find(available, &tag).or_else(|| {
        available.iter().copied().find(|a| {
            a.split('-')
                .next()
                .unwrap_or(a)
                .eq_ignore_ascii_case(language)
        })
    })
}

/// The first of the agent's tags (most preferred first) that has a catalog; [`DEFAULT`] when
/// none has.
///
/// Once a Traditional Chinese tag has been named, a later plain `zh` is not taken as
/// Simplified: browsers list `zh-TW, zh` for a Taiwanese reader, who should not get the other
/// script from the second entry.
pub fn negotiate_list<'a, 'r>(
    requested: impl IntoIterator<Item = &'r str>,
    available: &[&'a str],
) -> &'a str {
    let mut traditional = false;
    requested
        .into_iter()
        .find_map(|tag| {
            let lower = normalized(tag);
            if lower == "zh" || lower.starts_with("zh-") {
                if !simplified(&lower) {
                    traditional = true;
                    return None;
                }
                if traditional && !lower.contains("hans") {
                    return None;
                }
            }
            negotiate(tag, available)
        })
        .or_else(|| find(available, DEFAULT))
        .unwrap_or(DEFAULT)
}

/// The language tag of a Windows LCID, as Dynamics 365 names a user's language (1033,
/// 1042, …), for the languages that have a catalog or a region worth telling apart (Chinese
/// by script, Portuguese by region). Source: Microsoft's "[MS-LCID] Windows Language Code
/// Identifier Reference"; an LCID not listed here gives `None` (the caller asks the browser).
pub fn lcid_tag(lcid: u32) -> Option<&'static str> {
    Some(match lcid {
        1033 => "en-US",
        2057 => "en-GB",
        1042 => "ko-KR",
        1049 => "ru-RU",
        1043 => "nl-NL",
        2067 => "nl-BE",
        2052 => "zh-CN",
        4100 => "zh-SG",
        1028 => "zh-TW",
        3076 => "zh-HK",
        5124 => "zh-MO",
        1031 => "de-DE",
        3079 => "de-AT",
        2055 => "de-CH",
        1036 => "fr-FR",
        3084 => "fr-CA",
        3082 => "es-ES",
        2058 => "es-MX",
        1041 => "ja-JP",
        1046 => "pt-BR",
        2070 => "pt-PT",
        _ => return None,
    })
}

/// A tag as the rules compare it: trimmed, `-` for `_`, lower case.
fn normalized(tag: &str) -> String {
    tag.trim().replace('_', "-").to_ascii_lowercase()
}

fn find<'a>(available: &[&'a str], lowercase_tag: &str) -> Option<&'a str> {
    available
        .iter()
        .copied()
        .find(|a| a.eq_ignore_ascii_case(lowercase_tag))
}

/// Whether a (lowercased) Chinese tag is written in Simplified characters.
fn simplified(tag: &str) -> bool {
    let subtags: Vec<&str> = tag.split('-').skip(1).collect();
    if subtags.contains(&"hant") {
        return false;
    }
    if subtags.contains(&"hans") {
        return true;
    }
    !subtags.iter().any(|s| matches!(*s, "tw" | "hk" | "mo"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &[&str] = &["de", "en", "ko", "nl", "pt-BR", "ru", "zh-CN"];

    #[test]
    fn exact_and_case_insensitive() {
        assert_eq!(negotiate("ko", SHIPPED), Some("ko"));
        assert_eq!(negotiate("pt-br", SHIPPED), Some("pt-BR"));
        assert_eq!(negotiate("PT_BR", SHIPPED), Some("pt-BR"));
    }

    #[test]
    fn another_region_reads_the_language() {
        assert_eq!(negotiate("nl-BE", SHIPPED), Some("nl"));
        assert_eq!(negotiate("en-GB", SHIPPED), Some("en"));
        assert_eq!(negotiate("pt-PT", SHIPPED), Some("pt-BR"));
        assert_eq!(negotiate("ru-RU", SHIPPED), Some("ru"));
        assert_eq!(negotiate("ko-KR", SHIPPED), Some("ko"));
    }

    #[test]
    fn chinese_goes_by_script() {
        for simplified in ["zh", "zh-CN", "zh-cn", "zh-SG", "zh-Hans", "zh-Hans-HK"] {
            assert_eq!(
                negotiate(simplified, SHIPPED),
                Some("zh-CN"),
                "{simplified}"
            );
        }
        for traditional in ["zh-TW", "zh-tw", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-CN"] {
            assert_eq!(negotiate(traditional, SHIPPED), None, "{traditional}");
        }
    }

    #[test]
    fn unknown_and_empty_tags_have_no_catalog() {
        assert_eq!(negotiate("fi", SHIPPED), None);
        assert_eq!(negotiate("", SHIPPED), None);
        assert_eq!(negotiate("-ko", SHIPPED), None);
    }

    #[test]
    fn dynamics_lcids_reach_their_catalogs() {
        let via = |lcid| lcid_tag(lcid).and_then(|tag| negotiate(tag, SHIPPED));
        assert_eq!(via(1042), Some("ko"));
        assert_eq!(via(2052), Some("zh-CN"));
        assert_eq!(via(1028), None);
        assert_eq!(via(2067), Some("nl"));
        assert_eq!(via(2070), Some("pt-BR"));
        assert_eq!(lcid_tag(1), None);
    }

    #[test]
    fn the_first_tag_with_a_catalog_wins_then_english() {
        assert_eq!(negotiate_list(["fi", "nl-NL", "ko"], SHIPPED), "nl");
        assert_eq!(negotiate_list(["zh-TW", "ja"], SHIPPED), "en");
        // What a browser set to Taiwanese Chinese sends: never Simplified from the bare `zh`.
        assert_eq!(negotiate_list(["zh-TW", "zh", "en-US"], SHIPPED), "en");
        assert_eq!(negotiate_list(["zh-TW", "zh-Hans", "en"], SHIPPED), "zh-CN");
        assert_eq!(negotiate_list(["zh", "zh-TW"], SHIPPED), "zh-CN");
        assert_eq!(negotiate_list([], SHIPPED), "en");
    }
}
