//! Plain JSON Schema files, one event each, shared definitions embedded.

use super::*;

/// Two schemas from public-style plans, in two drafts.
fn order_and_signed_up() -> (Value, Value) {
    let order = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Order Completed",
        "description": "The payment was captured.",
        "type": "object",
        "$defs": {"money": {"type": "number", "exclusiveMinimum": 0, "multipleOf": 0.01}},
        "properties": {
            "order_id": {"type": "string", "pattern": "^o-[0-9]+$"},
            "total": {"$ref": "#/$defs/money"},
            "currency": {"const": "EUR"},
            "coupon": {"type": ["string", "null"], "maxLength": 8},
            "lines": {"type": "array", "minItems": 1, "prefixItems": [{"type": "string"}],
                      "items": {"type": "object", "properties": {"sku": {"type": "string"}}, "required": ["sku"], "additionalProperties": false}}
        },
        "required": ["order_id", "total"],
        "additionalProperties": false,
        "dependentRequired": {"coupon": ["currency"]}
    });
    let signed_up = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": {
            "method": {"enum": ["email", "google"]},
            "age": {"type": "integer", "minimum": 13, "exclusiveMaximum": 130}
        },
        "required": ["method"]
    });
    (order, signed_up)
}

/// A folder of JSON Schema files beside files that are not schemas, committed.
fn schema_folder() -> (TestRepo, Value, Value) {
    let repo = empty_plan();
    let (order, signed_up) = order_and_signed_up();
    repo.write("schemas/order_completed.json", order.to_string());
    repo.write(
        "schemas/nested/signed_up.schema.json",
        signed_up.to_string(),
    );
    repo.write("schemas/broken.json", "{\"type\": ");
    repo.write("schemas/list.json", r#"{"type": "array"}"#);
    repo.write(
        "schemas/draft3.json",
        r#"{"$schema": "http://json-schema.org/draft-03/schema#", "type": "object"}"#,
    );
    repo.write("schemas/notes.txt", "not a schema");
    repo.commit_all("schemas");
    (repo, order, signed_up)
}

#[test]
fn json_schema_import_refuses_a_missing_path_or_a_folder_without_schemas() {
    let (repo, _, _) = schema_folder();
    // A path that does not exist, or a folder without `*.json`: refused.
    let out = repo
        .tplan(["import", "jsonschema", "nowhere.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read `"), "{}", stderr(&out));
    std::fs::create_dir_all(repo.path().join("empty")).unwrap();
    let out = repo
        .tplan(["import", "jsonschema", "empty"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no `*.json` file in the paths given"),
        "{}",
        stderr(&out)
    );
    assert_eq!(repo.git(["branch", "--list", "import-jsonschema"]), "");
}

#[test]
fn json_schema_files_import_one_event_each_and_report_what_they_skip_and_keep() {
    let (repo, _, _) = schema_folder();
    let (code, report) = import_json(
        &repo,
        &["import", "jsonschema", "schemas", "--format", "json"],
    );
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(
        report["events"],
        json!([
            ["Signed Up", "signed_up"],
            ["Order Completed", "order_completed"]
        ])
    );
    let skipped = report["skipped"].to_string();
    assert!(
        skipped.contains("schemas/broken.json: not JSON (line 1"),
        "{skipped}"
    );
    assert!(
        skipped.contains("schemas/list.json: the root's `type` is \\\"array\\\""),
        "{skipped}"
    );
    assert!(skipped.contains("schemas/draft3.json: `$schema` `http://json-schema.org/draft-03/schema#` is not a JSON Schema draft tplan reads"), "{skipped}");
    assert_eq!(report["skipped"].as_array().unwrap().len(), 3, "{skipped}");
    let kept = report["kept"].to_string();
    for expected in [
        "`$defs` at the root",
        "`dependentRequired` at the root",
        "`$ref` at `properties/total`",
        "`prefixItems` at `properties/lines`",
    ] {
        assert!(kept.contains(expected), "{expected}: {kept}");
    }
    let event = repo.read("events/order_completed.toml");
    assert!(event.contains("currency = { const = \"EUR\" }"), "{event}");
}

#[test]
fn json_schema_files_export_to_schemas_that_accept_and_refuse_the_same_payloads() {
    let (repo, order, signed_up) = schema_folder();
    let (code, _) = import_json(
        &repo,
        &["import", "jsonschema", "schemas", "--format", "json"],
    );
    assert_eq!(code, 1);
    repo.tplan(["export", "jsonschema", "--out", "out"])
        .assert()
        .success();
    // The Iglu export says the same in draft-04: `const`, `prefixItems`,
    // numeric exclusive bounds, `dependentRequired` and `$ref` siblings
    // brought down, nothing draft-04 cannot say.
    let out = repo
        .tplan(["export", "iglu", "--out", "iglu"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    // And Segment's draft-07, with the event's schema nested at
    // `properties.properties` (its `$ref`s follow it there).
    let out = repo.tplan(["export", "segment"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let segment: Value = serde_json::from_str(&stdout(&out)).unwrap();
    // Segment's plan imported again: references come back out of the
    // nesting, and the events mean what they meant.
    let again = empty_plan();
    again.write("tracking-plan.json", stdout(&out));
    again.commit_all("plan");
    let (code, report) = import_json(
        &again,
        &[
            "import",
            "segment",
            "tracking-plan.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{report:#}");
    again
        .tplan(["export", "jsonschema", "--out", "out"])
        .assert()
        .success();
    let segment_rules = |name: &str| -> jsonschema::Validator {
        let rules = segment["rules"]["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == name)
            .unwrap_or_else(|| panic!("{name} exported"))["rules"]
            .clone();
        jsonschema::draft7::options()
            .should_validate_formats(true)
            .build(&rules)
            .unwrap_or_else(|e| panic!("{e}: {rules:#}"))
    };
    let probes = payload_probes(&order, &signed_up);
    for (key, original, payloads) in &probes {
        let exported: Value = serde_json::from_str(&repo.read(&format!("out/{key}.json"))).unwrap();
        let (before, after) = (
            jsonschema::options()
                .should_validate_formats(true)
                .build(original)
                .unwrap(),
            jsonschema::options()
                .should_validate_formats(true)
                .build(&exported)
                .unwrap(),
        );
        let iglu: Value = serde_json::from_str(
            &repo.read(&format!("iglu/schemas/com.acme/{key}/jsonschema/1-0-0")),
        )
        .unwrap();
        let iglu_validator = draft4(&iglu);
        let segment_validator = segment_rules(original["title"].as_str().unwrap_or("Signed Up"));
        let reimported: Value =
            serde_json::from_str(&again.read(&format!("out/{key}.json"))).unwrap();
        let reimported = draft2020(&reimported);
        let mut verdicts = std::collections::BTreeSet::new();
        for payload in payloads.iter() {
            let verdict = before.is_valid(payload);
            verdicts.insert(verdict);
            assert_eq!(
                after.is_valid(payload),
                verdict,
                "{key}: {payload}\n{exported:#}"
            );
            assert_eq!(
                iglu_validator.is_valid(payload),
                verdict,
                "{key} (Iglu): {payload}\n{iglu:#}"
            );
            assert_eq!(
                segment_validator.is_valid(&json!({ "properties": payload })),
                verdict,
                "{key} (Segment): {payload}"
            );
            assert_eq!(
                reimported.is_valid(payload),
                verdict,
                "{key} (Segment, imported again): {payload}"
            );
        }
        assert_eq!(verdicts.len(), 2, "{key}: probes both accepted and refused");
    }
}

/// A folder whose files share definitions through `$ref`s to each other
/// (and in different drafts): the shared files are not events, each event
/// has what it needs embedded, and every export means the same; a `$ref`
/// to a URL or a file not given is refused, never fetched.
#[test]
fn schemas_sharing_definitions_across_files_import_whole() {
    let repo = empty_plan();
    repo.write(
        "schemas/events/order_completed.json",
        json!({
            "$schema": "http://json-schema.org/draft-07/schema#",
            "title": "Order Completed",
            "type": "object",
            "properties": {
                "total": {"$ref": "../shared/common.json#/definitions/money"},
                "currency": {"$ref": "../shared/common.json#/definitions/currency"}
            },
            "required": ["total"]
        })
        .to_string(),
    );
    repo.write(
        "schemas/shared/common.json",
        json!({
            "$schema": "http://json-schema.org/draft-07/schema#",
            "definitions": {
                "money": {"$ref": "types.json#/$defs/positive"},
                "currency": {"type": "string", "enum": ["EUR", "USD"]}
            }
        })
        .to_string(),
    );
    repo.write(
        "schemas/shared/types.json",
        json!({
            "$defs": {"positive": {"type": "number", "exclusiveMinimum": 0, "multipleOf": 0.01}}
        })
        .to_string(),
    );
    repo.write(
        "schemas/events/remote.json",
        json!({"type": "object", "properties": {"x": {"$ref": "https://example.com/x.json"}}})
            .to_string(),
    );
    repo.commit_all("schemas");
    let (code, report) = import_json(
        &repo,
        &["import", "jsonschema", "schemas", "--format", "json"],
    );
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(
        report["events"],
        json!([["Order Completed", "order_completed"]])
    );
    let skipped = report["skipped"].to_string();
    assert!(
        skipped.contains("schemas/events/remote.json: `$ref` to `https://example.com/x.json` is not among the files imported"),
        "{skipped}"
    );
    let notes = report["notes"].to_string();
    for shared in ["schemas/shared/common.json", "schemas/shared/types.json"] {
        assert!(
            notes.contains(&format!(
                "{shared}: shared definitions, not an event: embedded in the event that refers to it"
            )),
            "{notes}"
        );
    }

    repo.tplan(["export", "jsonschema", "--out", "plain"])
        .assert()
        .success();
    repo.tplan(["export", "iglu", "--out", "iglu"])
        .assert()
        .success();
    let segment = repo.tplan(["export", "segment"]).output().unwrap();
    assert!(segment.status.success(), "{}", stderr(&segment));
    let segment: Value = serde_json::from_str(&stdout(&segment)).unwrap();
    let plain: Value = serde_json::from_str(&repo.read("plain/order_completed.json")).unwrap();
    let iglu: Value =
        serde_json::from_str(&repo.read("iglu/schemas/com.acme/order_completed/jsonschema/1-0-0"))
            .unwrap();
    let rules = segment["rules"]["events"][0]["rules"].clone();
    let (plain_v, iglu_v, segment_v) = (
        draft2020(&plain),
        draft4(&iglu),
        jsonschema::draft7::options()
            .build(&rules)
            .unwrap_or_else(|e| panic!("{e}: {rules:#}")),
    );
    for (payload, valid) in [
        (json!({"total": 9.99, "currency": "EUR"}), true),
        (json!({"total": 0, "currency": "EUR"}), false),
        (json!({"total": 1.001}), false),
        (json!({"total": 5, "currency": "GBP"}), false),
        (json!({"currency": "EUR"}), false),
    ] {
        assert_eq!(
            plain_v.is_valid(&payload),
            valid,
            "2020-12: {payload}\n{plain:#}"
        );
        assert_eq!(
            iglu_v.is_valid(&payload),
            valid,
            "Iglu: {payload}\n{iglu:#}"
        );
        assert_eq!(
            segment_v.is_valid(&json!({ "properties": payload })),
            valid,
            "Segment: {payload}\n{rules:#}"
        );
    }
}

/// Payloads for each event that its schema accepts and refuses.
fn payload_probes<'a>(
    order: &'a Value,
    signed_up: &'a Value,
) -> Vec<(&'static str, &'a Value, Vec<Value>)> {
    vec![
        (
            "order_completed",
            order,
            vec![
                json!({"order_id": "o-1", "total": 9.99}),
                json!({"order_id": "o-1", "total": 0}),
                json!({"order_id": "o-1", "total": 1.001}),
                json!({"order_id": "x", "total": 1}),
                json!({"order_id": "o-1", "total": 1, "currency": "USD"}),
                json!({"order_id": "o-1", "total": 1, "coupon": "SPRING", "currency": "EUR"}),
                json!({"order_id": "o-1", "total": 1, "coupon": "SPRING"}),
                json!({"order_id": "o-1", "total": 1, "coupon": null}),
                json!({"order_id": "o-1", "total": 1, "lines": ["a", {"sku": "b"}]}),
                json!({"order_id": "o-1", "total": 1, "lines": [1]}),
                json!({"order_id": "o-1", "total": 1, "lines": ["a", {"x": 1}]}),
                json!({"order_id": "o-1", "total": 1, "extra": true}),
            ],
        ),
        (
            "signed_up",
            signed_up,
            vec![
                json!({"method": "email"}),
                json!({"method": "apple"}),
                json!({"method": "google", "age": 13}),
                json!({"method": "google", "age": 130}),
                json!({"method": "google", "age": 12.5}),
                json!({"age": 20}),
                json!({"method": "email", "other": 1}),
            ],
        ),
    ]
}
