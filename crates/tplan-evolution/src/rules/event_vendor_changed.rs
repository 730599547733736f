//! `event-vendor-changed`: An event's Iglu vendor changed.

use super::plans;
use super::rule::{About, Rule, plan_case};
use crate::class::Class;

/// The `event-vendor-changed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "event-vendor-changed",
    class: Class::Model,
    profile: None,
    overrides: &[],
    summary: "An event's Iglu vendor changed.",
    why: "The vendor is part of the Iglu URI: payloads name the old schema, which the new one is not.",
    message,
    cases: &[
        plan_case!(old: plans::ONE, new: plans::ONE_MOBILE, fires),
        plan_case!(old: plans::ONE_MOBILE, new: plans::ONE_MOBILE, silent, class: Some(Class::None)),
    ],
};

fn message(a: &About<'_>) -> String {
    format!("Iglu vendor `{}` -> `{}`", a.old_text(), a.new_text())
}
