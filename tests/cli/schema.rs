use serde_json::json;

use crate::support::{TestRepo, stderr, stdout};

fn iglu(version: &str, properties: serde_json::Value, required: &[&str]) -> String {
    serde_json::to_string_pretty(&json!({
        "$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#",
        "self": {"vendor": "com.acme", "name": "checkout", "format": "jsonschema", "version": version},
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false
    }))
    .unwrap()
}

#[test]
fn schema_diff_classifies_plain_schemas() {
    let repo = TestRepo::empty();
    repo.write(
        "old.json",
        r#"{"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}"#,
    );
    repo.write(
        "new.json",
        r#"{"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}"#,
    );
    let out = repo
        .tplan(["schema", "diff", "old.json", "new.json", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["class"], "model");
    assert_eq!(v["changes"][0]["rule"], "type-changed");
}

#[test]
fn schema_diff_checks_an_iglu_declared_bump() {
    let repo = TestRepo::empty();
    repo.write(
        "1-0-0.json",
        iglu(
            "1-0-0",
            json!({"id": {"type": "string"}, "note": {"type": "string"}}),
            &["id"],
        ),
    );
    repo.write(
        "1-0-1.json",
        iglu("1-0-1", json!({"note": {"type": "string"}}), &[]),
    );
    let out = repo
        .tplan(["schema", "diff", "1-0-0.json", "1-0-1.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("declared 1-0-1 (addition) but `properties/id` (required-property-removed) needs a model bump (2-0-0)"), "{}", stdout(&out));
    repo.write(
        "2-0-0.json",
        iglu("2-0-0", json!({"note": {"type": "string"}}), &[]),
    );
    repo.tplan(["schema", "diff", "1-0-0.json", "2-0-0.json"])
        .assert()
        .code(0);
    // More than needed: noted, allowed.
    repo.write("2-0-0b.json", iglu("2-0-0", json!({"id": {"type": "string"}, "note": {"type": "string"}, "extra": {"type": "string"}}), &["id"]));
    let out = repo
        .tplan(["schema", "diff", "1-0-0.json", "2-0-0b.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("more than the addition its changes need; allowed"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn schema_check_gates_a_registry() {
    let repo = TestRepo::empty();
    let dir = "registry/schemas/com.acme/checkout/jsonschema";
    repo.write(
        &format!("{dir}/1-0-0"),
        iglu("1-0-0", json!({"id": {"type": "string"}}), &["id"]),
    );
    repo.write(
        &format!("{dir}/1-0-1"),
        iglu(
            "1-0-1",
            json!({"id": {"type": "string"}, "coupon": {"type": "string"}}),
            &["id"],
        ),
    );
    let out = repo
        .tplan(["schema", "check", "registry"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("1 schemas, 1 version steps: every declared bump is enough"),
        "{}",
        stdout(&out)
    );
    repo.write(
        &format!("{dir}/1-0-2"),
        iglu(
            "1-0-2",
            json!({"id": {"type": "integer"}, "coupon": {"type": "string"}}),
            &["id"],
        ),
    );
    let out = repo
        .tplan(["schema", "check", "registry", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["failures"], 1);
    assert_eq!(v["report"]["schemas"][0]["steps"][1]["needed"], "2-0-0");
}

#[test]
fn schema_bad_input_names_the_file() {
    let repo = TestRepo::empty();
    let dir = "registry/schemas/com.acme/checkout/jsonschema";
    repo.write(&format!("{dir}/1-0-0"), "{ not json");
    repo.write(&format!("{dir}/1.0.1"), iglu("1-0-1", json!({}), &[]));
    repo.write(&format!("{dir}/1-0-2"), iglu("1-0-3", json!({}), &[]));
    let out = repo
        .tplan(["schema", "check", "registry"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("`schemas/com.acme/checkout/jsonschema/1-0-0` is not JSON: key must be a string at line 1 column 3"), "{err}");
    assert!(
        err.contains(
            "schemas/com.acme/checkout/jsonschema/1.0.1: `1.0.1` is not a SchemaVer version"
        ),
        "{err}"
    );
    assert!(err.contains("its `self` block says `iglu:com.acme/checkout/jsonschema/1-0-3`, but the path says `iglu:com.acme/checkout/jsonschema/1-0-2`"), "{err}");
    // Too deep to classify safely (items within items: within JSON's own
    // nesting limit, beyond the engine's).
    let mut deep = String::from("{}");
    for _ in 0..80 {
        deep = format!("{{\"items\": {deep}}}");
    }
    repo.write("deep-old.json", &deep);
    repo.write(
        "deep-new.json",
        deep.replacen("{}", "{\"type\": \"string\"}", 1),
    );
    let out = repo
        .tplan(["schema", "diff", "deep-old.json", "deep-new.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nests deeper than 64 levels"),
        "{}",
        stderr(&out)
    );
    // Deeper than JSON parsing allows: refused while reading.
    let mut deeper = String::from("{}");
    for _ in 0..100 {
        deeper = format!("{{\"properties\": {{\"a\": {deeper}}}}}");
    }
    repo.write("deeper.json", &deeper);
    let out = repo
        .tplan(["schema", "diff", "deeper.json", "deep-new.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`deeper.json` is not JSON: recursion limit exceeded"),
        "{}",
        stderr(&out)
    );
    let out = repo
        .tplan(["schema", "diff", "deep-old.json", "missing.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read `missing.json`"));
}
