//! `event-type-changed`: An event's call type changed (`track` to `identify`…).

use serde_json::Value;

use super::plans;
use super::rule::{About, Rule, plan_case};
use crate::class::Class;

/// The `event-type-changed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "event-type-changed",
    class: Class::Model,
    profile: None,
    overrides: &[],
    summary: "An event's call type changed (`track` to `identify`…).",
    why: "Payloads of the old type are sent, routed and stored apart (traits, not properties; a page, not a track): none is one of the new type.",
    message,
    cases: &[
        plan_case!(old: plans::ONE, new: plans::ONE_IDENTIFY, fires),
        plan_case!(old: plans::ONE_IDENTIFY, new: plans::ONE_IDENTIFY, silent, class: Some(Class::None)),
    ],
};

fn message(a: &About<'_>) -> String {
    let t = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("track").to_string();
    format!("call type `{}` -> `{}`", t(a.old), t(a.new))
}
