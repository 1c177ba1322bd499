# syntax=docker/dockerfile:1
# Sidecard: the widget (wasm, built by `cargo xtask build` into dist/) and the proxy that serves
# it, in one image. Build from the repository root: `docker build -t sidecard .`

# wasm-opt is npm's binaryen (Debian's emits modules that fail at runtime, see
# xtask/src/setup.rs), so the build stage needs Node.js; this stage only supplies it.
FROM node:22-bookworm-slim AS node

FROM rust:1.95-bookworm AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
WORKDIR /src

# The widget's build tools, in a layer of their own so a source change does not rebuild them
# (trunk alone takes minutes). Versions as in xtask/src/setup.rs and Cargo.lock: if they drift,
# `cargo xtask build` below reinstalls the right ones, only slower. wasm-bindgen-cli is not
# --locked, as in setup.rs; binaryen goes where `cargo xtask` looks for it (/src/.tools, which
# .dockerignore keeps out of the context so the COPY below does not replace it).
ARG TRUNK_VERSION=0.21.14
ARG WASM_BINDGEN_VERSION=0.2.130
ARG BINARYEN_VERSION=132.0.0
# The dated nightly the widget is compiled with (WIDGET_TOOLCHAIN in setup.rs).
ARG WIDGET_TOOLCHAIN=nightly-2026-05-20
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git \
    rustup target add wasm32-unknown-unknown \
 && rustup toolchain install "$WIDGET_TOOLCHAIN" --profile minimal --component rust-src \
 && cargo install trunk --locked --version "$TRUNK_VERSION" \
 && cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" \
 && npm install --no-save --no-audit --no-fund --prefix /src/.tools "binaryen@$BINARYEN_VERSION"

COPY . .

# target/ is a cache mount (kept between builds, never in a layer): dist/ is written outside
# it, and the proxy binary is copied out to /out before the mount goes away. `--served`: only
# the pages the proxy serves (the help desk apps' pages belong in their packages).
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git \
    --mount=type=cache,target=/src/target \
    cargo xtask build --served \
 && cargo build --release --locked -p sidecard-proxy --bin sidecard-proxy \
 && install -D -m 0755 target/release/sidecard-proxy /out/sidecard-proxy

# Same Debian release as the build stage, so the binary's glibc matches.
FROM debian:bookworm-slim
# CA roots for the CRMs' HTTPS APIs; nothing else is needed (SQLite is bundled, TLS is rustls).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# /app (the widget) stays root-owned and read-only to the proxy; only /app/data is writable.
RUN groupadd --gid 10001 sidecard \
 && useradd --uid 10001 --gid sidecard --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin sidecard \
 && install -d -o sidecard -g sidecard -m 0750 /app/data
COPY --from=build /out/sidecard-proxy /usr/local/bin/sidecard-proxy
COPY --from=build /src/dist /app/dist
# The shipped HTTP CRM descriptions, for `--http-description /app/crms/<name>.toml`.
COPY --from=build /src/crms /app/crms
USER sidecard
WORKDIR /app
EXPOSE 8080
# 0.0.0.0: the default 127.0.0.1 is unreachable from outside the container.
ENV SIDECARD_LISTEN=0.0.0.0:8080 \
    SIDECARD_DIST=/app/dist \
    SIDECARD_DATA_DIR=/app/data
# No HEALTHCHECK: the slim image has no HTTP client; probe /healthz and /readyz from outside.
ENTRYPOINT ["sidecard-proxy"]
