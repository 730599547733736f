//! JSON Schema drafts: which one a schema is written in, and translating
//! between them.
//!
//! A plan means JSON Schema 2020-12, `schema_extra` included. Importers
//! bring older drafts up to it ([`upgrade`]) so a kept keyword means in the
//! plan what it meant in the source; the Iglu writer brings the plan down to
//! draft-04 ([`to_draft4`]), the draft Snowplow's registries and validators
//! read, and the Segment writer to draft-07 ([`to_draft7`]). Both keep meaning: the same payloads pass and fail. What draft-04
//! cannot say is reported as a gap rather than quietly weakened.

use serde_json::{Map, Value, json};

use crate::keyword::{self, Holds};

/// The JSON Schema draft a schema is written in: it decides what
/// `exclusiveMinimum`, `items` and `dependencies` mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dialect {
    /// draft-04, as Iglu schemas are: exclusive bounds are flags, no `const`.
    Draft4,
    /// draft-06.
    Draft6,
    /// draft-07 (Segment Protocols).
    Draft7,
    /// 2019-09.
    Draft201909,
    /// 2020-12 (the default when `$schema` is absent, and the plan's own).
    Draft202012,
}

impl Dialect {
    /// The dialect a `$schema` URI names; `None` for one tplan does not know.
    pub fn from_uri(uri: &str) -> Option<Dialect> {
        let uri = uri.trim_end_matches('#');
        Some(
            if uri.contains("draft-04") || uri.contains("com.snowplowanalytics.self-desc") {
                Dialect::Draft4
            } else if uri.contains("draft-06") {
                Dialect::Draft6
            } else if uri.contains("draft-07") {
                Dialect::Draft7
            } else if uri.contains("2019-09") {
                Dialect::Draft201909
            } else if uri.contains("2020-12") {
                Dialect::Draft202012
            } else {
                return None;
            },
        )
    }

    /// jsonschema's draft, to check and compile a schema of this dialect.
    pub fn draft(self) -> jsonschema::Draft {
        match self {
            Dialect::Draft4 => jsonschema::Draft::Draft4,
            Dialect::Draft6 => jsonschema::Draft::Draft6,
            Dialect::Draft7 => jsonschema::Draft::Draft7,
            Dialect::Draft201909 => jsonschema::Draft::Draft201909,
            Dialect::Draft202012 => jsonschema::Draft::Draft202012,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Dialect::Draft4 => "draft-04",
            Dialect::Draft6 => "draft-06",
            Dialect::Draft7 => "draft-07",
            Dialect::Draft201909 => "2019-09",
            Dialect::Draft202012 => "2020-12",
        }
    }
}

/// Options to compile an Iglu (draft-04) schema the way Snowplow's
/// validators read it: formats asserted, `uuid` among them. draft-04
/// predates `uuid`, but Iglu Central's schemas use it and Snowplow's
/// pipeline enforces it, so a plan (2020-12, which has it) and its Iglu
/// schema agree.
pub fn iglu_options<'i>() -> jsonschema::ValidationOptions<'i> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .with_format("uuid", is_uuid)
}

/// `8-4-4-4-12` hexadecimal digits, either case.
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Calls `f` on every subschema directly inside `object`, with its path
/// and the keyword holding it.
fn each_subschema(
    object: &mut Map<String, Value>,
    path: &str,
    f: &mut dyn FnMut(&mut Value, &str, &str),
) {
    for (keyword, value) in object.iter_mut() {
        let Some(kind) = keyword::holds_in(keyword, value) else {
            continue;
        };
        let at = join(path, keyword);
        match (kind, value) {
            (Holds::One, v) => f(v, &at, keyword),
            (Holds::List, Value::Array(items)) => {
                for (i, v) in items.iter_mut().enumerate() {
                    f(v, &join(&at, &i.to_string()), keyword);
                }
            }
            (Holds::Named, Value::Object(named)) => {
                for (name, v) in named.iter_mut() {
                    if v.is_object() || v.is_boolean() {
                        f(v, &join(&at, name), keyword);
                    }
                }
            }
            _ => {}
        }
    }
}

