//! `pattern-added`: `pattern` where there was none.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `pattern-added` rule.
pub(crate) static RULE: Rule = Rule {
    id: "pattern-added",
    class: Class::Revision,
    profile: None,
    overrides: &[],
    summary: "`pattern` where there was none.",
    why: "Other strings fail.",
    message: value_change,
    cases: &[
        case!(old: {"type": "string"}, new: {"type": "string", "pattern": "^[a-z]+$"}, fires),
        case!(old: {"type": "string", "pattern": "^[a-z]+$"}, new: {"type": "string"}, silent),
    ],
};
