//! Each translation keeps meaning: the same payloads pass and fail.
use serde_json::{Value, json};

use super::downgrade::down_to;
use super::*;

/// Whether `schema` (in `draft`) accepts `instance`.
fn accepts(schema: &Value, draft: jsonschema::Draft, instance: &Value) -> bool {
    jsonschema::options()
        .with_draft(draft)
        .build(schema)
        .unwrap_or_else(|e| panic!("{schema}: {e}"))
        .is_valid(instance)
}

fn same_verdicts(
    a: (&Value, jsonschema::Draft),
    b: (&Value, jsonschema::Draft),
    instances: &[Value],
) {
    for i in instances {
        assert_eq!(
            accepts(a.0, a.1, i),
            accepts(b.0, b.1, i),
            "{i} under {} and {}",
            a.0,
            b.0
        );
    }
}

fn numbers() -> Vec<Value> {
    vec![
        json!(-1),
        json!(0),
        json!(0.5),
        json!(1),
        json!(5),
        json!(10),
        json!(11),
        json!("x"),
    ]
}

#[test]
fn draft4_exclusive_flags_become_numbers_and_back() {
    use jsonschema::Draft::{Draft4, Draft202012};
    let old =
        json!({"minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": false});
    let (new, notes) = upgrade(&old, Dialect::Draft4);
    assert_eq!(new, json!({"exclusiveMinimum": 0, "maximum": 10}));
    assert!(notes.is_empty());
    same_verdicts((&old, Draft4), (&new, Draft202012), &numbers());
    let (back, gaps) = to_draft4(&new);
    assert!(gaps.is_empty());
    assert_eq!(
        back,
        json!({"minimum": 0, "exclusiveMinimum": true, "maximum": 10})
    );
    // Both bounds on one side: the tighter one is kept.
    let both = json!({"minimum": 1, "exclusiveMinimum": 0, "exclusiveMaximum": 10, "maximum": 10});
    let (back, _) = to_draft4(&both);
    same_verdicts((&both, Draft202012), (&back, Draft4), &numbers());
}

#[test]
fn tuples_dependencies_and_ids_upgrade() {
    use jsonschema::Draft::{Draft4, Draft7, Draft202012};
    let old = json!({
        "type": "object",
        "properties": {
            "pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}], "additionalItems": false},
            "list": {"items": {"type": "string"}, "additionalItems": false},
            "named": {"id": "#named", "type": "string"}
        },
        "dependencies": {"a": ["b"], "c": {"required": ["d"]}}
    });
    let (new, _) = upgrade(&old, Dialect::Draft4);
    assert_eq!(
        new["properties"]["pair"],
        json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false})
    );
    assert_eq!(
        new["properties"]["list"],
        json!({"items": {"type": "string"}})
    );
    assert_eq!(
        new["properties"]["named"],
        json!({"$anchor": "named", "type": "string"})
    );
    assert_eq!(new["dependentRequired"], json!({"a": ["b"]}));
    assert_eq!(new["dependentSchemas"], json!({"c": {"required": ["d"]}}));
    let instances = [
        json!({"pair": ["x", 1]}),
        json!({"pair": ["x", 1, 2]}),
        json!({"pair": [1]}),
        json!({"list": ["x", "y"]}),
        json!({"list": [1]}),
        json!({"a": 1}),
        json!({"a": 1, "b": 2}),
        json!({"c": 1}),
        json!({"c": 1, "d": 1}),
    ];
    same_verdicts((&old, Draft4), (&new, Draft202012), &instances);
    let (back, gaps) = to_draft4(&new);
    assert!(gaps.is_empty(), "{gaps:?}");
    same_verdicts((&old, Draft4), (&back, Draft4), &instances);
    // draft-07 too: tuples and dependencies are old-style there.
    let (new7, _) = upgrade(&old, Dialect::Draft7);
    same_verdicts((&old, Draft7), (&new7, Draft202012), &instances[..3]);
}

