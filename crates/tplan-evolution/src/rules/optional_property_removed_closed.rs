//! `optional-property-removed-closed`: An optional property was removed from a closed object.

use super::rule::{About, Rule, case};
use crate::class::Class;

/// The `optional-property-removed-closed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "optional-property-removed-closed",
    class: Class::Revision,
    profile: None,
    overrides: &[],
    summary: "An optional property was removed from a closed object.",
    why: "Payloads carrying it fail.",
    message,
    cases: &[
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}, new: {"type": "object", "properties": {}, "additionalProperties": false}, fires),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}}, new: {"type": "object", "properties": {}}, silent),
    ],
};

fn message(a: &About<'_>) -> String {
    format!(
        "optional property `{}` removed from a closed object: payloads carrying it fail",
        a.name()
    )
}
