//! `tplan sync`: two clones that reviewed one proposal apart, joined; a
//! proposal number taken in two clones, kept twice; bad remotes refused.

use serde_json::{Value, json};

use crate::proposal::{ANA, LI, json as run_json, proposed, review};
use crate::support::{TestRepo, stderr, stdout};

/// A bare `origin` holding the PM's plan, branch `gift` and proposal #1;
/// returns (origin, pm).
pub(crate) fn shared() -> (tempfile::TempDir, TestRepo) {
    let origin = crate::support::bare_remote();
    let pm = proposed();
    pm.git(["remote", "add", "origin", origin.path().to_str().unwrap()]);
    pm.git([
        "push",
        "-q",
        "origin",
        "main",
        "gift",
        "refs/tplan/*:refs/tplan/*",
    ]);
    (origin, pm)
}

fn sync(repo: &TestRepo) -> Value {
    run_json(repo, &["sync", "--format", "json"])
}

fn reviewers(repo: &TestRepo, number: &str) -> Vec<String> {
    run_json(repo, &["proposal", "show", number, "--format", "json"])["proposal"]["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reviewer"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn reviews_made_apart_in_two_clones_are_joined() {
    let (origin, pm) = shared();
    let ana = TestRepo::clone_of(origin.path());
    let li = TestRepo::clone_of(origin.path());
    // A fresh clone has no proposals until it syncs.
    let report = sync(&ana);
    assert_eq!(
        report["entries"],
        json!([{"subject": "proposal 1", "action": "created"}])
    );
    assert_eq!(report["push_needed"], false);
    sync(&li);

    review(&ana, "1", "--approve", ANA);
    ana.git(["push", "-q", "origin", "refs/tplan/*:refs/tplan/*"]);
    // Li reviewed too, five minutes later (tests fix git's clock at 12:00),
    // before fetching Ana's: git refuses the push.
    li.tplan([
        "review",
        "1",
        "--request-changes",
        "-m",
        "Name it",
        "--as",
        LI,
    ])
    .env("GIT_COMMITTER_DATE", "2026-01-01T13:05:00+01:00")
    .env("GIT_AUTHOR_DATE", "2026-01-01T13:05:00+01:00")
    .assert()
    .success();
    let refused = li.git_output(["push", "-q", "origin", "refs/tplan/*:refs/tplan/*"]);
    assert!(!refused.status.success());

    let out = li.tplan(["sync"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("proposal 1") && text.contains("joined: 1 review from origin"),
        "{text}"
    );
    assert!(
        text.contains("Next: `git push origin 'refs/tplan/*:refs/tplan/*'`"),
        "{text}"
    );
    assert_eq!(reviewers(&li, "1"), [ANA, LI]);
    // The join is a merge commit over both sides: the push now goes.
    assert_eq!(
        li.git(["rev-list", "--parents", "-n", "1", "refs/tplan/proposals/1"])
            .split_whitespace()
            .count(),
        3
    );
    li.git(["push", "-q", "origin", "refs/tplan/*:refs/tplan/*"]);

    // The PM, behind, fast-forwards; Li's request still blocks publish.
    let report = sync(&pm);
    assert_eq!(report["entries"][0]["action"], "fast-forwarded");
    assert_eq!(reviewers(&pm, "1"), [ANA, LI]);
    let policy = run_json(&pm, &["proposal", "show", "1", "--format", "json"])["policy"].clone();
    assert_eq!(policy["passes"], false, "{policy:#}");
    // In sync everywhere: nothing left to do.
    let report = sync(&ana);
    assert_eq!(report["entries"][0]["action"], "fast-forwarded");
    let report = sync(&ana);
    assert_eq!(report["entries"][0]["action"], "up-to-date");
    assert_eq!(report["push_needed"], false);
}

#[test]
fn one_number_taken_in_two_clones_keeps_both_proposals() {
    let (origin, _pm) = shared();
    let ana = TestRepo::clone_of(origin.path());
    let li = TestRepo::clone_of(origin.path());
    sync(&ana);
    sync(&li);
    for (repo, branch) in [(&ana, "ana-edit"), (&li, "li-edit")] {
        repo.tplan(["switch", "-c", branch]).assert().success();
        crate::proposal::add_property(repo, &branch.replace('-', "_"));
        repo.tplan(["commit", "-m", branch]).assert().success();
        repo.tplan(["propose", "-m", branch]).assert().success();
    }
    // Both are #2; Li's reaches origin first.
    li.git([
        "push",
        "-q",
        "origin",
        "li-edit",
        "refs/tplan/*:refs/tplan/*",
    ]);
    let report = sync(&ana);
    let entries = report["entries"].as_array().unwrap();
    assert_eq!(entries[0]["action"], "up-to-date");
    assert_eq!(
        entries[1],
        json!({"subject": "proposal 2", "action": "renumbered", "to": 3})
    );
    assert_eq!(report["push_needed"], true);
    let show = |n: &str| run_json(&ana, &["proposal", "show", n, "--format", "json"]);
    assert_eq!(show("2")["proposal"]["head"], "li-edit");
    assert_eq!(show("3")["proposal"]["head"], "ana-edit");
    assert_eq!(show("3")["proposal"]["number"], 3);
    ana.git([
        "push",
        "-q",
        "origin",
        "ana-edit",
        "refs/tplan/*:refs/tplan/*",
    ]);
    let report = sync(&li);
    assert_eq!(report["entries"][2]["action"], "created");
}

#[test]
fn bad_remotes_are_refused_and_change_nothing() {
    let (_origin, pm) = shared();
    let refs_before = pm.git(["for-each-ref"]);
    for (args, expected) in [
        (vec!["sync", "a..b"], "`a..b` is not a remote name"),
        (vec!["sync", "nowhere"], "`git fetch nowhere"),
        (
            vec!["sync", "--no-fetch"],
            "no proposals or registry fetched from `origin`",
        ),
    ] {
        let out = pm.tplan(args.clone()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(pm.git(["for-each-ref"]), refs_before);
}

/// A publish made in one clone reaches another through sync: the proposal
/// as merged, and the registry of published schemas.
#[test]
fn a_publish_reaches_another_clone_with_its_registry() {
    let (origin, pm) = shared();
    review(&pm, "1", "--approve", ANA);
    pm.tplan(["publish", "1"]).assert().success();
    pm.git(["push", "-q", "origin", "main", "refs/tplan/*:refs/tplan/*"]);
    let li = TestRepo::clone_of(origin.path());
    let report = sync(&li);
    assert_eq!(
        report["entries"],
        json!([
            {"subject": "proposal 1", "action": "created"},
            {"subject": "registry", "action": "created"}
        ])
    );
    assert_eq!(
        li.git(["rev-parse", "refs/tplan/registry"]),
        pm.git(["rev-parse", "refs/tplan/registry"])
    );
    let shown = run_json(&li, &["proposal", "show", "1", "--format", "json"]);
    assert_eq!(shown["proposal"]["state"], "merged");
    // Syncing again: nothing moves.
    let report = sync(&li);
    assert_eq!(report["entries"][1]["action"], "up-to-date");
}

#[test]
fn a_reviewer_behind_the_remote_branch_is_told_before_approving() {
    let (_origin, pm) = shared();
    let ana = TestRepo::clone_of(_origin.path());
    sync(&ana);
    ana.git(["switch", "-q", "gift"]);
    ana.git(["switch", "-q", "main"]);
    // The PM pushes one more commit; Ana fetches but does not pull.
    pm.tplan(["switch", "gift"]).assert().success();
    crate::proposal::add_property(&pm, "gift_note");
    pm.tplan(["commit", "-m", "Gift note"]).assert().success();
    pm.git(["push", "-q", "origin", "gift"]);
    ana.git(["fetch", "-q", "origin"]);
    let out = ana
        .tplan(["review", "1", "--approve", "--as", ANA])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("`origin/gift` has commits your `gift` lacks"),
        "{err}"
    );
    assert!(err.contains("git pull"), "{err}");
    let out = ana.tplan(["proposal", "show", "1"]).output().unwrap();
    assert!(
        stderr(&out).starts_with("warning: `origin/gift` has commits your `gift` lacks"),
        "{}",
        stderr(&out)
    );
    let shown = run_json(&ana, &["proposal", "show", "1", "--format", "json"]);
    assert!(
        shown["proposal"]["reviews"]
            .as_array()
            .is_none_or(Vec::is_empty)
    );
    // A comment needs no verdict on the head: it is recorded.
    ana.tplan(["review", "1", "--comment", "-m", "looking", "--as", ANA])
        .assert()
        .success();
    // Up to date, the approval is of the latest head.
    ana.git(["branch", "-f", "gift", "origin/gift"]);
    review(&ana, "1", "--approve", ANA);
    let shown = run_json(&ana, &["proposal", "show", "1", "--format", "json"]);
    let head = ana.git(["rev-parse", "origin/gift"]);
    assert_eq!(
        shown["proposal"]["reviews"][1]["commit"].as_str(),
        Some(head.trim())
    );
}
