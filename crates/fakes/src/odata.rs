//! The part of Dataverse's OData the stand-in org understands: `$select`, `$filter`, `$expand`
//! (nested, with their own options), `$top` and `$orderby`, parsed, checked against the org's
//! tables and evaluated over its rows.
//!
//! Written from Microsoft Learn, Power Apps developer docs, Dataverse Web API: "Select
//! columns", "Filter rows" (comparison operators `eq ne gt ge lt le`, `and`, `or`, `not`,
//! parentheses; string literals in single quotes with `''` for a quote; GUIDs unquoted; string
//! comparison ignores case), "Join tables using OData" (up to 15 `$expand` options in a query;
//! `$top` and `$orderby` are not supported in a nested `$expand`, error `0x80060888`: "Only
//! $select and $filter clause can be provided while doing $expand on many-to-one relationship or
//! nested one-to-many relationship"), and "Web API client errors" (an unknown property is
//! `{"error":{"code":"0x0","message":"Could not find a property named '…' on type
//! 'Microsoft.Dynamics.CRM.…'."}}`, status 400).

use serde_json::{Map, Value as Json, json};
use std::cmp::Ordering;

/// Most `$expand` options one query may hold, at every level together.
pub const MAX_EXPANDS: usize = 15;

/// A refusal, as the Web API reports it: `{"error": {"code", "message"}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ODataError {
    /// HTTP status (400, 404).
    pub status: u16,
    /// Dataverse's code (`0x0`, `0x80060888`, `0x8006088a`).
    pub code: &'static str,
    /// What a developer reads.
    pub message: String,
}

impl ODataError {
    fn bad(code: &'static str, message: impl Into<String>) -> Self {
        ODataError {
            status: 400,
            code,
            message: message.into(),
        }
    }

    /// The Web API's error body.
    pub fn body(&self) -> Json {
        json!({ "error": { "code": self.code, "message": self.message } })
    }
}

/// A column's metadata `AttributeType` and display name.
#[derive(Debug, Clone)]
pub struct Column {
    /// Logical name (`emailaddress1`; lookups as `_parentaccountid_value`).
    pub name: String,
    /// `String`, `Memo`, `Money`, `Picklist`, `State`, `DateTime`, `Integer`, `Decimal`,
    /// `Double`, `Boolean`, `Lookup`, `Customer`, `Uniqueidentifier`.
    pub kind: String,
    /// Display name.
    pub label: String,
    /// `IsValidForRead`: whether the Web API can read it at all.
    pub readable: bool,
}

/// A table: its columns and navigation properties.
#[derive(Debug, Clone)]
pub struct Table {
    /// Entity set name in URLs (`contacts`).
    pub set: String,
    /// Logical name (`contact`).
    pub logical: String,
    /// Primary key column (`contactid`).
    pub key: String,
    /// Its columns.
    pub columns: Vec<Column>,
    /// Single-valued navigation properties: (name, lookup column, target entity set).
    pub single: Vec<(String, String, String)>,
    /// Collection-valued navigation properties: (name, child entity set, the child's lookup
    /// column pointing here).
    pub collections: Vec<(String, String, String)>,
}

impl Table {
    /// The readable column `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name && c.readable)
    }

    fn unknown(&self, name: &str) -> ODataError {
        ODataError::bad(
            "0x0",
            format!(
                "Could not find a property named '{name}' on type 'Microsoft.Dynamics.CRM.{}'.",
                self.logical
            ),
        )
    }
}

/// What a query runs against.
pub trait Tables {
    /// The table whose entity set is `set`.
    fn table(&self, set: &str) -> Option<&Table>;
    /// Every row of the entity set `set`.
    fn rows(&self, set: &str) -> &[Map<String, Json>];
}

/// The options of a query or of one `$expand`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    select: Option<Vec<String>>,
    filter: Option<Cond>,
    expand: Vec<(String, Options)>,
    top: Option<usize>,
    orderby: Vec<(String, bool)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Lit {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
}

#[derive(Debug, Clone)]
enum Cond {
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    Not(Box<Cond>),
    Const(bool),
    Cmp(String, String, Lit),
}

/// Splits `text` at `sep` outside parentheses and string literals.
fn split_top(text: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let (mut depth, mut quoted, mut current) = (0i32, false, String::new());
    for c in text.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            c if c == sep && depth == 0 && !quoted => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        parts.push(current);
    }
    parts
}

