//! The help desk app packages, each built from its own page in `target/desks/` (the widget
//! with that help desk's adapter alone) and the catalogs in `dist/locales/`:
//!
//! - Zendesk: `target/package/sidecard-zendesk-<version>.zip`, a private app an admin uploads
//!   (manifest, translations, logos, and the widget under `assets/`, loading the ZAF SDK from
//!   Zendesk's CDN);
//! - Freshdesk: `target/package/sidecard-freshdesk/`, an FDK platform 3.0 app folder (manifest,
//!   `config/iparams.json`, `config/requests.json`, the widget under `app/`), and the same
//!   zipped for upload as a custom app; beside it `sidecard-freshdesk-listing.json`, the
//!   listing's descriptions in every catalog's language (Freshworks takes them in its
//!   developer portal, not from the package).
//!
//! The Zendesk package's `translations/` and the Freshdesk listing come from the widget's
//! catalogs (`locales/*.ftl`, the `app-*` messages).
//!
//! The widget ships inside each package, so the sidebar loads from the help desk's own asset
//! host and only lookups travel to the proxy, through the help desk's server-side request proxy
//! that adds the install's secret.

use crate::{Result, catalogs, root};
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where production loads the ZAF SDK from (tests serve the npm package's build instead).
pub const ZAF_SDK_CDN: &str =
    "https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js";
/// The Freshworks app client, substituted by the platform when it serves the page.
const FDK_CLIENT: &str = "{{{appclient}}}";
/// The widget's calls as Freshdesk request templates (`api::LOOKUP`, `PERSON_FORM`,
/// `CREATE_PERSON`, `LOG`, `PIN` in `src/api.rs`): name, method, path, and how many attempts Freshworks makes. A new
/// person is sent once (a retry after a lost answer could create them twice); logs and pins
/// are idempotent at the proxy.
const TEMPLATES: [(&str, &str, &str, u8); 5] = [
    ("sidecardLookup", "POST", "/api/v1/lookup", 2),
    ("sidecardPersonForm", "GET", "/api/v1/people/form", 2),
    ("sidecardCreatePerson", "POST", "/api/v1/people", 1),
    ("sidecardLog", "POST", "/api/v1/activities", 2),
    ("sidecardPin", "PUT", "/api/v1/pins", 2),
];

/// The files of `host`'s page in `desks` (its script, module and styles, not the page itself,
/// which [`page`] marks), and the catalogs in `dist/locales/` (each `.ftl`, which the start
/// script's notice reads, and its parsed `.json`, which the widget reads): each with its path
/// inside the package's widget folder.
fn widget_files(desks: &Path, host: &str, dist: &Path) -> Result<Vec<(String, PathBuf)>> {
    let own = format!("sidecard-{host}-");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(desks).map_err(|e| format!("{}: {e}", desks.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if name.starts_with(&own) || name.starts_with("styles-") {
            files.push((name, path));
        }
    }
    if !files.iter().any(|(name, _)| name.ends_with(".wasm")) {
        return Err(format!(
            "no built {host} bundle in {}: run `cargo xtask build`",
            desks.display()
        ));
    }
    let locales = dist.join("locales");
    for entry in std::fs::read_dir(&locales).map_err(|e| format!("{}: {e}", locales.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if let Some(name) = path.file_name().and_then(|n| n.to_str())
            && (name.ends_with(".ftl") || name.ends_with(".json"))
        {
            files.push((format!("locales/{name}"), path));
        }
    }
    files.sort();
    Ok(files)
}

/// `host`'s built page (`desks/<host>.html`) marked for it, with `head` (the host's SDK
/// script) added.
fn page(desks: &Path, host: &str, head: &str) -> Result<String> {
    let file = desks.join(format!("{host}.html"));
    let index = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    mark(index, host, head)
}

/// `index` (the built page) marked for `host`, `head` added after its charset declaration.
fn mark(index: String, host: &str, head: &str) -> Result<String> {
    // After the charset declaration, which Trunk's minifier writes `<meta charset=utf-8>`.
    let after_charset = index
        .find("<meta charset")
        .and_then(|at| index[at..].find('>').map(|end| at + end + 1));
    // Quoted or not (the minifier drops quotes): an absolute asset URL would miss the package.
    let absolute = ["href=/", "src=/", "href=\"/", "src=\"/", "'/sidecard"]
        .iter()
        .any(|url| index.contains(url));
    let Some(at) = after_charset.filter(|_| !absolute) else {
        return Err(
            "the built page is not the relative-URL build this needs: run `cargo xtask build`"
                .into(),
        );
    };
    let mut page = index;
    page.insert_str(
        at,
        &format!("<meta name=\"sidecard-host\" content=\"{host}\">{head}"),
    );
    Ok(page)
}

/// A file tree to write: (path inside the package, bytes).
type Tree = Vec<(String, Vec<u8>)>;

/// `host`'s page and files under `under` (the package's widget folder).
fn widget_tree(desks: &Path, dist: &Path, host: &str, under: &str, head: &str) -> Result<Tree> {
    let mut tree = vec![(
        format!("{under}index.html"),
        page(desks, host, head)?.into_bytes(),
    )];
    for (name, path) in widget_files(desks, host, dist)? {
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        tree.push((format!("{under}{name}"), bytes));
    }
    Ok(tree)
}

fn json_bytes(value: &serde_json::Value) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values serialize");
    text.push('\n');
    text.into_bytes()
}

/// The Zendesk app, from its page in `desks` and the catalogs in `dist`: `proxy_host` is the
/// proxy's host name, the only domain Zendesk's request proxy may send the app's secure
/// settings to.
pub fn zendesk(desks: &Path, dist: &Path, proxy_host: &str, out: &Path) -> Result<PathBuf> {
    let version = env!("CARGO_PKG_VERSION");
    let manifest = json!({
        "name": "Sidecard",
        "author": {
            "name": "Sidecard",
            "email": "support@sidecard.example",
            "url": "https://sidecard.example"
        },
        "defaultLocale": "en",
        "private": true,
        "location": {
            "support": {
                "ticket_sidebar": { "url": "assets/index.html", "flexible": true },
                "user_sidebar": { "url": "assets/index.html", "flexible": true }
            }
        },
        "version": version,
        "frameworkVersion": "2.0",
        "domainWhitelist": [proxy_host],
        "parameters": [
            { "name": "proxy_url", "type": "url", "required": true },
            {
                "name": "shared_secret",
                "type": "text",
                "required": true,
                "secure": true,
                "scopes": ["jwt_secret_key"]
            }
        ]
    });
    let script = format!("<script src=\"{ZAF_SDK_CDN}\"></script>");
    let mut tree = widget_tree(desks, dist, "zendesk", "assets/", &script)?;
    tree.push(("manifest.json".into(), json_bytes(&manifest)));
    for catalog in catalogs::all()? {
        let (file, translations) = zendesk_translations(&catalog)?;
        tree.push((file, json_bytes(&translations)));
    }
    tree.push(("assets/logo.png".into(), logo_png(320)));
    tree.push(("assets/logo-small.png".into(), logo_png(128)));
    let zip = out.join(format!("sidecard-zendesk-{version}.zip"));
    write_zip(&zip, &tree)?;
    Ok(zip)
}

/// `translations/<locale>.json` from one catalog. Zendesk names locales in lower case
/// (`zh-cn`, `pt-br`) and its package validator accepts `^[a-z]{2,3}(-\w{2,3})?$`; it reads
/// the app's name from the default locale's file only, and every parameter needs a `label`
/// (zendesk_apps_support, `validations/translations.rb` and `package.rb`).
fn zendesk_translations(catalog: &catalogs::Catalog) -> Result<(String, serde_json::Value)> {
    let text = |id: &str| catalog.text(id);
    let mut app = json!({
        "short_description": text("app-short-description")?,
        "long_description": text("app-long-description")?,
        "installation_instructions": text("app-installation-instructions")?,
        "parameters": {
            "proxy_url": {
                "label": text("app-proxy-url-label")?,
                "helpText": text("app-proxy-url-help")?
            },
            "shared_secret": {
                "label": text("app-shared-secret-label")?,
                "helpText": text("app-shared-secret-help")?
            }
        }
    });
    if catalog.tag == "en" {
        app["name"] = json!("Sidecard");
    }
    let file = format!("translations/{}.json", catalog.tag.to_ascii_lowercase());
    Ok((file, json!({ "app": app })))
}

/// The Freshdesk app folder (and its zip), from its page in `desks` and the catalogs in
/// `dist`.
pub fn freshdesk(desks: &Path, dist: &Path, out: &Path) -> Result<PathBuf> {
    let manifest = json!({
        "platform-version": "3.0",
        "modules": {
            "common": {
                "requests": TEMPLATES
                    .iter()
                    .map(|(name, ..)| ((*name).to_owned(), json!({})))
                    .collect::<serde_json::Map<_, _>>()
            },
            "support_ticket": {
                "location": {
                    "ticket_sidebar": { "url": "index.html", "icon": "styles/images/icon.svg" }
                }
            },
            "support_contact": {
                "location": {
                    "contact_sidebar": { "url": "index.html", "icon": "styles/images/icon.svg" }
                }
            }
        },
        "engines": { "node": "18.20.8", "fdk": "9.7.4" }
    });
    let iparams = json!({
        "proxy_host": {
            "display_name": "Proxy host",
            "description": "Your Sidecard proxy's host name, e.g. sidecard.acme.example (no https://, no path)",
            "type": "text",
            "required": true,
            "type_attributes": {
                "regex": { "pattern": "^[A-Za-z0-9.-]+(:[0-9]+)?$", "message": "A host name only, like sidecard.acme.example" }
            }
        },
        "api_key": {
            "display_name": "Sidecard API key",
            "description": "The key whose SHA-256 is this Freshdesk account's api_key_sha256 in the proxy's installs file",
            "type": "text",
            "required": true,
            "secure": true
        }
    });
    let requests: serde_json::Map<_, _> = TEMPLATES
        .iter()
        .map(|(name, method, path, attempts)| {
            let template = json!({
                "schema": {
                    "protocol": "https",
                    "method": method,
                    "host": "<%= iparam.proxy_host %>",
                    "path": path,
                    "headers": {
                        "Authorization": "Bearer <%= iparam.api_key %>",
                        "Content-Type": "application/json",
                        "Accept": "application/json"
                    }
                },
                "options": { "maxAttempts": attempts, "retryDelay": 500 }
            });
            ((*name).to_owned(), template)
        })
        .collect();
    let script = format!("<script async src=\"{FDK_CLIENT}\"></script>");
    let mut tree = widget_tree(desks, dist, "freshdesk", "app/", &script)?;
    tree.push(("manifest.json".into(), json_bytes(&manifest)));
    tree.push(("config/iparams.json".into(), json_bytes(&iparams)));
    tree.push((
        "config/requests.json".into(),
        json_bytes(&serde_json::Value::Object(requests)),
    ));
    tree.push((
        "app/styles/images/icon.svg".into(),
        ICON_SVG.as_bytes().to_vec(),
    ));
    let folder = out.join("sidecard-freshdesk");
    let _ = std::fs::remove_dir_all(&folder);
    for (name, bytes) in &tree {
        let path = folder.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).map_err(|e| e.to_string())?;
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    write_zip(
        &out.join(format!(
            "sidecard-freshdesk-{}.zip",
            env!("CARGO_PKG_VERSION")
        )),
        &tree,
    )?;
    // A Freshworks app package has no translations of its own: the listing's descriptions are
    // entered per language in the developer portal. These are the catalogs' words for them.
    let mut listing = serde_json::Map::new();
    for catalog in catalogs::all()? {
        listing.insert(
            catalog.tag.clone(),
            json!({
                "short_description": catalog.text("app-short-description")?,
                "long_description": catalog.text("app-long-description")?,
            }),
        );
    }
    let listing_file = out.join("sidecard-freshdesk-listing.json");
    std::fs::write(
        &listing_file,
        json_bytes(&serde_json::Value::Object(listing)),
    )
    .map_err(|e| format!("{}: {e}", listing_file.display()))?;
    Ok(folder)
}

fn write_zip(path: &Path, tree: &Tree) -> Result {
    std::fs::create_dir_all(path.parent().unwrap()).map_err(|e| e.to_string())?;
    let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in tree {
        zip.start_file(name.as_str(), options)
            .map_err(|e| e.to_string())?;
        zip.write_all(bytes).map_err(|e| e.to_string())?;
    }
    zip.finish().map_err(|e| e.to_string())?;
    Ok(())
}

/// The sidebar icon: a card with two lines.
const ICON_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24"><rect x="2" y="4" width="20" height="16" rx="3" fill="#2f6fde"/><rect x="5" y="8" width="9" height="2" rx="1" fill="#fff"/><rect x="5" y="12" width="14" height="2" rx="1" fill="#fff"/></svg>
"##;

/// A square RGBA PNG of the same card, `size` pixels wide (Zendesk: 320 logo, 128 small).
fn logo_png(size: u32) -> Vec<u8> {
    let inside = |x: u32, y: u32, x0: f32, y0: f32, w: f32, h: f32| {
        let (fx, fy) = (x as f32 / size as f32 * 24.0, y as f32 / size as f32 * 24.0);
        fx >= x0 && fx < x0 + w && fy >= y0 && fy < y0 + h
    };
    let mut raw = Vec::with_capacity((size * (size * 4 + 1)) as usize);
    for y in 0..size {
        raw.push(0); // filter: none
        for x in 0..size {
            let pixel: [u8; 4] =
                if inside(x, y, 5.0, 8.0, 9.0, 2.0) || inside(x, y, 5.0, 12.0, 14.0, 2.0) {
                    [255, 255, 255, 255]
                } else if inside(x, y, 2.0, 4.0, 20.0, 16.0) {
                    [0x2f, 0x6f, 0xde, 255]
                } else {
                    [0, 0, 0, 0]
                };
            raw.extend_from_slice(&pixel);
        }
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&size.to_be_bytes());
    header.extend_from_slice(&size.to_be_bytes());
    header.extend_from_slice(&[8, 6, 0, 0, 0]); // 8-bit RGBA, no interlace
    chunk(&mut png, b"IHDR", &header);
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&raw).expect("writing to memory");
    chunk(
        &mut png,
        b"IDAT",
        &encoder.finish().expect("writing to memory"),
    );
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    png.extend_from_slice(&crc.sum().to_be_bytes());
}

/// `target/package`, where packages go.
pub fn out_dir() -> PathBuf {
    root().join("target/package")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_from(index: &str) -> Result<String> {
        mark(
            index.to_owned(),
            "zendesk",
            "<script src=\"sdk.js\"></script>",
        )
    }

    #[test]
    fn the_host_is_marked_after_the_charset_minified_or_not() {
        for charset in ["<meta charset=utf-8>", "<meta charset=\"utf-8\" />"] {
            let index = format!("<html><head>{charset}<link href=./a.css></head></html>");
            let page = page_from(&index).unwrap();
            assert_eq!(
                page,
                format!(
                    "<html><head>{charset}<meta name=\"sidecard-host\" content=\"zendesk\">\
                     <script src=\"sdk.js\"></script><link href=./a.css></head></html>"
                )
            );
        }
    }

    #[test]
    fn an_absolute_asset_url_is_refused_quoted_or_not() {
        for link in [
            "<link href=/a.css>",
            "<link href=\"/a.css\">",
            "<script src=/a.js>",
        ] {
            let index = format!("<html><head><meta charset=utf-8>{link}</head></html>");
            assert!(page_from(&index).is_err(), "{link}");
        }
    }
}
