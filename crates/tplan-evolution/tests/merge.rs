//! The three-way merge matrix: what merges cleanly, what conflicts, and
//! where the markers go.

#[path = "support/plans.rs"]
mod plans;

use std::collections::BTreeMap;

use plans::{BASE, base};
use tplan_evolution::merge::{ConflictKind, Labels, PlanMerge, merge_file, merge_plans};
use tplan_plan::PlanFiles;
use tplan_plan::model::Date;
use tplan_plan::model::Severity;

const LABELS: Labels<'static> = Labels {
    ours: "HEAD",
    theirs: "feature",
};

fn files(changes: &[(&str, Option<&str>)]) -> PlanFiles {
    let mut map: BTreeMap<String, String> = BASE
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    for (path, text) in changes {
        match text {
            Some(t) => {
                map.insert(path.to_string(), t.to_string());
            }
            None => {
                map.remove(*path);
            }
        }
    }
    let mut f = PlanFiles::new();
    for (p, t) in map {
        f.insert_bytes(p, t.into_bytes());
    }
    f
}

/// Merges `theirs` into `ours` (both edits of BASE) and returns the merge
/// and the merged plan's files.
fn merge(ours: &[(&str, Option<&str>)], theirs: &[(&str, Option<&str>)]) -> (PlanMerge, PlanFiles) {
    let (b, o, t) = (files(&[]), files(ours), files(theirs));
    let m = merge_plans(&b, &o, &t, LABELS);
    let mut merged = o.clone();
    for (path, text) in &m.files {
        match text {
            Some(text) => merged.insert_bytes(path.clone(), text.clone().into_bytes()),
            None => merged.remove(path),
        }
    }
    (m, merged)
}

fn text(f: &PlanFiles, path: &str) -> String {
    f.text(path)
        .unwrap_or_else(|| panic!("{path} missing"))
        .to_string()
}

