//! The classification rules of `evolution-rules.md`, one file each
//! (`enum-value-removed` is `enum_value_removed.rs`), registered once in
//! [`RULES`]. A rule holds its id, its class and how profiles re-class it,
//! its documentation, its message and its cases; the engine (`classify/`)
//! names the rule deciding each change by its static, never by its id.

mod plans;
pub mod rule;
#[cfg(test)]
mod tests;

pub(crate) mod additional_properties_closed;
pub(crate) mod additional_properties_opened;
pub(crate) mod bound_relaxed;
pub(crate) mod bound_tightened;
pub(crate) mod column_nullability_changed;
pub(crate) mod column_type_changed;
pub(crate) mod column_width_exceeded;
pub(crate) mod const_added;
pub(crate) mod const_changed;
pub(crate) mod constraint_removed;
pub(crate) mod declared_bump_above_computed;
pub(crate) mod declared_bump_below_computed;
pub(crate) mod enum_added;
pub(crate) mod enum_replaced;
pub(crate) mod enum_value_added;
pub(crate) mod enum_value_removed;
pub(crate) mod equivalent_rewrite;
pub(crate) mod event_added;
pub(crate) mod event_deprecated;
pub(crate) mod event_readded;
pub(crate) mod event_removed;
pub(crate) mod event_removed_unpublished;
pub(crate) mod event_renamed;
pub(crate) mod event_renamed_unpublished;
pub(crate) mod event_type_changed;
pub(crate) mod event_vendor_changed;
pub(crate) mod format_added;
pub(crate) mod format_changed;
pub(crate) mod metadata_changed;
pub(crate) mod multiple_of_added;
pub(crate) mod multiple_of_changed;
pub(crate) mod multiple_of_relaxed;
pub(crate) mod no_change;
pub(crate) mod null_added;
pub(crate) mod null_removed;
pub(crate) mod optional_property_added_closed;
pub(crate) mod optional_property_added_open;
pub(crate) mod optional_property_removed_closed;
pub(crate) mod optional_property_removed_open;
pub(crate) mod optional_property_renamed;
pub(crate) mod pattern_added;
pub(crate) mod pattern_changed;
pub(crate) mod property_made_optional;
pub(crate) mod property_made_required;
pub(crate) mod property_renamed_aliased;
pub(crate) mod property_renamed_published;
pub(crate) mod required_property_added;
pub(crate) mod required_property_removed;
pub(crate) mod required_property_renamed;
pub(crate) mod shared_property_changed;
pub(crate) mod type_changed;
pub(crate) mod type_narrowed;
pub(crate) mod type_widened;
pub(crate) mod unanalysed_change;
pub(crate) mod unique_items_added;

pub use rule::{About, Case, Files, Override, Rule, Sides, When};

/// Every rule, in the order of the rules page.
pub static RULES: &[&Rule] = &[
    &required_property_added::RULE,
    &property_made_required::RULE,
    &type_changed::RULE,
    &type_narrowed::RULE,
    &null_removed::RULE,
    &required_property_removed::RULE,
    &required_property_renamed::RULE,
    &additional_properties_closed::RULE,
    &const_changed::RULE,
    &enum_replaced::RULE,
    &unanalysed_change::RULE,
    &enum_value_removed::RULE,
    &enum_added::RULE,
    &const_added::RULE,
    &bound_tightened::RULE,
    &pattern_added::RULE,
    &pattern_changed::RULE,
    &format_added::RULE,
    &format_changed::RULE,
    &multiple_of_added::RULE,
    &multiple_of_changed::RULE,
    &unique_items_added::RULE,
    &optional_property_added_open::RULE,
    &optional_property_removed_closed::RULE,
    &optional_property_renamed::RULE,
    &property_renamed_published::RULE,
    &property_renamed_aliased::RULE,
    &optional_property_added_closed::RULE,
    &enum_value_added::RULE,
    &bound_relaxed::RULE,
    &constraint_removed::RULE,
    &multiple_of_relaxed::RULE,
    &type_widened::RULE,
    &null_added::RULE,
    &property_made_optional::RULE,
    &optional_property_removed_open::RULE,
    &additional_properties_opened::RULE,
    &metadata_changed::RULE,
    &event_deprecated::RULE,
    &equivalent_rewrite::RULE,
    &no_change::RULE,
    &event_added::RULE,
    &event_removed::RULE,
    &event_removed_unpublished::RULE,
    &event_renamed::RULE,
    &event_type_changed::RULE,
    &event_vendor_changed::RULE,
    &event_renamed_unpublished::RULE,
    &event_readded::RULE,
    &shared_property_changed::RULE,
    &declared_bump_above_computed::RULE,
    &declared_bump_below_computed::RULE,
    &column_type_changed::RULE,
    &column_nullability_changed::RULE,
    &column_width_exceeded::RULE,
];

/// Rules with no case that fires, and why: they name what is not a change
/// of the diff. `rules/tests.rs` checks the list.
pub static NEVER_FIRE: &[(&Rule, &str)] = &[
    (
        &no_change::RULE,
        "names the absence of changes: equal canonical forms give no change at all",
    ),
    (
        &declared_bump_above_computed::RULE,
        "decided by `bump::publish_class` on declared bumps (evolution-bumps.json), not by a diff",
    ),
    (
        &declared_bump_below_computed::RULE,
        "decided by `bump::publish_class` on declared bumps (evolution-bumps.json), not by a diff",
    ),
];
