//! Where the walk is and what it has found: the node's path and depth, the
//! changes so far, and the comparisons every keyword step shares.

use serde_json::{Map, Value};
use tplan_plan::canonical;
use tplan_plan::model::Profile;

use super::change::{Options, SchemaChange};
use crate::rules::Rule;

/// Where the walk is.
pub(super) struct Node {
    /// JSON Pointer segments from the root.
    pub path: String,
    /// Subschemas above this one.
    pub depth: usize,
    /// Whether the parent object requires this node (old, new).
    pub required: (bool, bool),
}

impl Node {
    /// The root of a schema.
    pub fn root() -> Node {
        Node {
            path: String::new(),
            depth: 0,
            required: (false, false),
        }
    }

    /// The path of `key` in this node.
    pub fn at(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// The subschema at `key`, required by this node or not (old, new).
    pub fn child(&self, key: &str, required: (bool, bool)) -> Node {
        Node {
            path: self.at(key),
            depth: self.depth + 1,
            required,
        }
    }

    /// Whether this is the schema's root (the event itself).
    pub fn is_root(&self) -> bool {
        self.depth == 0
    }
}

/// The changes found so far, under the options.
pub(super) struct Walk {
    /// How to classify.
    pub options: Options,
    /// Every change, in walk order.
    pub changes: Vec<SchemaChange>,
}

impl Walk {
    /// Records a change `rule` decides at `path`.
    pub fn push(
        &mut self,
        path: String,
        rule: &'static Rule,
        old: Option<&Value>,
        new: Option<&Value>,
    ) {
        self.push_in(path, rule, old, new, false);
    }

    /// Records a change in an object that is open (`additionalProperties`
    /// absent or `true`) or not: profiles may class the two apart.
    pub fn push_in(
        &mut self,
        path: String,
        rule: &'static Rule,
        old: Option<&Value>,
        new: Option<&Value>,
        open: bool,
    ) {
        let class = rule.class_under(self.options.profile, open);
        self.changes.push(SchemaChange {
            class,
            ..SchemaChange::new(rule, path, old.cloned(), new.cloned())
        });
    }

    /// Whether warehouse columns are judged too (`warehouse-strict`).
    pub fn warehouse(&self) -> bool {
        self.options.profile == Profile::WarehouseStrict
    }
}

/// `key` appended to a JSON Pointer path.
pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}/{key}")
    }
}

/// A property name as a JSON Pointer segment (RFC 6901).
pub(super) fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Whether two optional values are equal in canonical form.
pub(super) fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => json_eq(a, b),
        _ => false,
    }
}

/// Equality of canonical forms without building them: key order ignored,
/// numbers by value (`10` and `10.0` are equal), array order kept.
pub(super) fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x == y || canonical::normalize_number(x) == canonical::normalize_number(y)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// A subschema as keywords: `None` (absent) and `true` have none; `None`
/// for `false` and non-schema values.
pub(super) fn as_map(v: Option<&Value>) -> Option<Option<&Map<String, Value>>> {
    match v {
        None | Some(Value::Bool(true)) => Some(None),
        Some(Value::Object(m)) => Some(Some(m)),
        _ => None,
    }
}
