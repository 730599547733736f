//! Edits of plan files: what an edit touches changes, everything else stays
//! byte for byte, the result parses to the expected model, and every refused
//! edit returns an error instead of a changeset.

use tplan_edit::{Changeset, Edit, EditError, PropertySpec, Target, apply};
use tplan_plan::testing::{base, files_with};
use tplan_plan::{ErrorKind, Key, Plan, PlanFiles, Status};

const CHECKOUT: &str = "events/checkout_completed.toml";

/// `checkout_completed` with comments, odd spacing and both property forms.
const COMMENTED: &str = r#"# Checkout, as the payment service sends it.
name    =   "Checkout Completed"   # shown in dashboards
description = "The user paid for the order."
owner = "growth"
sources = ["web",   "ios"]

# Money first.
[properties]
price    = { ref = "price", required = true }   # from the cart
currency = { ref = "currency", required = true }
coupon   = {type="string",max_length=32}
items    = { type = "array", items = { type = "object", properties = { sku = { type = "string", required = true } } } }

# Free text, kept short.
[properties.note]
type   = "string"     # any text
description = "A note to the shop."
"#;

fn key(s: &str) -> Key {
    Key::new(s).unwrap()
}

fn event(k: &str) -> Target {
    Target::Event(key(k))
}

fn set_property(target: Target, name: &str, field: &str, value: &str) -> Edit {
    Edit::SetProperty {
        target,
        name: name.into(),
        field: field.into(),
        value: value.into(),
    }
}

/// Applies `edits` one after another to `files`, each expected to succeed,
/// and returns the files after the last.
fn edit_all(files: &PlanFiles, edits: &[Edit]) -> PlanFiles {
    edits
        .iter()
        .fold(files.clone(), |files, edit| match apply(&files, edit) {
            Ok(changes) => changes.apply_to(&files),
            Err(e) => panic!("{edit:?} refused: {e}"),
        })
}

fn edit_base(edits: &[Edit]) -> PlanFiles {
    edit_all(&files_with(&[]), edits)
}

fn commented() -> PlanFiles {
    files_with(&[(CHECKOUT, Some(COMMENTED))])
}

fn text<'f>(files: &'f PlanFiles, path: &str) -> &'f str {
    files.text(path).unwrap_or_else(|| panic!("no {path}"))
}

fn plan(files: &PlanFiles) -> Plan {
    tplan_schema::plan_from_files(files)
        .unwrap_or_else(|e| panic!("plan has errors: {:#?}", e.errors))
}

fn refused(files: &PlanFiles, edit: Edit) -> EditError {
    match apply(files, &edit) {
        Ok(changes) => panic!("{edit:?} accepted: {changes:#?}"),
        Err(e) => e,
    }
}

fn refused_base(edit: Edit) -> EditError {
    refused(&files_with(&[]), edit)
}

// ---- comments and formatting ------------------------------------------------

#[test]
fn unedited_files_round_trip_byte_for_byte() {
    for (path, src) in tplan_plan::testing::BASE
        .iter()
        .chain([&(CHECKOUT, COMMENTED)])
    {
        let doc: toml_edit::DocumentMut = src.parse().unwrap();
        assert_eq!(doc.to_string(), *src, "{path}");
    }
}

#[test]
fn setting_a_property_key_changes_only_that_value() {
    let files = edit_all(
        &commented(),
        &[set_property(
            event("checkout_completed"),
            "coupon",
            "max_length",
            "64",
        )],
    );
    assert_eq!(
        text(&files, CHECKOUT),
        COMMENTED.replace("max_length=32", "max_length=64")
    );
    let coupon = &plan(&files).events["checkout_completed"].properties["coupon"];
    assert_eq!(coupon.max_length, Some(64));
}

