//! Refused edits: what exists, what is missing, bad fields, names and values, and edits that would break the plan.

use super::*;

#[test]
fn adding_what_exists_is_refused() {
    let e = refused_base(Edit::AddEvent {
        call_type: None,
        key: key("signed_up"),
        name: "Signed Up Again".into(),
        description: None,
        owner: None,
        status: None,
        sources: vec![],
    });
    assert_eq!(
        e.to_string(),
        "event `signed_up` already exists in `events/signed_up.toml`"
    );
    let e = refused_base(Edit::AddProperty {
        target: event("checkout_completed"),
        name: "coupon".into(),
        spec: PropertySpec::default(),
    });
    assert_eq!(
        e,
        EditError::Exists {
            what: "property `coupon` of event `checkout_completed`".into(),
            file: CHECKOUT.into(),
        }
    );
    let e = refused_base(Edit::AddProperty {
        target: Target::Shared,
        name: "price".into(),
        spec: PropertySpec::default(),
    });
    assert!(matches!(e, EditError::Exists { file, .. } if file == "properties/price.toml"));
    let e = refused_base(Edit::AddOwner {
        key: key("growth"),
        name: "Growth".into(),
        contact: None,
        members: vec![],
    });
    assert!(matches!(e, EditError::Exists { file, .. } if file == "owners/growth.toml"));
}

