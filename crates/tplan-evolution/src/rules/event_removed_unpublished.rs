//! `event-removed-unpublished`: An event never published is gone.

use super::plans;
use super::rule::{About, Rule, plan_case};
use crate::class::Class;

/// The `event-removed-unpublished` rule.
pub(crate) static RULE: Rule = Rule {
    id: "event-removed-unpublished",
    class: Class::Metadata,
    profile: None,
    overrides: &[],
    summary: "An event never published is gone.",
    why: "No schema of it was released, so nothing can have been collected against it.",
    message,
    cases: &[
        plan_case!(old: plans::TWO, new: plans::ONE, fires),
        plan_case!(old: plans::TWO_PUBLISHED, new: plans::ONE_LEFT, silent, class: Some(Class::Model)),
    ],
};

fn message(a: &About<'_>) -> String {
    format!("event `{}` removed; it was never published", a.key())
}
