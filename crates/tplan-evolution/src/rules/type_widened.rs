//! `type-widened`: A non-null type added, `integer` -> `number`, or `type` removed.

use tplan_plan::model::Profile;

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `type-widened` rule.
pub(crate) static RULE: Rule = Rule {
    id: "type-widened",
    class: Class::Addition,
    profile: None,
    overrides: &[],
    summary: "A non-null type added, `integer` -> `number`, or `type` removed.",
    why: "Every integer is a number.",
    message: value_change,
    cases: &[
        case!(old: {"type": "integer"}, new: {"type": "number"}, fires),
        case!(old: {"type": "string"}, new: {}, fires),
        case!(old: {"type": "number"}, new: {"type": "integer"}, silent),
        case!(old: {"type": "integer"}, new: {"type": "number"}, silent, profile: Profile::WarehouseStrict),
    ],
};
