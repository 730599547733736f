//! `type`: a set of kinds compared by inclusion, so `integer` -> `number`
//! widens and `number` -> `integer` narrows.

use serde_json::{Map, Value};

use super::kinds::{self, Kinds};
use super::walk::{Node, Walk};
use crate::rules;

/// Compares `type`.
pub(super) fn types(w: &mut Walk, at: &Node, o: &Map<String, Value>, n: &Map<String, Value>) {
    let (a, b) = (o.get("type"), n.get("type"));
    if kinds::canonical_names(a) == kinds::canonical_names(b) {
        return;
    }
    let path = at.at("type");
    let (Some(ko), Some(kn)) = (Kinds::of(a), Kinds::of(b)) else {
        w.push(path, &rules::unanalysed_change::RULE, a, b);
        return;
    };
    let rule = if ko == kn {
        &rules::equivalent_rewrite::RULE
    } else if kn.contains(ko) {
        let added = kn.minus(ko);
        if added == Kinds::NULL {
            // NOT NULL -> NULL for a column the parent requires.
            if w.warehouse() && at.required.1 {
                &rules::column_nullability_changed::RULE
            } else {
                &rules::null_added::RULE
            }
        } else if w.warehouse() {
            &rules::column_type_changed::RULE
        } else {
            &rules::type_widened::RULE
        }
    } else if ko.contains(kn) {
        if ko.minus(kn) == Kinds::NULL {
            &rules::null_removed::RULE
        } else {
            &rules::type_narrowed::RULE
        }
    } else {
        &rules::type_changed::RULE
    };
    w.push(path, rule, a, b);
}
