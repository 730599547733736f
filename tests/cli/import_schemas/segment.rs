//! Segment Protocols tracking plans in both API shapes.

use super::*;

#[test]
fn segment_config_api_plans_round_trip_through_export_segment() {
    let source = TestRepo::example();
    let exported = stdout(&source.tplan(["export", "segment"]).output().unwrap());
    let repo = empty_plan();
    repo.write("tracking-plan.json", &exported);
    repo.commit_all("plan");
    let (code, report) = import_json(
        &repo,
        &[
            "import",
            "segment",
            "tracking-plan.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{report:#}");
    let before: Value = serde_json::from_str(&exported).unwrap();
    let after: Value = serde_json::from_str(&stdout(
        &repo.tplan(["export", "segment"]).output().unwrap(),
    ))
    .unwrap();
    let events = |plan: &Value| -> std::collections::BTreeMap<String, Value> {
        plan["rules"]["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["name"].as_str().unwrap().to_string(),
                    e["rules"]["properties"]["properties"].clone(),
                )
            })
            .collect()
    };
    let (before, after) = (events(&before), events(&after));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    source
        .tplan(["export", "jsonschema", "--out", "js"])
        .assert()
        .success();
    let (mut probes_run, mut with_examples) = (0, 0);
    for (name, original) in &before {
        let imported = &after[name];
        let compile = |s: &Value| {
            jsonschema::draft7::options()
                .should_validate_formats(true)
                .build(s)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        };
        let (a, b) = (compile(original), compile(imported));
        let key = tplan_formats::import::slug(name);
        let schema: Value = serde_json::from_str(&source.read(&format!("js/{key}.json"))).unwrap();
        let example = schema["examples"].get(0).cloned().unwrap_or(json!({}));
        with_examples += usize::from(example != json!({}));
        for payload in probes_for(original, &example) {
            assert_eq!(
                b.is_valid(&payload),
                a.is_valid(&payload),
                "{name}: {payload}\noriginal {original:#}\nimported {imported:#}"
            );
            probes_run += 1;
        }
    }
    assert!(probes_run > 250, "{probes_run}");
    assert!(with_examples >= 3, "{with_examples}");
}

/// A Segment Public API export (`rules[]`: tracks, identify, group,
/// common and rules the plan cannot read) imported into an empty plan:
/// the repository, the import's exit code and report.
fn public_api_imported() -> (TestRepo, i32, Value) {
    let repo = empty_plan();
    let track = |props: Value, required: Value| {
        json!({
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "properties": {
                "context": {},
                "traits": {"type": "object"},
                "properties": {"type": "object", "properties": props, "required": required}
            },
            "required": ["properties"]
        })
    };
    let plan = json!({"data": {"rules": [
        {"type": "TRACK", "key": "Order Completed", "version": 1,
         "jsonSchema": track(json!({"order_id": {"type": "string"}}), json!(["order_id"]))},
        {"type": "TRACK", "key": "Order Completed", "version": 2,
         "jsonSchema": track(json!({"order_id": {"type": "string"}, "total": {"type": "number", "minimum": 0}}), json!(["order_id", "total"]))},
        {"type": "TRACK", "key": "Product Viewed (v2)", "version": 1,
         "jsonSchema": track(json!({"Product Name": {"type": "string"}}), json!([]))},
        {"type": "IDENTIFY", "version": 1, "jsonSchema": {
            "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
            "properties": {"traits": {"type": "object", "properties": {"email": {"type": "string", "format": "email"}, "plan": {"enum": ["free", "pro"]}}, "required": ["email"]}}}},
        {"type": "GROUP", "version": 1, "jsonSchema": {
            "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
            "properties": {"traits": {"type": "object", "properties": {"employees": {"type": "integer"}}}}}},
        {"type": "COMMON", "version": 1, "jsonSchema": {
            "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
            "properties": {"context": {"type": "object", "required": ["app"]}}}},
        {"type": "TRACK", "version": 1, "jsonSchema": null},
        {"type": "PAGE", "key": "Home", "version": 1, "jsonSchema": null}
    ], "pagination": {"current": "MA==", "totalEntries": 8}}});
    repo.write("rules.json", serde_json::to_string_pretty(&plan).unwrap());
    repo.commit_all("rules");
    let (code, report) = import_json(
        &repo,
        &["import", "segment", "rules.json", "--format", "json"],
    );
    (repo, code, report)
}

