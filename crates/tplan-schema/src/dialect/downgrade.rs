//! 2020-12 brought down to draft-07 (Segment) and draft-04 (Iglu) with its
//! meaning; what the older draft cannot say is a gap.

use serde_json::{Map, Value, json};

use super::Dialect;
use super::walk::{at, each_subschema, rebuild};
use crate::keyword;

/// A keyword an older draft cannot say, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// What cannot be said (`propertyNames`, `contains` with `minContains`).
    pub what: String,
    /// The schema path of the object holding it (`properties/meta`; empty
    /// for the root).
    pub path: String,
}

impl std::fmt::Display for Gap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at {}", self.what, at(&self.path))
    }
}

/// A JSON Schema 2020-12 `schema` as draft-04 with the same meaning, and
/// the gaps: keywords draft-04 cannot say, kept as they are (draft-04
/// validators ignore them), each with its path.
pub fn to_draft4(schema: &Value) -> (Value, Vec<Gap>) {
    down_to(schema, Dialect::Draft4)
}

/// A JSON Schema 2020-12 `schema` as draft-07 (Segment's), as
/// [`to_draft4`] does for draft-04.
pub fn to_draft7(schema: &Value) -> (Value, Vec<Gap>) {
    down_to(schema, Dialect::Draft7)
}

pub(super) fn down_to(schema: &Value, to: Dialect) -> (Value, Vec<Gap>) {
    let mut out = schema.clone();
    let mut gaps = Vec::new();
    downgrade(&mut out, to, "", &mut gaps);
    if to < Dialect::Draft201909 {
        // `$defs` became `definitions` everywhere: references through it follow.
        rename_ref_segment(&mut out, "$defs", "definitions");
    }
    (out, gaps)
}

/// Rewrites the JSON pointer segment `from` to `to` in every `$ref`'s
/// fragment (`common.json#/$defs/money` -> `common.json#/definitions/money`).
fn rename_ref_segment(schema: &mut Value, from: &str, to: &str) {
    let Value::Object(object) = schema else {
        return;
    };
    if let Some(Value::String(r)) = object.get_mut("$ref")
        && let Some((uri, fragment)) = r.split_once('#')
        && fragment.split('/').any(|segment| segment == from)
    {
        let fragment: Vec<&str> = fragment
            .split('/')
            .map(|segment| if segment == from { to } else { segment })
            .collect();
        *r = format!("{uri}#{}", fragment.join("/"));
    }
    each_subschema(object, "", &mut |v, _, _| rename_ref_segment(v, from, to));
}

fn says_nothing(v: &Value) -> bool {
    v == &Value::Bool(true) || v.as_object().is_some_and(Map::is_empty)
}

fn downgrade(schema: &mut Value, to: Dialect, path: &str, gaps: &mut Vec<Gap>) {
    let Value::Object(object) = schema else {
        return;
    };
    if to == Dialect::Draft4 {
        bounds_to_flags(object);
    }
    const_as_enum(object, to);
    prefix_items_down(object, to);
    if to < Dialect::Draft201909 {
        dependencies(object);
    }
    if to < Dialect::Draft7 {
        conditional(object);
    }
    contains_down(object, to);
    defs_down(object, to, path, gaps);
    identifiers_down(object, to);
    no_older_form(object, to, path, gaps);
    ref_siblings_down(object, to);
    each_subschema(object, path, &mut |v, p, keyword| {
        // draft-04 has boolean schemas only as `additionalProperties` and
        // `additionalItems`.
        if to == Dialect::Draft4 && !matches!(keyword, "additionalProperties" | "additionalItems") {
            match v {
                Value::Bool(true) => *v = json!({}),
                Value::Bool(false) => *v = json!({"not": {}}),
                _ => {}
            }
        }
        downgrade(v, to, p, gaps);
    });
}

/// `const` is a one-value `enum` before draft-06.
fn const_as_enum(object: &mut Map<String, Value>, to: Dialect) {
    // `const` is a one-value `enum`.
    if let Some(c) = object.get("const").cloned()
        && to < Dialect::Draft6
    {
        let has_enum = object.contains_key("enum");
        rebuild(object, |k, v, out| match k.as_str() {
            "const" if has_enum => push_all_of(out, json!({"enum": [c.clone()]})),
            "const" => {
                out.insert("enum".into(), json!([c.clone()]));
            }
            _ => {
                out.insert(k, v);
            }
        });
    }
}

