//! The description file of a CRM reached over HTTP: what an admin writes, read and checked at
//! start-up. Every mistake is refused with the line and the key it is at; nothing is guessed.
//!
//! ```toml
//! base_url = "https://crm.example.com/api"
//! max_rows = 100                       # most rows read for one entity in one lookup
//!
//! [auth]                               # none | basic | bearer | api_key | oauth
//! kind = "bearer"
//! token_env = "ACME_CRM_TOKEN"         # or token_file
//!
//! [contact.by_email]                   # a request: method, path, query, body
//! path = "/people"
//! query = { email = "{email}" }
//! [contact.by_phone]
//! path = "/people"
//! query = { phone = "{national}" }
//! [contact]
//! emails = ["/email"]                  # re-checked against the searched keys
//! phones = ["/phone", "/mobile"]
//! account_id = "/company_id"
//! [contact.answer]                     # how an answer reads
//! rows = "/data"                       # JSON Pointer to the rows ("" = the answer itself)
//! id = "/id"
//! title = ["/first_name", "/last_name"]
//! link = "https://crm.example.com/people/{id}"
//! fields = [{ key = "job", label = "Job title", path = "/job", type = "text" }]
//! ```
//!
//! Placeholders in a request: `{email}`, `{e164}`, `{national}`, `{digits}` (searches),
//! `{id}` (an account by id), `{person_id}` and `{account_id}` (deals). Each is filled as the
//! context needs: percent-encoded in a path, a query value (encoded by the client), a JSON
//! string in a body; never pasted into a URL as text. JSON Pointers are RFC 6901.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// Most rows one entity's requests read in one lookup, whatever the description says.
pub const MAX_ROWS: usize = 1_000;

/// The whole description.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Description {
    /// The API's base URL; request paths are appended to it.
    pub base_url: Spanned<String>,
    /// Most rows read per entity and lookup (paging stops there).
    #[serde(default = "default_rows")]
    pub max_rows: usize,
    /// How requests authenticate.
    #[serde(default)]
    pub auth: Auth,
    /// People.
    pub contact: People,
    /// Leads, searched when no contact matches (optional).
    #[serde(default)]
    pub lead: Option<People>,
    /// Accounts, read by the id a person names (optional: no account card without it).
    #[serde(default)]
    pub account: Option<Accounts>,
    /// Deals (optional: no deal list without it).
    #[serde(default)]
    pub deal: Option<Deals>,
}

fn default_rows() -> usize {
    100
}

/// How requests authenticate. Secrets come from an environment variable (`…_env`) or a file
/// (`…_file`), never the description itself.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Auth {
    /// No credentials (an API on a private network).
    #[default]
    None,
    /// HTTP Basic: a user name and a password.
    Basic {
        /// The user name.
        username: String,
        /// The variable holding the password.
        password_env: Option<String>,
        /// The file holding the password.
        password_file: Option<String>,
    },
    /// `Authorization: Bearer <token>`.
    Bearer {
        /// The variable holding the token.
        token_env: Option<String>,
        /// The file holding the token.
        token_file: Option<String>,
    },
    /// An API key in a header (`header = "X-Api-Key"`) or a query parameter
    /// (`query = "api_token"`).
    ApiKey {
        /// The header the key goes in (`X-Api-Key`).
        header: Option<String>,
        /// The query parameter the key goes in (`api_token`).
        query: Option<String>,
        /// The variable holding the key.
        key_env: Option<String>,
        /// The file holding the key.
        key_file: Option<String>,
    },
    /// OAuth 2.0 client credentials, tokens kept warm by the shared token source.
    Oauth {
        /// The token endpoint.
        token_url: String,
        /// The client's id.
        client_id: String,
        /// What the token is for (`scope`), if the endpoint asks.
        #[serde(default)]
        scope: String,
        /// The variable holding the client secret.
        secret_env: Option<String>,
        /// The file holding the client secret.
        secret_file: Option<String>,
    },
}

/// One HTTP request of a description.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// `GET` (default) or `POST`.
    #[serde(default = "get")]
    pub method: Spanned<String>,
    /// Appended to the base URL; placeholders are percent-encoded.
    pub path: Spanned<String>,
    /// Query parameters; values may hold placeholders.
    #[serde(default)]
    pub query: BTreeMap<String, Spanned<String>>,
    /// A JSON body (POST); string values may hold placeholders.
    #[serde(default)]
    pub body: Option<toml::Value>,
    /// How to read further pages.
    #[serde(default)]
    pub paging: Paging,
}

