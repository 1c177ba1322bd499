//! The part of SOQL the stand-in org understands: parsed, checked against the org's schema and
//! evaluated over its records, so a query is answered by what it says, not by what a test
//! expects it to say.
//!
//! Written from the SOQL and SOSL Reference (developer.salesforce.com/docs/atlas.en-us.soql_sosl
//! .meta/soql_sosl/): `SELECT` with fields, parent paths (`Account.Name`) and child
//! relationship subqueries (`(SELECT … FROM Opportunities …)`); `WHERE` with `AND`, `OR`, `NOT`,
//! parentheses, comparisons, `IN (…)` value lists and `IN (SELECT …)` semi-joins; `ORDER BY`;
//! `LIMIT`. String comparisons ignore case, as SOQL's do. What a real org refuses, this refuses
//! with the same error code: unknown objects, fields and relationships, filters on fields that
//! are not filterable, a semi-join that selects anything but one id or reference field, a
//! semi-join under `OR` or `NOT`, a field selected twice, a query over 100,000 characters
//! ("SOQL and SOSL Limits": "By default, SOQL statements can't exceed 100,000 characters").

use serde_json::{Map, Value as Json, json};
use std::cmp::Ordering;

/// Longest SOQL statement an org accepts.
pub const MAX_QUERY_CHARS: usize = 100_000;

/// A refusal, as the REST API reports it: `[{"message", "errorCode"}]` with status 400.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoqlError {
    /// `MALFORMED_QUERY`, `INVALID_FIELD`, `INVALID_TYPE`.
    pub code: &'static str,
    /// What a developer reads.
    pub message: String,
}

impl SoqlError {
    fn malformed(message: impl Into<String>) -> Self {
        SoqlError {
            code: "MALFORMED_QUERY",
            message: message.into(),
        }
    }

    fn field(message: impl Into<String>) -> Self {
        SoqlError {
            code: "INVALID_FIELD",
            message: message.into(),
        }
    }

    fn kind(message: impl Into<String>) -> Self {
        SoqlError {
            code: "INVALID_TYPE",
            message: message.into(),
        }
    }

    /// The REST API's error body.
    pub fn body(&self) -> Json {
        json!([{ "message": self.message, "errorCode": self.code }])
    }
}

/// One field of an object, as `describe` lists it.
#[derive(Debug, Clone)]
pub struct FieldDef {
    /// API name (`Email`, `Secondary_Email__c`).
    pub name: String,
    /// Describe `type`: `id`, `string`, `email`, `phone`, `reference`, `currency`, …
    pub kind: String,
    /// Label.
    pub label: String,
    /// Whether `WHERE` may use it (encrypted fields may not).
    pub filterable: bool,
    /// For a `reference`: the parent relationship's name (`Account`) and object.
    pub parent: Option<(String, String)>,
}

/// An object: its fields and the child relationships that point at it.
#[derive(Debug, Clone)]
pub struct ObjectDef {
    /// API name (`Contact`).
    pub name: String,
    /// Its fields.
    pub fields: Vec<FieldDef>,
    /// Child relationships: (relationship name, child object, the child's reference field).
    pub children: Vec<(String, String, String)>,
}

impl ObjectDef {
    fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    fn parent(&self, relationship: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| {
            f.parent
                .as_ref()
                .is_some_and(|(r, _)| r.eq_ignore_ascii_case(relationship))
        })
    }

    fn child(&self, relationship: &str) -> Option<&(String, String, String)> {
        self.children
            .iter()
            .find(|(r, _, _)| r.eq_ignore_ascii_case(relationship))
    }
}

