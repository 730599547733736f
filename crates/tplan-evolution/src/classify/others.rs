//! Every keyword no other step analyses: annotations are metadata, the
//! root's `deprecated` deprecates the event, `$defs` entries and the rest
//! (combinators, `$ref`, unknown keywords) are `unanalysed-change`.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use tplan_schema::keyword::{Role, is_annotation, keyword};

use super::walk::{Node, Walk, escape, join, same};
use crate::rules;

/// Compares the keywords of `o` and `n` that no other step analyses, in
/// name order.
pub(super) fn others(w: &mut Walk, at: &Node, o: &Map<String, Value>, n: &Map<String, Value>) {
    let keys: BTreeSet<&str> = o.keys().chain(n.keys()).map(String::as_str).collect();
    for key in keys {
        // The keyword table says which keywords the other steps analyse and
        // which identify the schema (set by publish, never compared).
        if keyword(key).is_some_and(|k| k.analysed || k.set_by_publish) {
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
        } else if is_annotation(key) || key.starts_with("x-") {
            w.push(at.at(key), &rules::metadata_changed::RULE, a, b);
        } else if keyword(key).is_some_and(|k| k.role == Role::Definitions) {
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
