//! Releases: which events a publish versions, how, and the changelog.

#[path = "support/plans.rs"]
mod plans;

use std::collections::BTreeMap;

use plans::{base, plan};
use tplan_evolution::Class;
use tplan_evolution::bump::PlanBump;
use tplan_evolution::release::{Release, ReleaseError, changelog_section, plan_release};
use tplan_plan::Plan;
use tplan_plan::model::Lock;

/// The base plan as last released: its lock holds every published event's
/// real id (checkout_completed 1-0-2, product_viewed 1-1-0; signed_up was
/// never published).
fn released() -> Plan {
    // `plan` gives the lock the real ids.
    plan(&[])
}

fn release(next: &Plan, declared: &[(&str, Class)]) -> Result<Release, ReleaseError> {
    let declared: BTreeMap<String, Class> =
        declared.iter().map(|(k, c)| (k.to_string(), *c)).collect();
    plan_release(&released(), next, false, &declared)
}

fn versions(r: &Release) -> Vec<(String, String, Option<String>)> {
    r.events
        .iter()
        .map(|e| {
            (
                e.key.to_string(),
                e.class.to_string(),
                e.version.map(|v| v.to_string()),
            )
        })
        .collect()
}

fn tightened() -> Plan {
    let text = base("events/checkout_completed.toml").replace("max_length = 32", "max_length = 16");
    plan(&[("events/checkout_completed.toml", Some(&text))])
}

#[test]
fn a_plan_as_released_has_nothing_to_publish() {
    // As released, every event published (signed_up never was: gone).
    let mut last = released();
    last.events.retain(|k, _| k.as_str() != "signed_up");
    let r = plan_release(&last, &last.clone(), false, &BTreeMap::new());
    assert!(matches!(r, Err(ReleaseError::Nothing)));
}

#[test]
fn removing_only_an_unpublished_event_is_the_plans_patch() {
    let next = plan(&[("events/signed_up.toml", None)]);
    let r = release(&next, &[]).unwrap();
    assert!(r.events.is_empty());
    assert_eq!(
        (r.bump, r.version.to_string().as_str()),
        (PlanBump::Patch, "1.4.1")
    );
    let section = changelog_section(&r, "d", "");
    assert!(
        section
            .contains("### Plan\n\n- metadata: event `signed_up` removed; it was never published"),
        "{section}"
    );
}

#[test]
fn a_changed_event_gets_its_next_version_and_the_lock_follows() {
    let r = release(&tightened(), &[]).unwrap();
    assert_eq!(
        versions(&r),
        [
            (
                "checkout_completed".into(),
                "revision".into(),
                Some("1-1-0".into())
            ),
            ("signed_up".into(), "added".into(), Some("1-0-0".into())),
        ]
    );
    assert_eq!(r.bump, PlanBump::Minor);
    assert_eq!(r.version.to_string(), "1.5.0");
    let next = tightened();
    let locked = &r.lock.events["checkout_completed"];
    assert_eq!(locked.version.to_string(), "1-1-0");
    assert_eq!(locked.id, next.events["checkout_completed"].id.to_string());
    // Unchanged, published events keep their entry.
    assert_eq!(r.lock.events["product_viewed"].version.to_string(), "1-1-0");

    let section = changelog_section(&r, "2026-11-25", "Shorter coupons (proposal #4 by Pat).");
    assert_eq!(
        section,
        "## 1.5.0 (2026-11-25)\n\nShorter coupons (proposal #4 by Pat).\n\n### Changed\n\n\
         - `checkout_completed` 1-0-2 -> 1-1-0 (revision)\n  - `properties/coupon/maxLength` revision: `maxLength` 32 -> 16\n\n\
         ### Added\n\n- `signed_up` 1-0-0 (Signed Up)\n"
    );
}

