//! `property-renamed-aliased`: A property was renamed and keeps its old name as an alias.

use super::plans;
use super::rule::{About, Rule, plan_case};
use crate::class::Class;

/// The `property-renamed-aliased` rule.
pub(crate) static RULE: Rule = Rule {
    id: "property-renamed-aliased",
    class: Class::Addition,
    profile: None,
    overrides: &[],
    summary: "A property was renamed and keeps its old name as an alias.",
    why: "Payloads with the old name stay valid and the new name is one more optional property: the class of adding it.",
    message,
    cases: &[
        plan_case!(old: plans::ONE_PUBLISHED, new: plans::ONE_MAIL_ALIASED, fires),
        plan_case!(old: plans::ONE_PUBLISHED, new: plans::ONE_MAIL_PUBLISHED, silent, class: Some(Class::Model)),
    ],
};

fn message(a: &About<'_>) -> String {
    format!(
        "property renamed `{}` -> `{}`; `{}` is kept as an alias, so payloads with it stay valid",
        a.old_text(),
        a.new_text(),
        a.old_text()
    )
}