impl Options {
    /// Reads a query's (or an expansion's) options from `(name, value)` pairs.
    pub fn parse(pairs: &[(&str, &str)]) -> Result<Self, ODataError> {
        let mut options = Options::default();
        for &(key, value) in pairs {
            match key {
                "$select" => {
                    options.select = Some(value.split(',').map(|s| s.trim().to_owned()).collect())
                }
                "$filter" => options.filter = Some(parse_filter(value)?),
                "$top" => {
                    options.top = Some(value.trim().parse().map_err(|_| {
                        ODataError::bad("0x0", format!("Invalid value for $top: '{value}'."))
                    })?)
                }
                "$orderby" => {
                    for part in value.split(',') {
                        let mut words = part.split_whitespace();
                        let name = words.next().unwrap_or_default().to_owned();
                        let desc = words.next() == Some("desc");
                        options.orderby.push((name, desc));
                    }
                }
                "$expand" => {
                    for item in split_top(value, ',') {
                        let item = item.trim();
                        let (name, inner) = match item.split_once('(') {
                            Some((name, rest)) => {
                                let inner = rest.strip_suffix(')').ok_or_else(|| {
                                    ODataError::bad("0x0", format!("Syntax error in '{item}'."))
                                })?;
                                (name, inner)
                            }
                            None => (item, ""),
                        };
                        let pairs: Vec<(String, String)> = split_top(inner, ';')
                            .into_iter()
                            .filter_map(|o| {
                                let (k, v) = o.split_once('=')?;
                                Some((k.trim().to_owned(), v.to_owned()))
                            })
                            .collect();
                        let pairs: Vec<(&str, &str)> = pairs
                            .iter()
                            .map(|(k, v)| (k.as_str(), v.as_str()))
                            .collect();
                        let nested = Options::parse(&pairs)?;
                        options.expand.push((name.trim().to_owned(), nested));
                    }
                }
                k if k.starts_with('$') => {
                    return Err(ODataError::bad(
                        "0x0",
                        format!("The query parameter '{k}' is not supported."),
                    ));
                }
                _ => {}
            }
        }
        Ok(options)
    }

    /// The options of the expansion of `name`, when it is expanded.
    pub fn expand_of(&self, name: &str) -> Option<&Options> {
        self.expand.iter().find(|(n, _)| n == name).map(|(_, o)| o)
    }

    fn expand_count(&self) -> usize {
        self.expand.iter().map(|(_, o)| 1 + o.expand_count()).sum()
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Str(String),
    Open,
    Close,
}

fn lex(text: &str) -> Result<Vec<Token>, ODataError> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                out.push(Token::Open);
            }
            ')' => {
                chars.next();
                out.push(Token::Close);
            }
            '\'' => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next() {
                        None => {
                            return Err(ODataError::bad(
                                "0x0",
                                "Syntax error: unterminated string literal.",
                            ));
                        }
                        Some('\'') if chars.peek() == Some(&'\'') => {
                            chars.next();
                            s.push('\'');
                        }
                        Some('\'') => break,
                        Some(c) => s.push(c),
                    }
                }
                out.push(Token::Str(s));
            }
            _ => {
                let mut s = String::new();
                while let Some(&d) = chars.peek() {
                    if d.is_whitespace() || d == '(' || d == ')' || d == '\'' {
                        break;
                    }
                    s.push(d);
                    chars.next();
                }
                out.push(Token::Word(s));
            }
        }
    }
    Ok(out)
}

fn parse_filter(text: &str) -> Result<Cond, ODataError> {
    let tokens = lex(text)?;
    let mut at = 0;
    let cond = or(&tokens, &mut at)?;
    if at != tokens.len() {
        return Err(ODataError::bad(
            "0x0",
            format!("Syntax error at position {at} in '{text}'."),
        ));
    }
    Ok(cond)
}

fn word(tokens: &[Token], at: usize) -> Option<&str> {
    match tokens.get(at) {
        Some(Token::Word(w)) => Some(w),
        _ => None,
    }
}

fn or(tokens: &[Token], at: &mut usize) -> Result<Cond, ODataError> {
    let mut left = and(tokens, at)?;
    while word(tokens, *at) == Some("or") {
        *at += 1;
        left = Cond::Or(Box::new(left), Box::new(and(tokens, at)?));
    }
    Ok(left)
}

fn and(tokens: &[Token], at: &mut usize) -> Result<Cond, ODataError> {
    let mut left = unary(tokens, at)?;
    while word(tokens, *at) == Some("and") {
        *at += 1;
        left = Cond::And(Box::new(left), Box::new(unary(tokens, at)?));
    }
    Ok(left)
}

