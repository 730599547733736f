use std::io::Write;

use serde_json::{Value, json};

use crate::support::{TestRepo, stderr, stdout};

pub(crate) fn order(total: Value) -> String {
    json!({"event": "Order Completed", "properties": {
        "order_id": "6f1c2a4e-8b1d-4c47-9a53-0e2d8f4b7a10", "total": total, "currency": "EUR",
        "completed_at": "2026-11-24T10:15:00Z",
        "products": [{"product_id": "P000123", "quantity": 2, "price": 19.9}]}})
    .to_string()
}

fn signed_in(schema: &str, method: &str) -> String {
    json!({"schema": schema, "data": {"method": method}}).to_string()
}

pub(crate) fn write_lines(repo: &TestRepo, path: &str, lines: &[String]) {
    repo.write(path, lines.join("\n") + "\n");
}

pub(crate) fn report(repo: &TestRepo, args: &[&str]) -> (Option<i32>, Value) {
    let out = repo.tplan(args).output().unwrap();
    let text = stdout(&out);
    (
        out.status.code(),
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text} {}", stderr(&out))),
    )
}

#[test]
fn tracks_are_validated_with_failures_by_property_and_line() {
    let repo = TestRepo::example();
    let mut bad = order(json!("45.8"));
    bad = bad.replace("\"currency\":\"EUR\"", "\"currency\":\"XXX\",\"extra\":1");
    write_lines(
        &repo,
        "p.ndjson",
        &[order(json!(45.8)), bad.clone(), order(json!(10)), bad],
    );
    let (code, r) = report(&repo, &["validate", "p.ndjson", "--format", "json"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        (
            r["lines"].as_u64(),
            r["valid"].as_u64(),
            r["invalid"].as_u64()
        ),
        (Some(4), Some(2), Some(2))
    );
    let oc = &r["events"]["order_completed"];
    assert_eq!(
        (oc["count"].as_u64(), oc["invalid"].as_u64()),
        (Some(4), Some(2))
    );
    let failures = oc["failures"].as_array().unwrap();
    let find = |path: &str, keyword: &str| {
        failures
            .iter()
            .find(|f| f["path"] == path && f["keyword"] == keyword)
            .unwrap_or_else(|| panic!("{path} {keyword} in {failures:?}"))
    };
    let total = find("/total", "type");
    assert_eq!(total["count"], 2);
    assert_eq!(total["examples"][0]["line"], 2);
    assert_eq!(total["examples"][1]["line"], 4);
    assert_eq!(
        total["examples"][0]["message"],
        "\"45.8\" is not of type \"number\""
    );
    find("/currency", "enum");
    find("/extra", "additionalProperties");
    assert_eq!(r["passed"], false);

    // Human output names the same, and all-valid input exits 0.
    let out = repo.tplan(["validate", "p.ndjson"]).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.starts_with("Validated 4 lines against the plan in the work tree: 2 valid, 2 invalid"),
        "{text}"
    );
    assert!(
        text.contains("/total  type  2x  line 2, 4: \"45.8\" is not of type \"number\""),
        "{text}"
    );
    write_lines(&repo, "ok.ndjson", &[order(json!(45.8))]);
    let (code, r) = report(&repo, &["validate", "ok.ndjson", "--format", "json"]);
    assert_eq!(code, Some(0));
    assert_eq!(r["passed"], true);
    // Formats are asserted.
    write_lines(
        &repo,
        "fmt.ndjson",
        &[order(json!(1)).replace("2026-11-24T10:15:00Z", "yesterday")],
    );
    let (code, r) = report(&repo, &["validate", "fmt.ndjson", "--format", "json"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        r["events"]["order_completed"]["failures"][0]["keyword"],
        "format"
    );
}

#[test]
fn bad_lines_are_counted_with_their_numbers_and_never_stop_the_run() {
    let repo = TestRepo::example();
    let mut data = Vec::new();
    for line in [
        order(json!(1)),
        "not json".to_string(),
        "[1, 2]".to_string(),
        json!({"anonymousId": "a1"}).to_string(),
        json!({"event": "Made Up"}).to_string(),
        signed_in("iglu:nope", "email"),
        String::new(),
    ] {
        data.extend(line.into_bytes());
        data.push(b'\n');
    }
    data.extend(b"{\"event\": \"Signed In\", \"properties\": {\"method\": \"\xff\"}}\n");
    // Over the 4 MiB line limit: reported, never held whole.
    data.extend(b"{\"event\": \"Signed In\", \"properties\": {\"method\": \"");
    data.extend(std::iter::repeat_n(b'x', 5 << 20));
    data.extend(b"\"}}\n");
    data.extend(order(json!(2)).into_bytes());
    data.push(b'\n');
    repo.write("bad.ndjson", &data);
    let (code, r) = report(&repo, &["validate", "bad.ndjson", "--format", "json"]);
    assert_eq!(code, Some(1));
    assert_eq!(r["valid"], 2);
    assert_eq!(r["blank"], 1);
    assert_eq!(r["unknown"], 1);
    assert_eq!(r["unknown_events"]["Made Up"]["examples"][0]["line"], 5);
    let problem = |kind: &str| r["problems"][kind]["examples"][0]["line"].as_u64().unwrap();
    assert_eq!(problem("not-json"), 2);
    assert_eq!(problem("not-object"), 3);
    assert_eq!(problem("no-event"), 4);
    assert_eq!(problem("bad-iglu-uri"), 6);
    assert_eq!(problem("not-utf8"), 8);
    assert_eq!(problem("too-long"), 9);
    assert_eq!(r["unparsable"], 6);
    // Ignoring unknown events, or failing on them.
    let (_, r) = report(
        &repo,
        &[
            "validate",
            "bad.ndjson",
            "--format",
            "json",
            "--unknown-events",
            "ignore",
        ],
    );
    assert_eq!(r["unknown_events"], json!({}));
    write_lines(
        &repo,
        "unknown.ndjson",
        &[order(json!(1)), json!({"event": "Made Up"}).to_string()],
    );
    let (code, _) = report(&repo, &["validate", "unknown.ndjson", "--format", "json"]);
    assert_eq!(code, Some(0), "unknown events warn by default");
    let (code, _) = report(
        &repo,
        &[
            "validate",
            "unknown.ndjson",
            "--format",
            "json",
            "--unknown-events",
            "error",
        ],
    );
    assert_eq!(code, Some(1));
}

#[test]
fn self_describing_events_use_the_published_schema_of_their_version() {
    let repo = TestRepo::example();
    write_lines(
        &repo,
        "sp.ndjson",
        &[
            signed_in("iglu:com.acme/signed_in/jsonschema/1-0-0", "email"),
            signed_in("iglu:com.acme/signed_in/jsonschema/1-0-0", "telepathy"),
            signed_in("iglu:com.other/signed_in/jsonschema/1-0-0", "email"),
        ],
    );
    let (code, r) = report(&repo, &["validate", "sp.ndjson", "--format", "json"]);
    assert_eq!(code, Some(1));
    assert_eq!(r["events"]["signed_in"]["count"], 2);
    assert_eq!(r["events"]["signed_in"]["versions"]["1-0-0"], 2);
    assert_eq!(r["events"]["signed_in"]["failures"][0]["path"], "/method");
    assert!(r["unknown_events"]["iglu:com.other/signed_in/jsonschema/1-0-0"].is_object());

    // Publish 1-0-0, then the plan moves on: `telepathy` becomes a method.
    repo.tplan(["switch", "-c", "x"]).assert().success();
    repo.tplan(["event", "set", "signed_in", "description", "\"Signed in.\""])
        .assert()
        .success();
    repo.tplan(["commit", "-m", "x"]).assert().success();
    repo.tplan(["propose", "-m", "x"]).assert().success();
    repo.tplan([
        "review",
        "1",
        "--approve",
        "--as",
        "Ondrej <ondrej@acme.com>",
    ])
    .assert()
    .success();
    repo.tplan(["switch", "main"]).assert().success();
    repo.tplan(["publish", "1"]).assert().success();
    repo.tplan([
        "property",
        "set",
        "signed_in",
        "method",
        "enum",
        "[\"email\", \"google\", \"apple\", \"magic_link\", \"telepathy\"]",
    ])
    .assert()
    .success();
    // 1-0-0 lines are checked against the published 1-0-0: still invalid;
    // a track is checked against the plan: valid now.
    write_lines(
        &repo,
        "sp2.ndjson",
        &[
            signed_in("iglu:com.acme/signed_in/jsonschema/1-0-0", "telepathy"),
            json!({"event": "Signed In", "properties": {"method": "telepathy"}}).to_string(),
        ],
    );
    let (_, r) = report(&repo, &["validate", "sp2.ndjson", "--format", "json"]);
    assert_eq!(r["invalid"], 1, "{r}");
    assert_eq!(
        r["events"]["signed_in"]["failures"][0]["examples"][0]["line"],
        1
    );
    // At the committed revision, the plan's enum is the old one: both fail.
    let (_, r) = report(
        &repo,
        &[
            "validate",
            "sp2.ndjson",
            "--rev",
            "main",
            "--format",
            "json",
        ],
    );
    assert_eq!(r["invalid"], 2);
}

#[test]
fn gzip_stdin_and_several_files() {
    let repo = TestRepo::example();
    let lines: Vec<String> = (0..2000).map(|i| order(json!(i))).collect();
    let text = lines.join("\n") + "\n";
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(text.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    repo.write("a.ndjson.gz", &gz);
    repo.write("b.ndjson", order(json!("x")) + "\n");
    let (code, r) = report(
        &repo,
        &["validate", "a.ndjson.gz", "b.ndjson", "--format", "json"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        (r["valid"].as_u64(), r["invalid"].as_u64()),
        (Some(2000), Some(1))
    );
    let example = &r["events"]["order_completed"]["failures"][0]["examples"][0];
    assert_eq!(
        (example["file"].as_str(), example["line"].as_u64()),
        (Some("b.ndjson"), Some(1))
    );

    let out = repo
        .tplan(["validate", "-", "--format", "json"])
        .write_stdin(gz.clone())
        .output()
        .unwrap();
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(r["valid"], 2000);

    // A truncated file: the counts so far, then a clear error, exit 2.
    repo.write("cut.ndjson.gz", &gz[..gz.len() / 2]);
    let out = repo
        .tplan(["validate", "cut.ndjson.gz", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(r["valid"].as_u64().unwrap() > 0, "{r}");
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "`cut.ndjson.gz` is truncated: the gzip stream ends at byte {}",
            gz.len() / 2
        )),
        "{err}"
    );
    // A file that does not exist.
    let out = repo.tplan(["validate", "nope.ndjson"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read `nope.ndjson`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn coverage_counts_active_events_and_can_fail_the_run() {
    let repo = TestRepo::example();
    write_lines(&repo, "p.ndjson", &[order(json!(1))]);
    let (code, r) = report(
        &repo,
        &[
            "validate",
            "p.ndjson",
            "--format",
            "json",
            "--fail-under-coverage",
            "50",
        ],
    );
    assert_eq!(code, Some(1));
    assert_eq!(r["seen"], 1);
    let expected = r["expected"].as_u64().unwrap();
    assert!(expected > 20);
    assert!((r["coverage"].as_f64().unwrap() - 100.0 / expected as f64).abs() < 1e-9);
    assert!(
        r["never_seen"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e == "signed_in")
    );
    let (code, _) = report(
        &repo,
        &[
            "validate",
            "p.ndjson",
            "--format",
            "json",
            "--fail-under-coverage",
            "1",
        ],
    );
    assert_eq!(code, Some(0));
    let out = repo
        .tplan(["validate", "p.ndjson", "--fail-under-coverage", "120"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_report_is_the_same_whatever_the_threads() {
    let repo = TestRepo::example();
    // About 3 MiB: several chunks, validated in parallel.
    let lines: Vec<String> = (0..12_000)
        .map(|i| {
            if i % 97 == 0 {
                order(json!(format!("{i}")))
            } else {
                order(json!(i))
            }
        })
        .collect();
    write_lines(&repo, "many.ndjson", &lines);
    let run = |threads: &str| {
        let out = repo
            .tplan([
                "validate",
                "many.ndjson",
                "--format",
                "json",
                "--max-examples",
                "5",
            ])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        stdout(&out)
    };
    let one = run("1");
    assert_eq!(one, run("4"));
    let r: Value = serde_json::from_str(&one).unwrap();
    let total = &r["events"]["order_completed"]["failures"][0];
    assert_eq!(total["count"], 124);
    let lines: Vec<u64> = total["examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [1, 98, 195, 292, 389]);
}

#[test]
fn unknown_event_names_are_capped_with_exact_counts_and_the_rest_estimated() {
    let repo = TestRepo::example();
    let made_up = |i: usize| json!({"event": format!("Made Up {i:04}")}).to_string();
    let mut lines: Vec<String> = (0..1200).map(made_up).collect();
    // Over 1 MiB of valid lines: the repeats below are in later chunks.
    lines.extend((0..5000).map(|i| order(json!(i))));
    lines.extend([made_up(0), made_up(999), made_up(1100)]);
    write_lines(&repo, "unknown.ndjson", &lines);
    let run = |threads: &str| {
        let out = repo
            .tplan(["validate", "unknown.ndjson", "--format", "json"])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        stdout(&out)
    };
    let text = run("1");
    assert_eq!(text, run("4"), "the same report whatever the threads");
    let r: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(r["unknown"], 1203);
    let listed = r["unknown_events"].as_object().unwrap();
    assert_eq!(listed.len(), 1000, "the first 1,000 names seen");
    assert_eq!(listed["Made Up 0000"]["count"], 2);
    assert_eq!(listed["Made Up 0999"]["count"], 2);
    assert!(!listed.contains_key("Made Up 1000"));
    assert_eq!(r["unknown_unlisted"], 201, "lines of the other names");
    let names = r["unknown_unlisted_names"].as_u64().unwrap();
    assert!(
        (195..=205).contains(&names),
        "about 200 other names: {names}"
    );

    let out = repo.tplan(["validate", "unknown.ndjson"]).output().unwrap();
    let human = stdout(&out);
    assert!(
        human.contains("  Made Up 0000  2x  line 1, 6201"),
        "{human}"
    );
    assert!(
        human.contains("… and 980 more names (`--format json` lists every one)"),
        "{human}"
    );
    assert!(
        human.contains(&format!("… and 201 more lines of about {names} other names (an estimate): only the first 1,000 distinct names are counted by name")),
        "{human}"
    );
}

#[test]
fn escape_sequences_in_payloads_are_shown_escaped() {
    let repo = TestRepo::example();
    write_lines(
        &repo,
        "evil.ndjson",
        &[
            json!({"event": "\u{1b}[31mEvil\u{1b}[0m\rOK"}).to_string(),
            order(json!("\u{1b}]52;c;aGk=\u{7}")),
        ],
    );
    let out = repo.tplan(["validate", "evil.ndjson"]).output().unwrap();
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(!text.contains('\r'), "{text:?}");
    assert!(
        text.contains("  \\u{1b}[31mEvil\\u{1b}[0m\\u{d}OK  1x  line 1"),
        "{text}"
    );
    assert!(text.contains("]52;c;aGk="), "{text}");
    // JSON keeps the name as sent (serde_json escapes it itself).
    let (_, r) = report(&repo, &["validate", "evil.ndjson", "--format", "json"]);
    assert!(r["unknown_events"]["\u{1b}[31mEvil\u{1b}[0m\rOK"].is_object());
}

#[test]
fn the_name_cap_is_exact_whatever_the_threads_when_it_fills_inside_a_batch() {
    let repo = TestRepo::example();
    let made_up = |s: &str, i: usize| json!({"event": format!("{s} {i:04}")}).to_string();
    // 500 names in the first chunk, then 1,200 new ones and a repeat of the
    // first in the second: validated beside the first, the second chunk
    // runs out of room and is validated again.
    let mut lines: Vec<String> = (0..500).map(|i| made_up("A", i)).collect();
    lines.extend((0..4500).map(|i| order(json!(i))));
    lines.extend((0..1200).map(|i| made_up("B", i)));
    lines.push(made_up("A", 0));
    write_lines(&repo, "fill.ndjson", &lines);
    let run = |threads: &str| {
        let out = repo
            .tplan(["validate", "fill.ndjson", "--format", "json"])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        stdout(&out)
    };
    let one = run("1");
    assert_eq!(one, run("4"));
    let r: Value = serde_json::from_str(&one).unwrap();
    let listed = r["unknown_events"].as_object().unwrap();
    assert_eq!(listed.len(), 1000);
    assert_eq!(listed["A 0000"]["count"], 2, "{}", listed["A 0000"]);
    assert!(listed.contains_key("B 0499") && !listed.contains_key("B 0500"));
    assert_eq!(r["unknown_unlisted"], 700);
}

#[test]
fn a_version_never_published_is_refused_by_name() {
    let repo = TestRepo::example();
    write_lines(
        &repo,
        "sp.ndjson",
        &[
            signed_in("iglu:com.acme/signed_in/jsonschema/1-0-0", "email"),
            signed_in("iglu:com.acme/signed_in/jsonschema/9-0-0", "email"),
        ],
    );
    let (code, r) = report(&repo, &["validate", "sp.ndjson", "--format", "json"]);
    assert_eq!(code, Some(1), "{r:#}");
    let signed_in = &r["events"]["signed_in"];
    assert_eq!(
        (signed_in["count"].as_u64(), signed_in["invalid"].as_u64()),
        (Some(2), Some(1))
    );
    let failure = &signed_in["failures"][0];
    assert_eq!(failure["keyword"], "version", "{r:#}");
    assert_eq!(
        failure["examples"],
        json!([{"line": 2, "message": "version 9-0-0 of `signed_in` was never published (the plan has it at 1-0-0)"}])
    );
}
