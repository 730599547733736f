//! `declared-bump-above-computed`: A declared bump more severe than the computed one.

use super::rule::{Rule, value_change};
use crate::class::Class;

/// The `declared-bump-above-computed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "declared-bump-above-computed",
    class: Class::Metadata,
    profile: None,
    overrides: &[],
    summary: "A declared bump more severe than the computed one.",
    why: "The computed class is a minimum: the larger bump is published and noted.",
    message: value_change,
    cases: &[],
};
