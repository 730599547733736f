use crate::support::{TestRepo, stderr, stdout};

#[test]
fn export_jsonschema_writes_one_valid_schema_per_event() {
    let repo = TestRepo::example();
    let out = repo
        .tplan(["export", "jsonschema", "--out", "out"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let files: Vec<_> = std::fs::read_dir(repo.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let ls: serde_json::Value = serde_json::from_slice(
        &repo
            .tplan(["ls", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(files.len(), ls["events"].as_array().unwrap().len());
    for f in files {
        let schema: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
        assert!(jsonschema::meta::is_valid(&schema), "{}", f.display());
    }
    assert!(stdout(&out).starts_with("Wrote "));
}

#[test]
fn export_iglu_writes_a_static_registry_at_a_revision() {
    let repo = TestRepo::example();
    repo.tplan(["event", "rm", "newsletter_subscribed"])
        .assert()
        .success();
    repo.tplan(["export", "iglu", "--out", "registry", "--rev", "main"])
        .assert()
        .success();
    let path = repo
        .path()
        .join("registry/schemas/com.acme/order_completed/jsonschema/1-0-0");
    let schema: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(schema["self"]["name"], "order_completed");
    // The work tree removed an event; the export at `main` still has it.
    assert!(
        repo.path()
            .join("registry/schemas/com.acme/newsletter_subscribed/jsonschema/1-0-0")
            .exists()
    );
}

#[test]
fn export_csv_writes_one_row_per_event_property() {
    let repo = crate::support::TestRepo::example();
    let out = repo.tplan(["export", "csv"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("event,event description,property,type,required,description,allowed values,owner")
    );
    // Shared properties resolved, enums joined, nested properties by path.
    assert!(
        text.lines().any(|l| l.starts_with("Signed In,")
            && l.contains(
                ",method,string,yes,How they signed in.,email | google | apple | magic_link,growth"
            )),
        "{text}"
    );
    assert!(text.contains(",products[].price,"), "{text}");
    assert!(text.contains("Order Completed,"), "{text}");
    // To a file too, and at a revision.
    let out = repo
        .tplan(["export", "csv", "--out", "plan.csv", "--rev", "HEAD"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(repo.read("plan.csv"), text);
}

#[test]
fn export_segment_writes_a_protocols_plan_that_validates_tracks() {
    let repo = crate::support::TestRepo::example();
    let out = repo.tplan(["export", "segment"]).output().unwrap();
    assert!(out.status.success());
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["name"], "Acme Shop");
    let events = plan["rules"]["events"].as_array().unwrap();
    let order = events
        .iter()
        .find(|e| e["name"] == "Order Completed")
        .expect("Order Completed");
    assert_eq!(
        order["rules"]["$schema"],
        "http://json-schema.org/draft-07/schema#"
    );
    let validator = jsonschema::draft7::new(&order["rules"]).expect("a draft-07 schema");
    let good = serde_json::json!({"properties": {
        "order_id": "6f1c2a4e-8b1d-4c47-9a53-0e2d8f4b7a10", "total": 45.8, "currency": "EUR",
        "completed_at": "2026-11-24T10:15:00Z",
        "products": [{"product_id": "P000123", "quantity": 2, "price": 19.9}]}});
    assert!(validator.is_valid(&good));
    let mut bad = good.clone();
    bad["properties"]["total"] = serde_json::json!("45.8");
    assert!(!validator.is_valid(&bad));
    // Every event compiles as draft-07.
    for e in events {
        jsonschema::draft7::new(&e["rules"]).unwrap_or_else(|err| panic!("{}: {err}", e["name"]));
    }
}

/// Chromium, from `$CHROMIUM` or the usual paths (`.ci/run` installs
/// Debian's when it can).
fn chromium() -> Option<std::path::PathBuf> {
    std::env::var_os("CHROMIUM")
        .map(std::path::PathBuf::from)
        .into_iter()
        .chain(
            [
                "/usr/bin/chromium",
                "/usr/bin/chromium-browser",
                "/usr/bin/google-chrome",
            ]
            .map(Into::into),
        )
        .find(|p| p.is_file())
}

#[test]
fn export_html_catalog_lists_every_event_and_search_finds_one_in_a_browser() {
    let repo = crate::support::TestRepo::example();
    let out = repo
        .tplan(["export", "html", "--out", "catalog"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let index = repo.read("catalog/index.html");
    let listed = repo.tplan(["ls", "--format", "json"]).output().unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let events = listed["events"].as_array().unwrap();
    for e in events {
        let key = e["key"].as_str().unwrap();
        assert!(
            index.contains(&format!("href=\"events/{key}.html\"")),
            "{key}"
        );
        assert!(
            repo.read(&format!("catalog/events/{key}.html"))
                .contains("<h2>Properties</h2>")
        );
    }
    // Nothing external: a page that works from file://.
    assert!(!index.contains("http://") && !index.contains("https://"));

    let Some(browser) = chromium() else {
        eprintln!(
            "SKIPPED the browser half: no Chromium (set CHROMIUM, or install Debian's `chromium`)"
        );
        return;
    };
    let profile = tempfile::tempdir().unwrap();
    let url = format!(
        "file://{}?q=order%20completed",
        repo.path().join("catalog/index.html").display()
    );
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", &url])
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("<span id=\"shown\">1</span>"), "{dom}");
    let visible: Vec<&str> = dom
        .split("<tr class=\"event")
        .skip(1)
        .filter(|row| !row.split('>').next().unwrap_or("").contains("hidden"))
        .collect();
    assert_eq!(visible.len(), 1, "{dom}");
    assert!(visible[0].contains("events/order_completed.html"), "{dom}");
    assert_eq!(dom.matches("<tr class=\"event").count(), events.len());
}

#[test]
fn export_markdown_catalog_has_an_index_and_a_page_per_event() {
    let repo = crate::support::TestRepo::example();
    repo.tplan(["export", "markdown", "--out", "docs"])
        .assert()
        .success();
    let index = repo.read("docs/index.md");
    assert!(
        index.contains("| [Order Completed](events/order_completed.md) | `order_completed` |"),
        "{index}"
    );
    let page = repo.read("docs/events/order_completed.md");
    assert!(page.starts_with("# Order Completed\n"), "{page}");
    assert!(
        page.contains("| `products[].price` | number | yes |"),
        "{page}"
    );
    assert!(page.contains("## Example payload"), "{page}");
    assert!(page.contains("Not published yet."), "{page}");
}

#[test]
fn catalog_pages_show_published_versions_and_the_commits_that_changed_the_event() {
    use crate::proposal::{ANA, proposed, review};
    let repo = proposed();
    review(&repo, "1", "--approve", ANA);
    repo.tplan(["publish", "1"]).assert().success();
    repo.tplan(["export", "markdown", "--out", "docs"])
        .assert()
        .success();
    let page = repo.read("docs/events/order_completed.md");
    let vendor_uri = "`iglu:com.acme/order_completed/jsonschema/1-0-0`";
    assert!(page.contains(&format!("- {vendor_uri}")), "{page}");
    let history = &page[page.find("## History").expect("a history section")..];
    let rows: Vec<&str> = history.lines().filter(|l| l.starts_with("| `")).collect();
    // The branch's commit and the first one; the publish's merge commit
    // holds the branch's file, so it is not listed (as in `git log`).
    assert_eq!(rows.len(), 2, "{history}");
    assert!(rows[0].ends_with("| Pat PM | Gift flag |"), "{history}");
    assert!(rows[1].ends_with("| Tracking plan |"), "{history}");
    let untouched = repo.read("docs/events/signed_in.md");
    let history = &untouched[untouched.find("## History").unwrap()..];
    assert_eq!(
        history.lines().filter(|l| l.starts_with("| `")).count(),
        1,
        "{history}"
    );

    repo.tplan(["export", "html", "--out", "site"])
        .assert()
        .success();
    let html = repo.read("site/events/order_completed.html");
    assert!(html.contains("<td>Gift flag</td>"), "{html}");
    assert!(
        html.contains("<code>iglu:com.acme/order_completed/jsonschema/1-0-0</code>"),
        "{html}"
    );
}

#[test]
fn export_csv_prefixes_cells_a_spreadsheet_would_evaluate_and_import_reads_them_back() {
    let repo = crate::support::TestRepo::example();
    repo.edit("events/signed_in.toml", |t| {
        t.replace(
            "description = \"A customer signed in.\"",
            "description = '=HYPERLINK(\"http://evil.example\",\"click\")'",
        )
        .replace("How they signed in.", "@SUM(1+1)")
            + "\"-1\" = { type = \"integer\", description = \"+1 more\" }\n"
    });
    repo.commit_all("formulas");
    let out = repo.tplan(["export", "csv"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = csv
        .lines()
        .filter(|l| l.starts_with("Signed In,"))
        .collect();
    assert!(
        rows.iter().all(|r| r
            .starts_with("Signed In,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains(",'-1,integer,no,'+1 more,,growth")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains(",method,string,yes,'@SUM(1+1),")),
        "{rows:?}"
    );
    // Nothing a spreadsheet would evaluate is left unquoted.
    for row in csv.lines().skip(1) {
        let mut reader = csv_cells(row);
        assert!(
            reader.all(|c| !c.starts_with(['=', '+', '-', '@', '\t', '\r'])),
            "{row}"
        );
    }

    // Imported back, every cell is the plan's own text again.
    let back = crate::support::TestRepo::empty();
    back.tplan(["init", "--name", "Back", "--vendor", "com.acme"])
        .assert()
        .success();
    back.commit_all("init");
    back.write("plan.csv", &csv);
    let out = back
        .tplan(["import", "csv", "plan.csv", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let signed_in = back.read("events/signed_in.toml");
    assert!(
        signed_in.contains(r#"description = '=HYPERLINK("http://evil.example","click")'"#),
        "{signed_in}"
    );
    assert!(
        signed_in.contains("description = \"@SUM(1+1)\""),
        "{signed_in}"
    );
    assert!(
        signed_in.contains("-1 = { type = \"integer\", description = \"+1 more\" }"),
        "{signed_in}"
    );
    let again = String::from_utf8(back.tplan(["export", "csv"]).output().unwrap().stdout).unwrap();
    let sorted = |text: &str| {
        let mut rows: Vec<String> = text.lines().map(str::to_string).collect();
        rows.sort();
        rows
    };
    assert_eq!(sorted(&again), sorted(&csv), "export -> import -> export");
}

/// The cells of one CSV line (quotes taken off).
fn csv_cells(line: &str) -> impl Iterator<Item = String> {
    let mut cells = Vec::new();
    let (mut cell, mut quoted, mut chars) = (String::new(), false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(std::mem::take(&mut cell)),
            (c, _) => cell.push(c),
        }
    }
    cells.push(cell);
    cells.into_iter()
}

#[test]
fn the_catalog_names_an_events_call_type() {
    // The example's `user_identified` is an identify call.
    let repo = TestRepo::example();
    repo.tplan(["export", "markdown", "--out", "cat"])
        .assert()
        .success();
    let page = repo.read("cat/events/user_identified.md");
    assert!(page.contains("- type: identify call\n"), "{page}");
    assert!(
        !repo
            .read("cat/events/order_completed.md")
            .contains("- type:")
    );
    repo.tplan(["export", "html", "--out", "web"])
        .assert()
        .success();
    assert!(
        repo.read("web/events/user_identified.html")
            .contains("<li>type: identify</li>")
    );
}

#[test]
fn an_export_for_one_source_holds_its_events_only() {
    let repo = TestRepo::example();
    repo.tplan(["export", "jsonschema", "--out", "ios", "--source", "ios"])
        .assert()
        .success();
    assert!(repo.path().join("ios/app_opened.json").exists());
    // order_refunded is sent by the server only.
    assert!(!repo.path().join("ios/order_refunded.json").exists());
}

#[test]
fn an_event_of_another_vendor_is_exported_and_validated_under_it() {
    let repo = TestRepo::example();
    repo.tplan(["event", "set", "app_opened", "vendor", "com.acme.mobile"])
        .assert()
        .success();
    let shown = crate::proposal::json(&repo, &["show", "app_opened", "--format", "iglu"]);
    assert_eq!(shown["self"]["vendor"], "com.acme.mobile");
    repo.tplan(["export", "iglu", "--out", "reg"])
        .assert()
        .success();
    assert!(
        repo.path()
            .join("reg/schemas/com.acme.mobile/app_opened/jsonschema/1-0-0")
            .exists()
    );
    assert!(
        repo.path()
            .join("reg/schemas/com.acme/order_completed/jsonschema/1-0-0")
            .exists()
    );
    let data = serde_json::json!({"from_background": false, "app_version": "4.2.0"});
    repo.write(
        "sp.ndjson",
        format!(
            "{}\n{}\n",
            serde_json::json!({"schema": "iglu:com.acme.mobile/app_opened/jsonschema/1-0-0", "data": data}),
            serde_json::json!({"schema": "iglu:com.acme/app_opened/jsonschema/1-0-0", "data": data}),
        ),
    );
    let out = repo
        .tplan(["validate", "sp.ndjson", "--format", "json"])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["valid"], 1, "{r:#}");
    assert!(
        r["unknown_events"]["iglu:com.acme/app_opened/jsonschema/1-0-0"].is_object(),
        "{r:#}"
    );
    let out = repo
        .tplan(["event", "set", "app_opened", "vendor", "com..acme"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
