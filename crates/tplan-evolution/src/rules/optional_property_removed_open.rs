//! `optional-property-removed-open`: An optional property was removed from an open object.

use super::rule::{About, Rule, case};
use crate::class::Class;

/// The `optional-property-removed-open` rule.
pub(crate) static RULE: Rule = Rule {
    id: "optional-property-removed-open",
    class: Class::Addition,
    profile: None,
    overrides: &[],
    summary: "An optional property was removed from an open object.",
    why: "The key is now unconstrained.",
    message,
    cases: &[
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}}, new: {"type": "object", "properties": {}}, fires),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}, new: {"type": "object", "properties": {}, "additionalProperties": false}, silent),
    ],
};

fn message(a: &About<'_>) -> String {
    format!(
        "optional property `{}` removed; the key is now unconstrained",
        a.name()
    )
}
