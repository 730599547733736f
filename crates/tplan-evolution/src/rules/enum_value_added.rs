//! `enum-value-added`: Values were added to `enum`, none removed.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `enum-value-added` rule.
pub(crate) static RULE: Rule = Rule {
    id: "enum-value-added",
    class: Class::Addition,
    profile: None,
    overrides: &[],
    summary: "Values were added to `enum`, none removed.",
    why: "Old values are still listed.",
    message: value_change,
    cases: &[
        case!(old: {"enum": ["EUR"]}, new: {"enum": ["EUR", "USD"]}, fires),
        case!(old: {"enum": ["EUR", "USD"]}, new: {"enum": ["EUR"]}, silent),
    ],
};
