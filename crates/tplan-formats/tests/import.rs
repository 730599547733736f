//! Schemas read into events: each case's exported Iglu schema must accept
//! and refuse the same payloads as the original (draft-04, formats asserted).

use serde_json::{Value, json};
use tplan_formats::import::{Import, assemble, iglu::Registry};
use tplan_plan::PlanFiles;
use tplan_schema::iglu_schema;
use tplan_schema::load;

const META: &str =
    "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#";

/// An empty plan of vendor `com.acme`.
fn empty() -> PlanFiles {
    let mut files = PlanFiles::new();
    files.insert_bytes(
        "tplan.toml",
        tplan_edit::template::manifest("Imp", "com.acme").into_bytes(),
    );
    files
}

/// Imports `body` as `com.acme/case/1-0-0`; returns the original, the
/// export, the event file and the import's report.
fn round_trip(body: Value) -> (Value, Value, String, Import) {
    let mut schema = json!({
        "$schema": META,
        "self": {"vendor": "com.acme", "name": "case", "format": "jsonschema", "version": "1-0-0"},
    });
    schema
        .as_object_mut()
        .unwrap()
        .extend(body.as_object().unwrap().clone());
    let registry = Registry::read(vec![(
        "schemas/com.acme/case/jsonschema/1-0-0".into(),
        schema.to_string().into_bytes(),
    )]);
    assert!(registry.invalid.is_empty(), "{:?}", registry.invalid);
    let mut out = Import::default();
    let mut notes = Vec::new();
    let candidates =
        registry.candidates(("com.acme", Some("com.acme")), &mut notes, &mut out.skipped);
    let existing = empty();
    let mut written = std::collections::BTreeMap::new();
    let import = assemble(candidates, &existing, None, out, &mut written).unwrap();
    assert!(import.skipped.is_empty(), "{:?}", import.skipped);
    let mut files = existing.clone();
    for (path, text) in &written {
        files.insert_bytes(path.clone(), text.clone().into_bytes());
    }
    let loaded = load(&files);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let event = loaded.plan.event("case").unwrap();
    let exported = iglu_schema(&loaded.plan, event);
    let text = written["events/case.toml"].clone();
    (schema, exported, text, import)
}

fn agree(body: Value, payloads: &[Value]) -> String {
    let (original, exported, text, _) = round_trip(body);
    let compile = |s: &Value| {
        jsonschema::draft4::options()
            .should_validate_formats(true)
            .build(s)
            .unwrap()
    };
    let (a, b) = (compile(&original), compile(&exported));
    let mut seen = std::collections::BTreeSet::new();
    for p in payloads {
        seen.insert(a.is_valid(p));
        assert_eq!(
            b.is_valid(p),
            a.is_valid(p),
            "{p}\noriginal {original:#}\nexported {exported:#}\n{text}"
        );
    }
    assert_eq!(
        seen.len(),
        2,
        "the probes should be both accepted and refused"
    );
    text
}

#[test]
fn draft_04_exclusive_bounds_become_the_plan_s_exclusive_bounds() {
    let text = agree(
        json!({"type": "object", "properties": {
            "n": {"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": false}
        }}),
        &[
            json!({"n": 0}),
            json!({"n": 0.1}),
            json!({"n": 10}),
            json!({"n": 10.5}),
        ],
    );
    assert!(
        text.contains("n = { type = \"number\", exclusive_minimum = 0, maximum = 10 }"),
        "{text}"
    );
}

#[test]
fn an_enum_maps_only_when_its_null_matches_the_type_s() {
    let text = agree(
        json!({"type": "object", "properties": {
            "with_null": {"type": ["string", "null"], "enum": ["a", null]},
            "without_null": {"type": ["string", "null"], "enum": ["a"]},
            "untyped_null": {"enum": ["a", null]}
        }}),
        &[
            json!({"with_null": null, "untyped_null": null}),
            json!({"with_null": "a", "without_null": "a", "untyped_null": "a"}),
            json!({"without_null": null}),
            json!({"with_null": "b"}),
            json!({"untyped_null": 1}),
        ],
    );
    assert!(
        text.contains("with_null = { type = [\"null\", \"string\"], enum = [\"a\"] }"),
        "{text}"
    );
    assert!(
        text.contains(
            "without_null = { type = [\"null\", \"string\"], schema_extra = '{\"enum\":[\"a\"]}' }"
        ),
        "{text}"
    );
    assert!(
        text.contains("untyped_null = { schema_extra = '{\"enum\":[\"a\",null]}' }"),
        "{text}"
    );
}

