//! Renames: `event rename`, `property rename` (and `--shared`); the diff
//! reports one rename with its real class; log and blame follow it; merge
//! carries the other side's edits onto the new name.

use crate::proposal::{ANA, json, proposed, review};
use crate::support::{TestRepo, stderr, stdout};

const OC: &str = "events/order_completed.toml";
const PC: &str = "events/purchase_completed.toml";

#[test]
fn an_event_rename_moves_its_file_and_what_points_at_it() {
    let repo = TestRepo::example();
    repo.tplan([
        "event",
        "set",
        "product_clicked",
        "replaced_by",
        "order_completed",
    ])
    .assert()
    .success();
    repo.tplan(["event", "rename", "order_completed", "purchase_completed"])
        .assert()
        .success();
    assert!(!repo.path().join(OC).exists());
    // The wire name stays; the file moves byte for byte.
    let moved = repo.read(PC);
    assert!(moved.starts_with("# The revenue event"), "{moved}");
    assert!(moved.contains("name = \"Order Completed\""));
    assert!(
        repo.read("events/product_clicked.toml")
            .contains("replaced_by = \"purchase_completed\"")
    );
    repo.tplan(["lint"]).assert().success();
    // Refusals name what is wrong and write nothing.
    let out = repo
        .tplan(["event", "rename", "purchase_completed", "signed_in"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("signed_in"), "{}", stderr(&out));
    assert!(repo.path().join(PC).exists());
}

#[test]
fn a_property_rename_keeps_its_definition_and_the_examples_follow() {
    let repo = TestRepo::example();
    repo.tplan(["property", "rename", "order_completed", "tax", "tax_amount"])
        .assert()
        .success();
    let text = repo.read(OC);
    assert!(
        text.contains("tax_amount = { type = \"number\", minimum = 0, default = 0, description = \"Tax included in the total.\" }\nshipping"),
        "{text}"
    );
    assert!(text.contains("tax_amount = 7.31"), "{text}");
    repo.tplan(["lint"]).assert().success();
    let diff = stdout(&repo.tplan(["diff"]).output().unwrap());
    assert!(
        diff.contains(
            "optional property renamed `tax` -> `tax_amount`  [optional-property-renamed]"
        ),
        "{diff}"
    );
    // A shared property's key: the file moves, every `ref` follows, and
    // no schema changes.
    repo.tplan(["commit", "-m", "tax"]).assert().success();
    repo.tplan(["property", "rename", "--shared", "price", "unit_price"])
        .assert()
        .success();
    assert!(repo.path().join("properties/unit_price.toml").exists());
    assert!(repo.read(OC).contains("total = { ref = \"unit_price\""));
    assert!(!repo.read("events/cart_viewed.toml").contains("\"price\""));
    repo.tplan(["lint"]).assert().success();
    let diff = json(&repo, &["diff", "--format", "json"]);
    assert_eq!(diff["events"], serde_json::json!([]), "{diff}");
}

#[test]
fn a_published_event_renamed_is_one_model_change_and_its_history_follows() {
    let repo = proposed();
    review(&repo, "1", "--approve", ANA);
    repo.tplan(["publish", "1"]).assert().success();
    repo.tplan(["event", "rename", "order_completed", "purchase_completed"])
        .assert()
        .success();
    let out = repo.tplan(["check", "--base", "main"]).output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert_eq!(
        text.matches("renamed from").count(),
        2,
        "one event line, one change: {text}"
    );
    assert!(
        text.contains("event renamed from `order_completed` to `purchase_completed`: a new schema at 1-0-0, the old one is gone  [event-renamed]"),
        "{text}"
    );
    repo.tplan(["commit", "-m", "Purchases"]).assert().success();
    let log = json(&repo, &["log", "purchase_completed", "--format", "json"]);
    let summaries: Vec<&str> = log["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["summary"].as_str().unwrap())
        .collect();
    assert_eq!(
        summaries,
        ["Purchases", "Gift flag", "Tracking plan"],
        "{log:#}"
    );
    assert_eq!(log["commits"][0]["renamed_from"], "order_completed");
    let human = stdout(&repo.tplan(["log", "purchase_completed"]).output().unwrap());
    assert!(
        human.contains("renamed             Purchases  (was `order_completed`)"),
        "{human}"
    );
    // Blame goes past the rename: `tax` was defined with the plan.
    let blame = json(&repo, &["blame", "purchase_completed", "--format", "json"]);
    let by = |p: &str| {
        blame["properties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["property"] == p)
            .map(|e| e["commit"]["summary"].as_str().unwrap().to_string())
    };
    assert_eq!(by("tax").as_deref(), Some("Tracking plan"), "{blame:#}");
    assert_eq!(by("gift").as_deref(), Some("Gift flag"), "{blame:#}");
}

#[test]
fn a_rename_merges_with_the_other_sides_edits_both_ways() {
    for renamer_is_ours in [true, false] {
        let repo = TestRepo::example();
        let (renamer, editor) = if renamer_is_ours {
            ("main", "edits")
        } else {
            ("renames", "main")
        };
        let branch = if renamer_is_ours { "edits" } else { "renames" };
        repo.tplan(["switch", "-c", branch]).assert().success();
        let rename = |repo: &TestRepo| {
            repo.tplan(["event", "rename", "order_completed", "purchase_completed"])
                .assert()
                .success();
            repo.tplan([
                "property",
                "rename",
                "purchase_completed",
                "tax",
                "tax_amount",
            ])
            .assert()
            .success();
            repo.tplan(["commit", "-m", "rename"]).assert().success();
        };
        let edit = |repo: &TestRepo| {
            repo.tplan(["event", "set", "order_completed", "description", "Paid."])
                .assert()
                .success();
            repo.tplan([
                "property",
                "set",
                "order_completed",
                "tax",
                "description",
                "Tax.",
            ])
            .assert()
            .success();
            repo.tplan(["commit", "-m", "edit"]).assert().success();
        };
        if renamer == "renames" {
            rename(&repo);
        } else {
            edit(&repo);
        }
        repo.tplan(["switch", "main"]).assert().success();
        if editor == "main" {
            edit(&repo);
        } else {
            rename(&repo);
        }
        let out = repo.tplan(["merge", branch]).output().unwrap();
        assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
        assert!(!repo.path().join(OC).exists(), "{branch}");
        let merged = repo.read(PC);
        assert!(
            merged.contains("description = \"Paid.\""),
            "{branch}: {merged}"
        );
        assert!(
            merged.contains("tax_amount = { type = \"number\", minimum = 0, default = 0, description = \"Tax.\" }"),
            "{branch}: {merged}"
        );
        repo.tplan(["lint"]).assert().success();
    }
}

#[test]
fn a_property_of_a_published_event_renamed_is_model() {
    let repo = proposed();
    review(&repo, "1", "--approve", ANA);
    repo.tplan(["publish", "1"]).assert().success();
    repo.tplan(["property", "rename", "order_completed", "tax", "tax_amount"])
        .assert()
        .success();
    let out = repo.tplan(["check", "--base", "main"]).output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("model    properties/tax_amount  property renamed `tax` -> `tax_amount` in a published event: data collected so far has only `tax`  [property-renamed-published]"),
        "{text}"
    );
    assert!(text.contains("1-0-0 -> 2-0-0"), "{text}");
}

#[test]
fn a_rename_that_keeps_an_alias_is_not_breaking_and_both_names_validate() {
    let repo = proposed();
    review(&repo, "1", "--approve", ANA);
    repo.tplan(["publish", "1"]).assert().success();
    repo.tplan([
        "property",
        "rename",
        "order_completed",
        "tax",
        "tax_amount",
        "--keep-alias",
    ])
    .assert()
    .success();
    assert!(repo.read(OC).contains("aliases = [\"tax\"]"));
    let out = repo.tplan(["check", "--base", "main"]).output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("property renamed `tax` -> `tax_amount`; `tax` is kept as an alias, so payloads with it stay valid  [property-renamed-aliased]"),
        "{text}"
    );
    // The validator and the exported schema take both names.
    let payload = |name: &str| {
        serde_json::json!({"event": "Order Completed", "properties": {
            "order_id": "6f1c2a4e-8b1d-4c47-9a53-0e2d8f4b7a10", "total": 45.8, "currency": "EUR",
            "completed_at": "2026-11-24T10:15:00Z", name: 7.31,
            "products": [{"product_id": "P000123", "quantity": 2, "price": 19.9}]}})
        .to_string()
    };
    repo.write(
        "in.ndjson",
        format!("{}\n{}\n", payload("tax"), payload("tax_amount")),
    );
    let out = repo
        .tplan(["validate", "in.ndjson", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["valid"], 2, "{report:#}");
    let schema = json(
        &repo,
        &["show", "order_completed", "--format", "jsonschema"],
    );
    assert_eq!(
        schema["properties"]["tax"], schema["properties"]["tax_amount"],
        "{schema:#}"
    );
    // A shared property's key is no wire name: nothing to alias.
    let out = repo
        .tplan([
            "property",
            "rename",
            "--shared",
            "price",
            "unit_price",
            "--keep-alias",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_alias_that_is_another_property_is_refused_by_name() {
    let repo = TestRepo::example();
    repo.edit(OC, |t| {
        t.replace(
            "description = \"Tax included in the total.\" }",
            "description = \"Tax included in the total.\", aliases = [\"shipping\"] }",
        )
    });
    let out = repo.tplan(["lint"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        text.contains("alias `shipping` of `tax` is already a property or another's alias"),
        "{text}"
    );
}
