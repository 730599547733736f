//! `pattern`, `format`, `multipleOf` and `uniqueItems`: assertions that are
//! added (tighten), removed (relax) or replaced.

use serde_json::{Map, Value};

use super::decimal;
use super::walk::{Node, Walk, same};
use crate::rules::{self, Rule};

/// Compares `pattern`: regex inclusion is not decided, so any new pattern
/// is a revision.
pub(super) fn pattern(w: &mut Walk, at: &Node, o: &Map<String, Value>, n: &Map<String, Value>) {
    added_removed_changed(
        w,
        at,
        "pattern",
        (o, n),
        &rules::pattern_added::RULE,
        &rules::pattern_changed::RULE,
    );
}

/// A keyword added (tightens), removed (`constraint-removed`) or changed.
fn added_removed_changed(
    w: &mut Walk,
    at: &Node,
    key: &str,
    (o, n): (&Map<String, Value>, &Map<String, Value>),
    added: &'static Rule,
    changed: &'static Rule,
) {
    let (a, b) = (o.get(key), n.get(key));
    if same(a, b) {
        return;
    }
    let rule = match (a, b) {
        (None, Some(_)) => added,
        (Some(_), None) => &rules::constraint_removed::RULE,
        _ => changed,
    };
    w.push(at.at(key), rule, a, b);
}

/// Compares `format`, which Iglu validators assert.
pub(super) fn format(w: &mut Walk, at: &Node, o: &Map<String, Value>, n: &Map<String, Value>) {
    let (a, b) = (o.get("format"), n.get("format"));
    // A typed column (DATE, TIMESTAMP, UUID) becomes VARCHAR.
    if w.warehouse()
        && b.is_none()
        && a.and_then(Value::as_str)
            .is_some_and(|f| matches!(f, "date-time" | "date" | "uuid"))
    {
        w.push(at.at("format"), &rules::column_type_changed::RULE, a, b);
        return;
    }
    added_removed_changed(
        w,
        at,
        "format",
        (o, n),
        &rules::format_added::RULE,
        &rules::format_changed::RULE,
    );
}

/// Compares `multipleOf` in exact decimal arithmetic.
pub(super) fn multiple_of(w: &mut Walk, at: &Node, a: Option<&Value>, b: Option<&Value>) {
    if same(a, b) {
        return;
    }
    let num = |v: Option<&Value>| v.and_then(Value::as_number).cloned();
    let rule = match (num(a), num(b)) {
        (None, Some(_)) => &rules::multiple_of_added::RULE,
        // DECIMAL(_, 2) becomes DOUBLE.
        (Some(old), None) if w.warehouse() && old.as_f64() == Some(0.01) => {
            &rules::column_type_changed::RULE
        }
        (Some(_), None) => &rules::constraint_removed::RULE,
        (Some(old), Some(new)) => match decimal::divides(&new, &old) {
            Some(true) => &rules::multiple_of_relaxed::RULE,
            _ => &rules::multiple_of_changed::RULE,
        },
        (None, None) => &rules::unanalysed_change::RULE,
    };
    w.push(at.at("multipleOf"), rule, a, b);
}

/// Compares `uniqueItems` (`false` and absent are the same).
pub(super) fn unique_items(w: &mut Walk, at: &Node, a: Option<&Value>, b: Option<&Value>) {
    let on = |v: Option<&Value>| v == Some(&Value::Bool(true));
    let rule = match (on(a), on(b)) {
        (false, true) => &rules::unique_items_added::RULE,
        (true, false) => &rules::constraint_removed::RULE,
        _ if !same(a, b) => &rules::equivalent_rewrite::RULE,
        _ => return,
    };
    w.push(at.at("uniqueItems"), rule, a, b);
}
