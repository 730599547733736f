use crate::support::{TestRepo, stderr, stdout};

/// An uncommitted plan edit: `coupon` may be 64 characters long.
fn longer_coupons(repo: &TestRepo) {
    repo.tplan([
        "property",
        "set",
        "order_completed",
        "coupon",
        "max_length",
        "64",
    ])
    .assert()
    .success();
}

#[test]
fn commit_records_the_plan_and_leaves_git_status_clean() {
    let repo = TestRepo::empty();
    repo.tplan(["init", "--example"]).assert().success();
    let out = repo
        .tplan(["commit", "-m", "Tracking plan"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Committed "));
    assert_eq!(repo.git(["status", "--porcelain"]), "");
    assert_eq!(
        repo.git(["log", "--format=%s %an"]).trim(),
        "Tracking plan Pat PM"
    );
    longer_coupons(&repo);
    repo.tplan([
        "commit",
        "-m",
        "Longer coupons",
        "--author",
        "Ondrej <ondrej@acme.com>",
    ])
    .assert()
    .success();
    assert_eq!(repo.git(["status", "--porcelain"]), "");
    assert_eq!(
        repo.git(["log", "-1", "--format=%an <%ae>"]).trim(),
        "Ondrej <ondrej@acme.com>"
    );
    assert_eq!(
        repo.git(["diff", "--name-only", "HEAD~1"]).trim(),
        "events/order_completed.toml"
    );
}

#[test]
fn commit_refuses_a_plan_with_lint_errors() {
    let repo = TestRepo::example();
    repo.edit("events/order_completed.toml", |t| {
        t.replace("name = \"Order Completed\"", "name = \"order completed\"")
    });
    let head = repo.git(["rev-parse", "HEAD"]);
    let out = repo.tplan(["commit", "-m", "bad name"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nothing was committed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(repo.git(["rev-parse", "HEAD"]), head);
    repo.tplan(["commit", "-m", "bad name", "--no-verify"])
        .assert()
        .success();
    assert_ne!(repo.git(["rev-parse", "HEAD"]), head);
}

#[test]
fn commit_without_an_identity_says_how_to_set_one() {
    let repo = TestRepo::empty();
    repo.tplan(["init"]).assert().success();
    let out = repo
        .tplan(["commit", "-m", "plan"])
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_AUTHOR_EMAIL")
        .env_remove("GIT_COMMITTER_NAME")
        .env_remove("GIT_COMMITTER_EMAIL")
        .env_remove("EMAIL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("no git identity is configured"), "{err}");
    assert!(err.contains("git config --global user.name"), "{err}");
    assert!(!repo.path().join(".git/refs/heads/main").exists());
}

/// Another git process writing the index (its `index.lock` exists): commit
/// refuses before moving anything, and leaves the other process's lock.
#[test]
fn commit_waits_for_nobody_when_the_index_is_locked() {
    let repo = TestRepo::example();
    longer_coupons(&repo);
    let head = repo.git(["rev-parse", "HEAD"]);
    let lock = repo.path().join(".git/index.lock");
    std::fs::write(&lock, b"").unwrap();
    let out = repo.tplan(["commit", "-m", "edit"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("index.lock` exists: another git process seems to be running")
            && err.contains("nothing was changed")
            && err.contains("remove `"),
        "{err}"
    );
    assert_eq!(repo.git(["rev-parse", "HEAD"]), head);
    assert!(
        lock.exists(),
        "another process's lock is not ours to remove"
    );
    std::fs::remove_file(&lock).unwrap();
    assert_eq!(
        repo.git(["status", "--porcelain"]).trim(),
        "M events/order_completed.toml"
    );
}

/// The index is written (locked) before the branch moves: when the branch
/// moved meanwhile, the compare-and-swap fails and the index is as it was,
/// with no lock left behind.
#[test]
fn a_commit_that_loses_the_race_leaves_the_index_as_it_was() {
    let repo = TestRepo::example();
    longer_coupons(&repo);
    let staged_before = repo.git(["ls-files", "-s"]);
    let child = repo
        .tplan_process(["commit", "-m", "edit"])
        .env("TPLAN_FAILPOINT_PAUSE", "operation:locked=1500")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let lock = repo.path().join(".git/index.lock");
    let start = std::time::Instant::now();
    while !lock.exists() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "the commit never locked the index"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Someone moves the branch without touching the index.
    let tree = repo.git(["rev-parse", "HEAD^{tree}"]);
    let head = repo.git(["rev-parse", "HEAD"]);
    let other = repo.git(["commit-tree", tree.trim(), "-p", head.trim(), "-m", "other"]);
    repo.git(["update-ref", "refs/heads/main", other.trim()]);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("was moved by someone else"),
        "{}",
        stderr(&out)
    );
    assert_eq!(repo.git(["rev-parse", "HEAD"]), other);
    assert!(!lock.exists(), "the lock was released");
    assert_eq!(repo.git(["ls-files", "-s"]), staged_before);
}

#[test]
fn a_commit_refused_by_lint_lists_the_errors() {
    let repo = TestRepo::example();
    // Written by hand, past the edit commands' checks.
    repo.edit("events/signed_in.toml", |t| {
        t.replace("name = \"Signed In\"", "name = \"signed in\"")
    });
    let out = repo.tplan(["commit", "-m", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("`tplan lint` finds 1 error in the work tree; nothing was committed:"),
        "{err}"
    );
    assert!(
        err.contains("events/signed_in.toml:")
            && err.contains("naming-event: event name `signed in` is not Object Action"),
        "{err}"
    );
}

#[test]
fn a_commit_straight_onto_the_default_branch_warns_that_it_bypasses_review() {
    let repo = TestRepo::example();
    repo.tplan(["event", "set", "signed_in", "description", "Hi."])
        .assert()
        .success();
    let out = repo.tplan(["commit", "-m", "words"]).output().unwrap();
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("warning: `main` is the default branch: this commit bypasses review"),
        "{}",
        stderr(&out)
    );
    repo.tplan(["switch", "-c", "more"]).assert().success();
    repo.tplan(["event", "set", "signed_in", "description", "Hello."])
        .assert()
        .success();
    let out = repo.tplan(["commit", "-m", "more words"]).output().unwrap();
    assert!(out.status.success());
    assert!(
        !stderr(&out).contains("bypasses review"),
        "{}",
        stderr(&out)
    );
}
