//! The canonical JSON form of plan objects, whose hash is the object id.
//!
//! Canonical JSON: object keys sorted by their UTF-8 bytes, no whitespace,
//! strings escaped as `serde_json` does, numbers normalised so one value has
//! one spelling (`1.0` and `1` are both `1`, `-0` is `0`). Set-like lists
//! (`type`, `sources`, `tags`, `members`) are sorted by the parser; `enum`
//! keeps its order, which people and generated code see.
//!
//! Each object's form is documented on its `canonical_*` function. Keys of
//! the object itself are not part of its form (as a git blob does not hold
//! its file name); the plan id hashes keys and ids together, like a tree.

use serde_json::{Map, Number, Value, json};

use crate::id::ObjectId;
use crate::model::{Event, Manifest, Owner, Plan, Property};

/// Writes `value` in canonical form.
pub fn write(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => out.extend_from_slice(normalize_number(n).to_string().as_bytes()),
        Value::String(s) => write_str(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write(item, out);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push(b'{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_str(k, out);
                out.push(b':');
                write(v, out);
            }
            out.push(b'}');
        }
    }
}

/// Writes a JSON string with serde_json's escaping, without allocating.
fn write_str(s: &str, out: &mut Vec<u8>) {
    serde_json::to_writer(&mut *out, s).expect("writing a string to memory cannot fail");
}

/// `value` in canonical form, as a string.
pub fn to_string(value: &Value) -> String {
    let mut out = Vec::new();
    write(value, &mut out);
    String::from_utf8(out).expect("canonical JSON is UTF-8")
}

/// The id of `value`'s canonical form.
pub fn id_of(value: &Value) -> ObjectId {
    let mut out = Vec::new();
    write(value, &mut out);
    ObjectId::of(&out)
}

/// Largest integer a float holds exactly (2^53).
const MAX_EXACT: f64 = 9_007_199_254_740_992.0;

/// One spelling per numeric value: integral floats become integers.
pub fn normalize_number(n: &Number) -> Number {
    if n.is_i64() || n.is_u64() {
        return n.clone();
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() <= MAX_EXACT => Number::from(f as i64),
        _ => n.clone(),
    }
}

fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        map.insert(key.to_string(), v);
    }
}

/// An owner's form: `{"contact","description","members","name"}`, absent
/// fields omitted, `members` sorted.
pub fn owner(owner: &Owner) -> Value {
    let mut m = Map::new();
    put(&mut m, "name", Some(json!(owner.name)));
    put(&mut m, "contact", owner.contact.clone().map(Value::from));
    put(
        &mut m,
        "description",
        owner.description.clone().map(Value::from),
    );
    if !owner.members.is_empty() {
        put(&mut m, "members", Some(json!(owner.members)));
    }
    Value::Object(m)
}

/// A source's form: its plan-file keys with their values.
pub fn source(source: &crate::model::Source) -> Value {
    let mut m = Map::new();
    put(&mut m, "name", Some(json!(source.name)));
    put(&mut m, "platform", source.platform.clone().map(Value::from));
    put(
        &mut m,
        "owner",
        source.owner.as_ref().map(|o| json!(o.as_str())),
    );
    put(
        &mut m,
        "description",
        source.description.clone().map(Value::from),
    );
    Value::Object(m)
}

/// A property's form: its plan-file keys (snake_case) with their values,
/// absent keys omitted, `type` a string or a sorted list, nested
/// `properties` and `items` in the same form. A `ref` becomes
/// `{"key": …, "id": …}` with the shared property's id: the Merkle link.
/// `shared_id` looks up a shared property's id by key.
pub fn property(p: &Property, shared_id: &dyn Fn(&str) -> Option<ObjectId>) -> Value {
    let mut m = Map::new();
    if let Some(key) = &p.reference {
        let id = shared_id(key.as_str()).map(|id| id.to_hex());
        m.insert("ref".into(), json!({ "key": key.as_str(), "id": id }));
    }
    if p.required {
        m.insert("required".into(), Value::Bool(true));
    }
    if let Some(types) = &p.types {
        m.insert("type".into(), types.to_json());
    }
    put(
        &mut m,
        "description",
        p.description.clone().map(Value::from),
    );
    put(&mut m, "enum", p.enum_values.clone().map(Value::Array));
    put(&mut m, "const", p.const_value.as_deref().cloned());
    put(&mut m, "format", p.format.clone().map(Value::from));
    put(&mut m, "pattern", p.pattern.clone().map(Value::from));
    for (key, n) in [
        ("minimum", &p.minimum),
        ("maximum", &p.maximum),
        ("exclusive_minimum", &p.exclusive_minimum),
        ("exclusive_maximum", &p.exclusive_maximum),
        ("multiple_of", &p.multiple_of),
    ] {
        put(
            &mut m,
            key,
            n.as_ref().map(|n| Value::Number(normalize_number(n))),
        );
    }
    for (key, n) in [
        ("min_length", p.min_length),
        ("max_length", p.max_length),
        ("min_items", p.min_items),
        ("max_items", p.max_items),
    ] {
        put(&mut m, key, n.map(Value::from));
    }
    put(&mut m, "unique_items", p.unique_items.map(Value::Bool));
    put(
        &mut m,
        "items",
        p.items.as_ref().map(|i| property(i, shared_id)),
    );
    if let Some(props) = &p.properties {
        let nested = props
            .iter()
            .map(|(name, child)| (name.clone(), property(child, shared_id)))
            .collect();
        m.insert("properties".into(), Value::Object(nested));
    }
    put(
        &mut m,
        "additional_properties",
        p.additional_properties.map(Value::Bool),
    );
    put(&mut m, "default", p.default.as_deref().cloned());
    put(&mut m, "examples", p.examples.clone().map(Value::Array));
    put(&mut m, "deprecated", p.deprecated.map(Value::Bool));
    put(
        &mut m,
        "aliases",
        p.aliases
            .as_ref()
            .map(|a| Value::Array(a.iter().map(|n| Value::from(n.as_str())).collect())),
    );
    put(
        &mut m,
        "schema_extra",
        p.schema_extra.as_deref().cloned().map(Value::Object),
    );
    // Numbers are normalised when written; no second pass over the tree.
    Value::Object(m)
}

