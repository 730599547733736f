//! The keyword table: every JSON Schema keyword tplan knows, with what it
//! does, since which draft it constrains, which plan key writes it, and how
//! the rest of tplan treats it. Other crates ask this table instead of
//! keeping keyword lists of their own; a keyword added here is known
//! everywhere at once.

use crate::dialect::Dialect;

/// What a keyword does to validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Describes, never validates (`title`, `examples`).
    Annotation,
    /// Holds named schemas for references (`$defs`): validates nothing itself.
    Definitions,
    /// Constrains the instance (`type`, `minimum`).
    Assertion,
    /// Applies subschemas (`properties`, `allOf`).
    Applicator,
    /// Names or anchors the schema (`$id`, `$anchor`, Iglu's `self`).
    Identifier,
    /// Refers to another schema (`$ref`).
    Reference,
    /// Says how to read the schema (`$schema`, `$vocabulary`).
    Core,
    /// `contentEncoding`/`contentMediaType`: annotations in 2020-12,
    /// optionally asserted by draft-07 validators.
    Content,
}

/// Where a keyword holds subschemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// One subschema (`not`).
    One,
    /// A list of subschemas (`allOf`).
    List,
    /// Subschemas by name (`properties`).
    Named,
}

/// A keyword that bounds a count (a string's length, an array's items):
/// which side it bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountBound {
    /// At least (`minLength`, `minItems`).
    Lower,
    /// At most (`maxLength`, `maxItems`).
    Upper,
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keyword {
    /// The keyword as JSON Schema spells it.
    pub name: &'static str,
    /// What it does.
    pub role: Role,
    /// Where it holds subschemas, if it does.
    pub holds: Option<Holds>,
    /// The draft from which it constrains (older validators skip it).
    /// Annotations are harmless anywhere and say draft-04.
    pub since: Dialect,
    /// Whether a draft before the one that introduced it can say the same
    /// in other words (`const` as a one-value `enum`); `false` for
    /// `propertyNames`, `unevaluatedProperties` and the like.
    pub older_form: bool,
    /// The plan file key that holds it (`max_length` for `maxLength`).
    pub plan_key: Option<&'static str>,
    /// Plan keys of a property whose presence makes tplan write this
    /// keyword (`const` also writes `enum` for Iglu): `schema_extra` may not
    /// set it then.
    pub written_by: &'static [&'static str],
    /// Written at the root of every event's schema by the emitter.
    pub event_root: bool,
    /// Set by publish to identify a schema: never compared.
    pub set_by_publish: bool,
    /// Compared by the classification engine keyword by keyword; other
    /// non-annotation keywords are not analysed (never safer than proven).
    pub analysed: bool,
    /// Only shapes an object's keys (`type`, `properties`, `required`,
    /// `additionalProperties`, `$schema`): an object schema of these alone
    /// can be validated property by property.
    pub object_shape: bool,
    /// Bounds a count, from below or above.
    pub count_bound: Option<CountBound>,
}

const fn kw(name: &'static str, role: Role) -> Keyword {
    Keyword {
        name,
        role,
        holds: None,
        since: Dialect::Draft4,
        older_form: true,
        plan_key: None,
        written_by: &[],
        event_root: false,
        set_by_publish: false,
        analysed: false,
        object_shape: false,
        count_bound: None,
    }
}

const fn holds(k: Keyword, h: Holds) -> Keyword {
    Keyword {
        holds: Some(h),
        ..k
    }
}

const fn since(k: Keyword, d: Dialect) -> Keyword {
    Keyword { since: d, ..k }
}

const fn no_older_form(k: Keyword) -> Keyword {
    Keyword {
        older_form: false,
        ..k
    }
}

