//! `tplan lint` rules, on in-memory plans.

use tplan_lint::{Finding, lint};
use tplan_plan::model::{Date, Severity};
use tplan_plan::testing::{base, files_with};

fn today() -> Date {
    Date::parse("2026-11-24").unwrap()
}

fn findings(changes: &[(&str, Option<&str>)]) -> Vec<Finding> {
    let files = files_with(changes);
    let loaded = tplan_schema::load(&files);
    lint(&loaded, &files, today())
}

fn summary(f: &[Finding]) -> Vec<(String, Severity, String)> {
    f.iter()
        .map(|f| (f.rule.clone(), f.severity, f.location()))
        .collect()
}

#[test]
fn a_clean_plan_has_no_findings() {
    // The base plan lacks descriptions on a few properties only.
    let f = findings(&[]);
    assert!(
        f.iter().all(|f| f.rule == "missing-description"),
        "{:#?}",
        summary(&f)
    );
}

#[test]
fn naming_styles_are_enforced_with_a_suggested_spelling() {
    let text = base("events/signed_up.toml")
        .replace("name = \"Signed Up\"", "name = \"signed_up\"")
        .replace("email = {", "emailAddress = {");
    let f = findings(&[("events/signed_up.toml", Some(&text))]);
    let naming: Vec<_> = f.iter().filter(|f| f.rule.starts_with("naming")).collect();
    assert_eq!(naming.len(), 2, "{:#?}", summary(&f));
    assert_eq!(naming[0].rule, "naming-event");
    assert_eq!(naming[0].location(), "events/signed_up.toml:1:8");
    assert_eq!(naming[0].help.as_deref(), Some("rename it `Signed Up`"));
    assert_eq!(naming[1].rule, "naming-property");
    assert_eq!(naming[1].location(), "events/signed_up.toml:6:1");
    assert_eq!(naming[1].help.as_deref(), Some("rename it `email_address`"));
    assert!(naming.iter().all(|f| f.severity == Severity::Error));
}

#[test]
fn unused_shared_properties_and_missing_owners_are_warnings() {
    let f = findings(&[
        (
            "properties/sku.toml",
            Some("description = \"Stock keeping unit\"\ntype = \"string\"\n"),
        ),
        (
            "events/signed_up.toml",
            Some("name = \"Signed Up\"\ndescription = \"x\"\n"),
        ),
    ]);
    let s = summary(&f);
    assert!(
        s.contains(&(
            "unused-shared-property".into(),
            Severity::Warning,
            "properties/sku.toml".into()
        )),
        "{s:#?}"
    );
    assert!(
        s.contains(&(
            "missing-owner".into(),
            Severity::Warning,
            "events/signed_up.toml:1:1".into()
        )),
        "{s:#?}"
    );
}

#[test]
fn deprecation_needs_a_sunset_that_has_not_passed() {
    let no_sunset =
        "name = \"Signed Up\"\ndescription = \"x\"\nowner = \"growth\"\nstatus = \"deprecated\"\n";
    let f = findings(&[("events/signed_up.toml", Some(no_sunset))]);
    assert!(summary(&f).contains(&(
        "deprecated-without-sunset".into(),
        Severity::Warning,
        "events/signed_up.toml:4:1".into()
    )));
    let passed = format!("{no_sunset}sunset = 2026-01-31\n");
    let f = findings(&[("events/signed_up.toml", Some(&passed))]);
    let hit = f
        .iter()
        .find(|f| f.rule == "sunset-passed")
        .expect("sunset-passed");
    assert_eq!(
        hit.message,
        "event `signed_up` passed its sunset date (2026-01-31)"
    );
    let future = format!("{no_sunset}sunset = 2027-01-31\n");
    assert!(
        !findings(&[("events/signed_up.toml", Some(&future))])
            .iter()
            .any(|f| f.rule.contains("sunset"))
    );
}

