//! `optional-property-added-closed`: An optional property was added to a closed object.

use super::rule::{About, Rule, case};
use crate::class::Class;

/// The `optional-property-added-closed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "optional-property-added-closed",
    class: Class::Addition,
    profile: None,
    overrides: &[],
    summary: "An optional property was added to a closed object.",
    why: "No payload could carry the key.",
    message,
    cases: &[
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}, new: {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "additionalProperties": false}, fires),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}}, new: {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}, silent),
    ],
};

fn message(a: &About<'_>) -> String {
    format!("optional property `{}` added", a.name())
}
