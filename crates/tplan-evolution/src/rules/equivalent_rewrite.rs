//! `equivalent-rewrite`: The same accepted set in other bytes: `additionalProperties` absent <-> `true`, `["integer", "number"]` <-> `"number"`, enum reordered.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `equivalent-rewrite` rule.
pub(crate) static RULE: Rule = Rule {
    id: "equivalent-rewrite",
    class: Class::Metadata,
    profile: None,
    overrides: &[],
    summary: "The same accepted set in other bytes: `additionalProperties` absent <-> `true`, `[\"integer\", \"number\"]` <-> `\"number\"`, enum reordered.",
    why: "The published text changes.",
    message: value_change,
    cases: &[
        case!(old: {"type": ["integer", "number"]}, new: {"type": "number"}, fires),
        case!(old: {"enum": ["EUR", "USD"]}, new: {"enum": ["USD", "EUR"]}, fires),
        case!(old: {"type": "object"}, new: {"type": "object", "additionalProperties": true}, fires),
        case!(old: {"type": "integer"}, new: {"type": "number"}, silent),
    ],
};
