//! Edits keep everything they do not touch byte for byte; new keys go in house order.

use super::*;

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