#[test]
fn ref_siblings_are_dropped_going_up_and_kept_going_down() {
    use jsonschema::Draft::{Draft4, Draft7, Draft202012};
    let old = json!({
        "definitions": {"s": {"type": "string"}},
        "properties": {"x": {"$ref": "#/definitions/s", "maxLength": 2, "description": "d"}}
    });
    let (new, notes) = upgrade(&old, Dialect::Draft7);
    assert_eq!(
        new["properties"]["x"],
        json!({"$ref": "#/definitions/s", "description": "d"})
    );
    assert_eq!(
        notes,
        ["`maxLength` beside `$ref` at `properties/x`: ignored by draft-07, dropped"]
    );
    let instances = [json!({"x": "abc"}), json!({"x": 1}), json!({"x": "a"})];
    same_verdicts((&old, Draft7), (&new, Draft202012), &instances);
    // Going down, 2020-12's siblings must keep counting.
    let modern = json!({
        "$defs": {"s": {"type": "string"}},
        "properties": {"x": {"$ref": "#/$defs/s", "maxLength": 2}}
    });
    let (back, gaps) = to_draft4(&modern);
    assert!(gaps.is_empty());
    same_verdicts((&modern, Draft202012), (&back, Draft4), &instances);
}

#[test]
fn modern_keywords_come_down_with_their_meaning() {
    use jsonschema::Draft::{Draft4, Draft202012};
    let modern = json!({
        "type": "object",
        "properties": {
            "kind": {"const": "card"},
            "tags": {"type": "array", "contains": {"const": "vip"}},
            "never": false,
            "any": true
        },
        "if": {"properties": {"kind": {"const": "card"}}, "required": ["kind"]},
        "then": {"required": ["last4"]},
        "else": {"required": ["iban"]},
        "dependentRequired": {"iban": ["bic"]},
        "dependentSchemas": {"iban": {"required": ["country"]}}
    });
    let (back, gaps) = to_draft4(&modern);
    assert!(gaps.is_empty(), "{gaps:?}");
    jsonschema::draft4::meta::validate(&back).expect("valid draft-04");
    let instances = [
        json!({"kind": "card", "last4": "1234"}),
        json!({"kind": "card"}),
        json!({"kind": "cash"}),
        json!({"iban": "x"}),
        json!({"iban": "x", "bic": "y"}),
        json!({"iban": "x", "bic": "y", "country": "DE"}),
        json!({"tags": ["a", "vip"], "iban": "x", "bic": "y", "country": "DE"}),
        json!({"tags": ["a"], "iban": "x", "bic": "y", "country": "DE"}),
        json!({"tags": [], "iban": "x", "bic": "y", "country": "DE"}),
        json!({"never": 1, "iban": "x", "bic": "y", "country": "DE"}),
        json!({"any": 1, "iban": "x", "bic": "y", "country": "DE"}),
    ];
    same_verdicts((&modern, Draft202012), (&back, Draft4), &instances);
}

#[test]
fn what_draft4_cannot_say_is_a_gap() {
    let modern = json!({
        "propertyNames": {"maxLength": 3},
        "unevaluatedProperties": true,
        "properties": {"a": {"contains": {"type": "string"}, "minContains": 2}}
    });
    let (back, gaps) = to_draft4(&modern);
    let gaps: Vec<String> = gaps.iter().map(ToString::to_string).collect();
    assert_eq!(
        gaps,
        [
            "`propertyNames` at the root",
            "`minContains` at `properties/a`",
            "`contains` with `minContains`/`maxContains` at `properties/a`"
        ]
    );
    // Kept as written (draft-04 validators ignore it); a no-op dropped.
    assert_eq!(back["propertyNames"], json!({"maxLength": 3}));
    assert!(back.get("unevaluatedProperties").is_none());
}

#[test]
fn keywords_of_later_drafts_are_dropped_going_up() {
    use jsonschema::Draft::{Draft4, Draft202012};
    let old = json!({"properties": {"x": {"type": "string", "const": "a", "if": {}}}});
    let (new, notes) = upgrade(&old, Dialect::Draft4);
    assert_eq!(new, json!({"properties": {"x": {"type": "string"}}}));
    assert_eq!(
        notes,
        [
            "`const`, `if` at `properties/x`: not a keyword in draft-04, whose validators ignore it; dropped"
        ]
    );
    same_verdicts(
        (&old, Draft4),
        (&new, Draft202012),
        &[json!({"x": "b"}), json!({"x": 1})],
    );
    // draft-07 knows `const` and `if`.
    assert_eq!(upgrade(&old, Dialect::Draft7).0, old);
}

