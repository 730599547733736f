//! `column-nullability-changed`: A required non-null property became optional or nullable.

use tplan_plan::model::Profile;

use super::rule::{About, Rule, case, value_change};
use crate::class::Class;

/// The `column-nullability-changed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "column-nullability-changed",
    class: Class::Model,
    profile: Some(Profile::WarehouseStrict),
    overrides: &[],
    summary: "A required non-null property became optional or nullable.",
    why: "A NOT NULL column would have to accept NULL.",
    message,
    cases: &[
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}, new: {"type": "object", "properties": {"a": {"type": "string"}}}, fires, profile: Profile::WarehouseStrict),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}, new: {"type": "object", "properties": {"a": {"type": ["string", "null"]}}, "required": ["a"]}, fires, profile: Profile::WarehouseStrict),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}, new: {"type": "object", "properties": {"a": {"type": "string"}}}, silent),
        case!(old: {"type": "object", "properties": {"a": {"type": "string"}}}, new: {"type": "object", "properties": {"a": {"type": ["string", "null"]}}}, silent, profile: Profile::WarehouseStrict),
    ],
};

fn message(a: &About<'_>) -> String {
    // At the property (made optional) there are no values; at its `type`
    // (null added) the values say it.
    if a.old.is_none() && a.new.is_none() {
        return format!(
            "`{}` is now optional: its NOT NULL column must accept NULL",
            a.name()
        );
    }
    value_change(a)
}