fn empty() -> Spanned<String> {
    Spanned::new(0..0, String::new())
}

fn get() -> Spanned<String> {
    Spanned::new(0..0, "GET".to_owned())
}

/// How a list answer pages.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Paging {
    /// One page only.
    #[default]
    None,
    /// `?<param>=1,2,…` with `<size_param>=<size>`; stops at a short page.
    Page {
        /// The page (or offset) parameter.
        param: String,
        /// The page size parameter.
        size_param: String,
        /// Rows per page.
        size: usize,
    },
    /// `?<param>=0,size,2·size…` with `<size_param>=<size>`; stops at a short page.
    Offset {
        /// The page (or offset) parameter.
        param: String,
        /// The page size parameter.
        size_param: String,
        /// Rows per page.
        size: usize,
    },
    /// The next page's URL in the `Link` header's `rel="next"` (RFC 8288), on the same host.
    Link,
    /// An opaque cursor: the answer's member `next` (a JSON Pointer) sent back as `param`;
    /// no cursor, no more pages.
    Cursor {
        /// The cursor parameter.
        param: String,
        /// JSON Pointer to the next cursor in an answer.
        next: String,
    },
}

/// Contacts or leads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct People {
    /// Finds people by `{email}`.
    pub by_email: Option<Request>,
    /// Finds people by a number (`{e164}`, `{national}`, `{digits}`).
    pub by_phone: Option<Request>,
    /// How the answers read.
    pub answer: Rows,
    /// Members holding email addresses (re-checked against the searched ones).
    #[serde(default)]
    pub emails: Vec<Spanned<String>>,
    /// Members holding phone numbers (compared in E.164, whatever their format).
    #[serde(default)]
    pub phones: Vec<Spanned<String>>,
    /// The member naming the person's account (for `[account]`).
    #[serde(default)]
    pub account_id: Option<Spanned<String>>,
}

/// How an answer reads: where the rows are and how each reads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rows {
    /// JSON Pointer to the array of rows ("" or absent: the answer is the array).
    #[serde(default = "empty")]
    pub rows: Spanned<String>,
    /// The member holding the id.
    pub id: Spanned<String>,
    /// The member(s) making the title, joined by a space.
    pub title: Title,
    /// The record's page in the CRM: an https URL with `{id}`.
    #[serde(default)]
    pub link: Option<Spanned<String>>,
    /// The fields an admin may choose for the card.
    #[serde(default)]
    pub fields: Vec<FieldMap>,
    /// Where the CRM lists its own fields, offered besides the declared ones.
    #[serde(default)]
    pub schema: Option<Schema>,
}

/// A CRM's own field list (`GET /personFields`…): each definition's key, label and type, the
/// CRM's type names mapped to Sidecard's. A field's member in a row is `prefix` + its key.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// The request listing the fields (no placeholders).
    pub get: Request,
    /// JSON Pointer to the list of definitions ("" : the answer is the list).
    #[serde(default = "empty")]
    pub rows: Spanned<String>,
    /// The member holding a field's key (its member name in a row, and its API name).
    pub key: Spanned<String>,
    /// The member holding its label.
    pub label: Spanned<String>,
    /// The member holding the CRM's name for its type.
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    /// The CRM's type names → Sidecard's (`varchar = "text"`); a field of another type is not
    /// offered.
    pub types: BTreeMap<String, String>,
    /// A field's member in a row: this JSON Pointer prefix and the key (default `/`).
    #[serde(default = "slash")]
    pub prefix: String,
    /// For money fields: the member holding the currency, or a code.
    #[serde(default)]
    pub currency: Option<String>,
}

fn slash() -> String {
    "/".to_owned()
}

/// One member or several (an untagged choice keeps no line: its problems name the key).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Title {
    /// One member.
    One(String),
    /// Several, joined by a space.
    Many(Vec<String>),
}

impl Title {
    /// Each member, in order.
    pub fn members(&self) -> Vec<&str> {
        match self {
            Title::One(one) => vec![one.as_str()],
            Title::Many(many) => many.iter().map(String::as_str).collect(),
        }
    }
}

