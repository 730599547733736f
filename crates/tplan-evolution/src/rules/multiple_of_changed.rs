//! `multiple-of-changed`: The new `multipleOf` does not divide the old.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `multiple-of-changed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "multiple-of-changed",
    class: Class::Revision,
    profile: None,
    overrides: &[],
    summary: "The new `multipleOf` does not divide the old.",
    why: "Old multiples may fail.",
    message: value_change,
    cases: &[
        case!(old: {"multipleOf": 4}, new: {"multipleOf": 3}, fires),
        case!(old: {"multipleOf": 12}, new: {"multipleOf": 6}, silent),
    ],
};
