//! Killed at every step: a command that moves refs (or a ref and the work
//! tree) is all-or-nothing. Each command is run once uninterrupted for the
//! state after; then, from copies of the state before, it is killed at step
//! 1, 2, … (`TPLAN_KILL_AT`, as `kill -9`: no cleanup) until it finishes;
//! after each kill `tplan recover` must leave exactly the state before or
//! the state after, no lock file, and `git fsck` clean.

use std::path::Path;
use std::process::Stdio;

use crate::merge::{OC, diverged};
use crate::proposal::{ANA, LI, add_property, proposed, review};
use crate::support::{TestRepo, stderr, stdout};

/// Everything a command can change: every ref, the work tree, the index.
#[derive(Debug, PartialEq, Eq)]
struct State {
    refs: String,
    files: Vec<(std::path::PathBuf, Vec<u8>)>,
    index: String,
    status: String,
    /// Whether a merge is in progress (`MERGE_HEAD`).
    merging: bool,
}

fn state(repo: &TestRepo) -> State {
    State {
        refs: repo.git(["for-each-ref", "--format=%(refname) %(objectname)"]),
        files: repo.snapshot(),
        index: repo.git(["ls-files", "-s"]),
        status: repo.git(["status", "--porcelain"]),
        merging: repo.path().join(".git/MERGE_HEAD").exists(),
    }
}