/// One field of a card: where it is and how it reads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldMap {
    /// Its key in the settings.
    pub key: String,
    /// What agents see next to it.
    pub label: String,
    /// JSON Pointer to the member.
    pub path: Spanned<String>,
    /// `text`, `email`, `phone`, `money`, `date`, `number`, `boolean`, `choice`, `link`.
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    /// For money: the member holding the currency, or a fixed code (`"EUR"`).
    #[serde(default)]
    pub currency: Option<String>,
    /// The API's name for it: `{fields}` in a request lists the chosen fields' names, for an
    /// API that answers only the fields asked for.
    #[serde(default)]
    pub name: Option<String>,
}

/// Accounts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accounts {
    /// Reads one account by `{id}`; its answer is the record (or `rows` points at it).
    pub get: Request,
    /// How the answer reads.
    pub answer: Rows,
}

/// Deals.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deals {
    /// The deals of an account (`{account_id}`).
    #[serde(default)]
    pub of_account: Option<Request>,
    /// The deals of a person (`{person_id}`).
    #[serde(default)]
    pub of_person: Option<Request>,
    /// How the answers read.
    pub answer: Rows,
    /// The amount.
    #[serde(default)]
    pub amount: Option<Spanned<String>>,
    /// The amount's currency: a member, or a fixed code.
    #[serde(default)]
    pub currency: Option<String>,
    /// The stage's label.
    #[serde(default)]
    pub stage: Option<Spanned<String>>,
    /// The expected close date (ISO 8601).
    #[serde(default)]
    pub close_date: Option<Spanned<String>>,
    /// What makes a deal open.
    pub open: Open,
}

/// A deal is open when the member's value is one of `is` (or none of `is_not`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Open {
    /// JSON Pointer to the member.
    pub path: Spanned<String>,
    /// The values of an open deal.
    #[serde(default)]
    pub is: Vec<toml::Value>,
    /// The values of a closed deal.
    #[serde(default)]
    pub is_not: Vec<toml::Value>,
}

