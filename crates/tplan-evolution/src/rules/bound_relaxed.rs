//! `bound-relaxed`: The reverse of `bound-tightened`, including a removed bound.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `bound-relaxed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "bound-relaxed",
    class: Class::Addition,
    profile: None,
    overrides: &[],
    summary: "The reverse of `bound-tightened`, including a removed bound.",
    why: "The range grows.",
    message: value_change,
    cases: &[
        case!(old: {"maximum": 10}, new: {"maximum": 20}, fires),
        case!(old: {"minimum": 1}, new: {}, fires),
        case!(old: {"maximum": 20}, new: {"maximum": 10}, silent),
    ],
};