/// Lint errors of a merged plan (the gate that turns them into conflicts
/// is tplan-git's; see its `gate` tests).
fn lint_errors(merged: &PlanFiles) -> Vec<tplan_lint::Finding> {
    let today = Date::parse("2026-11-24").unwrap();
    tplan_lint::lint(&tplan_schema::load(merged), merged, today)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

fn clean(m: &PlanMerge, merged: &PlanFiles) {
    assert!(m.is_clean(), "{:#?}", m.conflicts);
    assert!(lint_errors(merged).is_empty());
}

const CC: &str = "events/checkout_completed.toml";
const PV: &str = "events/product_viewed.toml";

fn cc(from: &str, to: &str) -> String {
    let t = base(CC);
    assert!(t.contains(from), "{from}");
    t.replace(from, to)
}

#[test]
fn edits_to_different_events_merge() {
    let pv = base(PV).replace(
        "name = \"Product Viewed\"",
        "name = \"Product Viewed\"\ndescription = \"Shown.\"",
    );
    let (m, merged) = merge(
        &[(CC, Some(&cc("Paid.", "Paid in full.")))],
        &[(PV, Some(&pv))],
    );
    clean(&m, &merged);
    assert!(text(&merged, CC).contains("Paid in full."));
    assert!(text(&merged, PV).contains("Shown."));
}

#[test]
fn different_fields_of_one_event_merge() {
    let (m, merged) = merge(
        &[(CC, Some(&cc("Paid.", "Paid in full.")))],
        &[(CC, Some(&cc("owner = \"growth\"", "owner = \"checkout\"")))],
    );
    clean(&m, &merged);
    let t = text(&merged, CC);
    assert!(
        t.contains("Paid in full.") && t.contains("owner = \"checkout\""),
        "{t}"
    );
}

#[test]
fn different_keys_of_one_inline_property_merge() {
    let ours = cc("max_length = 32", "max_length = 64");
    let theirs = cc(
        "coupon = { type = \"string\", max_length = 32 }",
        "coupon = { type = \"string\", max_length = 32, description = \"Code\" }",
    );
    let (m, merged) = merge(&[(CC, Some(&ours))], &[(CC, Some(&theirs))]);
    clean(&m, &merged);
    assert!(text(&merged, CC).contains("max_length = 64"));
    assert!(text(&merged, CC).contains("description = \"Code\""));
}

#[test]
fn properties_added_on_both_sides_merge() {
    let ours = format!("{}gift = {{ type = \"boolean\" }}\n", base(CC));
    let theirs = format!("{}note = {{ type = \"string\" }}\n", base(CC));
    let (m, merged) = merge(&[(CC, Some(&ours))], &[(CC, Some(&theirs))]);
    clean(&m, &merged);
    let t = text(&merged, CC);
    assert!(t.contains("gift = ") && t.contains("note = "), "{t}");
}

#[test]
fn identical_edits_on_both_sides_merge() {
    let edit = cc("max_length = 32", "max_length = 40");
    let (m, merged) = merge(&[(CC, Some(&edit))], &[(CC, Some(&edit))]);
    clean(&m, &merged);
    assert!(m.files.is_empty(), "ours already holds the result");
}

#[test]
fn identical_edits_spelled_differently_merge() {
    let ours = cc("max_length = 32", "max_length = 40");
    let theirs = cc(
        "coupon = { type = \"string\", max_length = 32 }",
        "coupon = {max_length=40, type=\"string\"}",
    );
    let (m, merged) = merge(&[(CC, Some(&ours))], &[(CC, Some(&theirs))]);
    clean(&m, &merged);
    assert_eq!(text(&merged, CC), ours);
}

#[test]
fn reformatting_on_one_side_is_not_a_change() {
    let reformatted = format!("# reformatted\n{}", base(CC).replace(" = ", "="));
    let edit = cc("Paid.", "Paid!");
    let (m, merged) = merge(&[(CC, Some(&reformatted))], &[(CC, Some(&edit))]);
    clean(&m, &merged);
    // Their change, on our layout.
    let t = text(&merged, CC);
    assert!(
        t.starts_with(
            "# reformatted
name=\"Checkout Completed\"\ndescription=\"Paid!\"\n"
        ),
        "{t}"
    );
}

#[test]
fn reordering_on_one_side_is_not_a_change() {
    let reordered = base(PV).replace(
        "name = \"Product Viewed\"\nowner = \"checkout\"",
        "owner = \"checkout\"\nname = \"Product Viewed\"",
    );
    let edit = base(PV).replace("owner = \"checkout\"", "owner = \"growth\"");
    let (m, merged) = merge(&[(PV, Some(&edit))], &[(PV, Some(&reordered))]);
    clean(&m, &merged);
    assert_eq!(text(&merged, PV), edit);
}

#[test]
fn a_shared_property_edit_and_a_new_reference_merge() {
    let shared = "description = \"Order total\"\ntype = \"number\"\nminimum = 1\n";
    let signed = format!(
        "{}price = {{ ref = \"price\" }}\n",
        base("events/signed_up.toml")
    );
    let (m, merged) = merge(
        &[("properties/price.toml", Some(shared))],
        &[("events/signed_up.toml", Some(&signed))],
    );
    clean(&m, &merged);
    assert_eq!(text(&merged, "properties/price.toml"), shared);
    assert!(text(&merged, "events/signed_up.toml").contains("ref = \"price\""));
}

#[test]
fn comments_on_our_side_survive_their_change() {
    let ours = format!("# Owned by growth; ask in #growth.\n{}", base(CC));
    let theirs = cc("max_length = 32", "max_length = 8");
    let (m, merged) = merge(&[(CC, Some(&ours))], &[(CC, Some(&theirs))]);
    clean(&m, &merged);
    let t = text(&merged, CC);
    assert!(t.starts_with("# Owned by growth; ask in #growth.\n"), "{t}");
    assert!(t.contains("max_length = 8"));
}

#[test]
fn one_field_edited_two_ways_conflicts_with_markers_around_its_line() {
    let (m, merged) = merge(
        &[(CC, Some(&cc("max_length = 32", "max_length = 64")))],
        &[(CC, Some(&cc("max_length = 32", "max_length = 8")))],
    );
    assert_eq!(m.conflicts.len(), 1);
    let c = &m.conflicts[0];
    assert_eq!(
        (c.file.as_str(), c.path.as_str(), c.kind),
        (
            CC,
            "properties/coupon/max_length",
            ConflictKind::BothChanged
        )
    );
    assert_eq!(
        (c.base.as_deref(), c.ours.as_deref(), c.theirs.as_deref()),
        (Some("32"), Some("64"), Some("8"))
    );
    let t = text(&merged, CC);
    let expected = "<<<<<<< HEAD\ncoupon = { type = \"string\", max_length = 64 }\n=======\ncoupon = { type = \"string\", max_length = 8 }\n>>>>>>> feature\n";
    assert!(t.contains(expected), "{t}");
    // Everything else is untouched.
    assert!(
        t.starts_with("name = \"Checkout Completed\"\ndescription = \"Paid.\"\n"),
        "{t}"
    );
    assert_eq!(t.matches("<<<<<<<").count(), 1);
}

#[test]
fn two_conflicts_in_one_file_get_two_blocks() {
    let ours = cc("Paid.", "Paid (ours).").replace("max_length = 32", "max_length = 64");
    let theirs = cc("Paid.", "Paid (theirs).").replace("max_length = 32", "max_length = 8");
    let (m, merged) = merge(&[(CC, Some(&ours))], &[(CC, Some(&theirs))]);
    assert_eq!(m.conflicts.len(), 2);
    let t = text(&merged, CC);
    assert_eq!(t.matches("<<<<<<< HEAD").count(), 2, "{t}");
    assert!(
        t.contains("=======\ndescription = \"Paid (theirs).\"\n>>>>>>> feature"),
        "{t}"
    );
}

#[test]
fn modify_against_delete_conflicts() {
    let (m, merged) = merge(&[(CC, Some(&cc("Paid.", "Paid!")))], &[(CC, None)]);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].kind, ConflictKind::ModifyDelete);
    assert!(m.conflicts[0].message.contains("deleted by feature"));
    let t = text(&merged, CC);
    assert!(
        t.starts_with("<<<<<<< HEAD\nname = \"Checkout Completed\"")
            && t.ends_with("=======\n>>>>>>> feature\n"),
        "{t}"
    );
    let (m, _) = merge(&[(CC, None)], &[(CC, Some(&cc("Paid.", "Paid!")))]);
    assert!(m.conflicts[0].message.contains("deleted by HEAD"));
}