/// A description that cannot be used, naming the file, the line and the key.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {key}: {message}")]
pub struct DescriptionError {
    /// The description file.
    pub file: String,
    /// The line (0: the whole file).
    pub line: usize,
    /// The key at fault.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

/// The placeholders each kind of request may hold.
/// (`{fields}`, in each: the API names of the chosen fields, comma-separated.)
pub(super) const BY_EMAIL: &[&str] = &["email", "fields"];
pub(super) const BY_PHONE: &[&str] = &["e164", "national", "digits", "fields"];
pub(super) const BY_ID: &[&str] = &["id", "fields"];
pub(super) const OF_PERSON: &[&str] = &["person_id", "fields"];
pub(super) const OF_ACCOUNT: &[&str] = &["account_id", "fields"];

/// The field types a description may name.
pub const TYPES: &[&str] = &[
    "text", "email", "phone", "money", "date", "number", "boolean", "choice", "link",
];

impl Description {
    /// Reads and checks `path`.
    pub fn load(path: &Path) -> Result<Description, DescriptionError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| DescriptionError {
            file: file.clone(),
            line: 0,
            key: "(file)".into(),
            message: e.to_string(),
        })?;
        Self::parse(&file, &text)
    }

    /// Reads and checks a description's `text` (`file` names it in errors).
    pub fn parse(file: &str, text: &str) -> Result<Description, DescriptionError> {
        let description: Description = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(0, |span| line_of(text, span.start));
            DescriptionError {
                file: file.to_owned(),
                line,
                key: "(syntax)".into(),
                message: e.message().to_owned(),
            }
        })?;
        let mut checker = Checker {
            file,
            text,
            problems: Vec::new(),
        };
        description.check(&mut checker);
        match checker.problems.into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(description),
        }
    }

    fn check(&self, c: &mut Checker) {
        let base = self.base_url.get_ref();
        match reqwest::Url::parse(base) {
            Ok(url) if url.scheme() == "https" || loopback(&url) => {
                if url.query().is_some() || url.fragment().is_some() {
                    c.problem(&self.base_url, "base_url", "must have no query or fragment");
                }
                if !url.username().is_empty() || url.password().is_some() {
                    c.problem(
                        &self.base_url,
                        "base_url",
                        "must hold no user or password (use [auth])",
                    );
                }
            }
            Ok(_) => c.problem(
                &self.base_url,
                "base_url",
                "must be an https URL (http only on loopback)",
            ),
            Err(e) => c.problem(&self.base_url, "base_url", &format!("is not a URL ({e})")),
        }
        if self.max_rows == 0 || self.max_rows > MAX_ROWS {
            c.problem_at(0, "max_rows", &format!("must be 1 to {MAX_ROWS}"));
        }
        self.check_people(c, "contact", &self.contact);
        if let Some(lead) = &self.lead {
            self.check_people(c, "lead", lead);
        }
        if let Some(account) = &self.account {
            check_request(c, "account.get", &account.get, BY_ID);
            check_rows(c, "account.answer", &account.answer);
            if self.contact.account_id.is_none() {
                c.problem_at(
                    0,
                    "contact.account_id",
                    "is needed with [account]: the member naming a person's account",
                );
            }
        }
        if let Some(deal) = &self.deal {
            check_rows(c, "deal.answer", &deal.answer);
            if let Some(r) = &deal.of_account {
                check_request(c, "deal.of_account", r, OF_ACCOUNT);
            }
            if let Some(r) = &deal.of_person {
                check_request(c, "deal.of_person", r, OF_PERSON);
            }
            if deal.of_account.is_none() && deal.of_person.is_none() {
                c.problem_at(
                    0,
                    "deal",
                    "needs of_account or of_person: how to find deals",
                );
            }
            for (key, member) in [
                ("deal.amount", &deal.amount),
                ("deal.stage", &deal.stage),
                ("deal.close_date", &deal.close_date),
            ] {
                if let Some(member) = member {
                    check_pointer(c, key, member);
                }
            }
            if let Some(amount) = &deal.amount {
                match &deal.currency {
                    None => c.problem(
                        amount,
                        "deal.currency",
                        "an amount needs its currency: a member or a code",
                    ),
                    Some(code)
                        if !code.starts_with('/')
                            && crate::crm::wire::currency_code(code).is_none() =>
                    {
                        c.problem(
                            amount,
                            "deal.currency",
                            &format!("{code:?} is neither a member (/…) nor a currency code (EUR)"),
                        );
                    }
                    Some(_) => {}
                }
            }
            if deal.of_account.is_some() && self.contact.account_id.is_none() {
                c.problem_at(
                    0,
                    "deal.of_account",
                    "needs contact.account_id: the member naming a person's account",
                );
            }
            for value in deal.open.is.iter().chain(&deal.open.is_not) {
                if !matches!(
                    value,
                    toml::Value::String(_) | toml::Value::Integer(_) | toml::Value::Boolean(_)
                ) {
                    c.problem(
                        &deal.open.path,
                        "deal.open",
                        "values are text, whole numbers or true/false",
                    );
                }
            }
            check_pointer(c, "deal.open.path", &deal.open.path);
            if deal.open.is.is_empty() == deal.open.is_not.is_empty() {
                c.problem(
                    &deal.open.path,
                    "deal.open",
                    "needs exactly one of `is` or `is_not`: the values of an open deal",
                );
            }
        }
        self.check_auth(c);
    }

    fn check_people(&self, c: &mut Checker, name: &str, people: &People) {
        match &people.by_email {
            Some(request) => {
                check_request(c, &format!("{name}.by_email"), request, BY_EMAIL);
                if people.emails.is_empty() {
                    c.problem(
                        &request.path,
                        &format!("{name}.emails"),
                        "needs the members holding email addresses (a match is checked against them)",
                    );
                }
            }
            None => c.problem_at(0, name, "needs by_email: how to find people by email"),
        }
        if let Some(request) = &people.by_phone {
            check_request(c, &format!("{name}.by_phone"), request, BY_PHONE);
            if people.phones.is_empty() {
                c.problem(
                    &request.path,
                    &format!("{name}.phones"),
                    "needs the members holding phone numbers (a match is checked against them)",
                );
            }
        }
        for member in people.emails.iter().chain(&people.phones) {
            check_pointer(c, &format!("{name}.emails/phones"), member);
        }
        if let Some(account) = &people.account_id {
            check_pointer(c, &format!("{name}.account_id"), account);
        }
        check_rows(c, &format!("{name}.answer"), &people.answer);
    }

    fn check_auth(&self, c: &mut Checker) {
        let secret = |c: &mut Checker, env: &Option<String>, file: &Option<String>, what: &str| {
            if env.is_some() == file.is_some() {
                c.problem_at(
                    0,
                    "auth",
                    &format!("needs exactly one of {what}_env or {what}_file"),
                );
            }
        };
        match &self.auth {
            Auth::None => {}
            Auth::Basic {
                password_env,
                password_file,
                ..
            } => secret(c, password_env, password_file, "password"),
            Auth::Bearer {
                token_env,
                token_file,
            } => secret(c, token_env, token_file, "token"),
            Auth::ApiKey {
                header,
                query,
                key_env,
                key_file,
            } => {
                secret(c, key_env, key_file, "key");
                if header.is_some() == query.is_some() {
                    c.problem_at(0, "auth", "an api_key needs exactly one of header or query");
                }
                if let Some(name) = header
                    && reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err()
                {
                    c.problem_at(0, "auth.header", &format!("{name:?} is not a header name"));
                }
            }
            Auth::Oauth {
                token_url,
                secret_env,
                secret_file,
                ..
            } => {
                secret(c, secret_env, secret_file, "secret");
                let url = reqwest::Url::parse(token_url);
                if !url.is_ok_and(|u| u.scheme() == "https" || loopback(&u)) {
                    c.problem_at(0, "auth.token_url", "must be an https URL");
                }
            }
        }
    }
}

struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    problems: Vec<DescriptionError>,
}

impl Checker<'_> {
    fn problem(&mut self, at: &Spanned<String>, key: &str, message: &str) {
        let line = if at.span().is_empty() {
            0
        } else {
            line_of(self.text, at.span().start)
        };
        self.problem_at(line, key, message);
    }

    /// A problem at `line`; without one (a key whose value keeps no position), the line of
    /// the key's table or of the key itself, found in the text.
    fn problem_at(&mut self, line: usize, key: &str, message: &str) {
        let line = if line == 0 {
            line_of_key(self.text, key)
        } else {
            line
        };
        self.problems.push(DescriptionError {
            file: self.file.to_owned(),
            line,
            key: key.to_owned(),
            message: message.to_owned(),
        });
    }
}

/// The line where `key` (`auth`, `contact.answer.title`, `max_rows`) is written: the header of
/// its deepest table that the text holds, or a top-level `key =`; 0 when neither is there.
fn line_of_key(text: &str, key: &str) -> usize {
    let parts: Vec<&str> = key.split('.').collect();
    for depth in (1..=parts.len()).rev() {
        let table = format!("[{}]", parts[..depth].join("."));
        if let Some(at) = text.lines().position(|l| l.trim() == table) {
            return at + 1;
        }
    }
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(parts[0])
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(0, |at| at + 1)
}

