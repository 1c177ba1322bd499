//! The deployment files (`Dockerfile`, `deploy/compose.yaml`, `deploy/nginx.conf`): images
//! cannot be built here, so what can go wrong without building is checked: the compose file
//! parses, runs two proxies beside PostgreSQL, Redis and nginx, nginx spreads over
//! exactly those proxies on the port the image listens on, the image runs as a non-root user,
//! and every `SIDECARD_*` setting the files give is one the proxy knows.

use clap::CommandFactory;
use sidecard_proxy::Config;
use std::collections::BTreeSet;
use std::path::PathBuf;
use yaml_rust2::{Yaml, YamlLoader};

fn file(path: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every environment variable the proxy reads its settings from.
fn known_settings() -> BTreeSet<String> {
    fn collect(command: &clap::Command, into: &mut BTreeSet<String>) {
        for arg in command.get_arguments() {
            if let Some(env) = arg.get_env() {
                into.insert(env.to_string_lossy().into_owned());
            }
        }
        for sub in command.get_subcommands() {
            collect(sub, into);
        }
    }
    let mut known = BTreeSet::new();
    collect(&Config::command(), &mut known);
    assert!(known.contains("SIDECARD_DATABASE_URL") && known.contains("SIDECARD_REDIS_URL"));
    known
}

fn compose() -> Yaml {
    YamlLoader::load_from_str(&file("deploy/compose.yaml"))
        .expect("compose.yaml is YAML")
        .remove(0)
}

#[test]
fn compose_runs_two_shared_state_proxies_beside_postgres_redis_and_nginx() {
    let compose = compose();
    let services = compose["services"].as_hash().expect("services");
    let names: BTreeSet<&str> = services.keys().filter_map(Yaml::as_str).collect();
    assert_eq!(
        names,
        BTreeSet::from(["nginx", "postgres", "proxy-a", "proxy-b", "redis"])
    );
    let known = known_settings();
    for name in ["proxy-a", "proxy-b"] {
        let proxy = &compose["services"][name];
        assert_eq!(
            proxy["build"]["dockerfile"].as_str(),
            Some("Dockerfile"),
            "{name}"
        );
        assert!(
            proxy["ports"].is_badvalue(),
            "{name}: only nginx is published"
        );
        for needs in ["postgres", "redis"] {
            assert_eq!(
                proxy["depends_on"][needs]["condition"].as_str(),
                Some("service_healthy"),
                "{name} on {needs}"
            );
        }
        let env = proxy["environment"].as_hash().expect("environment");
        for key in env.keys().filter_map(Yaml::as_str) {
            assert!(
                known.contains(key),
                "{name}: {key} is no setting of the proxy"
            );
        }
        let setting = |key: &str| env[&Yaml::from_str(key)].as_str().unwrap_or_default();
        let database = setting("SIDECARD_DATABASE_URL");
        assert!(
            database.starts_with("postgres://") && database.contains("@postgres:5432/"),
            "{name}: {database}"
        );
        assert_eq!(
            setting("SIDECARD_REDIS_URL"),
            "redis://redis:6379/0",
            "{name}"
        );
        // nginx, on the project's private network, is trusted for the client's address.
        let trusted = setting("SIDECARD_TRUSTED_PROXIES");
        for range in ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] {
            assert!(trusted.split(',').any(|r| r == range), "{name}: {trusted}");
        }
        // Panels signed in through one proxy must be accepted by the other.
        assert!(
            setting("SIDECARD_SESSION_SECRET").starts_with("${SIDECARD_SESSION_SECRET"),
            "{name}"
        );
    }
    assert_eq!(
        compose["services"]["nginx"]["ports"][0].as_str(),
        Some("8080:80")
    );
}

#[test]
fn nginx_spreads_over_both_proxies_on_the_port_the_image_listens_on() {
    let nginx = file("deploy/nginx.conf");
    let upstream = nginx
        .split_once("upstream sidecard {")
        .and_then(|(_, rest)| rest.split_once('}'))
        .expect("an upstream named sidecard")
        .0;
    let servers: Vec<&str> = upstream
        .lines()
        .filter_map(|l| l.trim().strip_prefix("server "))
        .map(|s| s.trim_end_matches(';'))
        .collect();
    assert_eq!(servers, ["proxy-a:8080", "proxy-b:8080"]);
    assert!(nginx.contains("proxy_pass http://sidecard;"));
    assert!(nginx.contains("proxy_set_header X-Request-Id $request_id;"));
    // nginx is the edge: the address it saw replaces the client's own header, so what the
    // proxies trust cannot be written by the client.
    assert!(nginx.contains("proxy_set_header X-Forwarded-For $remote_addr;"));
    assert!(!nginx.contains("$proxy_add_x_forwarded_for"));
    let dockerfile = file("Dockerfile");
    assert!(dockerfile.contains("SIDECARD_LISTEN=0.0.0.0:8080"));
}

#[test]
fn the_image_runs_the_proxy_as_a_user_and_sets_only_known_settings() {
    let dockerfile = file("Dockerfile");
    let last_stage = dockerfile.rsplit("\nFROM ").next().unwrap();
    let user = last_stage
        .lines()
        .find_map(|l| l.strip_prefix("USER "))
        .expect("the runtime stage names a user");
    assert_ne!(user.trim(), "root");
    assert!(last_stage.contains(r#"ENTRYPOINT ["sidecard-proxy"]"#));
    let known = known_settings();
    for word in last_stage.split(|c: char| c.is_whitespace() || c == '\\') {
        if let Some((key, _)) = word.split_once('=')
            && key.starts_with("SIDECARD_")
        {
            assert!(known.contains(key), "{key} is no setting of the proxy");
        }
    }
}
