use crate::support::{TestRepo, stderr, stdout};

#[test]
fn the_demo_walks_the_journey_and_cleans_up() {
    let repo = TestRepo::empty();
    let out = repo.tplan(["demo"]).output().unwrap();
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    for step in [
        "$ tplan init --example",
        "$ tplan ls",
        "$ tplan show order_completed",
        "$ tplan lint",
        "$ tplan property set",
        "$ tplan export iglu",
        "Merged `platforms` into `main`",
        "CONFLICT events/checkout_started.toml description",
        "conflict events/checkout_started.toml:2",
        "Merged `wording` into `main`",
        "$ tplan log checkout_started",
        "Shopper wording",
        "$ tplan blame order_completed",
        "$ tplan propose -m",
        "requested changes on proposal #1",
        "Published plan 0.1.0 from proposal #1",
        "plan-v0.1.0     ## 0.1.0",
        "schemas/com.acme/app_opened/jsonschema/1-0-0",
        "order_completed  1-0-0  1-0-1  addition",
        "Published plan 0.2.0 from proposal #2",
        "$ tplan validate payloads.ndjson --rev plan-v0.2.0",
        "/total  type  1x  line 2",
        "Order Compleeted  1x  line 6",
    ] {
        assert!(text.contains(step), "missing {step}:\n{text}");
    }
    assert!(
        text.contains("naming-event"),
        "the demo shows a lint finding"
    );
    // The temporary repository is gone.
    let line = text.lines().nth(1).unwrap();
    let path = line.trim_matches(|c| c == '(' || c == ')');
    assert!(!std::path::Path::new(path).exists(), "{path} left behind");
}