fn join(path: &str, tail: &str) -> String {
    if path.is_empty() {
        tail.to_string()
    } else {
        format!("{path}/{tail}")
    }
}

fn at(path: &str) -> String {
    if path.is_empty() {
        "the root".into()
    } else {
        format!("`{path}`")
    }
}

/// Rebuilds `object` in order, letting `f` replace each entry by any
/// number of entries (renames keep their place).
fn rebuild(
    object: &mut Map<String, Value>,
    mut f: impl FnMut(String, Value, &mut Map<String, Value>),
) {
    let old = std::mem::take(object);
    for (k, v) in old {
        f(k, v, object);
    }
}

/// `schema` (written in `from`) as JSON Schema 2020-12 with the same
/// meaning, and notes on what was dropped because `from` ignores it.
pub fn upgrade(schema: &Value, from: Dialect) -> (Value, Vec<String>) {
    let mut out = schema.clone();
    let mut notes = Vec::new();
    if from != Dialect::Draft202012 {
        upgrade_in_place(&mut out, from, "", &mut notes);
    }
    (out, notes)
}

fn upgrade_in_place(schema: &mut Value, from: Dialect, path: &str, notes: &mut Vec<String>) {
    let Value::Object(object) = schema else {
        return;
    };
    each_subschema(object, path, &mut |v, p, _| {
        upgrade_in_place(v, from, p, notes)
    });
    // Keywords of later drafts mean nothing in `from` (its validators skip
    // them) and would start constraining in 2020-12.
    let newer: Vec<String> = object
        .keys()
        .filter(|k| keyword::introduced(k).is_some_and(|d| d > from))
        .cloned()
        .collect();
    for k in &newer {
        object.shift_remove(k);
    }
    if !newer.is_empty() {
        notes.push(format!(
            "{} at {}: not a keyword in {}, whose validators ignore it; dropped",
            quoted(&newer),
            at(path),
            from.name()
        ));
    }
    if from == Dialect::Draft4 {
        // Exclusive bounds were flags on `minimum`/`maximum`.
        for (flag, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            let Some(Value::Bool(exclusive)) = object.get(flag).cloned() else {
                continue;
            };
            match object.get(bound).cloned() {
                Some(n @ Value::Number(_)) if exclusive => rebuild(object, |k, v, out| {
                    if k == bound {
                        out.insert(flag.into(), n.clone());
                    } else if k != flag {
                        out.insert(k, v);
                    }
                }),
                // `false`, or a flag without its bound: no constraint.
                _ => {
                    object.shift_remove(flag);
                }
            }
        }
        if let Some(Value::String(id)) = object.get("id").cloned()
            && !object.contains_key("$id")
            && !object.contains_key("$anchor")
        {
            let anchor = id.strip_prefix('#').filter(|a| valid_anchor(a));
            rebuild(object, |k, v, out| match (k.as_str(), anchor) {
                ("id", Some(a)) => {
                    out.insert("$anchor".into(), json!(a));
                }
                ("id", None) if id.is_empty() || id == "#" => {}
                ("id", None) => {
                    out.insert("$id".into(), v);
                }
                _ => {
                    out.insert(k, v);
                }
            });
        }
    }
    if from <= Dialect::Draft7 {
        // Beside `$ref`, draft-07 and older ignore every other keyword.
        if object.contains_key("$ref") {
            let ignored: Vec<String> = object
                .keys()
                .filter(|k| *k != "$ref" && !keyword::is_harmless(k))
                .cloned()
                .collect();
            for k in &ignored {
                object.shift_remove(k);
            }
            if !ignored.is_empty() {
                notes.push(format!(
                    "{} beside `$ref` at {}: ignored by {}, dropped",
                    quoted(&ignored),
                    at(path),
                    from.name()
                ));
            }
        }
        // `dependencies` split into names and schemas in 2019-09.
        if let Some(Value::Object(deps)) = object.get("dependencies").cloned() {
            let mut names = Map::new();
            let mut schemas = Map::new();
            for (k, v) in deps {
                if v.is_array() {
                    names.insert(k, v);
                } else {
                    schemas.insert(k, v);
                }
            }
            rebuild(object, |k, v, out| {
                if k != "dependencies" {
                    out.insert(k, v);
                    return;
                }
                if !names.is_empty() {
                    out.insert("dependentRequired".into(), Value::Object(names.clone()));
                }
                if !schemas.is_empty() {
                    out.insert("dependentSchemas".into(), Value::Object(schemas.clone()));
                }
            });
        }
    }
    if from <= Dialect::Draft201909 {
        // A list of `items` became `prefixItems`, `additionalItems` became
        // `items`; beside a single `items`, `additionalItems` did nothing.
        let tuple = object.get("items").is_some_and(Value::is_array);
        rebuild(object, |k, v, out| match k.as_str() {
            "items" if tuple => {
                out.insert("prefixItems".into(), v);
            }
            "additionalItems" if tuple => {
                out.insert("items".into(), v);
            }
            "additionalItems" => {}
            _ => {
                out.insert(k, v);
            }
        });
    }
}

