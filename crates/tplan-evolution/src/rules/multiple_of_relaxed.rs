//! `multiple-of-relaxed`: The new `multipleOf` divides the old exactly (12 -> 6).

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `multiple-of-relaxed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "multiple-of-relaxed",
    class: Class::Addition,
    profile: None,
    overrides: &[],
    summary: "The new `multipleOf` divides the old exactly (12 -> 6).",
    why: "Old multiples stay multiples.",
    message: value_change,
    cases: &[
        case!(old: {"multipleOf": 12}, new: {"multipleOf": 6}, fires),
        case!(old: {"multipleOf": 0.05}, new: {"multipleOf": 0.01}, fires),
        case!(old: {"multipleOf": 6}, new: {"multipleOf": 12}, silent),
    ],
};