#[test]
fn a_new_key_in_an_inline_property_goes_in_house_order_on_one_line() {
    let files = edit_base(&[
        set_property(
            event("checkout_completed"),
            "coupon",
            "description",
            "Code typed at checkout",
        ),
        set_property(event("checkout_completed"), "coupon", "required", "true"),
        set_property(
            event("checkout_completed"),
            "coupon",
            "pattern",
            "^[A-Z0-9]+$",
        ),
    ]);
    let expected = base(CHECKOUT).replace(
        r#"coupon   = { type = "string", max_length = 32 }"#,
        r#"coupon   = { type = "string", required = true, description = "Code typed at checkout", pattern = "^[A-Z0-9]+$", max_length = 32 }"#,
    );
    assert_eq!(text(&files, CHECKOUT), expected);
    let coupon = &plan(&files).events["checkout_completed"].properties["coupon"];
    assert!(coupon.required);
    assert_eq!(coupon.pattern.as_deref(), Some("^[A-Z0-9]+$"));
}

#[test]
fn a_key_appended_to_an_inline_table_keeps_its_closing_spacing() {
    let files = edit_base(&[set_property(
        event("signed_up"),
        "email",
        "max_length",
        "254",
    )]);
    assert!(
        text(&files, "events/signed_up.toml").contains(
            r#"email = { type = ["string", "null"], format = "email", max_length = 254 }"#
        ),
        "{}",
        text(&files, "events/signed_up.toml")
    );
    let files = edit_all(
        &commented(),
        &[set_property(
            event("checkout_completed"),
            "coupon",
            "min_length",
            "4",
        )],
    );
    let t = text(&files, CHECKOUT);
    assert!(
        t.contains(r#"coupon   = {type="string",min_length=4,max_length=32}"#),
        "{t}"
    );
}

#[test]
fn a_multi_line_inline_property_keeps_its_layout() {
    let src = "name = \"Signed Up\"\n\n[properties]\nemail = {\n  type = \"string\",\n  max_length = 254,\n}\n";
    let files = files_with(&[("events/signed_up.toml", Some(src))]);
    plan(&files);
    let files = edit_all(
        &files,
        &[
            set_property(event("signed_up"), "email", "format", "email"),
            set_property(event("signed_up"), "email", "deprecated", "true"),
        ],
    );
    assert_eq!(
        text(&files, "events/signed_up.toml"),
        "name = \"Signed Up\"\n\n[properties]\nemail = {\n  type = \"string\",\n  format = \"email\",\n  max_length = 254,\n  deprecated = true,\n}\n"
    );
    assert_eq!(
        plan(&files).events["signed_up"].properties["email"].deprecated,
        Some(true)
    );
}

#[test]
fn a_sub_table_property_is_edited_in_its_table() {
    let files = edit_all(
        &commented(),
        &[
            set_property(event("checkout_completed"), "note", "max_length", "200"),
            set_property(event("checkout_completed"), "note", "type", "string,null"),
        ],
    );
    let expected = COMMENTED
        .replace(
            "type   = \"string\"     # any text\n",
            "type   = [\"string\", \"null\"]     # any text\n",
        )
        .replace(
            "description = \"A note to the shop.\"\n",
            "description = \"A note to the shop.\"\nmax_length = 200\n",
        );
    assert_eq!(text(&files, CHECKOUT), expected);
    let note = &plan(&files).events["checkout_completed"].properties["note"];
    assert_eq!(note.max_length, Some(200));
}

#[test]
fn unsetting_property_keys_keeps_the_table_tidy() {
    let files = edit_base(&[
        Edit::UnsetProperty {
            target: event("checkout_completed"),
            name: "coupon".into(),
            field: "max_length".into(),
        },
        Edit::UnsetProperty {
            target: event("checkout_completed"),
            name: "price".into(),
            field: "ref".into(),
        },
        set_property(event("checkout_completed"), "price", "type", "number"),
    ]);
    let t = text(&files, CHECKOUT);
    assert!(t.contains("coupon   = { type = \"string\" }\n"), "{t}");
    assert!(
        t.contains("price    = { type = \"number\", required = true }\n"),
        "{t}"
    );
    assert_eq!(
        plan(&files).events["checkout_completed"].properties["coupon"].max_length,
        None
    );
}

// ---- events -----------------------------------------------------------------

#[test]
fn adding_an_event_writes_the_house_style() {
    let files = edit_base(&[Edit::AddEvent {
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

#[test]
fn adding_what_exists_is_refused() {
    let e = refused_base(Edit::AddEvent {
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
