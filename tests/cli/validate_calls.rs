//! `tplan validate` of Segment calls by type, and of one source's traffic.

use serde_json::json;

use crate::support::{TestRepo, stdout};
use crate::validate::{order, report, write_lines};

#[test]
fn segment_calls_are_checked_by_type_traits_for_identify_and_group() {
    // The example's `user_identified` is an identify call (traits: email, plan).
    let repo = TestRepo::example();
    repo.tplan([
        "event",
        "add",
        "Pricing Viewed",
        "--type",
        "page",
        "--owner",
        "growth",
    ])
    .assert()
    .success();
    let shown = stdout(&repo.tplan(["show", "user_identified"]).output().unwrap());
    assert!(
        shown.contains("identify call: its properties are the call's traits"),
        "{shown}"
    );
    let ls = stdout(&repo.tplan(["ls"]).output().unwrap());
    assert!(ls.contains("TYPE") && ls.contains("identify"), "{ls}");
    write_lines(
        &repo,
        "calls.ndjson",
        &[
            json!({"type": "identify", "userId": "u1", "traits": {"email": "pat@example.com", "plan": "pro"}}).to_string(),
            json!({"type": "identify", "userId": "u1", "traits": {"email": "pat@example.com", "plan": "gold"}}).to_string(),
            json!({"type": "page", "name": "Pricing Viewed", "properties": {}}).to_string(),
            json!({"type": "group", "groupId": "g1", "traits": {}}).to_string(),
            json!({"type": "track", "event": "Pricing Viewed", "properties": {}}).to_string(),
        ],
    );
    let (code, r) = report(&repo, &["validate", "calls.ndjson", "--format", "json"]);
    assert_eq!(code, Some(1), "{r:#}");
    assert_eq!(r["valid"], 2, "{r:#}");
    let identify = &r["events"]["user_identified"];
    assert_eq!(identify["invalid"], 1, "{r:#}");
    assert_eq!(identify["failures"][0]["path"], "/plan", "{r:#}");
    // No group event is planned.
    assert_eq!(r["unknown_events"]["group"]["count"], 1, "{r:#}");
    // A page sent as a track.
    let page = &r["events"]["pricing_viewed"];
    assert_eq!(page["failures"][0]["keyword"], "type", "{r:#}");
    assert_eq!(
        page["failures"][0]["examples"][0]["message"],
        "planned as a `page` call, sent as a `track`"
    );
}

#[test]
fn a_source_sending_an_event_it_is_not_planned_for_is_a_finding() {
    let repo = TestRepo::example();
    // app_opened is planned for ios and android only.
    write_lines(
        &repo,
        "web.ndjson",
        &[
            order(json!(45.8)),
            json!({"event": "App Opened", "properties": {"cold_start": true, "launch_ms": 800, "source": "push"}}).to_string(),
        ],
    );
    let (code, r) = report(
        &repo,
        &[
            "validate",
            "web.ndjson",
            "--source",
            "web",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, Some(1), "{r:#}");
    assert_eq!(r["valid"], 1, "{r:#}");
    let failure = &r["events"]["app_opened"]["failures"][0];
    assert_eq!(failure["keyword"], "source", "{r:#}");
    assert_eq!(
        failure["examples"][0]["message"],
        "not planned for source `web` (planned for android, ios)"
    );
}
