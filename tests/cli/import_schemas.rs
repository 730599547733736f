//! `tplan import iglu|jsonschema|segment`: schemas in, the same payloads
//! accepted and refused on the way out.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::proposal::{ANA, review};
use crate::support::{TestRepo, stderr, stdout};

const IGLU_META: &str =
    "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// An empty plan of vendor `com.acme`, committed.
fn empty_plan() -> TestRepo {
    let repo = TestRepo::empty();
    repo.tplan(["init", "--name", "Imp", "--vendor", "com.acme"])
        .assert()
        .success();
    repo.commit_all("init");
    repo
}

/// An Iglu self-describing schema of `vendor/name` at `version` with `body`.
fn iglu(vendor: &str, name: &str, version: &str, body: Value) -> String {
    let mut schema = json!({
        "$schema": IGLU_META,
        "self": {"vendor": vendor, "name": name, "format": "jsonschema", "version": version},
    });
    schema
        .as_object_mut()
        .unwrap()
        .extend(body.as_object().unwrap().clone());
    serde_json::to_string_pretty(&schema).unwrap()
}

fn write_iglu(repo: &TestRepo, vendor: &str, name: &str, version: &str, body: Value) {
    repo.write(
        &format!("registry/schemas/{vendor}/{name}/jsonschema/{version}"),
        iglu(vendor, name, version, body),
    );
}

/// An Iglu schema as Snowplow reads it: draft-04, formats asserted, `uuid`
/// among them.
fn draft4(schema: &Value) -> jsonschema::Validator {
    tplan_schema::dialect::iglu_options()
        .build(schema)
        .unwrap_or_else(|e| panic!("{e}: {schema}"))
}

/// Adopts branch `import-iglu` on `main` (a merge: its versions are
/// published already), then publishes `event` with an optional string
/// `property` added through proposal #1, approved by Ana.
fn adopt_then_publish_a_new_property(repo: &TestRepo, event: &str, property: &str) {
    repo.tplan(["switch", "main"]).assert().success();
    repo.tplan(["merge", "import-iglu"]).assert().success();
    repo.tplan(["switch", "-c", "more"]).assert().success();
    repo.tplan(["property", "add", event, property, "--type", "string"])
        .assert()
        .success();
    repo.tplan(["commit", "-m", property]).assert().success();
    repo.tplan(["propose", "-m", property]).assert().success();
    repo.tplan(["switch", "main"]).assert().success();
    review(repo, "1", "--approve", ANA);
    let out = repo.tplan(["publish", "1"]).output().unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
}

fn import_json(repo: &TestRepo, args: &[&str]) -> (i32, Value) {
    let out = repo.tplan(args).output().unwrap();
    let code = out.status.code().unwrap();
    let text = stdout(&out);
    let value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}\n{}", stderr(&out)));
    (code, value)
}

fn draft2020(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| panic!("{e}: {schema}"))
}

