//! `property-made-optional`: A required property became optional.

use tplan_plan::model::Profile;

use super::rule::{About, Rule, case};
use crate::class::Class;

/// The `property-made-optional` rule.
pub(crate) static RULE: Rule = Rule {
    id: "property-made-optional",
    class: Class::Addition,
    profile: None,
    overrides: &[],
    summary: "A required property became optional.",
    why: "Payloads with it stay valid.",
    message,
    cases: &[
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}, new: {"type": "object", "properties": {"a": {"type": "string"}}}, fires),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}}, new: {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}, silent),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}, new: {"type": "object", "properties": {"a": {"type": "string"}}}, silent, profile: Profile::WarehouseStrict),
    ],
};

fn message(a: &About<'_>) -> String {
    format!("`{}` is now optional", a.name())
}
