//! `format-changed`: `format` replaced.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `format-changed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "format-changed",
    class: Class::Revision,
    profile: None,
    overrides: &[],
    summary: "`format` replaced.",
    why: "Old-format strings may fail.",
    message: value_change,
    cases: &[
        case!(old: {"format": "email"}, new: {"format": "uri"}, fires),
        case!(old: {"format": "email"}, new: {}, silent),
    ],
};