#[test]
fn segment_public_api_rules_become_events_identify_and_group_included() {
    let (repo, code, report) = public_api_imported();
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(
        report["events"],
        json!([
            ["Group", "group"],
            ["Identify", "identify"],
            ["Order Completed", "order_completed"],
            ["Product Viewed (v2)", "product_viewed_v2"]
        ])
    );
    assert_eq!(
        report["renames"],
        json!([["Product Viewed (v2)", "product_viewed_v2"]])
    );
    let skipped = report["skipped"].to_string();
    assert!(
        skipped.contains("rules[5]: a COMMON rule applies to every call"),
        "{skipped}"
    );
    assert!(
        skipped.contains("rules[6]: a track rule without a name"),
        "{skipped}"
    );
    assert!(
        skipped.contains("rules[7]: type `PAGE` is not TRACK, IDENTIFY, GROUP or COMMON"),
        "{skipped}"
    );
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("Order Completed: imported version 2 (not 1)"),
        "{notes}"
    );
    let order = repo.read("events/order_completed.toml");
    assert!(
        order.contains("total = { type = \"number\", required = true, minimum = 0 }"),
        "{order}"
    );
    let identify = repo.read("events/identify.toml");
    assert!(
        identify.contains("email = { type = \"string\", required = true, format = \"email\" }"),
        "{identify}"
    );
    assert!(
        identify.contains("plan = { enum = [\"free\", \"pro\"] }"),
        "{identify}"
    );
    // A name payloads carry is kept; a property name the plan cannot hold
    // is kept as a pattern.
    let product = repo.read("events/product_viewed_v2.toml");
    assert!(
        product.contains("name = \"Product Viewed (v2)\""),
        "{product}"
    );
    assert!(product.contains("^Product Name$"), "{product}");
    // Validate a track against the imported plan: the name matches.
    repo.write(
        "events.ndjson",
        "{\"type\": \"track\", \"event\": \"Order Completed\", \"properties\": {\"order_id\": \"o1\", \"total\": 3}}\n\
         {\"type\": \"track\", \"event\": \"Order Completed\", \"properties\": {\"order_id\": \"o1\"}}\n",
    );
    let out = repo
        .tplan(["validate", "events.ndjson", "--format", "json"])
        .output()
        .unwrap();
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(r["valid"], 1, "{r:#}");
    assert_eq!(r["invalid"], 1, "{r:#}");
}

#[test]
fn imported_identify_and_group_rules_are_those_calls_and_export_back() {
    let (repo, _, _) = public_api_imported();
    let identify = repo.read("events/identify.toml");
    // Identify and group rules are those calls' events: traits are checked
    // as traits, and export puts them back under `rules.identify`.
    assert!(
        identify.contains("name = \"Identify\"\ntype = \"identify\"\n"),
        "{identify}"
    );
    assert!(repo.read("events/group.toml").contains("type = \"group\""));
    repo.write(
        "calls.ndjson",
        "{\"type\": \"identify\", \"userId\": \"u1\", \"traits\": {\"email\": \"a@b.co\", \"plan\": \"pro\"}}\n\
         {\"type\": \"identify\", \"userId\": \"u1\", \"traits\": {\"plan\": \"pro\"}}\n",
    );
    let out = repo
        .tplan(["validate", "calls.ndjson", "--format", "json"])
        .output()
        .unwrap();
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (r["valid"].as_u64(), r["invalid"].as_u64()),
        (Some(1), Some(1)),
        "{r:#}"
    );
    let out = repo.tplan(["export", "segment"]).output().unwrap();
    let exported: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let traits = &exported["rules"]["identify"]["properties"]["traits"];
    assert_eq!(
        traits["properties"]["email"]["format"], "email",
        "{exported:#}"
    );
    assert_eq!(traits["required"], json!(["email"]), "{exported:#}");
    let tracks: Vec<&str> = exported["rules"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(tracks, ["Order Completed", "Product Viewed (v2)"]);
}

