//! `property-renamed-published`: An optional property of a published event was renamed.

use super::plans;
use super::rule::{About, Rule, plan_case};
use crate::class::Class;

/// The `property-renamed-published` rule.
pub(crate) static RULE: Rule = Rule {
    id: "property-renamed-published",
    class: Class::Model,
    profile: None,
    overrides: &[],
    summary: "An optional property of a published event was renamed.",
    why: "Every payload collected so far has the old name: a consumer reading the new one finds nothing in historical data.",
    message,
    cases: &[
        plan_case!(old: plans::ONE_PUBLISHED, new: plans::ONE_MAIL_PUBLISHED, fires),
        plan_case!(old: plans::ONE, new: plans::ONE_MAIL, silent, class: Some(Class::Revision)),
    ],
};

fn message(a: &About<'_>) -> String {
    format!(
        "property renamed `{}` -> `{}` in a published event: data collected so far has only `{}`",
        a.old_text(),
        a.new_text(),
        a.old_text()
    )
}
