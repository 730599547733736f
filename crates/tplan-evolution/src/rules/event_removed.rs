//! `event-removed`: A published event's key is gone.

use super::plans;
use super::rule::{About, Rule, plan_case};
use crate::class::Class;

/// The `event-removed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "event-removed",
    class: Class::Model,
    profile: None,
    overrides: &[],
    summary: "A published event's key is gone.",
    why: "Consumers lose a schema; the plan takes a major bump.",
    message,
    cases: &[
        plan_case!(old: plans::TWO_PUBLISHED, new: plans::ONE_LEFT, fires),
        plan_case!(old: plans::TWO, new: plans::ONE, silent, class: Some(Class::Metadata)),
        plan_case!(old: plans::ONE, new: plans::ONE_RENAMED, silent),
    ],
};

fn message(a: &About<'_>) -> String {
    format!("event `{}` removed: consumers lose its schema", a.key())
}