#[test]
fn what_validators_ignore_stays_ignored() {
    let (_, exported, text, import) = round_trip(json!({"type": "object", "properties": {
        "count": {"type": "integer", "maxLength": 3},
        "mixed": {"enum": ["a", 1]},
        "backwards": {"type": "integer", "minimum": 10, "maximum": 1},
        "draft6": {"type": "string", "const": "x"}
    }}));
    assert_eq!(
        exported["properties"]["count"],
        json!({"type": "integer", "maxLength": 3})
    );
    // draft-04 has no `const`: it constrained nothing, and would in the
    // plan's 2020-12, so it is dropped with a note.
    assert_eq!(exported["properties"]["draft6"], json!({"type": "string"}));
    assert!(
        text.contains("mixed = { schema_extra = '{\"enum\":[\"a\",1]}' }"),
        "{text}"
    );
    assert!(
        import.notes.iter().any(|n| n
            == "case: `const` at `properties/draft6`: not a keyword in draft-04, whose validators ignore it; dropped"),
        "{:?}",
        import.notes
    );
    agree(
        json!({"type": "object", "properties": {
            "count": {"type": "integer", "maxLength": 3},
            "backwards": {"type": "integer", "minimum": 10, "maximum": 1},
            "draft6": {"type": "string", "const": "x"}
        }}),
        &[
            json!({"count": 12345, "draft6": "y"}),
            json!({"backwards": 5}),
            json!({"count": "x"}),
        ],
    );
}

#[test]
fn names_the_plan_cannot_hold_become_anchored_patterns() {
    let text = agree(
        json!({"type": "object", "properties": {
            "a.b": {"type": "string"},
            "Product Name!": {"type": "string", "maxLength": 3},
            "[x]": {"type": "integer"}
        }, "required": ["Product Name!", "a.b"], "additionalProperties": false}),
        &[
            json!({"a.b": "x", "Product Name!": "abc"}),
            json!({"a.b": "x", "Product Name!": "abcd"}),
            json!({"a.b": "x"}),
            json!({"a.b": "x", "Product Name!": "a", "[x]": 1}),
            json!({"a.b": "x", "Product Name!": "a", "[x]": "1"}),
            json!({"a.b": "x", "Product Name!": "a", "x": 1}),
        ],
    );
    assert!(text.contains(r#""^Product Name!$""#), "{text}");
    assert!(text.contains(r#""^\\[x\\]$""#), "{text}");
}

#[test]
fn nested_objects_keep_their_openness_and_refs_resolve_from_the_root() {
    agree(
        json!({"type": "object", "definitions": {"id": {"type": "string", "minLength": 2}},
            "properties": {
                "open": {"type": "object", "properties": {"a": {"type": "string"}}},
                "closed": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false},
                "typed_rest": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "integer"}},
                "ref": {"$ref": "#/definitions/id"},
                "list": {"type": "array", "items": {"type": "object", "properties": {"b": {"type": "integer"}}, "required": ["b"]}}
            },
            "additionalProperties": false}),
        &[
            json!({"open": {"a": "x", "z": 1}, "closed": {"a": "x"}, "typed_rest": {"n": 1}, "ref": "ab", "list": [{"b": 1, "c": 2}]}),
            json!({"closed": {"a": "x", "z": 1}}),
            json!({"typed_rest": {"n": "1"}}),
            json!({"ref": "a"}),
            json!({"list": [{"c": 2}]}),
            json!({"unknown": 1}),
        ],
    );
}
