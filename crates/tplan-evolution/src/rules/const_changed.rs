//! `const-changed`: `const` was replaced.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `const-changed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "const-changed",
    class: Class::Model,
    profile: None,
    overrides: &[],
    summary: "`const` was replaced.",
    why: "Every payload carrying it fails.",
    message: value_change,
    cases: &[
        case!(old: {"const": "web"}, new: {"const": "ios"}, fires),
        case!(old: {"const": "web"}, new: {}, silent),
    ],
};
