//! `optional-property-added-open`: An optional property was added to an open object.

use tplan_plan::model::Profile;

use super::rule::{About, Override, Rule, When, case};
use crate::class::Class;

/// The `optional-property-added-open` rule.
pub(crate) static RULE: Rule = Rule {
    id: "optional-property-added-open",
    class: Class::Revision,
    profile: None,
    overrides: &[Override {
        profile: Profile::Tolerant,
        class: Class::Addition,
        when: When::Always,
    }],
    summary: "An optional property was added to an open object.",
    why: "Old payloads may carry the key with another type.",
    message,
    cases: &[
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}}, new: {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}, fires),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}}, new: {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}, fires, profile: Profile::Tolerant),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}, new: {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "additionalProperties": false}, silent),
    ],
};

fn message(a: &About<'_>) -> String {
    format!(
        "optional property `{}` added to an open object: old payloads may carry it with another type",
        a.name()
    )
}
