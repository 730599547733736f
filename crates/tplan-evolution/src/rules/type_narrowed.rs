//! `type-narrowed`: The new type set lies strictly inside the old: a member removed, `number` -> `integer`, `type` added.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `type-narrowed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "type-narrowed",
    class: Class::Model,
    profile: None,
    overrides: &[],
    summary: "The new type set lies strictly inside the old: a member removed, `number` -> `integer`, `type` added.",
    why: "Values of the dropped type fail.",
    message: value_change,
    cases: &[
        case!(old: {"type": "number"}, new: {"type": "integer"}, fires),
        case!(old: {}, new: {"type": "string"}, fires),
        case!(old: {"type": "integer"}, new: {"type": "number"}, silent),
    ],
};
