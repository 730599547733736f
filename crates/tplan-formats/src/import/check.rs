//! A source file read as JSON, and a schema checked as its draft checks it.

use serde_json::Value;

use super::schema::Dialect;

/// A file's bytes as JSON, or why not (with the line and column).
pub(super) fn read_json(bytes: &[u8]) -> Result<serde_json::Value, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("not UTF-8 (byte {})", e.valid_up_to() + 1))?;
    serde_json::from_str(text)
        .map_err(|e| format!("not JSON (line {}, column {}): {e}", e.line(), e.column()))
}

/// A schema valid against its draft's meta-schema that compiles offline
/// (no remote `$ref` is fetched).
pub(super) fn check_schema(schema: &Value, dialect: Dialect) -> Result<(), String> {
    meta_check(schema, dialect)?;
    compiles(schema, dialect)
}

/// Iglu's `self` and meta-schema URI are not JSON Schema.
fn plain(schema: &Value, dialect: Dialect) -> Value {
    let mut plain = schema.clone();
    if let Some(map) = plain.as_object_mut() {
        map.remove("self");
        if dialect == Dialect::Draft4 {
            map.remove("$schema");
        }
    }
    plain
}

pub(super) fn meta_check(schema: &Value, dialect: Dialect) -> Result<(), String> {
    let plain = plain(schema, dialect);
    let meta = match dialect {
        Dialect::Draft4 => jsonschema::draft4::meta::validate(&plain),
        Dialect::Draft6 => jsonschema::draft6::meta::validate(&plain),
        Dialect::Draft7 => jsonschema::draft7::meta::validate(&plain),
        Dialect::Draft201909 => jsonschema::draft201909::meta::validate(&plain),
        Dialect::Draft202012 => jsonschema::draft202012::meta::validate(&plain),
    };
    meta.map_err(|e| format!("not a valid JSON Schema: {e} (at `{}`)", e.instance_path()))
}

pub(super) fn compiles(schema: &Value, dialect: Dialect) -> Result<(), String> {
    jsonschema::options()
        .with_draft(dialect.draft())
        .should_validate_formats(true)
        .build(&plain(schema, dialect))
        .map_err(|e| format!("does not compile: {e}"))?;
    Ok(())
}
