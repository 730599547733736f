//! Older drafts brought up to 2020-12 with their meaning.

use serde_json::{Map, Value, json};

use super::Dialect;
use super::walk::{at, each_subschema, quoted, rebuild, valid_anchor};
use crate::keyword;

/// `schema` (written in `from`) as JSON Schema 2020-12 with the same
/// meaning, and notes on what was dropped because `from` ignores it.
pub fn upgrade(schema: &Value, from: Dialect) -> (Value, Vec<String>) {
    let mut out = schema.clone();
    let mut notes = Vec::new();
    if from != Dialect::Draft202012 {
        upgrade_in_place(&mut out, from, "", &mut notes);
    }
    (out, notes)
}

fn upgrade_in_place(schema: &mut Value, from: Dialect, path: &str, notes: &mut Vec<String>) {
    let Value::Object(object) = schema else {
        return;
    };
    each_subschema(object, path, &mut |v, p, _| {
        upgrade_in_place(v, from, p, notes)
    });
    drop_newer(object, from, path, notes);
    if from == Dialect::Draft4 {
        exclusive_flags_up(object);
        id_up(object);
    }
    if from <= Dialect::Draft7 {
        ref_siblings_up(object, from, path, notes);
        dependencies_up(object);
    }
    if from <= Dialect::Draft201909 {
        tuple_items_up(object);
    }
}

/// Keywords of later drafts mean nothing in `from` (its validators skip
/// them) and would start constraining in 2020-12: dropped, with a note.
fn drop_newer(object: &mut Map<String, Value>, from: Dialect, path: &str, notes: &mut Vec<String>) {
    let newer: Vec<String> = object
        .keys()
        .filter(|k| keyword::introduced(k).is_some_and(|d| d > from))
        .cloned()
        .collect();
    for k in &newer {
        object.shift_remove(k);
    }
    if !newer.is_empty() {
        notes.push(format!(
            "{} at {}: not a keyword in {}, whose validators ignore it; dropped",
            quoted(&newer),
            at(path),
            from.name()
        ));
    }
}

/// Exclusive bounds were flags on `minimum`/`maximum` in draft-04.
fn exclusive_flags_up(object: &mut Map<String, Value>) {
    // Exclusive bounds were flags on `minimum`/`maximum`.
    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        let Some(Value::Bool(exclusive)) = object.get(flag).cloned() else {
            continue;
        };
        match object.get(bound).cloned() {
            Some(n @ Value::Number(_)) if exclusive => rebuild(object, |k, v, out| {
                if k == bound {
                    out.insert(flag.into(), n.clone());
                } else if k != flag {
                    out.insert(k, v);
                }
            }),
            // `false`, or a flag without its bound: no constraint.
            _ => {
                object.shift_remove(flag);
            }
        }
    }
}

/// draft-04's `id`: an anchor when it is a fragment, else `$id`.
fn id_up(object: &mut Map<String, Value>) {
    if let Some(Value::String(id)) = object.get("id").cloned()
        && !object.contains_key("$id")
        && !object.contains_key("$anchor")
    {
        let anchor = id.strip_prefix('#').filter(|a| valid_anchor(a));
        rebuild(object, |k, v, out| match (k.as_str(), anchor) {
            ("id", Some(a)) => {
                out.insert("$anchor".into(), json!(a));
            }
            ("id", None) if id.is_empty() || id == "#" => {}
            ("id", None) => {
                out.insert("$id".into(), v);
            }
            _ => {
                out.insert(k, v);
            }
        });
    }
}

/// Beside `$ref`, draft-07 and older ignore every other keyword: dropped,
/// with a note.
fn ref_siblings_up(
    object: &mut Map<String, Value>,
    from: Dialect,
    path: &str,
    notes: &mut Vec<String>,
) {
    // Beside `$ref`, draft-07 and older ignore every other keyword.
    if object.contains_key("$ref") {
        let ignored: Vec<String> = object
            .keys()
            .filter(|k| *k != "$ref" && !keyword::is_harmless(k))
            .cloned()
            .collect();
        for k in &ignored {
            object.shift_remove(k);
        }
        if !ignored.is_empty() {
            notes.push(format!(
                "{} beside `$ref` at {}: ignored by {}, dropped",
                quoted(&ignored),
                at(path),
                from.name()
            ));
        }
    }
}

/// `dependencies` split into names and schemas in 2019-09.
fn dependencies_up(object: &mut Map<String, Value>) {
    // `dependencies` split into names and schemas in 2019-09.
    if let Some(Value::Object(deps)) = object.get("dependencies").cloned() {
        let mut names = Map::new();
        let mut schemas = Map::new();
        for (k, v) in deps {
            if v.is_array() {
                names.insert(k, v);
            } else {
                schemas.insert(k, v);
            }
        }
        rebuild(object, |k, v, out| {
            if k != "dependencies" {
                out.insert(k, v);
                return;
            }
            if !names.is_empty() {
                out.insert("dependentRequired".into(), Value::Object(names.clone()));
            }
            if !schemas.is_empty() {
                out.insert("dependentSchemas".into(), Value::Object(schemas.clone()));
            }
        });
    }
}

/// A list of `items` became `prefixItems`, `additionalItems` became
/// `items`; beside a single `items`, `additionalItems` did nothing.
fn tuple_items_up(object: &mut Map<String, Value>) {
    // A list of `items` became `prefixItems`, `additionalItems` became
    // `items`; beside a single `items`, `additionalItems` did nothing.
    let tuple = object.get("items").is_some_and(Value::is_array);
    rebuild(object, |k, v, out| match k.as_str() {
        "items" if tuple => {
            out.insert("prefixItems".into(), v);
        }
        "additionalItems" if tuple => {
            out.insert("items".into(), v);
        }
        "additionalItems" => {}
        _ => {
            out.insert(k, v);
        }
    });
}
