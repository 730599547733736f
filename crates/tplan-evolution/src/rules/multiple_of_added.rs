//! `multiple-of-added`: `multipleOf` where there was none.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `multiple-of-added` rule.
pub(crate) static RULE: Rule = Rule {
    id: "multiple-of-added",
    class: Class::Revision,
    profile: None,
    overrides: &[],
    summary: "`multipleOf` where there was none.",
    why: "Other numbers fail.",
    message: value_change,
    cases: &[
        case!(old: {"type": "number"}, new: {"type": "number", "multipleOf": 0.5}, fires),
        case!(old: {"type": "number", "multipleOf": 0.5}, new: {"type": "number"}, silent),
    ],
};
