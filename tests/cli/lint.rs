use crate::support::{TestRepo, stderr, stdout};

#[test]
fn lint_reports_rules_with_file_line_and_exit_1() {
    let repo = TestRepo::example();
    repo.edit("events/order_completed.toml", |t| {
        t.replace("name = \"Order Completed\"", "name = \"order completed\"")
    });
    let out = repo.tplan(["lint"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("naming-event"), "{text}");
    assert!(text.contains("events/order_completed.toml:"), "{text}");
    assert!(text.contains("rename it `Order Completed`"), "{text}");
    assert!(text.contains("lint: 1 error"), "{text}");
}

#[test]
fn lint_warnings_alone_exit_0() {
    let repo = TestRepo::example();
    repo.write(
        "properties/unused_thing.toml",
        "description = \"Nobody uses me\"\ntype = \"string\"\n",
    );
    let out = repo.tplan(["lint", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["warnings"], 1);
    assert_eq!(v["findings"][0]["rule"], "unused-shared-property");
    assert_eq!(v["findings"][0]["file"], "properties/unused_thing.toml");
}

#[test]
fn lint_at_a_revision_ignores_the_work_tree() {
    let repo = TestRepo::example();
    repo.write("events/order_completed.toml", "name = [\n");
    repo.tplan(["lint", "main"]).assert().code(0);
    let out = repo.tplan(["lint"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("invalid-toml"), "{}", stdout(&out));
}

#[test]
fn lint_github_format_prints_workflow_commands() {
    let repo = TestRepo::example();
    repo.edit("events/order_completed.toml", |t| {
        t.replace("name = \"Order Completed\"", "name = \"order completed\"")
    });
    let out = repo.tplan(["lint", "--format", "github"]).output().unwrap();
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.contains("naming-event"))
        .expect("an annotation");
    assert!(
        line.starts_with("::error file=events/order_completed.toml,line="),
        "{line}"
    );
    assert!(line.contains(",title=naming-event::"), "{line}");
    // The fix travels with it, on a second line of the annotation.
    assert!(
        line.ends_with("%0Ahelp: rename it `Order Completed`"),
        "{line}"
    );
}

#[test]
fn lint_reports_structural_errors_of_every_file() {
    let repo = TestRepo::example();
    repo.edit("events/order_completed.toml", |t| {
        t.replacen("description", "descripton", 1)
    });
    repo.write("events/Bad.toml", "name = \"Bad Thing\"\n");
    let out = repo.tplan(["lint", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"unknown-key"), "{rules:?}");
    assert!(rules.contains(&"invalid-key"), "{rules:?}");
    assert!(stderr(&out).is_empty());
}
