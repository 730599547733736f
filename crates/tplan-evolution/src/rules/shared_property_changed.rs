//! `shared-property-changed`: A file in `properties/` changed.

use super::plans;
use super::rule::{About, Rule, plan_case};
use crate::{class::Class, edit::Edit};

/// The `shared-property-changed` rule.
pub(crate) static RULE: Rule = Rule {
    id: "shared-property-changed",
    class: Class::Metadata,
    profile: None,
    overrides: &[],
    summary: "A file in `properties/` changed.",
    why: "Each referencing event gets the change at its own path, with its own bump.",
    message,
    cases: &[
        plan_case!(old: plans::PRICE, new: plans::PRICE_RAISED, fires),
        plan_case!(old: plans::ONE, new: plans::PRICE_ADDED, fires),
        plan_case!(old: plans::USED, new: plans::USED_RAISED, silent),
    ],
};

fn message(a: &About<'_>) -> String {
    let what = match a.edit {
        Edit::Added => "added, not used by any event yet",
        Edit::Removed => "removed",
        _ => "changed; no event uses it",
    };
    format!("shared property `{}` {what}", a.key())
}