#[test]
fn removing_a_published_event_is_major_and_an_unpublished_one_just_goes() {
    let next = plan(&[
        ("events/product_viewed.toml", None),
        ("events/signed_up.toml", None),
    ]);
    let r = release(&next, &[]).unwrap();
    assert_eq!(
        versions(&r),
        [("product_viewed".into(), "removed".into(), None)]
    );
    assert_eq!(r.bump, PlanBump::Major);
    assert_eq!(r.version.to_string(), "2.0.0");
    // The lock remembers it, so a re-added key continues its versions.
    assert!(r.lock.events.contains_key("product_viewed"));
    assert!(
        changelog_section(&r, "d", "")
            .contains("### Breaking\n\n- `product_viewed` removed (last published 1-1-0)")
    );
}

#[test]
fn a_shared_property_change_releases_every_event_it_reaches() {
    let next = plan(&[
        (
            "properties/price.toml",
            Some("description = \"Order total\"\ntype = \"number\"\nminimum = 1\n"),
        ),
        ("events/signed_up.toml", None),
    ]);
    let r = release(&next, &[]).unwrap();
    let keys: Vec<&str> = r.events.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["checkout_completed", "product_viewed"]);
    for e in &r.events {
        assert!(
            e.changes.iter().any(|c| c.contains("shared `price`")),
            "{:?}",
            e.changes
        );
    }
}

#[test]
fn declared_bumps_only_raise() {
    let next = tightened();
    let r = release(&next, &[("checkout_completed", Class::Model)]).unwrap();
    let e = &r.events[0];
    assert_eq!((e.class.as_str(), e.raised), ("model", true));
    assert_eq!(e.version.unwrap().to_string(), "2-0-0");
    assert_eq!(r.bump, PlanBump::Major);
    assert!(matches!(
        release(&next, &[("checkout_completed", Class::Addition)]),
        Err(ReleaseError::DeclaredBelow(_))
    ));
    assert!(matches!(
        release(&next, &[("product_viewed", Class::Model)]),
        Err(ReleaseError::BumpNotReleased { .. })
    ));
}

#[test]
fn a_first_release_publishes_every_event_at_1_0_0_and_keeps_the_plan_version() {
    let mut last = plan(&[]);
    last.lock = Lock::default();
    let mut next = tightened();
    next.lock = Lock::default();
    let r = plan_release(&last, &next, true, &BTreeMap::new()).unwrap();
    assert_eq!(r.events.len(), 3);
    assert!(
        r.events
            .iter()
            .all(|e| e.class.as_str() == "added" && e.version.unwrap().to_string() == "1-0-0")
    );
    assert_eq!(r.version.to_string(), "1.4.0");
    assert_eq!(r.lock.events.len(), 3);
}

/// Versions an import recorded in the plan's own lock (published by
/// another registry) are where the events start; an event changed since
/// its import cannot be classified and is refused.
#[test]
fn imported_versions_are_released_as_recorded() {
    let mut last = plan(&[]);
    last.lock = Lock::default();
    // The import recorded checkout_completed at 1-0-2 with its current id.
    let mut next = released();
    next.lock
        .events
        .retain(|k, _| k.as_str() == "checkout_completed");
    let r = plan_release(&last, &next, true, &BTreeMap::new()).unwrap();
    let imported: Vec<_> = versions(&r)
        .into_iter()
        .filter(|(k, _, _)| k == "checkout_completed")
        .collect();
    assert_eq!(
        imported,
        [(
            "checkout_completed".to_string(),
            "imported".to_string(),
            Some("1-0-2".to_string())
        )]
    );
    assert_eq!(
        r.lock.events["checkout_completed"].version.to_string(),
        "1-0-2"
    );
    let changelog = changelog_section(&r, "2026-11-25", "");
    assert!(
        changelog.contains("### Imported\n\n- `checkout_completed` 1-0-2 (Checkout Completed), as published before the import"),
        "{changelog}"
    );
    // Changed after the import: the recorded id no longer matches.
    let mut edited = tightened();
    edited.lock = next.lock.clone();
    assert!(matches!(
        plan_release(&last, &edited, true, &BTreeMap::new()),
        Err(ReleaseError::ChangedSinceImport { ref event, .. }) if event.as_str() == "checkout_completed"
    ));
}
