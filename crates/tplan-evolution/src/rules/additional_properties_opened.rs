//! `additional-properties-opened`: `additionalProperties` went from `false` to absent or `true`.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `additional-properties-opened` rule.
pub(crate) static RULE: Rule = Rule {
    id: "additional-properties-opened",
    class: Class::Addition,
    profile: None,
    overrides: &[],
    summary: "`additionalProperties` went from `false` to absent or `true`.",
    why: "Undeclared keys are allowed.",
    message: value_change,
    cases: &[
        case!(old: {"type": "object", "additionalProperties": false}, new: {"type": "object"}, fires),
        case!(old: {"type": "object"}, new: {"type": "object", "additionalProperties": false}, silent),
    ],
};