#[test]
fn deleted_on_both_sides_is_deleted() {
    let (m, merged) = merge(&[(CC, None)], &[(CC, None)]);
    assert!(m.is_clean());
    assert!(merged.get(CC).is_none());
}

#[test]
fn the_same_new_event_with_different_content_conflicts() {
    let a = "name = \"Coupon Applied\"\nowner = \"growth\"\n";
    let b = "name = \"Coupon Applied\"\nowner = \"checkout\"\n";
    let (m, _) = merge(
        &[("events/coupon_applied.toml", Some(a))],
        &[("events/coupon_applied.toml", Some(b))],
    );
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(
        (m.conflicts[0].kind, m.conflicts[0].path.as_str()),
        (ConflictKind::AddAdd, "owner")
    );
    let (m, merged) = merge(
        &[("events/coupon_applied.toml", Some(a))],
        &[("events/coupon_applied.toml", Some(a))],
    );
    clean(&m, &merged);
}

#[test]
fn a_property_removed_on_one_side_and_edited_on_the_other_conflicts() {
    let (m, _) = merge(
        &[(CC, Some(&cc("max_length = 32", "max_length = 64")))],
        &[(
            CC,
            Some(&cc("coupon = { type = \"string\", max_length = 32 }\n", "")),
        )],
    );
    assert_eq!(m.conflicts.len(), 1, "{:#?}", m.conflicts);
    assert_eq!(m.conflicts[0].path, "properties/coupon");
    assert_eq!(m.conflicts[0].theirs, None);
}

#[test]
fn an_enum_changed_two_ways_conflicts() {
    let (m, _) = merge(
        &[(
            CC,
            Some(&cc("[\"EUR\", \"USD\"]", "[\"EUR\", \"USD\", \"GBP\"]")),
        )],
        &[(
            CC,
            Some(&cc("[\"EUR\", \"USD\"]", "[\"EUR\", \"USD\", \"CHF\"]")),
        )],
    );
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].path, "properties/currency/enum");
}

