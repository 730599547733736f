//! Iglu registries of several vendors: the plan's vendor, `--vendor`, and every
//! vendor at once, each event under its own.

use super::*;

#[test]
fn a_registry_of_another_vendor_sets_an_empty_plan_s_vendor() {
    let repo = empty_plan();
    write_iglu(
        &repo,
        "io.shop",
        "cart_viewed",
        "1-0-0",
        json!({"type": "object", "properties": {}}),
    );
    repo.commit_all("registry");
    let out = repo
        .tplan(["import", "iglu", "registry/schemas"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("the plan's vendor is now `io.shop` (was `com.acme`)"));
    assert!(repo.read("tplan.toml").contains("vendor = \"io.shop\""));
    // Once the plan has events, `--vendor` of another vendor is refused;
    // without it, that vendor's events come in carrying their own.
    write_iglu(&repo, "io.other", "x", "1-0-0", json!({"type": "object"}));
    std::fs::remove_dir_all(repo.path().join("registry/schemas/io.shop")).unwrap();
    repo.commit_all("other");
    let out = repo
        .tplan([
            "import", "iglu", "registry", "--branch", "two", "--vendor", "io.other",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the plan's vendor is `io.shop` and it has events"),
        "{}",
        stderr(&out)
    );
    let out = repo
        .tplan(["import", "iglu", "registry", "--branch", "two"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(repo.read("events/x.toml").contains("vendor = \"io.other\""));
    assert!(repo.read("tplan.toml").contains("vendor = \"io.shop\""));
    let shown = crate::proposal::json(&repo, &["show", "x", "--format", "iglu"]);
    assert_eq!(shown["self"]["vendor"], "io.other");
}

#[test]
fn every_vendor_of_a_registry_is_imported_without_vendor() {
    let repo = empty_plan();
    for (vendor, name) in [
        ("com.acme", "app_opened"),
        ("com.acme", "cart_viewed"),
        ("com.acme.mobile", "app_opened"),
        ("io.partner", "lead_created"),
    ] {
        write_iglu(
            &repo,
            vendor,
            name,
            "1-0-0",
            json!({"type": "object", "properties": {}}),
        );
    }
    repo.commit_all("registry");
    let (code, report) = import_json(&repo, &["import", "iglu", "registry", "--format", "json"]);
    assert!(code == 0 || code == 1, "{report:#}");
    let keys: Vec<&str> = report["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e[1].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "app_opened",
            "cart_viewed",
            "com_acme_mobile_app_opened",
            "lead_created"
        ],
        "{report:#}"
    );
    // The second `app_opened` sits under its own vendor.
    let mobile = repo.read("events/com_acme_mobile_app_opened.toml");
    assert!(mobile.contains("vendor = \"com.acme.mobile\""), "{mobile}");
    assert!(!repo.read("events/app_opened.toml").contains("vendor ="));
    repo.tplan(["export", "iglu", "--out", "back"])
        .assert()
        .success();
    for path in [
        "back/schemas/com.acme/app_opened/jsonschema/1-0-0",
        "back/schemas/io.partner/lead_created/jsonschema/1-0-0",
        "back/schemas/com.acme.mobile/com_acme_mobile_app_opened/jsonschema/1-0-0",
    ] {
        assert!(repo.path().join(path).exists(), "{path}");
    }
}
