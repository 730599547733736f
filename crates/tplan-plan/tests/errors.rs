//! Bad plan files: every error names its file, line and column, and parsing
//! reports all of them.

use tplan_plan::testing::{base, load_with};
use tplan_plan::{Entry, ErrorKind, PlanError, PlanFiles};

fn errors(changes: &[(&str, Option<&str>)]) -> Vec<PlanError> {
    let loaded = load_with(changes);
    assert!(!loaded.errors.is_empty(), "expected errors");
    loaded.errors
}

fn only(changes: &[(&str, Option<&str>)]) -> PlanError {
    let mut errs = errors(changes);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    errs.remove(0)
}

#[test]
fn malformed_toml_names_line_and_column() {
    let e = only(&[(
        "events/signed_up.toml",
        Some("name = \"Signed Up\"\nowner = growth\n"),
    )]);
    assert_eq!(e.file, "events/signed_up.toml");
    assert!(matches!(e.kind, ErrorKind::Toml { .. }));
    let span = e.span.unwrap();
    assert_eq!((span.line, span.col), (2, 9));
}

#[test]
fn unknown_keys_suggest_the_closest_key() {
    let text = base("events/checkout_completed.toml").replace("max_length = 32", "maxLength = 32");
    let e = only(&[("events/checkout_completed.toml", Some(&text))]);
    assert_eq!(e.location(), "events/checkout_completed.toml:9:31");
    assert_eq!(e.kind.hint().as_deref(), Some("did you mean `max_length`?"));
    let e = only(&[(
        "events/signed_up.toml",
        Some("name = \"Signed Up\"\ndescripton = \"x\"\n"),
    )]);
    assert_eq!(e.location(), "events/signed_up.toml:2:1");
    assert_eq!(
        e.kind.hint().as_deref(),
        Some("did you mean `description`?")
    );
}

#[test]
fn wrong_value_types_say_what_was_expected() {
    let e = only(&[(
        "events/signed_up.toml",
        Some("name = \"Signed Up\"\nsources = \"web\"\n"),
    )]);
    assert_eq!(
        e.to_string(),
        "`sources` must be a list of strings, found a string"
    );
    let e = only(&[(
        "properties/price.toml",
        Some("type = \"number\"\nminimum = \"0\"\n"),
    )]);
    assert_eq!(e.to_string(), "`minimum` must be a number, found a string");
    assert_eq!(e.location(), "properties/price.toml:2:11");
}

#[test]
fn a_ref_to_a_missing_shared_property_is_an_error() {
    let text = base("events/product_viewed.toml").replace("ref = \"price\"", "ref = \"prices\"");
    let e = only(&[("events/product_viewed.toml", Some(&text))]);
    assert_eq!(
        e.to_string(),
        "`ref` names `prices`, but there is no `properties/prices.toml`"
    );
    assert_eq!(e.kind.hint().as_deref(), Some("did you mean `price`?"));
}

#[test]
fn an_unknown_owner_is_an_error() {
    let text = base("events/signed_up.toml").replace("owner = \"growth\"", "owner = \"grwoth\"");
    let e = only(&[("events/signed_up.toml", Some(&text))]);
    assert!(matches!(e.kind, ErrorKind::UnknownOwner { .. }));
    assert_eq!(e.location(), "events/signed_up.toml:3:9");
}

#[test]
fn file_names_that_are_not_keys_are_refused() {
    for name in ["Upper", "CON", "con", "a-b", "", "a.b"] {
        let path = format!("events/{name}.toml");
        let e = only(&[(path.as_str(), Some("name = \"X\"\n"))]);
        assert!(
            matches!(e.kind, ErrorKind::InvalidKey { .. }),
            "{name}: {e:?}"
        );
        assert_eq!(e.file, path);
    }
    let e = only(&[("events/notes.md", Some("hello"))]);
    assert!(matches!(e.kind, ErrorKind::NotToml { .. }));
}

#[test]
fn two_events_with_one_name_are_an_error() {
    let e = only(&[("events/signed_up_v2.toml", Some("name = \"Signed Up\"\n"))]);
    assert_eq!(e.file, "events/signed_up_v2.toml");
    assert_eq!(
        e.to_string(),
        "event name `Signed Up` is also used by `events/signed_up.toml`"
    );
}

#[test]
fn oversized_non_utf8_and_symlinked_files_are_refused() {
    let mut files = tplan_plan::testing::files_with(&[]);
    files.insert("events/big.toml", Entry::TooLarge { size: 2 << 20 });
    files.insert_bytes("events/latin1.toml", b"name = \"Caf\xe9\"\n".to_vec());
    files.insert("events/link.toml", Entry::Symlink);
    let loaded = tplan_plan::load(&files);
    let codes: Vec<_> = loaded
        .errors
        .iter()
        .map(|e| (e.file.as_str(), e.kind.error_code()))
        .collect();
    let kinds: Vec<(&str, &str)> = codes.iter().map(|(f, c)| (*f, c.as_str())).collect();
    assert_eq!(
        kinds,
        [
            ("events/big.toml", "file-too-large"),
            ("events/latin1.toml", "not-utf8"),
            ("events/link.toml", "symlink")
        ]
    );
    let latin = &loaded.errors[1];
    assert_eq!(
        latin.to_string(),
        "not valid UTF-8 (first bad byte at offset 11)"
    );
    // The rest of the plan still loads.
    assert_eq!(loaded.plan.events.len(), 3);
}

