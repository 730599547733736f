//! Events compiled to JSON Schema 2020-12 and Iglu self-describing schemas.

use serde_json::json;
use tplan_plan::testing::{base, files_with, plan_with};
use tplan_schema::{event_schema, iglu_schema};

#[test]
fn an_event_compiles_to_a_closed_draft_2020_12_schema() {
    let plan = plan_with(&[]);
    let schema = event_schema(&plan, &plan.events["checkout_completed"]);
    assert_eq!(
        schema,
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "Checkout Completed",
            "description": "The user paid for the order.",
            "type": "object",
            "properties": {
                "coupon": { "type": "string", "maxLength": 32 },
                "currency": { "type": "string", "enum": ["EUR", "USD"] },
                "items": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": { "sku": { "type": "string" } },
                        "required": ["sku"],
                        "additionalProperties": false
                    }
                },
                "price": { "type": "number", "minimum": 0, "description": "Order total" }
            },
            "required": ["currency", "price"],
            "additionalProperties": false
        })
    );
    jsonschema::meta::validate(&schema).expect("valid draft 2020-12");
}

#[test]
fn events_and_nested_objects_open_when_asked() {
    let text = base("events/checkout_completed.toml")
        .replace("sources = [", "additional_properties = true\nsources = [");
    let plan = plan_with(&[("events/checkout_completed.toml", Some(&text))]);
    let schema = event_schema(&plan, &plan.events["checkout_completed"]);
    assert_eq!(schema["additionalProperties"], json!(true));
    // Nested shapes follow the enclosing object.
    assert_eq!(
        schema["properties"]["items"]["items"]["additionalProperties"],
        json!(true)
    );
    let v = jsonschema::validator_for(&schema).unwrap();
    assert!(v.is_valid(&json!({"price": 1, "currency": "EUR", "extra": 1})));
}

#[test]
fn overrides_on_a_ref_apply_to_that_use_only() {
    let text = base("events/product_viewed.toml").replace(
        "{ ref = \"price\" }",
        "{ ref = \"price\", maximum = 100, description = \"List price\" }",
    );
    let plan = plan_with(&[("events/product_viewed.toml", Some(&text))]);
    let viewed = event_schema(&plan, &plan.events["product_viewed"]);
    assert_eq!(
        viewed["properties"]["price"],
        json!({ "type": "number", "minimum": 0, "maximum": 100, "description": "List price" })
    );
    let completed = event_schema(&plan, &plan.events["checkout_completed"]);
    assert_eq!(
        completed["properties"]["price"]["description"],
        json!("Order total")
    );
    assert!(completed["properties"]["price"].get("maximum").is_none());
}

#[test]
fn nullable_types_and_formats_validate_as_declared() {
    let plan = plan_with(&[]);
    let schema = event_schema(&plan, &plan.events["signed_up"]);
    assert_eq!(
        schema["properties"]["email"]["type"],
        json!(["null", "string"])
    );
    let v = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    assert!(v.is_valid(&json!({"email": null})));
    assert!(v.is_valid(&json!({"email": "pat@acme.com"})));
    assert!(!v.is_valid(&json!({"email": "not an address"})));
}

#[test]
fn iglu_schemas_are_self_describing_at_the_locked_version() {
    let lock = "version = 1\n\n[events.checkout_completed]\nversion = \"1-0-2\"\nid = \"0000000000000000000000000000000000000000000000000000000000000000\"\n";
    let plan = plan_with(&[("tplan.lock", Some(lock))]);
    let schema = iglu_schema(&plan, &plan.events["checkout_completed"]);
    assert_eq!(
        schema["$schema"],
        json!(
            "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#"
        )
    );
    assert_eq!(
        schema["self"],
        json!({"vendor": "com.acme", "name": "checkout_completed", "format": "jsonschema", "version": "1-0-2"})
    );
    let never_published = iglu_schema(&plan, &plan.events["signed_up"]);
    assert_eq!(never_published["self"]["version"], json!("1-0-0"));
}

