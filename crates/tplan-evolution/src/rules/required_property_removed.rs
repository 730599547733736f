//! `required-property-removed`: A required property was removed.

use super::rule::{About, Rule, case};
use crate::class::Class;

/// The `required-property-removed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "required-property-removed",
    class: Class::Model,
    profile: None,
    overrides: &[],
    summary: "A required property was removed.",
    why: "Closed: every payload fails; open: readers break.",
    message,
    cases: &[
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}, new: {"type": "object", "properties": {}}, fires),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}}, new: {"type": "object", "properties": {}}, silent),
    ],
};

fn message(a: &About<'_>) -> String {
    format!("required property `{}` removed", a.name())
}