#[test]
fn a_segment_file_that_is_not_a_tracking_plan_is_refused() {
    let repo = empty_plan();
    repo.write("x.json", "{\"hello\": 1}");
    repo.write("y.json", "{\"rules\": ");
    repo.commit_all("files");
    for (file, message) in [
        ("x.json", "no `rules`: expected a Protocols tracking plan"),
        ("y.json", "not JSON (line 1, column 10)"),
    ] {
        let out = repo.tplan(["import", "segment", file]).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains(message), "{}", stderr(&out));
    }
    assert_eq!(repo.git(["branch", "--list", "import-segment"]), "");
}

/// The Config API's tracking plan as typewriter's API types describe it:
/// `rules.events`, `rules.global`, `rules.identify_traits` and
/// `rules.group_traits`, each a list of `{name, description, rules, version}`.
#[test]
fn segment_config_api_traits_lists_become_identify_and_group() {
    let repo = empty_plan();
    let call = |part: &str, props: Value, required: Value| {
        json!({
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "properties": {part: {"type": "object", "properties": props, "required": required}}
        })
    };
    let plan = json!({
        "name": "workspaces/acme/tracking-plans/rs_1aBcDeF",
        "display_name": "Acme Web",
        "rules": {
            "events": [
                {"name": "Signed Up", "description": "An account was created.", "version": 1,
                 "rules": call("properties", json!({"method": {"type": "string", "enum": ["email", "google"]}}), json!(["method"]))},
                {"name": "Signed Up", "description": "An account was created.", "version": 3,
                 "rules": call("properties", json!({"method": {"type": "string", "enum": ["email", "google", "apple"]}}), json!(["method"]))}
            ],
            "global": [
                {"name": "global", "version": 1,
                 "rules": {"type": "object", "properties": {"context": {"type": "object", "required": ["library"]}}}}
            ],
            "identify_traits": [
                {"name": "identify", "version": 2, "description": "Who the user is.",
                 "rules": call("traits", json!({"email": {"type": "string", "format": "email"}}), json!(["email"]))}
            ],
            "group_traits": [
                {"name": "group", "version": 1,
                 "rules": call("traits", json!({"name": {"type": "string"}, "plan": {"type": ["string", "null"]}}), json!([]))}
            ]
        },
        "create_time": "2019-03-08T18:41:09.000Z",
        "update_time": "2019-06-18T10:22:15.000Z"
    });
    repo.write("plan.json", serde_json::to_string_pretty(&plan).unwrap());
    repo.commit_all("plan");
    let (code, report) = import_json(
        &repo,
        &["import", "segment", "plan.json", "--format", "json"],
    );
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(
        report["events"],
        json!([
            ["Group", "group"],
            ["Identify", "identify"],
            ["Signed Up", "signed_up"]
        ])
    );
    assert!(
        report["skipped"][0]
            .as_str()
            .unwrap()
            .starts_with("`rules.global`"),
        "{report:#}"
    );
    assert!(
        report["notes"]
            .to_string()
            .contains("Signed Up: imported version 3 (not 1)"),
        "{report:#}"
    );
    let identify = repo.read("events/identify.toml");
    assert!(
        identify.contains("description = \"Who the user is.\""),
        "{identify}"
    );
    assert!(
        identify.contains("email = { type = \"string\", required = true, format = \"email\" }"),
        "{identify}"
    );
    assert!(repo.read("events/signed_up.toml").contains("\"apple\""));
    assert!(
        repo.read("events/group.toml")
            .contains("plan = { type = [\"null\", \"string\"] }")
    );
}

