//! Iglu registries: round trips, the lock, refusals, vendors, draft-04 read as draft-04 by `tplan validate`.

use super::*;

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

    // `--vendor` picks one of several: only its schemas come in.
    let (code, report) = import_json(
        &repo,
        &[
            "import", "iglu", "registry", "--vendor", "com.acme", "--format", "json",
        ],
    );
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