#[test]
fn sources_and_tags_merge_as_sets() {
    let with = |s: &str| {
        base("events/signed_up.toml")
            .replace("owner = \"growth\"", &format!("owner = \"growth\"\n{s}"))
    };
    let b = with("sources = [\"web\"]\ntags = [\"a\", \"b\"]");
    let o = with("sources = [\"web\", \"ios\"]\ntags = [\"a\"]");
    let t = with("sources = [\"web\", \"android\"]\ntags = [\"a\", \"b\", \"c\"]");
    let r = merge_file(
        "events/signed_up.toml",
        Some(&b),
        Some(&o),
        Some(&t),
        LABELS,
    );
    assert!(r.conflicts.is_empty(), "{:#?}", r.conflicts);
    let text = r.text.unwrap();
    assert!(
        text.contains("sources = [\"web\", \"ios\", \"android\"]"),
        "{text}"
    );
    assert!(text.contains("tags = [\"a\", \"c\"]"), "{text}");
}

#[test]
fn versions_never_conflict_the_higher_wins() {
    let manifest =
        |v: &str| base("tplan.toml").replace("version = \"1.4.0\"", &format!("version = \"{v}\""));
    let r = merge_file(
        "tplan.toml",
        Some(&manifest("1.4.0")),
        Some(&manifest("1.5.0")),
        Some(&manifest("2.0.0")),
        LABELS,
    );
    assert!(r.conflicts.is_empty());
    assert!(r.text.unwrap().contains("version = \"2.0.0\""));
    let lock =
        |v: &str| base("tplan.lock").replace("version = \"1-0-2\"", &format!("version = \"{v}\""));
    let r = merge_file(
        "tplan.lock",
        Some(&lock("1-0-2")),
        Some(&lock("1-1-0")),
        Some(&lock("1-0-3")),
        LABELS,
    );
    assert!(r.conflicts.is_empty(), "{:#?}", r.conflicts);
    assert!(r.text.unwrap().contains("version = \"1-1-0\""));
}

#[test]
fn sub_table_properties_merge_key_by_key() {
    let b = "name = \"Order Completed\"\n\n[properties.products]\ntype = \"array\"\nmin_items = 1\ndescription = \"Lines.\"\n";
    let o = b.replace("min_items = 1", "min_items = 2");
    let t = b.replace("description = \"Lines.\"", "description = \"Order lines.\"");
    let r = merge_file(
        "events/order_completed.toml",
        Some(b),
        Some(&o),
        Some(&t),
        LABELS,
    );
    assert!(r.conflicts.is_empty());
    let text = r.text.unwrap();
    assert!(
        text.contains("min_items = 2") && text.contains("description = \"Order lines.\""),
        "{text}"
    );
    let t2 = b.replace("min_items = 1", "min_items = 3");
    let r = merge_file(
        "events/order_completed.toml",
        Some(b),
        Some(&o),
        Some(&t2),
        LABELS,
    );
    assert_eq!(r.conflicts.len(), 1);
    let text = r.text.unwrap();
    assert!(
        text.contains("<<<<<<< HEAD\nmin_items = 2\n=======\nmin_items = 3\n>>>>>>> feature\n"),
        "{text}"
    );
}

#[test]
fn a_file_that_does_not_parse_conflicts_whole() {
    let r = merge_file(
        CC,
        Some(&base(CC)),
        Some("name = [\n"),
        Some(&cc("Paid.", "Paid!")),
        LABELS,
    );
    assert_eq!(r.conflicts[0].kind, ConflictKind::Unparsable);
    assert!(
        r.text
            .unwrap()
            .starts_with("<<<<<<< HEAD\nname = [\n=======\n")
    );
}

#[test]
fn only_files_changed_on_their_side_are_merged() {
    let (m, _) = merge(&[(CC, Some(&cc("Paid.", "Paid!")))], &[]);
    assert!(m.is_clean() && m.files.is_empty(), "ours is the result");
}
