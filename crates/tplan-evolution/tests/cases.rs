//! Every case of `evolution-cases.json` (copied from ../shared): witnesses
//! pass the old schema and fail the new, and every rule has a case. That
//! the engine gives each case exactly its changes and class, and nothing
//! on a side compared with itself, is tested with the rules' own cases, in
//! `src/rules/tests.rs`.

use std::collections::BTreeSet;

use serde_json::Value;
use tplan_evolution::Class;
use tplan_evolution::rules::RULES;

fn cases() -> Vec<Value> {
    serde_json::from_str(include_str!("fixtures/evolution-cases.json")).expect("valid JSON")
}

fn bumps() -> Vec<Value> {
    serde_json::from_str(include_str!("fixtures/evolution-bumps.json")).expect("valid JSON")
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("a valid schema")
}

#[test]
fn witnesses_pass_the_old_schema_and_fail_the_new() {
    for case in cases() {
        let id = &case["id"];
        for side in ["old", "new"] {
            assert!(
                jsonschema::meta::is_valid(&case[side]),
                "{id}: {side} is not a 2020-12 schema"
            );
        }
        match case["expected_class"].as_str().unwrap() {
            "model" | "revision" => {
                if let Some(witness) = case.get("witness") {
                    assert!(
                        validator(&case["old"]).is_valid(witness),
                        "{id}: witness fails old"
                    );
                    assert!(
                        !validator(&case["new"]).is_valid(witness),
                        "{id}: witness passes new"
                    );
                } else {
                    let why = case["no_witness"]
                        .as_str()
                        .unwrap_or_else(|| panic!("{id}: neither witness nor no_witness"));
                    assert!(["consumer-break", "unproven"].contains(&why), "{id}: {why}");
                }
            }
            _ => assert!(
                case.get("witness").is_none(),
                "{id}: a safe change has a witness"
            ),
        }
    }
}

#[test]
fn every_rule_has_a_case_and_every_case_a_rule() {
    let mut covered = BTreeSet::new();
    for case in cases() {
        covered.insert(case["rule"].as_str().unwrap().to_string());
        for c in case["changes"].as_array().unwrap() {
            covered.insert(c["rule"].as_str().unwrap().to_string());
        }
    }
    for case in bumps() {
        for r in case["rules"].as_array().unwrap() {
            covered.insert(r.as_str().unwrap().to_string());
        }
    }
    let ids: BTreeSet<String> = RULES.iter().map(|r| r.id.to_string()).collect();
    let unknown: Vec<_> = covered.difference(&ids).collect();
    assert!(unknown.is_empty(), "cases name unknown rules: {unknown:?}");
    let untested: Vec<_> = ids.difference(&covered).collect();
    assert!(untested.is_empty(), "rules without a case: {untested:?}");
}

#[test]
fn safe_cases_keep_old_payloads_valid() {
    // For additions and metadata, every example the old schema documents
    // and a generated instance stay valid under the new one.
    for case in cases() {
        let class = Class::parse(case["expected_class"].as_str().unwrap()).unwrap();
        if class > Class::Addition {
            continue;
        }
        let (old, new) = (validator(&case["old"]), validator(&case["new"]));
        for payload in tplan_evolution_testing::instances(&case["old"]) {
            if old.is_valid(&payload) {
                assert!(
                    new.is_valid(&payload),
                    "{}: {payload} passes old, fails new",
                    case["id"]
                );
            }
        }
    }
}

/// A small instance generator shared with the property tests.
#[path = "support/instances.rs"]
mod tplan_evolution_testing;
