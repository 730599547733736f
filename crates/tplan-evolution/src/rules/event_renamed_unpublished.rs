//! `event-renamed-unpublished`: An event never published got a new key.

use serde_json::Value;

use super::plans;
use super::rule::{About, Rule, plan_case};
use crate::class::Class;

/// The `event-renamed-unpublished` rule.
pub(crate) static RULE: Rule = Rule {
    id: "event-renamed-unpublished",
    class: Class::Metadata,
    profile: None,
    overrides: &[],
    summary: "An event never published got a new key.",
    why: "No schema was released under the old key: nothing was collected against it.",
    message,
    cases: &[
        plan_case!(old: plans::ONE, new: plans::ONE_RENAMED, fires),
        plan_case!(old: plans::ONE_PUBLISHED, new: plans::ONE_RENAMED_PUBLISHED, silent, class: Some(Class::Model)),
    ],
};

fn message(a: &About<'_>) -> String {
    format!(
        "event renamed from `{}` to `{}`; it was never published",
        a.old.and_then(Value::as_str).unwrap_or("?"),
        a.key()
    )
}
