//! `null-added`: `"null"` was added to `type`.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `null-added` rule.
pub(crate) static RULE: Rule = Rule {
    id: "null-added",
    class: Class::Addition,
    profile: None,
    overrides: &[],
    summary: "`\"null\"` was added to `type`.",
    why: "Other values are unaffected.",
    message: value_change,
    cases: &[
        case!(old: {"type": "string"}, new: {"type": ["string", "null"]}, fires),
        case!(old: {"type": ["string", "null"]}, new: {"type": "string"}, silent),
    ],
};
