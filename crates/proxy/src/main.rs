//! `sidecard-proxy`: parse the configuration, start logging, build the state, serve.

use sidecard_proxy::config::{Config, ConfigError, LogFormat};
use sidecard_proxy::{AppState, serve, shutdown_signal};
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::load() {
        Ok(config) => config,
        // --help and --version land here too; clap prints and picks the exit code.
        Err(ConfigError::Args(e)) => e.exit(),
        Err(e) => {
            eprintln!("sidecard-proxy: {e}");
            return ExitCode::from(2);
        }
    };
    init_tracing(&config);

    let state = match AppState::from_config(&config).await {
        Ok(state) => state,
        Err(e) => {
            tracing::error!("cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::error!("cannot start: --listen {}: {e}", config.listen);
            return ExitCode::FAILURE;
        }
    };
    let addr = listener.local_addr().unwrap_or(config.listen);
    if config.anonymous_allowed()
        && config.crm != sidecard_proxy::crm::CrmKind::Demo
        && !addr.ip().is_loopback()
    {
        // --anonymous on a real CRM: say so loudly rather than quietly serve CRM data to
        // anyone who can reach this address.
        tracing::warn!(
            "--anonymous is on: anyone who can reach {addr} can look up customers in the CRM \
             without a credential. Turn it off unless this address is on a trusted network."
        );
    }
    tracing::info!(crm = ?config.crm, "Sidecard is running at http://{addr}/");
    if config.crm == sidecard_proxy::crm::CrmKind::Demo {
        tracing::info!("try it: http://{addr}/?email=ana.garcia@contoso.example");
        tracing::info!("settings: http://{addr}/settings");
    }
    match serve(listener, state, shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("server failed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(config: &Config) {
    let filter = EnvFilter::try_new(&config.log).unwrap_or_else(|e| {
        eprintln!(
            "sidecard-proxy: --log {:?} is not a valid filter ({e}); using `info`",
            config.log
        );
        EnvFilter::new("info")
    });
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match config.log_format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}
