use crate::support::{TestRepo, stderr, stdout};

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