#[test]
fn draft7_keeps_what_it_has_and_brings_down_the_rest() {
    use jsonschema::Draft::{Draft7, Draft202012};
    let modern = json!({
        "$defs": {"s": {"type": "string"}},
        "properties": {
            "x": {"$ref": "#/$defs/s", "maxLength": 2},
            "pair": {"prefixItems": [{"type": "string"}], "items": false},
            "kind": {"const": "a"}
        },
        "dependentRequired": {"x": ["kind"]},
        "if": {"required": ["x"]},
        "then": {"required": ["pair"]}
    });
    let (old, gaps) = to_draft7(&modern);
    assert!(gaps.is_empty(), "{gaps:?}");
    // draft-07 has `const` and `if`: they stay as written.
    assert_eq!(old["properties"]["kind"], json!({"const": "a"}));
    assert_eq!(old["if"], json!({"required": ["x"]}));
    jsonschema::draft7::meta::validate(&old).expect("valid draft-07");
    same_verdicts(
        (&modern, Draft202012),
        (&old, Draft7),
        &[
            json!({"x": "ab", "kind": "a", "pair": ["s"]}),
            json!({"x": "abc", "kind": "a", "pair": ["s"]}),
            json!({"x": "ab", "pair": ["s"]}),
            json!({"x": "ab", "kind": "a"}),
            json!({"x": "ab", "kind": "a", "pair": ["s", "t"]}),
            json!({"kind": "b"}),
        ],
    );
    let (_, gaps) = to_draft7(&json!({"unevaluatedProperties": false}));
    assert_eq!(gaps[0].to_string(), "`unevaluatedProperties` at the root");
}

#[test]
fn defs_are_definitions_in_older_drafts() {
    use jsonschema::Draft::{Draft4, Draft7, Draft202012};
    let modern = json!({
        "$defs": {"money": {"type": "number", "exclusiveMinimum": 0}},
        "properties": {
            "total": {"$ref": "#/$defs/money"},
            "$defs": {"type": "string"}
        }
    });
    for (to, draft) in [(Dialect::Draft4, Draft4), (Dialect::Draft7, Draft7)] {
        let (old, gaps) = down_to(&modern, to);
        assert!(gaps.is_empty(), "{gaps:?}");
        assert!(old.get("$defs").is_none(), "{old:#}");
        assert_eq!(old["properties"]["total"]["$ref"], "#/definitions/money");
        same_verdicts(
            (&modern, Draft202012),
            (&old, draft),
            &[
                json!({"total": 1}),
                json!({"total": 0}),
                json!({"$defs": 1}),
            ],
        );
    }
}

#[test]
fn references_follow_a_schema_into_and_out_of_a_document() {
    let mut s = json!({"properties": {"a": {"$ref": "#/$defs/x"}, "b": {"$ref": "#"}, "c": {"$ref": "other.json#/x"}}});
    rebase_refs(&mut s, "", "/properties/properties");
    assert_eq!(
        s["properties"]["a"]["$ref"],
        "#/properties/properties/$defs/x"
    );
    assert_eq!(s["properties"]["b"]["$ref"], "#/properties/properties");
    assert_eq!(s["properties"]["c"]["$ref"], "other.json#/x");
    rebase_refs(&mut s, "/properties/properties", "");
    assert_eq!(s["properties"]["a"]["$ref"], "#/$defs/x");
    assert_eq!(s["properties"]["b"]["$ref"], "#");
    // Only whole segments match.
    let mut t = json!({"$ref": "#/properties/propertiesX"});
    rebase_refs(&mut t, "/properties/properties", "");
    assert_eq!(t["$ref"], "#/properties/propertiesX");
}

#[test]
fn data_is_never_read_as_a_schema() {
    let s = json!({"enum": [{"const": 1}], "default": {"items": [1]}, "properties": {"const": {"type": "string"}}});
    assert_eq!(to_draft4(&s).0, s);
    assert_eq!(upgrade(&s, Dialect::Draft4).0, s);
}
