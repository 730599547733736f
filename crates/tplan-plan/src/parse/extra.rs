//! `schema_extra`: JSON Schema keywords the plan format cannot hold, on an
//! event or a property, passed through verbatim. It may add to what the
//! plan says, never contradict it: a keyword the plan writes for the same
//! object is refused, so a plan key and a pass-through keyword never fight.

use std::ops::Range;

use serde_json::{Map, Value};
use toml::de::DeValue;

use super::doc::{Doc, Item};
use crate::model::Property;

/// Reads `schema_extra` from JSON text (which keeps what TOML cannot say,
/// such as `null`) or a table.
pub(crate) fn read(doc: &mut Doc<'_>, key: &str, item: &Item<'_>) -> Option<Map<String, Value>> {
    let value = match item.get_ref() {
        DeValue::String(text) => match serde_json::from_str::<Value>(text) {
            Ok(value) => Some(value),
            Err(e) => {
                doc.invalid(key, item.span(), format!("not JSON: {e}"));
                None
            }
        },
        _ => doc.json(key, item),
    };
    match value? {
        Value::Object(map) => Some(map),
        _ => {
            doc.wrong_type(key, item, "a JSON object (as a table, or JSON text)");
            None
        }
    }
}

/// Refuses keywords of `extra` in `taken` (written from the plan for the
/// same object) and an `additionalProperties` that is not a schema.
pub(crate) fn check(
    doc: &mut Doc<'_>,
    span: Range<usize>,
    extra: &Map<String, Value>,
    taken: &[&str],
    closed: bool,
) -> bool {
    if let Some(keyword) = extra.keys().find(|k| taken.contains(&k.as_str())) {
        doc.invalid(
            "schema_extra",
            span,
            format!("`{keyword}` is written from the plan; set it with the plan's own keys"),
        );
        return false;
    }
    match extra.get("additionalProperties") {
        Some(Value::Object(_)) if closed => {
            doc.invalid(
                "schema_extra",
                span,
                "an `additionalProperties` schema constrains undeclared keys, which `additional_properties = false` refuses",
            );
            false
        }
        Some(Value::Object(_)) | None => true,
        Some(_) => {
            doc.invalid(
                "schema_extra",
                span,
                "`additionalProperties` here must be a schema; `true`/`false` is the plan's `additional_properties`",
            );
            false
        }
    }
}

/// The keywords tplan writes into a property's schema from its plan keys
/// (in either dialect: `const` is a one-value `enum` for Iglu).
pub(crate) fn property_keywords(p: &Property) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut add = |set: bool, keywords: &[&'static str]| {
        if set {
            out.extend_from_slice(keywords);
        }
    };
    add(p.types.is_some(), &["type"]);
    add(p.description.is_some(), &["description"]);
    add(p.enum_values.is_some(), &["enum"]);
    add(p.const_value.is_some(), &["const", "enum"]);
    add(p.format.is_some(), &["format"]);
    add(p.pattern.is_some(), &["pattern"]);
    add(
        p.minimum.is_some() || p.exclusive_minimum.is_some(),
        &["minimum", "exclusiveMinimum"],
    );
    add(
        p.maximum.is_some() || p.exclusive_maximum.is_some(),
        &["maximum", "exclusiveMaximum"],
    );
    add(p.multiple_of.is_some(), &["multipleOf"]);
    add(p.min_length.is_some(), &["minLength"]);
    add(p.max_length.is_some(), &["maxLength"]);
    add(p.min_items.is_some(), &["minItems"]);
    add(p.max_items.is_some(), &["maxItems"]);
    add(p.unique_items.is_some(), &["uniqueItems"]);
    add(p.items.is_some(), &["items"]);
    add(p.properties.is_some(), &["properties", "required"]);
    add(p.default.is_some(), &["default"]);
    add(p.examples.is_some(), &["examples"]);
    add(p.deprecated.is_some(), &["deprecated"]);
    out
}