/// `prefixItems` is the older list of `items`; `items` beside it is `additionalItems`.
fn prefix_items_down(object: &mut Map<String, Value>, to: Dialect) {
    // `prefixItems` is the older list of `items`; `items` beside it is
    // `additionalItems`.
    if object.contains_key("prefixItems") && to < Dialect::Draft202012 {
        rebuild(object, |k, v, out| match k.as_str() {
            "prefixItems" => {
                out.insert("items".into(), v);
            }
            "items" => {
                out.insert("additionalItems".into(), v);
            }
            _ => {
                out.insert(k, v);
            }
        });
    }
}

/// `contains` before draft-06: some item matches, i.e. not every item fails.
fn contains_down(object: &mut Map<String, Value>, to: Dialect) {
    // `contains`: some item matches, i.e. not every item fails.
    if let Some(s) = object.get("contains").cloned()
        && to < Dialect::Draft6
        && !object.contains_key("minContains")
        && !object.contains_key("maxContains")
    {
        rebuild(object, |k, v, out| match k.as_str() {
            "contains" => push_all_of(
                out,
                json!({"anyOf": [{"not": {"type": "array"}}, {"not": {"items": {"not": s.clone()}}}]}),
            ),
            _ => {
                out.insert(k, v);
            }
        });
    }
}

/// `$defs` was `definitions` before 2019-09.
fn defs_down(object: &mut Map<String, Value>, to: Dialect, path: &str, gaps: &mut Vec<Gap>) {
    // `$defs` was `definitions` before 2019-09 (a sibling `definitions`
    // takes the entries it does not have already).
    if to < Dialect::Draft201909
        && let Some(Value::Object(defs)) = object.get("$defs").cloned()
    {
        match object.get_mut("definitions") {
            Some(Value::Object(old)) => {
                let mut clashing = Map::new();
                for (k, v) in defs {
                    if old.contains_key(&k) {
                        clashing.insert(k, v);
                    } else {
                        old.insert(k, v);
                    }
                }
                if clashing.is_empty() {
                    object.shift_remove("$defs");
                } else {
                    gaps.push(Gap {
                        what: "`$defs` entries also named in `definitions`".into(),
                        path: path.into(),
                    });
                    object.insert("$defs".into(), Value::Object(clashing));
                }
            }
            _ => rebuild(object, |k, v, out| {
                let k = if k == "$defs" {
                    "definitions".to_string()
                } else {
                    k
                };
                out.insert(k, v);
            }),
        }
    }
}

/// Identifiers in the older spelling.
fn identifiers_down(object: &mut Map<String, Value>, to: Dialect) {
    // Identifiers: draft-04 spells `$id` `id`; before 2019-09 an anchor
    // is a fragment-only id.
    let renames: &[(&str, &str)] = match to {
        Dialect::Draft4 => &[("$id", "id"), ("$anchor", "id")],
        Dialect::Draft6 | Dialect::Draft7 => &[("$anchor", "$id")],
        _ => &[],
    };
    for (new, old) in renames {
        if let Some(Value::String(v)) = object.get(*new).cloned()
            && !object.contains_key(*old)
        {
            let value = if *new == "$anchor" {
                format!("#{v}")
            } else {
                v
            };
            rebuild(object, |k, v, out| {
                if k == *new {
                    out.insert((*old).into(), json!(value.clone()));
                } else {
                    out.insert(k, v);
                }
            });
        }
    }
}

/// Keywords the older draft cannot say: gone when they say nothing, gaps otherwise.
fn no_older_form(object: &mut Map<String, Value>, to: Dialect, path: &str, gaps: &mut Vec<Gap>) {
    let no_older_form = keyword::KEYWORDS
        .iter()
        .filter(|k| !k.older_form && k.since > to)
        .map(|k| k.name);
    for keyword in no_older_form {
        match object.get(keyword) {
            Some(v) if says_nothing(v) => {
                object.shift_remove(keyword);
            }
            Some(_) => gaps.push(Gap {
                what: format!("`{keyword}`"),
                path: path.into(),
            }),
            None => {}
        }
    }
    if object.contains_key("contains") && to < Dialect::Draft6 {
        gaps.push(Gap {
            what: "`contains` with `minContains`/`maxContains`".into(),
            path: path.into(),
        });
    }
}

/// A `$ref` with siblings, for drafts that ignore them.
fn ref_siblings_down(object: &mut Map<String, Value>, to: Dialect) {
    // Beside `$ref`, draft-07 and older ignore every other keyword: put
    // the reference in an `allOf` so its siblings still count.
    if to <= Dialect::Draft7
        && object.contains_key("$ref")
        && object
            .keys()
            .any(|k| k != "$ref" && !keyword::is_harmless(k))
    {
        let reference = object.get("$ref").cloned().unwrap_or_default();
        rebuild(object, |k, v, out| match k.as_str() {
            "$ref" => push_all_of(out, json!({"$ref": reference.clone()})),
            _ => {
                out.insert(k, v);
            }
        });
    }
}