fn unary(tokens: &[Token], at: &mut usize) -> Result<Cond, ODataError> {
    let syntax = |what: &str| ODataError::bad("0x0", format!("Syntax error: {what}."));
    match tokens.get(*at) {
        Some(Token::Word(w)) if w == "not" => {
            *at += 1;
            Ok(Cond::Not(Box::new(unary(tokens, at)?)))
        }
        Some(Token::Open) => {
            *at += 1;
            let inner = or(tokens, at)?;
            if tokens.get(*at) != Some(&Token::Close) {
                return Err(syntax("')' expected"));
            }
            *at += 1;
            Ok(inner)
        }
        Some(Token::Word(w)) if w == "true" || w == "false" => {
            *at += 1;
            Ok(Cond::Const(w == "true"))
        }
        Some(Token::Word(property)) => {
            let property = property.clone();
            let op = word(tokens, *at + 1)
                .filter(|op| ["eq", "ne", "gt", "ge", "lt", "le"].contains(op))
                .ok_or_else(|| syntax("a comparison operator expected"))?
                .to_owned();
            let lit = match tokens.get(*at + 2) {
                Some(Token::Str(s)) => Lit::Str(s.clone()),
                Some(Token::Word(w)) if w == "null" => Lit::Null,
                Some(Token::Word(w)) if w == "true" || w == "false" => Lit::Bool(w == "true"),
                Some(Token::Word(w)) if is_guid(w) => Lit::Str(w.to_lowercase()),
                Some(Token::Word(w)) => Lit::Num(
                    w.parse()
                        .map_err(|_| syntax(&format!("'{w}' is not a literal")))?,
                ),
                _ => return Err(syntax("a literal expected")),
            };
            *at += 3;
            Ok(Cond::Cmp(property, op, lit))
        }
        _ => Err(syntax("an expression expected")),
    }
}

