-- Activities logged regarding a contact or a lead (schema version 2): what a sidebar's
-- "Log to CRM" writes, and the person card's recent activity reads. `IF NOT EXISTS`: two
-- processes migrating one version 1 file at once both succeed.

CREATE TABLE IF NOT EXISTS activities (
    id               TEXT PRIMARY KEY,
    type             TEXT NOT NULL CHECK (type IN ('phone_call', 'task')),
    contact_id       TEXT REFERENCES contacts (id),
    lead_id          TEXT REFERENCES leads (id),
    account_id       TEXT REFERENCES accounts (id),
    subject          TEXT NOT NULL,
    description      TEXT,
    channel          TEXT,
    direction        TEXT CHECK (direction IN ('Inbound', 'Outbound')),
    duration_minutes INTEGER CHECK (duration_minutes >= 0),
    status           TEXT,
    owner            TEXT NOT NULL DEFAULT 'Sidecard',
    logged_at        TEXT NOT NULL,             -- RFC 3339, UTC
    -- Regarding exactly one person, as a CRM's "regarding" lookup is.
    CHECK ((contact_id IS NULL) <> (lead_id IS NULL))
);

CREATE INDEX IF NOT EXISTS activities_contact ON activities (contact_id, logged_at);
CREATE INDEX IF NOT EXISTS activities_lead ON activities (lead_id, logged_at);
