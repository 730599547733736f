//! Walking subschemas, and the small helpers the translations share.

use serde_json::{Map, Value};

use crate::keyword::{self, Holds};

/// Calls `f` on every subschema directly inside `object`, with its path
/// and the keyword holding it.
pub(super) fn each_subschema(
    object: &mut Map<String, Value>,
    path: &str,
    f: &mut dyn FnMut(&mut Value, &str, &str),
) {
    for (keyword, value) in object.iter_mut() {
        let Some(kind) = keyword::holds_in(keyword, value) else {
            continue;
        };
        let at = join(path, keyword);
        match (kind, value) {
            (Holds::One, v) => f(v, &at, keyword),
            (Holds::List, Value::Array(items)) => {
                for (i, v) in items.iter_mut().enumerate() {
                    f(v, &join(&at, &i.to_string()), keyword);
                }
            }
            (Holds::Named, Value::Object(named)) => {
                for (name, v) in named.iter_mut() {
                    if v.is_object() || v.is_boolean() {
                        f(v, &join(&at, name), keyword);
                    }
                }
            }
            _ => {}
        }
    }
}

pub(super) fn join(path: &str, tail: &str) -> String {
    if path.is_empty() {
        tail.to_string()
    } else {
        format!("{path}/{tail}")
    }
}

pub(super) fn at(path: &str) -> String {
    if path.is_empty() {
        "the root".into()
    } else {
        format!("`{path}`")
    }
}

/// Rebuilds `object` in order, letting `f` replace each entry by any
/// number of entries (renames keep their place).
pub(super) fn rebuild(
    object: &mut Map<String, Value>,
    mut f: impl FnMut(String, Value, &mut Map<String, Value>),
) {
    let old = std::mem::take(object);
    for (k, v) in old {
        f(k, v, object);
    }
}

pub(super) fn quoted(keywords: &[String]) -> String {
    keywords
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn valid_anchor(a: &str) -> bool {
    let mut chars = a.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}
