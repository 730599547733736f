//! `unique-items-added`: `uniqueItems` became `true`.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `unique-items-added` rule.
pub(crate) static RULE: Rule = Rule {
    id: "unique-items-added",
    class: Class::Revision,
    profile: None,
    overrides: &[],
    summary: "`uniqueItems` became `true`.",
    why: "Duplicates fail.",
    message: value_change,
    cases: &[
        case!(old: {"type": "array"}, new: {"type": "array", "uniqueItems": true}, fires),
        case!(old: {"type": "array", "uniqueItems": true}, new: {"type": "array"}, silent),
    ],
};
