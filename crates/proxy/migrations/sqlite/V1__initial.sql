-- The store as the first Sidecard releases made it (IF NOT EXISTS: a data directory from
-- before versioned migrations already has these tables, and keeps its rows).
CREATE TABLE IF NOT EXISTS settings (
    install  TEXT PRIMARY KEY,
    version  INTEGER NOT NULL CHECK (version > 0),
    document TEXT NOT NULL,
    saved_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS audit (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    install TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL,
    address TEXT
);
CREATE INDEX IF NOT EXISTS audit_by_install ON audit (install, id);
CREATE TABLE IF NOT EXISTS pins (
    install   TEXT NOT NULL,
    customer  TEXT NOT NULL,
    entity    TEXT NOT NULL,
    person_id TEXT NOT NULL,
    pinned_by TEXT NOT NULL,
    pinned_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (install, customer)
);
CREATE TABLE IF NOT EXISTS activity_logs (
    install     TEXT NOT NULL,
    key         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    activity_id TEXT NOT NULL,
    digest      TEXT NOT NULL,
    logged_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (install, key)
);
