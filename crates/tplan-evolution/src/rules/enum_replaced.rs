//! `enum-replaced`: `enum` keeps none of its old values.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `enum-replaced` rule.
pub(crate) static RULE: Rule = Rule {
    id: "enum-replaced",
    class: Class::Model,
    profile: None,
    overrides: &[],
    summary: "`enum` keeps none of its old values.",
    why: "As `const-changed`.",
    message: value_change,
    cases: &[
        case!(old: {"enum": ["EUR"]}, new: {"enum": ["USD"]}, fires),
        case!(old: {"enum": ["EUR"]}, new: {"enum": ["EUR", "USD"]}, silent),
    ],
};
