//! `tplan schema diff` and `tplan schema check` for people, compared with
//! their snapshots.

use serde_json::{Value, json};
use tplan_evolution::Options;
use tplan_evolution::iglu::registry::{RegistryFile, check_registry};
use tplan_evolution::schema_diff::{SchemaFile, diff_schemas};

use super::*;

const PLAIN: Style = Style { color: false };

/// A self-describing, closed object schema at `version`.
fn iglu(version: &str, properties: Value, required: &[&str]) -> Value {
    let mut schema = json!({"type": "object", "additionalProperties": false});
    schema["$schema"] = json!(tplan_schema::IGLU_SELF_DESC);
    schema["self"] = json!({"vendor": "com.acme", "name": "checkout", "format": "jsonschema", "version": version});
    schema["properties"] = properties;
    schema["required"] = json!(required);
    schema
}

fn render(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
    let mut out = Vec::new();
    f(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn diff_of(old: &Value, new: &Value) -> String {
    let file = |name, schema| SchemaFile { name, schema };
    let d = diff_schemas(file("old", old), file("new", new), &Options::default()).unwrap();
    render(|o| diff(&d, PLAIN, o))
}

#[test]
fn plain_schemas_get_their_changes_and_class() {
    let old =
        json!({"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]});
    let new = json!({"type": "integer"});
    insta::assert_snapshot!(diff_of(&old, &new));
}

#[test]
fn an_iglu_step_gets_its_verdict() {
    let v100 = iglu("1-0-0", json!({"id": {"type": "string"}}), &["id"]);
    let v101 = iglu("1-0-1", json!({}), &[]);
    let v200 = iglu(
        "2-0-0",
        json!({"id": {"type": "string"}, "note": {"type": "string"}}),
        &["id"],
    );
    insta::assert_snapshot!(format!(
        "{}{}",
        diff_of(&v100, &v101),
        diff_of(&v100, &v200)
    ));
}

#[test]
fn a_registry_check_is_a_table_of_steps() {
    let path = |v: &str| format!("schemas/com.acme/checkout/jsonschema/{v}");
    let files = vec![
        RegistryFile {
            path: path("1-0-0"),
            schema: iglu("1-0-0", json!({"id": {"type": "string"}}), &["id"]),
        },
        RegistryFile {
            path: path("1-0-1"),
            schema: iglu(
                "1-0-1",
                json!({"id": {"type": "string"}, "coupon": {"type": "string"}}),
                &["id"],
            ),
        },
        RegistryFile {
            path: path("1-0-2"),
            schema: iglu("1-0-2", json!({"coupon": {"type": "string"}}), &[]),
        },
    ];
    let c = check_registry(files, Vec::new(), &Options::default()).unwrap();
    insta::assert_snapshot!(render(|o| check(&c, PLAIN, o)));
}
