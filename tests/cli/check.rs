use crate::support::{TestRepo, stderr, stdout};

/// A repository whose branch `feature` has one change of each given kind.
fn feature(edits: &[&[&str]]) -> TestRepo {
    let repo = TestRepo::example();
    repo.git(["switch", "-q", "-c", "feature"]);
    for args in edits {
        repo.tplan(*args).assert().success();
    }
    repo.commit_all("feature");
    repo
}

#[test]
fn check_fails_on_model_changes_by_default() {
    let repo = feature(&[&[
        "property",
        "add",
        "order_completed",
        "store_id",
        "--type",
        "string",
        "--required",
    ]]);
    let out = repo
        .tplan(["check", "--base", "main", "--head", "feature"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("check failed: changes at or above `model`"));
}

#[test]
fn check_passes_additions_unless_asked_to_fail_on_them() {
    let repo = feature(&[&[
        "property",
        "add",
        "order_completed",
        "gift_wrap",
        "--type",
        "boolean",
    ]]);
    repo.tplan(["check", "--base", "main", "--head", "feature"])
        .assert()
        .code(0);
    repo.tplan([
        "check",
        "--base",
        "main",
        "--head",
        "feature",
        "--fail-on",
        "revision",
    ])
    .assert()
    .code(0);
    repo.tplan([
        "check",
        "--base",
        "main",
        "--head",
        "feature",
        "--fail-on",
        "addition",
    ])
    .assert()
    .code(1);
}

#[test]
fn check_github_points_at_the_line_of_the_head_file() {
    let repo = feature(&[&[
        "property",
        "set",
        "order_completed",
        "coupon",
        "max_length",
        "16",
    ]]);
    let out = repo
        .tplan([
            "check",
            "--base",
            "main",
            "--head",
            "feature",
            "--fail-on",
            "revision",
            "--format",
            "github",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let line = text.lines().next().unwrap();
    let coupon = repo
        .read("events/order_completed.toml")
        .lines()
        .position(|l| l.starts_with("coupon"))
        .unwrap()
        + 1;
    assert!(
        line.starts_with(&format!(
            "::error file=events/order_completed.toml,line={coupon},col="
        )),
        "{line}"
    );
    assert!(
        line.contains(
            "title=bound-tightened (revision)::event:order_completed/properties/coupon/maxLength"
        ),
        "{line}"
    );
}

#[test]
fn check_json_has_the_verdict_and_the_profile_flag_reclassifies() {
    let repo = feature(&[&[
        "property",
        "set",
        "order_completed",
        "coupon",
        "max_length",
        "64",
    ]]);
    let out = repo
        .tplan([
            "check", "--base", "main", "--head", "feature", "--format", "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            v["passed"].as_bool(),
            v["report"]["changes"][0]["rule"].as_str()
        ),
        (Some(true), Some("bound-relaxed"))
    );
    let out = repo
        .tplan([
            "check",
            "--base",
            "main",
            "--head",
            "feature",
            "--profile",
            "warehouse-strict",
            "--fail-on",
            "revision",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["report"]["changes"][0]["rule"], "column-width-exceeded");
}

#[test]
fn check_against_the_work_tree_by_default() {
    let repo = TestRepo::example();
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
    let out = repo.tplan(["check", "--base", "main"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("`shipping` is now required"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn removing_an_event_never_published_breaks_nothing() {
    // The example's main was never released: nothing was collected yet.
    let repo = TestRepo::example();
    repo.tplan(["event", "rm", "signed_out"]).assert().success();
    let out = repo.tplan(["check", "--base", "main"]).output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains(
            "event `signed_out` removed; it was never published  [event-removed-unpublished]"
        ),
        "{text}"
    );
}

#[test]
fn a_check_between_revisions_reads_only_changes_and_agrees_with_a_full_read() {
    let repo = feature(&[
        &[
            "property",
            "set",
            "order_completed",
            "coupon",
            "max_length",
            "16",
        ],
        &["property", "set", "--shared", "price", "minimum", "1"],
        &[
            "event",
            "add",
            "Gift Card Redeemed",
            "--owner",
            "checkout",
            "--description",
            "x",
        ],
        &["event", "rm", "signed_out"],
    ]);
    let partial = repo
        .tplan([
            "check", "--base", "main", "--head", "feature", "--format", "json",
        ])
        .output()
        .unwrap();
    // The work tree holds `feature`: the same comparison from full plans.
    let full = repo
        .tplan(["check", "--base", "main", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(stdout(&partial), stdout(&full));
    let v: serde_json::Value = serde_json::from_slice(&partial.stdout).unwrap();
    assert_eq!(v["report"]["events"].as_array().unwrap().len(), 9, "{v:#}");
}

#[test]
fn a_changed_call_type_is_model() {
    let repo = TestRepo::example();
    repo.tplan(["event", "set", "signed_up", "type", "identify"])
        .assert()
        .success();
    assert!(
        repo.read("events/signed_up.toml")
            .contains("type = \"identify\"")
    );
    let out = repo.tplan(["check", "--base", "main"]).output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("model    type  call type `track` -> `identify`  [event-type-changed]"),
        "{text}"
    );
    let out = repo
        .tplan(["event", "set", "signed_up", "type", "alert"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`alert` is no call type"),
        "{}",
        stderr(&out)
    );
}
