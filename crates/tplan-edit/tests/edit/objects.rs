//! Adding, setting and removing events, properties, shared properties and owners.

use super::*;

#[test]
fn adding_an_event_writes_the_house_style() {
    let files = edit_base(&[Edit::AddEvent {
        call_type: None,
        key: key("order_refunded"),
        name: "Order Refunded".into(),
        description: Some("Money went back to the buyer.".into()),
        owner: Some("checkout".into()),
        status: Some("draft".into()),
        sources: vec!["web".into(), "ios".into()],
    }]);
    assert_eq!(
        text(&files, "events/order_refunded.toml"),
        r#"name = "Order Refunded"
description = "Money went back to the buyer."
owner = "checkout"
status = "draft"
sources = ["web", "ios"]

[properties]
"#
    );
    let plan = plan(&files);
    let e = &plan.events["order_refunded"];
    assert_eq!(e.status, Status::Draft);
    assert_eq!(e.owner.as_ref().map(Key::as_str), Some("checkout"));
    assert!(e.properties.is_empty());
}

#[test]
fn a_new_event_without_optional_fields_has_name_and_properties() {
    let files = edit_base(&[Edit::AddEvent {
        call_type: None,
        key: key("app_opened"),
        name: "App Opened".into(),
        description: None,
        owner: None,
        status: None,
        sources: vec![],
    }]);
    assert_eq!(
        text(&files, "events/app_opened.toml"),
        "name = \"App Opened\"\n\n[properties]\n"
    );
    assert_eq!(plan(&files).events["app_opened"].status, Status::Active);
}

#[test]
fn setting_event_fields_puts_new_keys_in_house_order() {
    let files = edit_all(
        &commented(),
        &[
            Edit::SetEvent {
                key: key("checkout_completed"),
                field: "status".into(),
                value: "deprecated".into(),
            },
            Edit::SetEvent {
                key: key("checkout_completed"),
                field: "sunset".into(),
                value: "2027-06-30".into(),
            },
            Edit::SetEvent {
                key: key("checkout_completed"),
                field: "name".into(),
                value: "Checkout Done".into(),
            },
            Edit::SetEvent {
                key: key("checkout_completed"),
                field: "tags".into(),
                value: "revenue,core".into(),
            },
        ],
    );
    let expected = COMMENTED
        .replace("\"Checkout Completed\"   #", "\"Checkout Done\"   #")
        .replace(
            "owner = \"growth\"\n",
            "owner = \"growth\"\nstatus = \"deprecated\"\nsunset = 2027-06-30\n",
        )
        .replace(
            "sources = [\"web\",   \"ios\"]\n",
            "sources = [\"web\",   \"ios\"]\ntags = [\"revenue\", \"core\"]\n",
        );
    assert_eq!(text(&files, CHECKOUT), expected);
    let plan = plan(&files);
    let e = &plan.events["checkout_completed"];
    assert_eq!(e.name, "Checkout Done");
    assert_eq!(e.status, Status::Deprecated);
    assert_eq!(
        e.sunset.map(|d| d.to_string()).as_deref(),
        Some("2027-06-30")
    );
    assert_eq!(e.tags, ["core", "revenue"]);
}

#[test]
fn unsetting_an_event_field_removes_its_line() {
    let files = edit_base(&[Edit::UnsetEvent {
        key: key("checkout_completed"),
        field: "sources".into(),
    }]);
    assert_eq!(
        text(&files, CHECKOUT),
        base(CHECKOUT).replace("sources = [\"web\", \"ios\"]\n", "")
    );
    assert!(plan(&files).events["checkout_completed"].sources.is_empty());
    let e = refused_base(Edit::UnsetEvent {
        key: key("checkout_completed"),
        field: "sunset".into(),
    });
    assert_eq!(
        e.to_string(),
        "field `sunset` of event `checkout_completed` not found in `events/checkout_completed.toml`"
    );
}

#[test]
fn removing_an_event_deletes_its_file() {
    let files = files_with(&[]);
    let changes = apply(
        &files,
        &Edit::RemoveEvent {
            key: key("signed_up"),
        },
    )
    .unwrap();
    assert_eq!(
        changes.files.into_iter().collect::<Vec<_>>(),
        [("events/signed_up.toml".to_string(), None)]
    );
    let files = edit_base(&[Edit::RemoveEvent {
        key: key("signed_up"),
    }]);
    assert!(files.get("events/signed_up.toml").is_none());
    assert!(!plan(&files).events.contains_key("signed_up"));
}

