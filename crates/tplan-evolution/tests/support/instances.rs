//! Instances of a JSON Schema (the subset tplan analyses), for checking
//! that payloads valid under an old schema stay valid under a new one.
#![allow(dead_code)]

use serde_json::{Map, Value, json};

/// A handful of instances of `schema`: the minimal one, one with every
/// optional property, and the enum/const/example values. Not all are valid
/// (callers filter with a validator); they probe the schema's edges.
pub fn instances(schema: &Value) -> Vec<Value> {
    let mut out = vec![instance(schema, false, 0), instance(schema, true, 0)];
    for key in ["enum", "examples"] {
        if let Some(values) = schema.get(key).and_then(Value::as_array) {
            out.extend(values.iter().cloned());
        }
    }
    out
}

/// One instance: `full` includes optional properties and array items.
pub fn instance(schema: &Value, full: bool, depth: usize) -> Value {
    let Some(s) = schema.as_object() else {
        return json!(null);
    };
    if depth > 8 {
        return json!(null);
    }
    if let Some(c) = s.get("const") {
        return c.clone();
    }
    if let Some(e) = s
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return e.clone();
    }
    let ty = match s.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null")
            .to_string(),
        _ if s.contains_key("properties") => "object".into(),
        _ => "string".into(),
    };
    let num = |k: &str| s.get(k).and_then(Value::as_f64);
    match ty.as_str() {
        "object" => {
            let required: Vec<&str> = s
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let mut m = Map::new();
            if let Some(props) = s.get("properties").and_then(Value::as_object) {
                for (name, p) in props {
                    if full || required.contains(&name.as_str()) {
                        m.insert(name.clone(), instance(p, full, depth + 1));
                    }
                }
            }
            Value::Object(m)
        }
        "array" => {
            let n = if full {
                num("minItems").unwrap_or(1.0).max(1.0)
            } else {
                num("minItems").unwrap_or(0.0)
            } as usize;
            let item = s.get("items").cloned().unwrap_or(json!({}));
            Value::Array((0..n).map(|_| instance(&item, full, depth + 1)).collect())
        }
        "integer" | "number" => {
            let mut v = num("minimum")
                .or(num("exclusiveMinimum").map(|x| x + 1.0))
                .unwrap_or(0.0);
            if let Some(m) = num("multipleOf") {
                v = (v / m).ceil() * m;
            }
            if ty == "integer" {
                json!(v.ceil() as i64)
            } else {
                json!(v)
            }
        }
        "boolean" => json!(full),
        "null" => json!(null),
        _ => {
            let len = num("minLength").unwrap_or(if full { 3.0 } else { 0.0 }) as usize;
            let text = match s.get("format").and_then(Value::as_str) {
                Some("email") => "a@example.com".to_string(),
                Some("uri") => "https://example.com/".to_string(),
                Some("date-time") => "2026-01-01T00:00:00Z".to_string(),
                Some("date") => "2026-01-01".to_string(),
                Some("uuid") => "6f1c2a4e-8b1d-4c47-9a53-0e2d8f4b7a10".to_string(),
                Some("ipv4") => "192.168.0.1".to_string(),
                _ => "x".repeat(len.max(usize::from(full))),
            };
            json!(text)
        }
    }
}
