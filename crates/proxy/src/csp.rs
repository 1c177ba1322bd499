//! The `Content-Security-Policy` of every page the proxy serves.
//!
//! Sidecard shows CRM data, which anyone can write, in pages that hold sessions and host SDK
//! clients; the policy is the second wall behind the model's link check. Script runs only from
//! this origin (`'self'`), as WebAssembly (`'wasm-unsafe-eval'`, which compiling the widget
//! needs and nothing else allows), or as the exact inline scripts named by their SHA-256 (the
//! start script `cargo xtask build` writes into each built page, those Trunk inlines into them:
//! Fluent's formatter and the standalone page's first lookup; the channel page's CIF start-up
//! script). No plugins (`object-src 'none'`), no `<base>` to re-point relative URLs
//! (`base-uri 'none'`).
//!
//! Framing: the help desks, the Dynamics installs' orgs and `--frame-ancestor` origins may
//! frame the agents' pages; `/settings`, where the admin key is typed, only `'self'`
//! (a tenant of a help desk could otherwise frame it and overlay the key field).
//!
//! Directive semantics: CSP Level 3 (W3C), `'wasm-unsafe-eval'` and hash sources; the
//! page hash is the base64 SHA-256 of the script element's text, byte for byte.

use axum::http::HeaderValue;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;

/// Help desks whose pages may always frame the agents' pages.
pub const HOST_FRAME_ANCESTORS: [&str; 2] = ["https://*.zendesk.com", "https://*.freshdesk.com"];

/// The built pages whose inline scripts are allowed by hash.
const BUILT_PAGES: [&str; 3] = ["index.html", "settings.html", "cif.html"];

/// The stylesheet of the proxy's own small pages (demo records, messages), allowed by hash.
pub const PAGE_STYLE: &str = "body{font:15px system-ui,sans-serif;margin:1rem 2rem;\
color-scheme:light dark}h1{font-size:1.2rem}th{text-align:left;padding-right:1.5rem;\
font-weight:600}td,th{padding:.25rem 0}";

/// Which page a policy is for.
#[derive(Debug, Clone, Copy)]
pub enum Page<'a> {
    /// The agents' pages and the API: framed by the help desks and the orgs.
    Widget,
    /// The settings page: framed by itself only.
    Settings,
    /// The Dynamics channel page: also runs the org's CIF library.
    Channel {
        /// The org's web origin, `https://contoso.crm.dynamics.com`.
        org: &'a str,
    },
}

/// The policy's parts that vary by deployment.
#[derive(Debug, Clone, Default)]
pub struct Csp {
    /// Origins besides `'self'` allowed to frame the agents' pages.
    frame_ancestors: Vec<String>,
    /// `'sha256-…'` sources of the inline scripts the proxy serves.
    script_hashes: Vec<String>,
}

impl Csp {
    /// A policy framed by `frame_ancestors` (besides the help desks), allowing `inline`
    /// scripts by hash.
    pub fn new(frame_ancestors: &[String], inline: &[&str]) -> Self {
        let mut csp = Csp {
            frame_ancestors: HOST_FRAME_ANCESTORS
                .iter()
                .map(|o| (*o).to_owned())
                .chain(
                    frame_ancestors
                        .iter()
                        .map(|o| o.trim().trim_end_matches('/').to_owned()),
                )
                .collect(),
            script_hashes: Vec::new(),
        };
        for script in inline {
            csp.allow_script(script);
        }
        csp
    }

    /// Allows the inline scripts of the built pages in `dist`.
    pub fn allow_built_pages(&mut self, dist: &Path) {
        for page in BUILT_PAGES {
            if let Ok(html) = std::fs::read_to_string(dist.join(page)) {
                for script in inline_scripts(&html) {
                    self.allow_script(script);
                }
            }
        }
    }

    fn allow_script(&mut self, text: &str) {
        let hash = hash_source(text);
        if !self.script_hashes.contains(&hash) {
            self.script_hashes.push(hash);
        }
    }

    /// The header for `page`.
    pub fn header(&self, page: Page<'_>) -> HeaderValue {
        let mut script = String::from("'self' 'wasm-unsafe-eval'");
        for hash in &self.script_hashes {
            script.push(' ');
            script.push_str(hash);
        }
        let mut connect = String::from("'self'");
        let frames = match page {
            Page::Widget => self.frame_ancestors.join(" "),
            Page::Settings => String::new(),
            Page::Channel { org } => {
                // The library is the org's; it may call back to the org (unverified: see the
                // README's list of what a live org must confirm).
                script.push(' ');
                script.push_str(org);
                connect.push(' ');
                connect.push_str(org);
                self.frame_ancestors.join(" ")
            }
        };
        let value = format!(
            "default-src 'self'; script-src {script}; style-src 'self' {style}; \
             connect-src {connect}; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'self'{sep}{frames}",
            style = hash_source(PAGE_STYLE),
            sep = if frames.is_empty() { "" } else { " " },
        );
        // Every part is an origin checked at startup or a hash: always a valid header.
        HeaderValue::from_str(&value).unwrap_or_else(|_| {
            HeaderValue::from_static(
                "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'",
            )
        })
    }
}

/// `'sha256-<base64>'` of `text`.
pub fn hash_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The text of every `<script>` without a `src` in `html`.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            out.push(&body[..close]);
        }
        rest = &body[close..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_external_ones_skipped() {
        let html = r#"<head><script src="a.js"></script><script type="module">import x from './x.js';
x();</script></head><body><script>one()</script></body>"#;
        assert_eq!(
            inline_scripts(html),
            ["import x from './x.js';\nx();", "one()"]
        );
    }

    #[test]
    fn the_policies_differ_where_they_must() {
        let csp = Csp::new(&["https://help.acme.example/".into()], &["boot()"]);
        let widget = csp.header(Page::Widget);
        let widget = widget.to_str().unwrap();
        assert!(widget.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert!(widget.contains(&hash_source("boot()")));
        assert!(widget.contains("object-src 'none'"));
        assert!(widget.contains("base-uri 'none'"));
        assert!(widget.ends_with(
            "frame-ancestors 'self' https://*.zendesk.com https://*.freshdesk.com https://help.acme.example"
        ));
        let settings = csp.header(Page::Settings);
        assert!(
            settings
                .to_str()
                .unwrap()
                .ends_with("frame-ancestors 'self'")
        );
        let channel = csp.header(Page::Channel {
            org: "https://contoso.crm.dynamics.com",
        });
        assert!(channel.to_str().unwrap().contains(&format!(
            "{} https://contoso.crm.dynamics.com;",
            hash_source("boot()")
        )));
    }

    #[test]
    fn hashes_are_what_browsers_compute() {
        // echo -n "alert(1)" | openssl sha256 -binary | base64
        assert_eq!(
            hash_source("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }
}
