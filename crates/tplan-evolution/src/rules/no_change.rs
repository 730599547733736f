//! `no-change`: Canonical forms are equal: key, `required` and `type` order, `10` vs `10.0`.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `no-change` rule.
pub(crate) static RULE: Rule = Rule {
    id: "no-change",
    class: Class::None,
    profile: None,
    overrides: &[],
    summary: "Canonical forms are equal: key, `required` and `type` order, `10` vs `10.0`.",
    why: "Nothing changed.",
    message: value_change,
    cases: &[
        case!(old: {"minimum": 10, "type": "number"}, new: {"type": "number", "minimum": 10.0}, silent, class: Some(Class::None)),
        case!(old: {"required": ["a", "b"], "type": ["string", "null"]}, new: {"type": ["null", "string"], "required": ["b", "a"]}, silent, class: Some(Class::None)),
    ],
};