/// The corpus: every schema's latest version imported, exported again, and
/// each payload probe accepted or refused alike by the original and both
/// exports: the Iglu one (draft-04) and the plain JSON Schema (2020-12), so
/// the plan means what the registry meant.
#[test]
fn iglu_corpus_round_trips_accepting_and_refusing_the_same_payloads() {
    let corpus = fixtures().join("iglu-corpus");
    let repo = empty_plan();
    let registry = corpus.to_str().unwrap();
    let (code, report) = import_json(&repo, &["import", "iglu", registry, "--format", "json"]);
    assert_eq!(code, 0, "{report:#}");
    repo.tplan(["export", "iglu", "--out", "exported"])
        .assert()
        .success();
    repo.tplan(["export", "jsonschema", "--out", "plain"])
        .assert()
        .success();

    // The latest version of each schema, by name.
    let mut latest: std::collections::BTreeMap<String, (String, PathBuf)> = Default::default();
    for vendor in std::fs::read_dir(corpus.join("schemas")).unwrap() {
        let vendor = vendor.unwrap();
        for name in std::fs::read_dir(vendor.path()).unwrap() {
            let name = name.unwrap();
            for version in std::fs::read_dir(name.path().join("jsonschema")).unwrap() {
                let version = version.unwrap();
                let v = version.file_name().to_string_lossy().into_owned();
                let key = name.file_name().to_string_lossy().into_owned();
                let parse =
                    |v: &str| -> Vec<u64> { v.split('-').map(|n| n.parse().unwrap()).collect() };
                let newer = latest
                    .get(&key)
                    .is_none_or(|(old, _)| parse(&v) > parse(old));
                if newer {
                    latest.insert(key, (v, version.path()));
                }
            }
        }
    }
    assert!(
        latest.len() >= 30,
        "the corpus has {} schemas",
        latest.len()
    );
    assert_eq!(report["events"].as_array().unwrap().len(), latest.len());
    assert_eq!(report["versions"].as_object().unwrap().len(), latest.len());

    let mut probes = 0;
    for (name, (version, path)) in &latest {
        let original: Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let exported_path = repo.path().join(format!(
            "exported/schemas/com.acme/{name}/jsonschema/{version}"
        ));
        let exported: Value = serde_json::from_str(
            &std::fs::read_to_string(&exported_path)
                .unwrap_or_else(|e| panic!("{}: {e}", exported_path.display())),
        )
        .unwrap();
        assert_eq!(exported["self"], original["self"], "{name}");
        let (before, after) = (draft4(&original), draft4(&exported));
        let plain: Value = serde_json::from_str(&repo.read(&format!("plain/{name}.json"))).unwrap();
        let modern = draft2020(&plain);
        let payloads = std::fs::read_to_string(corpus.join(format!("payloads/{name}.jsonl")))
            .unwrap_or_else(|e| panic!("payloads of {name}: {e}"));
        let (mut accepted, mut refused) = (0, 0);
        for (i, line) in payloads
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let payload: Value = serde_json::from_str(line).unwrap();
            let verdict = before.is_valid(&payload);
            assert_eq!(
                after.is_valid(&payload),
                verdict,
                "{name} line {}: {line}\noriginal: {original:#}\nexported: {exported:#}",
                i + 1
            );
            assert_eq!(
                modern.is_valid(&payload),
                verdict,
                "{name} line {} (2020-12): {line}\noriginal: {original:#}\nexported: {plain:#}",
                i + 1
            );
            if verdict {
                accepted += 1;
            } else {
                refused += 1;
            }
            probes += 1;
        }
        assert!(
            accepted > 0 && refused > 0,
            "{name}: {accepted} accepted, {refused} refused"
        );
    }
    assert!(probes >= 240, "{probes} probes");
}

