//! `column-type-changed`: The warehouse column type changes: a non-null type added, an integer `maximum` raised past 32767 or 2147483647, `format` date-time/date/uuid removed, `multipleOf: 0.01` removed.

use tplan_plan::model::Profile;

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `column-type-changed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "column-type-changed",
    class: Class::Model,
    profile: Some(Profile::WarehouseStrict),
    overrides: &[],
    summary: "The warehouse column type changes: a non-null type added, an integer `maximum` raised past 32767 or 2147483647, `format` date-time/date/uuid removed, `multipleOf: 0.01` removed.",
    why: "Typed columns must be migrated.",
    message: value_change,
    cases: &[
        case!(old: {"type": "integer"}, new: {"type": "number"}, fires, profile: Profile::WarehouseStrict),
        case!(old: {"type": "integer", "maximum": 100}, new: {"type": "integer", "maximum": 40000}, fires, profile: Profile::WarehouseStrict),
        case!(old: {"type": "string", "format": "date-time"}, new: {"type": "string"}, fires, profile: Profile::WarehouseStrict),
        case!(old: {"type": "number", "multipleOf": 0.01}, new: {"type": "number"}, fires, profile: Profile::WarehouseStrict),
        case!(old: {"type": "integer"}, new: {"type": "number"}, silent),
        case!(old: {"type": "integer", "maximum": 100}, new: {"type": "integer", "maximum": 200}, silent, profile: Profile::WarehouseStrict),
    ],
};
