//! The example plan `tplan init --example` writes lints clean, and every
//! schema it compiles to is valid.

use tplan_lint::lint;
use tplan_plan::example::EXAMPLE_FILES;
use tplan_plan::model::{Date, Status};
use tplan_schema::{event_schema, iglu_schema};

fn files() -> tplan_plan::PlanFiles {
    let mut files = tplan_plan::PlanFiles::new();
    for (path, text) in EXAMPLE_FILES {
        files.insert_bytes(*path, text.as_bytes().to_vec());
    }
    files
}

#[test]
fn the_example_loads_and_lints_clean() {
    let files = files();
    let loaded = tplan_schema::load(&files);
    assert!(loaded.errors.is_empty(), "{:#?}", loaded.errors);
    let findings = lint(&loaded, &files, Date::parse("2026-11-24").unwrap());
    assert!(findings.is_empty(), "{findings:#?}");
    let plan = loaded.plan;
    assert_eq!(plan.owners.len(), 3);
    assert_eq!(plan.properties.len(), 10);
    assert!(plan.events.len() >= 25);
    let deprecated: Vec<_> = plan
        .events
        .values()
        .filter(|e| e.status == Status::Deprecated)
        .collect();
    assert_eq!(deprecated.len(), 1);
    assert!(deprecated[0].sunset.is_some());
    assert!(plan.events.values().any(|e| e.status == Status::Draft));
}

#[test]
fn every_example_schema_is_valid_and_every_example_payload_passes() {
    let plan = tplan_schema::plan_from_files(&files()).unwrap();
    let mut examples = 0;
    for event in plan.events.values() {
        let schema = event_schema(&plan, event);
        jsonschema::meta::validate(&schema).unwrap_or_else(|e| panic!("{}: {e}", event.key));
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        for example in &event.examples {
            let payload = serde_json::Value::Object(example.clone());
            let errors: Vec<String> = validator
                .iter_errors(&payload)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", event.key);
            examples += 1;
        }
        let iglu = iglu_schema(&plan, event);
        jsonschema::draft4::new(&iglu).unwrap_or_else(|e| panic!("{}: {e}", event.key));
    }
    assert!(examples >= 5, "{examples} examples");
}
