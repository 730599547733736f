//! `required-property-added`: A new property in `required` (a `default` does not help).

use super::rule::{About, Rule, case};
use crate::class::Class;

/// The `required-property-added` rule.
pub(crate) static RULE: Rule = Rule {
    id: "required-property-added",
    class: Class::Model,
    profile: None,
    overrides: &[],
    summary: "A new property in `required` (a `default` does not help).",
    why: "Old payloads lack it.",
    message,
    cases: &[
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}}, new: {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "required": ["b"]}, fires),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}, new: {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "additionalProperties": false}, silent),
    ],
};

fn message(a: &About<'_>) -> String {
    format!(
        "required property `{}` added: old payloads lack it",
        a.name()
    )
}
