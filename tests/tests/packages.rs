//! The help desk packages `cargo xtask package zendesk|freshdesk` writes, checked against what
//! each platform requires before it accepts an upload (Zendesk: `zendesk_apps_support`'s
//! manifest validations; Freshdesk: the FDK platform 3.0 layout). Neither vendor's validator
//! runs here (a Ruby gem and a CLI from Freshworks' CDN), so these are the rules they apply.

use serde_json::Value;
use sidecard_e2e::hosts::{packages, zendesk_zip};
use std::collections::BTreeMap;
use std::io::Read;

fn zendesk_files() -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zendesk_zip()).unwrap()).unwrap();
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        files.insert(file.name().to_owned(), bytes);
    }
    files
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("valid JSON")
}

/// Files a page names relatively (`./x`): its links' `href`s and its start script's glue and module.
fn referenced(html: &str) -> Vec<String> {
    // Quoted, or not: the minified page leaves quotes off attribute values.
    html.split("./")
        .skip(1)
        .map(|rest| {
            rest.split(['\'', '"', ' ', '>', '\n'])
                .next()
                .unwrap()
                .to_owned()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Among a package's `files`, exactly one page module, named `prefix…` (its host's own bundle),
/// and the modules it loads on demand (`….chunk.wasm`: no match, several matches, the create and log forms), its own too.
fn assert_own_modules<'a>(files: impl IntoIterator<Item = &'a String>, prefix: &str) {
    let (chunks, modules): (Vec<&String>, Vec<&String>) = files
        .into_iter()
        .filter(|f| f.ends_with(".wasm"))
        .partition(|f| f.ends_with(".chunk.wasm"));
    assert!(
        matches!(&modules[..], [one] if one.starts_with(prefix)),
        "{modules:?}"
    );
    assert!(
        !chunks.is_empty() && chunks.iter().all(|c| c.starts_with(prefix)),
        "{chunks:?}"
    );
}

/// The chunks a glue fetches (`"./<name>.chunk.wasm"`, relative to itself).
fn chunks_of(glue: &str) -> Vec<String> {
    glue.split("\"./")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|name| name.ends_with(".chunk.wasm"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_zendesk_zip_has_what_zendesk_requires() {
    let files = zendesk_files();
    for required in [
        "manifest.json",
        "translations/en.json",
        "assets/index.html",
        "assets/logo.png",
        "assets/logo-small.png",
    ] {
        assert!(
            files.contains_key(required),
            "{required} missing from the zip: {:?}",
            files.keys()
        );
    }
    let manifest = json(&files["manifest.json"]);
    assert!(
        manifest["author"]["name"].is_string() && manifest["author"]["email"].is_string(),
        "author"
    );
    assert_eq!(manifest["defaultLocale"], "en");
    assert_eq!(manifest["frameworkVersion"], "2.0");
    assert!(
        manifest.get("noTemplate").is_none(),
        "not allowed for framework 2"
    );
    for location in ["ticket_sidebar", "user_sidebar"] {
        let url = manifest["location"]["support"][location]["url"]
            .as_str()
            .unwrap();
        assert!(
            files.contains_key(url),
            "{location} → {url} is in the package"
        );
    }
    // The default locale's translations exist and name the app.
    let en = json(&files["translations/en.json"]);
    assert_eq!(en["app"]["name"], "Sidecard");
    let parameters = manifest["parameters"].as_array().unwrap();
    let allowed_scopes = [
        "header",
        "body",
        "url",
        "jwt_secret_key",
        "jwt_claim",
        "basic_auth_username",
        "basic_auth_password",
    ];
    for param in parameters {
        let name = param["name"].as_str().unwrap();
        if param["secure"] == true {
            let scopes = param["scopes"]
                .as_array()
                .unwrap_or_else(|| panic!("secure {name} without scopes"));
            assert!(!scopes.is_empty(), "secure {name} without scopes");
            assert!(
                scopes
                    .iter()
                    .all(|s| allowed_scopes.contains(&s.as_str().unwrap())),
                "{name}: {scopes:?}"
            );
            assert!(
                param.get("default").is_none(),
                "no default on secure {name}"
            );
        } else {
            let looks_secret = ["token", "key", "pwd", "password", "secret"]
                .iter()
                .any(|w| name.contains(w));
            assert!(!looks_secret, "{name} looks secret but is not secure");
        }
        assert!(
            en["app"]["parameters"][name]["label"].is_string(),
            "{name} has a label"
        );
    }
    // Every catalog's language, under Zendesk's lower-case locale names (its validator:
    // `^[a-z]{2,3}(-\w{2,3})?$`), every parameter labelled (each file is validated alone), the
    // app's name only in the default locale's (Zendesk ignores it elsewhere).
    for locale in ["ko", "ru", "nl", "zh-cn", "de", "ja", "pt-br"] {
        let file = format!("translations/{locale}.json");
        let translated = json(files.get(&file).unwrap_or_else(|| panic!("{file} missing")));
        assert!(
            translated["app"].get("name").is_none(),
            "{file} names the app"
        );
        assert_ne!(
            translated["app"]["short_description"], en["app"]["short_description"],
            "{file} is translated"
        );
        for param in parameters {
            let name = param["name"].as_str().unwrap();
            assert!(
                translated["app"]["parameters"][name]["label"].is_string(),
                "{file}: {name} has a label"
            );
        }
    }
    // The catalogs travel with the widget (it fetches the parsed one beside its page; the
    // start script's notice reads the source).
    assert!(files.contains_key("assets/locales/ko.ftl"));
    assert!(files.contains_key("assets/locales/ko.json"));
    assert!(!files.contains_key("assets/locales/ko.ftl.br"));

    let secret = parameters
        .iter()
        .find(|p| p["name"] == "shared_secret")
        .expect("the JWT secret");
    assert_eq!(
        secret["scopes"],
        serde_json::json!(["jwt_secret_key"]),
        "usable only to sign"
    );
    // Secure settings may be sent only to the proxy.
    assert_eq!(
        manifest["domainWhitelist"],
        serde_json::json!(["127.0.0.1"])
    );

    let page = String::from_utf8(files["assets/index.html"].clone()).unwrap();
    // Marked for its host right after the charset declaration.
    assert!(
        page.contains(r#"<meta charset=utf-8><meta name="sidecard-host" content="zendesk">"#),
        "{page}"
    );
    assert!(
        page.contains("https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js")
    );
    let assets = referenced(&page);
    assert!(assets.iter().any(|a| a.ends_with(".wasm")), "{assets:?}");
    for asset in assets {
        assert!(
            files.contains_key(&format!("assets/{asset}")),
            "assets/{asset} missing"
        );
    }
    assert!(
        !files.keys().any(|f| f.contains("settings")),
        "no settings bundle in the sidebar app"
    );
    // One module, the Zendesk adapter's own, and nothing of another page.
    assert_own_modules(files.keys(), "assets/sidecard-zendesk-");
    // Each module the page's script loads on demand is in the package beside it.
    let glue = files
        .iter()
        .find(|(name, _)| name.starts_with("assets/sidecard-zendesk-") && name.ends_with(".js"))
        .map(|(_, bytes)| String::from_utf8(bytes.clone()).unwrap())
        .expect("the page's script");
    let chunks = chunks_of(&glue);
    assert!(!chunks.is_empty(), "the other outcomes' module");
    for chunk in chunks {
        assert!(files.contains_key(&format!("assets/{chunk}")), "{chunk}");
    }
    assert!(
        !files
            .keys()
            .any(|f| f.contains("freshdesk") || f.contains("cif")),
        "{:?}",
        files.keys()
    );
    // Logos are PNGs of the sizes Zendesk asks for.
    for (name, size) in [("assets/logo.png", 320u32), ("assets/logo-small.png", 128)] {
        let png = &files[name];
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{name}");
        assert_eq!(
            u32::from_be_bytes(png[16..20].try_into().unwrap()),
            size,
            "{name} width"
        );
        assert_eq!(
            u32::from_be_bytes(png[20..24].try_into().unwrap()),
            size,
            "{name} height"
        );
    }
}

#[test]
fn the_freshdesk_folder_has_the_platform_3_layout() {
    let root = packages().join("sidecard-freshdesk");
    let read =
        |path: &str| std::fs::read(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let manifest = json(&read("manifest.json"));
    assert_eq!(manifest["platform-version"], "3.0");
    assert!(manifest["engines"]["node"].is_string() && manifest["engines"]["fdk"].is_string());
    for (module, location) in [
        ("support_ticket", "ticket_sidebar"),
        ("support_contact", "contact_sidebar"),
    ] {
        let place = &manifest["modules"][module]["location"][location];
        let url = place["url"]
            .as_str()
            .unwrap_or_else(|| panic!("{module}.{location}"));
        assert!(root.join("app").join(url).is_file(), "app/{url}");
        assert!(
            root.join("app")
                .join(place["icon"].as_str().unwrap())
                .is_file(),
            "{location} icon"
        );
    }
    // Every template the app invokes is declared, and every declared one exists.
    let requests = json(&read("config/requests.json"));
    let declared = manifest["modules"]["common"]["requests"]
        .as_object()
        .unwrap();
    assert_eq!(
        declared.keys().collect::<Vec<_>>(),
        requests.as_object().unwrap().keys().collect::<Vec<_>>()
    );
    let iparams = json(&read("config/iparams.json"));
    assert_eq!(iparams["api_key"]["secure"], true);
    for (name, template) in requests.as_object().unwrap() {
        let schema = &template["schema"];
        assert_eq!(schema["protocol"], "https", "{name}");
        let host = schema["host"].as_str().unwrap();
        assert!(
            !host.contains("://") && !host.ends_with('/'),
            "{name}: host only"
        );
        // Secure iparams are substituted in headers only.
        for part in ["host", "path", "query"] {
            assert!(
                !schema[part].to_string().contains("iparam.api_key"),
                "{name}: key in {part}"
            );
        }
        assert!(
            schema["headers"]["Authorization"]
                .as_str()
                .unwrap()
                .contains("<%= iparam.api_key %>")
        );
        let attempts = template["options"]["maxAttempts"].as_u64().unwrap_or(1);
        assert!((1..=5).contains(&attempts), "{name}: maxAttempts 1–5");
    }
    for (name, method, path) in [
        ("sidecardLookup", "POST", "/api/v1/lookup"),
        ("sidecardPersonForm", "GET", "/api/v1/people/form"),
        ("sidecardCreatePerson", "POST", "/api/v1/people"),
        ("sidecardLog", "POST", "/api/v1/activities"),
        ("sidecardPin", "PUT", "/api/v1/pins"),
    ] {
        assert!(declared.contains_key(name), "the widget's {name} template");
        let schema = &requests[name]["schema"];
        assert_eq!(
            (schema["method"].as_str(), schema["path"].as_str()),
            (Some(method), Some(path))
        );
    }
    assert_eq!(
        requests["sidecardCreatePerson"]["options"]["maxAttempts"], 1,
        "a new person is never sent twice"
    );
    let page = String::from_utf8(read("app/index.html")).unwrap();
    assert!(page.contains(r#"<script async src="{{{appclient}}}"></script>"#));
    // Marked for its host right after the charset declaration.
    assert!(
        page.contains(r#"<meta charset=utf-8><meta name="sidecard-host" content="freshdesk">"#),
        "{page}"
    );
    for asset in referenced(&page) {
        assert!(
            root.join("app").join(&asset).is_file(),
            "app/{asset} missing"
        );
    }
    // One module, the Freshdesk adapter's own, and nothing of another page.
    let shipped: Vec<String> = std::fs::read_dir(root.join("app"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_own_modules(&shipped, "sidecard-freshdesk-");
    assert!(
        !shipped
            .iter()
            .any(|f| f.contains("zendesk") || f.contains("cif") || f.contains("settings")),
        "{shipped:?}"
    );
    // The zip an admin uploads holds the same tree.
    let zip = packages().join(format!(
        "sidecard-freshdesk-{}.zip",
        env!("CARGO_PKG_VERSION")
    ));
    let archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    assert!(archive.file_names().any(|n| n == "config/requests.json"));
    assert!(archive.file_names().any(|n| n == "app/index.html"));
    // The catalogs travel with the widget; the listing's descriptions, which Freshworks takes
    // per language in its developer portal, sit beside the folder.
    assert!(root.join("app/locales/ko.ftl").is_file());
    assert!(root.join("app/locales/ko.json").is_file());
    let listing = json(&std::fs::read(packages().join("sidecard-freshdesk-listing.json")).unwrap());
    for tag in ["en", "ko", "ru", "nl", "zh-CN"] {
        assert!(listing[tag]["short_description"].is_string(), "{tag}");
    }
    assert_ne!(
        listing["ko"]["long_description"],
        listing["en"]["long_description"]
    );
}