#[test]
fn the_lock_records_imported_versions_and_the_next_publish_continues_from_them() {
    let repo = empty_plan();
    write_iglu(
        &repo,
        "com.acme",
        "link_click",
        "1-0-0",
        json!({"type": "object", "properties": {"target_url": {"type": "string"}}, "additionalProperties": false}),
    );
    write_iglu(
        &repo,
        "com.acme",
        "link_click",
        "1-0-2",
        json!({"description": "A link was clicked.", "type": "object",
               "properties": {"target_url": {"type": "string", "format": "uri"}, "element_id": {"type": "string"}},
               "required": ["target_url"], "additionalProperties": false}),
    );
    let out = repo.tplan(["import", "iglu", "registry"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Recorded 1 published version in tplan.lock"),
        "{text}"
    );
    assert!(
        text.contains("link_click: imported 1-0-2 (older 1-0-0 stay in the registry)"),
        "{text}"
    );
    let lock = repo.read("tplan.lock");
    assert!(
        lock.contains("[events.link_click]\nversion = \"1-0-2\""),
        "{lock}"
    );
    let event = repo.read("events/link_click.toml");
    assert!(
        event.contains("description = \"A link was clicked.\""),
        "{event}"
    );
    assert!(
        event.contains("target_url = { type = \"string\", required = true, format = \"uri\" }"),
        "{event}"
    );

    adopt_then_publish_a_new_property(&repo, "link_click", "label");
    let lock = repo.read("tplan.lock");
    assert!(
        lock.contains("[events.link_click]\nversion = \"1-0-3\""),
        "{lock}"
    );
    let registry = repo.git(["ls-tree", "-r", "--name-only", "refs/tplan/registry"]);
    assert!(
        registry.contains("schemas/com.acme/link_click/jsonschema/1-0-3"),
        "{registry}"
    );
}

#[test]
fn invalid_schemas_are_listed_and_the_rest_imports() {
    let repo = empty_plan();
    let ok = json!({"type": "object", "properties": {"a": {"type": "string"}}});
    write_iglu(&repo, "com.acme", "good", "1-0-0", ok.clone());
    // Names that become the same key: the first (by path) wins.
    write_iglu(&repo, "com.acme", "Good", "1-0-0", ok.clone());
    write_iglu(
        &repo,
        "com.acme",
        "wrong_type",
        "1-0-0",
        json!({"type": "object", "properties": {"a": {"type": "str"}}}),
    );
    write_iglu(
        &repo,
        "com.acme",
        "not_an_object",
        "1-0-0",
        json!({"type": "array"}),
    );
    repo.write(
        "registry/schemas/com.acme/broken/jsonschema/1-0-0",
        "{\"self\": ",
    );
    // `self` says another version than the path.
    repo.write(
        "registry/schemas/com.acme/moved/jsonschema/1-0-0",
        iglu("com.acme", "moved", "1-0-1", ok.clone()),
    );
    repo.write(
        "registry/schemas/com.acme/bad_version/jsonschema/1-0",
        iglu("com.acme", "bad_version", "1-0-0", ok),
    );
    repo.commit_all("registry");
    let (code, report) = import_json(&repo, &["import", "iglu", "registry", "--format", "json"]);
    assert_eq!(code, 1, "{report:#}");
    let skipped: Vec<&str> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let has = |path: &str, why: &str| {
        assert!(
            skipped
                .iter()
                .any(|s| s.starts_with(path) && s.contains(why)),
            "{path}: {why}\n{skipped:#?}"
        )
    };
    has(
        "schemas/com.acme/broken/jsonschema/1-0-0",
        "not JSON (line 1",
    );
    has(
        "schemas/com.acme/wrong_type/jsonschema/1-0-0",
        "not a valid JSON Schema: \"str\" is not valid",
    );
    has(
        "schemas/com.acme/not_an_object/jsonschema/1-0-0",
        "an event's payload is an object",
    );
    has(
        "schemas/com.acme/moved/jsonschema/1-0-0",
        "`self` says `iglu:com.acme/moved/jsonschema/1-0-1`",
    );
    has(
        "schemas/com.acme/bad_version/jsonschema/1-0",
        "not a SchemaVer",
    );
    has(
        "schemas/com.acme/good/jsonschema/1-0-0",
        "its key `good` is already taken by schemas/com.acme/Good/jsonschema/1-0-0",
    );
    assert_eq!(skipped.len(), 6, "{skipped:#?}");
    assert_eq!(report["events"], json!([["Good", "good"]]));
    assert_eq!(report["renames"], json!([["Good", "good"]]));
    assert!(repo.read("events/good.toml").contains("name = \"Good\""));

    // Human output ends with a summary.
    repo.tplan(["switch", "main"]).assert().success();
    let out = repo
        .tplan(["import", "iglu", "registry", "--branch", "again"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("1 event imported, 6 left out."),
        "{}",
        stdout(&out)
    );
}

#[test]
fn refusals_write_nothing() {
    let repo = empty_plan();
    let ok = json!({"type": "object", "properties": {"a": {"type": "string"}}});
    write_iglu(&repo, "com.acme", "a", "1-0-0", ok.clone());
    write_iglu(&repo, "com.other", "b", "1-0-0", ok.clone());
    write_iglu(&repo, "com.third", "c", "1-0-0", ok.clone());
    repo.write("empty/schemas/.keep", "");
    repo.write("not-a-registry/x.json", "{}");
    repo.commit_all("registries");
    let refuse = |args: &[&str], message: &str| {
        let before = (repo.git(["show-ref"]), repo.snapshot());
        let out = repo.tplan(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert_eq!(
            (repo.git(["show-ref"]), repo.snapshot()),
            before,
            "{args:?}"
        );
    };
    refuse(
        &["import", "iglu", "not-a-registry"],
        "is not an Iglu registry: it has no `schemas` folder",
    );
    refuse(&["import", "iglu", "empty"], "no valid schema in");
    refuse(
        &["import", "iglu", "registry", "--vendor", "com.nobody"],
        "no schema of vendor `com.nobody`",
    );
    // A dirty plan is refused.
    repo.write("tplan.toml", repo.read("tplan.toml").replace("Imp", "Imp2"));
    refuse(
        &["import", "iglu", "registry"],
        "the plan has uncommitted changes (`tplan.toml`)",
    );
    repo.git(["checkout", "--", "tplan.toml"]);
    // An existing branch is refused.
    repo.git(["branch", "import-iglu"]);
    refuse(&["import", "iglu", "registry"], "import-iglu");
    repo.git(["branch", "-D", "import-iglu"]);

    // The plan's vendor is among several: only its schemas come in.
    let (code, report) = import_json(&repo, &["import", "iglu", "registry", "--format", "json"]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["events"], json!([["A", "a"]]));
    assert_eq!(report["skipped"].as_array().unwrap().len(), 2, "{report:#}");
    assert!(
        report["skipped"][0]
            .as_str()
            .unwrap()
            .contains("vendor `com.other` is not the one imported")
    );
}

#[test]
fn a_registry_of_another_vendor_sets_an_empty_plan_s_vendor() {
    let repo = empty_plan();
    write_iglu(
        &repo,
        "io.shop",
        "cart_viewed",
        "1-0-0",
        json!({"type": "object", "properties": {}}),
    );
    repo.commit_all("registry");
    let out = repo
        .tplan(["import", "iglu", "registry/schemas"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("the plan's vendor is now `io.shop` (was `com.acme`)"));
    assert!(repo.read("tplan.toml").contains("vendor = \"io.shop\""));
    // Once the plan has events, another vendor is refused.
    write_iglu(&repo, "io.other", "x", "1-0-0", json!({"type": "object"}));
    std::fs::remove_dir_all(repo.path().join("registry/schemas/io.shop")).unwrap();
    repo.commit_all("other");
    let out = repo
        .tplan(["import", "iglu", "registry", "--branch", "two"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the plan's vendor is `io.shop` and it has events"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn json_schema_files_import_one_event_each_and_export_to_equivalent_schemas() {
    let repo = empty_plan();
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
    let probes: &[(&str, &Value, &[Value])] = &[
        (
            "order_completed",
            &order,
            &[
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
            &signed_up,
            &[
                json!({"method": "email"}),
                json!({"method": "apple"}),
                json!({"method": "google", "age": 13}),
                json!({"method": "google", "age": 130}),
                json!({"method": "google", "age": 12.5}),
                json!({"age": 20}),
                json!({"method": "email", "other": 1}),
            ],
        ),
    ];
    for (key, original, payloads) in probes {
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

/// Payloads around an object schema: the example, each required key
/// removed, an unknown key added, each property set to a string and to null.
fn probes_for(schema: &Value, example: &Value) -> Vec<Value> {
    let mut out = vec![example.clone(), json!({})];
    let Some(base) = example.as_object() else {
        return out;
    };
    for key in base.keys() {
        let mut without = base.clone();
        without.remove(key);
        out.push(Value::Object(without));
        for wrong in [json!("text"), json!(null), json!(-1), json!([])] {
            let mut changed = base.clone();
            changed.insert(key.clone(), wrong);
            out.push(Value::Object(changed));
        }
    }
    let mut extra = base.clone();
    extra.insert("not_in_the_plan".into(), json!(1));
    out.push(Value::Object(extra));
    if let Some(props) = schema["properties"].as_object() {
        for key in props.keys() {
            let mut only = serde_json::Map::new();
            only.insert(key.clone(), json!("x"));
            out.push(Value::Object(only));
        }
    }
    out
}

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

#[test]
fn segment_public_api_rules_become_events_identify_and_group_included() {
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

/// Published Iglu schemas are draft-04: `tplan validate` reads them so
/// (`exclusiveMinimum: true` is a flag, not a number).
#[test]
fn validate_reads_published_iglu_schemas_as_draft_04() {
    let repo = empty_plan();
    write_iglu(
        &repo,
        "com.acme",
        "rated",
        "1-0-0",
        json!({"type": "object", "properties": {"stars": {"type": "number", "minimum": 0, "exclusiveMinimum": true}},
               "required": ["stars"], "additionalProperties": false}),
    );
    repo.tplan(["import", "iglu", "registry"])
        .assert()
        .success();
    adopt_then_publish_a_new_property(&repo, "rated", "note");
    let published = repo.git([
        "show",
        "refs/tplan/registry:schemas/com.acme/rated/jsonschema/1-0-1",
    ]);
    assert!(
        published.contains("\"exclusiveMinimum\": true"),
        "{published}"
    );
    let line = |stars: f64| {
        json!({"schema": "iglu:com.acme/rated/jsonschema/1-0-1", "data": {"stars": stars}})
            .to_string()
    };
    repo.write("events.ndjson", format!("{}\n{}\n", line(0.0), line(0.5)));
    let out = repo
        .tplan(["validate", "events.ndjson", "--format", "json"])
        .output()
        .unwrap();
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (r["valid"].clone(), r["invalid"].clone()),
        (json!(1), json!(1)),
        "{r:#}"
    );
    let failure = r["events"]["rated"]["failures"].to_string();
    assert!(failure.contains("stars"), "{failure}");
}

/// A draft-04 construct kept under `schema_extra` (tuple `items`) means its
/// draft-04 thing when a self-describing payload is checked against the
/// plan (no published schema for its version yet).
#[test]
fn validate_reads_imported_draft_04_keywords_as_draft_04() {
    let repo = empty_plan();
    write_iglu(
        &repo,
        "com.acme",
        "resized",
        "1-0-0",
        json!({"type": "object", "properties": {
            "size": {"type": "array", "items": [{"type": "integer"}, {"type": "integer"}], "additionalItems": false}
        }, "additionalProperties": false}),
    );
    repo.tplan(["import", "iglu", "registry"])
        .assert()
        .success();
    let line = |size: Value| {
        json!({"schema": "iglu:com.acme/resized/jsonschema/1-0-0", "data": {"size": size}})
            .to_string()
    };
    repo.write(
        "events.ndjson",
        format!(
            "{}\n{}\n{}\n",
            line(json!([640, 480])),
            line(json!([640, "480"])),
            line(json!([1, 2, 3]))
        ),
    );
    let out = repo
        .tplan(["validate", "events.ndjson", "--format", "json"])
        .output()
        .unwrap();
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (r["valid"].clone(), r["invalid"].clone()),
        (json!(1), json!(2)),
        "{r:#}"
    );
}

/// A payload that fills each declared property with a plausible value.
fn filled(schema: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for (name, p) in schema["properties"].as_object().into_iter().flatten() {
        let kind = match &p["type"] {
            Value::String(t) => t.clone(),
            Value::Array(ts) => ts
                .first()
                .and_then(Value::as_str)
                .unwrap_or("string")
                .to_string(),
            _ => "string".into(),
        };
        let value = match p["enum"].get(0) {
            Some(v) => v.clone(),
            None => match kind.as_str() {
                "number" | "integer" => json!(1),
                "boolean" => json!(true),
                "array" => json!([]),
                "object" => filled(p),
                "null" => json!(null),
                _ => json!("x"),
            },
        };
        out.insert(name.clone(), value);
    }
    Value::Object(out)
}

/// Segment's own shapes, built from its public sources (see
/// tests/fixtures/segment/README.md): both import, traits become events,
/// and the Config API plan's events accept and refuse what they did.
#[test]
fn segment_fixtures_from_public_sources_import_in_both_shapes() {
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

    repo.tplan(["switch", "main"]).assert().success();
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

    repo.tplan(["switch", "main"]).assert().success();
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

/// A 2020-12 schema whose pass-through keywords reach the Iglu export:
/// `if`/`then`/`else` and `const` come down to draft-04 with their meaning;
/// `propertyNames`, which draft-04 cannot say, is named by lint and export.
#[test]
fn modern_keywords_reach_iglu_with_their_meaning_and_gaps_are_named() {
    let repo = empty_plan();
    let payment = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Payment Made",
        "type": "object",
        "properties": {
            "method": {"enum": ["card", "transfer"]},
            "last4": {"type": "string"},
            "iban": {"type": "string"},
            "meta": {"type": "object", "propertyNames": {"maxLength": 5}}
        },
        "required": ["method"],
        "if": {"properties": {"method": {"const": "card"}}},
        "then": {"required": ["last4"]},
        "else": {"required": ["iban"]}
    });
    repo.write("schemas/payment_made.json", payment.to_string());
    repo.commit_all("schemas");
    let (code, report) = import_json(
        &repo,
        &["import", "jsonschema", "schemas", "--format", "json"],
    );
    assert_eq!(code, 0, "{report:#}");

    let out = repo
        .tplan(["export", "iglu", "--out", "iglu"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim(),
        "warning: the Iglu schema of `payment_made` cannot say `propertyNames` at `properties/meta`: draft-04 has no such keyword; its validators skip it"
    );
    let json_out = repo
        .tplan(["export", "iglu", "--out", "iglu", "--format", "json"])
        .output()
        .unwrap();
    let summary: Value = serde_json::from_str(&stdout(&json_out)).unwrap();
    assert_eq!(
        summary["warnings"],
        json!([
            "the Iglu schema of `payment_made` cannot say `propertyNames` at `properties/meta`"
        ])
    );
    let lint = repo.tplan(["lint"]).output().unwrap();
    assert_eq!(lint.status.code(), Some(0), "{}", stdout(&lint));
    assert!(
        stdout(&lint).contains("no-draft4-form")
            && stdout(&lint).contains("`propertyNames` at `properties/meta`"),
        "{}",
        stdout(&lint)
    );
    // Pointed at the property's `schema_extra`, source shown.
    assert!(
        stdout(&lint).contains("meta = { type = \"object\", schema_extra = "),
        "{}",
        stdout(&lint)
    );

    let iglu: Value =
        serde_json::from_str(&repo.read("iglu/schemas/com.acme/payment_made/jsonschema/1-0-0"))
            .unwrap();
    assert!(iglu.get("if").is_none(), "{iglu:#}");
    let (before, after) = (draft2020(&payment), draft4(&iglu));
    let mut verdicts = std::collections::BTreeSet::new();
    for payload in [
        json!({"method": "card", "last4": "4242"}),
        json!({"method": "card", "iban": "DE00"}),
        json!({"method": "transfer", "iban": "DE00"}),
        json!({"method": "transfer"}),
        json!({"method": "cash", "iban": "DE00"}),
        json!({"iban": "DE00"}),
    ] {
        let verdict = before.is_valid(&payload);
        verdicts.insert(verdict);
        assert_eq!(after.is_valid(&payload), verdict, "{payload}\n{iglu:#}");
    }
    assert_eq!(verdicts.len(), 2);
    // The gap itself: the plan refuses a long key, the Iglu schema cannot.
    let long_key = json!({"method": "transfer", "iban": "DE00", "meta": {"toolong": 1}});
    assert!(!before.is_valid(&long_key));
    assert!(after.is_valid(&long_key));
}

/// The import reviewed and published as a proposal: its events are
/// released at the versions the registry had (not at 1-0-0), and a change
/// made on top of the import before it was ever published is refused
/// rather than classified against a schema tplan never had.
#[test]
fn an_import_published_through_a_proposal_keeps_the_registry_s_versions() {
    let repo = empty_plan();
    write_iglu(
        &repo,
        "com.acme",
        "link_click",
        "1-0-2",
        json!({"type": "object", "properties": {"target_url": {"type": "string"}}, "additionalProperties": false}),
    );
    repo.tplan(["import", "iglu", "registry"])
        .assert()
        .success();

    // Changed on the import branch before publishing: refused.
    repo.tplan(["switch", "-c", "import-edited"])
        .assert()
        .success();
    repo.tplan(["property", "add", "link_click", "label", "--type", "string"])
        .assert()
        .success();
    repo.tplan(["commit", "-m", "label"]).assert().success();
    repo.tplan(["propose", "-m", "Import, edited"])
        .assert()
        .success();
    repo.tplan(["switch", "main"]).assert().success();
    review(&repo, "1", "--approve", ANA);
    let main_before = repo.git(["rev-parse", "main"]);
    let out = repo.tplan(["publish", "1"]).output().unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out)
            .contains("`link_click` was imported at 1-0-2, published elsewhere, and changed since"),
        "{}",
        stderr(&out)
    );
    assert_eq!(repo.git(["rev-parse", "main"]), main_before);

    // The import as it was: released at 1-0-2.
    repo.tplan(["switch", "import-iglu"]).assert().success();
    repo.tplan(["propose", "-m", "Import the registry"])
        .assert()
        .success();
    repo.tplan(["switch", "main"]).assert().success();
    review(&repo, "2", "--approve", ANA);
    let out = repo.tplan(["publish", "2"]).output().unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let lock = repo.read("tplan.lock");
    assert!(
        lock.contains("[events.link_click]\nversion = \"1-0-2\""),
        "{lock}"
    );
    let registry = repo.git(["ls-tree", "-r", "--name-only", "refs/tplan/registry"]);
    assert_eq!(
        registry.trim(),
        "schemas/com.acme/link_click/jsonschema/1-0-2",
        "{registry}"
    );
    let changelog = repo.read("CHANGELOG.md");
    assert!(
        changelog.contains(
            "### Imported\n\n- `link_click` 1-0-2 (Link Click), as published before the import"
        ),
        "{changelog}"
    );
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
