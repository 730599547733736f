//! `constraint-removed`: `enum`, `const`, `pattern`, `format`, `multipleOf` or `uniqueItems: true` was removed.

use super::rule::{Rule, case, value_change};
use crate::class::Class;

/// The `constraint-removed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "constraint-removed",
    class: Class::Addition,
    profile: None,
    overrides: &[],
    summary: "`enum`, `const`, `pattern`, `format`, `multipleOf` or `uniqueItems: true` was removed.",
    why: "A restriction is gone.",
    message: value_change,
    cases: &[
        case!(old: {"type": "string", "pattern": "^[a-z]+$"}, new: {"type": "string"}, fires),
        case!(old: {"enum": ["EUR"]}, new: {}, fires),
        case!(old: {"type": "string"}, new: {"type": "string", "pattern": "^[a-z]+$"}, silent),
    ],
};