// ---- event properties ---------------------------------------------------------

#[test]
fn adding_a_property_writes_one_inline_line_in_key_order() {
    let files = edit_base(&[Edit::AddProperty {
        target: event("checkout_completed"),
        name: "discount".into(),
        spec: PropertySpec {
            r#type: Some("number".into()),
            required: true,
            description: Some("Money off".into()),
            minimum: Some("0".into()),
            maximum: Some("99.5".into()),
            ..PropertySpec::default()
        },
    }]);
    assert_eq!(
        text(&files, CHECKOUT),
        format!(
            "{}discount = {{ type = \"number\", required = true, description = \"Money off\", minimum = 0, maximum = 99.5 }}\n",
            base(CHECKOUT)
        )
    );
    let p = &plan(&files).events["checkout_completed"].properties["discount"];
    assert!(p.required);
    assert_eq!(
        p.maximum.as_ref().map(|n| n.to_string()).as_deref(),
        Some("99.5")
    );
}

#[test]
fn a_new_property_goes_after_the_inline_ones_before_sub_tables() {
    let files = edit_all(
        &commented(),
        &[Edit::AddProperty {
            target: event("checkout_completed"),
            name: "gift.wrap".into(),
            spec: PropertySpec {
                r#type: Some("boolean".into()),
                ..PropertySpec::default()
            },
        }],
    );
    let line = "\"gift.wrap\" = { type = \"boolean\" }\n";
    assert_eq!(
        text(&files, CHECKOUT),
        COMMENTED.replace("\n\n# Free text", &format!("\n{line}\n# Free text"))
    );
    assert!(
        plan(&files).events["checkout_completed"]
            .properties
            .contains_key("gift.wrap")
    );
}

#[test]
fn ref_and_enum_properties_are_written_with_typed_values() {
    let files = edit_base(&[
        Edit::AddProperty {
            target: event("product_viewed"),
            name: "currency".into(),
            spec: PropertySpec {
                reference: Some("currency".into()),
                required: true,
                ..PropertySpec::default()
            },
        },
        Edit::AddProperty {
            target: event("product_viewed"),
            name: "rating".into(),
            spec: PropertySpec {
                r#type: Some("integer,null".into()),
                enum_values: vec!["1".into(), "2".into(), "3".into()],
                ..PropertySpec::default()
            },
        },
        Edit::AddProperty {
            target: event("product_viewed"),
            name: "list_price".into(),
            spec: PropertySpec {
                reference: Some("price".into()),
                enum_values: vec!["9.99".into(), "19".into()],
                ..PropertySpec::default()
            },
        },
        Edit::AddProperty {
            target: event("product_viewed"),
            name: "view".into(),
            spec: PropertySpec {
                r#type: Some("string".into()),
                enum_values: vec!["grid".into(), "list".into()],
                ..PropertySpec::default()
            },
        },
    ]);
    let t = text(&files, "events/product_viewed.toml");
    for line in [
        "currency = { ref = \"currency\", required = true }\n",
        "rating = { type = [\"integer\", \"null\"], enum = [1, 2, 3] }\n",
        "list_price = { ref = \"price\", enum = [9.99, 19] }\n",
        "view = { type = \"string\", enum = [\"grid\", \"list\"] }\n",
    ] {
        assert!(t.contains(line), "{line} not in\n{t}");
    }
    let plan = plan(&files);
    let rating = &plan.events["product_viewed"].properties["rating"];
    assert_eq!(rating.enum_values, Some(vec![1.into(), 2.into(), 3.into()]));
}

#[test]
fn removing_properties_works_for_both_forms_and_keeps_the_table() {
    let files = edit_all(
        &commented(),
        &["coupon", "note", "price", "items", "currency"].map(|name| Edit::RemoveProperty {
            target: event("checkout_completed"),
            name: name.into(),
        }),
    );
    let t = text(&files, CHECKOUT);
    assert!(t.ends_with("# Money first.\n[properties]\n"), "{t}");
    assert!(t.starts_with("# Checkout, as the payment service sends it.\nname    =   "));
    assert!(
        plan(&files).events["checkout_completed"]
            .properties
            .is_empty()
    );
}

