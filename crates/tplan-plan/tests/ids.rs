//! Object ids: content-addressed, stable across formatting, Merkle over
//! shared properties.

use tplan_plan::testing::{base, plan_with};

#[test]
fn reformatting_and_reordering_keep_every_id() {
    let plan = plan_with(&[]);
    let reformatted = r#"
# a comment that changes nothing
owner = 'growth'
sources = ["ios", "web"]
name = "Checkout Completed"
description = """The user paid for the order."""

[properties.items]
type = "array"
items = { properties = { sku = { required = true, type = "string" } }, type = "object" }

[properties]
coupon = { max_length = 32, type = "string" }
currency = { required = true, ref = "currency" }
price = { required = true, ref = "price" }
"#;
    // `[properties]` after `[properties.items]` is valid TOML: the table is
    // defined implicitly first, then explicitly.
    let other = plan_with(&[("events/checkout_completed.toml", Some(reformatted))]);
    assert_eq!(
        plan.events["checkout_completed"].id,
        other.events["checkout_completed"].id
    );
    assert_eq!(plan.id, other.id);
}

#[test]
fn one_point_zero_equals_one() {
    let a = plan_with(&[(
        "properties/price.toml",
        Some("description = \"Order total\"\ntype = \"number\"\nminimum = 0.0\n"),
    )]);
    let b = plan_with(&[]);
    assert_eq!(a.properties["price"].id, b.properties["price"].id);
}

#[test]
fn any_schema_change_changes_the_event_id() {
    let plan = plan_with(&[]);
    let original = base("events/checkout_completed.toml");
    for (from, to) in [
        ("max_length = 32", "max_length = 31"),
        (
            "required = true }\ncurrency",
            "required = false }\ncurrency",
        ),
        (
            "sku = { type = \"string\", required = true }",
            "sku = { type = \"string\" }",
        ),
        ("The user paid", "The user has paid"),
        ("owner = \"growth\"", "owner = \"checkout\""),
        ("[\"web\", \"ios\"]", "[\"web\"]"),
    ] {
        assert!(original.contains(from), "{from}");
        let changed = original.replace(from, to);
        let other = plan_with(&[("events/checkout_completed.toml", Some(&changed))]);
        assert_ne!(
            plan.events["checkout_completed"].id, other.events["checkout_completed"].id,
            "{from} -> {to}"
        );
        assert_eq!(plan.events["signed_up"].id, other.events["signed_up"].id);
        assert_ne!(plan.id, other.id);
    }
}

#[test]
fn changing_a_shared_property_changes_exactly_the_events_using_it() {
    let plan = plan_with(&[]);
    let other = plan_with(&[(
        "properties/price.toml",
        Some("description = \"Order total\"\ntype = \"number\"\nminimum = 1\n"),
    )]);
    assert_ne!(plan.properties["price"].id, other.properties["price"].id);
    // Both events reference `price`; `signed_up` does not.
    assert_ne!(
        plan.events["checkout_completed"].id,
        other.events["checkout_completed"].id
    );
    assert_ne!(
        plan.events["product_viewed"].id,
        other.events["product_viewed"].id
    );
    assert_eq!(plan.events["signed_up"].id, other.events["signed_up"].id);
    assert_eq!(
        plan.properties["currency"].id,
        other.properties["currency"].id
    );

    let other = plan_with(&[(
        "properties/currency.toml",
        Some("type = \"string\"\nenum = [\"EUR\", \"USD\", \"GBP\"]\n"),
    )]);
    assert_ne!(
        plan.events["checkout_completed"].id,
        other.events["checkout_completed"].id
    );
    assert_eq!(
        plan.events["product_viewed"].id,
        other.events["product_viewed"].id
    );
}

#[test]
fn the_policy_default_for_additional_properties_reaches_every_event() {
    let plan = plan_with(&[]);
    let manifest = base("tplan.toml").replace(
        "additional_properties = false",
        "additional_properties = true",
    );
    let other = plan_with(&[("tplan.toml", Some(&manifest))]);
    for key in ["checkout_completed", "product_viewed", "signed_up"] {
        assert_ne!(plan.events[key].id, other.events[key].id, "{key}");
    }
    // Writing the default explicitly changes nothing.
    let manifest = base("tplan.toml").replace("additional_properties = false\n", "");
    let same = plan_with(&[("tplan.toml", Some(&manifest))]);
    assert_eq!(plan.id, same.id);
}

#[test]
fn enum_order_is_kept_and_type_lists_are_sorted() {
    let plan = plan_with(&[]);
    let reordered = plan_with(&[(
        "properties/currency.toml",
        Some("type = \"string\"\nenum = [\"USD\", \"EUR\"]\n"),
    )]);
    assert_ne!(
        plan.properties["currency"].id,
        reordered.properties["currency"].id
    );
    let types =
        base("events/signed_up.toml").replace("[\"string\", \"null\"]", "[\"null\", \"string\"]");
    let same = plan_with(&[("events/signed_up.toml", Some(&types))]);
    assert_eq!(plan.events["signed_up"].id, same.events["signed_up"].id);
}

#[test]
fn the_plan_id_covers_every_object() {
    let plan = plan_with(&[]);
    let other = plan_with(&[(
        "owners/growth.toml",
        Some("name = \"Growth team\"\nmembers = [\"pat@acme.com\"]\n"),
    )]);
    assert_ne!(plan.owners["growth"].id, other.owners["growth"].id);
    // An owner's contact is not part of any event.
    assert_eq!(
        plan.events["checkout_completed"].id,
        other.events["checkout_completed"].id
    );
    assert_ne!(plan.id, other.id);
    let renamed = plan_with(&[
        ("events/signed_up.toml", None),
        (
            "events/account_created.toml",
            Some(base("events/signed_up.toml")),
        ),
    ]);
    assert_eq!(
        plan.events["signed_up"].id,
        renamed.events["account_created"].id
    );
    assert_ne!(plan.id, renamed.id);
}
