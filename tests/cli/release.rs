//! One release plan: what `proposal show`, `diff` and `check` predict is
//! what `publish` releases, for first, metadata-only and schema releases.

use serde_json::Value;

use crate::proposal::{ANA, LI, add_property, json, proposed, review};
use crate::support::{TestRepo, stderr, stdout};

/// Proposal `number`'s predicted release, then the release its publish
/// makes: they must be equal.
fn predicted_then_published(repo: &TestRepo, number: &str) -> (Value, Value) {
    let shown = json(repo, &["proposal", "show", number, "--format", "json"]);
    assert_eq!(shown["release"], shown["report"]["release"], "{shown}");
    review(repo, number, "--approve", ANA);
    let out = repo
        .tplan(["publish", number, "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stderr(&out), stdout(&out));
    let published: Value = serde_json::from_str(&stdout(&out)).unwrap();
    (shown["release"].clone(), published["release"].clone())
}

/// A proposal on a new branch `name` from `main`, made by `edit`.
fn propose(repo: &TestRepo, name: &str, edit: impl FnOnce(&TestRepo)) {
    repo.tplan(["switch", "-c", name, "main"])
        .assert()
        .success();
    edit(repo);
    repo.tplan(["commit", "-m", name]).assert().success();
    repo.tplan(["propose", "-m", name]).assert().success();
    repo.tplan(["switch", "main"]).assert().success();
}

/// The example plan released once (proposal #1).
fn released() -> TestRepo {
    let repo = proposed();
    let (predicted, published) = predicted_then_published(&repo, "1");
    assert_eq!(predicted, published);
    repo
}

#[test]
fn a_first_release_is_predicted_as_published() {
    let repo = proposed();
    let diff = json(&repo, &["diff", "main", "gift", "--format", "json"]);
    assert_eq!(diff["release"]["plan_version"], "0.1.0", "{diff}");
    assert_eq!(diff["new_plan_version"], "0.1.0");
    let (predicted, published) = predicted_then_published(&repo, "1");
    assert_eq!(predicted, published);
    assert_eq!(published["plan_version"], "0.1.0");
    assert_eq!(published["events"]["order_completed"], "1-0-0");
    assert_eq!(published["events"]["signed_in"], "1-0-0");
}

#[test]
fn a_metadata_only_release_is_a_patch_as_predicted() {
    let repo = released();
    propose(&repo, "words", |repo| {
        repo.tplan([
            "event",
            "set",
            "order_completed",
            "description",
            "Payment captured, order placed.",
        ])
        .assert()
        .success();
    });
    let shown = stdout(&repo.tplan(["proposal", "show", "2"]).output().unwrap());
    assert!(shown.contains("plan 0.1.0 -> 0.1.1 (patch)"), "{shown}");
    // The pull-request comment and the diff say the same.
    for args in [
        &[
            "check", "--base", "main", "--head", "words", "--format", "markdown",
        ][..],
        &["diff", "main", "words"],
    ] {
        let text = stdout(&repo.tplan(args).output().unwrap());
        assert!(
            text.contains("plan 0.1.0 -> 0.1.1 (patch)"),
            "{args:?}: {text}"
        );
    }
    let (predicted, published) = predicted_then_published(&repo, "2");
    assert_eq!(predicted, published);
    assert_eq!(published["plan_version"], "0.1.1");
    assert_eq!(published["events"]["order_completed"], "1-0-1");
    let changelog = repo.read("CHANGELOG.md");
    assert!(
        changelog.contains("- `order_completed` 1-0-0 -> 1-0-1 (metadata)"),
        "{changelog}"
    );
}

#[test]
fn a_breaking_release_is_predicted_and_its_changelog_leads_with_it() {
    let repo = released();
    propose(&repo, "mixed", |repo| {
        repo.tplan(["event", "unset", "order_completed", "examples"])
            .assert()
            .success();
        repo.tplan([
            "property",
            "set",
            "order_completed",
            "shipping",
            "required",
            "true",
        ])
        .assert()
        .success();
        add_property(repo, "wrapped");
    });
    // The base moved since the branch: a release made directly on main
    // is part of what the proposal publishes.
    propose(&repo, "more", |repo| add_property(repo, "express"));
    // A breaking change needs a second approval.
    review(&repo, "2", "--approve", LI);
    let (predicted, published) = predicted_then_published(&repo, "2");
    assert_eq!(predicted, published);
    assert_eq!(published["plan_version"], "1.0.0");
    assert_eq!(published["events"]["order_completed"], "2-0-0");
    let (predicted, published) = predicted_then_published(&repo, "3");
    assert_eq!(predicted, published);
    assert_eq!(published["plan_version"], "1.1.0");

    let changelog = repo.read("CHANGELOG.md");
    let v1 = &changelog[changelog.find("## 1.0.0").unwrap()..];
    let breaking = v1.find("### Breaking").expect(&changelog);
    assert!(!v1[..breaking].contains("### "), "{changelog}");
    assert!(
        v1.contains("- `order_completed` 1-0-0 -> 2-0-0 (model)"),
        "{v1}"
    );
    assert!(v1.contains("`properties/shipping` model"), "{v1}");
}

#[test]
fn an_edit_not_yet_published_is_exported_at_the_version_it_will_get() {
    let repo = released();
    add_property(&repo, "wrapped");
    let shown = json(&repo, &["show", "order_completed", "--format", "iglu"]);
    assert_eq!(shown["self"]["version"], "1-0-1", "{shown}");
    let out = repo
        .tplan(["export", "iglu", "--out", "reg"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = repo
        .path()
        .join("reg/schemas/com.acme/order_completed/jsonschema");
    assert!(dir.join("1-0-1").exists() && !dir.join("1-0-0").exists());
    // An unchanged event keeps its published version.
    let shown = json(&repo, &["show", "signed_in", "--format", "iglu"]);
    assert_eq!(shown["self"]["version"], "1-0-0");
    // Without the release it was published in, the version cannot be told.
    repo.git(["tag", "-d", "plan-v0.1.0"]);
    let out = repo
        .tplan(["show", "order_completed", "--format", "iglu"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the release tag `plan-v0.1.0` is not in this repository"),
        "{}",
        stderr(&out)
    );
}
