//! Serves the built widget from `dist/`: hashed assets cached for a year (`immutable`: their
//! name changes when their content does), HTML never cached (it names the current assets), the
//! `.br`/`.gz` files `cargo xtask build` writes sent to browsers that accept them, the
//! catalogs as UTF-8 text and their parsed forms as JSON, `settings.html` (the admin's separate
//! bundle) at `/settings`, and `index.html` for any other path that names a page, not a file
//! (a missing file is a 404: [`page_or_not_found`]).

use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use std::convert::Infallible;
use std::path::Path;
use tower::util::BoxCloneSyncService;
use tower::{ServiceBuilder, ServiceExt, service_fn};
use tower_http::services::{ServeDir, ServeFile};

/// A year, the longest `max-age` caches honour (RFC 9111 advises against more).
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The widget's files, or a page saying how to build them.
pub(super) fn service(
    dist: Option<&Path>,
) -> BoxCloneSyncService<Request<Body>, Response, Infallible> {
    let Some(dist) = dist else {
        return BoxCloneSyncService::new(service_fn(|_req: Request<Body>| async {
            Ok::<_, Infallible>(not_built())
        }));
    };
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let fallback =
        service_fn(move |request: Request<Body>| page_or_not_found(index.clone(), request));
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(fallback);
    let service = ServiceBuilder::new()
        .map_request(settings_page)
        .layer(axum::middleware::from_fn(catalog_type))
        .map_response(|response: Response<_>| cache_headers(response.map(Body::new)))
        .service(files);
    BoxCloneSyncService::<Request<Body>, Response, Infallible>::new(service)
}

/// `/settings` is the settings page's own HTML (its own, larger wasm bundle). The pages name
/// their files relatively (the help desk apps' pages, built alike, run inside their packages), so
/// under `/settings/` they resolve to `/settings/<file>`: those are the root's files, the
/// catalogs in `locales/` among them (else an admin at `/settings/` would get the page's HTML
/// for their language's catalog, and English).
fn settings_page(mut request: Request<Body>) -> Request<Body> {
    let path = request.uri().path();
    let mapped = match path {
        "/settings" | "/settings/" => Some("/settings.html".to_owned()),
        _ => path
            .strip_prefix("/settings/")
            .map(|file| format!("/{file}")),
    };
    if let Some(mapped) = mapped
        && let Ok(uri) = mapped.parse()
    {
        *request.uri_mut() = uri;
    }
    request
}

/// What `dist/` does not hold: the agent's page for a page's path (`/`, `/?email=…`, any path
/// whose last segment has no extension), a 404 for a file's (`favicon.ico`, a catalog of a
/// language not built, another build's `sidecard-….js`). Served the page instead, a browser
/// downloads it as its tab's icon on every load of the standalone and settings pages, a page
/// reads it as a catalog of nothing, and a script named by another build fails to start with
/// a MIME type error instead of a 404.
async fn page_or_not_found(
    index: ServeFile,
    request: Request<Body>,
) -> Result<Response, Infallible> {
    let names_file = request
        .uri()
        .path()
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    if names_file {
        return Ok(StatusCode::NOT_FOUND.into_response());
    }
    Ok(index.oneshot(request).await?.map(Body::new))
}

/// The catalogs (`locales/<tag>.ftl`) as UTF-8 text: no MIME type is registered for Fluent
/// files, so the file server would call them `application/octet-stream`.
async fn catalog_type(request: Request<Body>, next: axum::middleware::Next) -> Response {
    let catalog = request.uri().path().ends_with(".ftl");
    let mut response = next.run(request).await;
    if catalog && response.status().is_success() {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
    }
    response
}

/// `no-cache` for HTML, `immutable` for every other file served successfully.
fn cache_headers(mut response: Response) -> Response {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let value = if is_html {
        "no-cache"
    } else if response.status().is_success() {
        IMMUTABLE
    } else {
        return response;
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

pub(super) fn not_built() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Html(
            "<!doctype html><meta charset=utf-8><title>Sidecard: widget not built</title>\
             <h1>The Sidecard widget is not built yet</h1>\
             <p>The proxy is running and its API answers at <code>/api/v1/lookup</code>, but \
             there is no built widget in its <code>--dist</code> directory. Run \
             <code>cargo xtask run</code> (it builds the widget, then starts the proxy), or \
             <code>cargo xtask build</code> and restart.</p>",
        ),
    )
        .into_response()
}
