//! `schema_extra`: JSON Schema keywords the plan format cannot hold, on an
//! event or a property, passed through verbatim. Here it is read as a JSON
//! object; that it adds to what the plan says and never contradicts it is
//! checked by `tplan_schema::load`, which knows the keywords.

use serde_json::{Map, Value};
use toml::de::DeValue;

use super::doc::{Doc, Item};

/// Reads `schema_extra` from JSON text (which keeps what TOML cannot say,
/// such as `null`) or a table.
pub(crate) fn read(doc: &mut Doc<'_>, key: &str, item: &Item<'_>) -> Option<Map<String, Value>> {
    let value = match item.get_ref() {
        DeValue::String(text) => match serde_json::from_str::<Value>(text) {
            Ok(value) => Some(value),
            Err(e) => {
                doc.invalid(key, item.span(), format!("not JSON: {e}"));
                None
            }
        },
        _ => doc.json(key, item),
    };
    match value? {
        Value::Object(map) => Some(map),
        _ => {
            doc.wrong_type(key, item, "a JSON object (as a table, or JSON text)");
            None
        }
    }
}
