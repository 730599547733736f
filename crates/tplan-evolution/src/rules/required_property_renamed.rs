//! `required-property-renamed`: A required property was removed and the same schema added under another name.

use super::rule::{About, Rule, case};
use crate::class::Class;

/// The `required-property-renamed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "required-property-renamed",
    class: Class::Model,
    profile: None,
    overrides: &[],
    summary: "A required property was removed and the same schema added under another name.",
    why: "A required removal and addition, reported once.",
    message,
    cases: &[
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}, new: {"type": "object", "properties": {"b": {"type": "string"}}, "required": ["b"]}, fires),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}}, new: {"type": "object", "properties": {"b": {"type": "string"}}}, silent),
    ],
};

fn message(a: &About<'_>) -> String {
    format!(
        "required property renamed `{}` -> `{}`",
        a.old_text(),
        a.new_text()
    )
}