fn quoted(keywords: &[String]) -> String {
    keywords
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn valid_anchor(a: &str) -> bool {
    let mut chars = a.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

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

fn down_to(schema: &Value, to: Dialect) -> (Value, Vec<Gap>) {
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
    if to < Dialect::Draft201909 {
        dependencies(object);
    }
    if to < Dialect::Draft7 {
        conditional(object);
    }
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
    } // Beside `$ref`, draft-07 and older ignore every other keyword: put
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

/// Every `$ref` in `schema`, at schema positions (never in data such as
/// `enum` or `default`).
pub fn refs(schema: &Value) -> Vec<String> {
    fn walk(schema: &mut Value, out: &mut Vec<String>) {
        let Value::Object(object) = schema else {
            return;
        };
        if let Some(Value::String(r)) = object.get("$ref") {
            out.push(r.clone());
        }
        each_subschema(object, "", &mut |v, _, _| walk(v, out));
    }
    let mut out = Vec::new();
    // The walker lends mutable access; a copy keeps `schema` untouched.
    walk(&mut schema.clone(), &mut out);
    out
}

/// Moves local `$ref`s for a schema moved inside another document, or out
/// of one: each `#<from>` or `#<from>/...` becomes `#<to>...` (Segment nests
/// an event's schema at `#/properties/properties`).
pub fn rebase_refs(schema: &mut Value, from: &str, to: &str) {
    let Value::Object(object) = schema else {
        return;
    };
    if let Some(Value::String(r)) = object.get_mut("$ref")
        && let Some(rest) = r.strip_prefix('#').and_then(|p| p.strip_prefix(from))
        && (rest.is_empty() || rest.starts_with('/'))
    {
        *r = format!("#{to}{rest}");
    }
    each_subschema(object, "", &mut |v, _, _| rebase_refs(v, from, to));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `schema` (in `draft`) accepts `instance`.
    fn accepts(schema: &Value, draft: jsonschema::Draft, instance: &Value) -> bool {
        jsonschema::options()
            .with_draft(draft)
            .build(schema)
            .unwrap_or_else(|e| panic!("{schema}: {e}"))
            .is_valid(instance)
    }

    fn same_verdicts(
        a: (&Value, jsonschema::Draft),
        b: (&Value, jsonschema::Draft),
        instances: &[Value],
    ) {
        for i in instances {
            assert_eq!(
                accepts(a.0, a.1, i),
                accepts(b.0, b.1, i),
                "{i} under {} and {}",
                a.0,
                b.0
            );
        }
    }

    fn numbers() -> Vec<Value> {
        vec![
            json!(-1),
            json!(0),
            json!(0.5),
            json!(1),
            json!(5),
            json!(10),
            json!(11),
            json!("x"),
        ]
    }

    #[test]
    fn draft4_exclusive_flags_become_numbers_and_back() {
        use jsonschema::Draft::{Draft4, Draft202012};
        let old = json!({"minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": false});
        let (new, notes) = upgrade(&old, Dialect::Draft4);
        assert_eq!(new, json!({"exclusiveMinimum": 0, "maximum": 10}));
        assert!(notes.is_empty());
        same_verdicts((&old, Draft4), (&new, Draft202012), &numbers());
        let (back, gaps) = to_draft4(&new);
        assert!(gaps.is_empty());
        assert_eq!(
            back,
            json!({"minimum": 0, "exclusiveMinimum": true, "maximum": 10})
        );
        // Both bounds on one side: the tighter one is kept.
        let both =
            json!({"minimum": 1, "exclusiveMinimum": 0, "exclusiveMaximum": 10, "maximum": 10});
        let (back, _) = to_draft4(&both);
        same_verdicts((&both, Draft202012), (&back, Draft4), &numbers());
    }

    #[test]
    fn tuples_dependencies_and_ids_upgrade() {
        use jsonschema::Draft::{Draft4, Draft7, Draft202012};
        let old = json!({
            "type": "object",
            "properties": {
                "pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}], "additionalItems": false},
                "list": {"items": {"type": "string"}, "additionalItems": false},
                "named": {"id": "#named", "type": "string"}
            },
            "dependencies": {"a": ["b"], "c": {"required": ["d"]}}
        });
        let (new, _) = upgrade(&old, Dialect::Draft4);
        assert_eq!(
            new["properties"]["pair"],
            json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false})
        );
        assert_eq!(
            new["properties"]["list"],
            json!({"items": {"type": "string"}})
        );
        assert_eq!(
            new["properties"]["named"],
            json!({"$anchor": "named", "type": "string"})
        );
        assert_eq!(new["dependentRequired"], json!({"a": ["b"]}));
        assert_eq!(new["dependentSchemas"], json!({"c": {"required": ["d"]}}));
        let instances = [
            json!({"pair": ["x", 1]}),
            json!({"pair": ["x", 1, 2]}),
            json!({"pair": [1]}),
            json!({"list": ["x", "y"]}),
            json!({"list": [1]}),
            json!({"a": 1}),
            json!({"a": 1, "b": 2}),
            json!({"c": 1}),
            json!({"c": 1, "d": 1}),
        ];
        same_verdicts((&old, Draft4), (&new, Draft202012), &instances);
        let (back, gaps) = to_draft4(&new);
        assert!(gaps.is_empty(), "{gaps:?}");
        same_verdicts((&old, Draft4), (&back, Draft4), &instances);
        // draft-07 too: tuples and dependencies are old-style there.
        let (new7, _) = upgrade(&old, Dialect::Draft7);
        same_verdicts((&old, Draft7), (&new7, Draft202012), &instances[..3]);
    }

    #[test]
    fn ref_siblings_are_dropped_going_up_and_kept_going_down() {
        use jsonschema::Draft::{Draft4, Draft7, Draft202012};
        let old = json!({
            "definitions": {"s": {"type": "string"}},
            "properties": {"x": {"$ref": "#/definitions/s", "maxLength": 2, "description": "d"}}
        });
        let (new, notes) = upgrade(&old, Dialect::Draft7);
        assert_eq!(
            new["properties"]["x"],
            json!({"$ref": "#/definitions/s", "description": "d"})
        );
        assert_eq!(
            notes,
            ["`maxLength` beside `$ref` at `properties/x`: ignored by draft-07, dropped"]
        );
        let instances = [json!({"x": "abc"}), json!({"x": 1}), json!({"x": "a"})];
        same_verdicts((&old, Draft7), (&new, Draft202012), &instances);
        // Going down, 2020-12's siblings must keep counting.
        let modern = json!({
            "$defs": {"s": {"type": "string"}},
            "properties": {"x": {"$ref": "#/$defs/s", "maxLength": 2}}
        });
        let (back, gaps) = to_draft4(&modern);
        assert!(gaps.is_empty());
        same_verdicts((&modern, Draft202012), (&back, Draft4), &instances);
    }

    #[test]
    fn modern_keywords_come_down_with_their_meaning() {
        use jsonschema::Draft::{Draft4, Draft202012};
        let modern = json!({
            "type": "object",
            "properties": {
                "kind": {"const": "card"},
                "tags": {"type": "array", "contains": {"const": "vip"}},
                "never": false,
                "any": true
            },
            "if": {"properties": {"kind": {"const": "card"}}, "required": ["kind"]},
            "then": {"required": ["last4"]},
            "else": {"required": ["iban"]},
            "dependentRequired": {"iban": ["bic"]},
            "dependentSchemas": {"iban": {"required": ["country"]}}
        });
        let (back, gaps) = to_draft4(&modern);
        assert!(gaps.is_empty(), "{gaps:?}");
        jsonschema::draft4::meta::validate(&back).expect("valid draft-04");
        let instances = [
            json!({"kind": "card", "last4": "1234"}),
            json!({"kind": "card"}),
            json!({"kind": "cash"}),
            json!({"iban": "x"}),
            json!({"iban": "x", "bic": "y"}),
            json!({"iban": "x", "bic": "y", "country": "DE"}),
            json!({"tags": ["a", "vip"], "iban": "x", "bic": "y", "country": "DE"}),
            json!({"tags": ["a"], "iban": "x", "bic": "y", "country": "DE"}),
            json!({"tags": [], "iban": "x", "bic": "y", "country": "DE"}),
            json!({"never": 1, "iban": "x", "bic": "y", "country": "DE"}),
            json!({"any": 1, "iban": "x", "bic": "y", "country": "DE"}),
        ];
        same_verdicts((&modern, Draft202012), (&back, Draft4), &instances);
    }

    #[test]
    fn what_draft4_cannot_say_is_a_gap() {
        let modern = json!({
            "propertyNames": {"maxLength": 3},
            "unevaluatedProperties": true,
            "properties": {"a": {"contains": {"type": "string"}, "minContains": 2}}
        });
        let (back, gaps) = to_draft4(&modern);
        let gaps: Vec<String> = gaps.iter().map(ToString::to_string).collect();
        assert_eq!(
            gaps,
            [
                "`propertyNames` at the root",
                "`minContains` at `properties/a`",
                "`contains` with `minContains`/`maxContains` at `properties/a`"
            ]
        );
        // Kept as written (draft-04 validators ignore it); a no-op dropped.
        assert_eq!(back["propertyNames"], json!({"maxLength": 3}));
        assert!(back.get("unevaluatedProperties").is_none());
    }

    #[test]
    fn keywords_of_later_drafts_are_dropped_going_up() {
        use jsonschema::Draft::{Draft4, Draft202012};
        let old = json!({"properties": {"x": {"type": "string", "const": "a", "if": {}}}});
        let (new, notes) = upgrade(&old, Dialect::Draft4);
        assert_eq!(new, json!({"properties": {"x": {"type": "string"}}}));
        assert_eq!(
            notes,
            [
                "`const`, `if` at `properties/x`: not a keyword in draft-04, whose validators ignore it; dropped"
            ]
        );
        same_verdicts(
            (&old, Draft4),
            (&new, Draft202012),
            &[json!({"x": "b"}), json!({"x": 1})],
        );
        // draft-07 knows `const` and `if`.
        assert_eq!(upgrade(&old, Dialect::Draft7).0, old);
    }

    #[test]
    fn draft7_keeps_what_it_has_and_brings_down_the_rest() {
        use jsonschema::Draft::{Draft7, Draft202012};
        let modern = json!({
            "$defs": {"s": {"type": "string"}},
            "properties": {
                "x": {"$ref": "#/$defs/s", "maxLength": 2},
                "pair": {"prefixItems": [{"type": "string"}], "items": false},
                "kind": {"const": "a"}
            },
            "dependentRequired": {"x": ["kind"]},
            "if": {"required": ["x"]},
            "then": {"required": ["pair"]}
        });
        let (old, gaps) = to_draft7(&modern);
        assert!(gaps.is_empty(), "{gaps:?}");
        // draft-07 has `const` and `if`: they stay as written.
        assert_eq!(old["properties"]["kind"], json!({"const": "a"}));
        assert_eq!(old["if"], json!({"required": ["x"]}));
        jsonschema::draft7::meta::validate(&old).expect("valid draft-07");
        same_verdicts(
            (&modern, Draft202012),
            (&old, Draft7),
            &[
                json!({"x": "ab", "kind": "a", "pair": ["s"]}),
                json!({"x": "abc", "kind": "a", "pair": ["s"]}),
                json!({"x": "ab", "pair": ["s"]}),
                json!({"x": "ab", "kind": "a"}),
                json!({"x": "ab", "kind": "a", "pair": ["s", "t"]}),
                json!({"kind": "b"}),
            ],
        );
        let (_, gaps) = to_draft7(&json!({"unevaluatedProperties": false}));
        assert_eq!(gaps[0].to_string(), "`unevaluatedProperties` at the root");
    }

    #[test]
    fn defs_are_definitions_in_older_drafts() {
        use jsonschema::Draft::{Draft4, Draft7, Draft202012};
        let modern = json!({
            "$defs": {"money": {"type": "number", "exclusiveMinimum": 0}},
            "properties": {
                "total": {"$ref": "#/$defs/money"},
                "$defs": {"type": "string"}
            }
        });
        for (to, draft) in [(Dialect::Draft4, Draft4), (Dialect::Draft7, Draft7)] {
            let (old, gaps) = down_to(&modern, to);
            assert!(gaps.is_empty(), "{gaps:?}");
            assert!(old.get("$defs").is_none(), "{old:#}");
            assert_eq!(old["properties"]["total"]["$ref"], "#/definitions/money");
            same_verdicts(
                (&modern, Draft202012),
                (&old, draft),
                &[
                    json!({"total": 1}),
                    json!({"total": 0}),
                    json!({"$defs": 1}),
                ],
            );
        }
    }

    #[test]
    fn references_follow_a_schema_into_and_out_of_a_document() {
        let mut s = json!({"properties": {"a": {"$ref": "#/$defs/x"}, "b": {"$ref": "#"}, "c": {"$ref": "other.json#/x"}}});
        rebase_refs(&mut s, "", "/properties/properties");
        assert_eq!(
            s["properties"]["a"]["$ref"],
            "#/properties/properties/$defs/x"
        );
        assert_eq!(s["properties"]["b"]["$ref"], "#/properties/properties");
        assert_eq!(s["properties"]["c"]["$ref"], "other.json#/x");
        rebase_refs(&mut s, "/properties/properties", "");
        assert_eq!(s["properties"]["a"]["$ref"], "#/$defs/x");
        assert_eq!(s["properties"]["b"]["$ref"], "#");
        // Only whole segments match.
        let mut t = json!({"$ref": "#/properties/propertiesX"});
        rebase_refs(&mut t, "/properties/properties", "");
        assert_eq!(t["$ref"], "#/properties/propertiesX");
    }

    #[test]
    fn data_is_never_read_as_a_schema() {
        let s = json!({"enum": [{"const": 1}], "default": {"items": [1]}, "properties": {"const": {"type": "string"}}});
        assert_eq!(to_draft4(&s).0, s);
        assert_eq!(upgrade(&s, Dialect::Draft4).0, s);
    }
}
