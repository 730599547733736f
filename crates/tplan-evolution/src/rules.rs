//! The classification rules of `evolution-rules.md`, one named unit each,
//! registered once in [`RULES`]. A rule carries its id, its class in the
//! `default` profile, and its documentation; the engine (`classify/`) names
//! the rule that decides each change, and a profile may re-class it.

use tplan_plan::model::Profile;

use crate::class::Class;

/// One classification rule.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Kebab-case id, stable, printed with every change.
    pub id: &'static str,
    /// Class in the `default` profile.
    pub class: Class,
    /// What changed, in one line.
    pub summary: &'static str,
    /// Why the class, in one line.
    pub why: &'static str,
    /// The profile that adds this rule, or `None` for the default rules.
    pub profile: Option<Profile>,
}

macro_rules! rules {
    ($($name:ident = $id:literal, $class:ident, $profile:expr, $summary:literal, $why:literal;)*) => {
        $(
            #[doc = $summary]
            pub static $name: Rule = Rule { id: $id, class: Class::$class, summary: $summary, why: $why, profile: $profile };
        )*
        /// Every rule, in the order of the rules page.
        pub static RULES: &[&Rule] = &[$(&$name),*];
    };
}

rules! {
    REQUIRED_PROPERTY_ADDED = "required-property-added", Model, None,
        "A new property in `required` (a `default` does not help).", "Old payloads lack it.";
    PROPERTY_MADE_REQUIRED = "property-made-required", Model, None,
        "An optional property became required.", "Payloads that omitted it fail.";
    TYPE_CHANGED = "type-changed", Model, None,
        "The new type set neither covers nor lies inside the old (`string` -> `integer`, scalar -> array).", "Old values fail.";
    TYPE_NARROWED = "type-narrowed", Model, None,
        "The new type set lies strictly inside the old: a member removed, `number` -> `integer`, `type` added.", "Values of the dropped type fail.";
    NULL_REMOVED = "null-removed", Model, None,
        "Only `\"null\"` was removed from `type`.", "Nulls fail; nullable columns turn NOT NULL.";
    REQUIRED_PROPERTY_REMOVED = "required-property-removed", Model, None,
        "A required property was removed.", "Closed: every payload fails; open: readers break.";
    REQUIRED_PROPERTY_RENAMED = "required-property-renamed", Model, None,
        "A required property was removed and the same schema added under another name.", "A required removal and addition, reported once.";
    ADDITIONAL_PROPERTIES_CLOSED = "additional-properties-closed", Model, None,
        "`additionalProperties` went from absent or `true` to `false`.", "Payloads with undeclared keys fail; nobody knows how many.";
    CONST_CHANGED = "const-changed", Model, None,
        "`const` was replaced.", "Every payload carrying it fails.";
    ENUM_REPLACED = "enum-replaced", Model, None,
        "`enum` keeps none of its old values.", "As `const-changed`.";
    UNANALYSED_CHANGE = "unanalysed-change", Model, None,
        "A change the engine does not prove safe: combinators, `$ref`, `$defs`, unknown keywords.", "Never safer than proven.";
    ENUM_VALUE_REMOVED = "enum-value-removed", Revision, None,
        "Values were removed from `enum`, at least one kept.", "Payloads with them fail.";
    ENUM_ADDED = "enum-added", Revision, None,
        "`enum` where there was none.", "Other values fail.";
    CONST_ADDED = "const-added", Revision, None,
        "`const` where there was none.", "Other values fail.";
    BOUND_TIGHTENED = "bound-tightened", Revision, None,
        "`minimum`, `exclusiveMinimum`, `minLength`, `minItems` raised or added; `maximum`, `exclusiveMaximum`, `maxLength`, `maxItems` lowered or added.", "Values outside fail.";
    PATTERN_ADDED = "pattern-added", Revision, None,
        "`pattern` where there was none.", "Other strings fail.";
    PATTERN_CHANGED = "pattern-changed", Revision, None,
        "`pattern` replaced, even by a broader-looking one.", "Regex inclusion is not decided.";
    FORMAT_ADDED = "format-added", Revision, None,
        "`format` where there was none.", "Malformed strings fail.";
    FORMAT_CHANGED = "format-changed", Revision, None,
        "`format` replaced.", "Old-format strings may fail.";
    MULTIPLE_OF_ADDED = "multiple-of-added", Revision, None,
        "`multipleOf` where there was none.", "Other numbers fail.";
    MULTIPLE_OF_CHANGED = "multiple-of-changed", Revision, None,
        "The new `multipleOf` does not divide the old.", "Old multiples may fail.";
    UNIQUE_ITEMS_ADDED = "unique-items-added", Revision, None,
        "`uniqueItems` became `true`.", "Duplicates fail.";
    OPTIONAL_PROPERTY_ADDED_OPEN = "optional-property-added-open", Revision, None,
        "An optional property was added to an open object.", "Old payloads may carry the key with another type.";
    OPTIONAL_PROPERTY_REMOVED_CLOSED = "optional-property-removed-closed", Revision, None,
        "An optional property was removed from a closed object.", "Payloads carrying it fail.";
    OPTIONAL_PROPERTY_RENAMED = "optional-property-renamed", Revision, None,
        "An optional property was removed and the same schema added under another name.", "The removal (closed) or addition (open) is a revision.";
    OPTIONAL_PROPERTY_ADDED_CLOSED = "optional-property-added-closed", Addition, None,
        "An optional property was added to a closed object.", "No payload could carry the key.";
    ENUM_VALUE_ADDED = "enum-value-added", Addition, None,
        "Values were added to `enum`, none removed.", "Old values are still listed.";
    BOUND_RELAXED = "bound-relaxed", Addition, None,
        "The reverse of `bound-tightened`, including a removed bound.", "The range grows.";
    CONSTRAINT_REMOVED = "constraint-removed", Addition, None,
        "`enum`, `const`, `pattern`, `format`, `multipleOf` or `uniqueItems: true` was removed.", "A restriction is gone.";
    MULTIPLE_OF_RELAXED = "multiple-of-relaxed", Addition, None,
        "The new `multipleOf` divides the old exactly (12 -> 6).", "Old multiples stay multiples.";
    TYPE_WIDENED = "type-widened", Addition, None,
        "A non-null type added, `integer` -> `number`, or `type` removed.", "Every integer is a number.";
    NULL_ADDED = "null-added", Addition, None,
        "`\"null\"` was added to `type`.", "Other values are unaffected.";
    PROPERTY_MADE_OPTIONAL = "property-made-optional", Addition, None,
        "A required property became optional.", "Payloads with it stay valid.";
    OPTIONAL_PROPERTY_REMOVED_OPEN = "optional-property-removed-open", Addition, None,
        "An optional property was removed from an open object.", "The key is now unconstrained.";
    ADDITIONAL_PROPERTIES_OPENED = "additional-properties-opened", Addition, None,
        "`additionalProperties` went from `false` to absent or `true`.", "Undeclared keys are allowed.";
    METADATA_CHANGED = "metadata-changed", Metadata, None,
        "`title`, `description`, `examples`, `default`, `$comment`, `readOnly`, `writeOnly`, property `deprecated` or an `x-` key changed.", "Annotations only.";
    EVENT_DEPRECATED = "event-deprecated", Metadata, None,
        "The event was deprecated (root `deprecated: true`).", "Payloads are unaffected.";
    EQUIVALENT_REWRITE = "equivalent-rewrite", Metadata, None,
        "The same accepted set in other bytes: `additionalProperties` absent <-> `true`, `[\"integer\", \"number\"]` <-> `\"number\"`, enum reordered.", "The published text changes.";
    NO_CHANGE = "no-change", None, None,
        "Canonical forms are equal: key, `required` and `type` order, `10` vs `10.0`.", "Nothing changed.";
    EVENT_ADDED = "event-added", Addition, None,
        "A new event key.", "A new schema at 1-0-0; the plan takes a minor bump.";
    EVENT_REMOVED = "event-removed", Model, None,
        "An event key is gone.", "Consumers lose a schema; the plan takes a major bump.";
    EVENT_RENAMED = "event-renamed", Model, None,
        "An event's key changed (same name or same content under a new key).", "`event-removed` plus `event-added`.";
    EVENT_READDED = "event-readded", Addition, None,
        "A key published before returns.", "Bumped from its last published schema, never back to 1-0-0 (immutable).";
    SHARED_PROPERTY_CHANGED = "shared-property-changed", Metadata, None,
        "A file in `properties/` changed.", "Each referencing event gets the change at its own path, with its own bump.";
    DECLARED_BUMP_ABOVE_COMPUTED = "declared-bump-above-computed", Metadata, None,
        "A declared bump more severe than the computed one.", "The computed class is a minimum: the larger bump is published and noted.";
    DECLARED_BUMP_BELOW_COMPUTED = "declared-bump-below-computed", Model, None,
        "A declared bump less severe than the computed one.", "An error: nothing is published.";
    COLUMN_TYPE_CHANGED = "column-type-changed", Model, Some(Profile::WarehouseStrict),
        "The warehouse column type changes: a non-null type added, an integer `maximum` raised past 32767 or 2147483647, `format` date-time/date/uuid removed, `multipleOf: 0.01` removed.", "Typed columns must be migrated.";
    COLUMN_NULLABILITY_CHANGED = "column-nullability-changed", Model, Some(Profile::WarehouseStrict),
        "A required non-null property became optional or nullable.", "A NOT NULL column would have to accept NULL.";
    COLUMN_WIDTH_EXCEEDED = "column-width-exceeded", Revision, Some(Profile::WarehouseStrict),
        "`maxLength` raised or removed past the column width (the old `maxLength`, or `[policy.warehouse] string_width`).", "The column must be widened.";
}

/// The rule with `id`.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.id == id)
}

/// The class of `rule` under `profile`: `tolerant` accepts the risk of
/// undeclared keys in open objects.
pub fn class_under(rule: &Rule, profile: Profile, open_object: bool) -> Class {
    match (profile, rule.id) {
        (Profile::Tolerant, "optional-property-added-open") => Class::Addition,
        (Profile::Tolerant, "optional-property-renamed") if open_object => Class::Addition,
        _ => rule.class,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        for id in &ids {
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{id}"
            );
        }
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }
}
