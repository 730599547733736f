//! Plan diffs: object by object, shared properties reported once, bumps.

#[path = "support/plans.rs"]
mod plans;

use plans::{base, plan};
use tplan_evolution::bump::{EventOutcome, PlanBump};
use tplan_evolution::{Class, DiffOptions, Subject, diff_plans};

fn summary(r: &tplan_evolution::Report) -> Vec<(String, &'static str, Class)> {
    r.changes
        .iter()
        .map(|c| (c.full_path(), c.rule.id, c.class))
        .collect()
}

#[test]
fn identical_plans_have_no_changes() {
    let r = diff_plans(&plan(&[]), &plan(&[]), &DiffOptions::default()).unwrap();
    assert!(r.is_empty());
    // `signed_up` was never published: the next release publishes it,
    // changed or not, and the prediction says so.
    let release = r.release.as_ref().unwrap();
    let events: Vec<(&str, String)> = release
        .events
        .iter()
        .map(|(k, v)| (k.as_str(), v.to_string()))
        .collect();
    assert_eq!(events, [("signed_up", "1-0-0".to_string())]);
    assert_eq!(
        (r.plan_bump, r.new_plan_version.to_string().as_str()),
        (PlanBump::Minor, "1.5.0")
    );
}

#[test]
fn plans_as_last_released_have_nothing_to_publish() {
    let lock = base("tplan.lock").replace(
        "[events.product_viewed]",
        "[events.signed_up]\nversion = \"1-0-0\"\nid = \"0000000000000000000000000000000000000000000000000000000000000000\"\n\n[events.product_viewed]",
    );
    let released = plan(&[("tplan.lock", Some(&lock))]);
    let r = diff_plans(&released, &released, &DiffOptions::default()).unwrap();
    assert!(r.is_empty() && r.release.is_none());
    assert_eq!(r.plan_bump, PlanBump::None);
    assert_eq!(r.new_plan_version.to_string(), "1.4.0");
}

#[test]
fn an_event_change_is_classified_on_its_schema_and_bumped_from_the_lock() {
    let text = base("events/checkout_completed.toml").replace("max_length = 32", "max_length = 16");
    let new = plan(&[("events/checkout_completed.toml", Some(&text))]);
    let r = diff_plans(&plan(&[]), &new, &DiffOptions::default()).unwrap();
    assert_eq!(
        summary(&r),
        [(
            "event:checkout_completed/properties/coupon/maxLength".to_string(),
            "bound-tightened",
            Class::Revision
        )]
    );
    let e = &r.events[0];
    assert_eq!(
        (e.key.as_str(), e.class.as_str()),
        ("checkout_completed", "revision")
    );
    assert_eq!(e.old_version.unwrap().to_string(), "1-0-2");
    assert_eq!(e.new_version.unwrap().to_string(), "1-1-0");
    assert_eq!(
        (r.plan_bump, r.new_plan_version.to_string().as_str()),
        (PlanBump::Minor, "1.5.0")
    );
    assert_eq!(r.changes[0].message, "`maxLength` 32 -> 16");
    assert!(r.fails(Class::Revision) && !r.fails(Class::Model));
}

#[test]
fn a_shared_property_change_is_reported_once_with_every_event_it_reaches() {
    let new = plan(&[(
        "properties/price.toml",
        Some("description = \"Order total\"\ntype = \"number\"\nminimum = 1\n"),
    )]);
    let r = diff_plans(&plan(&[]), &new, &DiffOptions::default()).unwrap();
    assert_eq!(
        summary(&r),
        [(
            "property:price/minimum".to_string(),
            "bound-tightened",
            Class::Revision
        )]
    );
    let reached: Vec<&str> = r.changes[0].events.iter().map(|k| k.as_str()).collect();
    assert_eq!(reached, ["checkout_completed", "product_viewed"]);
    // Each reached event gets its own bump; signed_up does not use price.
    let versions: Vec<(String, String)> = r
        .events
        .iter()
        .map(|e| (e.key.to_string(), e.new_version.unwrap().to_string()))
        .collect();
    assert_eq!(
        versions,
        [
            ("checkout_completed".into(), "1-1-0".into()),
            ("product_viewed".into(), "1-2-0".into())
        ]
    );
}

#[test]
fn an_override_on_one_use_stays_with_that_event() {
    let text = base("events/product_viewed.toml").replace(
        "price = { ref = \"price\" }",
        "price = { ref = \"price\", maximum = 100 }",
    );
    let r = diff_plans(
        &plan(&[]),
        &plan(&[("events/product_viewed.toml", Some(&text))]),
        &DiffOptions::default(),
    )
    .unwrap();
    assert_eq!(
        summary(&r),
        [(
            "event:product_viewed/properties/price/maximum".to_string(),
            "bound-tightened",
            Class::Revision
        )]
    );
}

