//! `const-added`: `const` where there was none.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `const-added` rule.
pub(crate) static RULE: Rule = Rule {
    id: "const-added",
    class: Class::Revision,
    profile: None,
    overrides: &[],
    summary: "`const` where there was none.",
    why: "Other values fail.",
    message: value_change,
    cases: &[
        case!(old: {"type": "string"}, new: {"type": "string", "const": "web"}, fires),
        case!(old: {"type": "string", "const": "web"}, new: {"type": "string"}, silent),
    ],
};
