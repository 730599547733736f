//! `event-readded`: A key published before returns.

use super::plans;
use super::rule::{About, Rule, plan_case};
use crate::class::Class;

/// The `event-readded` rule.
pub(crate) static RULE: Rule = Rule {
    id: "event-readded",
    class: Class::Addition,
    profile: None,
    overrides: &[],
    summary: "A key published before returns.",
    why: "Bumped from its last published schema, never back to 1-0-0 (immutable).",
    message,
    cases: &[
        plan_case!(old: plans::GONE, new: plans::BACK, fires, class: Some(Class::Model)),
        plan_case!(old: plans::ONE, new: plans::TWO, silent),
    ],
};

fn message(a: &About<'_>) -> String {
    format!(
        "event `{}` returns after being removed; its version continues from the last published one",
        a.key()
    )
}
