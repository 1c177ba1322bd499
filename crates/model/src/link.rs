//! Links built from CRM data, which anyone can write (web-to-lead forms, portals, imports).
//!
//! A `javascript:` (or `data:`, `vbscript:`) URL in an `href` runs script in the sidebar when an
//! agent clicks it, so the only way to make a link is through [`WebUrl::parse`]: an absolute
//! `http`/`https` URL, or a path on the page's own origin (the demo CRM's record pages). The
//! check lives in the type, deserialization included, so the proxy, the widget and every
//! connector get it without remembering to call anything. Anything else stays text.
//!
//! The check is on the characters browsers act on (WHATWG URL Standard, "basic URL parser"):
//! they strip leading/trailing C0 controls and spaces and remove tabs and newlines anywhere
//! before reading the scheme, so `java\tscript:` and ` javascript:` are `javascript:` to
//! them. Refusing every control character and space, and requiring the exact prefix, leaves
//! no reading in which the scheme is other than http(s).

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// A URL safe to put in an `href`: `http://…`, `https://…` or `/path` (same origin).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct WebUrl(String);

impl WebUrl {
    /// `raw` (trimmed) if it is an http(s) URL with a host, or a same-origin path; else
    /// `None`. Schemes compare case-insensitively, as browsers do.
    pub fn parse(raw: &str) -> Option<WebUrl> {
        let raw = raw.trim();
        // Bytes, not chars: what browsers strip or skip is ASCII (C0 controls, space, DEL),
        // and the widget's bundle stays free of Unicode tables.
        if raw.bytes().any(|b| b <= b' ' || b == 0x7f) {
            return None;
        }
        let starts = |prefix: &str| {
            raw.get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        };
        let rest = if starts("https://") {
            &raw[8..]
        } else if starts("http://") {
            &raw[7..]
        } else if raw.starts_with('/') && !raw.starts_with("//") && !raw.starts_with("/\\") {
            // A path on this origin; `//host` would be another origin with the page's scheme.
            return Some(WebUrl(raw.to_owned()));
        } else {
            return None;
        };
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = host.rsplit('@').next().unwrap_or_default();
        (!host.is_empty() && !host.starts_with(':') && !host.contains('\\'))
            .then(|| WebUrl(raw.to_owned()))
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for WebUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for WebUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        // A value of the wrong form, not a free-form message: the deserializer decides whether
        // to print the (CRM-written) value; the widget's names only its kind (`src/from_js.rs`).
        WebUrl::parse(&raw).ok_or_else(|| {
            serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&raw),
                &"an http(s) URL or a same-origin path",
            )
        })
    }
}

/// For `Option<WebUrl>` fields: a link that is not a [`WebUrl`] reads as no link, so one bad
/// value never fails a whole answer.
pub fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<WebUrl>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.and_then(|raw| WebUrl::parse(&raw)))
}

/// A hyperlink field's value: a checked URL and the text the agent sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Link {
    url: WebUrl,
    label: String,
}

impl Link {
    /// A link to `url` showing `label`; `None` unless `url` is a [`WebUrl`].
    pub fn new(url: &str, label: impl Into<String>) -> Option<Link> {
        Some(Link {
            url: WebUrl::parse(url)?,
            label: label.into(),
        })
    }

    /// A website as CRMs store it (`contoso.example`, `https://contoso.example/`): bare host
    /// names get `https://`, the label drops the scheme and trailing slash. `None` for anything
    /// with another scheme (`javascript:`, `data:`, `mailto:`…) or no host.
    pub fn website(raw: &str) -> Option<Link> {
        let raw = raw.trim();
        let lower = raw.to_ascii_lowercase();
        let url = if lower.starts_with("https://") || lower.starts_with("http://") {
            raw.to_owned()
        } else if has_scheme(raw) || raw.starts_with('/') {
            return None;
        } else {
            format!("https://{raw}")
        };
        let label = url
            .split_once("://")
            .map_or(url.as_str(), |(_, rest)| rest)
            .trim_end_matches('/')
            .to_owned();
        Link::new(&url, label)
    }

    /// Where it goes.
    pub fn url(&self) -> &WebUrl {
        &self.url
    }

    /// What the agent sees.
    pub fn label(&self) -> &str {
        &self.label
    }
}

/// Whether `raw` starts with a URL scheme (`letter *(letter / digit / + / - / .) ":"`, RFC
/// 3986 §3.1), so `javascript:alert(1)` is never mistaken for a host name.
fn has_scheme(raw: &str) -> bool {
    let Some((scheme, _)) = raw.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        // `host:port` is no scheme: a port is all digits.
        && !raw[scheme.len() + 1..]
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|port| !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_https_and_own_paths_are_urls() {
        for good in [
            "https://contoso.example",
            "HTTPS://Contoso.example/a?b#c",
            "http://x.example:8080/",
            "/demo/records/contact/C01",
            "https://user@host.example/",
            "https://münchen.example/",
        ] {
            assert!(WebUrl::parse(good).is_some(), "{good}");
        }
        for bad in [
            "javascript://x.example/%0Adocument.title=%22PWNED%22",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "https:x.example",
            "https://",
            "https:///path",
            "https://:80",
            "//evil.example/",
            "/\\evil.example",
            "https://x.example/\u{0}",
            "https://x.example/a b",
            "ftp://x.example",
            "",
        ] {
            assert!(WebUrl::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn deserializing_checks_too() {
        let refused = serde_json::from_str::<WebUrl>(r#""javascript:alert(1)""#).unwrap_err();
        // A wrong value, so a deserializer that keeps CRM data out of messages can.
        assert!(
            refused.to_string().starts_with(
                "invalid value: string \"javascript:alert(1)\", expected an http(s) URL"
            ),
            "{refused}"
        );
        let link: Result<Link, _> =
            serde_json::from_str(r#"{"url":"data:text/html,x","label":"x"}"#);
        assert!(link.is_err());
        let link: Link =
            serde_json::from_str(r#"{"url":"https://x.example","label":"x"}"#).unwrap();
        assert_eq!(link.url().as_str(), "https://x.example");
    }

    #[test]
    fn websites_as_crms_store_them() {
        let link = Link::website("contoso.example").unwrap();
        assert_eq!(
            (link.url().as_str(), link.label()),
            ("https://contoso.example", "contoso.example")
        );
        let link = Link::website("http://x.example/").unwrap();
        assert_eq!(
            (link.url().as_str(), link.label()),
            ("http://x.example/", "x.example")
        );
        let link = Link::website("www.contoso.example:8443/shop").unwrap();
        assert_eq!(link.url().as_str(), "https://www.contoso.example:8443/shop");
        for bad in [
            "javascript://x.example/%0Adocument.title=%22PWNED%22",
            "javascript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox(1)",
            "mailto:a@b.example",
            "/local",
            "",
        ] {
            assert!(Link::website(bad).is_none(), "{bad:?}");
        }
    }
}