fn is_guid(word: &str) -> bool {
    let groups: Vec<&str> = word.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Checks `options` against `table` (and what they expand against the tables they reach):
/// unknown properties, `$top`/`$orderby` where Dataverse refuses them, too many expansions.
pub fn check(options: &Options, table: &Table, tables: &dyn Tables) -> Result<(), ODataError> {
    if options.expand_count() > MAX_EXPANDS {
        return Err(ODataError::bad(
            "0x0",
            format!("The query has more than {MAX_EXPANDS} $expand options."),
        ));
    }
    check_level(options, table, tables, Level::Top)
}

#[derive(Clone, Copy, PartialEq)]
enum Level {
    Top,
    /// Under a single-valued navigation property.
    Single,
    /// A collection-valued expansion.
    Collection {
        nested: bool,
    },
}

fn check_level(
    options: &Options,
    table: &Table,
    tables: &dyn Tables,
    level: Level,
) -> Result<(), ODataError> {
    for name in options.select.iter().flatten() {
        if table.column(name).is_none() {
            return Err(table.unknown(name));
        }
    }
    if let Some(filter) = &options.filter {
        check_filter(filter, table)?;
    }
    for (name, _) in &options.orderby {
        if table.column(name).is_none() {
            return Err(table.unknown(name));
        }
    }
    let limited = options.top.is_some() || !options.orderby.is_empty();
    let refused = match level {
        Level::Top => false,
        Level::Single => true,
        Level::Collection { nested } => nested || !options.expand.is_empty(),
    };
    if limited && refused {
        return Err(ODataError::bad(
            "0x80060888",
            "Only $select and $filter clause can be provided while doing $expand on many-to-one relationship or nested one-to-many relationship.",
        ));
    }
    for (name, nested) in &options.expand {
        if let Some((_, _, target)) = table.single.iter().find(|(n, _, _)| n == name) {
            let target = tables.table(target).expect("targets exist");
            check_level(nested, target, tables, Level::Single)?;
        } else if let Some((_, child, _)) = table.collections.iter().find(|(n, _, _)| n == name) {
            let child = tables.table(child).expect("children exist");
            let nested_collection = level != Level::Top;
            check_level(
                nested,
                child,
                tables,
                Level::Collection {
                    nested: nested_collection,
                },
            )?;
        } else {
            return Err(table.unknown(name));
        }
    }
    Ok(())
}

fn check_filter(cond: &Cond, table: &Table) -> Result<(), ODataError> {
    match cond {
        Cond::And(a, b) | Cond::Or(a, b) => {
            check_filter(a, table)?;
            check_filter(b, table)
        }
        Cond::Not(inner) => check_filter(inner, table),
        Cond::Const(_) => Ok(()),
        Cond::Cmp(name, _, _) => table
            .column(name)
            .map(drop)
            .ok_or_else(|| table.unknown(name)),
    }
}

fn equal(stored: &Json, lit: &Lit) -> bool {
    match (stored, lit) {
        (Json::Null, Lit::Null) => true,
        (Json::String(s), Lit::Str(l)) => s.to_lowercase() == l.to_lowercase(),
        (Json::Number(n), Lit::Num(l)) => n.as_f64() == Some(*l),
        (Json::Bool(b), Lit::Bool(l)) => b == l,
        _ => false,
    }
}

fn compare(stored: &Json, lit: &Lit) -> Option<Ordering> {
    match (stored, lit) {
        (Json::String(s), Lit::Str(l)) => Some(s.to_lowercase().cmp(&l.to_lowercase())),
        (Json::Number(n), Lit::Num(l)) => n.as_f64()?.partial_cmp(l),
        _ => None,
    }
}

fn holds(cond: &Cond, row: &Map<String, Json>) -> bool {
    match cond {
        Cond::And(a, b) => holds(a, row) && holds(b, row),
        Cond::Or(a, b) => holds(a, row) || holds(b, row),
        Cond::Not(inner) => !holds(inner, row),
        Cond::Const(value) => *value,
        Cond::Cmp(name, op, lit) => {
            let stored = row.get(name).unwrap_or(&Json::Null);
            match op.as_str() {
                "eq" => equal(stored, lit),
                "ne" => !equal(stored, lit),
                "gt" => compare(stored, lit) == Some(Ordering::Greater),
                "lt" => compare(stored, lit) == Some(Ordering::Less),
                "ge" => matches!(
                    compare(stored, lit),
                    Some(Ordering::Greater | Ordering::Equal)
                ),
                _ => matches!(compare(stored, lit), Some(Ordering::Less | Ordering::Equal)),
            }
        }
    }
}

/// How a row's values are annotated: `formatted(row, column)` gives the
/// `OData.Community.Display.V1.FormattedValue` of a column, when it has one.
pub type Formatter<'a> = &'a dyn Fn(&Map<String, Json>, &Column) -> Option<String>;

/// Runs checked `options` over `rows` of `table`: filtered, ordered, limited and shaped, with
/// formatted values when `formatted` is given.
pub fn select(
    options: &Options,
    table: &Table,
    rows: &[Map<String, Json>],
    tables: &dyn Tables,
    formatted: Option<Formatter>,
) -> Vec<Json> {
    let mut kept: Vec<&Map<String, Json>> = rows
        .iter()
        .filter(|row| options.filter.as_ref().is_none_or(|f| holds(f, row)))
        .collect();
    for (name, desc) in options.orderby.iter().rev() {
        kept.sort_by(|a, b| {
            let (a, b) = (
                a.get(name).unwrap_or(&Json::Null),
                b.get(name).unwrap_or(&Json::Null),
            );
            let order = a.to_string().cmp(&b.to_string());
            if *desc { order.reverse() } else { order }
        });
    }
    if let Some(top) = options.top {
        kept.truncate(top);
    }
    kept.into_iter()
        .map(|row| shape(options, table, row, tables, formatted))
        .collect()
}

fn shape(
    options: &Options,
    table: &Table,
    row: &Map<String, Json>,
    tables: &dyn Tables,
    formatted: Option<Formatter>,
) -> Json {
    let mut out = Map::new();
    out.insert("@odata.etag".into(), json!("W/\"1\""));
    let mut names: Vec<&str> = vec![table.key.as_str()];
    match &options.select {
        Some(select) => names.extend(select.iter().map(String::as_str)),
        None => names.extend(table.columns.iter().map(|c| c.name.as_str())),
    }
    for name in names {
        let column = table.column(name).expect("checked");
        out.insert(
            name.to_owned(),
            row.get(name).cloned().unwrap_or(Json::Null),
        );
        if let Some(text) = formatted.and_then(|f| f(row, column)) {
            out.insert(
                format!("{name}@OData.Community.Display.V1.FormattedValue"),
                json!(text),
            );
        }
    }
    for (name, nested) in &options.expand {
        if let Some((_, lookup, target)) = table.single.iter().find(|(n, _, _)| n == name) {
            let target = tables.table(target).expect("checked");
            let id = row.get(lookup).and_then(Json::as_str);
            let parent = id.and_then(|id| {
                tables
                    .rows(&target.set)
                    .iter()
                    .find(|r| r.get(&target.key).and_then(Json::as_str) == Some(id))
            });
            out.insert(
                name.clone(),
                parent.map_or(Json::Null, |p| shape(nested, target, p, tables, formatted)),
            );
        } else if let Some((_, child, lookup)) =
            table.collections.iter().find(|(n, _, _)| n == name)
        {
            let child = tables.table(child).expect("checked");
            let id = row.get(&table.key).cloned().unwrap_or(Json::Null);
            let children: Vec<Map<String, Json>> = tables
                .rows(&child.set)
                .iter()
                .filter(|r| r.get(lookup) == Some(&id))
                .cloned()
                .collect();
            out.insert(
                name.clone(),
                Json::Array(select(nested, child, &children, tables, formatted)),
            );
        }
    }
    Json::Object(out)
}
