//! Declared steps against computed classes.

use super::*;
use serde_json::json;

fn v(s: &str) -> SchemaVer {
    SchemaVer::parse(s).unwrap()
}

#[test]
fn steps_declare_their_most_significant_part() {
    assert_eq!(declared_class(v("1-0-2"), v("2-0-0")), Some(Class::Model));
    assert_eq!(
        declared_class(v("1-0-2"), v("1-1-0")),
        Some(Class::Revision)
    );
    assert_eq!(
        declared_class(v("1-0-2"), v("1-0-3")),
        Some(Class::Addition)
    );
    assert_eq!(declared_class(v("1-0-2"), v("1-0-2")), None);
    assert_eq!(declared_class(v("2-0-0"), v("1-5-0")), None);
}

#[test]
fn a_removed_required_property_under_an_addition_is_too_small() {
    let old = json!({"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"], "additionalProperties": false});
    let new = json!({"type": "object", "properties": {}, "additionalProperties": false});
    let step = check_step(&old, &new, v("1-0-0"), v("1-0-1"), &Options::default())
        .unwrap()
        .unwrap();
    assert_eq!(step.verdict, Verdict::Below);
    assert_eq!(
        step.explain(),
        "declared 1-0-1 (addition) but `properties/id` (required-property-removed) needs a model bump (2-0-0)"
    );
}

const IGLU: &str = tplan_schema::IGLU_SELF_DESC;

#[test]
fn what_draft_04_ignores_is_no_change() {
    // Beside a single `items` schema, draft-04 ignores `additionalItems`:
    // dropping it changes nothing a validator does.
    let old = json!({"$schema": IGLU, "type": "object", "properties": {
        "tags": {"type": "array", "items": {"type": "string"}, "additionalItems": false}
    }});
    let new = json!({"$schema": IGLU, "type": "object", "properties": {
        "tags": {"type": "array", "items": {"type": "string"}}
    }});
    let step = check_step(&old, &new, v("1-0-0"), v("1-0-1"), &Options::default())
        .unwrap()
        .unwrap();
    assert_ne!(step.verdict, Verdict::Below, "{}", step.explain());
}

#[test]
fn draft_04_exclusive_bounds_compare_as_2020_12() {
    let old = json!({"$schema": IGLU, "minimum": 0, "exclusiveMinimum": true});
    assert_eq!(
        to_2020_12(&old),
        json!({"$schema": IGLU, "exclusiveMinimum": 0})
    );
    let new = json!({"$schema": IGLU, "minimum": 0});
    let step = check_step(&old, &new, v("1-0-0"), v("1-0-1"), &Options::default())
        .unwrap()
        .unwrap();
    assert_eq!(
        (step.computed, step.verdict),
        (Class::Addition, Verdict::Ok)
    );
}
