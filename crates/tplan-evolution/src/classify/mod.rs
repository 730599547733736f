//! The classification engine: two JSON Schemas (draft 2020-12) in, every
//! semantic change out, each with its path, the rule that decides it and
//! its class under the profile.
//!
//! The walk pairs keywords of the old and new schema node by node (an absent
//! subschema compares as `{}`). Keywords combine by conjunction, so each is
//! judged on its own; what the engine cannot prove (combinators, `$ref`,
//! unknown keywords) is `unanalysed-change`: never safer than proven.

mod decimal;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Number, Value};
use tplan_plan::canonical;
use tplan_plan::model::Profile;

use crate::class::Class;
use crate::edit::Edit;
use crate::rules::{self, Rule};
use types::Kinds;

/// How to classify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The profile (`[policy] profile`).
    pub profile: Profile,
    /// `[policy.warehouse] string_width`, for `warehouse-strict`.
    pub string_width: Option<u64>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            profile: Profile::Default,
            string_width: None,
        }
    }
}

/// One change between two schemas.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SchemaChange {
    /// JSON Pointer segments from the schema root, without the leading `/`
    /// (`properties/price/minimum`); a change to a property names the
    /// property (`properties/coupon`).
    pub path: String,
    /// The rule that decided the class (its id in JSON).
    pub rule: &'static Rule,
    /// The class under the profile.
    pub class: Class,
    /// The old value at the path, when there was one.
    pub old: Option<Value>,
    /// The new value at the path, when there is one.
    pub new: Option<Value>,
    /// What kind of edit it is (not in JSON: the values say it).
    #[serde(skip)]
    pub edit: Edit,
}

impl SchemaChange {
    /// A change `rule` decides, at its own class, the edit told by the values.
    pub(crate) fn new(
        rule: &'static Rule,
        path: String,
        old: Option<Value>,
        new: Option<Value>,
    ) -> SchemaChange {
        SchemaChange {
            edit: Edit::between(old.as_ref(), new.as_ref()),
            path,
            rule,
            class: rule.class,
            old,
            new,
        }
    }
}

/// A schema the engine cannot classify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClassifyError {
    /// Nesting deeper than [`MAX_DEPTH`]: refused rather than risk the stack.
    #[error("the schema nests deeper than {MAX_DEPTH} levels at `{path}`")]
    TooDeep { path: String },
    /// The root is not a schema object.
    #[error("the {side} schema is not a JSON object or boolean")]
    NotASchema { side: &'static str },
}

/// Deepest nesting of subschemas the engine walks.
pub const MAX_DEPTH: usize = 64;

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
    walk.node(
        &Node {
            path: String::new(),
            depth: 0,
            required: (false, false),
        },
        Some(old),
        Some(new),
    )?;
    Ok(walk.changes)
}

/// The class of a list of changes: the most severe, `none` when empty.
pub fn class_of(changes: &[SchemaChange]) -> Class {
    changes.iter().map(|c| c.class).max().unwrap_or(Class::None)
}

/// Where the walk is.
struct Node {
    path: String,
    depth: usize,
    /// Whether the parent object requires this node (old, new).
    required: (bool, bool),
}

impl Node {
    fn at(&self, key: &str) -> String {
        join(&self.path, key)
    }

    fn child(&self, key: &str, required: (bool, bool)) -> Node {
        Node {
            path: self.at(key),
            depth: self.depth + 1,
            required,
        }
    }

    fn is_root(&self) -> bool {
        self.depth == 0
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}/{key}")
    }
}

/// A property name as a JSON Pointer segment (RFC 6901).
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => json_eq(a, b),
        _ => false,
    }
}

