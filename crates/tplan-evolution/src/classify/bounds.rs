//! Bounds: `minimum`/`exclusiveMinimum` and `maximum`/`exclusiveMaximum`
//! as one lower and one upper numeric bound, and the counts `minLength`,
//! `maxLength`, `minItems`, `maxItems`.

use serde_json::{Map, Number, Value};

use super::kinds::Kinds;
use super::walk::{Node, Walk, same};
use crate::rules::{self, Rule};

/// One side of a numeric range.
#[derive(Debug, Clone, Copy)]
struct Bound {
    value: f64,
    exclusive: bool,
    key: &'static str,
}

impl Bound {
    /// Whether this bound admits fewer values than `other`.
    fn tighter_than(&self, other: &Bound, lower: bool) -> bool {
        if self.value == other.value {
            return self.exclusive && !other.exclusive;
        }
        if lower {
            self.value > other.value
        } else {
            self.value < other.value
        }
    }

    /// The bound of `m` on one side: the tighter of the inclusive and the
    /// exclusive keyword.
    fn of(m: &Map<String, Value>, lower: bool) -> Option<Bound> {
        let (inclusive, exclusive) = keys(lower);
        let at = |key: &'static str, exclusive: bool| {
            m.get(key)
                .and_then(Value::as_number)
                .and_then(Number::as_f64)
                .map(|value| Bound {
                    value,
                    exclusive,
                    key,
                })
        };
        match (at(inclusive, false), at(exclusive, true)) {
            (Some(i), Some(e)) => Some(if i.tighter_than(&e, lower) { i } else { e }),
            (i, e) => i.or(e),
        }
    }
}

/// The inclusive and exclusive keyword of one side.
fn keys(lower: bool) -> (&'static str, &'static str) {
    if lower {
        ("minimum", "exclusiveMinimum")
    } else {
        ("maximum", "exclusiveMaximum")
    }
}

/// Compares the lower (or upper) numeric bound. The change sits at the
/// keyword setting the new bound (the old one if it goes).
pub(super) fn numeric(
    w: &mut Walk,
    at: &Node,
    o: &Map<String, Value>,
    n: &Map<String, Value>,
    lower: bool,
) {
    let (inclusive, exclusive) = keys(lower);
    if same(o.get(inclusive), n.get(inclusive)) && same(o.get(exclusive), n.get(exclusive)) {
        return;
    }
    let (ob, nb) = (Bound::of(o, lower), Bound::of(n, lower));
    let (rule, key) = match (&ob, &nb) {
        (None, None) => return,
        (None, Some(nb)) => (&rules::bound_tightened::RULE, nb.key),
        (Some(ob), None) => (relaxed(w, o, lower, ob.value, None), ob.key),
        (Some(ob), Some(nb)) if ob.value == nb.value && ob.exclusive == nb.exclusive => {
            // Same bound, other spelling (a redundant sibling changed).
            let key = if same(o.get(inclusive), n.get(inclusive)) {
                exclusive
            } else {
                inclusive
            };
            (&rules::equivalent_rewrite::RULE, key)
        }
        (Some(ob), Some(nb)) if nb.tighter_than(ob, lower) => {
            (&rules::bound_tightened::RULE, nb.key)
        }
        (Some(ob), Some(nb)) => (relaxed(w, o, lower, ob.value, Some(nb.value)), nb.key),
    };
    w.push(at.at(key), rule, o.get(key), n.get(key));
}

/// `bound-relaxed`, or under `warehouse-strict` `column-type-changed`
/// when an integer column's maximum crosses SMALLINT or INTEGER range.
fn relaxed(
    w: &Walk,
    o: &Map<String, Value>,
    lower: bool,
    old: f64,
    new: Option<f64>,
) -> &'static Rule {
    const LIMITS: [f64; 2] = [32_767.0, 2_147_483_647.0];
    let integer = Kinds::of(o.get("type")).is_some_and(Kinds::is_integer);
    if w.warehouse() && !lower && integer {
        let new = new.unwrap_or(f64::INFINITY);
        if LIMITS.iter().any(|l| old <= *l && new > *l) {
            return &rules::column_type_changed::RULE;
        }
    }
    &rules::bound_relaxed::RULE
}

/// Compares a count: `minLength`, `maxLength`, `minItems`, `maxItems`.
pub(super) fn count(
    w: &mut Walk,
    at: &Node,
    key: &str,
    lower: bool,
    (o, n): (&Map<String, Value>, &Map<String, Value>),
) {
    let (a, b) = (o.get(key), n.get(key));
    if same(a, b) {
        return;
    }
    let num = |v: Option<&Value>| v.and_then(Value::as_f64);
    let (old, new) = (num(a), num(b));
    let tightened = match (old, new) {
        (None, Some(_)) => true,
        (Some(_), None) => false,
        (Some(x), Some(y)) => {
            if lower {
                y > x
            } else {
                y < x
            }
        }
        (None, None) => return,
    };
    let rule = if tightened {
        &rules::bound_tightened::RULE
    } else if w.warehouse() && key == "maxLength" {
        // The column is as wide as the old maxLength, or string_width.
        let width = w.options.string_width.map(|w| w as f64).or(old);
        match width {
            Some(w) if new.is_none_or(|y| y > w) => &rules::column_width_exceeded::RULE,
            _ => &rules::bound_relaxed::RULE,
        }
    } else {
        &rules::bound_relaxed::RULE
    };
    w.push(at.at(key), rule, a, b);
}
