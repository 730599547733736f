use serde_json::Value;

use crate::support::{TestRepo, stderr, stdout};

/// The example plan, then: a property added to `order_completed` (released
/// as `plan-v1.1.0`), the shared `price` re-described (reaches
/// `order_completed` through `products[].price`), and a status change of
/// `checkout_started`.
fn history() -> TestRepo {
    let repo = TestRepo::example();
    repo.tplan([
        "property",
        "add",
        "order_completed",
        "gift",
        "--type",
        "boolean",
    ])
    .assert()
    .success();
    repo.tplan(["commit", "-m", "Add gift flag"])
        .assert()
        .success();
    repo.git(["tag", "-a", "plan-v1.1.0", "-m", "Release 1.1.0"]);
    repo.tplan([
        "property",
        "set",
        "--shared",
        "price",
        "description",
        "\"Unit price, tax included\"",
    ])
    .assert()
    .success();
    repo.tplan(["commit", "-m", "Clarify price"])
        .assert()
        .success();
    repo.tplan(["event", "set", "checkout_started", "status", "draft"])
        .assert()
        .success();
    repo.tplan(["commit", "-m", "Draft checkout"])
        .assert()
        .success();
    repo
}

fn json(repo: &TestRepo, args: &[&str]) -> Value {
    let out = repo.tplan(args).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn summaries(log: &Value) -> Vec<&str> {
    log["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["summary"].as_str().unwrap())
        .collect()
}

#[test]
fn log_of_an_event_lists_its_commits_with_classes_and_releases() {
    let repo = history();
    let log = json(&repo, &["log", "order_completed", "--format", "json"]);
    assert_eq!(log["subject"]["kind"], "event");
    assert_eq!(log["subject"]["key"], "order_completed");
    // The shared property's edit reaches the event; the other event's does not.
    assert_eq!(
        summaries(&log),
        ["Clarify price", "Add gift flag", "Tracking plan"]
    );
    let commits = log["commits"].as_array().unwrap();
    assert_eq!(commits[0]["classes"], serde_json::json!(["metadata"]));
    assert_eq!(commits[1]["classes"], serde_json::json!(["addition"]));
    assert_eq!(commits[2]["classes"], serde_json::json!(["added"]));
    // Releases: the tag contains the first two commits, not the newest.
    assert_eq!(commits[0]["releases"], serde_json::json!([]));
    assert_eq!(commits[1]["releases"], serde_json::json!(["plan-v1.1.0"]));
    assert_eq!(commits[2]["releases"], serde_json::json!(["plan-v1.1.0"]));
    // Commit ids are git's.
    let git_ids = repo.git(["log", "--format=%H", "--", "events/order_completed.toml"]);
    let git_ids: Vec<&str> = git_ids.lines().collect();
    assert_eq!(commits[1]["commit"], git_ids[0]);
    assert_eq!(commits[2]["commit"], git_ids[1]);

    let human = repo.tplan(["log", "order_completed"]).output().unwrap();
    let text = stdout(&human);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("COMMIT"), "{text}");
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[2].contains("addition") && lines[2].contains("Add gift flag"));
    assert!(lines[2].contains("(plan-v1.1.0)"), "{text}");
    assert!(!lines[1].contains("plan-v"), "{text}");
}

#[test]
fn log_finds_events_by_display_name_and_shared_properties_by_key() {
    let repo = history();
    let by_name = json(
        &repo,
        &["log", "Order Completed", "-n", "1", "--format", "json"],
    );
    assert_eq!(by_name["subject"]["key"], "order_completed");
    assert_eq!(summaries(&by_name), ["Clarify price"]);

    let price = json(&repo, &["log", "property:price", "--format", "json"]);
    assert_eq!(price["subject"]["kind"], "property");
    assert_eq!(summaries(&price), ["Clarify price", "Tracking plan"]);

    let plan = json(&repo, &["log", "--format", "json"]);
    assert_eq!(plan["subject"]["kind"], "plan");
    assert_eq!(
        summaries(&plan),
        [
            "Draft checkout",
            "Clarify price",
            "Add gift flag",
            "Tracking plan"
        ]
    );
    let older = json(&repo, &["log", "--rev", "plan-v1.1.0", "--format", "json"]);
    assert_eq!(summaries(&older), ["Add gift flag", "Tracking plan"]);
}

