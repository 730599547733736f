//! Each renderer of a diff report, on one fixed report with a change of
//! every kind, compared with its snapshot.

use tplan_evolution::{CheckOptions, Class, DiffOptions, Report};
use tplan_plan::{Plan, PlanFiles};

use super::*;

const BASE: &[(&str, &str)] = &[
    (
        "tplan.toml",
        "[plan]\nname = \"Acme\"\nvendor = \"com.acme\"\nversion = \"1.4.0\"\n",
    ),
    (
        "tplan.lock",
        "version = 1\n\n[events.order_completed]\nversion = \"1-0-2\"\nid = \"0000000000000000000000000000000000000000000000000000000000000000\"\n\n[events.product_viewed]\nversion = \"1-1-0\"\nid = \"0000000000000000000000000000000000000000000000000000000000000000\"\n\n[events.signed_out]\nversion = \"1-0-0\"\nid = \"0000000000000000000000000000000000000000000000000000000000000000\"\n",
    ),
    ("owners/growth.toml", "name = \"Growth\"\n"),
    (
        "properties/price.toml",
        "description = \"Order total\"\ntype = \"number\"\nminimum = 0\n",
    ),
    (
        "events/order_completed.toml",
        "name = \"Order Completed\"\ndescription = \"The payment was captured and the order placed.\"\nowner = \"growth\"\n\n[properties]\nprice = { ref = \"price\", required = true }\ncoupon = { type = \"string\", max_length = 32 }\n",
    ),
    (
        "events/product_viewed.toml",
        "name = \"Product Viewed\"\nowner = \"growth\"\n\n[properties]\nprice = { ref = \"price\" }\n",
    ),
    (
        "events/signed_out.toml",
        "name = \"Signed Out\"\nowner = \"growth\"\n",
    ),
];

/// `BASE`'s lock with each event's real id: the base is as published.
fn published_lock() -> String {
    let mut files = PlanFiles::new();
    for (path, text) in BASE {
        files.insert_bytes(*path, text.as_bytes().to_vec());
    }
    let plan = tplan_schema::plan_from_files(&files).unwrap();
    let (_, lock) = BASE.iter().find(|(p, _)| *p == "tplan.lock").unwrap();
    let mut lock = lock.to_string();
    for (key, event) in &plan.events {
        let zeros = "0".repeat(64);
        let at = lock.find(&format!("[events.{key}]")).unwrap();
        let id_at = at + lock[at..].find(&zeros).unwrap();
        lock.replace_range(id_at..id_at + 64, &event.id.to_string());
    }
    lock
}

/// `BASE` with `edits` (`None` removes a file).
fn plan(edits: &[(&str, Option<&str>)]) -> (Plan, PlanFiles) {
    let mut files = PlanFiles::new();
    for (path, text) in BASE {
        if *path == "tplan.lock" {
            files.insert_bytes(*path, published_lock().into_bytes());
        } else if !edits.iter().any(|(p, _)| p == path) {
            files.insert_bytes(*path, text.as_bytes().to_vec());
        }
    }
    for (path, text) in edits {
        if let Some(t) = text {
            files.insert_bytes(*path, t.as_bytes().to_vec());
        }
    }
    let plan = tplan_schema::plan_from_files(&files).unwrap_or_else(|e| panic!("{:#?}", e.errors));
    (plan, files)
}

/// A required property added, a bound tightened, a description reworded,
/// a shared property tightened for two events, an event added, one removed,
/// an owner renamed.
fn report() -> Report {
    let (old, _) = plan(&[]);
    let (new, files) = plan(&[
        (
            "events/order_completed.toml",
            Some(
                "name = \"Order Completed\"\ndescription = \"The payment was captured and the whole order placed.\"\nowner = \"growth\"\n\n[properties]\nprice = { ref = \"price\", required = true }\ncoupon = { type = \"string\", max_length = 16 }\norder_note = { type = \"string\", required = true }\n",
            ),
        ),
        (
            "properties/price.toml",
            Some("description = \"Order total\"\ntype = \"number\"\nminimum = 1\n"),
        ),
        ("events/signed_out.toml", None),
        (
            "events/gift_card_redeemed.toml",
            Some("name = \"Gift Card Redeemed\"\nowner = \"growth\"\n"),
        ),
        ("owners/growth.toml", Some("name = \"Growth Team\"\n")),
    ]);
    tplan_evolution::diff(&old, &new, Some(&files), &DiffOptions::default()).unwrap()
}

fn render(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
    let mut out = Vec::new();
    f(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

const PLAIN: Style = Style { color: false };

#[test]
fn human_groups_changes_by_event() {
    let r = report();
    insta::assert_snapshot!(render(|o| human(&r, PLAIN, false, o)));
}

#[test]
fn human_in_colour() {
    let r = report();
    insta::assert_snapshot!(render(|o| human(&r, Style { color: true }, false, o)));
}

#[test]
fn stat_is_one_line_per_event() {
    let r = report();
    insta::assert_snapshot!(render(|o| human(&r, PLAIN, true, o)));
}

#[test]
fn markdown_is_a_pull_request_comment() {
    let r = report();
    insta::assert_snapshot!(render(|o| markdown(&r, o)));
}

#[test]
fn github_annotates_the_lines_of_the_head_plan() {
    let r = report();
    let display = |f: &str| format!("plan/{f}");
    insta::assert_snapshot!(render(|o| github(&r, Class::Revision, &display, o)));
}

#[test]
fn check_ends_with_its_verdict() {
    let (old, _) = plan(&[]);
    let (new, _) = plan(&[("owners/growth.toml", Some("name = \"Growth Team\"\n"))]);
    let options = |fail_on| CheckOptions {
        profile: None,
        fail_on,
    };
    let passed = tplan_evolution::check(&old, &new, None, &options(Class::Model)).unwrap();
    let failed = tplan_evolution::check(&old, &new, None, &options(Class::Metadata)).unwrap();
    insta::assert_snapshot!(render(|o| {
        check(&passed, PLAIN, o)?;
        check(&failed, PLAIN, o)
    }));
}

#[test]
fn no_changes_say_so() {
    let (old, _) = plan(&[]);
    let r = tplan_evolution::diff_plans(&old, &old, &DiffOptions::default()).unwrap();
    insta::assert_snapshot!(render(|o| {
        human(&r, PLAIN, false, o)?;
        markdown(&r, o)
    }));
}
