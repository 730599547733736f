//! The registry's invariants, and every rule's cases run through the whole
//! engine (as cargo-semver-checks runs every lint on every fixture).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde_json::Value;
use tplan_plan::model::Profile;
use tplan_plan::{Key, Plan, PlanFiles};

use super::{Case, Files, NEVER_FIRE, RULES, Rule, Sides};
use crate::class::Class;
use crate::classify::{Options, class_of, classify};
use crate::edit::Edit;
use crate::plan::{DiffOptions, diff_plans};
use crate::rules::About;
use crate::subject::Subject;

/// The files of `rules/` that are not rules.
const NOT_RULES: &[&str] = &["mod", "rule", "tests", "plans"];

fn snake(id: &str) -> String {
    id.replace('-', "_")
}

#[test]
fn every_file_in_rules_is_registered_under_its_own_name() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let files: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("the rules folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|stem| !NOT_RULES.contains(&stem.as_str()))
        .collect();
    let registered: BTreeSet<String> = RULES.iter().map(|r| snake(r.id)).collect();
    assert_eq!(files, registered);
}

#[test]
fn ids_are_unique_and_kebab_case() {
    let mut seen = BTreeSet::new();
    for r in RULES {
        assert!(
            !r.id.is_empty()
                && r.id
                    .split('-')
                    .all(|w| { !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()) }),
            "{}",
            r.id
        );
        assert!(seen.insert(r.id), "{} is registered twice", r.id);
    }
}

#[test]
fn each_rule_has_a_case_that_fires_and_one_that_stays_silent() {
    for (r, why) in NEVER_FIRE {
        assert!(RULES.contains(r), "{}", r.id);
        assert!(!why.is_empty());
        assert!(
            r.cases.iter().all(|c| !c.fires),
            "{} never fires, yet has a firing case",
            r.id
        );
    }
    for r in RULES {
        let exempt = NEVER_FIRE.iter().any(|(x, _)| x == r);
        assert!(
            exempt || r.cases.iter().any(|c| c.fires),
            "{} has no case that fires",
            r.id
        );
        // A rule that never fires has nothing to stay silent against, unless
        // it shows its own kind of pair (`no-change`).
        assert!(
            exempt || r.cases.iter().any(|c| !c.fires),
            "{} has no case that stays silent",
            r.id
        );
    }
}

