//! `declared-bump-below-computed`: A declared bump less severe than the computed one.

use super::rule::{Rule, value_change};
use crate::class::Class;

/// The `declared-bump-below-computed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "declared-bump-below-computed",
    class: Class::Model,
    profile: None,
    overrides: &[],
    summary: "A declared bump less severe than the computed one.",
    why: "An error: nothing is published.",
    message: value_change,
    cases: &[],
};
