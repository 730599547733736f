//! The lint rules, one file each, registered once in [`RULES`].

mod deprecated_without_sunset;
mod invalid_example;
mod missing_description;
mod missing_owner;
mod naming_event;
mod naming_property;
mod no_draft4_form;
mod repeated_traits_event;
mod sunset_passed;
mod unknown_source;
mod unused_shared_property;

pub(crate) use crate::{Context, Hit, LintRule, event_file};

/// Every lint rule.
pub static RULES: &[&LintRule] = &[
    &naming_event::RULE,
    &naming_property::RULE,
    &missing_description::RULE,
    &missing_owner::RULE,
    &unused_shared_property::RULE,
    &deprecated_without_sunset::RULE,
    &sunset_passed::RULE,
    &invalid_example::RULE,
    &no_draft4_form::RULE,
    &repeated_traits_event::RULE,
    &unknown_source::RULE,
];

/// The ids of every lint rule.
pub fn rule_ids() -> Vec<&'static str> {
    RULES.iter().map(|r| r.id).collect()
}
