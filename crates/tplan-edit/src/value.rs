//! Values given on a command line, turned into TOML values.
//!
//! A value is read as TOML when it is one (`true`, `12`, `2027-06-30`,
//! `["web", "ios"]`) and is otherwise taken as plain text, so
//! `status deprecated` and `owner growth` need no quotes. A few fields
//! refine this (see [`parse`]). Every value is rebuilt before it is written,
//! so it is written in one canonical spelling, on one line.

use toml_edit::{Array, InlineTable, Value};

use crate::edit::PropertySpec;
use crate::error::EditError;
use tplan_plan::model::JsonType;

/// How a field reads a value that is not TOML, or TOML of the wrong kind.
enum Shape {
    /// Text only: a TOML string is unquoted, anything else is taken as
    /// written (`name 2024` is the name `2024`, not a number).
    Text,
    /// A list of strings: plain text splits on commas (`sources web,ios`).
    TextList,
    /// `type`: one name, or a list split on commas (`string,null`).
    Types,
    /// `enum`: plain text splits on commas, each value read as TOML when it
    /// is one (`1,2,3`, `EUR,USD`).
    Enum,
    /// Any TOML value; plain text is a string.
    Any,
}

fn shape(field: &str) -> Shape {
    match field {
        "name" | "description" | "owner" | "status" | "replaced_by" | "contact" | "format"
        | "pattern" | "ref" => Shape::Text,
        "sources" | "tags" | "members" => Shape::TextList,
        "type" => Shape::Types,
        "enum" => Shape::Enum,
        _ => Shape::Any,
    }
}

/// The TOML value `text` means for `field`.
pub(super) fn parse(field: &str, text: &str) -> Value {
    let toml = toml_value(text);
    match (shape(field), toml) {
        (Shape::Text, Some(v)) if v.is_str() => v,
        (Shape::Text, _) => Value::from(text),
        (_, Some(v)) => v,
        (Shape::Any, None) => Value::from(text),
        (Shape::TextList, None) => Value::Array(split(text).map(Value::from).collect()),
        (Shape::Types, None) => types(text),
        (Shape::Enum, None) => Value::Array(
            split(text)
                .map(|part| toml_value(part).unwrap_or_else(|| Value::from(part)))
                .collect(),
        ),
    }
}

/// `text` as a TOML value, when it is one, rebuilt in canonical spelling.
fn toml_value(text: &str) -> Option<Value> {
    text.trim().parse::<Value>().ok().map(|v| fresh(&v))
}

fn split(text: &str) -> impl Iterator<Item = &str> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// `string` or `string,null` as a `type` value: a name or a list of names.
fn types(text: &str) -> Value {
    let names: Vec<&str> = split(text).collect();
    match names.as_slice() {
        [one] => Value::from(*one),
        _ => Value::Array(names.into_iter().map(Value::from).collect()),
    }
}

/// A copy of `v` with no formatting of its own, so it is written the way a
/// new value is (`["web", "ios"]`, `{ a = 1 }`), on one line.
fn fresh(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::from(s.value().as_str()),
        Value::Integer(i) => Value::from(*i.value()),
        Value::Float(f) => Value::from(*f.value()),
        Value::Boolean(b) => Value::from(*b.value()),
        Value::Datetime(d) => Value::from(*d.value()),
        Value::Array(a) => Value::Array(a.iter().map(fresh).collect::<Array>()),
        Value::InlineTable(t) => {
            let mut out = InlineTable::new();
            for (k, v) in t.iter() {
                out.insert(k, fresh(v));
            }
            Value::InlineTable(out)
        }
    }
}

/// A number for `field` (`minimum`, an `enum` value of a numeric property).
fn number(field: &str, text: &str) -> Result<Value, EditError> {
    match toml_value(text) {
        Some(v @ (Value::Integer(_) | Value::Float(_))) => Ok(v),
        _ => Err(EditError::BadValue {
            field: field.to_string(),
            value: text.to_string(),
            reason: "expected a number".to_string(),
        }),
    }
}