/// What a query runs against: the schema and the records of each object.
pub trait Data {
    /// The object named `name` (any case).
    fn object(&self, name: &str) -> Option<&ObjectDef>;
    /// Every record of `object` (its canonical name).
    fn rows(&self, object: &str) -> &[Map<String, Json>];
    /// The REST API version queries run under, for record URLs (`v61.0`).
    fn version(&self) -> &str;
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Str(String),
    Num(f64),
    Open,
    Close,
    Comma,
    Op(&'static str),
}

fn lex(text: &str) -> Result<Vec<Token>, SoqlError> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' | ',' => {
                chars.next();
                out.push(match c {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    _ => Token::Comma,
                });
            }
            '\'' => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next() {
                        None => return Err(SoqlError::malformed("unterminated string literal")),
                        Some('\'') => break,
                        // "Quoted String Escape Sequences": these and no others.
                        Some('\\') => s.push(match chars.next() {
                            Some('n') => '\n',
                            Some('r') => '\r',
                            Some('t') => '\t',
                            Some('b') => '\u{8}',
                            Some('f') => '\u{c}',
                            Some(c @ ('\\' | '\'' | '"' | '_' | '%')) => c,
                            other => {
                                return Err(SoqlError::malformed(format!(
                                    "Invalid string literal: illegal escape sequence \\{}",
                                    other.map(String::from).unwrap_or_default()
                                )));
                            }
                        }),
                        Some(c) => s.push(c),
                    }
                }
                out.push(Token::Str(s));
            }
            '=' | '!' | '<' | '>' => {
                chars.next();
                let two = chars.peek() == Some(&'=');
                let op = match (c, two) {
                    ('=', _) => "=",
                    ('!', true) => "!=",
                    ('<', true) => "<=",
                    ('>', true) => ">=",
                    ('<', false) => "<",
                    ('>', false) => ">",
                    _ => return Err(SoqlError::malformed("unexpected token: '!'")),
                };
                if two && c != '=' {
                    chars.next();
                }
                out.push(Token::Op(op));
            }
            c if c.is_ascii_digit() || c == '-' => {
                let mut s = String::new();
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_digit() || d == '.' || d == '-' {
                        s.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                let n = s
                    .parse()
                    .map_err(|_| SoqlError::malformed(format!("unexpected token: '{s}'")))?;
                out.push(Token::Num(n));
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut s = String::new();
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' || d == '.' {
                        s.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Token::Word(s));
            }
            other => return Err(SoqlError::malformed(format!("unexpected token: '{other}'"))),
        }
    }
    Ok(out)
}

/// A literal on the right of a comparison.
#[derive(Debug, Clone, PartialEq)]
enum Lit {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
}

#[derive(Debug, Clone)]
enum Cond {
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    Cmp(String, &'static str, Lit),
    In(String, bool, Vec<Lit>),
    SemiJoin(String, bool, Box<Query>),
}

#[derive(Debug, Clone)]
enum Item {
    Path(String),
    Sub(Query),
}

/// A parsed query.
#[derive(Debug, Clone)]
struct Query {
    items: Vec<Item>,
    from: String,
    filter: Option<Cond>,
    order: Vec<(String, bool)>,
    limit: Option<usize>,
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    fn eat(&mut self, word: &str) -> bool {
        let yes = self.keyword(word);
        if yes {
            self.at += 1;
        }
        yes
    }

    fn expect(&mut self, token: Token, what: &str) -> Result<(), SoqlError> {
        match self.next() {
            Some(t) if t == token => Ok(()),
            other => Err(SoqlError::malformed(format!(
                "expecting {what}, found {other:?}"
            ))),
        }
    }

    fn word(&mut self, what: &str) -> Result<String, SoqlError> {
        match self.next() {
            Some(Token::Word(w)) => Ok(w),
            other => Err(SoqlError::malformed(format!(
                "expecting {what}, found {other:?}"
            ))),
        }
    }

