//! `enum-added`: `enum` where there was none.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `enum-added` rule.
pub(crate) static RULE: Rule = Rule {
    id: "enum-added",
    class: Class::Revision,
    profile: None,
    overrides: &[],
    summary: "`enum` where there was none.",
    why: "Other values fail.",
    message: value_change,
    cases: &[
        case!(old: {"type": "string"}, new: {"type": "string", "enum": ["EUR"]}, fires),
        case!(old: {"type": "string", "enum": ["EUR"]}, new: {"type": "string"}, silent),
    ],
};
