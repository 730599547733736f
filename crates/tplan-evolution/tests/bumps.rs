//! Every case of `evolution-bumps.json`: versions per event and the plan bump.

use serde_json::Value;
use tplan_evolution::Class;
use tplan_evolution::bump::{EventOutcome, PlanBump, event_version, publish_class};
use tplan_plan::SchemaVer;

fn class(v: &Value) -> Class {
    Class::parse(v.as_str().unwrap()).unwrap()
}

#[test]
fn every_bump_case_gives_its_versions_and_plan_bump() {
    let cases: Vec<Value> =
        serde_json::from_str(include_str!("fixtures/evolution-bumps.json")).unwrap();
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let plan_version = semver::Version::parse(case["plan_version"].as_str().unwrap()).unwrap();
        let mut plan_bump = PlanBump::None;
        let mut error = None;
        for e in case["events"].as_array().unwrap() {
            let key = e["event"].as_str().unwrap();
            let computed = e["classes"]
                .as_array()
                .map(|cs| cs.iter().map(class).max().unwrap_or(Class::None));
            let old = e["old_version"]
                .as_str()
                .or(e["last_published"].as_str())
                .map(|v| SchemaVer::parse(v).unwrap());
            let declared = e.get("declared").map(class);
            let (outcome, noted) = match e["change"].as_str().unwrap() {
                "unchanged" => (EventOutcome::Unchanged, false),
                "added" => (EventOutcome::Added, false),
                // Never published: it just goes, with no release entry.
                "removed" if old.is_none() => {
                    assert!(case["expected"]["events"][key].is_null(), "{id}/{key}");
                    continue;
                }
                "removed" => (EventOutcome::Removed, false),
                kind => {
                    let computed = computed.unwrap();
                    match publish_class(&tplan_plan::Key::new(key).unwrap(), computed, declared) {
                        Ok((published, noted)) => {
                            let outcome = if kind == "readded" {
                                EventOutcome::Readded(published)
                            } else {
                                EventOutcome::Changed(published)
                            };
                            (outcome, noted)
                        }
                        Err(err) => {
                            error = Some(err);
                            continue;
                        }
                    }
                }
            };
            plan_bump = plan_bump.max(outcome.plan_bump());
            let want = &case["expected"]["events"][key];
            if want.is_null() {
                continue;
            }
            let label = match (outcome, computed) {
                (EventOutcome::Changed(_) | EventOutcome::Readded(_), Some(c)) => c.as_str(),
                _ => outcome.label(),
            };
            assert_eq!(label, want["class"].as_str().unwrap(), "{id}/{key}: class");
            let version = event_version(outcome, old).map(|v| v.to_string());
            assert_eq!(
                version.as_deref(),
                want["version"].as_str(),
                "{id}/{key}: version"
            );
            let notes: Vec<&str> = want["notes"]
                .as_array()
                .map(|n| n.iter().map(|x| x.as_str().unwrap()).collect())
                .unwrap_or_default();
            assert_eq!(
                noted,
                notes.contains(&"declared-bump-above-computed"),
                "{id}/{key}: notes"
            );
        }
        match (&case["expected"]["error"], error) {
            (Value::Null, None) => {
                assert_eq!(
                    plan_bump.as_str(),
                    case["expected"]["plan_bump"].as_str().unwrap(),
                    "{id}: plan bump"
                );
                assert_eq!(
                    plan_bump.apply(&plan_version).to_string(),
                    case["expected"]["plan_version"].as_str().unwrap(),
                    "{id}: plan version"
                );
            }
            (want, Some(err)) if !want.is_null() => {
                assert_eq!(want["rule"], "declared-bump-below-computed");
                assert_eq!(want["event"].as_str(), Some(err.event.as_str()), "{id}");
                assert_eq!(class(&want["computed"]), err.computed, "{id}");
                assert_eq!(class(&want["declared"]), err.declared, "{id}");
            }
            (want, got) => panic!("{id}: want error {want}, got {got:?}"),
        }
    }
}
