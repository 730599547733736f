//! Small text helpers of messages and paths.

use serde_json::Value;

/// Messages longer than this are cut (a message quotes the failing value).
pub(crate) const MESSAGE_CHARS: usize = 200;

pub(crate) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A JSON Pointer segment.
pub(crate) fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

pub(crate) fn cut(text: &str) -> String {
    if text.chars().count() <= MESSAGE_CHARS {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(MESSAGE_CHARS).collect();
        s.push('…');
        s
    }
}