#[test]
fn examples_must_validate() {
    let text = base("events/signed_up.toml").replace(
        "owner = \"growth\"",
        "owner = \"growth\"\nexamples = [{ email = \"pat@acme.com\" }, { email = \"nope\" }, { mail = \"x\" }]",
    );
    let f = findings(&[("events/signed_up.toml", Some(&text))]);
    let bad: Vec<_> = f.iter().filter(|f| f.rule == "invalid-example").collect();
    assert_eq!(bad.len(), 2, "{:#?}", summary(&f));
    assert!(
        bad[0]
            .message
            .starts_with("example 2 of `signed_up` is invalid at `/email`"),
        "{}",
        bad[0].message
    );
    assert!(
        bad[1]
            .message
            .starts_with("example 3 of `signed_up` is invalid"),
        "{}",
        bad[1].message
    );
    let text = base("events/signed_up.toml")
        .replace("format = \"email\"", "format = \"email\", default = \"x\"");
    let f = findings(&[("events/signed_up.toml", Some(&text))]);
    assert!(
        f.iter()
            .any(|f| f.rule == "invalid-example" && f.location() == "events/signed_up.toml:6:56"),
        "{:#?}",
        summary(&f)
    );
}

#[test]
fn lints_severity_follows_the_plan() {
    let manifest = format!(
        "{}\n[lints]\nmissing-description = \"allow\"\nmissing-owner = \"error\"\n",
        base("tplan.toml")
    );
    let f = findings(&[
        ("tplan.toml", Some(&manifest)),
        ("events/signed_up.toml", Some("name = \"Signed Up\"\n")),
    ]);
    assert_eq!(
        summary(&f),
        [(
            "missing-owner".to_string(),
            Severity::Error,
            "events/signed_up.toml:1:1".to_string()
        )]
    );
    let typo = format!(
        "{}\n[lints]\nmissing-descripton = \"allow\"\n",
        base("tplan.toml")
    );
    let f = findings(&[("tplan.toml", Some(&typo))]);
    let e = f
        .iter()
        .find(|f| f.rule == "unknown-key")
        .expect("unknown lint id");
    assert_eq!(
        e.help.as_deref(),
        Some("did you mean `missing-description`?")
    );
}

#[test]
fn structural_errors_are_findings_too() {
    let f = findings(&[(
        "events/signed_up.toml",
        Some("name = \"Signed Up\"\nowner = \"nobody\"\n"),
    )]);
    let s = summary(&f);
    assert!(
        s.contains(&(
            "unknown-owner".into(),
            Severity::Error,
            "events/signed_up.toml:2:9".into()
        )),
        "{s:#?}"
    );
}

#[test]
fn a_second_identify_event_is_an_error() {
    let identify = |name: &str| format!("name = \"{name}\"\ntype = \"identify\"\n\n[properties]\n");
    let f = findings(&[
        (
            "events/user_identified.toml",
            Some(&identify("User Identified")),
        ),
        (
            "events/visitor_identified.toml",
            Some(&identify("Visitor Identified")),
        ),
    ]);
    let repeated: Vec<_> = f
        .iter()
        .filter(|f| f.rule == "repeated-traits-event")
        .collect();
    assert_eq!(repeated.len(), 1, "{:#?}", summary(&f));
    assert_eq!(repeated[0].file, "events/visitor_identified.toml");
    assert_eq!(
        repeated[0].message,
        "`visitor_identified` is a second identify event; `user_identified` is the first"
    );
}

#[test]
fn a_plan_that_declares_sources_rejects_unknown_ones() {
    // Without `sources/`, sources are free names.
    let free = findings(&[]);
    assert!(!free.iter().any(|f| f.rule == "unknown-source"));
    let event = base("events/signed_up.toml").replace(
        "owner = \"growth\"",
        "owner = \"growth\"\nsources = [\"web\", \"iOS\"]",
    );
    let f = findings(&[
        (
            "sources/web.toml",
            Some("name = \"Web app\"\nplatform = \"web\"\n"),
        ),
        (
            "sources/ios.toml",
            Some("name = \"iOS app\"\nplatform = \"ios\"\nowner = \"growth\"\n"),
        ),
        ("events/signed_up.toml", Some(&event)),
    ]);
    let unknown: Vec<_> = f.iter().filter(|f| f.rule == "unknown-source").collect();
    assert_eq!(unknown.len(), 1, "{:#?}", summary(&f));
    assert_eq!(unknown[0].message, "source `iOS` is not in `sources/`");
    assert_eq!(unknown[0].help.as_deref(), Some("did you mean `ios`?"));
    assert_eq!(unknown[0].severity, Severity::Error);
}
