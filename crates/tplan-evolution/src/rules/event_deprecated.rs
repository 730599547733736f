//! `event-deprecated`: The event was deprecated (root `deprecated: true`).

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `event-deprecated` rule.
pub(crate) static RULE: Rule = Rule {
    id: "event-deprecated",
    class: Class::Metadata,
    profile: None,
    overrides: &[],
    summary: "The event was deprecated (root `deprecated: true`).",
    why: "Payloads are unaffected.",
    message: value_change,
    cases: &[
        case!(old: {"type": "object"}, new: {"type": "object", "deprecated": true}, fires),
        case!(old: {"type": "object", "deprecated": true}, new: {"type": "object"}, silent),
    ],
};
