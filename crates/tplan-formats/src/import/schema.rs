//! A JSON Schema object turned into an event: what the plan's keys can say
//! goes into them, everything else is kept verbatim under `schema_extra` at
//! the level it was found, so the exported schema accepts and rejects the
//! same payloads as the original.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use tplan_plan::model::{JsonType, Property, TypeSet};
use tplan_plan::parse::{FORMATS, check_property_name};
pub use tplan_schema::dialect::Dialect;

/// An event read from a schema, before it has a key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventDraft {
    /// `title`, when the schema has one.
    pub title: Option<String>,
    /// `description`
    pub description: Option<String>,
    /// `deprecated: true` at the root.
    pub deprecated: bool,
    /// Whether undeclared keys are accepted (absent in JSON Schema: yes;
    /// `None` leaves it to the plan's policy).
    pub additional_properties: Option<bool>,
    /// The owner's key.
    pub owner: Option<String>,
    /// Root `examples`, when TOML can hold them (objects, no null).
    pub examples: Vec<Map<String, Value>>,
    /// Root keywords kept verbatim.
    pub schema_extra: Map<String, Value>,
    /// The properties.
    pub properties: BTreeMap<String, Property>,
    /// What was kept verbatim, for people: `oneOf (root)`,
    /// `patternProperties at properties/address`.
    pub kept: Vec<String>,
    /// Notes on meaning that changed (a root without `type`).
    pub notes: Vec<String>,
    /// Tags (Segment's labels, as `key:value`).
    /// Its Iglu vendor, when not the plan's.
    pub vendor: Option<String>,
    /// The call type it is sent as (`identify`, `group`); `None`: a track.
    pub call_type: Option<tplan_plan::model::CallType>,
    pub tags: Vec<String>,
    /// `id` keywords dropped: draft-04 leftovers with no meaning in the
    /// schema's draft.
    pub dropped_ids: usize,
}

/// Reads an event from an object schema (`$schema` and Iglu's `self` are
/// the caller's). Fails when the root is not an object schema.
pub fn event_from_schema(schema: &Value, dialect: Dialect) -> Result<EventDraft, String> {
    if !schema.is_object() {
        return Err("the schema is not a JSON object".into());
    }
    // The plan means 2020-12: older drafts are brought up to it first, so
    // what is kept verbatim means in the plan what it meant here.
    let (schema, upgrade_notes) = tplan_schema::dialect::upgrade(schema, dialect);
    let root = schema.as_object().expect("still an object");
    let mut draft = EventDraft {
        additional_properties: Some(true),
        notes: upgrade_notes,
        ..EventDraft::default()
    };
    match root.get("type") {
        Some(t) if t == "object" || *t == json!(["object"]) => {}
        None => draft.notes.push(
            "the root has no `type`; an event is an object, so non-object payloads are now refused"
                .into(),
        ),
        Some(other) => {
            return Err(format!(
                "the root's `type` is {other}; an event's payload is an object"
            ));
        }
    }
    let mut level = Level::new("");
    for (k, v) in root {
        match k.as_str() {
            "$schema" | "self" | "type" => {}
            "title" if v.is_string() => draft.title = v.as_str().map(str::to_string),
            "description" if v.is_string() => draft.description = v.as_str().map(str::to_string),
            "deprecated" if v.is_boolean() => draft.deprecated = v == &Value::Bool(true),
            "examples" => match toml_objects(v) {
                Some(examples) => draft.examples = examples,
                None => level.keep(k, v),
            },
            "properties" | "required" | "additionalProperties" => {}
            _ => level.keep(k, v),
        }
    }
    let object = level.object(root);
    draft.properties = object.properties;
    draft.additional_properties = Some(object.additional.unwrap_or(true));
    draft.schema_extra = level.extra;
    draft.kept = level.kept;
    draft.dropped_ids = level.dropped_ids;
    Ok(draft)
}

/// One schema level being read: its path for messages and what it keeps.
struct Level {
    path: String,
    extra: Map<String, Value>,
    kept: Vec<String>,
    /// `id` keywords dropped: draft-04 leftovers that mean nothing in the
    /// schema's draft (Segment's editor writes one on every property).
    dropped_ids: usize,
}

/// An object's `properties`, `required` and `additionalProperties` read.
struct Object {
    properties: BTreeMap<String, Property>,
    /// `None` when the schema says nothing about undeclared keys.
    additional: Option<bool>,
    declared: bool,
}

