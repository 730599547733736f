use crate::support::{TestRepo, stderr, stdout};

#[test]
fn property_set_keeps_comments_and_layout() {
    let repo = TestRepo::example();
    repo.edit("events/order_completed.toml", |t| {
        format!("# Owned by checkout; ask in #checkout.\n{t}")
    });
    let before = repo.read("events/order_completed.toml");
    let out = repo
        .tplan([
            "property",
            "set",
            "order_completed",
            "coupon",
            "max_length",
            "64",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "Updated events/order_completed.toml");
    let after = repo.read("events/order_completed.toml");
    assert!(after.starts_with("# Owned by checkout; ask in #checkout.\n"));
    // Only the coupon line changed.
    let changed: Vec<_> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].1.contains("max_length = 64"), "{changed:?}");
    let out = repo
        .tplan(["show", "order_completed", "--format", "jsonschema"])
        .output()
        .unwrap();
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["properties"]["coupon"]["maxLength"], 64);
}

#[test]
fn event_add_set_and_rm_round_trip() {
    let repo = TestRepo::example();
    repo.tplan([
        "event",
        "add",
        "Gift Card Redeemed",
        "--owner",
        "checkout",
        "--description",
        "A gift card paid.",
        "--source",
        "web",
    ])
    .assert()
    .success();
    assert!(repo.path().join("events/gift_card_redeemed.toml").exists());
    repo.tplan([
        "property",
        "add",
        "gift_card_redeemed",
        "amount",
        "--type",
        "number",
        "--minimum",
        "0",
        "--required",
    ])
    .assert()
    .success();
    repo.tplan([
        "property",
        "add",
        "gift_card_redeemed",
        "currency",
        "--ref",
        "currency",
        "--required",
    ])
    .assert()
    .success();
    repo.tplan(["event", "set", "gift_card_redeemed", "status", "draft"])
        .assert()
        .success();
    let out = repo
        .tplan(["show", "gift_card_redeemed", "--format", "jsonschema"])
        .output()
        .unwrap();
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        schema["required"],
        serde_json::json!(["amount", "currency"])
    );
    assert_eq!(schema["properties"]["amount"]["minimum"], 0);
    let out = repo.tplan(["ls", "--format", "json"]).output().unwrap();
    let ls: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let added = ls["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == "gift_card_redeemed")
        .unwrap();
    assert_eq!(added["status"], "draft");
    repo.tplan(["property", "rm", "gift_card_redeemed", "amount"])
        .assert()
        .success();
    repo.tplan(["event", "rm", "gift_card_redeemed"])
        .assert()
        .success();
    assert!(!repo.path().join("events/gift_card_redeemed.toml").exists());
    repo.tplan(["lint"]).assert().success();
}

#[test]
fn shared_properties_and_owners_are_edited_too() {
    let repo = TestRepo::example();
    repo.tplan([
        "owner",
        "add",
        "payments",
        "--name",
        "Payments",
        "--contact",
        "#payments",
        "--member",
        "ana@acme.com",
    ])
    .assert()
    .success();
    repo.tplan([
        "property",
        "add",
        "--shared",
        "loyalty_tier",
        "--type",
        "string",
        "--enum",
        "bronze,silver,gold",
        "--description",
        "Loyalty level",
    ])
    .assert()
    .success();
    repo.tplan([
        "property",
        "add",
        "order_completed",
        "loyalty_tier",
        "--ref",
        "loyalty_tier",
    ])
    .assert()
    .success();
    repo.tplan(["event", "set", "order_completed", "owner", "payments"])
        .assert()
        .success();
    repo.tplan([
        "property",
        "set",
        "--shared",
        "loyalty_tier",
        "enum",
        "[\"bronze\", \"silver\", \"gold\", \"platinum\"]",
    ])
    .assert()
    .success();
    let out = repo
        .tplan(["show", "order_completed", "--format", "json"])
        .output()
        .unwrap();
    let event: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(event["owner"], "payments");
    assert_eq!(
        event["properties"]["loyalty_tier"]["enum"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    repo.tplan(["lint"]).assert().success();
}

#[test]
fn edits_that_break_the_plan_are_refused() {
    let repo = TestRepo::example();
    let before = repo.snapshot();
    for args in [
        vec![
            "event",
            "add",
            "Order Completed",
            "--key",
            "order_completed_again",
        ],
        vec!["event", "rm", "order_completd"],
        vec!["property", "rm", "--shared", "price"],
        vec!["event", "set", "order_completed", "colour", "red"],
    ] {
        let out = repo.tplan(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).is_empty());
    }
    assert_eq!(repo.snapshot(), before);
    let out = repo
        .tplan(["event", "rm", "order_completd"])
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("did you mean `order_completed`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn json_names_files_from_the_plan_folder_and_people_from_the_repository() {
    let repo = TestRepo::empty();
    repo.git(["init", "-q", "-b", "main"]);
    repo.tplan(["init", "plans/web"]).assert().success();
    let out = repo
        .tplan([
            "-C",
            "plans/web",
            "event",
            "add",
            "Signed In",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let r: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        r,
        serde_json::json!({"files": [{"path": "events/signed_in.toml", "action": "write"}]})
    );
    let out = repo
        .tplan(["-C", "plans/web", "event", "rm", "signed_in"])
        .output()
        .unwrap();
    assert_eq!(
        stdout(&out).trim(),
        "Removed plans/web/events/signed_in.toml"
    );
}

#[test]
fn names_the_plan_rules_refuse_are_refused_when_given() {
    let repo = TestRepo::example();
    let before = repo.snapshot();
    let out = repo
        .tplan(["event", "add", "gift card lookup", "--owner", "checkout"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("events/gift_card_lookup.toml:1:8: naming-event: event name `gift card lookup` is not Object Action"),
        "{err}"
    );
    assert!(err.contains("rename it `Gift Card Lookup`"), "{err}");
    let out = repo
        .tplan([
            "property",
            "add",
            "order_completed",
            "giftCard",
            "--type",
            "boolean",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("naming-property"));
    assert_eq!(repo.snapshot(), before, "nothing written");
}

#[test]
fn sources_are_added_changed_and_removed_only_when_unused() {
    let repo = TestRepo::example();
    repo.tplan([
        "source",
        "add",
        "tv",
        "--name",
        "TV app",
        "--platform",
        "tvos",
        "--owner",
        "growth",
    ])
    .assert()
    .success();
    assert_eq!(
        repo.read("sources/tv.toml"),
        "name = \"TV app\"\nplatform = \"tvos\"\nowner = \"growth\"\n"
    );
    repo.tplan(["source", "set", "tv", "description", "The living-room app."])
        .assert()
        .success();
    assert!(
        repo.read("sources/tv.toml")
            .contains("description = \"The living-room app.\"")
    );
    // An owner that does not exist is refused, as for events.
    let out = repo
        .tplan([
            "source", "add", "kiosk", "--name", "Kiosk", "--owner", "nobody",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Named by events: not removed.
    let out = repo.tplan(["source", "rm", "ios"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("source `ios` is still named by `events/app_opened.toml`"),
        "{}",
        stderr(&out)
    );
    repo.tplan(["source", "rm", "tv"]).assert().success();
    assert!(!repo.path().join("sources/tv.toml").exists());
}
