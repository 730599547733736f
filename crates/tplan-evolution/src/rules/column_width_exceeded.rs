//! `column-width-exceeded`: `maxLength` raised or removed past the column width (the old `maxLength`, or `[policy.warehouse] string_width`).

use tplan_plan::model::Profile;

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `column-width-exceeded` rule.
pub(crate) static RULE: Rule = Rule {
    id: "column-width-exceeded",
    class: Class::Revision,
    profile: Some(Profile::WarehouseStrict),
    overrides: &[],
    summary: "`maxLength` raised or removed past the column width (the old `maxLength`, or `[policy.warehouse] string_width`).",
    why: "The column must be widened.",
    message: value_change,
    cases: &[
        case!(old: {"type": "string", "maxLength": 32}, new: {"type": "string", "maxLength": 64}, fires, profile: Profile::WarehouseStrict),
        case!(old: {"type": "string", "maxLength": 32}, new: {"type": "string"}, fires, profile: Profile::WarehouseStrict, string_width: Some(255)),
        case!(old: {"type": "string", "maxLength": 32}, new: {"type": "string", "maxLength": 64}, silent, profile: Profile::WarehouseStrict, string_width: Some(255)),
        case!(old: {"type": "string", "maxLength": 32}, new: {"type": "string", "maxLength": 64}, silent),
    ],
};