/// Adds `schema` to the object's `allOf` (made where `schema` would have
/// stood when there is none yet).
fn push_all_of(out: &mut Map<String, Value>, schema: Value) {
    match out.get_mut("allOf") {
        Some(Value::Array(all)) => all.push(schema),
        _ => {
            out.insert("allOf".into(), json!([schema]));
        }
    }
}

/// 2020-12's numeric exclusive bounds as draft-04's: one bound per side,
/// `exclusiveMinimum: true` a flag on it, the tighter bound kept.
fn bounds_to_flags(object: &mut Map<String, Value>) {
    let number = |k: &str| object.get(k).and_then(Value::as_number).cloned();
    let (min, xmin, max, xmax) = (
        number("minimum"),
        number("exclusiveMinimum"),
        number("maximum"),
        number("exclusiveMaximum"),
    );
    if xmin.is_none() && xmax.is_none() {
        return;
    }
    let pick = |inclusive: Option<serde_json::Number>,
                exclusive: Option<serde_json::Number>,
                inclusive_is_tighter: fn(f64, f64) -> bool|
     -> Option<(serde_json::Number, bool)> {
        match (inclusive, exclusive) {
            (Some(i), Some(e)) => match (i.as_f64(), e.as_f64()) {
                (Some(fi), Some(fe)) if inclusive_is_tighter(fi, fe) => Some((i, false)),
                _ => Some((e, true)),
            },
            (Some(i), None) => Some((i, false)),
            (None, Some(e)) => Some((e, true)),
            (None, None) => None,
        }
    };
    let low = pick(min, xmin, |i, e| i > e);
    let high = pick(max, xmax, |i, e| i < e);
    let mut written = false;
    rebuild(object, |k, v, out| {
        let is_bound = matches!(
            k.as_str(),
            "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum"
        ) && v.is_number();
        if !is_bound {
            out.insert(k, v);
            return;
        }
        // The bounds go where the first of them stood, low side first.
        if written {
            return;
        }
        written = true;
        for (side, flag, pair) in [
            ("minimum", "exclusiveMinimum", &low),
            ("maximum", "exclusiveMaximum", &high),
        ] {
            if let Some((n, exclusive)) = pair {
                out.insert(side.into(), Value::Number(n.clone()));
                if *exclusive {
                    out.insert(flag.into(), json!(true));
                }
            }
        }
    });
}

/// `dependentRequired` and `dependentSchemas` as draft-04's `dependencies`.
fn dependencies(object: &mut Map<String, Value>) {
    let names = object
        .get("dependentRequired")
        .and_then(Value::as_object)
        .cloned();
    let schemas = object
        .get("dependentSchemas")
        .and_then(Value::as_object)
        .cloned();
    if names.is_none() && schemas.is_none() {
        return;
    }
    let mut merged = schemas.unwrap_or_default();
    for (k, required) in names.unwrap_or_default() {
        let value = match merged.remove(&k) {
            Some(schema) => json!({"allOf": [schema, {"required": required}]}),
            None => required,
        };
        merged.insert(k, value);
    }
    let mut written = false;
    rebuild(object, |k, v, out| match k.as_str() {
        "dependentRequired" | "dependentSchemas" => {
            if !written {
                written = true;
                out.insert("dependencies".into(), Value::Object(merged.clone()));
            }
        }
        _ => {
            out.insert(k, v);
        }
    });
}

/// `if`/`then`/`else` as the `anyOf` that means the same: the condition
/// and `then` hold, or the condition fails and `else` holds.
fn conditional(object: &mut Map<String, Value>) {
    let condition = object.get("if").cloned();
    let then = object.get("then").cloned();
    let otherwise = object.get("else").cloned();
    if condition.is_none() && then.is_none() && otherwise.is_none() {
        return;
    }
    let branches = condition
        .filter(|_| then.is_some() || otherwise.is_some())
        .map(|c| {
            let holds = match &then {
                Some(t) => json!({"allOf": [c.clone(), t.clone()]}),
                None => c.clone(),
            };
            let fails = match &otherwise {
                Some(e) => json!({"allOf": [{"not": c.clone()}, e.clone()]}),
                None => json!({"not": c.clone()}),
            };
            json!([holds, fails])
        });
    let has_any_of = object.contains_key("anyOf");
    rebuild(object, |k, v, out| match k.as_str() {
        "if" => {
            if let Some(b) = &branches {
                if has_any_of {
                    push_all_of(out, json!({"anyOf": b.clone()}));
                } else {
                    out.insert("anyOf".into(), b.clone());
                }
            }
        }
        // Without `if`, `then` and `else` do nothing.
        "then" | "else" => {}
        _ => {
            out.insert(k, v);
        }
    });
}