#[test]
fn missing_things_are_refused_with_the_closest_name() {
    let e = refused_base(Edit::RemoveEvent {
        key: key("checkout_complete"),
    });
    assert_eq!(
        e.to_string(),
        "event `checkout_complete` not found in `events/`; did you mean `checkout_completed`?"
    );
    let e = refused_base(set_property(
        event("checkout_completed"),
        "cupon",
        "max_length",
        "1",
    ));
    assert_eq!(
        e,
        EditError::NotFound {
            what: "property `cupon` of event `checkout_completed`".into(),
            place: CHECKOUT.into(),
            suggestion: Some("coupon".into()),
        }
    );
    let e = refused_base(Edit::RemoveProperty {
        target: Target::Shared,
        name: "prices".into(),
    });
    assert!(
        matches!(&e, EditError::NotFound { suggestion: Some(s), .. } if s == "price"),
        "{e:?}"
    );
    let e = refused_base(Edit::RemoveOwner { key: key("growht") });
    assert!(
        matches!(&e, EditError::NotFound { suggestion: Some(s), .. } if s == "growth"),
        "{e:?}"
    );
    let e = refused_base(Edit::SetEvent {
        key: key("nothing_like_it"),
        field: "name".into(),
        value: "x".into(),
    });
    assert!(
        matches!(
            e,
            EditError::NotFound {
                suggestion: None,
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn unknown_fields_are_refused_with_the_closest_field() {
    let e = refused_base(Edit::SetEvent {
        key: key("checkout_completed"),
        field: "sunet".into(),
        value: "2027-01-01".into(),
    });
    assert_eq!(
        e.to_string(),
        "unknown field `sunet` for an event; did you mean `sunset`?"
    );
    let e = refused_base(set_property(
        event("checkout_completed"),
        "coupon",
        "maxLength",
        "1",
    ));
    assert_eq!(
        e,
        EditError::UnknownField {
            field: "maxLength".into(),
            context: "a property",
            suggestion: Some("max_length".into()),
        }
    );
    let e = refused_base(Edit::SetEvent {
        key: key("checkout_completed"),
        field: "properties".into(),
        value: "{}".into(),
    });
    assert!(matches!(e, EditError::UnknownField { .. }), "{e:?}");
    let e = refused_base(Edit::SetOwner {
        key: key("growth"),
        field: "email".into(),
        value: "x".into(),
    });
    assert!(
        matches!(
            e,
            EditError::UnknownField {
                context: "an owner",
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn bad_names_and_values_are_refused() {
    let e = refused_base(Edit::AddProperty {
        target: event("checkout_completed"),
        name: "gift card".into(),
        spec: PropertySpec::default(),
    });
    assert!(matches!(e, EditError::BadName { .. }), "{e:?}");
    assert!(e.to_string().contains("`gift card`"), "{e}");
    let e = refused_base(Edit::AddProperty {
        target: Target::Shared,
        name: "Order-Id".into(),
        spec: PropertySpec::default(),
    });
    assert!(matches!(e, EditError::BadName { .. }), "{e:?}");
    let e = refused_base(Edit::AddProperty {
        target: event("checkout_completed"),
        name: "tier".into(),
        spec: PropertySpec {
            r#type: Some("integer".into()),
            enum_values: vec!["1".into(), "gold".into()],
            ..PropertySpec::default()
        },
    });
    assert_eq!(
        e.to_string(),
        "`gold` is not a valid `enum`: expected a number"
    );
    let e = refused_base(Edit::AddProperty {
        target: event("checkout_completed"),
        name: "tier".into(),
        spec: PropertySpec {
            r#type: Some("number".into()),
            minimum: Some("zero".into()),
            ..PropertySpec::default()
        },
    });
    assert!(matches!(e, EditError::BadValue { field, .. } if field == "minimum"));
}

#[test]
fn a_value_of_the_wrong_type_is_refused_with_its_position() {
    let e = refused_base(set_property(
        event("checkout_completed"),
        "coupon",
        "max_length",
        "\"abc\"",
    ));
    let EditError::Invalid { errors, sources } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].location(), "events/checkout_completed.toml:9:44");
    assert!(matches!(errors[0].kind, ErrorKind::WrongType { .. }));
    assert!(sources[CHECKOUT].contains("max_length = \"abc\""));
    assert_eq!(
        e.to_string(),
        "the edit would leave the plan invalid: events/checkout_completed.toml:9:44: \
         `max_length` must be a non-negative integer, found a string"
    );
}

#[test]
fn an_invalid_status_or_unknown_owner_is_refused() {
    let e = refused_base(Edit::SetEvent {
        key: key("signed_up"),
        field: "status".into(),
        value: "retired".into(),
    });
    assert!(matches!(e, EditError::Invalid { .. }), "{e:?}");
    let e = refused_base(Edit::AddEvent {
        call_type: None,
        key: key("order_refunded"),
        name: "Order Refunded".into(),
        description: None,
        owner: Some("finance".into()),
        status: None,
        sources: vec![],
    });
    let EditError::Invalid { errors, .. } = e else {
        panic!("{e:?}")
    };
    assert!(matches!(errors[0].kind, ErrorKind::UnknownOwner { .. }));
    assert_eq!(errors[0].file, "events/order_refunded.toml");
}

#[test]
fn removing_a_referenced_owner_is_refused() {
    let e = refused_base(Edit::RemoveOwner {
        key: key("checkout"),
    });
    let EditError::Invalid { errors, sources } = e else {
        panic!("{e:?}")
    };
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].location(), "events/product_viewed.toml:3:9");
    assert!(matches!(errors[0].kind, ErrorKind::UnknownOwner { .. }));
    assert!(sources.contains_key("events/product_viewed.toml"));
}

#[test]
fn removing_a_referenced_shared_property_is_refused() {
    let e = refused_base(Edit::RemoveProperty {
        target: Target::Shared,
        name: "price".into(),
    });
    let EditError::Invalid { errors, .. } = e else {
        panic!("{e:?}")
    };
    let files: Vec<&str> = errors.iter().map(|e| e.file.as_str()).collect();
    assert_eq!(files, [CHECKOUT, "events/product_viewed.toml"]);
    assert!(
        errors
            .iter()
            .all(|e| matches!(e.kind, ErrorKind::UnknownSharedProperty { .. }))
    );
}

#[test]
fn removing_an_event_another_replaces_it_with_is_refused() {
    let files = files_with(&[(
        "events/account_created.toml",
        Some(
            "name = \"Account Created\"\nstatus = \"deprecated\"\nreplaced_by = \"signed_up\"\n\n[properties]\n",
        ),
    )]);
    plan(&files);
    let e = refused(
        &files,
        Edit::RemoveEvent {
            key: key("signed_up"),
        },
    );
    let EditError::Invalid { errors, .. } = e else {
        panic!("{e:?}")
    };
    assert_eq!(errors[0].location(), "events/account_created.toml:3:15");
}

#[test]
fn a_duplicate_event_name_is_refused() {
    let e = refused_base(Edit::AddEvent {
        call_type: None,
        key: key("a_signup"),
        name: "Signed Up".into(),
        description: None,
        owner: None,
        status: None,
        sources: vec![],
    });
    // Reported on the second file in key order: one the edit did not touch.
    let EditError::Invalid { errors, .. } = e else {
        panic!("{e:?}")
    };
    assert_eq!(errors[0].file, "events/signed_up.toml");
}

#[test]
fn errors_the_plan_already_had_elsewhere_do_not_block_an_edit() {
    let broken = "name = \"Signed Up\"\nsurce = \"web\"\n";
    let files = files_with(&[("events/signed_up.toml", Some(broken))]);
    let changes = apply(
        &files,
        &set_property(event("checkout_completed"), "coupon", "max_length", "64"),
    )
    .unwrap();
    assert_eq!(changes.files.keys().collect::<Vec<_>>(), [CHECKOUT]);
    // Editing the broken file itself must leave it valid.
    let e = refused(
        &files,
        Edit::SetEvent {
            key: key("signed_up"),
            field: "description".into(),
            value: "x".into(),
        },
    );
    assert!(matches!(e, EditError::Invalid { .. }), "{e:?}");
    // Removing the broken key is the fix, and is accepted.
    let files = files_with(&[(
        "events/signed_up.toml",
        Some("name = \"Signed Up\"\nstatus = \"retired\"\n"),
    )]);
    let fixed = edit_all(
        &files,
        &[Edit::SetEvent {
            key: key("signed_up"),
            field: "status".into(),
            value: "active".into(),
        }],
    );
    plan(&fixed);
}

#[test]
fn a_file_that_is_not_toml_cannot_be_edited() {
    let files = files_with(&[(
        "events/signed_up.toml",
        Some("name = \"Signed Up\nowner = \n"),
    )]);
    let e = refused(
        &files,
        Edit::SetEvent {
            key: key("signed_up"),
            field: "owner".into(),
            value: "growth".into(),
        },
    );
    let EditError::Unreadable { file, errors } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(file, "events/signed_up.toml");
    assert!(errors[0].span.is_some());
    assert!(
        e.to_string()
            .starts_with("cannot edit `events/signed_up.toml`: events/signed_up.toml:1:"),
        "{e}"
    );
}

#[test]
fn a_changeset_applies_new_texts_and_deletions() {
    let files = files_with(&[]);
    let mut changes = Changeset::default();
    changes
        .files
        .insert("owners/data.toml".into(), Some("name = \"Data\"\n".into()));
    changes.files.insert("events/signed_up.toml".into(), None);
    let after = changes.apply_to(&files);
    assert_eq!(after.text("owners/data.toml"), Some("name = \"Data\"\n"));
    assert!(after.get("events/signed_up.toml").is_none());
    assert_eq!(after.len(), files.len());
}
