use crate::support::{TestRepo, stderr, stdout};

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(out)))
}

#[test]
fn diff_without_arguments_compares_head_with_the_work_tree() {
    let repo = TestRepo::example();
    let out = repo.tplan(["diff"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "no changes");
    repo.tplan([
        "property",
        "set",
        "order_completed",
        "coupon",
        "max_length",
        "16",
    ])
    .assert()
    .success();
    let out = repo.tplan(["diff"]).output().unwrap();
    let text = stdout(&out);
    assert!(text.contains("order_completed"), "{text}");
    assert!(
        text.contains("properties/coupon/maxLength  `maxLength` 32 -> 16"),
        "{text}"
    );
    assert!(text.contains("[bound-tightened]"), "{text}");
    assert!(
        text.ends_with("1 event changed: 1 revision; plan 0.1.0 (first release)\n"),
        "{text}"
    );
}

#[test]
fn diff_between_revisions_reads_the_object_database() {
    let repo = TestRepo::example();
    repo.tplan([
        "property",
        "add",
        "order_completed",
        "gift_wrap",
        "--type",
        "boolean",
    ])
    .assert()
    .success();
    repo.commit_all("gift wrap");
    // A work-tree edit does not leak into a diff of two revisions.
    repo.tplan(["event", "rm", "signed_in"]).assert().success();
    let out = repo
        .tplan(["diff", "HEAD~1", "HEAD", "--format", "json"])
        .output()
        .unwrap();
    let r = json(&out);
    let changes = r["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{r:#}");
    assert_eq!(changes[0]["rule"], "optional-property-added-closed");
    assert_eq!(changes[0]["class"], "addition");
    assert_eq!(
        changes[0]["subject"],
        serde_json::json!({"kind": "event", "key": "order_completed"})
    );
    assert_eq!(changes[0]["path"], "properties/gift_wrap");
    assert_eq!(
        changes[0]["location"]["file"],
        "events/order_completed.toml"
    );
    assert_eq!(r["plan_bump"], "minor");
}

#[test]
fn a_shared_property_change_is_reported_once() {
    let repo = TestRepo::example();
    repo.tplan(["property", "set", "--shared", "price", "minimum", "1"])
        .assert()
        .success();
    let r = json(&repo.tplan(["diff", "--format", "json"]).output().unwrap());
    let changes = r["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{r:#}");
    assert_eq!(changes[0]["subject"]["kind"], "property");
    let reached = changes[0]["events"].as_array().unwrap();
    assert!(reached.len() >= 5, "{reached:?}");
    // Each reached event gets its own bump.
    assert_eq!(r["events"].as_array().unwrap().len(), reached.len());
}

#[test]
fn descriptions_are_shown_as_a_word_diff_and_stat_is_short() {
    let repo = TestRepo::example();
    repo.tplan([
        "event",
        "set",
        "order_completed",
        "description",
        "The payment was captured and the whole order placed.",
    ])
    .assert()
    .success();
    insta::assert_snapshot!(stdout(&repo.tplan(["diff"]).output().unwrap()));
    insta::assert_snapshot!(
        "stat",
        stdout(&repo.tplan(["diff", "--stat"]).output().unwrap())
    );
}

#[test]
fn diff_markdown_is_a_pull_request_comment() {
    let repo = TestRepo::example();
    repo.tplan([
        "property",
        "add",
        "order_completed",
        "store_id",
        "--type",
        "string",
        "--required",
    ])
    .assert()
    .success();
    let text = stdout(
        &repo
            .tplan(["diff", "--format", "markdown"])
            .output()
            .unwrap(),
    );
    insta::assert_snapshot!(text);
}

#[test]
fn diff_of_an_unknown_revision_is_bad_input() {
    let repo = TestRepo::example();
    let out = repo.tplan(["diff", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown revision `nope`"));
}
