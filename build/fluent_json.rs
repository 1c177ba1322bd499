//! A Fluent catalog parsed at build time into what `@fluent/bundle`'s `FluentResource` makes of
//! it in the browser (its `body`, the runtime syntax tree of the package's `resource.js`), as
//! JSON: the pages carry `FluentBundle` without its parser (1.4 KB brotli less on each), and
//! read their English and every other catalog with `JSON.parse`.
//!
//! Read by `build.rs` (the English each bundle carries, the hash in each catalog's URL) and by
//! `cargo xtask build` (`locales/<tag>.json` beside each `.ftl` it serves); the catalogs test
//! checks, for every catalog, that the result equals what `@fluent/bundle`'s own parser reads
//! (both with adjacent text joined).
//!
//! The tree (`@fluent/bundle` 0.19, `esm/resource.js` and `esm/ast.d.ts`):
//! - an entry: `{id, value, attributes}`, a term's id with its `-`; `value` a pattern or `null`;
//! - a pattern: a string when it is text alone, else an array of strings and expressions;
//! - expressions: `{type: "var", name}`, `{type: "mesg", name, attr}`, `{type: "term", name,
//!   attr, args}`, `{type: "func", name, args}` (`args` positional, then `{type: "narg", name,
//!   value}`), `{type: "str", value}` (unescaped), `{type: "num", value, precision}` (digits
//!   after the point), and `{type: "select", selector, variants: [{key, value}], star}` (the
//!   default variant's index).

use fluent_syntax::ast::{
    CallArguments, Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey,
};
use serde_json::{Map, Value, json};

/// `source` (a catalog) as the JSON array of its messages and terms, or what does not parse,
/// by line (the browser's parser would skip it: a catalog with an error is not shipped).
pub fn to_json(source: &str) -> Result<String, String> {
    let resource = fluent_syntax::parser::parse(source).map_err(|(_, errors)| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| {
                // The entry the error is in (its junk, past the blank lines before it).
                let at = e.slice.as_ref().map_or(e.pos.start, |junk| junk.start);
                let blank = source
                    .get(at..)
                    .map_or(0, |rest| rest.len() - rest.trim_start().len());
                format!("line {}: {:?}", line_of(source, at + blank), e.kind)
            })
            .collect();
        lines.join("; ")
    })?;
    let body = resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            Entry::Message(m) => Some(entry_json(
                m.id.name.to_owned(),
                m.value.as_ref(),
                &m.attributes,
            )),
            Entry::Term(t) => Some(entry_json(
                format!("-{}", t.id.name),
                Some(&t.value),
                &t.attributes,
            )),
            _ => None,
        })
        .collect::<Result<Vec<Value>, String>>()?;
    Ok(Value::Array(body).to_string())
}

/// The line (from 1) that byte `at` of `source` is on.
fn line_of(source: &str, at: usize) -> usize {
    source
        .get(..at)
        .map_or(1, |before| before.matches('\n').count() + 1)
}

/// What a part of the tree becomes, or why it cannot be written as the browser would read it.
type Json = Result<Value, String>;

fn entry_json(
    id: String,
    value: Option<&Pattern<&str>>,
    attributes: &[fluent_syntax::ast::Attribute<&str>],
) -> Json {
    let attributes = attributes
        .iter()
        .map(|a| Ok((a.id.name.to_owned(), pattern(&a.value)?)))
        .collect::<Result<Map<String, Value>, String>>()?;
    let value = value.map(pattern).transpose()?;
    Ok(json!({ "id": id, "value": value, "attributes": attributes }))
}

/// Text alone as a string; else the elements, adjacent text joined.
fn pattern(pattern: &Pattern<&str>) -> Json {
    let mut elements: Vec<Value> = Vec::new();
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => match elements.last_mut() {
                Some(Value::String(text)) => text.push_str(value),
                _ => elements.push(Value::String((*value).to_owned())),
            },
            PatternElement::Placeable { expression } => elements.push(expression_json(expression)?),
        }
    }
    Ok(match elements.as_slice() {
        [Value::String(text)] => Value::String(text.clone()),
        _ => Value::Array(elements),
    })
}

fn expression_json(expression: &Expression<&str>) -> Json {
    Ok(match expression {
        Expression::Inline(inline) => inline_json(inline)?,
        Expression::Select { selector, variants } => json!({
            "type": "select",
            "selector": inline_json(selector)?,
            "variants": variants
                .iter()
                .map(|v| Ok(json!({ "key": key_json(&v.key)?, "value": pattern(&v.value)? })))
                .collect::<Result<Vec<_>, String>>()?,
            "star": variants.iter().position(|v| v.default).unwrap_or(0),
        }),
    })
}

fn key_json(key: &VariantKey<&str>) -> Json {
    match key {
        VariantKey::Identifier { name } => Ok(json!({ "type": "str", "value": name })),
        VariantKey::NumberLiteral { value } => number(value),
    }
}