#[test]
fn iglu_schemas_use_draft_04_spellings() {
    let plan = plan_with(&[
        (
            "properties/price.toml",
            Some(
                "type = \"number\"\nexclusive_minimum = 0\nmaximum = 10\nexclusive_maximum = 10\n",
            ),
        ),
        (
            "properties/currency.toml",
            Some("type = \"string\"\nconst = \"EUR\"\n"),
        ),
    ]);
    let schema = iglu_schema(&plan, &plan.events["checkout_completed"]);
    assert_eq!(
        schema["properties"]["price"],
        json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true})
    );
    assert_eq!(schema["properties"]["currency"]["enum"], json!(["EUR"]));
    let draft4 = jsonschema::draft4::options()
        .build(&schema)
        .expect("a valid draft-04 schema");
    assert!(draft4.is_valid(&json!({"price": 5, "currency": "EUR"})));
    assert!(!draft4.is_valid(&json!({"price": 0, "currency": "EUR"})));
    assert!(!draft4.is_valid(&json!({"price": 10, "currency": "EUR"})));
}

#[test]
fn deprecated_events_say_so_and_examples_are_kept() {
    let text = "name = \"Signed Up\"\nstatus = \"deprecated\"\nexamples = [{ email = \"a@b.co\" }]\n\n[properties]\nemail = { type = \"string\", required = true }\n";
    let plan = plan_with(&[("events/signed_up.toml", Some(text))]);
    let schema = event_schema(&plan, &plan.events["signed_up"]);
    assert_eq!(schema["deprecated"], json!(true));
    assert_eq!(schema["examples"], json!([{ "email": "a@b.co" }]));
    jsonschema::meta::validate(&schema).unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    for example in schema["examples"].as_array().unwrap() {
        assert!(v.is_valid(example));
    }
}

#[test]
fn every_example_iglu_schema_passes_iglus_meta_schema() {
    let meta: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/iglu-self-desc-1-0-0.json")).unwrap();
    let meta = jsonschema::draft4::new(&meta).expect("the meta-schema compiles offline");
    let mut files = tplan_plan::PlanFiles::new();
    for (path, text) in tplan_plan::example::EXAMPLE_FILES {
        files.insert_bytes(*path, text.as_bytes().to_vec());
    }
    let plan = tplan_schema::plan_from_files(&files).unwrap();
    for event in plan.events.values() {
        let schema = iglu_schema(&plan, event);
        let errors: Vec<String> = meta.iter_errors(&schema).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", event.key);
    }
    // The meta-schema rejects what Iglu rejects: a bad version.
    let mut bad = iglu_schema(&plan, plan.events.values().next().unwrap());
    bad["self"]["version"] = json!("1.0.0");
    assert!(!meta.is_valid(&bad));
}

#[test]
fn a_nullable_enum_accepts_null() {
    let text = base("events/signed_up.toml").replace("format = \"email\"", "enum = [\"a@b.co\"]");
    let plan = plan_with(&[("events/signed_up.toml", Some(&text))]);
    let schema = event_schema(&plan, &plan.events["signed_up"]);
    assert_eq!(
        schema["properties"]["email"]["enum"],
        json!(["a@b.co", null])
    );
    let v = jsonschema::validator_for(&schema).unwrap();
    assert!(v.is_valid(&json!({"email": null})));
    assert!(!v.is_valid(&json!({"email": "x@y.z"})));
}

/// `signed_up` with `extra` inserted before its `[properties]`.
fn signed_up_with(extra: &str) -> String {
    base("events/signed_up.toml").replace("\n[properties]", &format!("{extra}\n\n[properties]"))
}

