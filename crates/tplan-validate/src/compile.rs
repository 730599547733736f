//! Schemas compiled into validators, and stripped of what never validates.

use serde_json::Value;

/// A compiled schema, or why it could not be compiled.
pub(crate) type Compiled = Result<jsonschema::Validator, String>;

/// Formats are asserted (`date-time`, `email`, `uuid`…), as Iglu's
/// validators do: a tracking plan's `format` is a promise about the data.
/// Compiles a schema of the draft its `$schema` names (2020-12 when none).
pub(crate) fn compile(schema: &Value) -> Compiled {
    build(jsonschema::options(), schema)
}

/// Compiles a schema as `draft`, whatever it says.
pub(crate) fn compile_iglu(schema: &Value) -> Compiled {
    build(tplan_schema::dialect::iglu_options(), schema)
}

pub(crate) fn build(options: jsonschema::ValidationOptions<'_>, schema: &Value) -> Compiled {
    options
        .should_validate_formats(true)
        .build(schema)
        .map_err(|e| format!("the schema does not compile: {e}"))
}

/// Removes keywords that annotate and never validate: they are kept by
/// compiled validators and would cost memory for nothing.
pub(crate) fn strip_annotations(schema: &mut Value) {
    match schema {
        Value::Object(o) => {
            for k in [
                "title",
                "description",
                "examples",
                "$comment",
                "deprecated",
                "default",
            ] {
                // A property may be *named* `description`: only strip a
                // keyword whose value is not a subschema map's entry.
                if o.get(k).is_some_and(|v| !v.is_object() || k == "default") {
                    o.remove(k);
                }
            }
            for (key, child) in o.iter_mut() {
                match key.as_str() {
                    // Maps of subschemas: strip inside each, keep the names.
                    "properties" | "$defs" | "definitions" | "patternProperties" => {
                        if let Value::Object(map) = child {
                            for sub in map.values_mut() {
                                strip_annotations(sub);
                            }
                        }
                    }
                    "enum" | "const" => {}
                    _ => strip_annotations(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_annotations),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn annotations_go_and_property_names_stay() {
        let mut schema = json!({
            "title": "T", "description": "d", "type": "object",
            "properties": {"description": {"type": "string", "description": "x", "default": "a"},
                           "title": {"type": "integer"}},
            "required": ["description"]
        });
        strip_annotations(&mut schema);
        assert_eq!(
            schema,
            json!({"type": "object", "properties": {"description": {"type": "string"},
                   "title": {"type": "integer"}}, "required": ["description"]})
        );
    }
}
