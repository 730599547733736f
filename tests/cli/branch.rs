use crate::support::{TestRepo, stderr, stdout};

const OC: &str = "events/order_completed.toml";

#[test]
fn branch_lists_with_the_current_one_marked_and_creates() {
    let repo = TestRepo::example();
    let out = repo.tplan(["branch", "gift-cards"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Created branch `gift-cards`"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        repo.git(["rev-parse", "gift-cards"]),
        repo.git(["rev-parse", "main"])
    );
    let list = stdout(&repo.tplan(["branch"]).output().unwrap());
    let lines: Vec<&str> = list.lines().collect();
    assert!(lines[0].starts_with("  gift-cards"), "{list}");
    assert!(lines[1].starts_with("* main"), "{list}");
    let json: serde_json::Value = serde_json::from_slice(
        &repo
            .tplan(["branch", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(json["branches"][1]["name"], "main");
    assert_eq!(json["branches"][1]["current"], true);

    // From a revision.
    repo.tplan(["event", "set", "order_completed", "status", "draft"])
        .assert()
        .success();
    repo.tplan(["commit", "-m", "draft"]).assert().success();
    repo.tplan(["branch", "hotfix", "--from", "HEAD~1"])
        .assert()
        .success();
    assert_eq!(
        repo.git(["rev-parse", "hotfix"]),
        repo.git(["rev-parse", "main~1"])
    );
}

#[test]
fn branch_refuses_an_existing_or_invalid_name() {
    let repo = TestRepo::example();
    repo.tplan(["branch", "gift-cards"]).assert().success();
    let before = repo.snapshot();
    let out = repo.tplan(["branch", "gift-cards"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("a branch named `gift-cards` already exists"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("tplan switch gift-cards"),
        "{}",
        stderr(&out)
    );
    for bad in ["../x", "a..b", "x.lock"] {
        let out = repo.tplan(["branch", bad]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&out).contains("is not a valid branch name"),
            "{}",
            stderr(&out)
        );
    }
    let out = repo
        .tplan(["branch", "x", "--from", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown revision `nope`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(repo.snapshot(), before);
    assert_eq!(
        repo.git(["branch", "--format=%(refname:short)"]),
        "gift-cards\nmain\n"
    );
}

#[test]
fn switch_moves_the_work_tree_and_git_status_stays_clean() {
    let repo = TestRepo::example();
    let out = repo.tplan(["switch", "-c", "gift-cards"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Switched to a new branch `gift-cards`"),
        "{}",
        stdout(&out)
    );
    repo.tplan([
        "event",
        "add",
        "Gift Card Redeemed",
        "--owner",
        "checkout",
        "--description",
        "A gift card paid for an order.",
    ])
    .assert()
    .success();
    repo.tplan(["commit", "-m", "Gift cards"])
        .assert()
        .success();
    let out = repo.tplan(["switch", "main"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("(1 file updated)"),
        "{}",
        stdout(&out)
    );
    assert!(!repo.path().join("events/gift_card_redeemed.toml").exists());
    assert_eq!(repo.git(["status", "--porcelain"]), "");
    assert_eq!(
        repo.git(["rev-parse", "--abbrev-ref", "HEAD"]).trim(),
        "main"
    );
    repo.tplan(["switch", "gift-cards"]).assert().success();
    assert!(repo.path().join("events/gift_card_redeemed.toml").exists());
    assert_eq!(repo.git(["status", "--porcelain"]), "");
    // git's own `switch -` knows where we came from.
    repo.git(["switch", "-"]);
    assert_eq!(
        repo.git(["rev-parse", "--abbrev-ref", "HEAD"]).trim(),
        "main"
    );
}

#[test]
fn switch_on_a_dirty_tree_refuses_and_names_the_files_unless_forced() {
    let repo = TestRepo::example();
    repo.tplan(["switch", "-c", "gift-cards"])
        .assert()
        .success();
    repo.tplan(["event", "set", "coupon_denied", "status", "draft"])
        .assert()
        .success();
    repo.tplan(["commit", "-m", "draft"]).assert().success();
    repo.tplan(["switch", "main"]).assert().success();
    repo.tplan(["event", "set", "order_completed", "status", "draft"])
        .assert()
        .success();
    let before = repo.snapshot();
    let out = repo.tplan(["switch", "gift-cards"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("1 plan file has uncommitted changes: `events/order_completed.toml`"),
        "{err}"
    );
    assert!(err.contains("tplan switch --force gift-cards"), "{err}");
    assert_eq!(repo.snapshot(), before, "nothing changed");
    assert_eq!(
        repo.git(["rev-parse", "--abbrev-ref", "HEAD"]).trim(),
        "main"
    );

    let out = repo
        .tplan(["switch", "gift-cards", "--force"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Discarded uncommitted changes to:\n  events/order_completed.toml"),
        "{}",
        stdout(&out)
    );
    assert!(!repo.read(OC).contains("status = \"draft\""));
    assert_eq!(repo.git(["status", "--porcelain"]), "");
}

#[test]
fn switch_to_a_branch_that_does_not_exist() {
    let repo = TestRepo::example();
    let out = repo.tplan(["switch", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("there is no branch named `nope`"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("tplan switch -c nope"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn status_sums_up_the_plan_changes_with_classes_and_lists_other_files() {
    let repo = TestRepo::example();
    let out = repo.tplan(["status"]).output().unwrap();
    assert!(
        stdout(&out).contains("On branch main at "),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("The plan is as committed."),
        "{}",
        stdout(&out)
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
    repo.tplan(["event", "rm", "coupon_denied"])
        .assert()
        .success();
    repo.write("README.md", "# Our plan\n");
    repo.write("events/.notes", "todo\n");
    let out = repo.tplan(["status"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // The whole summary: HEAD, the changes with their classes, the plan
    // files, and the files `tplan commit` leaves alone.
    insta::assert_snapshot!(stdout(&out));

    let json: serde_json::Value = serde_json::from_slice(
        &repo
            .tplan(["status", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(json["branch"], "main");
    assert_eq!(json["plan_files"][0]["path"], "events/coupon_denied.toml");
    assert_eq!(json["plan_files"][0]["change"], "deleted");
    assert_eq!(json["other_files"][0]["path"], "README.md");
    assert!(
        json["changes"]["changes"]
            .as_array()
            .is_some_and(|c| !c.is_empty()),
        "{json}"
    );
    assert_eq!(json["merge"], serde_json::Value::Null);
}

#[test]
fn a_plan_in_a_subfolder_reports_paths_from_the_repository_root() {
    let repo = TestRepo::empty();
    repo.git(["init", "-q", "-b", "main"]);
    repo.tplan(["init", "plans/web", "--example"])
        .assert()
        .success();
    repo.commit_all("plan");
    repo.write(
        "plans/web/events/order_completed.toml",
        repo.read("plans/web/events/order_completed.toml") + "status = \"draft\"\n",
    );
    let out = repo.tplan(["-C", "plans/web", "status"]).output().unwrap();
    assert!(
        stdout(&out).contains("  modified  plans/web/events/order_completed.toml"),
        "{}",
        stdout(&out)
    );
    // A new branch at HEAD changes no file: the edit comes along, as with git.
    let out = repo
        .tplan(["-C", "plans/web", "switch", "-c", "x"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        repo.read("plans/web/events/order_completed.toml")
            .contains("status = \"draft\"")
    );
    assert_eq!(repo.git(["rev-parse", "--abbrev-ref", "HEAD"]).trim(), "x");
}

#[test]
fn a_switch_names_the_uncommitted_edits_it_carried() {
    let repo = TestRepo::example();
    repo.tplan(["event", "set", "signed_in", "description", "Hi."])
        .assert()
        .success();
    let out = repo.tplan(["switch", "-c", "words"]).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.contains(
            "Uncommitted changes came along, to commit on `words`:\n  events/signed_in.toml\n"
        ),
        "{text}"
    );
    let v: serde_json::Value = serde_json::from_slice(
        &repo
            .tplan(["switch", "main", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(v["carried"], serde_json::json!(["events/signed_in.toml"]));
}
