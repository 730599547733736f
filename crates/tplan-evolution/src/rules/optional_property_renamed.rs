//! `optional-property-renamed`: An optional property was removed and the same schema added under another name.

use tplan_plan::model::Profile;

use super::rule::{About, Override, Rule, When, case};
use crate::class::Class;

/// The `optional-property-renamed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "optional-property-renamed",
    class: Class::Revision,
    profile: None,
    overrides: &[Override {
        profile: Profile::Tolerant,
        class: Class::Addition,
        when: When::OpenObject,
    }],
    summary: "An optional property was removed and the same schema added under another name.",
    why: "The removal (closed) or addition (open) is a revision.",
    message,
    cases: &[
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}, new: {"type": "object", "properties": {"b": {"type": "string"}}, "additionalProperties": false}, fires),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}}, new: {"type": "object", "properties": {"b": {"type": "string"}}}, fires),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}}, new: {"type": "object", "properties": {"b": {"type": "string"}}}, fires, profile: Profile::Tolerant, class: Some(Class::Addition)),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}, new: {"type": "object", "properties": {"b": {"type": "string"}}, "additionalProperties": false}, fires, profile: Profile::Tolerant),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}, new: {"type": "object", "properties": {"b": {"type": "string"}}, "required": ["b"]}, silent),
    ],
};

fn message(a: &About<'_>) -> String {
    format!(
        "optional property renamed `{}` -> `{}`",
        a.old_text(),
        a.new_text()
    )
}