#[test]
fn an_enum_with_mixed_types_is_an_error() {
    let e = only(&[(
        "properties/currency.toml",
        Some("type = \"string\"\nenum = [\"EUR\", 1]\n"),
    )]);
    assert!(matches!(e.kind, ErrorKind::EnumMixedTypes { .. }));
    assert_eq!(e.location(), "properties/currency.toml:2:8");
}

#[test]
fn inverted_bounds_are_an_error() {
    let e = only(&[(
        "properties/price.toml",
        Some("type = \"number\"\nminimum = 10\nmaximum = 1.5\n"),
    )]);
    assert_eq!(
        e.to_string(),
        "`minimum` (10) is greater than `maximum` (1.5): no value can pass"
    );
    assert_eq!(e.location(), "properties/price.toml:2:11");
    // Overrides on a use site are checked against the shared definition.
    let text = base("events/product_viewed.toml")
        .replace("{ ref = \"price\" }", "{ ref = \"price\", maximum = -1 }");
    let e = only(&[("events/product_viewed.toml", Some(&text))]);
    assert!(matches!(e.kind, ErrorKind::BoundsInverted { .. }));
    assert_eq!(e.file, "events/product_viewed.toml");
}

#[test]
fn keywords_must_fit_the_declared_type() {
    let e = only(&[(
        "properties/price.toml",
        Some("type = \"integer\"\nmax_length = 3\n"),
    )]);
    assert_eq!(
        e.to_string(),
        "`max_length` applies to string values, but `type` is `integer`"
    );
}

#[test]
fn formats_and_patterns_must_be_ones_validators_know() {
    let e = only(&[(
        "properties/currency.toml",
        Some("type = \"string\"\nformat = \"emial\"\n"),
    )]);
    assert_eq!(
        e.to_string(),
        "invalid `format`: `emial` is not a JSON Schema format (did you mean `email`?)"
    );
    let e = only(&[(
        "properties/currency.toml",
        Some("type = \"string\"\npattern = \"([a-z\"\n"),
    )]);
    assert!(
        e.to_string().contains("not a valid regular expression"),
        "{e}"
    );
}

#[test]
fn every_error_is_reported_not_only_the_first() {
    let errs = errors(&[
        ("events/signed_up.toml", Some("name = 1\nownr = \"x\"\n")),
        ("properties/price.toml", Some("type = \"nubmer\"\n")),
        ("tplan.toml", Some("[plan]\nname = \"A\"\n")),
    ]);
    let files: Vec<_> = errs.iter().map(|e| e.location()).collect();
    assert_eq!(
        files,
        [
            "events/signed_up.toml:1:8",
            "events/signed_up.toml:2:1",
            "properties/price.toml:1:8",
            "tplan.toml:1:1"
        ]
    );
}

#[test]
fn shared_properties_cannot_be_required_or_refer_onwards() {
    let e = only(&[(
        "properties/price.toml",
        Some("type = \"number\"\nrequired = true\n"),
    )]);
    assert!(
        e.to_string()
            .contains("set `required` on the event's `ref`"),
        "{e}"
    );
    let e = only(&[("properties/price.toml", Some("ref = \"currency\"\n"))]);
    assert!(
        e.to_string()
            .contains("cannot reference another shared property"),
        "{e}"
    );
}

#[test]
fn deprecation_fields_need_a_deprecated_event() {
    let e = only(&[(
        "events/signed_up.toml",
        Some("name = \"Signed Up\"\nsunset = 2027-01-01\n"),
    )]);
    assert!(e.to_string().contains("only a `deprecated` event"), "{e}");
    let ok = "name = \"Signed Up\"\nstatus = \"deprecated\"\ndeprecated_since = 2026-01-01\nsunset = \"2027-01-01\"\nreplaced_by = \"product_viewed\"\n";
    assert!(
        load_with(&[("events/signed_up.toml", Some(ok))])
            .errors
            .is_empty()
    );
    let bad = ok.replace("product_viewed", "nope");
    let e = only(&[("events/signed_up.toml", Some(&bad))]);
    assert_eq!(
        e.to_string(),
        "invalid `replaced_by`: there is no event `nope` (no `events/nope.toml`)"
    );
}

#[test]
fn the_manifest_needs_a_name_and_a_vendor() {
    let e = only(&[(
        "tplan.toml",
        Some("[plan]\nname = \"A\"\nvendor = \"com/acme\"\n"),
    )]);
    assert!(e.to_string().starts_with("invalid `vendor`"), "{e}");
    let mut files = PlanFiles::new();
    files.insert_bytes("events/a.toml", b"name = \"A\"\n".to_vec());
    let loaded = tplan_plan::load(&files);
    assert_eq!(loaded.errors[0].file, "tplan.toml");
}