/// What the whole engine says about one case: each change's rule, class,
/// path and message, and the class of them all.
struct Outcome {
    changes: Vec<(&'static str, Class, String, String)>,
    class: Class,
}

fn plan(files: Files) -> Plan {
    let mut plan_files = PlanFiles::new();
    for (path, text) in files {
        plan_files.insert_bytes(*path, text.as_bytes().to_vec());
    }
    tplan_schema::plan_from_files(&plan_files).unwrap_or_else(|e| panic!("{:#?}", e.errors))
}

fn run(case: &Case, same_side: Option<bool>) -> Outcome {
    match case.sides {
        Sides::Schemas { old, new } => {
            let (a, b) = match same_side {
                None => (old(), new()),
                Some(true) => (old(), old()),
                Some(false) => (new(), new()),
            };
            let options = Options {
                profile: case.profile,
                string_width: case.string_width,
            };
            let changes = classify(&a, &b, &options).expect("a schema the engine walks");
            let subject = Subject::Event(Key::new("case").unwrap());
            Outcome {
                class: class_of(&changes),
                changes: changes
                    .iter()
                    .map(|c| {
                        let message = c.rule.message(&About {
                            subject: &subject,
                            path: &c.path,
                            old: c.old.as_ref(),
                            new: c.new.as_ref(),
                            edit: Edit::between(c.old.as_ref(), c.new.as_ref()),
                        });
                        (c.rule.id, c.class, c.path.clone(), message)
                    })
                    .collect(),
            }
        }
        Sides::Plans { old, new } => {
            let (a, b) = match same_side {
                None => (plan(old), plan(new)),
                Some(true) => (plan(old), plan(old)),
                Some(false) => (plan(new), plan(new)),
            };
            let options = DiffOptions {
                profile: Some(case.profile),
                ..DiffOptions::default()
            };
            let report = diff_plans(&a, &b, &options).expect("a diff");
            Outcome {
                class: report.max_class(),
                changes: report
                    .changes
                    .iter()
                    .map(|c| (c.rule.id, c.class, c.full_path(), c.message.clone()))
                    .collect(),
            }
        }
    }
}

fn cases() -> impl Iterator<Item = (&'static Rule, usize, &'static Case)> {
    RULES
        .iter()
        .flat_map(|r| r.cases.iter().enumerate().map(move |(i, c)| (*r, i + 1, c)))
}

#[test]
fn each_case_gets_its_class_from_the_whole_engine() {
    let mut failures = Vec::new();
    for (rule, n, case) in cases() {
        let outcome = run(case, None);
        let fired = outcome.changes.iter().any(|c| c.0 == rule.id);
        let want = match case.class {
            Some(c) => Some(c),
            // Overrides for open objects are spelled out by the case.
            None if case.fires => Some(rule.class_under(case.profile, false)),
            None => None,
        };
        if fired != case.fires {
            failures.push(format!(
                "{} case {n}: fires {fired}, want {}",
                rule.id, case.fires
            ));
        }
        if let Some(want) = want
            && outcome.class != want
        {
            failures.push(format!(
                "{} case {n}: class {}, want {want}",
                rule.id, outcome.class
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_rule_fires_on_a_side_compared_with_itself() {
    for (rule, n, case) in cases() {
        for side in [true, false] {
            let outcome = run(case, Some(side));
            assert!(
                outcome.changes.is_empty(),
                "{} case {n}: {:?}",
                rule.id,
                outcome.changes
            );
        }
    }
}

/// Every case with what fires on it, so a review sees each rule's message
/// and where rules overlap.
#[test]
fn what_fires_on_each_case() {
    let mut out = String::new();
    for (rule, n, case) in cases() {
        let outcome = run(case, None);
        let profile = match case.profile {
            Profile::Default => String::new(),
            p => format!(" ({p})"),
        };
        let verdict = if case.fires { "fires" } else { "silent" };
        writeln!(
            out,
            "{} #{n} {verdict}{profile}: {}",
            rule.id, outcome.class
        )
        .unwrap();
        for (id, class, path, message) in &outcome.changes {
            writeln!(out, "  {class:<8} {path}  {message}  [{id}]").unwrap();
        }
    }
    insta::assert_snapshot!(out);
}

fn json_options(case: &Value) -> Options {
    let profile = case["profile"]
        .as_str()
        .and_then(Profile::parse)
        .unwrap_or_else(|| panic!("{}: unknown profile", case["id"]));
    Options {
        profile,
        string_width: case["options"]["string_width"].as_u64(),
    }
}

fn evolution_cases() -> Vec<Value> {
    serde_json::from_str(include_str!("../../tests/fixtures/evolution-cases.json"))
        .expect("valid JSON")
}

#[test]
fn nothing_fires_on_an_evolution_case_compared_with_itself() {
    for case in evolution_cases() {
        for side in ["old", "new"] {
            let changes = classify(&case[side], &case[side], &json_options(&case)).unwrap();
            assert!(
                changes.is_empty(),
                "{}: {side} vs itself: {changes:?}",
                case["id"]
            );
        }
    }
}

#[test]
fn every_evolution_case_gets_exactly_its_changes_and_class() {
    let cases = evolution_cases();
    let mut failures = Vec::new();
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let changes = match classify(&case["old"], &case["new"], &json_options(case)) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{id}: {e}"));
                continue;
            }
        };
        let got: BTreeSet<(String, String, String)> = changes
            .iter()
            .map(|c| (c.path.clone(), c.rule.id.to_string(), c.class.to_string()))
            .collect();
        let want: BTreeSet<(String, String, String)> = case["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["path"].as_str().unwrap().into(),
                    c["rule"].as_str().unwrap().into(),
                    c["class"].as_str().unwrap().into(),
                )
            })
            .collect();
        if got != want {
            failures.push(format!("{id}:\n  got  {got:?}\n  want {want:?}"));
        }
        let class = class_of(&changes);
        if class.as_str() != case["expected_class"].as_str().unwrap() {
            failures.push(format!(
                "{id}: class {class}, want {}",
                case["expected_class"]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