#[test]
fn removing_one_property_leaves_the_others_byte_for_byte() {
    let files = edit_all(
        &commented(),
        &[Edit::RemoveProperty {
            target: event("checkout_completed"),
            name: "coupon".into(),
        }],
    );
    assert_eq!(
        text(&files, CHECKOUT),
        COMMENTED.replace("coupon   = {type=\"string\",max_length=32}\n", "")
    );
}

#[test]
fn properties_of_an_event_without_a_properties_table_get_one() {
    let files = files_with(&[(
        "events/signed_up.toml",
        Some("name = \"Signed Up\"\nowner = \"growth\"\n"),
    )]);
    let files = edit_all(
        &files,
        &[Edit::AddProperty {
            target: event("signed_up"),
            name: "plan".into(),
            spec: PropertySpec {
                r#type: Some("string".into()),
                ..PropertySpec::default()
            },
        }],
    );
    assert_eq!(
        text(&files, "events/signed_up.toml"),
        "name = \"Signed Up\"\nowner = \"growth\"\n\n[properties]\nplan = { type = \"string\" }\n"
    );
}

#[test]
fn an_event_with_only_sub_table_properties_takes_new_ones() {
    let src = "name = \"Signed Up\"\n\n[properties.email]\ntype = \"string\"\n";
    let files = files_with(&[("events/signed_up.toml", Some(src))]);
    let files = edit_all(
        &files,
        &[Edit::AddProperty {
            target: event("signed_up"),
            name: "plan".into(),
            spec: PropertySpec {
                r#type: Some("string".into()),
                ..PropertySpec::default()
            },
        }],
    );
    let props = &plan(&files).events["signed_up"].properties;
    assert_eq!(props.keys().collect::<Vec<_>>(), ["email", "plan"]);
}

// ---- shared properties ----------------------------------------------------------

#[test]
fn shared_properties_are_files_of_top_level_keys() {
    let files = edit_base(&[
        Edit::AddProperty {
            target: Target::Shared,
            name: "order_id".into(),
            spec: PropertySpec {
                r#type: Some("string".into()),
                description: Some("The order's id".into()),
                format: Some("uuid".into()),
                ..PropertySpec::default()
            },
        },
        set_property(Target::Shared, "price", "maximum", "100000"),
        set_property(
            Target::Shared,
            "price",
            "description",
            "Order total, tax included",
        ),
    ]);
    assert_eq!(
        text(&files, "properties/order_id.toml"),
        "type = \"string\"\ndescription = \"The order's id\"\nformat = \"uuid\"\n"
    );
    assert_eq!(
        text(&files, "properties/price.toml"),
        "description = \"Order total, tax included\"\ntype = \"number\"\nminimum = 0\nmaximum = 100000\n"
    );
    let plan = plan(&files);
    assert_eq!(
        plan.properties["order_id"].property.format.as_deref(),
        Some("uuid")
    );
    assert_eq!(
        plan.properties["price"].property.maximum,
        Some(100000.into())
    );
}

#[test]
fn an_unused_shared_property_can_be_removed() {
    let files = edit_base(&[
        Edit::AddProperty {
            target: Target::Shared,
            name: "order_id".into(),
            spec: PropertySpec {
                r#type: Some("string".into()),
                ..PropertySpec::default()
            },
        },
        Edit::RemoveProperty {
            target: Target::Shared,
            name: "order_id".into(),
        },
    ]);
    assert_eq!(files, files_with(&[]));
}

// ---- owners -----------------------------------------------------------------------

#[test]
fn owners_are_added_set_and_removed() {
    let files = edit_base(&[Edit::AddOwner {
        key: key("data"),
        name: "Data Platform".into(),
        contact: Some("#data".into()),
        members: vec!["ana@acme.com".into()],
    }]);
    assert_eq!(
        text(&files, "owners/data.toml"),
        "name = \"Data Platform\"\ncontact = \"#data\"\nmembers = [\"ana@acme.com\"]\n"
    );
    let files = edit_all(
        &files,
        &[
            Edit::SetOwner {
                key: key("growth"),
                field: "contact".into(),
                value: "#growth".into(),
            },
            Edit::RemoveOwner { key: key("data") },
        ],
    );
    assert_eq!(
        text(&files, "owners/growth.toml"),
        "name = \"Growth\"\ncontact = \"#growth\"\nmembers = [\"pat@acme.com\"]\n"
    );
    let plan = plan(&files);
    assert!(!plan.owners.contains_key("data"));
    assert_eq!(plan.owners["growth"].contact.as_deref(), Some("#growth"));
}

// ---- refusals -------------------------------------------------------------------------