fn inline_json(expression: &InlineExpression<&str>) -> Json {
    Ok(match expression {
        InlineExpression::StringLiteral { value } => json!({
            "type": "str",
            "value": fluent_syntax::unicode::unescape_unicode_to_string(value),
        }),
        InlineExpression::NumberLiteral { value } => number(value)?,
        InlineExpression::FunctionReference { id, arguments } => {
            json!({ "type": "func", "name": id.name, "args": args(Some(arguments))? })
        }
        InlineExpression::MessageReference { id, attribute } => json!({
            "type": "mesg",
            "name": id.name,
            "attr": attribute.as_ref().map(|a| a.name),
        }),
        InlineExpression::TermReference {
            id,
            attribute,
            arguments,
        } => json!({
            "type": "term",
            "name": id.name,
            "attr": attribute.as_ref().map(|a| a.name),
            "args": args(arguments.as_ref())?,
        }),
        InlineExpression::VariableReference { id } => json!({ "type": "var", "name": id.name }),
        InlineExpression::Placeable { expression } => expression_json(expression)?,
    })
}

fn args(arguments: Option<&CallArguments<&str>>) -> Result<Vec<Value>, String> {
    let Some(arguments) = arguments else {
        return Ok(Vec::new());
    };
    let named = arguments.named.iter().map(|n| {
        Ok(json!({ "type": "narg", "name": n.name.name, "value": inline_json(&n.value)? }))
    });
    arguments
        .positional
        .iter()
        .map(inline_json)
        .chain(named)
        .collect()
}

/// `{type: "num", value, precision}`, the value as JavaScript's `parseFloat` reads it: a whole
/// number without a point or sign as an integer (as `JSON.stringify` writes it), `-0` as the
/// negative zero `Intl` prints, and one beyond a double's range refused (JSON cannot write the
/// `Infinity` the browser would read).
fn number(literal: &str) -> Json {
    let precision = literal
        .split_once('.')
        .map_or(0, |(_, digits)| digits.len());
    let value = match literal.parse::<u64>() {
        Ok(whole) => json!(whole),
        Err(_) => match literal.parse::<f64>() {
            Ok(n) if n.is_finite() => json!(n),
            _ => return Err(format!("the number {literal} is beyond a double's range")),
        },
    };
    Ok(json!({ "type": "num", "value": value, "precision": precision }))
}

#[cfg(test)]
mod tests {
    use super::to_json;
    use serde_json::{Value, json};

    fn parsed(source: &str) -> Value {
        serde_json::from_str(&to_json(source).unwrap()).unwrap()
    }

    #[test]
    fn text_alone_is_a_string_and_placeables_make_an_array() {
        assert_eq!(
            parsed("hi = Hello\nbye = Bye, { $name }!\n"),
            json!([
                { "id": "hi", "value": "Hello", "attributes": {} },
                { "id": "bye", "value": ["Bye, ", { "type": "var", "name": "name" }, "!"], "attributes": {} },
            ])
        );
    }

    #[test]
    fn selects_keep_their_default_and_number_keys() {
        let body = parsed(
            "n = { $count ->\n    [0] none\n    [one] { $count } person\n   *[other] { $count } people\n}\n",
        );
        let select = &body[0]["value"][0];
        assert_eq!(select["type"], "select");
        assert_eq!(select["star"], 2);
        assert_eq!(
            select["variants"][0]["key"],
            json!({ "type": "num", "value": 0, "precision": 0 })
        );
        assert_eq!(
            select["variants"][1]["key"],
            json!({ "type": "str", "value": "one" })
        );
        assert_eq!(
            select["variants"][2]["value"],
            json!([{ "type": "var", "name": "count" }, " people"])
        );
    }

    #[test]
    fn terms_functions_and_literals_read_as_the_browser_reads_them() {
        let body = parsed(
            "-brand = Sidecard\n    .short = SC\nm = { -brand } { NUMBER($n, minimumFractionDigits: 2) } { \"\\u00e9\\\"\" } { 1.50 }\n",
        );
        assert_eq!(body[0]["id"], "-brand");
        assert_eq!(body[0]["attributes"], json!({ "short": "SC" }));
        assert_eq!(
            body[1]["value"],
            json!([
                { "type": "term", "name": "brand", "attr": null, "args": [] },
                " ",
                { "type": "func", "name": "NUMBER", "args": [
                    { "type": "var", "name": "n" },
                    { "type": "narg", "name": "minimumFractionDigits", "value": { "type": "num", "value": 2, "precision": 0 } },
                ] },
                " ",
                { "type": "str", "value": "é\"" },
                " ",
                { "type": "num", "value": 1.5, "precision": 2 },
            ])
        );
    }

    #[test]
    fn a_catalog_with_an_error_names_its_line() {
        let error = to_json("ok = fine\nbroken = { $x\n").unwrap_err();
        assert!(error.starts_with("line 2:"), "{error}");
        let error = to_json("ok = fine\n\nbroken\n").unwrap_err();
        assert!(error.starts_with("line 3:"), "{error}");
    }

    #[test]
    fn numbers_are_what_parse_float_reads() {
        let value = |literal: &str| parsed(&format!("n = {{ {literal} }}\n"))[0]["value"].clone();
        assert_eq!(
            value("12"),
            json!([{ "type": "num", "value": 12, "precision": 0 }])
        );
        assert_eq!(
            value("-3"),
            json!([{ "type": "num", "value": -3.0, "precision": 0 }])
        );
        // Negative zero stays negative ("-0" in `Intl`), as JSON.parse reads `-0.0` back.
        let zero = to_json("n = { -0 }\n").unwrap();
        assert!(zero.contains(r#""value":-0.0"#), "{zero}");
        let huge = format!("n = {{ {} }}\n", "9".repeat(400));
        assert!(
            to_json(&huge)
                .unwrap_err()
                .contains("beyond a double's range")
        );
    }
}