/// An event's form: its plan-file keys, `properties` in the property form
/// (so it holds the ids of the shared properties it references), `sources`
/// and `tags` sorted, and `additional_properties` always written out with
/// the policy default applied: the compiled schema depends on it, so a
/// policy change changes the id of every event it reaches.
pub fn event(
    e: &Event,
    policy_additional: bool,
    shared_id: &dyn Fn(&str) -> Option<ObjectId>,
) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(e.name));
    // `track` is the default: events written before call types keep ids.
    put(
        &mut m,
        "type",
        (e.call_type != crate::model::CallType::Track).then(|| json!(e.call_type.as_str())),
    );
    put(&mut m, "vendor", e.vendor.clone().map(Value::from));
    put(
        &mut m,
        "description",
        e.description.clone().map(Value::from),
    );
    put(&mut m, "owner", e.owner.as_ref().map(|o| json!(o.as_str())));
    m.insert("status".into(), json!(e.status.as_str()));
    put(
        &mut m,
        "deprecated_since",
        e.deprecated_since.map(|d| json!(d.to_string())),
    );
    put(&mut m, "sunset", e.sunset.map(|d| json!(d.to_string())));
    put(
        &mut m,
        "replaced_by",
        e.replaced_by.as_ref().map(|k| json!(k.as_str())),
    );
    if !e.sources.is_empty() {
        m.insert("sources".into(), json!(e.sources));
    }
    if !e.tags.is_empty() {
        m.insert("tags".into(), json!(e.tags));
    }
    m.insert(
        "additional_properties".into(),
        Value::Bool(e.additional_properties.unwrap_or(policy_additional)),
    );
    if !e.examples.is_empty() {
        let examples = e.examples.iter().cloned().map(Value::Object).collect();
        m.insert("examples".into(), Value::Array(examples));
    }
    put(
        &mut m,
        "schema_extra",
        e.schema_extra.clone().map(Value::Object),
    );
    let props = e
        .properties
        .iter()
        .map(|(name, p)| (name.clone(), property(p, shared_id)))
        .collect();
    m.insert("properties".into(), Value::Object(props));
    Value::Object(m)
}

/// The manifest's form: `{"plan": {…}, "policy": {…}, "naming": {…},
/// "lints": {…}}` with every default written out, so a default and the same
/// value written explicitly have one id.
pub fn manifest(m: &Manifest) -> Value {
    let p = &m.policy;
    let mut plan = Map::new();
    plan.insert("name".into(), json!(m.name));
    plan.insert("vendor".into(), json!(m.vendor));
    plan.insert("version".into(), json!(m.version.to_string()));
    put(
        &mut plan,
        "description",
        m.description.clone().map(Value::from),
    );
    let mut policy = json!({
        "approvals": p.approvals,
        "owners_must_approve": p.owners_must_approve,
        "breaking": p.breaking.as_str(),
        "additional_properties": p.additional_properties,
        "profile": p.profile.as_str(),
    });
    if let Some(width) = p.warehouse_string_width {
        policy["warehouse"] = json!({ "string_width": width });
    }
    let lints: Map<String, Value> = m
        .lints
        .iter()
        .map(|(k, v)| (k.clone(), json!(v.as_str())))
        .collect();
    json!({
        "plan": plan,
        "policy": policy,
        "naming": { "event": m.event_naming.as_str(), "property": m.property_naming.as_str() },
        "lints": lints,
    })
}

/// The plan's form: the manifest's id and, per kind, each key with its
/// object's id. Two plans with the same id hold the same objects under the
/// same keys. The lock is not part of it: versions are assigned by publish,
/// not authored.
pub fn plan(p: &Plan) -> Value {
    fn ids<'a>(items: impl Iterator<Item = (&'a str, ObjectId)>) -> Value {
        Value::Object(
            items
                .map(|(k, id)| (k.to_string(), json!(id.to_hex())))
                .collect(),
        )
    }
    let mut plan = json!({
        "manifest": p.manifest.id.to_hex(),
        "owners": ids(p.owners.iter().map(|(k, o)| (k.as_str(), o.id))),
        "properties": ids(p.properties.iter().map(|(k, s)| (k.as_str(), s.id))),
        "events": ids(p.events.iter().map(|(k, e)| (k.as_str(), e.id))),
    });
    // Only a plan with sources names them: older plans keep their ids.
    if !p.sources.is_empty() {
        plan["sources"] = ids(p.sources.iter().map(|(k, s)| (k.as_str(), s.id)));
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_sorted_and_whitespace_dropped() {
        let v: Value =
            serde_json::from_str(r#"{ "b": [1, 2.0, -0.0], "a": {"z": 1, "é": "x\n"} }"#).unwrap();
        assert_eq!(to_string(&v), r#"{"a":{"z":1,"é":"x\n"},"b":[1,2,0]}"#);
    }

    #[test]
    fn integral_floats_equal_integers() {
        let a: Value = serde_json::from_str("[1.0, 10.0, 1e3]").unwrap();
        let b: Value = serde_json::from_str("[1, 10, 1000]").unwrap();
        assert_eq!(id_of(&a), id_of(&b));
        let c: Value = serde_json::from_str("[1.5]").unwrap();
        assert_eq!(to_string(&c), "[1.5]");
    }
}
