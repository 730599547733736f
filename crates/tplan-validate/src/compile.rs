//! Schemas compiled into validators, and stripped of what never validates.

use serde_json::Value;
use tplan_schema::keyword::{self, Holds};

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
/// compiled validators and would cost memory for nothing. Only schema
/// positions are visited (the keyword table says where subschemas are), so
/// a property *named* `description` stays.
pub(crate) fn strip_annotations(schema: &mut Value) {
    let Value::Object(o) = schema else {
        return;
    };
    o.retain(|k, _| !keyword::is_annotation(k));
    for (key, child) in o.iter_mut() {
        match (keyword::holds_in(key, child), child) {
            (Some(Holds::One), v) => strip_annotations(v),
            (Some(Holds::List), Value::Array(items)) => {
                items.iter_mut().for_each(strip_annotations)
            }
            (Some(Holds::Named), Value::Object(map)) => {
                map.values_mut().for_each(strip_annotations)
            }
            _ => {}
        }
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