#[test]
fn added_removed_and_renamed_events() {
    let renamed = base("events/signed_up.toml");
    let paid = base("events/checkout_completed.toml");
    let new = plan(&[
        ("events/signed_up.toml", None),
        ("events/account_created.toml", Some(&renamed)),
        ("events/checkout_completed.toml", None),
        ("events/order_paid.toml", Some(&paid)),
        (
            "events/coupon_applied.toml",
            Some("name = \"Coupon Applied\"\nowner = \"growth\"\n"),
        ),
        ("events/product_viewed.toml", None),
    ]);
    let r = diff_plans(&plan(&[]), &new, &DiffOptions::default()).unwrap();
    let s = summary(&r);
    // Never published: nothing was collected under the old key.
    assert!(
        s.contains(&(
            "event:account_created".to_string(),
            "event-renamed-unpublished",
            Class::Metadata
        )),
        "{s:?}"
    );
    assert!(
        s.contains(&(
            "event:order_paid".to_string(),
            "event-renamed",
            Class::Model
        )),
        "{s:?}"
    );
    assert!(
        s.contains(&(
            "event:coupon_applied".to_string(),
            "event-added",
            Class::Addition
        )),
        "{s:?}"
    );
    assert!(
        s.contains(&(
            "event:product_viewed".to_string(),
            "event-removed",
            Class::Model
        )),
        "{s:?}"
    );
    assert!(
        !s.iter().any(|c| c.0 == "event:signed_up"),
        "the rename is reported once: {s:?}"
    );
    let outcome = |k: &str| r.events.iter().find(|e| e.key.as_str() == k).unwrap();
    assert_eq!(
        outcome("account_created")
            .renamed_from
            .as_ref()
            .unwrap()
            .as_str(),
        "signed_up"
    );
    assert_eq!(
        outcome("account_created").new_version.unwrap().to_string(),
        "1-0-0"
    );
    assert_eq!(outcome("signed_up").outcome, EventOutcome::Removed);
    assert_eq!(outcome("product_viewed").new_version, None);
    assert_eq!(
        (r.plan_bump, r.new_plan_version.to_string().as_str()),
        (PlanBump::Major, "2.0.0")
    );
}

#[test]
fn owner_and_metadata_changes_are_metadata() {
    let text = base("events/signed_up.toml").replace(
        "owner = \"growth\"",
        "owner = \"checkout\"\nsources = [\"web\"]",
    );
    let new = plan(&[
        ("events/signed_up.toml", Some(&text)),
        ("owners/growth.toml", Some("name = \"Growth team\"\n")),
    ]);
    let r = diff_plans(&plan(&[]), &new, &DiffOptions::default()).unwrap();
    let s = summary(&r);
    assert!(
        s.contains(&(
            "event:signed_up/owner".to_string(),
            "metadata-changed",
            Class::Metadata
        )),
        "{s:?}"
    );
    assert!(
        s.contains(&(
            "event:signed_up/sources".to_string(),
            "metadata-changed",
            Class::Metadata
        )),
        "{s:?}"
    );
    assert!(
        s.contains(&(
            "owner:growth".to_string(),
            "metadata-changed",
            Class::Metadata
        )),
        "{s:?}"
    );
    // Never published: the first publish gives 1-0-0.
    let e = &r.events[0];
    assert_eq!(
        (
            e.class.as_str(),
            e.new_version.unwrap().to_string().as_str()
        ),
        ("metadata", "1-0-0")
    );
    // Its first publish is a new schema: the plan's minor.
    assert_eq!(r.plan_bump, PlanBump::Minor);
}

#[test]
fn the_policy_profile_and_a_cli_profile_decide_classes() {
    let text = base("events/checkout_completed.toml").replace("max_length = 32", "max_length = 64");
    let new = plan(&[("events/checkout_completed.toml", Some(&text))]);
    let default = diff_plans(&plan(&[]), &new, &DiffOptions::default()).unwrap();
    assert_eq!(default.changes[0].rule.id, "bound-relaxed");
    let strict = DiffOptions {
        profile: Some(tplan_plan::model::Profile::WarehouseStrict),
        ..Default::default()
    };
    let r = diff_plans(&plan(&[]), &new, &strict).unwrap();
    assert_eq!(
        (r.changes[0].rule.id, r.profile.as_str()),
        ("column-width-exceeded", "warehouse-strict")
    );
}

#[test]
fn a_declared_bump_may_raise_but_never_lower() {
    let text = base("events/checkout_completed.toml").replace("max_length = 32", "max_length = 64");
    let new = plan(&[("events/checkout_completed.toml", Some(&text))]);
    let mut options = DiffOptions::default();
    options
        .declared
        .insert("checkout_completed".into(), Class::Model);
    let r = diff_plans(&plan(&[]), &new, &options).unwrap();
    assert_eq!(r.events[0].new_version.unwrap().to_string(), "2-0-0");
    assert_eq!(r.plan_bump, PlanBump::Major);
    let text = base("events/checkout_completed.toml").replace("max_length = 32", "max_length = 16");
    let new = plan(&[("events/checkout_completed.toml", Some(&text))]);
    options
        .declared
        .insert("checkout_completed".into(), Class::Addition);
    let err = diff_plans(&plan(&[]), &new, &options).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`checkout_completed` is declared a `addition` bump, but its changes need `revision`"
    );
    let _ = Subject::Plan;
}

#[test]
fn schema_extra_changes_are_unanalysed_and_never_safer_than_proven() {
    let text = base("events/signed_up.toml").replace(
        "\n[properties]",
        "schema_extra = '{\"oneOf\": [{\"required\": [\"email\"]}, {\"required\": [\"phone\"]}]}'\n\n[properties]",
    );
    let new = plan(&[("events/signed_up.toml", Some(&text))]);
    let r = diff_plans(&plan(&[]), &new, &DiffOptions::default()).unwrap();
    let e = r
        .events
        .iter()
        .find(|e| e.key.as_str() == "signed_up")
        .unwrap();
    assert_eq!(e.class.as_str(), "model", "{:?}", summary(&r));
    assert!(
        summary(&r)
            .iter()
            .any(|(path, rule, class)| path.starts_with("event:signed_up")
                && rule.contains("unanalysed")
                && *class == Class::Model),
        "{:?}",
        summary(&r)
    );
}