/// Held in the plan under `key`, written when one of `by` is set, compared
/// by the engine.
const fn plan(k: Keyword, key: &'static str, by: &'static [&'static str]) -> Keyword {
    Keyword {
        plan_key: Some(key),
        written_by: by,
        analysed: true,
        ..k
    }
}

const fn root(k: Keyword) -> Keyword {
    Keyword {
        event_root: true,
        ..k
    }
}

const fn shape(k: Keyword) -> Keyword {
    Keyword {
        object_shape: true,
        ..k
    }
}

const fn count(k: Keyword, bound: CountBound) -> Keyword {
    Keyword {
        count_bound: Some(bound),
        ..k
    }
}

const fn annotation(name: &'static str, by: &'static [&'static str]) -> Keyword {
    let k = kw(name, Role::Annotation);
    match by {
        [key, ..] => Keyword {
            plan_key: Some(key),
            written_by: by,
            ..k
        },
        [] => k,
    }
}

use CountBound::{Lower, Upper};
use Dialect::{Draft6, Draft7, Draft201909, Draft202012};
use Holds::{List, Named, One};
use Role::{Applicator, Assertion, Core, Definitions, Identifier, Reference};

/// Every keyword tplan knows.
pub static KEYWORDS: &[Keyword] = &[
    // Core, identifiers and references.
    root(shape(kw("$schema", Core))),
    kw("$vocabulary", Core),
    Keyword {
        set_by_publish: true,
        ..kw("$id", Identifier)
    },
    kw("id", Identifier),
    root(Keyword {
        set_by_publish: true,
        ..kw("self", Identifier)
    }),
    since(kw("$anchor", Identifier), Draft201909),
    no_older_form(since(kw("$recursiveAnchor", Identifier), Draft201909)),
    no_older_form(since(kw("$dynamicAnchor", Identifier), Draft202012)),
    kw("$ref", Reference),
    no_older_form(since(kw("$recursiveRef", Reference), Draft201909)),
    no_older_form(since(kw("$dynamicRef", Reference), Draft202012)),
    holds(kw("$defs", Definitions), Named),
    holds(kw("definitions", Definitions), Named),
    // Annotations.
    root(annotation("title", &[])),
    root(annotation("description", &["description"])),
    annotation("default", &["default"]),
    annotation("examples", &["examples"]),
    root(annotation("deprecated", &["deprecated"])),
    annotation("$comment", &[]),
    annotation("readOnly", &[]),
    annotation("writeOnly", &[]),
    kw("contentEncoding", Role::Content),
    kw("contentMediaType", Role::Content),
    holds(kw("contentSchema", Applicator), One),
    // Assertions.
    root(shape(plan(kw("type", Assertion), "type", &["type"]))),
    plan(kw("enum", Assertion), "enum", &["enum", "const"]),
    since(plan(kw("const", Assertion), "const", &["const"]), Draft6),
    plan(kw("format", Assertion), "format", &["format"]),
    plan(kw("pattern", Assertion), "pattern", &["pattern"]),
    plan(
        kw("minimum", Assertion),
        "minimum",
        &["minimum", "exclusive_minimum"],
    ),
    plan(
        kw("exclusiveMinimum", Assertion),
        "exclusive_minimum",
        &["minimum", "exclusive_minimum"],
    ),
    plan(
        kw("maximum", Assertion),
        "maximum",
        &["maximum", "exclusive_maximum"],
    ),
    plan(
        kw("exclusiveMaximum", Assertion),
        "exclusive_maximum",
        &["maximum", "exclusive_maximum"],
    ),
    plan(kw("multipleOf", Assertion), "multiple_of", &["multiple_of"]),
    count(
        plan(kw("minLength", Assertion), "min_length", &["min_length"]),
        Lower,
    ),
    count(
        plan(kw("maxLength", Assertion), "max_length", &["max_length"]),
        Upper,
    ),
    count(
        plan(kw("minItems", Assertion), "min_items", &["min_items"]),
        Lower,
    ),
    count(
        plan(kw("maxItems", Assertion), "max_items", &["max_items"]),
        Upper,
    ),
    plan(
        kw("uniqueItems", Assertion),
        "unique_items",
        &["unique_items"],
    ),
    no_older_form(since(kw("minContains", Assertion), Draft201909)),
    no_older_form(since(kw("maxContains", Assertion), Draft201909)),
    kw("minProperties", Assertion),
    kw("maxProperties", Assertion),
    root(shape(plan(
        kw("required", Assertion),
        "required",
        &["properties"],
    ))),
    since(kw("dependentRequired", Assertion), Draft201909),
    // Applicators.
    root(shape(holds(
        plan(kw("properties", Applicator), "properties", &["properties"]),
        Named,
    ))),
    shape(holds(
        plan(
            kw("additionalProperties", Applicator),
            "additional_properties",
            &[],
        ),
        One,
    )),
    holds(kw("patternProperties", Applicator), Named),
    no_older_form(holds(since(kw("propertyNames", Applicator), Draft6), One)),
    no_older_form(holds(
        since(kw("unevaluatedProperties", Applicator), Draft201909),
        One,
    )),
    holds(plan(kw("items", Applicator), "items", &["items"]), One),
    holds(kw("additionalItems", Applicator), One),
    holds(since(kw("prefixItems", Applicator), Draft202012), List),
    holds(since(kw("contains", Applicator), Draft6), One),
    no_older_form(holds(
        since(kw("unevaluatedItems", Applicator), Draft201909),
        One,
    )),
    holds(kw("allOf", Applicator), List),
    holds(kw("anyOf", Applicator), List),
    holds(kw("oneOf", Applicator), List),
    holds(kw("not", Applicator), One),
    holds(since(kw("if", Applicator), Draft7), One),
    holds(since(kw("then", Applicator), Draft7), One),
    holds(since(kw("else", Applicator), Draft7), One),
    // Arrays of names are `dependentRequired`'s business; schemas are the
    // other half of draft-04's `dependencies`.
    holds(kw("dependencies", Applicator), Named),
    holds(
        since(kw("dependentSchemas", Applicator), Draft201909),
        Named,
    ),
];

/// The row of `name`, when tplan knows the keyword.
pub fn keyword(name: &str) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|k| k.name == name)
}

