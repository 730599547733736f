//! `null-removed`: Only `"null"` was removed from `type`.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `null-removed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "null-removed",
    class: Class::Model,
    profile: None,
    overrides: &[],
    summary: "Only `\"null\"` was removed from `type`.",
    why: "Nulls fail; nullable columns turn NOT NULL.",
    message: value_change,
    cases: &[
        case!(old: {"type": ["string", "null"]}, new: {"type": "string"}, fires),
        case!(old: {"type": "string"}, new: {"type": ["string", "null"]}, silent),
    ],
};
