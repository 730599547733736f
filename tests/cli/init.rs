use crate::support::{TestRepo, stderr, stdout};

#[test]
fn init_creates_a_repository_and_a_loadable_plan() {
    let repo = TestRepo::empty();
    let out = repo
        .tplan(["init", "--name", "Acme Web", "--vendor", "com.acme"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Initialized a git repository"));
    assert!(repo.path().join(".git").is_dir());
    let manifest = repo.read("tplan.toml");
    assert!(manifest.contains("name = \"Acme Web\""));
    assert!(manifest.contains("vendor = \"com.acme\""));
    assert!(manifest.contains("# namespace of published schemas"));
    repo.tplan(["lint"]).assert().success();
    // git knows the branch as main.
    assert_eq!(repo.git(["symbolic-ref", "--short", "HEAD"]).trim(), "main");
}

#[test]
fn init_example_writes_a_realistic_plan() {
    let repo = TestRepo::empty();
    repo.tplan(["init", "--example"]).assert().success();
    let out = repo.tplan(["ls", "--format", "json"]).output().unwrap();
    let ls: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let events = ls["events"].as_array().unwrap();
    assert!(events.len() >= 20, "{} events", events.len());
    assert_eq!(
        events
            .iter()
            .filter(|e| e["status"] == "deprecated")
            .count(),
        1
    );
    let owners = std::fs::read_dir(repo.path().join("owners"))
        .unwrap()
        .count();
    assert_eq!(owners, 3);
    let shared = std::fs::read_dir(repo.path().join("properties"))
        .unwrap()
        .count();
    assert!((8..=14).contains(&shared), "{shared} shared properties");
    // The example is clean: no lint errors, no warnings.
    let out = repo.tplan(["lint", "--format", "json"]).output().unwrap();
    let lint: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(lint["errors"], 0, "{lint:#}");
    assert_eq!(lint["warnings"], 0, "{lint:#}");
}

#[test]
fn init_inside_an_existing_repository_uses_it() {
    let repo = TestRepo::empty();
    repo.git(["init", "-q", "-b", "trunk"]);
    repo.tplan(["init", "plans/web", "--vendor", "com.acme"])
        .assert()
        .success();
    assert!(!repo.path().join("plans/web/.git").exists());
    assert!(repo.path().join("plans/web/tplan.toml").exists());
    // The name defaults to the folder's.
    assert!(repo.read("plans/web/tplan.toml").contains("name = \"web\""));
}

#[test]
fn init_refuses_to_overwrite_a_plan() {
    let repo = TestRepo::empty();
    repo.tplan(["init"]).assert().success();
    repo.edit("tplan.toml", |t| {
        t.replace("approvals = 1", "approvals = 2")
    });
    let before = repo.read("tplan.toml");
    let out = repo.tplan(["init", "--example"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("a plan already exists"),
        "{}",
        stderr(&out)
    );
    assert_eq!(repo.read("tplan.toml"), before);
    assert!(!repo.path().join("events").exists());
}

#[test]
fn init_refuses_a_bad_vendor() {
    let repo = TestRepo::empty();
    let out = repo
        .tplan(["init", "--vendor", "com/acme"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`com/acme` is not a vendor"));
    assert!(!repo.path().join("tplan.toml").exists());
}
