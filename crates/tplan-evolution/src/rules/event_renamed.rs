//! `event-renamed`: An event's key changed (same name or same content under a new key).

use serde_json::Value;

use super::plans;
use super::rule::{About, Rule, plan_case};
use crate::class::Class;

/// The `event-renamed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "event-renamed",
    class: Class::Model,
    profile: None,
    overrides: &[],
    summary: "A published event's key changed (same name or same content under a new key).",
    why: "`event-removed` plus `event-added`.",
    message,
    cases: &[
        plan_case!(old: plans::ONE_PUBLISHED, new: plans::ONE_RENAMED_PUBLISHED, fires),
        plan_case!(old: plans::ONE, new: plans::ONE_RENAMED, silent, class: Some(Class::Metadata)),
        plan_case!(old: plans::TWO, new: plans::ONE, silent),
    ],
};

fn message(a: &About<'_>) -> String {
    format!(
        "event renamed from `{}` to `{}`: a new schema at 1-0-0, the old one is gone",
        a.old.and_then(Value::as_str).unwrap_or("?"),
        a.key()
    )
}
