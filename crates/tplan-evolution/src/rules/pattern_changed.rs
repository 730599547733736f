//! `pattern-changed`: `pattern` replaced, even by a broader-looking one.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `pattern-changed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "pattern-changed",
    class: Class::Revision,
    profile: None,
    overrides: &[],
    summary: "`pattern` replaced, even by a broader-looking one.",
    why: "Regex inclusion is not decided.",
    message: value_change,
    cases: &[
        case!(old: {"pattern": "^[a-z]+$"}, new: {"pattern": "^[a-z0-9]+$"}, fires),
        case!(old: {"pattern": "^[a-z]+$"}, new: {}, silent),
    ],
};
