//! `enum-value-removed`: Values were removed from `enum`, at least one kept.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `enum-value-removed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "enum-value-removed",
    class: Class::Revision,
    profile: None,
    overrides: &[],
    summary: "Values were removed from `enum`, at least one kept.",
    why: "Payloads with them fail.",
    message: value_change,
    cases: &[
        case!(old: {"enum": ["EUR", "USD"]}, new: {"enum": ["EUR"]}, fires),
        case!(old: {"enum": ["EUR"]}, new: {"enum": ["EUR", "USD"]}, silent),
    ],
};
