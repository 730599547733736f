//! `enum` and `const`: the values a property may take.

use std::collections::BTreeSet;

use serde_json::Value;
use tplan_plan::canonical;

use super::walk::{Node, Walk, same};
use crate::rules;

/// Compares `enum` as a set of canonical values.
pub(super) fn enums(w: &mut Walk, at: &Node, a: Option<&Value>, b: Option<&Value>) {
    if same(a, b) {
        return;
    }
    let path = at.at("enum");
    let values = |v: &Value| -> Option<Vec<String>> {
        Some(v.as_array()?.iter().map(canonical::to_string).collect())
    };
    let rule = match (a, b) {
        (None, Some(_)) => &rules::enum_added::RULE,
        (Some(_), None) => &rules::constraint_removed::RULE,
        (Some(x), Some(y)) => match (values(x), values(y)) {
            (Some(old), Some(new)) => {
                let (os, ns): (BTreeSet<&String>, BTreeSet<&String>) =
                    (old.iter().collect(), new.iter().collect());
                let removed = os.difference(&ns).count();
                let added = ns.difference(&os).count();
                let kept = os.intersection(&ns).count();
                match (removed, added) {
                    (0, 0) => &rules::equivalent_rewrite::RULE,
                    (0, _) => &rules::enum_value_added::RULE,
                    _ if kept > 0 => &rules::enum_value_removed::RULE,
                    _ => &rules::enum_replaced::RULE,
                }
            }
            _ => &rules::unanalysed_change::RULE,
        },
        (None, None) => return,
    };
    w.push(path, rule, a, b);
}

/// Compares `const`.
pub(super) fn consts(w: &mut Walk, at: &Node, a: Option<&Value>, b: Option<&Value>) {
    if same(a, b) {
        return;
    }
    let rule = match (a, b) {
        (None, Some(_)) => &rules::const_added::RULE,
        (Some(_), None) => &rules::constraint_removed::RULE,
        _ => &rules::const_changed::RULE,
    };
    w.push(at.at("const"), rule, a, b);
}
