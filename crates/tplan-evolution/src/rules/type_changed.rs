//! `type-changed`: The new type set neither covers nor lies inside the old (`string` -> `integer`, scalar -> array).

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `type-changed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "type-changed",
    class: Class::Model,
    profile: None,
    overrides: &[],
    summary: "The new type set neither covers nor lies inside the old (`string` -> `integer`, scalar -> array).",
    why: "Old values fail.",
    message: value_change,
    cases: &[
        case!(old: {"type": "string"}, new: {"type": "integer"}, fires),
        case!(old: {"type": "string"}, new: {"type": "array"}, fires),
        case!(old: {"type": "integer"}, new: {"type": "number"}, silent),
    ],
};
