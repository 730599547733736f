//! `metadata-changed`: `title`, `description`, `examples`, `default`, `$comment`, `readOnly`, `writeOnly`, property `deprecated` or an `x-` key changed.

use super::plans;
use super::rule::{About, Rule, case, plan_case, value_change};
use crate::{class::Class, edit::Edit, subject::Subject};

/// The `metadata-changed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "metadata-changed",
    class: Class::Metadata,
    profile: None,
    overrides: &[],
    summary: "`title`, `description`, `examples`, `default`, `$comment`, `readOnly`, `writeOnly`, property `deprecated` or an `x-` key changed.",
    why: "Annotations only.",
    message,
    cases: &[
        case!(old: {"description": "The order was paid."}, new: {"description": "The order was paid in full."}, fires),
        case!(old: {"type": "string"}, new: {"type": "string", "x-owner": "growth"}, fires),
        case!(old: {"properties": {"a": {"type": "string"}}}, new: {"properties": {"a": {"type": "string", "deprecated": true}}}, fires),
        plan_case!(old: plans::OWNED, new: plans::OWNED_RENAMED, fires),
        case!(old: {"type": "string"}, new: {"type": "integer"}, silent),
    ],
};

fn message(a: &About<'_>) -> String {
    // An owner or a source is a whole object: added, removed or changed.
    let whole = match a.subject {
        Subject::Owner(key) => Some(("owner", key)),
        Subject::Source(key) => Some(("source", key)),
        _ => None,
    };
    if let Some((kind, key)) = whole {
        let what = match a.edit {
            Edit::Added => "added",
            Edit::Removed => "removed",
            _ => "changed",
        };
        return format!("{kind} `{key}` {what}");
    }
    value_change(a)
}
