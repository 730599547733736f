use crate::support::{TestRepo, stderr, stdout};

pub(crate) const OC: &str = "events/order_completed.toml";

/// `main` and `feature` each commit one `tplan` edit (ARGS of `tplan`).
pub(crate) fn diverged(main: &[&str], feature: &[&str]) -> TestRepo {
    let repo = TestRepo::example();
    repo.tplan(["switch", "-c", "feature"]).assert().success();
    repo.tplan(feature).assert().success();
    repo.tplan(["commit", "-m", "feature edit"])
        .assert()
        .success();
    repo.tplan(["switch", "main"]).assert().success();
    repo.tplan(main).assert().success();
    repo.tplan(["commit", "-m", "main edit"]).assert().success();
    repo
}

fn parents(repo: &TestRepo) -> usize {
    repo.git(["log", "-1", "--format=%P"])
        .split_whitespace()
        .count()
}

#[test]
fn edits_to_different_fields_merge_into_a_commit_with_both_parents() {
    // Two fields of one event.
    let repo = diverged(
        &["event", "set", "order_completed", "status", "draft"],
        &[
            "event",
            "set",
            "order_completed",
            "tags",
            "[\"revenue\", \"finance\"]",
        ],
    );
    let out = repo.tplan(["merge", "feature"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("Merged `feature` into `main`: 1 plan file (merge commit "),
        "{text}"
    );
    assert!(text.contains("order_completed"), "{text}");
    assert_eq!(parents(&repo), 2);
    assert_eq!(
        repo.git(["log", "-1", "--format=%s"]).trim(),
        "Merge branch 'feature'"
    );
    let oc = repo.read(OC);
    assert!(
        oc.contains("status = \"draft\"") && oc.contains("tags = [\"revenue\", \"finance\"]"),
        "{oc}"
    );
    assert!(oc.starts_with("# The revenue event"), "comments kept: {oc}");
    assert_eq!(repo.git(["status", "--porcelain"]), "");
    repo.tplan(["lint"]).assert().success();

    let out = repo.tplan(["merge", "feature"]).output().unwrap();
    assert!(
        stdout(&out).contains("Already up to date"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_branch_behind_fast_forwards() {
    let repo = TestRepo::example();
    repo.tplan(["switch", "-c", "feature"]).assert().success();
    repo.tplan(["event", "set", "order_completed", "status", "draft"])
        .assert()
        .success();
    repo.tplan(["commit", "-m", "draft"]).assert().success();
    repo.tplan(["switch", "main"]).assert().success();
    let out = repo
        .tplan(["merge", "feature", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["outcome"], "fast-forward");
    assert_eq!(
        repo.git(["rev-parse", "main"]),
        repo.git(["rev-parse", "feature"])
    );
    assert!(repo.read(OC).contains("status = \"draft\""));
    assert_eq!(repo.git(["status", "--porcelain"]), "");
}

#[test]
fn a_conflict_is_marked_listed_by_status_and_continued_once_resolved() {
    let repo = diverged(
        &[
            "event",
            "set",
            "order_completed",
            "description",
            "Paid and placed.",
        ],
        &[
            "event",
            "set",
            "order_completed",
            "description",
            "The order was placed.",
        ],
    );
    let main_before = repo.git(["rev-parse", "main"]);
    let out = repo.tplan(["merge", "feature"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // Each conflict with its three values, and what to do next.
    insta::assert_snapshot!(stdout(&out));
    assert_eq!(repo.git(["rev-parse", "main"]), main_before);
    let oc = repo.read(OC);
    assert!(
        oc.contains("<<<<<<< HEAD\ndescription = \"Paid and placed.\"\n=======\ndescription = \"The order was placed.\"\n>>>>>>> feature\n"),
        "{oc}"
    );
    assert_eq!(
        repo.git(["status", "--porcelain"]),
        "UU events/order_completed.toml\n"
    );

    let status = stdout(&repo.tplan(["status"]).output().unwrap());
    assert!(
        status.contains("Merging `feature`: 1 conflict, 1 file still marked"),
        "{status}"
    );
    assert!(
        status.contains("conflict events/order_completed.toml:3  description"),
        "{status}"
    );
    let json: serde_json::Value = serde_json::from_slice(
        &repo
            .tplan(["status", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(json["merge"]["conflicts"][0]["path"], "description");
    assert_eq!(json["merge"]["unresolved"][0]["line"], 3);

    let out = repo.tplan(["merge", "--continue"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`events/order_completed.toml:3` still has a conflict marker"),
        "{}",
        stderr(&out)
    );
    // Other commands wait for the merge.
    let out = repo.tplan(["merge", "feature"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("a merge of `feature` is in progress"),
        "{}",
        stderr(&out)
    );

    repo.edit(OC, |t| {
        let start = t.find("<<<<<<< HEAD\n").unwrap();
        let end = t.find(">>>>>>> feature\n").unwrap() + ">>>>>>> feature\n".len();
        format!(
            "{}description = \"Paid, placed.\"\n{}",
            &t[..start],
            &t[end..]
        )
    });
    let out = repo.tplan(["merge", "--continue"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Merged `feature` into `main`"),
        "{}",
        stdout(&out)
    );
    assert_eq!(parents(&repo), 2);
    assert_eq!(repo.git(["status", "--porcelain"]), "");
    assert!(
        repo.git(["show", "HEAD:events/order_completed.toml"])
            .contains("Paid, placed.")
    );
}

#[test]
fn commit_concludes_a_merge_in_progress_as_git_commit_does() {
    let repo = diverged(
        &[
            "event",
            "set",
            "order_completed",
            "description",
            "Paid and placed.",
        ],
        &[
            "event",
            "set",
            "order_completed",
            "description",
            "The order was placed.",
        ],
    );
    repo.tplan(["merge", "feature"]).assert().code(1);
    let out = repo.tplan(["commit", "-m", "Merge"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "markers make the plan invalid");
    repo.edit(OC, |t| {
        let start = t.find("<<<<<<< HEAD\n").unwrap();
        let end = t.find(">>>>>>> feature\n").unwrap() + ">>>>>>> feature\n".len();
        format!(
            "{}description = \"Paid, placed.\"\n{}",
            &t[..start],
            &t[end..]
        )
    });
    repo.tplan(["commit", "-m", "Merge feature"])
        .assert()
        .success();
    assert_eq!(parents(&repo), 2);
    assert_eq!(repo.git(["status", "--porcelain"]), "");
}

#[test]
fn abort_restores_the_work_tree_and_index() {
    let repo = diverged(
        &[
            "event",
            "set",
            "order_completed",
            "description",
            "Paid and placed.",
        ],
        &[
            "event",
            "set",
            "order_completed",
            "description",
            "The order was placed.",
        ],
    );
    let before = repo.snapshot();
    repo.tplan(["merge", "feature"]).assert().code(1);
    let out = repo.tplan(["merge", "--abort"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Aborted the merge of `feature`"),
        "{}",
        stdout(&out)
    );
    assert_eq!(repo.snapshot(), before);
    assert_eq!(repo.git(["status", "--porcelain"]), "");
    let out = repo.tplan(["merge", "--abort"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("there is no merge in progress"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn two_events_given_one_name_are_a_conflict_even_in_different_files() {
    let repo = diverged(
        &[
            "event",
            "add",
            "Gift Card Redeemed",
            "--owner",
            "checkout",
            "--description",
            "Redeemed.",
        ],
        &[
            "event",
            "add",
            "Gift Card Redeemed",
            "--key",
            "gift_card_used",
            "--owner",
            "checkout",
            "--description",
            "Used.",
        ],
    );
    let out = repo.tplan(["merge", "feature"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("Gift Card Redeemed"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn refusals_leave_the_repository_as_it_was() {
    let repo = diverged(
        &["event", "set", "order_completed", "status", "draft"],
        &["event", "set", "coupon_denied", "status", "draft"],
    );
    // A dirty plan.
    repo.tplan(["event", "set", "signed_in", "status", "draft"])
        .assert()
        .success();
    let before = repo.snapshot();
    let out = repo.tplan(["merge", "feature"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`events/signed_in.toml`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(repo.snapshot(), before);
    repo.git(["checkout", "events/signed_in.toml"]);

    // Unknown revision, unrelated history, detached HEAD.
    let out = repo.tplan(["merge", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown revision `nope`"),
        "{}",
        stderr(&out)
    );
    repo.git(["switch", "-q", "--orphan", "other"]);
    repo.tplan(["init", "--name", "Other"]).assert().success();
    repo.commit_all("other plan");
    let out = repo.tplan(["merge", "main"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`main` shares no history with `other`"),
        "{}",
        stderr(&out)
    );
    repo.git(["switch", "-q", "--detach", "main"]);
    let out = repo.tplan(["merge", "feature"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("detached"), "{}", stderr(&out));
}

/// The edits git's line merge cannot take (both append to the same table)
/// and tplan can (two fields).
fn adjacent_edits() -> TestRepo {
    diverged(
        &[
            "event",
            "set",
            "order_completed",
            "sources",
            "[\"web\", \"ios\"]",
        ],
        &[
            "event",
            "set",
            "order_completed",
            "tags",
            "[\"revenue\", \"finance\"]",
        ],
    )
}

#[test]
fn plain_git_merge_uses_the_driver() {
    let repo = adjacent_edits();
    // Without the driver git's line merge conflicts: the case is a real one.
    repo.git(["config", "--remove-section", "merge.tplan"]);
    let out = repo.git_output(["merge", "feature", "-m", "merge"]);
    assert!(
        !out.status.success(),
        "git merges this alone: not a test of the driver"
    );
    repo.git(["merge", "--abort"]);

    let out = repo.tplan(["setup-git"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("merge.tplan.driver = "),
        "{}",
        stdout(&out)
    );
    assert!(
        repo.read(".gitattributes")
            .contains("*.toml merge=tplan\ntplan.lock merge=tplan\n")
    );
    let out = repo.git_output(["merge", "feature", "-m", "merge"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let oc = repo.read(OC);
    assert!(
        oc.contains("sources = [\"web\", \"ios\"]\ntags = [\"revenue\", \"finance\"]\n"),
        "{oc}"
    );
    assert_eq!(repo.git(["status", "--porcelain"]), "");
    repo.tplan(["lint"]).assert().success();
}

#[test]
fn plain_git_rebase_uses_the_driver() {
    let repo = adjacent_edits();
    repo.git(["switch", "-q", "feature"]);
    let out = repo.git_output(["rebase", "main"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let oc = repo.read(OC);
    assert!(
        oc.contains("sources = [\"web\", \"ios\"]\ntags = [\"revenue\", \"finance\"]\n"),
        "{oc}"
    );
}

#[test]
fn a_real_conflict_through_git_is_marked_and_git_stops() {
    let repo = diverged(
        &[
            "event",
            "set",
            "order_completed",
            "description",
            "Paid and placed.",
        ],
        &[
            "event",
            "set",
            "order_completed",
            "description",
            "The order was placed.",
        ],
    );
    let out = repo.git_output(["merge", "feature", "-m", "merge"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("tplan: CONFLICT events/order_completed.toml description"),
        "{}",
        stderr(&out)
    );
    let oc = repo.read(OC);
    assert!(
        oc.contains("<<<<<<< ours\ndescription = \"Paid and placed.\"\n=======\n"),
        "{oc}"
    );
    assert_eq!(
        repo.git(["status", "--porcelain"]),
        "UU events/order_completed.toml\n"
    );
}

#[test]
fn merge_file_exits_as_git_expects() {
    let repo = TestRepo::empty();
    repo.write("base.toml", "name = \"A\"\ndescription = \"x\"\n");
    repo.write(
        "ours.toml",
        "name = \"A\"\ndescription = \"x\"\nstatus = \"draft\"\n",
    );
    repo.write("theirs.toml", "name = \"A\"\ndescription = \"y\"\n");
    let out = repo
        .tplan([
            "merge-file",
            "base.toml",
            "ours.toml",
            "theirs.toml",
            "events/a.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        repo.read("ours.toml"),
        "name = \"A\"\ndescription = \"y\"\nstatus = \"draft\"\n"
    );

    repo.write("ours.toml", "name = \"A\"\ndescription = \"z\"\n");
    let out = repo
        .tplan([
            "merge-file",
            "base.toml",
            "ours.toml",
            "theirs.toml",
            "events/a.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(repo.read("ours.toml").contains(
        "<<<<<<< ours\ndescription = \"z\"\n=======\ndescription = \"y\"\n>>>>>>> theirs\n"
    ));

    repo.write("theirs.toml", [0xff, 0xfe]);
    let out = repo
        .tplan([
            "merge-file",
            "base.toml",
            "ours.toml",
            "theirs.toml",
            "events/a.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("theirs.toml` is not UTF-8 text"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_driver_runs_from_a_shell_without_tplan_on_its_path() {
    let repo = adjacent_edits();
    // Set up from a shell that finds tplan on its PATH.
    let bin = std::path::Path::new(assert_cmd::cargo::cargo_bin!("tplan"));
    let path = format!("{}:/usr/bin:/bin", bin.parent().unwrap().display());
    repo.tplan(["setup-git"])
        .env("PATH", &path)
        .assert()
        .success();
    let driver = repo.git(["config", "merge.tplan.driver"]);
    assert_eq!(
        driver,
        format!("{} merge-file %O %A %B %P\n", bin.display()),
        "an absolute path, whatever PATH finds"
    );
    // A shell git starts with a bare PATH (a GUI's, a hook's).
    let out = std::process::Command::new("git")
        .args(["merge", "feature", "-m", "merge"])
        .current_dir(repo.path())
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", repo.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Pat PM")
        .env("GIT_AUTHOR_EMAIL", "pat@acme.com")
        .env("GIT_COMMITTER_NAME", "Pat PM")
        .env("GIT_COMMITTER_EMAIL", "pat@acme.com")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        repo.read(OC)
            .contains("tags = [\"revenue\", \"finance\"]\n")
    );
}

#[test]
fn status_check_and_merge_say_when_git_would_line_merge_plan_files() {
    let repo = adjacent_edits();
    let warning = "plan files are merged line by line: tplan's merge driver is not set up in this clone; run `tplan setup-git` once";
    // Set up by `init`: nothing to say.
    let out = repo.tplan(["status"]).output().unwrap();
    assert!(!stdout(&out).contains("warning:"), "{}", stdout(&out));
    // A fresh clone has the attributes but not the config.
    repo.git(["config", "--remove-section", "merge.tplan"]);
    let out = repo.tplan(["status"]).output().unwrap();
    assert!(
        stdout(&out).contains(&format!("warning: {warning}")),
        "{}",
        stdout(&out)
    );
    let status = crate::proposal::json(&repo, &["status", "--format", "json"]);
    assert_eq!(status["merge_driver"]["state"], "not-configured");
    let out = repo.tplan(["check", "--base", "feature"]).output().unwrap();
    assert!(stderr(&out).contains(warning), "{}", stderr(&out));
    let out = repo.tplan(["merge", "feature"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains(warning), "{}", stderr(&out));
    // A driver whose program is gone.
    repo.git([
        "config",
        "merge.tplan.driver",
        "/nowhere/tplan merge-file %O %A %B %P",
    ]);
    let status = crate::proposal::json(&repo, &["status", "--format", "json"]);
    assert_eq!(
        status["merge_driver"],
        serde_json::json!({"state": "program-missing", "program": "/nowhere/tplan"})
    );
}
