-- The embedded demo CRM: the shape of a real CRM's core tables, small enough to read.
-- Phones are stored as people typed them and email has three fields, like Dataverse's
-- emailaddress1/2/3: the lookup has to cope with both, as it does against a real CRM.

CREATE TABLE accounts (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    industry             TEXT,
    website              TEXT,
    main_phone           TEXT,
    city                 TEXT,
    country              TEXT,
    annual_revenue_minor INTEGER,           -- in the currency's minor unit
    currency             TEXT NOT NULL DEFAULT 'USD'
);

CREATE TABLE contacts (
    id             TEXT PRIMARY KEY,
    first_name     TEXT,
    last_name      TEXT NOT NULL,
    job_title      TEXT,
    email1         TEXT,
    email2         TEXT,
    email3         TEXT,
    business_phone TEXT,
    mobile_phone   TEXT,
    home_phone     TEXT,
    account_id     TEXT REFERENCES accounts (id),
    city           TEXT,
    country        TEXT
);

CREATE TABLE leads (
    id             TEXT PRIMARY KEY,
    first_name     TEXT,
    last_name      TEXT NOT NULL,
    company        TEXT,
    job_title      TEXT,
    email1         TEXT,
    email2         TEXT,
    business_phone TEXT,
    mobile_phone   TEXT,
    -- Only open leads are looked up: qualified ones became contacts, disqualified ones are dead.
    status         TEXT NOT NULL CHECK (status IN ('open', 'qualified', 'disqualified')),
    source         TEXT
);

CREATE TABLE opportunities (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    account_id   TEXT REFERENCES accounts (id),
    contact_id   TEXT REFERENCES contacts (id),
    amount_minor INTEGER,                   -- in the currency's minor unit
    currency     TEXT NOT NULL DEFAULT 'USD',
    stage        TEXT NOT NULL,
    probability  INTEGER,
    close_date   TEXT,                      -- YYYY-MM-DD
    -- Won and lost deals are closed and must never show as open.
    state        TEXT NOT NULL CHECK (state IN ('open', 'won', 'lost'))
);

CREATE INDEX opportunities_account ON opportunities (account_id);
CREATE INDEX opportunities_contact ON opportunities (contact_id);
