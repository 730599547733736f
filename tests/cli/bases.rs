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
            text.contains("28 events changed: 28 added; plan 0.1.0 (first release)"),
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

/// The example plan committed on `trunk`, the repository's only branch.
fn on_trunk() -> TestRepo {
    let repo = TestRepo::empty();
    repo.git(["init", "-q", "-b", "trunk"]);
    repo.tplan(["init", "--example"]).assert().success();
    repo.commit_all("Tracking plan");
    repo
}

/// Makes branch `name` from the current one with one event added.
fn feature(repo: &TestRepo, name: &str) {
    repo.tplan(["switch", "-c", name]).assert().success();
    repo.tplan(["event", "add", "Gift Card Redeemed", "--owner", "checkout"])
        .assert()
        .success();
    repo.tplan(["commit", "-m", "Gift cards"])
        .assert()
        .success();
}

#[test]
fn the_default_branch_is_the_base_when_none_is_named() {
    let repo = on_trunk();
    // The only branch.
    let out = repo.tplan(["check"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    feature(&repo, "gift");
    // Two branches now, neither `main` nor `master`: it is asked for.
    let out = repo
        .tplan(["propose", "-m", "Gift cards"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("cannot tell which branch is the default: the branches are `gift`, `trunk`"),
        "{err}"
    );
    assert!(err.contains("--base BRANCH"), "{err}");
    // `init.defaultBranch` names it.
    repo.git(["config", "init.defaultBranch", "trunk"]);
    let text = stdout(&repo.tplan(["check"]).output().unwrap());
    assert!(text.contains("1 event changed: 1 added"), "{text}");
    let out = repo
        .tplan(["propose", "-m", "Gift cards"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).starts_with("Opened proposal #1: Gift cards (`gift` into `trunk`"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn a_clone_takes_the_default_branch_from_origin_head() {
    let origin = crate::support::bare_remote();
    let first = on_trunk();
    let url = origin.path().to_str().unwrap();
    first.git(["push", "-q", url, "trunk"]);
    // The host's default branch is `trunk` (the remote's HEAD).
    let remote = std::process::Command::new("git")
        .args(["symbolic-ref", "HEAD", "refs/heads/trunk"])
        .current_dir(origin.path())
        .status()
        .unwrap();
    assert!(remote.success());
    let clone = TestRepo::clone_of(origin.path());
    assert_eq!(
        clone.git(["symbolic-ref", "refs/remotes/origin/HEAD"]),
        "refs/remotes/origin/trunk\n"
    );
    feature(&clone, "gift");
    // As a CI checkout has it: only `origin/trunk`, no local `trunk`.
    clone.git(["branch", "-q", "-D", "trunk"]);
    let out = clone.tplan(["check", "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["report"]["events"][0]["key"], "gift_card_redeemed", "{v}");
    // A branch only tracked is found as `git switch` finds it; a typo of
    // it points at the remote one.
    let out = clone.tplan(["check", "--base", "trunk"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = clone.tplan(["ls", "--rev", "trunk"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = clone.tplan(["check", "--base", "trunkk"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("did you mean `origin/trunk`?"),
        "{}",
        stderr(&out)
    );
    // A proposal's base may be a branch this clone only tracks.
    let out = clone
        .tplan(["propose", "-m", "Gift cards"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).starts_with("Opened proposal #1: Gift cards (`gift` into `trunk`"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn a_mistyped_base_gets_a_did_you_mean() {
    let repo = TestRepo::example();
    let out = repo.tplan(["check", "--base", "mian"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("unknown revision `mian`"), "{err}");
    assert!(err.contains("did you mean `main`?"), "{err}");
    feature(&repo, "gift");
    let out = repo
        .tplan(["propose", "-m", "x", "--base", "mian"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `main`?"),
        "{}",
        stderr(&out)
    );
}

/// A shallow, single-branch clone of `feature` (CI's `fetch-depth: 1`),
/// from a repository where `main` moved on after `feature` was made:
/// (origin, clone).
fn shallow_clone() -> (TestRepo, TestRepo) {
    let origin = TestRepo::example();
    feature(&origin, "feature");
    origin.tplan(["switch", "main"]).assert().success();
    origin
        .tplan(["event", "add", "Banner Shown", "--owner", "growth"])
        .assert()
        .success();
    origin.tplan(["commit", "-m", "banner"]).assert().success();
    let clone = TestRepo::empty();
    let url = format!("file://{}", origin.path().display());
    clone.git([
        "clone", "-q", "--depth", "1", "--branch", "feature", &url, ".",
    ]);
    assert_eq!(
        clone.git(["rev-parse", "--is-shallow-repository"]),
        "true\n"
    );
    (origin, clone)
}

#[test]
fn a_shallow_clone_says_what_is_missing_and_how_to_fetch_it() {
    let (_origin, clone) = shallow_clone();
    let out = clone
        .tplan(["check", "--base", "origin/main"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("unknown revision `origin/main`"), "{err}");
    assert!(
        err.contains("`git fetch --depth=1 origin main:refs/remotes/origin/main`")
            && err.contains("`fetch-depth: 0`"),
        "{err}"
    );
    // History is needed by `log`: refused by name, no object id from git.
    let out = clone.tplan(["log"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("this clone is shallow (its history stops at commit"),
        "{err}"
    );
    assert!(err.contains("`git fetch --unshallow`"), "{err}");
    assert!(!err.contains("could not be found"), "{err}");

    // The base fetched as the hint says: the check runs; a proposal needs
    // the merge base, which is still missing.
    clone.git([
        "fetch",
        "-q",
        "--depth=1",
        "origin",
        "main:refs/remotes/origin/main",
    ]);
    let out = clone
        .tplan(["check", "--base", "origin/main"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = clone
        .tplan(["propose", "-m", "Gift cards", "--base", "main"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("the merge base of `main` and `feature` is not in it"),
        "{err}"
    );
}
