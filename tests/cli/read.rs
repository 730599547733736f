use crate::support::{TestRepo, stderr, stdout};

#[test]
fn ls_lists_events_with_owner_status_and_id() {
    let repo = TestRepo::example();
    let out = repo.tplan(["ls"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let header = text.lines().next().unwrap();
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        [
            "KEY", "NAME", "TYPE", "OWNER", "STATUS", "PROPS", "VERSION", "ID"
        ]
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("user_identified ") && l.contains(" identify ")),
        "{text}"
    );
    let row = text
        .lines()
        .find(|l| l.starts_with("order_completed "))
        .expect("order_completed listed");
    assert!(
        row.contains("Order Completed") && row.contains("active") && row.contains("1-0-0"),
        "{row}"
    );
    assert!(!text.contains('\x1b'), "NO_COLOR is respected");
}

#[test]
fn ls_reads_any_revision_from_the_object_database() {
    let repo = TestRepo::example();
    let base = repo.git(["rev-parse", "HEAD"]);
    repo.tplan(["event", "rm", "newsletter_subscribed"])
        .assert()
        .success();
    repo.commit_all("drop newsletter");
    repo.git(["tag", "v1", base.trim()]);
    repo.git(["tag", "-a", "-m", "annotated", "v1-annotated", base.trim()]);
    // An uncommitted change: the work tree differs from every revision.
    repo.write(
        "events/zz_scratch.toml",
        "name = \"Scratch Made\"\ndescription = \"x\"\nowner = \"growth\"\n",
    );
    let count = |args: &[&str]| -> usize {
        let out = repo.tplan(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["events"].as_array().unwrap().len()
    };
    let work = count(&["ls", "--format", "json"]);
    let head = count(&["ls", "--rev", "HEAD", "--format", "json"]);
    let first = count(&["ls", "--rev", "HEAD~1", "--format", "json"]);
    assert_eq!(work, head + 1);
    assert_eq!(first, head + 1);
    assert_eq!(count(&["ls", "--rev", "v1", "--format", "json"]), first);
    assert_eq!(
        count(&["ls", "--rev", "v1-annotated", "--format", "json"]),
        first
    );
    assert_eq!(
        count(&["ls", "--rev", &base[..7], "--format", "json"]),
        first
    );
    assert_eq!(count(&["ls", "--rev", "main", "--format", "json"]), head);
}

#[test]
fn show_prints_the_event_and_its_schemas() {
    let repo = TestRepo::example();
    let out = repo.tplan(["show", "order_completed"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("Order Completed (order_completed)"),
        "{text}"
    );
    assert!(text.contains("iglu:com.acme/order_completed/jsonschema/1-0-0"));
    assert!(text.contains("PROPERTY"));

    // By name too, and as JSON Schema that validators accept.
    let out = repo
        .tplan(["show", "Order Completed", "--format", "jsonschema"])
        .output()
        .unwrap();
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["title"], "Order Completed");
    assert_eq!(schema["additionalProperties"], false);

    let out = repo
        .tplan(["show", "order_completed", "--format", "iglu"])
        .output()
        .unwrap();
    let iglu: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(iglu["self"]["version"], "1-0-0");
    assert_eq!(iglu["self"]["vendor"], "com.acme");

    let out = repo
        .tplan(["show", "order_completed", "--format", "toml"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out), repo.read("events/order_completed.toml"));

    let out = repo
        .tplan(["show", "order_completed", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["key"], "order_completed");
    assert_eq!(json["id"].as_str().unwrap().len(), 64);
}

#[test]
fn show_an_unknown_event_suggests_one() {
    let repo = TestRepo::example();
    let out = repo.tplan(["show", "order_complete"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("no event `order_complete`"), "{err}");
    assert!(err.contains("did you mean `order_completed`?"), "{err}");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let repo = TestRepo::example();
    let plain = repo.tplan(["ls"]).output().unwrap();
    assert!(!stdout(&plain).contains('\x1b'));
    let coloured = repo.tplan(["--color", "always", "ls"]).output().unwrap();
    assert!(
        stdout(&coloured).contains("\x1b[1mKEY"),
        "{}",
        stdout(&coloured)
    );
    // Piped output is plain even without NO_COLOR.
    let piped = repo.tplan(["ls"]).env_remove("NO_COLOR").output().unwrap();
    assert!(!stdout(&piped).contains('\x1b'));
}

#[test]
fn a_plan_with_sources_lists_by_source_and_lints_unknown_ones() {
    // The example declares its sources: web, ios, android, server.
    let repo = TestRepo::example();
    repo.tplan(["lint"]).assert().success();
    // Sources are plan objects: the diff reports them, as metadata.
    repo.tplan(["source", "set", "ios", "name", "iPhone app"])
        .assert()
        .success();
    let diff = stdout(&repo.tplan(["diff"]).output().unwrap());
    assert!(
        diff.contains("source:ios\n  metadata (whole)  source `ios` changed  [metadata-changed]"),
        "{diff}"
    );
    let out = repo
        .tplan(["ls", "--source", "server", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&str> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["key"].as_str().unwrap())
        .collect();
    assert!(
        keys.contains(&"order_completed") && !keys.contains(&"app_opened"),
        "{keys:?}"
    );
    repo.write("in.ndjson", "");
    for args in [
        &["ls", "--source", "srever"][..],
        &["validate", "--source", "srever", "in.ndjson"],
    ] {
        let out = repo.tplan(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("did you mean `server`?"),
            "{}",
            stderr(&out)
        );
    }
    repo.tplan([
        "event",
        "set",
        "app_opened",
        "sources",
        "[\"web\", \"Ios\"]",
    ])
    .assert()
    .success();
    let out = repo.tplan(["lint"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("source `Ios` is not in `sources/`"), "{text}");
    assert!(text.contains("did you mean `ios`?"), "{text}");
}
