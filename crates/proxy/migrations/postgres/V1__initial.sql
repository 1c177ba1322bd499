-- The same four tables as the SQLite store (migrations/sqlite/V1__initial.sql), in
-- PostgreSQL's types. Times are kept as timestamptz and read back as RFC 3339 UTC.
CREATE TABLE settings (
    install  TEXT PRIMARY KEY,
    version  BIGINT NOT NULL CHECK (version > 0),
    document TEXT NOT NULL,
    saved_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE audit (
    id      BIGSERIAL PRIMARY KEY,
    at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    install TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL,
    address TEXT
);
CREATE INDEX audit_by_install ON audit (install, id);
CREATE TABLE pins (
    install   TEXT NOT NULL,
    customer  TEXT NOT NULL,
    entity    TEXT NOT NULL,
    person_id TEXT NOT NULL,
    pinned_by TEXT NOT NULL,
    pinned_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (install, customer)
);
CREATE TABLE activity_logs (
    install     TEXT NOT NULL,
    key         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    activity_id TEXT NOT NULL,
    digest      TEXT NOT NULL,
    logged_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (install, key)
);
