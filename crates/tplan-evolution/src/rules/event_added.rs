//! `event-added`: A new event key.

use super::plans;
use super::rule::{About, Rule, plan_case};
use crate::class::Class;

/// The `event-added` rule.
pub(crate) static RULE: Rule = Rule {
    id: "event-added",
    class: Class::Addition,
    profile: None,
    overrides: &[],
    summary: "A new event key.",
    why: "A new schema at 1-0-0; the plan takes a minor bump.",
    message,
    cases: &[
        plan_case!(old: plans::ONE, new: plans::TWO, fires),
        plan_case!(old: plans::ONE, new: plans::ONE_RENAMED, silent),
    ],
};

fn message(a: &About<'_>) -> String {
    format!("event `{}` added", a.key())
}
