//! Sidecard's proxy: authenticates the widget's calls, looks customers up in the CRM through a
//! connector (normalizing keys, caching and coalescing on the way) and serves the built widget.
//!
//! [`app`] builds the router from [`AppState`], so tests drive it in-process with
//! `app(state).oneshot(request)`; [`serve`] runs it on a listener until shutdown.

pub mod auth;
pub mod cache;
pub mod config;
pub mod crm;
pub mod error;
mod http;
pub mod install;
pub mod lookup;
pub mod secret;
pub mod session;
pub mod state;
pub mod store;

pub use config::Config;
pub use state::AppState;

use axum::Router;
use std::future::Future;
use tokio::net::TcpListener;

/// The whole HTTP app over `state`.
pub fn app(state: AppState) -> Router {
    http::router(state)
}

/// Serves the app on `listener` until `shutdown` completes, then finishes in-flight requests.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM (what container runtimes and systemd send).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
