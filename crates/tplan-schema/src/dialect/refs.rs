//! `$ref`s: listing them, and moving local ones with their schema.

use serde_json::Value;

use super::walk::each_subschema;

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