    fn query(&mut self) -> Result<Query, SoqlError> {
        if !self.eat("SELECT") {
            return Err(SoqlError::malformed("a query starts with SELECT"));
        }
        let mut items = Vec::new();
        loop {
            if self.peek() == Some(&Token::Open) {
                self.next();
                items.push(Item::Sub(self.query()?));
                self.expect(Token::Close, "')'")?;
            } else {
                items.push(Item::Path(self.word("a field")?));
            }
            if self.peek() == Some(&Token::Comma) {
                self.next();
            } else {
                break;
            }
        }
        if !self.eat("FROM") {
            return Err(SoqlError::malformed("expecting FROM"));
        }
        let from = self.word("an object")?;
        let filter = if self.eat("WHERE") {
            Some(self.or()?)
        } else {
            None
        };
        let mut order = Vec::new();
        if self.eat("ORDER") {
            if !self.eat("BY") {
                return Err(SoqlError::malformed("expecting BY"));
            }
            loop {
                let path = self.word("a field")?;
                let desc = self.eat("DESC");
                if !desc {
                    self.eat("ASC");
                }
                if self.eat("NULLS") && !self.eat("FIRST") && !self.eat("LAST") {
                    return Err(SoqlError::malformed("expecting FIRST or LAST"));
                }
                order.push((path, desc));
                if self.peek() == Some(&Token::Comma) {
                    self.next();
                } else {
                    break;
                }
            }
        }
        let limit = if self.eat("LIMIT") {
            match self.next() {
                Some(Token::Num(n)) if n >= 0.0 && n.fract() == 0.0 => Some(n as usize),
                other => {
                    return Err(SoqlError::malformed(format!(
                        "LIMIT takes a whole number, found {other:?}"
                    )));
                }
            }
        } else {
            None
        };
        Ok(Query {
            items,
            from,
            filter,
            order,
            limit,
        })
    }