/// The keys a new property is written with, each once, in no particular
/// order (the caller orders them). `shared_types` gives the `type` of a
/// shared property, for an `enum` on a `ref` without a `type` of its own.
pub(super) fn spec_fields(
    spec: &PropertySpec,
    shared_types: &dyn Fn(&str) -> Option<Vec<JsonType>>,
) -> Result<Vec<(&'static str, Value)>, EditError> {
    let mut out: Vec<(&'static str, Value)> = Vec::new();
    if let Some(r) = &spec.reference {
        out.push(("ref", Value::from(r.as_str())));
    }
    if let Some(t) = &spec.r#type {
        out.push(("type", types(t)));
    }
    if spec.required {
        out.push(("required", Value::from(true)));
    }
    if let Some(d) = &spec.description {
        out.push(("description", Value::from(d.as_str())));
    }
    if !spec.enum_values.is_empty() {
        // A numeric property's enum holds numbers; `"1"` would never match.
        let declared: Option<Vec<JsonType>> = match &spec.r#type {
            Some(t) => Some(split(t).filter_map(JsonType::parse).collect()),
            None => spec.reference.as_deref().and_then(shared_types),
        };
        let numeric = declared.is_some_and(|types| {
            let mut kinds = types.iter().filter(|t| **t != JsonType::Null).peekable();
            kinds.peek().is_some()
                && kinds.all(|t| matches!(t, JsonType::Integer | JsonType::Number))
        });
        let values = spec
            .enum_values
            .iter()
            .map(|v| {
                if numeric {
                    number("enum", v)
                } else {
                    Ok(Value::from(v.as_str()))
                }
            })
            .collect::<Result<Array, _>>()?;
        out.push(("enum", Value::Array(values)));
    }
    if let Some(f) = &spec.format {
        out.push(("format", Value::from(f.as_str())));
    }
    if let Some(p) = &spec.pattern {
        out.push(("pattern", Value::from(p.as_str())));
    }
    if let Some(m) = &spec.minimum {
        out.push(("minimum", number("minimum", m)?));
    }
    if let Some(m) = &spec.maximum {
        out.push(("maximum", number("maximum", m)?));
    }
    for (key, n) in [
        ("min_length", spec.min_length),
        ("max_length", spec.max_length),
    ] {
        if let Some(n) = n {
            let n = i64::try_from(n).map_err(|_| EditError::BadValue {
                field: key.to_string(),
                value: n.to_string(),
                reason: "too large".to_string(),
            })?;
            out.push((key, Value::from(n)));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(field: &str, text: &str) -> String {
        parse(field, text).to_string()
    }

    #[test]
    fn toml_values_are_read_as_toml_and_the_rest_as_text() {
        assert_eq!(show("additional_properties", "true"), "true");
        assert_eq!(show("max_length", "12"), "12");
        assert_eq!(show("sunset", "2027-06-30"), "2027-06-30");
        assert_eq!(show("sources", r#"["web","ios"]"#), r#"["web", "ios"]"#);
        assert_eq!(show("status", "deprecated"), r#""deprecated""#);
        assert_eq!(show("default", "plain words"), r#""plain words""#);
    }

    #[test]
    fn text_fields_never_become_numbers() {
        assert_eq!(show("name", "2024"), r#""2024""#);
        assert_eq!(show("description", r#""quoted""#), r#""quoted""#);
        assert_eq!(show("pattern", r"^\d+$"), r"'^\d+$'");
    }

    #[test]
    fn lists_split_on_commas() {
        assert_eq!(show("sources", "web, ios"), r#"["web", "ios"]"#);
        assert_eq!(show("type", "string,null"), r#"["string", "null"]"#);
        assert_eq!(show("type", "string"), r#""string""#);
        assert_eq!(show("enum", "1,2"), "[1, 2]");
        assert_eq!(show("enum", "EUR,USD"), r#"["EUR", "USD"]"#);
    }

    #[test]
    fn numeric_enums_hold_numbers() {
        let spec = PropertySpec {
            r#type: Some("integer".into()),
            enum_values: vec!["1".into(), "2".into()],
            ..PropertySpec::default()
        };
        let fields = spec_fields(&spec, &|_| None).unwrap();
        assert_eq!(fields[1].1.to_string(), "[1, 2]");
        let spec = PropertySpec {
            enum_values: vec!["one".into()],
            ..spec
        };
        assert!(matches!(
            spec_fields(&spec, &|_| None),
            Err(EditError::BadValue { .. })
        ));
    }
}
