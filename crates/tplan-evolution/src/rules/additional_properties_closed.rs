//! `additional-properties-closed`: `additionalProperties` went from absent or `true` to `false`.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `additional-properties-closed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "additional-properties-closed",
    class: Class::Model,
    profile: None,
    overrides: &[],
    summary: "`additionalProperties` went from absent or `true` to `false`.",
    why: "Payloads with undeclared keys fail; nobody knows how many.",
    message: value_change,
    cases: &[
        case!(old: {"type": "object"}, new: {"type": "object", "additionalProperties": false}, fires),
        case!(old: {"type": "object", "additionalProperties": false}, new: {"type": "object"}, silent),
    ],
};