fn check_rows(c: &mut Checker, name: &str, rows: &Rows) {
    if !rows.rows.get_ref().is_empty() {
        check_pointer(c, &format!("{name}.rows"), &rows.rows);
    }
    check_pointer(c, &format!("{name}.id"), &rows.id);
    for member in rows.title.members() {
        if !member.starts_with('/') {
            c.problem_at(
                0,
                &format!("{name}.title"),
                &format!("{member:?} is not a JSON Pointer (it starts with /)"),
            );
        }
    }
    if let Some(link) = &rows.link {
        let text = link.get_ref();
        if !text.starts_with("https://") || !text.contains("{id}") {
            c.problem(
                link,
                &format!("{name}.link"),
                "must be an https URL holding {id}",
            );
        }
    }
    if let Some(schema) = &rows.schema {
        check_request(c, &format!("{name}.schema.get"), &schema.get, &[]);
        if !schema.rows.get_ref().is_empty() {
            check_pointer(c, &format!("{name}.schema.rows"), &schema.rows);
        }
        for (key, member) in [
            ("key", &schema.key),
            ("label", &schema.label),
            ("type", &schema.kind),
        ] {
            check_pointer(c, &format!("{name}.schema.{key}"), member);
        }
        if !schema.prefix.starts_with('/') {
            c.problem(
                &schema.key,
                &format!("{name}.schema.prefix"),
                "must start with /",
            );
        }
        for (crm_type, ours) in &schema.types {
            if !TYPES.contains(&ours.as_str()) {
                c.problem(
                    &schema.kind,
                    &format!("{name}.schema.types.{crm_type}"),
                    &format!("must be one of {}", TYPES.join(", ")),
                );
            }
            if ours == "money" && schema.currency.is_none() {
                c.problem(
                    &schema.kind,
                    &format!("{name}.schema.currency"),
                    "money needs a currency: a member or a code",
                );
            }
        }
    }
    let mut keys = std::collections::HashSet::new();
    for field in &rows.fields {
        check_pointer(c, &format!("{name}.fields.{}", field.key), &field.path);
        if !TYPES.contains(&field.kind.get_ref().as_str()) {
            c.problem(
                &field.kind,
                &format!("{name}.fields.{}.type", field.key),
                &format!("must be one of {}", TYPES.join(", ")),
            );
        }
        if let Some(api_name) = &field.name
            && (api_name.is_empty()
                || !api_name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_.-:".contains(&b)))
        {
            c.problem(
                &field.path,
                &format!("{name}.fields.{}.name", field.key),
                "must be letters, digits, _ . - or :",
            );
        }
        if field.kind.get_ref() == "money" && field.currency.is_none() {
            c.problem(
                &field.kind,
                &format!("{name}.fields.{}.currency", field.key),
                "money needs a currency: a member or a code",
            );
        }
        if field.key.is_empty() || !keys.insert(field.key.clone()) {
            c.problem(
                &field.path,
                &format!("{name}.fields"),
                &format!("key {:?} is empty or listed twice", field.key),
            );
        }
    }
}

fn check_pointer(c: &mut Checker, key: &str, pointer: &Spanned<String>) {
    if !pointer.get_ref().starts_with('/') {
        c.problem(
            pointer,
            key,
            &format!(
                "{:?} is not a JSON Pointer (it starts with /)",
                pointer.get_ref()
            ),
        );
    }
}

fn check_request(c: &mut Checker, key: &str, request: &Request, allowed: &[&str]) {
    let method = request.method.get_ref().to_ascii_uppercase();
    if method != "GET" && method != "POST" {
        c.problem(
            &request.method,
            &format!("{key}.method"),
            "must be GET or POST",
        );
    }
    if method == "GET" && request.body.is_some() {
        c.problem(&request.path, &format!("{key}.body"), "a GET has no body");
    }
    let path = request.path.get_ref();
    if !path.starts_with('/') || path.contains('?') || path.contains('#') {
        c.problem(
            &request.path,
            &format!("{key}.path"),
            "must start with / and hold no query (use `query`)",
        );
    }
    // Each text with where to point a problem: the path's, each query value's own line, the
    // body's strings at the path.
    let mut texts: Vec<(&str, &Spanned<String>)> = vec![(path, &request.path)];
    texts.extend(request.query.values().map(|v| (v.get_ref().as_str(), v)));
    let mut body_strings = Vec::new();
    if let Some(body) = &request.body {
        strings(body, &mut body_strings);
    }
    texts.extend(body_strings.iter().map(|s| (s.as_str(), &request.path)));
    for (text, at) in texts {
        for name in super::template::placeholders(text) {
            if !allowed.contains(&name.as_str()) {
                c.problem(
                    at,
                    key,
                    &format!(
                        "{{{name}}} is not a placeholder here (it may use {})",
                        allowed
                            .iter()
                            .map(|a| format!("{{{a}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }
    }
    if let Paging::Page { size, .. } | Paging::Offset { size, .. } = &request.paging
        && (*size == 0 || *size > MAX_ROWS)
    {
        c.problem(
            &request.path,
            &format!("{key}.paging.size"),
            "must be 1 to 1000",
        );
    }
    if let Paging::Cursor { next, .. } = &request.paging
        && !next.starts_with('/')
    {
        c.problem(
            &request.path,
            &format!("{key}.paging.next"),
            "is not a JSON Pointer (it starts with /)",
        );
    }
}

/// Every string in a TOML value.
fn strings(value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        toml::Value::Table(table) => table.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fn loopback(url: &reqwest::Url) -> bool {
    url.scheme() == "http" && matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}
