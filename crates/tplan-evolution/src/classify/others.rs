//! Every keyword no other step analyses: annotations are metadata, the
//! root's `deprecated` deprecates the event, `$defs` entries and the rest
//! (combinators, `$ref`, unknown keywords) are `unanalysed-change`.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::walk::{Node, Walk, escape, join, same};
use crate::rules;

/// Keywords that are annotations: changes are `metadata-changed`.
const METADATA: &[&str] = &[
    "title",
    "description",
    "examples",
    "default",
    "$comment",
    "readOnly",
    "writeOnly",
    "deprecated",
];
/// Keywords identifying a schema, set by publish: never compared.
const IDENTITY: &[&str] = &["$id", "self"];
/// Keywords the other steps analyse.
const ANALYSED: &[&str] = &[
    "type",
    "enum",
    "const",
    "pattern",
    "format",
    "multipleOf",
    "uniqueItems",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "items",
    "properties",
    "required",
    "additionalProperties",
];

/// Compares the keywords of `o` and `n` that no other step analyses, in
/// name order.
pub(super) fn others(w: &mut Walk, at: &Node, o: &Map<String, Value>, n: &Map<String, Value>) {
    let keys: BTreeSet<&str> = o.keys().chain(n.keys()).map(String::as_str).collect();
    for key in keys {
        if ANALYSED.contains(&key) || IDENTITY.contains(&key) {
            continue;
        }
        let (a, b) = (o.get(key), n.get(key));
        if same(a, b) {
            continue;
        }
        if key == "deprecated" && at.is_root() {
            let rule = if b == Some(&Value::Bool(true)) {
                &rules::event_deprecated::RULE
            } else {
                &rules::metadata_changed::RULE
            };
            w.push(at.at(key), rule, a, b);
        } else if METADATA.contains(&key) || key.starts_with("x-") {
            w.push(at.at(key), &rules::metadata_changed::RULE, a, b);
        } else if key == "$defs" || key == "definitions" {
            definitions(w, at, key, a, b);
        } else {
            // Combinators, `$ref`, `$schema`, `minProperties`, unknown
            // keywords: reported once, at the keyword.
            w.push(at.at(key), &rules::unanalysed_change::RULE, a, b);
        }
    }
}

/// `$defs` (or draft-07's `definitions`): each entry that changed is
/// unanalysed, at its own path.
fn definitions(w: &mut Walk, at: &Node, key: &str, a: Option<&Value>, b: Option<&Value>) {
    let (a, b) = (a.and_then(Value::as_object), b.and_then(Value::as_object));
    let names: BTreeSet<&String> = a.into_iter().chain(b).flat_map(|m| m.keys()).collect();
    for name in names {
        let (x, y) = (a.and_then(|m| m.get(name)), b.and_then(|m| m.get(name)));
        if !same(x, y) {
            w.push(
                join(&at.at(key), &escape(name)),
                &rules::unanalysed_change::RULE,
                x,
                y,
            );
        }
    }
}