#[test]
fn log_follows_a_removed_event_like_git_log_follows_a_path() {
    let repo = history();
    repo.tplan(["event", "rm", "coupon_denied"])
        .assert()
        .success();
    repo.tplan(["commit", "-m", "Drop coupon_denied"])
        .assert()
        .success();
    let log = json(&repo, &["log", "coupon_denied", "--format", "json"]);
    assert_eq!(summaries(&log), ["Drop coupon_denied", "Tracking plan"]);
    assert_eq!(log["commits"][0]["classes"], serde_json::json!(["removed"]));
}

#[test]
fn an_unknown_subject_is_bad_input_with_a_suggestion() {
    let repo = history();
    let out = repo.tplan(["log", "order_complted"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("no event or shared property `order_complted`"),
        "{err}"
    );
    assert!(err.contains("did you mean `order_completed`?"), "{err}");
    assert_eq!(stdout(&out), "");

    let out = repo.tplan(["log", "-n", "0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));

    let out = repo
        .tplan(["log", "order_completed", "--rev", "nosuchrev"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("nosuchrev"), "{}", stderr(&out));
}

#[test]
fn blame_names_the_commit_behind_each_property_definition() {
    let repo = history();
    let blame = json(&repo, &["blame", "order_completed", "--format", "json"]);
    assert_eq!(blame["event"], "order_completed");
    let by_property = |name: &str| -> String {
        blame["properties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["property"] == name)
            .unwrap_or_else(|| panic!("{name} in {blame}"))["commit"]["summary"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(by_property("gift"), "Add gift flag");
    // `products[].price` refs the shared `price`: its edit changed products.
    assert_eq!(by_property("products"), "Clarify price");
    // `total` refs `price` too but overrides the description that changed.
    assert_eq!(by_property("total"), "Tracking plan");
    assert_eq!(by_property("tax"), "Tracking plan");

    let human = stdout(&repo.tplan(["blame", "Order Completed"]).output().unwrap());
    let gift = human.lines().find(|l| l.starts_with("gift ")).unwrap();
    assert!(gift.contains("Add gift flag"), "{human}");
    assert!(human.contains("total (ref price)"), "{human}");

    // At an older revision, the property did not exist yet.
    let old = json(
        &repo,
        &[
            "blame",
            "order_completed",
            "--rev",
            "HEAD~3",
            "--format",
            "json",
        ],
    );
    assert!(
        !old["properties"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["property"] == "gift")
    );

    let out = repo.tplan(["blame", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_shared_property_counts_for_an_event_only_once_the_event_uses_it() {
    let repo = TestRepo::example();
    repo.tplan(["property", "add", "--shared", "tier", "--type", "string"])
        .assert()
        .success();
    repo.tplan(["commit", "-m", "Add shared tier"])
        .assert()
        .success();
    repo.tplan([
        "property",
        "add",
        "order_completed",
        "tier",
        "--ref",
        "tier",
    ])
    .assert()
    .success();
    repo.tplan(["commit", "-m", "Orders carry the tier"])
        .assert()
        .success();
    repo.tplan(["property", "set", "--shared", "tier", "max_length", "8"])
        .assert()
        .success();
    repo.tplan(["commit", "-m", "Shorter tiers"])
        .assert()
        .success();
    let log = json(&repo, &["log", "order_completed", "--format", "json"]);
    assert_eq!(
        summaries(&log),
        ["Shorter tiers", "Orders carry the tier", "Tracking plan"],
        "{log:#}"
    );
    // `-n` counts the commits shown, not the ones passed over.
    let log = json(
        &repo,
        &["log", "order_completed", "-n", "2", "--format", "json"],
    );
    assert_eq!(summaries(&log), ["Shorter tiers", "Orders carry the tier"]);
}
