//! Objects: `additionalProperties`, and `properties` with `required` as
//! one set of members, each added, removed, renamed, made required or
//! optional, or kept (and then compared as a subschema).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::kinds::Kinds;
use super::walk::{Node, Walk, escape, join, same};
use crate::rules;

/// Whether undeclared keys are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Openness {
    /// `additionalProperties` absent or `true`.
    Open,
    /// `additionalProperties: false`.
    Closed,
    /// A schema for undeclared keys: not analysed.
    Schema,
}

impl Openness {
    fn of(m: &Map<String, Value>) -> Openness {
        match m.get("additionalProperties") {
            None | Some(Value::Bool(true)) => Openness::Open,
            Some(Value::Bool(false)) => Openness::Closed,
            Some(_) => Openness::Schema,
        }
    }
}

/// The schema undeclared keys get in a closed object.
static NOTHING: Value = Value::Bool(false);

/// One side of an object: its declared properties and required names.
struct Side<'a> {
    properties: Option<&'a Map<String, Value>>,
    required: BTreeSet<&'a str>,
    openness: Openness,
}

impl<'a> Side<'a> {
    fn of(m: &'a Map<String, Value>) -> Side<'a> {
        let required = m
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        Side {
            properties: m.get("properties").and_then(Value::as_object),
            required,
            openness: Openness::of(m),
        }
    }

    fn property(&self, name: &str) -> Option<&'a Value> {
        self.properties.and_then(|p| p.get(name))
    }

    /// Every member: declared or required.
    fn names(&self) -> BTreeSet<&'a str> {
        let declared = self.properties.into_iter().flat_map(|p| p.keys());
        declared
            .map(String::as_str)
            .chain(self.required.iter().copied())
            .collect()
    }

    /// The schema of a member: declared, or what the object gives
    /// undeclared keys (anything when open, nothing when closed).
    fn effective(&self, name: &str) -> Option<&'a Value> {
        match self.property(name) {
            Some(v) => Some(v),
            None if self.openness == Openness::Closed => Some(&NOTHING),
            None => None,
        }
    }
}

/// An object's members on both sides, once additions, removals and renames
/// are recorded: what is left are the members kept, to enter one by one.
pub(super) struct Members<'a> {
    old: Side<'a>,
    new: Side<'a>,
    /// Members on both sides, in name order.
    pub kept: Vec<&'a str>,
}

/// Records the changes to `additionalProperties` and to the set of
/// members; returns the members kept.
pub(super) fn members<'a>(
    w: &mut Walk,
    at: &Node,
    o: &'a Map<String, Value>,
    n: &'a Map<String, Value>,
) -> Members<'a> {
    let (old, new) = (Side::of(o), Side::of(n));
    additional_properties(w, at, (o, n), (old.openness, new.openness));
    let (old_names, new_names) = (old.names(), new.names());
    // Keys also governed by patternProperties or a schema-valued
    // additionalProperties: adding or removing one is not analysed.
    let governed = |m: &Map<String, Value>, s: &Side| {
        m.contains_key("patternProperties")
            || m.contains_key("unevaluatedProperties")
            || s.openness == Openness::Schema
    };
    let governed = governed(o, &old) || governed(n, &new);
    let mut added: Vec<&str> = new_names.difference(&old_names).copied().collect();
    let mut removed: Vec<&str> = old_names.difference(&new_names).copied().collect();
    if !governed {
        renames(w, at, (&old, &new), &mut added, &mut removed);
    }
    let props_path = at.at("properties");
    for name in added {
        let rule = if governed {
            &rules::unanalysed_change::RULE
        } else if new.required.contains(name) {
            &rules::required_property_added::RULE
        } else if old.openness == Openness::Closed {
            &rules::optional_property_added_closed::RULE
        } else {
            &rules::optional_property_added_open::RULE
        };
        let path = join(&props_path, &escape(name));
        w.push(path, rule, None, new.property(name));
    }
    for name in removed {
        let rule = if governed {
            &rules::unanalysed_change::RULE
        } else if old.required.contains(name) {
            &rules::required_property_removed::RULE
        } else if new.openness == Openness::Closed {
            &rules::optional_property_removed_closed::RULE
        } else {
            &rules::optional_property_removed_open::RULE
        };
        let path = join(&props_path, &escape(name));
        w.push(path, rule, old.property(name), None);
    }
    let kept = old_names.intersection(&new_names).copied().collect();
    Members { old, new, kept }
}

fn additional_properties(
    w: &mut Walk,
    at: &Node,
    (o, n): (&Map<String, Value>, &Map<String, Value>),
    openness: (Openness, Openness),
) {
    let (a, b) = (o.get("additionalProperties"), n.get("additionalProperties"));
    if same(a, b) {
        return;
    }
    let rule = match openness {
        (Openness::Open, Openness::Closed) => &rules::additional_properties_closed::RULE,
        (Openness::Closed, Openness::Open) => &rules::additional_properties_opened::RULE,
        (Openness::Open, Openness::Open) => &rules::equivalent_rewrite::RULE,
        _ => &rules::unanalysed_change::RULE,
    };
    w.push(at.at("additionalProperties"), rule, a, b);
}

/// A removed property whose exact schema reappears under a new name is a
/// rename, reported once at the new name; both leave `added` and `removed`.
fn renames(
    w: &mut Walk,
    at: &Node,
    (old, new): (&Side, &Side),
    added: &mut Vec<&str>,
    removed: &mut Vec<&str>,
) {
    let mut found = Vec::new();
    for r in removed.clone() {
        let Some(schema) = old.property(r) else {
            continue;
        };
        if let Some(pos) = added
            .iter()
            .position(|a| same(new.property(a), Some(schema)))
        {
            found.push((r, added.remove(pos)));
            removed.retain(|x| *x != r);
        }
    }
    let props_path = at.at("properties");
    for (from, to) in found {
        let rule = if old.required.contains(from) || new.required.contains(to) {
            &rules::required_property_renamed::RULE
        } else {
            &rules::optional_property_renamed::RULE
        };
        let path = join(&props_path, &escape(to));
        let open = new.openness == Openness::Open;
        // The schema is the same on both sides: the change is the name.
        let names = (Value::from(from), Value::from(to));
        w.push_in(path, rule, Some(&names.0), Some(&names.1), open);
    }
}

impl<'a> Members<'a> {
    /// Records whether the kept member `name` became required or optional;
    /// returns its node and its schemas to compare (old, new).
    pub fn enter(
        &self,
        w: &mut Walk,
        at: &Node,
        name: &str,
    ) -> (Node, Option<&'a Value>, Option<&'a Value>) {
        let required = (
            self.old.required.contains(name),
            self.new.required.contains(name),
        );
        let child = Node {
            path: join(&at.at("properties"), &escape(name)),
            depth: at.depth + 1,
            required,
        };
        match required {
            (false, true) => w.push(
                child.path.clone(),
                &rules::property_made_required::RULE,
                None,
                None,
            ),
            (true, false) => {
                // A NOT NULL column would have to accept NULL.
                let non_null = Kinds::of(self.old.property(name).and_then(|p| p.get("type")))
                    .is_some_and(|k| !k.has_null());
                let rule = if w.warehouse() && non_null {
                    &rules::column_nullability_changed::RULE
                } else {
                    &rules::property_made_optional::RULE
                };
                w.push(child.path.clone(), rule, None, None);
            }
            _ => {}
        }
        (child, self.old.effective(name), self.new.effective(name))
    }
}
