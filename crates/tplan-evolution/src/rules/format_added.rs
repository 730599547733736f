//! `format-added`: `format` where there was none.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `format-added` rule.
pub(crate) static RULE: Rule = Rule {
    id: "format-added",
    class: Class::Revision,
    profile: None,
    overrides: &[],
    summary: "`format` where there was none.",
    why: "Malformed strings fail.",
    message: value_change,
    cases: &[
        case!(old: {"type": "string"}, new: {"type": "string", "format": "email"}, fires),
        case!(old: {"type": "string", "format": "email"}, new: {"type": "string"}, silent),
    ],
};
