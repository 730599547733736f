//! `unanalysed-change`: A change the engine does not prove safe: combinators, `$ref`, `$defs`, unknown keywords.

use super::rule::{About, Rule, case, show, value_change};
use crate::{class::Class, edit::Edit};

/// The `unanalysed-change` rule.
pub(crate) static RULE: Rule = Rule {
    id: "unanalysed-change",
    class: Class::Model,
    profile: None,
    overrides: &[],
    summary: "A change the engine does not prove safe: combinators, `$ref`, `$defs`, unknown keywords.",
    why: "Never safer than proven.",
    message,
    cases: &[
        case!(old: {"anyOf": [{"type": "string"}]}, new: {"anyOf": [{"type": "integer"}]}, fires),
        case!(old: {"$defs": {"id": {"type": "string"}}}, new: {"$defs": {"id": {"type": "integer"}}}, fires),
        case!(old: {"minProperties": 1}, new: {"minProperties": 2}, fires),
        case!(old: {"anyOf": [{"type": "string"}], "maximum": 10}, new: {"anyOf": [{"type": "string"}], "maximum": 20}, silent),
    ],
};

fn message(a: &About<'_>) -> String {
    // Prose stays prose, whatever keyword holds it.
    if a.edit == Edit::Reworded {
        return value_change(a);
    }
    format!(
        "`{}` changed ({} -> {}); not analysed, so treated as breaking",
        a.name(),
        show(a.old),
        show(a.new)
    )
}
