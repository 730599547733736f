//! The lint gate of merge and publish: errors a merged plan has that
//! neither side had are conflicts; errors ours already had are not.

use tplan_evolution::merge::{ConflictKind, Labels, merge_plans};
use tplan_git::lint_conflicts;
use tplan_plan::PlanFiles;
use tplan_plan::model::Date;
use tplan_plan::testing::{base, files_with};

const LABELS: Labels<'static> = Labels {
    ours: "HEAD",
    theirs: "feature",
};

fn today() -> Date {
    Date::parse("2026-11-24").unwrap()
}

/// Merges two edits of the base plan; the merged files and the lint gate's
/// conflicts.
fn merge(
    ours: &[(&str, Option<&str>)],
    theirs: &[(&str, Option<&str>)],
) -> Vec<tplan_evolution::merge::Conflict> {
    let (b, o, t) = (files_with(&[]), files_with(ours), files_with(theirs));
    let m = merge_plans(&b, &o, &t, LABELS);
    assert!(m.is_clean(), "each file merges: {:#?}", m.conflicts);
    let mut merged: PlanFiles = o.clone();
    for (path, text) in &m.files {
        match text {
            Some(text) => merged.insert_bytes(path.clone(), text.clone().into_bytes()),
            None => merged.remove(path),
        }
    }
    lint_conflicts(&merged, &o, today())
}

#[test]
fn two_events_given_one_name_conflict_through_lint() {
    let a = "name = \"Coupon Applied\"\ndescription = \"A coupon.\"\nowner = \"growth\"\n";
    let lint = merge(
        &[("events/coupon_applied.toml", Some(a))],
        &[("events/coupon_used.toml", Some(a))],
    );
    assert_eq!(lint.len(), 1, "{lint:#?}");
    assert_eq!(lint[0].kind, ConflictKind::Lint);
    assert!(
        lint[0]
            .message
            .contains("event name `Coupon Applied` is also used"),
        "{}",
        lint[0].message
    );
}

#[test]
fn a_reference_to_a_property_the_other_side_removed_conflicts_through_lint() {
    let signed = format!(
        "{}total = {{ ref = \"price\" }}\n",
        base("events/signed_up.toml")
    );
    let cc = base("events/checkout_completed.toml")
        .replace("price    = { ref = \"price\", required = true }\n", "");
    let pv = base("events/product_viewed.toml").replace("price = { ref = \"price\" }\n", "");
    let lint = merge(
        &[("events/signed_up.toml", Some(&signed))],
        &[
            ("properties/price.toml", None),
            ("events/checkout_completed.toml", Some(&cc)),
            ("events/product_viewed.toml", Some(&pv)),
        ],
    );
    assert!(
        lint.iter()
            .any(|c| c.message.contains("no `properties/price.toml`")),
        "{lint:#?}"
    );
}

#[test]
fn lint_errors_ours_already_had_are_not_the_merges_doing() {
    let dup = "name = \"Coupon Applied\"\ndescription = \"A coupon.\"\nowner = \"growth\"\n";
    let ours = files_with(&[
        ("events/coupon_applied.toml", Some(dup)),
        ("events/coupon_used.toml", Some(dup)),
    ]);
    let theirs = files_with(&[("events/coupon_applied.toml", Some(dup))]);
    let m = merge_plans(&files_with(&[]), &ours, &theirs, LABELS);
    assert!(m.is_clean());
    let lint = lint_conflicts(&ours, &ours, today());
    assert!(lint.is_empty(), "{lint:#?}");
}
