//! `property-made-required`: An optional property became required.

use super::rule::{About, Rule, case};
use crate::class::Class;

/// The `property-made-required` rule.
pub(crate) static RULE: Rule = Rule {
    id: "property-made-required",
    class: Class::Model,
    profile: None,
    overrides: &[],
    summary: "An optional property became required.",
    why: "Payloads that omitted it fail.",
    message,
    cases: &[
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}}, new: {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}, fires),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}, new: {"type": "object", "properties": {"a": {"type": "string"}}}, silent),
    ],
};

fn message(a: &About<'_>) -> String {
    format!(
        "`{}` is now required: payloads that omitted it fail",
        a.name()
    )
}