#[test]
fn schema_extra_passes_through_verbatim_and_counts_in_the_id() {
    let text = signed_up_with(
        r#"schema_extra = '{"minProperties": 1, "not": {"required": ["password"]}, "x-pii": null}'"#,
    );
    let plan = plan_with(&[("events/signed_up.toml", Some(&text))]);
    let event = plan.event("signed_up").unwrap();
    let schema = event_schema(&plan, event);
    assert_eq!(schema["minProperties"], json!(1));
    assert_eq!(schema["not"], json!({"required": ["password"]}));
    assert_eq!(schema["x-pii"], json!(null));
    assert_eq!(schema["type"], json!("object"));
    assert_eq!(iglu_schema(&plan, event)["minProperties"], json!(1));
    // A table works too, and a change of the extra changes the id.
    let table = signed_up_with("[schema_extra]\nminProperties = 2");
    let other = plan_with(&[("events/signed_up.toml", Some(&table))]);
    assert_eq!(
        event_schema(&other, other.event("signed_up").unwrap())["minProperties"],
        json!(2)
    );
    assert_ne!(other.event("signed_up").unwrap().id, event.id);
    let none = plan_with(&[]);
    assert_ne!(none.event("signed_up").unwrap().id, event.id);
}

#[test]
fn schema_extra_must_be_a_json_object_that_leaves_the_plan_s_keywords_alone() {
    for (extra, expected) in [
        ("schema_extra = '{\"oneOf\": [}'", "not JSON"),
        ("schema_extra = '[1, 2]'", "a JSON object"),
        (
            "schema_extra = '{\"required\": [\"email\"]}'",
            "`required` is written from the plan",
        ),
    ] {
        let loaded = tplan_schema::load(&files_with(&[(
            "events/signed_up.toml",
            Some(&signed_up_with(extra)),
        )]));
        assert_eq!(loaded.errors.len(), 1, "{extra}: {:?}", loaded.errors);
        let e = &loaded.errors[0];
        assert_eq!(e.file, "events/signed_up.toml");
        assert!(e.kind.to_string().contains(expected), "{extra}: {}", e.kind);
        assert_eq!(e.span.as_ref().unwrap().line, 4, "{extra}");
    }
}

#[test]
fn property_schema_extra_passes_through_and_may_not_contradict_the_plan() {
    let text = format!(
        "{}referrer = {{ description = \"Where from.\", schema_extra = '{{\"oneOf\": [{{\"type\": \"null\"}}, {{\"type\": \"string\", \"format\": \"uri\"}}], \"title\": \"Referrer\"}}' }}\n",
        base("events/signed_up.toml")
    );
    let plan = plan_with(&[("events/signed_up.toml", Some(&text))]);
    let event = plan.event("signed_up").unwrap();
    for schema in [event_schema(&plan, event), iglu_schema(&plan, event)] {
        let referrer = &schema["properties"]["referrer"];
        assert_eq!(referrer["title"], json!("Referrer"));
        assert_eq!(referrer["oneOf"][1]["format"], json!("uri"));
        assert!(referrer.get("type").is_none());
    }
    let v = jsonschema::validator_for(&event_schema(&plan, event)).unwrap();
    let payload = |r: serde_json::Value| json!({"email": null, "referrer": r});
    assert!(v.is_valid(&payload(json!(null))));
    assert!(v.is_valid(&payload(json!("https://acme.com"))));
    assert!(!v.is_valid(&payload(json!(3))));
    assert_ne!(plan_with(&[]).event("signed_up").unwrap().id, event.id);

    // A keyword the property sets, or a boolean `additionalProperties`, is refused.
    for (extra, expected) in [
        (
            "format = \"uri\", schema_extra = { format = \"email\" }",
            "`format` is written from the plan",
        ),
        (
            "type = \"object\", schema_extra = { additionalProperties = false }",
            "must be a schema",
        ),
        (
            "type = \"object\", additional_properties = false, schema_extra = { additionalProperties = { type = \"string\" } }",
            "refuses",
        ),
    ] {
        let text = format!(
            "{}referrer = {{ {extra} }}\n",
            base("events/signed_up.toml")
        );
        let loaded = tplan_schema::load(&files_with(&[("events/signed_up.toml", Some(&text))]));
        assert_eq!(loaded.errors.len(), 1, "{extra}: {:?}", loaded.errors);
        assert!(
            loaded.errors[0].kind.to_string().contains(expected),
            "{extra}: {}",
            loaded.errors[0].kind
        );
    }
}