/// Segment's Config API shape, built from its public sources (see
/// tests/fixtures/segment/README.md): traits become events, and the plan's
/// events accept and refuse what they did.
#[test]
fn segment_config_api_plan_imports_with_tags_and_exports_to_equivalent_rules() {
    let fixtures = fixtures().join("segment");
    let repo = empty_plan();
    let config = fixtures.join("config-api-rules-events.json");
    let (code, report) = import_json(
        &repo,
        &[
            "import",
            "segment",
            config.to_str().unwrap(),
            "--format",
            "json",
            "--branch",
            "config",
        ],
    );
    assert_eq!(code, 1, "{report:#}");
    let names: Vec<&str> = report["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e[0].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 11, "{names:?}");
    for name in [
        "Identify",
        "Group",
        "Order Completed",
        "Checkout Step Viewed (v2)",
        "Application Opened",
    ] {
        assert!(names.contains(&name), "{name}: {names:?}");
    }
    assert_eq!(report["skipped"].as_array().unwrap().len(), 1, "{report:#}");
    assert!(
        report["skipped"][0]
            .as_str()
            .unwrap()
            .starts_with("`rules.global`")
    );
    let order = repo.read("events/order_completed.toml");
    assert!(
        order.contains("tags = [\"area:checkout\", \"platform:web\"]"),
        "{order}"
    );
    assert!(!order.contains("/properties/properties"), "{order}");
    assert!(
        repo.read("events/identify.toml")
            .contains("format = \"email\"")
    );

    // Round trip: export segment, then compare each event's properties schema.
    let original: Value = serde_json::from_str(&std::fs::read_to_string(&config).unwrap()).unwrap();
    let exported: Value = serde_json::from_str(&stdout(
        &repo.tplan(["export", "segment"]).output().unwrap(),
    ))
    .unwrap();
    let mut probes = 0;
    for event in original["rules"]["events"].as_array().unwrap() {
        let name = event["name"].as_str().unwrap();
        let before = &event["rules"]["properties"]["properties"];
        let after = exported["rules"]["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == name)
            .map(|e| e["rules"]["properties"]["properties"].clone())
            .unwrap_or_else(|| panic!("{name} exported"));
        let compile = |s: &Value| {
            jsonschema::draft7::options()
                .should_validate_formats(true)
                .build(s)
                .unwrap()
        };
        let (a, b) = (compile(before), compile(&after));
        for payload in probes_for(before, &filled(before)) {
            assert_eq!(
                b.is_valid(&payload),
                a.is_valid(&payload),
                "{name}: {payload}\n{after:#}"
            );
            probes += 1;
        }
    }
    assert!(probes > 200, "{probes}");
}

/// Segment's Public API shape: the latest version of each event, a note
/// where that is not version 1.
#[test]
fn segment_public_api_plan_imports_its_latest_versions() {
    let fixtures = fixtures().join("segment");
    let repo = empty_plan();
    let public = fixtures.join("public-api-rules.json");
    let (code, report) = import_json(
        &repo,
        &[
            "import",
            "segment",
            public.to_str().unwrap(),
            "--format",
            "json",
            "--branch",
            "public",
        ],
    );
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["events"].as_array().unwrap().len(), 11, "{report:#}");
    assert!(
        report["skipped"][0]
            .as_str()
            .unwrap()
            .contains("a COMMON rule applies to every call")
    );
    assert!(
        report["notes"]
            .to_string()
            .contains("Order Completed: imported version 2 (not 1)")
    );
    let order = repo.read("events/order_completed.toml");
    assert!(
        order.contains("subtotal = { type = \"number\", required = true"),
        "{order}"
    );
}

/// A Segment file with broken rules: each is skipped with its reason.
#[test]
fn segment_rules_that_cannot_be_imported_are_skipped_each_with_its_reason() {
    let fixtures = fixtures().join("segment");
    let repo = empty_plan();
    let bad = fixtures.join("bad.json");
    let (code, report) = import_json(
        &repo,
        &[
            "import",
            "segment",
            bad.to_str().unwrap(),
            "--format",
            "json",
            "--branch",
            "bad",
        ],
    );
    assert_eq!(code, 1, "{report:#}");
    let skipped = report["skipped"].to_string();
    for expected in [
        "a track rule without a name",
        "(`Cart Viewed`): its schema is",
        "(`Coupon Applied`): not a valid JSON Schema",
        "its key `order_completed` is already taken by rules.events[4] (`Order Completed`)",
    ] {
        assert!(skipped.contains(expected), "{expected}: {skipped}");
    }
}
