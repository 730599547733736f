//! What a command compares with: a base without a plan, a default branch
//! other than `main`, a base a shallow clone lacks.

use crate::proposal::{ANA, KIM, json, review};
use crate::support::{TestRepo, stderr, stdout};

/// `main` with a README and no plan; branch `add-plan` adds the example
/// plan, and is checked out.
fn plan_added_on_a_branch() -> TestRepo {
    let repo = TestRepo::empty();
    repo.git(["init", "-q", "-b", "main"]);
    repo.write("README.md", "The shop.\n");
    repo.commit_all("readme");
    repo.git(["switch", "-q", "-c", "add-plan"]);
    repo.tplan(["init", "--example"]).assert().success();
    repo.commit_all("Tracking plan");
    repo
}

#[test]
fn a_base_without_a_plan_is_an_empty_plan() {
    let repo = plan_added_on_a_branch();
    for args in [
        &["check", "--base", "main", "--head", "add-plan"][..],
        &["check", "--base", "main"],
    ] {
        let out = repo.tplan(args).output().unwrap();
        let text = stdout(&out);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {text}{}",
            stderr(&out)
        );
        assert!(
            text.contains("27 events changed: 27 added; plan 0.1.0 (first release)"),
            "{args:?}: {text}"
        );
    }
    let diff = json(&repo, &["diff", "main", "--format", "json"]);
    assert_eq!(diff["release"]["events"]["order_completed"], "1-0-0");

    // Proposed and published like any other change.
    repo.tplan(["propose", "-m", "The plan"]).assert().success();
    let shown = json(&repo, &["proposal", "show", "1", "--format", "json"]);
    assert_eq!(shown["release"]["plan_version"], "0.1.0", "{shown}");
    for who in [ANA, KIM, "Ondrej <ondrej@acme.com>"] {
        review(&repo, "1", "--approve", who);
    }
    // From the branch: `main` has no plan to find in the work tree.
    let published = json(&repo, &["publish", "1", "--format", "json"]);
    assert_eq!(published["release"], shown["release"]);
    assert_eq!(repo.git(["tag", "--list"]), "plan-v0.1.0\n");
    let lock = repo.git(["show", "main:tplan.lock"]);
    assert!(lock.contains("[events.order_completed]"), "{lock}");
}
