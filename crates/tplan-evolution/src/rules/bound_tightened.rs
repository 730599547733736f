//! `bound-tightened`: `minimum`, `exclusiveMinimum`, `minLength`, `minItems` raised or added; `maximum`, `exclusiveMaximum`, `maxLength`, `maxItems` lowered or added.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `bound-tightened` rule.
pub(crate) static RULE: Rule = Rule {
    id: "bound-tightened",
    class: Class::Revision,
    profile: None,
    overrides: &[],
    summary: "`minimum`, `exclusiveMinimum`, `minLength`, `minItems` raised or added; `maximum`, `exclusiveMaximum`, `maxLength`, `maxItems` lowered or added.",
    why: "Values outside fail.",
    message: value_change,
    cases: &[
        case!(old: {"minimum": 0}, new: {"minimum": 1}, fires),
        case!(old: {"type": "string"}, new: {"type": "string", "maxLength": 32}, fires),
        case!(old: {"minimum": 0}, new: {"exclusiveMinimum": 0}, fires),
        case!(old: {"maxLength": 16}, new: {"maxLength": 32}, silent),
    ],
};