/// Lock files and owner records left in the git folder.
fn leftovers(git_dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "lock")
                || p.parent().is_some_and(|d| d.ends_with("tplan/owners"))
            {
                out.push(p.display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(git_dir, &mut out);
    out
}

/// Runs `args` in copies of `before`, killed at each step in turn, and
/// checks every outcome; returns how many steps the command has.
fn kill_at_every_step(before: &TestRepo, args: &[&str]) -> usize {
    let initial = state(before);
    let reference = before.copy();
    let out = reference.tplan(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    let finished = state(&reference);
    assert_ne!(initial, finished, "{args:?} changes something");
    for step in 1.. {
        let repo = before.copy();
        let out = repo
            .tplan(args)
            .env("TPLAN_KILL_AT", step.to_string())
            .output()
            .unwrap();
        if out.status.success() {
            assert_eq!(state(&repo), finished, "{args:?}: a run that is not killed");
            return step - 1;
        }
        assert!(
            stderr(&out).contains(&format!("killed at step {step}")),
            "{args:?} at step {step}: {}",
            stderr(&out)
        );
        let recovered = repo.tplan(["recover"]).output().unwrap();
        assert!(
            recovered.status.success(),
            "{args:?}, recover after step {step}: {}",
            stderr(&recovered)
        );
        let now = state(&repo);
        assert!(
            now == initial || now == finished,
            "{args:?} killed at step {step}, then recovered: neither before nor after\n{}\n{now:#?}\nafter: {finished:#?}",
            stdout(&recovered)
        );
        assert_eq!(
            leftovers(&repo.path().join(".git")),
            Vec::<String>::new(),
            "{args:?} at step {step}"
        );
        let fsck = repo.git_output(["fsck", "--no-progress"]);
        assert!(fsck.status.success(), "{}", stderr(&fsck));
    }
    unreachable!()
}

/// Like [`kill_at_every_step`], but undoing with `tplan recover --abort`:
/// back to the state before, or refused (the work tree was being written)
/// with nothing changed, and then finished by `tplan recover`.
fn abort_at_every_step(before: &TestRepo, args: &[&str]) {
    let initial = state(before);
    let reference = before.copy();
    reference.tplan(args).assert().success();
    let finished = state(&reference);
    let mut refused = 0;
    for step in 1.. {
        let repo = before.copy();
        let out = repo
            .tplan(args)
            .env("TPLAN_KILL_AT", step.to_string())
            .output()
            .unwrap();
        if out.status.success() {
            assert!(refused > 0, "{args:?}: a kill late enough cannot be undone");
            return;
        }
        let killed = state(&repo);
        let out = repo
            .tplan(["recover", "--abort", "--format", "json"])
            .output()
            .unwrap();
        let now = state(&repo);
        if out.status.success() {
            let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            // Undone: as before. Nothing to undo: killed before it decided
            // (as before) or after it finished (as after).
            let ok = if report["undone"].is_null() {
                now == initial || now == finished
            } else {
                now == initial
            };
            assert!(ok, "{args:?} at step {step}, aborted: {report}");
        } else {
            refused += 1;
            assert!(stderr(&out).contains("cannot undo"), "{}", stderr(&out));
            assert!(
                now == killed,
                "{args:?} at step {step}: a refused undo changed something"
            );
            repo.tplan(["recover"]).assert().success();
            assert!(
                state(&repo) == finished,
                "{args:?} at step {step}, finished"
            );
        }
        assert_eq!(leftovers(&repo.path().join(".git")), Vec::<String>::new());
    }
}

#[test]
fn a_killed_publish_or_commit_is_undone_by_recover_abort_until_it_wrote_files() {
    let repo = proposed();
    review(&repo, "1", "--approve", ANA);
    abort_at_every_step(&repo, &["publish", "1"]);
    let repo = TestRepo::example();
    add_property(&repo, "gift");
    abort_at_every_step(&repo, &["commit", "-m", "Gift flag"]);
}

#[test]
fn a_publish_killed_at_any_step_is_recovered_to_before_or_after() {
    let repo = proposed();
    review(&repo, "1", "--approve", ANA);
    let steps = kill_at_every_step(&repo, &["publish", "1"]);
    // The intent, four refs (each locked, then moved), the work tree's
    // files and the index, the intent's removal.
    assert!(steps >= 10, "{steps}");
}

#[test]
fn a_commit_killed_at_any_step_is_recovered_to_before_or_after() {
    let repo = TestRepo::example();
    add_property(&repo, "gift");
    let steps = kill_at_every_step(&repo, &["commit", "-m", "Gift flag"]);
    assert!(steps >= 4, "{steps}");
}

#[test]
fn a_merge_killed_at_any_step_is_recovered_to_before_or_after() {
    let repo = diverged(
        &["event", "set", "order_completed", "status", "draft"],
        &["event", "set", "coupon_denied", "status", "draft"],
    );
    let steps = kill_at_every_step(&repo, &["merge", "feature"]);
    assert!(steps >= 4, "{steps}");
}

#[test]
fn a_fast_forward_killed_at_any_step_is_recovered_to_before_or_after() {
    let repo = TestRepo::example();
    repo.tplan(["switch", "-c", "feature"]).assert().success();
    add_property(&repo, "gift");
    repo.tplan(["commit", "-m", "Gift flag"]).assert().success();
    repo.tplan(["switch", "main"]).assert().success();
    let steps = kill_at_every_step(&repo, &["merge", "feature"]);
    assert!(steps >= 4, "{steps}");
}

#[test]
fn a_conflicted_merge_killed_at_any_step_is_aborted_to_before() {
    // A conflicted merge moves no ref: its state goes first, then the
    // files with markers and the conflict stages as one operation. Killed
    // anywhere and recovered, `merge --abort` restores the state before.
    let before = diverged(
        &["event", "set", "order_completed", "description", "Ours."],
        &["event", "set", "order_completed", "description", "Theirs."],
    );
    let initial = state(&before);
    for step in 1.. {
        let repo = before.copy();
        let out = repo
            .tplan(["merge", "feature"])
            .env("TPLAN_KILL_AT", step.to_string())
            .output()
            .unwrap();
        if out.status.code() == Some(1) {
            assert!(stdout(&out).contains("CONFLICT"), "{}", stdout(&out));
            assert!(step > 3, "{step}");
            return;
        }
        assert!(stderr(&out).contains(&format!("killed at step {step}")));
        repo.tplan(["recover"]).assert().success();
        assert_eq!(leftovers(&repo.path().join(".git")), Vec::<String>::new());
        let status = stdout(&repo.tplan(["status"]).output().unwrap());
        if state(&repo) != initial {
            assert!(status.contains("feature"), "at step {step}: {status}");
        }
        repo.tplan(["merge", "--abort"]).output().unwrap();
        assert_eq!(state(&repo), initial, "killed at step {step}, aborted");
    }
}

/// A merge of `feature` stopped on a conflict in `order_completed`.
fn conflicted() -> TestRepo {
    let repo = diverged(
        &["event", "set", "order_completed", "description", "Ours."],
        &["event", "set", "order_completed", "description", "Theirs."],
    );
    let out = repo.tplan(["merge", "feature"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    repo
}

#[test]
fn a_merge_continue_or_abort_killed_at_any_step_is_recovered_to_before_or_after() {
    let repo = conflicted();
    let steps = kill_at_every_step(&repo, &["merge", "--abort"]);
    assert!(steps >= 3, "{steps}");
    repo.edit(OC, |t| {
        let start = t.find("<<<<<<< HEAD\n").unwrap();
        let end = t.find(">>>>>>> feature\n").unwrap() + ">>>>>>> feature\n".len();
        format!("{}description = \"Both.\"\n{}", &t[..start], &t[end..])
    });
    let steps = kill_at_every_step(&repo, &["merge", "--continue"]);
    assert!(steps >= 3, "{steps}");
}

#[test]
fn a_propose_killed_at_any_step_is_recovered_to_before_or_after() {
    let repo = TestRepo::example();
    repo.tplan(["switch", "-c", "gift"]).assert().success();
    add_property(&repo, "gift");
    repo.tplan(["commit", "-m", "Gift flag"]).assert().success();
    let steps = kill_at_every_step(&repo, &["propose", "-m", "Gift flag"]);
    assert!(steps >= 3, "{steps}");
}

#[test]
fn a_review_killed_at_any_step_is_recovered_to_before_or_after() {
    let repo = proposed();
    let args = ["review", "1", "--approve", "-m", "noted", "--as", ANA];
    let steps = kill_at_every_step(&repo, &args);
    assert!(steps >= 3, "{steps}");
}

#[test]
fn a_switch_killed_at_any_step_is_recovered_to_before_or_after() {
    let repo = TestRepo::example();
    repo.tplan(["switch", "-c", "gift"]).assert().success();
    add_property(&repo, "gift");
    repo.tplan(["commit", "-m", "Gift flag"]).assert().success();
    let steps = kill_at_every_step(&repo, &["switch", "main"]);
    assert!(steps >= 4, "{steps}");
}

#[test]
fn a_sync_killed_at_any_step_is_recovered_to_before_or_after() {
    let (origin, _pm) = crate::sync::shared();
    let ana = TestRepo::clone_of(origin.path());
    let li = TestRepo::clone_of(origin.path());
    ana.tplan(["sync"]).assert().success();
    li.tplan(["sync"]).assert().success();
    for (repo, branch) in [(&ana, "ana-edit"), (&li, "li-edit")] {
        repo.tplan(["switch", "-c", branch]).assert().success();
        add_property(repo, &branch.replace('-', "_"));
        repo.tplan(["commit", "-m", branch]).assert().success();
        repo.tplan(["propose", "-m", branch]).assert().success();
    }
    review(&li, "1", "--approve", LI);
    li.git([
        "push",
        "-q",
        "origin",
        "li-edit",
        "refs/tplan/*:refs/tplan/*",
    ]);
    ana.git([
        "fetch",
        "-q",
        "origin",
        "+refs/tplan/*:refs/tplan-remotes/origin/*",
    ]);
    // #1 fast-forwards, our #2 moves to #3 and #2 becomes Li's: three refs.
    let steps = kill_at_every_step(&ana, &["sync", "--no-fetch"]);
    assert!(steps >= 6, "{steps}");
}

#[test]
fn an_import_killed_at_any_step_is_recovered_to_before_or_after() {
    let repo = TestRepo::example();
    repo.write("plan.csv", "event,property,type\nGift Sent,amount,number\n");
    // A new branch, `HEAD` on it, its files and the index.
    let steps = kill_at_every_step(&repo, &["import", "csv", "plan.csv"]);
    assert!(steps >= 6, "{steps}");
}

#[test]
fn a_lock_a_killed_commit_left_is_removed_by_the_next_command() {
    let repo = TestRepo::example();
    add_property(&repo, "gift");
    let out = repo
        .tplan(["commit", "-m", "Gift flag"])
        .env("TPLAN_KILL_AT", "1")
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("killed at step 1"),
        "{}",
        stderr(&out)
    );
    // The next command that writes finishes it, or redoes it from scratch.
    let out = repo.tplan(["commit", "-m", "Gift flag"]).output().unwrap();
    assert!(
        out.status.success() || stderr(&out).contains("nothing to commit"),
        "{}",
        stderr(&out)
    );
    assert_eq!(repo.git(["log", "-1", "--format=%s"]).trim(), "Gift flag");
    assert_eq!(repo.git(["status", "--porcelain"]), "");
    assert_eq!(leftovers(&repo.path().join(".git")), Vec::<String>::new());
}

#[test]
fn with_the_index_locked_switch_and_merge_change_nothing_and_name_the_lock() {
    let repo = TestRepo::example();
    repo.tplan(["switch", "-c", "gift"]).assert().success();
    add_property(&repo, "gift");
    repo.tplan(["commit", "-m", "Gift flag"]).assert().success();
    repo.tplan(["switch", "main"]).assert().success();
    let lock = repo.path().join(".git/index.lock");
    for args in [&["switch", "gift"][..], &["merge", "gift"][..]] {
        std::fs::write(&lock, "").unwrap();
        let before = state(&repo);
        let out = repo.tplan(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains(&format!("{}` exists", lock.display())),
            "{args:?}: {}",
            stderr(&out)
        );
        std::fs::remove_file(&lock).unwrap();
        assert_eq!(state(&repo), before, "{args:?} changed nothing");
    }
}

#[test]
fn a_stale_lock_tplan_did_not_create_is_named_and_left_alone() {
    let repo = proposed();
    review(&repo, "1", "--approve", ANA);
    let lock = repo.path().join(".git/index.lock");
    std::fs::write(&lock, "").unwrap();
    let before = state(&repo);
    let out = repo.tplan(["publish", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("index.lock` exists"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(&lock).unwrap();
    assert_eq!(state(&repo), before, "nothing changed");
    std::fs::write(&lock, "").unwrap();
    let out = repo.tplan(["recover"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("rm '{}'", lock.display())),
        "{}",
        stdout(&out)
    );
    assert!(lock.exists(), "not tplan's: left in place");
}

#[test]
fn a_publisher_racing_reviewers_loses_no_review_and_publishes_once() {
    let repo = proposed();
    review(&repo, "1", "--approve", ANA);
    let spawn = |args: Vec<String>| {
        repo.tplan_process(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let reviewers: Vec<String> = (0..6).map(|i| format!("R{i} <r{i}@acme.com>")).collect();
    let mut children = vec![spawn(vec!["publish".into(), "1".into()])];
    for who in &reviewers {
        let args = ["review", "1", "--comment", "-m", "seen", "--as", who];
        children.push(spawn(args.iter().map(|a| a.to_string()).collect()));
    }
    let outs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    assert!(outs[0].status.success(), "publish: {}", stderr(&outs[0]));
    let record = crate::proposal::json(&repo, &["proposal", "show", "1", "--format", "json"]);
    assert_eq!(record["proposal"]["state"], "merged");
    let kept: Vec<&str> = record["proposal"]["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reviewer"].as_str().unwrap())
        .collect();
    for (who, out) in reviewers.iter().zip(&outs[1..]) {
        if out.status.success() {
            assert!(kept.contains(&who.as_str()), "{who}'s review was lost");
        } else {
            // Too late: the proposal was merged first, and says so.
            assert!(stderr(out).contains("is merged"), "{who}: {}", stderr(out));
        }
    }
    assert_eq!(repo.git(["tag", "--list", "plan-v*"]).lines().count(), 1);
    assert_eq!(repo.git(["status", "--porcelain"]), "");
    assert_eq!(leftovers(&repo.path().join(".git")), Vec::<String>::new());
    let fsck = repo.git_output(["fsck", "--no-progress"]);
    assert!(fsck.status.success(), "{}", stderr(&fsck));
}