/// Whether `name` describes rather than validates, so it is harmless
/// anywhere: annotations and definitions.
pub fn is_harmless(name: &str) -> bool {
    keyword(name).is_some_and(|k| matches!(k.role, Role::Annotation | Role::Definitions))
}

/// Whether `name` is an annotation: its changes are metadata.
pub fn is_annotation(name: &str) -> bool {
    keyword(name).is_some_and(|k| k.role == Role::Annotation)
}

/// Where `name` holds subschemas given its `value`: `items` holds a list
/// in the tuple form of older drafts.
pub fn holds_in(name: &str, value: &serde_json::Value) -> Option<Holds> {
    match (name, value) {
        ("items", serde_json::Value::Array(_)) => Some(Holds::List),
        _ => keyword(name)?.holds,
    }
}

/// The draft from which `name` constrains payloads, for keywords added
/// after draft-04; `None` for draft-04's own, annotations and unknown ones.
pub fn introduced(name: &str) -> Option<Dialect> {
    keyword(name)
        .map(|k| k.since)
        .filter(|d| *d > Dialect::Draft4)
}

/// The plan file key that holds `name` (`maxLength` -> `max_length`).
pub fn plan_key(name: &str) -> Option<&'static str> {
    keyword(name)?.plan_key
}

/// The keywords tplan writes for a property whose set plan keys are
/// `set`: `schema_extra` may not set them.
pub fn written_for(set: &[&str]) -> Vec<&'static str> {
    KEYWORDS
        .iter()
        .filter(|k| k.written_by.iter().any(|key| set.contains(key)))
        .map(|k| k.name)
        .collect()
}

/// The keywords that hold what the plan keys `keys` say: those a key
/// spells (`max_length` -> `maxLength`) and those only they write
/// (`properties` also writes `required`).
pub fn held_by(keys: &[&str]) -> Vec<&'static str> {
    KEYWORDS
        .iter()
        .filter(|k| {
            k.plan_key.is_some_and(|key| keys.contains(&key))
                || (!k.written_by.is_empty() && k.written_by.iter().all(|w| keys.contains(w)))
        })
        .map(|k| k.name)
        .collect()
}

/// The analysed keywords that bound a count, in table order, each with
/// whether it bounds from below.
pub fn count_bounds() -> impl Iterator<Item = (&'static str, bool)> {
    KEYWORDS
        .iter()
        .filter(|k| k.analysed)
        .filter_map(|k| Some((k.name, k.count_bound? == CountBound::Lower)))
}

/// The keywords written at the root of every event's schema.
pub fn event_root() -> impl Iterator<Item = &'static str> {
    KEYWORDS.iter().filter(|k| k.event_root).map(|k| k.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = KEYWORDS.iter().map(|k| k.name).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n);
    }

    #[test]
    fn every_plan_key_is_a_key_of_the_plan_format() {
        for k in KEYWORDS {
            for key in k.plan_key.iter().chain(k.written_by) {
                assert!(
                    tplan_plan::parse::PROPERTY_KEYS.contains(key),
                    "{}: `{key}` is not a property key",
                    k.name
                );
            }
        }
    }

    #[test]
    fn const_also_takes_enum_and_a_bound_takes_both_spellings() {
        assert_eq!(written_for(&["const"]), ["enum", "const"]);
        assert_eq!(
            written_for(&["exclusive_minimum"]),
            ["minimum", "exclusiveMinimum"]
        );
        assert_eq!(written_for(&["properties"]), ["required", "properties"]);
    }

    #[test]
    fn plan_keys_are_held_by_their_keywords() {
        assert_eq!(held_by(&["const"]), ["const"]);
        assert_eq!(
            held_by(&["minimum", "exclusive_minimum"]),
            ["minimum", "exclusiveMinimum"]
        );
        assert_eq!(
            held_by(&["properties", "additional_properties"]),
            ["required", "properties", "additionalProperties"]
        );
    }

    #[test]
    fn later_drafts_are_known_by_the_draft_that_introduced_them() {
        assert_eq!(introduced("const"), Some(Dialect::Draft6));
        assert_eq!(introduced("if"), Some(Dialect::Draft7));
        assert_eq!(introduced("prefixItems"), Some(Dialect::Draft202012));
        assert_eq!(introduced("examples"), None, "annotations are harmless");
        assert_eq!(introduced("minimum"), None);
        assert_eq!(
            count_bounds().collect::<Vec<_>>(),
            [
                ("minLength", true),
                ("maxLength", false),
                ("minItems", true),
                ("maxItems", false)
            ]
        );
    }

    #[test]
    fn tuple_items_hold_a_list() {
        assert_eq!(
            holds_in("items", &serde_json::json!([{}])),
            Some(Holds::List)
        );
        assert_eq!(holds_in("items", &serde_json::json!({})), Some(Holds::One));
        assert_eq!(holds_in("minimum", &serde_json::json!(1)), None);
    }
}
