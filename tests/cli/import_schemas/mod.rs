//! `tplan import iglu|jsonschema|segment`: schemas in, the same payloads
//! accepted and refused on the way out. The helpers are here; the tests,
//! one module per source.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::proposal::{ANA, review};
use crate::support::{TestRepo, stderr, stdout};

mod iglu;
mod iglu_vendors;
mod schema_files;
mod segment;

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
