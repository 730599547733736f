//! Repositories as git users have them: bare mirrors, linked work trees,
//! ignored files, a bad ref among the proposals.

use crate::proposal::{ANA, add_property, json, proposed, review};
use crate::support::{TestRepo, stderr, stdout};

#[test]
fn read_commands_read_heads_plan_in_a_bare_repository() {
    let repo = TestRepo::example();
    let mirror = repo.path().join("mirror.git");
    let m = mirror.to_str().unwrap();
    repo.git(["clone", "-q", "--bare", ".", m]);
    for args in [
        &["ls"][..],
        &["show", "order_completed"],
        &["lint"],
        &["diff", "HEAD", "HEAD"],
        &["check", "--base", "HEAD"],
        &["export", "csv"],
        &["log"],
        &["schema", "diff", "--help"],
    ] {
        let out = repo.tplan(["-C", m].iter().chain(args)).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let ls = stdout(&repo.tplan(["-C", m, "ls"]).output().unwrap());
    assert!(ls.contains("order_completed"), "{ls}");
    let lint = stdout(&repo.tplan(["-C", m, "lint"]).output().unwrap());
    assert!(lint.contains("at `HEAD`"), "{lint}");

    repo.write("p.ndjson", "{\"event\":\"nope\"}\n");
    let payloads = repo.path().join("p.ndjson");
    let out = repo
        .tplan(["-C", m, "validate", payloads.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("the plan at `HEAD`"),
        "{}",
        stdout(&out)
    );

    // Writing needs a work tree: refused by name, nothing written.
    let before = repo.git(["-C", m, "for-each-ref"]);
    for args in [
        &["commit", "-m", "x"][..],
        &["event", "set", "app_opened", "status", "draft"],
    ] {
        let out = repo.tplan(["-C", m].iter().chain(args)).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("has no work tree (it is bare)"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(repo.git(["-C", m, "for-each-ref"]), before);
}

#[test]
fn a_branch_checked_out_in_another_work_tree_is_not_moved() {
    let repo = proposed();
    review(&repo, "1", "--approve", ANA);
    // `main` stays checked out here; the PM publishes from a linked work
    // tree on the feature branch.
    let linked = repo.path().join("wt-gift");
    let wt = linked.to_str().unwrap();
    repo.git(["worktree", "add", "-q", wt, "gift"]);
    let refs = repo.git(["for-each-ref"]);
    let out = repo.tplan(["-C", wt, "publish", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let main_dir = std::fs::canonicalize(repo.path()).unwrap();
    assert!(
        stderr(&out).contains(&format!(
            "branch `main` is checked out in the work tree at `{}`",
            main_dir.display()
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(repo.git(["for-each-ref"]), refs, "nothing moved");
    assert_eq!(repo.git(["status", "--porcelain"]), "?? wt-gift/\n");

    // Nor is a branch checked out there switched to here, as git refuses.
    let out = repo.tplan(["switch", "gift"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("branch `gift` is checked out"),
        "{}",
        stderr(&out)
    );

    // Published from the work tree that has `main`, all is well.
    let out = repo.tplan(["publish", "1"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(repo.git(["status", "--porcelain"]), "?? wt-gift/\n");
}

#[test]
fn plan_files_git_ignores_are_not_committed() {
    let repo = TestRepo::example();
    repo.write(".gitignore", "events/scratch*.toml\n");
    repo.commit_all("ignore scratch files");
    let scratch = repo
        .read("events/order_completed.toml")
        .replace("name = \"Order Completed\"", "name = \"Scratch Thing\"");
    repo.write("events/scratch_thing.toml", &scratch);
    add_property(&repo, "gift");
    let status = stdout(&repo.tplan(["status"]).output().unwrap());
    assert!(!status.contains("scratch"), "{status}");
    repo.tplan(["commit", "-m", "Gift flag"]).assert().success();
    let tree = repo.git(["ls-tree", "-r", "--name-only", "HEAD"]);
    assert!(!tree.contains("scratch"), "{tree}");
    assert!(repo.path().join("events/scratch_thing.toml").exists());
    // A tracked file stays tracked, ignored or not, as with git.
    repo.write(".gitignore", "events/order_completed.toml\n");
    repo.edit("events/order_completed.toml", |t| {
        t.replace("The payment", "Payment")
    });
    repo.tplan(["commit", "-m", "Reworded"]).assert().success();
    let show = repo.git(["show", "--stat", "HEAD"]);
    assert!(show.contains("events/order_completed.toml"), "{show}");
}

#[test]
fn a_malformed_proposal_ref_is_skipped_with_a_warning_naming_it() {
    let repo = proposed();
    let blob = repo.git_stdin(["hash-object", "-w", "--stdin"], "not a record\n");
    repo.git(["update-ref", "refs/tplan/proposals/2", blob.trim()]);
    let head = repo.git(["rev-parse", "HEAD"]);
    repo.git(["update-ref", "refs/tplan/proposals/draft", head.trim()]);

    let out = repo
        .tplan(["proposals", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning: skipped `refs/tplan/proposals/2`"),
        "{err}"
    );
    assert!(
        err.contains("warning: skipped `refs/tplan/proposals/draft`"),
        "{err}"
    );
    let list = json(&repo, &["proposals", "--format", "json"]);
    assert_eq!(list["proposals"].as_array().unwrap().len(), 1);
    assert_eq!(list["skipped"].as_array().unwrap().len(), 2);

    repo.tplan(["switch", "-c", "more"]).assert().success();
    add_property(&repo, "more");
    repo.tplan(["commit", "-m", "More"]).assert().success();
    let out = repo.tplan(["propose", "-m", "More"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("#3"), "{}", stdout(&out));
    assert!(stderr(&out).contains("skipped `refs/tplan/proposals/2`"));
}