    fn or(&mut self) -> Result<Cond, SoqlError> {
        let mut parts = vec![self.and()?];
        while self.eat("OR") {
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Cond::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Cond, SoqlError> {
        let mut parts = vec![self.atom()?];
        while self.eat("AND") {
            parts.push(self.atom()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Cond::And(parts)
        })
    }

    fn atom(&mut self) -> Result<Cond, SoqlError> {
        if self.eat("NOT") {
            return Ok(Cond::Not(Box::new(self.atom()?)));
        }
        if self.peek() == Some(&Token::Open) {
            self.next();
            let inner = self.or()?;
            self.expect(Token::Close, "')'")?;
            return Ok(inner);
        }
        let path = self.word("a field")?;
        let negated = self.eat("NOT");
        if self.eat("IN") {
            self.expect(Token::Open, "'('")?;
            if self.keyword("SELECT") {
                let inner = self.query()?;
                self.expect(Token::Close, "')'")?;
                return Ok(Cond::SemiJoin(path, negated, Box::new(inner)));
            }
            let mut values = Vec::new();
            loop {
                values.push(self.literal()?);
                match self.next() {
                    Some(Token::Comma) => continue,
                    Some(Token::Close) => break,
                    other => {
                        return Err(SoqlError::malformed(format!(
                            "expecting ',' or ')', found {other:?}"
                        )));
                    }
                }
            }
            return Ok(Cond::In(path, negated, values));
        }
        if negated {
            return Err(SoqlError::malformed("expecting IN after NOT"));
        }
        match self.next() {
            Some(Token::Op(op)) => Ok(Cond::Cmp(path, op, self.literal()?)),
            other => Err(SoqlError::malformed(format!(
                "expecting an operator, found {other:?}"
            ))),
        }
    }

    fn literal(&mut self) -> Result<Lit, SoqlError> {
        match self.next() {
            Some(Token::Str(s)) => Ok(Lit::Str(s)),
            Some(Token::Num(n)) => Ok(Lit::Num(n)),
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("true") => Ok(Lit::Bool(true)),
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("false") => Ok(Lit::Bool(false)),
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("null") => Ok(Lit::Null),
            other => Err(SoqlError::malformed(format!(
                "expecting a value, found {other:?}"
            ))),
        }
    }
}

/// Runs `text` against `data`: the REST API's query result (`totalSize`, `done`, `records`).
pub fn run(text: &str, data: &dyn Data) -> Result<Json, SoqlError> {
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(SoqlError::malformed(format!(
            "Query is too long: SOQL statements can't exceed {MAX_QUERY_CHARS} characters"
        )));
    }
    let mut parser = Parser {
        tokens: lex(text)?,
        at: 0,
    };
    let query = parser.query()?;
    if let Some(extra) = parser.peek() {
        return Err(SoqlError::malformed(format!("unexpected token: {extra:?}")));
    }
    let object = data
        .object(&query.from)
        .ok_or_else(|| {
            SoqlError::kind(format!(
                "sObject type '{}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.",
                query.from
            ))
        })?
        .clone();
    check(&query, &object, data, true)?;
    let rows = data.rows(&object.name).to_vec();
    let records = select(&query, &object, rows, data)?;
    Ok(result(records))
}

fn result(records: Vec<Json>) -> Json {
    json!({ "totalSize": records.len(), "done": true, "records": records })
}

/// The object at the end of a parent path's relationships, and the final field.
fn resolve<'a>(
    object: &'a ObjectDef,
    path: &str,
    data: &'a dyn Data,
) -> Result<(&'a ObjectDef, &'a FieldDef), SoqlError> {
    let mut current = object;
    let parts: Vec<&str> = path.split('.').collect();
    for relationship in &parts[..parts.len() - 1] {
        let reference = current.parent(relationship).ok_or_else(|| {
            SoqlError::field(format!(
                "Didn't understand relationship '{relationship}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name."
            ))
        })?;
        let target = &reference.parent.as_ref().expect("a parent").1;
        current = data
            .object(target)
            .ok_or_else(|| SoqlError::kind(format!("sObject type '{target}' is not supported.")))?;
    }
    let last = parts[parts.len() - 1];
    let field = current.field(last).ok_or_else(|| {
        SoqlError::field(format!(
            "No such column '{last}' on entity '{}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
            current.name
        ))
    })?;
    Ok((current, field))
}

/// Refuses what the org refuses before running anything.
fn check(query: &Query, object: &ObjectDef, data: &dyn Data, top: bool) -> Result<(), SoqlError> {
    let mut seen = Vec::new();
    for item in &query.items {
        match item {
            Item::Path(path) => {
                resolve(object, path, data)?;
                let key = path.to_ascii_lowercase();
                if seen.contains(&key) {
                    return Err(SoqlError::malformed(format!(
                        "duplicate field selected: {path}"
                    )));
                }
                seen.push(key);
            }
            Item::Sub(sub) => {
                if !top {
                    return Err(SoqlError::malformed(
                        "a relationship subquery cannot hold another one here",
                    ));
                }
                let (_, child, _) = object.child(&sub.from).ok_or_else(|| {
                    SoqlError::kind(format!(
                        "Didn't understand relationship '{}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.",
                        sub.from
                    ))
                })?;
                let child = data.object(child).expect("child objects exist");
                check(sub, child, data, false)?;
            }
        }
    }
    if let Some(filter) = &query.filter {
        check_filter(filter, object, data, false)?;
    }
    for (path, _) in &query.order {
        resolve(object, path, data)?;
    }
    Ok(())
}

fn check_filter(
    cond: &Cond,
    object: &ObjectDef,
    data: &dyn Data,
    under_or: bool,
) -> Result<(), SoqlError> {
    let filterable = |path: &str| -> Result<(), SoqlError> {
        let (_, field) = resolve(object, path, data)?;
        if field.filterable {
            Ok(())
        } else {
            Err(SoqlError::field(format!(
                "field '{}' can not be filtered in query call",
                field.name
            )))
        }
    };
    match cond {
        Cond::And(parts) => parts
            .iter()
            .try_for_each(|p| check_filter(p, object, data, under_or)),
        Cond::Or(parts) => parts
            .iter()
            .try_for_each(|p| check_filter(p, object, data, true)),
        Cond::Not(inner) => check_filter(inner, object, data, true),
        Cond::Cmp(path, _, _) | Cond::In(path, _, _) => filterable(path),
        Cond::SemiJoin(path, _, inner) => {
            if under_or {
                return Err(SoqlError::malformed(
                    "Semi join sub-selects are not allowed with the 'OR' operator",
                ));
            }
            filterable(path)?;
            let (_, left) = resolve(object, path, data)?;
            let inner_object = data.object(&inner.from).ok_or_else(|| {
                SoqlError::kind(format!("sObject type '{}' is not supported.", inner.from))
            })?;
            let [Item::Path(selected)] = inner.items.as_slice() else {
                return Err(SoqlError::malformed(
                    "a semi-join sub-select must select exactly one field",
                ));
            };
            let (_, right) = resolve(inner_object, selected, data)?;
            let is_key = |f: &FieldDef| f.kind == "id" || f.kind == "reference";
            if selected.contains('.') || !is_key(right) || !is_key(left) {
                return Err(SoqlError::malformed(
                    "a semi-join compares an Id or reference field with one Id or reference field selected by the sub-select",
                ));
            }
            check(inner, inner_object, data, false)
        }
    }
}

/// The value at `path` of `row`, following parent relationships through the data.
fn value_at(row: &Map<String, Json>, object: &ObjectDef, path: &str, data: &dyn Data) -> Json {
    let mut row = row.clone();
    let mut object = object.clone();
    let parts: Vec<&str> = path.split('.').collect();
    for relationship in &parts[..parts.len() - 1] {
        let Some(reference) = object.parent(relationship) else {
            return Json::Null;
        };
        let target = reference.parent.as_ref().expect("a parent").1.clone();
        let Some(id) = get(&row, &reference.name).as_str().map(str::to_owned) else {
            return Json::Null;
        };
        let Some(parent) = data
            .rows(&target)
            .iter()
            .find(|r| r.get("Id").and_then(Json::as_str) == Some(&id))
        else {
            return Json::Null;
        };
        row = parent.clone();
        object = data.object(&target).expect("targets exist").clone();
    }
    get(&row, parts[parts.len() - 1])
}

fn get(row: &Map<String, Json>, field: &str) -> Json {
    row.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(field))
        .map(|(_, v)| v.clone())
        .unwrap_or(Json::Null)
}

