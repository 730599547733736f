//! The classification engine: two JSON Schemas (draft 2020-12) in, every
//! semantic change out, each with its path, the rule that decides it and
//! its class under the profile.
//!
//! The walk pairs keywords of the old and new schema node by node (an absent
//! subschema compares as `{}`). Keywords combine by conjunction, so each is
//! judged on its own, by its own step (`types`, `values`, `assertions`,
//! `bounds`, `object`, `others`); what the engine cannot prove
//! (combinators, `$ref`, unknown keywords) is `unanalysed-change`: never
//! safer than proven.

mod assertions;
mod bounds;
mod change;
mod decimal;
mod kinds;
mod object;
mod others;
mod types;
mod values;
mod walk;

use serde_json::{Map, Value};

pub use change::{ClassifyError, MAX_DEPTH, Options, SchemaChange};

use crate::class::Class;
use crate::rules;
use walk::{Node, Walk, as_map, same};

/// Every change from `old` to `new`, in walk order. Equal canonical forms
/// give no change.
pub fn classify(
    old: &Value,
    new: &Value,
    options: &Options,
) -> Result<Vec<SchemaChange>, ClassifyError> {
    for (side, v) in [("old", old), ("new", new)] {
        if !v.is_object() && !v.is_boolean() {
            return Err(ClassifyError::NotASchema { side });
        }
    }
    let mut walk = Walk {
        options: *options,
        changes: Vec::new(),
    };
    node(&mut walk, &Node::root(), Some(old), Some(new))?;
    Ok(walk.changes)
}

/// The class of a list of changes: the most severe, `none` when empty.
pub fn class_of(changes: &[SchemaChange]) -> Class {
    changes.iter().map(|c| c.class).max().unwrap_or(Class::None)
}

/// Compares one schema node. `None` is an absent subschema: `{}`.
fn node(
    w: &mut Walk,
    at: &Node,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Result<(), ClassifyError> {
    if at.depth > MAX_DEPTH {
        return Err(ClassifyError::TooDeep {
            path: at.path.clone(),
        });
    }
    if same(old, new) {
        return Ok(());
    }
    let empty = Map::new();
    let (Some(o), Some(n)) = (as_map(old), as_map(new)) else {
        // `false` or a non-schema value on one side: not analysed.
        w.push(at.path.clone(), &rules::unanalysed_change::RULE, old, new);
        return Ok(());
    };
    keywords(w, at, o.unwrap_or(&empty), n.unwrap_or(&empty))
}

/// Each keyword's step, in a fixed order: the order changes are reported.
fn keywords(
    w: &mut Walk,
    at: &Node,
    o: &Map<String, Value>,
    n: &Map<String, Value>,
) -> Result<(), ClassifyError> {
    types::types(w, at, o, n);
    values::enums(w, at, o.get("enum"), n.get("enum"));
    values::consts(w, at, o.get("const"), n.get("const"));
    assertions::pattern(w, at, o, n);
    assertions::format(w, at, o, n);
    assertions::multiple_of(w, at, o.get("multipleOf"), n.get("multipleOf"));
    assertions::unique_items(w, at, o.get("uniqueItems"), n.get("uniqueItems"));
    bounds::numeric(w, at, o, n, true);
    bounds::numeric(w, at, o, n, false);
    for (key, lower) in tplan_schema::keyword::count_bounds() {
        bounds::count(w, at, key, lower, (o, n));
    }
    items(w, at, o, n)?;
    let members = object::members(w, at, o, n);
    for name in &members.kept {
        let (child, a, b) = members.enter(w, at, name);
        node(w, &child, a, b)?;
    }
    others::others(w, at, o, n);
    Ok(())
}

/// `items`: one schema for every item, compared as a subschema.
fn items(
    w: &mut Walk,
    at: &Node,
    o: &Map<String, Value>,
    n: &Map<String, Value>,
) -> Result<(), ClassifyError> {
    let (a, b) = (o.get("items"), n.get("items"));
    if a.is_none() && b.is_none() {
        return Ok(());
    }
    let child = at.child("items", (false, false));
    match (a, b) {
        // Draft-04 tuple `items` is not analysed.
        (Some(Value::Array(_)), _) | (_, Some(Value::Array(_))) => {
            if !same(a, b) {
                w.push(child.path, &rules::unanalysed_change::RULE, a, b);
            }
            Ok(())
        }
        _ => node(w, &child, a, b),
    }
}