impl Level {
    fn new(path: &str) -> Level {
        Level {
            path: path.to_string(),
            extra: Map::new(),
            kept: Vec::new(),
            dropped_ids: 0,
        }
    }

    fn keep(&mut self, k: &str, v: &Value) {
        self.extra.insert(k.to_string(), v.clone());
        let at = if self.path.is_empty() {
            "the root".to_string()
        } else {
            format!("`{}`", self.path)
        };
        self.kept.push(format!("`{k}` at {at}"));
    }

    fn child_path(&self, tail: &str) -> String {
        if self.path.is_empty() {
            tail.to_string()
        } else {
            format!("{}/{tail}", self.path)
        }
    }

    /// Reads `properties`, `required` and `additionalProperties` of `map`.
    /// Names the plan cannot hold are kept as anchored `patternProperties`
    /// and an `allOf` of `required`: the same payloads pass.
    fn object(&mut self, map: &Map<String, Value>) -> Object {
        let mut out = Object {
            properties: BTreeMap::new(),
            additional: None,
            declared: false,
        };
        let mut unnamed: Vec<(String, Value)> = Vec::new();
        match map.get("properties") {
            Some(Value::Object(props)) => {
                out.declared = true;
                for (name, sub) in props {
                    if check_property_name(name).is_err() {
                        unnamed.push((name.clone(), sub.clone()));
                        continue;
                    }
                    let path = self.child_path(&format!("properties/{name}"));
                    let (p, kept, dropped) = property(sub, &path);
                    self.kept.extend(kept);
                    self.dropped_ids += dropped;
                    out.properties.insert(name.clone(), p);
                }
            }
            Some(other) => self.keep("properties", other),
            None => {}
        }
        let mut unnamed_required = Vec::new();
        match map.get("required") {
            Some(Value::Array(names)) if names.iter().all(Value::is_string) => {
                out.declared = true;
                for name in names.iter().filter_map(Value::as_str) {
                    if check_property_name(name).is_err() {
                        unnamed_required.push(json!(name));
                        continue;
                    }
                    // A required name with no schema accepts any value.
                    out.properties.entry(name.to_string()).or_default().required = true;
                }
            }
            Some(other) => self.keep("required", other),
            None => {}
        }
        match map.get("additionalProperties") {
            Some(Value::Bool(b)) => out.additional = Some(*b),
            Some(Value::Object(s)) if s.is_empty() => out.additional = Some(true),
            Some(schema @ Value::Object(_)) => {
                out.additional = Some(true);
                self.keep("additionalProperties", schema);
            }
            Some(other) => self.keep("additionalProperties", other),
            None => {}
        }
        if !unnamed.is_empty() || !unnamed_required.is_empty() {
            let names: std::collections::BTreeSet<String> = unnamed
                .iter()
                .map(|(n, _)| n.clone())
                .chain(
                    unnamed_required
                        .iter()
                        .filter_map(|n| n.as_str().map(str::to_string)),
                )
                .collect();
            let mut patterns = match self.extra.remove("patternProperties") {
                Some(Value::Object(m)) => m,
                _ => Map::new(),
            };
            for (name, sub) in unnamed {
                patterns.insert(format!("^{}$", regex_escape(&name)), sub);
            }
            if !patterns.is_empty() {
                self.extra
                    .insert("patternProperties".into(), Value::Object(patterns));
            }
            if !unnamed_required.is_empty() {
                let mut all_of = match self.extra.remove("allOf") {
                    Some(Value::Array(a)) => a,
                    _ => Vec::new(),
                };
                all_of.push(json!({ "required": unnamed_required }));
                self.extra.insert("allOf".into(), Value::Array(all_of));
            }
            let at = if self.path.is_empty() {
                "the root".to_string()
            } else {
                format!("`{}`", self.path)
            };
            self.kept.push(format!(
                "properties {} at {at}, whose names a plan cannot hold, as `patternProperties`",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        out
    }
}

/// Escapes a property name for an anchored ECMA 262 pattern.
fn regex_escape(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if "\\^$.|?*+()[]{}/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether TOML can hold `v`: no `null` anywhere, integers within i64.
fn toml_safe(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Number(n) => n.is_i64() || n.is_f64(),
        Value::Array(items) => items.iter().all(toml_safe),
        Value::Object(m) => m.values().all(toml_safe),
        _ => true,
    }
}

fn toml_objects(v: &Value) -> Option<Vec<Map<String, Value>>> {
    v.as_array()?
        .iter()
        .map(|e| match e {
            Value::Object(m) if toml_safe(e) => Some(m.clone()),
            _ => None,
        })
        .collect()
}

fn types_of(v: &Value) -> Option<TypeSet> {
    let names: Vec<&str> = match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) if !items.is_empty() => {
            items.iter().map(Value::as_str).collect::<Option<_>>()?
        }
        _ => return None,
    };
    let types: Vec<JsonType> = names
        .iter()
        .map(|n| JsonType::parse(n))
        .collect::<Option<_>>()?;
    let set: TypeSet = types.iter().copied().collect();
    // A repeated name is invalid JSON Schema; keep it as written.
    (set.len() == types.len()).then_some(set)
}

fn count(v: &Value) -> Option<u64> {
    v.as_u64()
}

/// Reads one property schema (2020-12) at `path`; returns it and what it
/// kept.
fn property(schema: &Value, path: &str) -> (Property, Vec<String>, usize) {
    let mut level = Level::new(path);
    let map = match schema {
        Value::Object(m) => m,
        Value::Bool(true) => return (Property::default(), Vec::new(), 0),
        other => {
            // `false` (and anything invalid) is kept as it is: `not: {}`
            // refuses every value the way `false` does.
            let mut p = Property::default();
            let kept = if other == &Value::Bool(false) {
                json!({"not": {}})
            } else {
                json!({"allOf": [other]})
            };
            p.schema_extra = kept.as_object().cloned().map(Box::new);
            return (p, vec![format!("the schema `{other}` at `{path}`")], 0);
        }
    };
    let mut p = Property::default();
    for (k, v) in map {
        let key = k.as_str();
        let took = match key {
            "type" => types_of(v).map(|t| p.types = Some(t)).is_some(),
            // An empty description says nothing.
            "description" => v
                .as_str()
                .map(|d| p.description = (!d.is_empty()).then(|| d.into()))
                .is_some(),
            // Not a keyword since draft-06 (draft-04's became `$id`).
            "id" if v.is_string() => {
                level.dropped_ids += 1;
                true
            }
            // Read with `const` below.
            "enum" => true,
            "const" => {
                !map.contains_key("enum") && toml_safe(v) && {
                    p.const_value = Some(Box::new(v.clone()));
                    true
                }
            }
            "format" => match v.as_str() {
                Some(f) if FORMATS.contains(&f) => {
                    p.format = Some(f.into());
                    true
                }
                _ => false,
            },
            "pattern" => v.as_str().map(|s| p.pattern = Some(s.into())).is_some(),
            "minimum" => v.as_number().map(|n| p.minimum = Some(n.clone())).is_some(),
            "maximum" => v.as_number().map(|n| p.maximum = Some(n.clone())).is_some(),
            "exclusiveMinimum" => v
                .as_number()
                .map(|n| p.exclusive_minimum = Some(n.clone()))
                .is_some(),
            "exclusiveMaximum" => v
                .as_number()
                .map(|n| p.exclusive_maximum = Some(n.clone()))
                .is_some(),
            "multipleOf" => match v.as_number() {
                Some(n) if n.as_f64().is_some_and(|f| f > 0.0) => {
                    p.multiple_of = Some(n.clone());
                    true
                }
                _ => false,
            },
            "minLength" => count(v).map(|n| p.min_length = Some(n)).is_some(),
            "maxLength" => count(v).map(|n| p.max_length = Some(n)).is_some(),
            "minItems" => count(v).map(|n| p.min_items = Some(n)).is_some(),
            "maxItems" => count(v).map(|n| p.max_items = Some(n)).is_some(),
            "uniqueItems" => v.as_bool().map(|b| p.unique_items = Some(b)).is_some(),
            "items" if v.is_object() || v.is_boolean() => {
                let (items, kept, dropped) = property(v, &level.child_path("items"));
                level.kept.extend(kept);
                level.dropped_ids += dropped;
                p.items = Some(Box::new(items));
                true
            }
            "properties" | "required" | "additionalProperties" => true,
            "default" if toml_safe(v) => {
                p.default = Some(Box::new(v.clone()));
                true
            }
            "examples" if v.is_array() && toml_safe(v) => {
                p.examples = v.as_array().cloned();
                true
            }
            "deprecated" => v.as_bool().map(|b| p.deprecated = Some(b)).is_some(),
            _ => false,
        };
        if !took {
            level.keep(key, v);
        }
    }
    if let Some(values) = map.get("enum") {
        enum_values(&mut p, values, &mut level, map.contains_key("const"));
    }
    if map.contains_key("properties")
        || map.contains_key("required")
        || map.contains_key("additionalProperties")
    {
        let object = level.object(map);
        if object.declared {
            p.properties = Some(object.properties);
            // Nested objects follow the enclosing one in a plan; the schema
            // said what it says here, so write it down.
            p.additional_properties = Some(object.additional.unwrap_or(true));
        } else {
            p.additional_properties = object.additional;
        }
    }
    settle(&mut p, map, &mut level);
    if !level.extra.is_empty() {
        p.schema_extra = Some(Box::new(level.extra));
    }
    (p, level.kept, level.dropped_ids)
}

/// `enum`, when the plan can say it: TOML has no null, and a nullable
/// property's schema gets `null` added to its enum, so an enum maps only
/// when it holds `null` exactly when the type allows it.
fn enum_values(p: &mut Property, values: &Value, level: &mut Level, has_const: bool) {
    let Some(items) = values.as_array() else {
        level.keep("enum", values);
        return;
    };
    let nullable = p.types.is_some_and(|t| t.contains(JsonType::Null));
    let has_null = items.contains(&Value::Null);
    let rest: Vec<Value> = items.iter().filter(|v| !v.is_null()).cloned().collect();
    let representable = !has_const
        && p.const_value.is_none()
        && nullable == has_null
        && !rest.is_empty()
        && rest.iter().all(toml_safe);
    if representable {
        p.enum_values = Some(rest);
    } else {
        level.keep("enum", values);
    }
}

/// Moves to `schema_extra` what the plan's checks refuse (a keyword on the
/// wrong type, bounds the wrong way round, an enum of mixed types…):
/// validators accept such schemas, so the original keywords go through
/// verbatim.
fn settle(p: &mut Property, map: &Map<String, Value>, level: &mut Level) {
    for _ in 0..8 {
        let mut faults: Vec<&'static str> = Vec::new();
        tplan_plan::parse::check_property(p, &mut |key, _| faults.push(key));
        if faults.is_empty() {
            return;
        }
        for fault in faults {
            // The plan keys cleared together; the keyword table says which
            // source keywords held them.
            let cleared: &[&str] = match fault {
                "format" => {
                    p.format = None;
                    &["format"]
                }
                "pattern" => {
                    p.pattern = None;
                    &["pattern"]
                }
                "min_length" => {
                    p.min_length = None;
                    &["min_length"]
                }
                "max_length" => {
                    p.max_length = None;
                    &["max_length"]
                }
                "min_items" => {
                    p.min_items = None;
                    &["min_items"]
                }
                "max_items" => {
                    p.max_items = None;
                    &["max_items"]
                }
                "unique_items" => {
                    p.unique_items = None;
                    &["unique_items"]
                }
                "multiple_of" => {
                    p.multiple_of = None;
                    &["multiple_of"]
                }
                "minimum" | "exclusive_minimum" => {
                    p.minimum = None;
                    p.exclusive_minimum = None;
                    &["minimum", "exclusive_minimum"]
                }
                "maximum" | "exclusive_maximum" => {
                    p.maximum = None;
                    p.exclusive_maximum = None;
                    &["maximum", "exclusive_maximum"]
                }
                "items" => {
                    p.items = None;
                    &["items"]
                }
                "properties" | "additional_properties" => {
                    p.properties = None;
                    p.additional_properties = None;
                    &["properties", "additional_properties"]
                }
                "enum" => {
                    p.enum_values = None;
                    &["enum"]
                }
                "const" => {
                    p.const_value = None;
                    &["const"]
                }
                _ => &[],
            };
            let keywords = tplan_schema::keyword::held_by(cleared);
            for k in &keywords {
                if let Some(v) = map.get(*k)
                    && !level.extra.contains_key(*k)
                {
                    level.keep(k, v);
                }
            }
            if keywords.is_empty() {
                // A fault with no keyword to move: stop rather than loop.
                return;
            }
        }
    }
}