fn equal(stored: &Json, lit: &Lit) -> bool {
    match (stored, lit) {
        (Json::Null, Lit::Null) => true,
        (Json::String(s), Lit::Str(l)) => s.to_lowercase() == l.to_lowercase(),
        (Json::Bool(b), Lit::Bool(l)) => b == l,
        (Json::Number(n), Lit::Num(l)) => n.as_f64() == Some(*l),
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

fn holds(
    cond: &Cond,
    row: &Map<String, Json>,
    object: &ObjectDef,
    data: &dyn Data,
) -> Result<bool, SoqlError> {
    Ok(match cond {
        Cond::And(parts) => {
            for p in parts {
                if !holds(p, row, object, data)? {
                    return Ok(false);
                }
            }
            true
        }
        Cond::Or(parts) => {
            for p in parts {
                if holds(p, row, object, data)? {
                    return Ok(true);
                }
            }
            false
        }
        Cond::Not(inner) => !holds(inner, row, object, data)?,
        Cond::Cmp(path, op, lit) => {
            let stored = value_at(row, object, path, data);
            match *op {
                "=" => equal(&stored, lit),
                "!=" => !equal(&stored, lit),
                "<" => compare(&stored, lit) == Some(Ordering::Less),
                ">" => compare(&stored, lit) == Some(Ordering::Greater),
                "<=" => matches!(
                    compare(&stored, lit),
                    Some(Ordering::Less | Ordering::Equal)
                ),
                _ => matches!(
                    compare(&stored, lit),
                    Some(Ordering::Greater | Ordering::Equal)
                ),
            }
        }
        Cond::In(path, negated, values) => {
            let stored = value_at(row, object, path, data);
            values.iter().any(|v| equal(&stored, v)) != *negated
        }
        Cond::SemiJoin(path, negated, inner) => {
            let inner_object = data.object(&inner.from).expect("checked").clone();
            let Item::Path(selected) = &inner.items[0] else {
                unreachable!("checked")
            };
            let mut ids = Vec::new();
            for candidate in data.rows(&inner_object.name) {
                let keep = match &inner.filter {
                    Some(f) => holds(f, candidate, &inner_object, data)?,
                    None => true,
                };
                if keep {
                    ids.push(value_at(candidate, &inner_object, selected, data));
                }
            }
            let stored = value_at(row, object, path, data);
            (!stored.is_null() && ids.contains(&stored)) != *negated
        }
    })
}

/// Filters, orders, limits and shapes `rows` of `object` as `query` asks.
fn select(
    query: &Query,
    object: &ObjectDef,
    rows: Vec<Map<String, Json>>,
    data: &dyn Data,
) -> Result<Vec<Json>, SoqlError> {
    let mut kept = Vec::new();
    for row in rows {
        let keep = match &query.filter {
            Some(f) => holds(f, &row, object, data)?,
            None => true,
        };
        if keep {
            kept.push(row);
        }
    }
    for (path, desc) in query.order.iter().rev() {
        kept.sort_by(|a, b| {
            let (a, b) = (
                value_at(a, object, path, data),
                value_at(b, object, path, data),
            );
            // Nulls first ascending, SOQL's default.
            let order = match (&a, &b) {
                (Json::Null, Json::Null) => Ordering::Equal,
                (Json::Null, _) => Ordering::Less,
                (_, Json::Null) => Ordering::Greater,
                (Json::Number(x), Json::Number(y)) => x
                    .as_f64()
                    .partial_cmp(&y.as_f64())
                    .unwrap_or(Ordering::Equal),
                _ => a
                    .to_string()
                    .to_lowercase()
                    .cmp(&b.to_string().to_lowercase()),
            };
            if *desc { order.reverse() } else { order }
        });
    }
    if let Some(limit) = query.limit {
        kept.truncate(limit);
    }
    kept.iter()
        .map(|row| shape(query, object, row, data))
        .collect()
}

fn attributes(object: &str, row: &Map<String, Json>, data: &dyn Data) -> Json {
    let id = row.get("Id").and_then(Json::as_str).unwrap_or_default();
    json!({
        "type": object,
        "url": format!("/services/data/{}/sobjects/{object}/{id}", data.version()),
    })
}

/// One record as the REST API returns it: `attributes`, then each selected field; parent paths
/// as nested records (`"Account": {"attributes": …, "Name": …}` or `null`); subqueries as a
/// nested query result, or `null` when they found nothing.
fn shape(
    query: &Query,
    object: &ObjectDef,
    row: &Map<String, Json>,
    data: &dyn Data,
) -> Result<Json, SoqlError> {
    let mut out = Map::new();
    out.insert("attributes".into(), attributes(&object.name, row, data));
    for item in &query.items {
        match item {
            Item::Path(path) => put_path(&mut out, object, row, path, data),
            Item::Sub(sub) => {
                let (name, child, field) = object.child(&sub.from).expect("checked").clone();
                let child_object = data.object(&child).expect("checked").clone();
                let id = row.get("Id").cloned().unwrap_or(Json::Null);
                let rows: Vec<Map<String, Json>> = data
                    .rows(&child)
                    .iter()
                    .filter(|r| get(r, &field) == id)
                    .cloned()
                    .collect();
                let records = select(sub, &child_object, rows, data)?;
                out.insert(
                    name,
                    if records.is_empty() {
                        Json::Null
                    } else {
                        result(records)
                    },
                );
            }
        }
    }
    Ok(Json::Object(out))
}

fn put_path(
    out: &mut Map<String, Json>,
    object: &ObjectDef,
    row: &Map<String, Json>,
    path: &str,
    data: &dyn Data,
) {
    match path.split_once('.') {
        None => {
            let field = object.field(path).expect("checked");
            out.insert(field.name.clone(), get(row, &field.name));
        }
        Some((relationship, rest)) => {
            let reference = object.parent(relationship).expect("checked");
            let (name, target) = reference.parent.clone().expect("a parent");
            let parent = get(row, &reference.name).as_str().and_then(|id| {
                data.rows(&target)
                    .iter()
                    .find(|r| r.get("Id").and_then(Json::as_str) == Some(id))
                    .cloned()
            });
            let Some(parent) = parent else {
                out.entry(name).or_insert(Json::Null);
                return;
            };
            let target_object = data.object(&target).expect("targets exist").clone();
            let nested = out.entry(name).or_insert(Json::Null);
            if nested.is_null() {
                let mut fresh = Map::new();
                fresh.insert(
                    "attributes".into(),
                    attributes(&target_object.name, &parent, data),
                );
                *nested = Json::Object(fresh);
            }
            if let Json::Object(nested) = nested {
                put_path(nested, &target_object, &parent, rest, data);
            }
        }
    }
}