/// Equality of canonical forms without building them: key order ignored,
/// numbers by value (`10` and `10.0` are equal), array order kept.
pub(crate) fn json_eq(a: &Value, b: &Value) -> bool {
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

/// Keywords that are annotations: changes are `metadata-changed`.
const METADATA: &[&str] = &[
    "title",
    "description",
    "examples",
    "default",
    "$comment",
    "readOnly",
    "writeOnly",
    "deprecated",
];
/// Keywords identifying a schema, set by publish: never compared.
const IDENTITY: &[&str] = &["$id", "self"];
/// Keywords this engine analyses, each handled by its own step.
const ANALYSED: &[&str] = &[
    "type",
    "enum",
    "const",
    "pattern",
    "format",
    "multipleOf",
    "uniqueItems",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "items",
    "properties",
    "required",
    "additionalProperties",
];

struct Walk {
    options: Options,
    changes: Vec<SchemaChange>,
}

impl Walk {
    fn push(
        &mut self,
        path: String,
        rule: &'static Rule,
        old: Option<&Value>,
        new: Option<&Value>,
    ) {
        self.push_in(path, rule, old, new, false);
    }

    fn push_in(
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

    fn warehouse(&self) -> bool {
        self.options.profile == Profile::WarehouseStrict
    }

    /// Compares one schema node. `None` is an absent subschema: `{}`.
    fn node(
        &mut self,
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
            self.push(at.path.clone(), &rules::unanalysed_change::RULE, old, new);
            return Ok(());
        };
        let (o, n) = (o.unwrap_or(&empty), n.unwrap_or(&empty));
        self.keywords(at, o, n)
    }

    fn keywords(
        &mut self,
        at: &Node,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
    ) -> Result<(), ClassifyError> {
        let keys: BTreeSet<&str> = o.keys().chain(n.keys()).map(String::as_str).collect();
        self.types(at, o, n);
        self.enums(at, o.get("enum"), n.get("enum"));
        self.consts(at, o.get("const"), n.get("const"));
        self.simple(
            at,
            "pattern",
            o,
            n,
            &rules::pattern_added::RULE,
            &rules::pattern_changed::RULE,
        );
        self.formats(at, o, n);
        self.multiple_of(at, o.get("multipleOf"), n.get("multipleOf"));
        self.unique_items(at, o.get("uniqueItems"), n.get("uniqueItems"));
        self.numeric_bounds(at, o, n, true);
        self.numeric_bounds(at, o, n, false);
        for (key, lower) in [
            ("minLength", true),
            ("maxLength", false),
            ("minItems", true),
            ("maxItems", false),
        ] {
            self.count_bound(at, key, lower, o, n);
        }
        if o.contains_key("items") || n.contains_key("items") {
            let child = at.child("items", (false, false));
            match (o.get("items"), n.get("items")) {
                // Draft-04 tuple `items` is not analysed.
                (Some(Value::Array(_)), _) | (_, Some(Value::Array(_))) => {
                    if !same(o.get("items"), n.get("items")) {
                        self.push(
                            child.path,
                            &rules::unanalysed_change::RULE,
                            o.get("items"),
                            n.get("items"),
                        );
                    }
                }
                (a, b) => self.node(&child, a, b)?,
            }
        }
        self.object(at, o, n)?;
        for key in keys {
            if ANALYSED.contains(&key) || IDENTITY.contains(&key) {
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
                self.push(at.at(key), rule, a, b);
            } else if METADATA.contains(&key) || key.starts_with("x-") {
                self.push(at.at(key), &rules::metadata_changed::RULE, a, b);
            } else if key == "$defs" || key == "definitions" {
                self.definitions(at, key, a, b);
            } else {
                // Combinators, `$ref`, `$schema`, `minProperties`, unknown
                // keywords: reported once, at the keyword.
                self.push(at.at(key), &rules::unanalysed_change::RULE, a, b);
            }
        }
        Ok(())
    }

    fn definitions(&mut self, at: &Node, key: &str, a: Option<&Value>, b: Option<&Value>) {
        let entries = |v: Option<&Value>| v.and_then(Value::as_object).cloned().unwrap_or_default();
        let (a, b) = (entries(a), entries(b));
        let names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for name in names {
            if !same(a.get(name), b.get(name)) {
                self.push(
                    join(&at.at(key), &escape(name)),
                    &rules::unanalysed_change::RULE,
                    a.get(name),
                    b.get(name),
                );
            }
        }
    }

    fn types(&mut self, at: &Node, o: &Map<String, Value>, n: &Map<String, Value>) {
        let (a, b) = (o.get("type"), n.get("type"));
        if types::canonical_names(a) == types::canonical_names(b) {
            return;
        }
        let path = at.at("type");
        let (Some(ko), Some(kn)) = (Kinds::of(a), Kinds::of(b)) else {
            self.push(path, &rules::unanalysed_change::RULE, a, b);
            return;
        };
        let rule = if ko == kn {
            &rules::equivalent_rewrite::RULE
        } else if kn.contains(ko) {
            let added = kn.minus(ko);
            if added == Kinds::NULL {
                // NOT NULL -> NULL for a column the parent requires.
                if self.warehouse() && at.required.1 {
                    &rules::column_nullability_changed::RULE
                } else {
                    &rules::null_added::RULE
                }
            } else if self.warehouse() {
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
        self.push(path, rule, a, b);
    }

    fn enums(&mut self, at: &Node, a: Option<&Value>, b: Option<&Value>) {
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
        self.push(path, rule, a, b);
    }

    fn consts(&mut self, at: &Node, a: Option<&Value>, b: Option<&Value>) {
        if same(a, b) {
            return;
        }
        let rule = match (a, b) {
            (None, Some(_)) => &rules::const_added::RULE,
            (Some(_), None) => &rules::constraint_removed::RULE,
            _ => &rules::const_changed::RULE,
        };
        self.push(at.at("const"), rule, a, b);
    }

    /// A keyword added (tightens), removed (`constraint-removed`) or changed.
    fn simple(
        &mut self,
        at: &Node,
        key: &str,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
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
        self.push(at.at(key), rule, a, b);
    }

    fn formats(&mut self, at: &Node, o: &Map<String, Value>, n: &Map<String, Value>) {
        let (a, b) = (o.get("format"), n.get("format"));
        // A typed column (DATE, TIMESTAMP, UUID) becomes VARCHAR.
        if self.warehouse()
            && b.is_none()
            && a.and_then(Value::as_str)
                .is_some_and(|f| matches!(f, "date-time" | "date" | "uuid"))
        {
            self.push(at.at("format"), &rules::column_type_changed::RULE, a, b);
            return;
        }
        self.simple(
            at,
            "format",
            o,
            n,
            &rules::format_added::RULE,
            &rules::format_changed::RULE,
        );
    }

    fn multiple_of(&mut self, at: &Node, a: Option<&Value>, b: Option<&Value>) {
        if same(a, b) {
            return;
        }
        let num = |v: Option<&Value>| v.and_then(Value::as_number).cloned();
        let rule = match (num(a), num(b)) {
            (None, Some(_)) => &rules::multiple_of_added::RULE,
            // DECIMAL(_, 2) becomes DOUBLE.
            (Some(old), None) if self.warehouse() && old.as_f64() == Some(0.01) => {
                &rules::column_type_changed::RULE
            }
            (Some(_), None) => &rules::constraint_removed::RULE,
            (Some(old), Some(new)) => match decimal::divides(&new, &old) {
                Some(true) => &rules::multiple_of_relaxed::RULE,
                _ => &rules::multiple_of_changed::RULE,
            },
            (None, None) => &rules::unanalysed_change::RULE,
        };
        self.push(at.at("multipleOf"), rule, a, b);
    }

    fn unique_items(&mut self, at: &Node, a: Option<&Value>, b: Option<&Value>) {
        let on = |v: Option<&Value>| v == Some(&Value::Bool(true));
        let rule = match (on(a), on(b)) {
            (false, true) => &rules::unique_items_added::RULE,
            (true, false) => &rules::constraint_removed::RULE,
            _ if !same(a, b) => &rules::equivalent_rewrite::RULE,
            _ => return,
        };
        self.push(at.at("uniqueItems"), rule, a, b);
    }

    /// The lower (or upper) numeric bound, `minimum` and `exclusiveMinimum`
    /// taken as one: the tighter of the two decides.
    fn numeric_bounds(
        &mut self,
        at: &Node,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
        lower: bool,
    ) {
        let (inclusive, exclusive) = if lower {
            ("minimum", "exclusiveMinimum")
        } else {
            ("maximum", "exclusiveMaximum")
        };
        if same(o.get(inclusive), n.get(inclusive)) && same(o.get(exclusive), n.get(exclusive)) {
            return;
        }
        let bound = |m: &Map<String, Value>| -> Option<Bound> {
            let inc = m
                .get(inclusive)
                .and_then(Value::as_number)
                .and_then(Number::as_f64)
                .map(|v| Bound {
                    value: v,
                    exclusive: false,
                    key: inclusive,
                });
            let exc = m
                .get(exclusive)
                .and_then(Value::as_number)
                .and_then(Number::as_f64)
                .map(|v| Bound {
                    value: v,
                    exclusive: true,
                    key: exclusive,
                });
            match (inc, exc) {
                (Some(i), Some(e)) => Some(if i.tighter_than(&e, lower) { i } else { e }),
                (i, e) => i.or(e),
            }
        };
        let (ob, nb) = (bound(o), bound(n));
        let (rule, key) = match (&ob, &nb) {
            (None, None) => return,
            (None, Some(nb)) => (&rules::bound_tightened::RULE, nb.key),
            (Some(ob), None) => (
                self.relaxed_upper(at, o, lower, Some(ob.value), None),
                ob.key,
            ),
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
            (Some(ob), Some(nb)) => (
                self.relaxed_upper(at, o, lower, Some(ob.value), Some(nb.value)),
                nb.key,
            ),
        };
        let (a, b) = (o.get(key), n.get(key));
        self.push(at.at(key), rule, a, b);
    }

    /// `bound-relaxed`, or under `warehouse-strict` `column-type-changed`
    /// when an integer column's maximum crosses SMALLINT or INTEGER range.
    fn relaxed_upper(
        &self,
        _at: &Node,
        o: &Map<String, Value>,
        lower: bool,
        old: Option<f64>,
        new: Option<f64>,
    ) -> &'static Rule {
        const LIMITS: [f64; 2] = [32_767.0, 2_147_483_647.0];
        let integer = Kinds::of(o.get("type")).is_some_and(Kinds::is_integer);
        if self.warehouse()
            && !lower
            && integer
            && let Some(old) = old
        {
            let new = new.unwrap_or(f64::INFINITY);
            if LIMITS.iter().any(|l| old <= *l && new > *l) {
                return &rules::column_type_changed::RULE;
            }
        }
        &rules::bound_relaxed::RULE
    }

    /// `minLength`, `maxLength`, `minItems`, `maxItems`.
    fn count_bound(
        &mut self,
        at: &Node,
        key: &str,
        lower: bool,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
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
        } else if self.warehouse() && key == "maxLength" {
            // The column is as wide as the old maxLength, or string_width.
            let width = self.options.string_width.map(|w| w as f64).or(old);
            match width {
                Some(w) if new.is_none_or(|y| y > w) => &rules::column_width_exceeded::RULE,
                _ => &rules::bound_relaxed::RULE,
            }
        } else {
            &rules::bound_relaxed::RULE
        };
        self.push(at.at(key), rule, a, b);
    }

    /// `properties`, `required` and `additionalProperties`.
    fn object(
        &mut self,
        at: &Node,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
    ) -> Result<(), ClassifyError> {
        let openness = |m: &Map<String, Value>| match m.get("additionalProperties") {
            None | Some(Value::Bool(true)) => Openness::Open,
            Some(Value::Bool(false)) => Openness::Closed,
            Some(_) => Openness::Schema,
        };
        let (oo, no) = (openness(o), openness(n));
        let (ap_old, ap_new) = (o.get("additionalProperties"), n.get("additionalProperties"));
        if !same(ap_old, ap_new) {
            let rule = match (oo, no) {
                (Openness::Open, Openness::Closed) => &rules::additional_properties_closed::RULE,
                (Openness::Closed, Openness::Open) => &rules::additional_properties_opened::RULE,
                (Openness::Open, Openness::Open) => &rules::equivalent_rewrite::RULE,
                _ => &rules::unanalysed_change::RULE,
            };
            self.push(at.at("additionalProperties"), rule, ap_old, ap_new);
        }
        let props = |m: &Map<String, Value>| {
            m.get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let required = |m: &Map<String, Value>| -> BTreeSet<String> {
            m.get("required")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (po, pn) = (props(o), props(n));
        let (ro, rn) = (required(o), required(n));
        let names = |p: &Map<String, Value>, r: &BTreeSet<String>| -> BTreeSet<String> {
            p.keys().cloned().chain(r.iter().cloned()).collect()
        };
        let (no_names, nn_names) = (names(&po, &ro), names(&pn, &rn));
        // Keys also governed by patternProperties or a schema-valued
        // additionalProperties: adding or removing one is not analysed.
        let governed = |m: &Map<String, Value>| {
            m.contains_key("patternProperties")
                || m.contains_key("unevaluatedProperties")
                || openness(m) == Openness::Schema
        };
        let governed = governed(o) || governed(n);
        let mut added: Vec<&String> = nn_names.difference(&no_names).collect();
        let mut removed: Vec<&String> = no_names.difference(&nn_names).collect();

        // A removed property whose exact schema reappears under a new name
        // is a rename, reported once at the new name.
        let mut renames = Vec::new();
        if !governed {
            for r in removed.clone() {
                let schema = po.get(r.as_str());
                if let Some(pos) = added
                    .iter()
                    .position(|a| same(pn.get(a.as_str()), schema) && schema.is_some())
                {
                    renames.push((r, added.remove(pos)));
                    removed.retain(|x| *x != r);
                }
            }
        }
        let props_path = at.at("properties");
        for (from, to) in renames {
            let path = join(&props_path, &escape(to));
            let rule = if ro.contains(from) || rn.contains(to) {
                &rules::required_property_renamed::RULE
            } else {
                &rules::optional_property_renamed::RULE
            };
            self.push_in(
                path,
                rule,
                po.get(from.as_str()),
                pn.get(to.as_str()),
                no == Openness::Open,
            );
        }
        for name in added {
            let path = join(&props_path, &escape(name));
            let rule = if governed {
                &rules::unanalysed_change::RULE
            } else if rn.contains(name) {
                &rules::required_property_added::RULE
            } else if oo == Openness::Closed {
                &rules::optional_property_added_closed::RULE
            } else {
                &rules::optional_property_added_open::RULE
            };
            self.push(path, rule, None, pn.get(name.as_str()));
        }
        for name in removed {
            let path = join(&props_path, &escape(name));
            let rule = if governed {
                &rules::unanalysed_change::RULE
            } else if ro.contains(name) {
                &rules::required_property_removed::RULE
            } else if no == Openness::Closed {
                &rules::optional_property_removed_closed::RULE
            } else {
                &rules::optional_property_removed_open::RULE
            };
            self.push(path, rule, po.get(name.as_str()), None);
        }
        let kept: BTreeMap<&String, ()> =
            no_names.intersection(&nn_names).map(|n| (n, ())).collect();
        for name in kept.keys() {
            let segment = escape(name);
            let child = Node {
                path: join(&props_path, &segment),
                depth: at.depth + 1,
                required: (ro.contains(*name), rn.contains(*name)),
            };
            match child.required {
                (false, true) => self.push(
                    child.path.clone(),
                    &rules::property_made_required::RULE,
                    None,
                    None,
                ),
                (true, false) => {
                    // A NOT NULL column would have to accept NULL.
                    let non_null = Kinds::of(po.get(name.as_str()).and_then(|p| p.get("type")))
                        .is_some_and(|k| !k.has_null());
                    let rule = if self.warehouse() && non_null {
                        &rules::column_nullability_changed::RULE
                    } else {
                        &rules::property_made_optional::RULE
                    };
                    self.push(child.path.clone(), rule, None, None);
                }
                _ => {}
            }
            // A name only in `required` has the schema the object gives
            // undeclared keys: anything when open, nothing when closed.
            let effective = |props: &Map<String, Value>, openness: Openness| -> Option<Value> {
                match props.get(name.as_str()) {
                    Some(v) => Some(v.clone()),
                    None if openness == Openness::Closed => Some(Value::Bool(false)),
                    None => None,
                }
            };
            let (a, b) = (effective(&po, oo), effective(&pn, no));
            self.node(&child, a.as_ref(), b.as_ref())?;
        }
        Ok(())
    }
}

/// A subschema as keywords: `None` (absent) and `true` have none; `None`
/// for `false` and non-schema values.
fn as_map(v: Option<&Value>) -> Option<Option<&Map<String, Value>>> {
    match v {
        None | Some(Value::Bool(true)) => Some(None),
        Some(Value::Object(m)) => Some(Some(m)),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Openness {
    Open,
    Closed,
    Schema,
}

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
}
