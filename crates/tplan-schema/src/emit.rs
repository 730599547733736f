//! Events compiled to JSON Schema draft 2020-12, and to Iglu
//! self-describing schemas.
//!
//! The JSON Schema is what the diff engine classifies and payload validation
//! uses. The Iglu form is for Snowplow's registries and validators, which
//! read draft-04: it is the same schema brought down by
//! [`crate::dialect::to_draft4`] (exclusive bounds as flags, `const` as a
//! one-value `enum`, and so on for `schema_extra`).

use std::fmt;

use serde_json::{Map, Value, json};

use tplan_plan::canonical::normalize_number;
use tplan_plan::model::{Event, JsonType, Plan, Property, SchemaVer, Status};

/// The draft 2020-12 meta-schema URI.
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";
/// The meta-schema of Iglu self-describing schemas.
pub const IGLU_SELF_DESC: &str =
    "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#";

/// An Iglu schema URI: `iglu:com.acme/checkout_completed/jsonschema/1-0-0`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IgluUri {
    /// The vendor (`com.acme`).
    pub vendor: String,
    /// The schema name (an event key).
    pub name: String,
    /// The format, always `jsonschema` for tplan.
    pub format: String,
    /// The SchemaVer.
    pub version: SchemaVer,
}

impl serde::Serialize for IgluUri {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl IgluUri {
    /// Parses `iglu:vendor/name/format/M-R-A`.
    pub fn parse(s: &str) -> Option<IgluUri> {
        let rest = s.strip_prefix("iglu:")?;
        let mut parts = rest.split('/');
        let (vendor, name, format, version) =
            (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || !tplan_plan::parse::valid_vendor(vendor) {
            return None;
        }
        let ident = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        };
        if !ident(name) || !ident(format) {
            return None;
        }
        Some(IgluUri {
            vendor: vendor.to_string(),
            name: name.to_string(),
            format: format.to_string(),
            version: SchemaVer::parse(version)?,
        })
    }

    /// The registry path of the schema: `schemas/<vendor>/<name>/<format>/<M-R-A>`.
    pub fn registry_path(&self) -> String {
        format!(
            "schemas/{}/{}/{}/{}",
            self.vendor, self.name, self.format, self.version
        )
    }
}

impl fmt::Display for IgluUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "iglu:{}/{}/{}/{}",
            self.vendor, self.name, self.format, self.version
        )
    }
}

/// The Iglu URI of `event` at `version` in `plan`.
pub fn iglu_uri(plan: &Plan, event: &Event, version: SchemaVer) -> IgluUri {
    IgluUri {
        vendor: plan.vendor_of(event).to_string(),
        name: event.key.to_string(),
        format: "jsonschema".into(),
        version,
    }
}

/// What [`export`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// `<event>.json`: one JSON Schema (draft 2020-12) per event.
    JsonSchema,
    /// `schemas/<vendor>/<event>/jsonschema/<M-R-A>`: a static Iglu registry.
    Iglu,
}

/// Every event's schema as `(relative path, pretty JSON text)`, rendered in
/// parallel, in event key order.
pub fn export(plan: &Plan, kind: ExportKind) -> Vec<(String, String)> {
    use rayon::prelude::*;
    plan.events
        .par_iter()
        .map(|(key, event)| {
            let (path, schema) = match kind {
                ExportKind::JsonSchema => (format!("{key}.json"), event_schema(plan, event)),
                ExportKind::Iglu => {
                    let uri = iglu_uri(plan, event, plan.version_of(key.as_str()));
                    (uri.registry_path(), iglu_schema(plan, event))
                }
            };
            let mut text = serde_json::to_string_pretty(&schema).expect("a JSON value serialises");
            text.push('\n');
            (path, text)
        })
        .collect()
}

/// The JSON Schema (draft 2020-12) of `event`: title = name, closed unless
/// the event or the policy opens it, shared properties inlined.
pub fn event_schema(plan: &Plan, event: &Event) -> Value {
    // Keys in reading order: identity first, then the shape.
    let mut schema = Map::new();
    schema.insert("$schema".into(), json!(DRAFT_2020_12));
    schema.extend(body(plan, event));
    Value::Object(schema)
}

/// The Iglu self-describing schema of `event` at its version in
/// `tplan.lock` (`1-0-0` when never published).
pub fn iglu_schema(plan: &Plan, event: &Event) -> Value {
    iglu_schema_at(plan, event, plan.version_of(event.key.as_str()))
}

/// The Iglu self-describing schema of `event` at `version`.
pub fn iglu_schema_at(plan: &Plan, event: &Event, version: SchemaVer) -> Value {
    let uri = iglu_uri(plan, event, version);
    let mut schema = Map::new();
    schema.insert("$schema".into(), json!(IGLU_SELF_DESC));
    schema.insert(
        "self".into(),
        json!({
            "vendor": uri.vendor,
            "name": uri.name,
            "format": uri.format,
            "version": uri.version.to_string(),
        }),
    );
    let (draft4, _gaps) = crate::dialect::to_draft4(&Value::Object(body(plan, event)));
    if let Value::Object(body) = draft4 {
        schema.extend(body);
    }
    Value::Object(schema)
}

/// What `event`'s Iglu schema cannot say: `schema_extra` keywords with no
/// draft-04 form (`propertyNames at properties/x`). Only pass-through
/// keywords can have none, so events without them are not compiled.
pub fn iglu_gaps(plan: &Plan, event: &Event) -> Vec<crate::dialect::Gap> {
    let mut extra = event.schema_extra.is_some();
    for p in event.properties.values() {
        plan.resolve(p)
            .walk(&mut |_, q| extra |= q.schema_extra.is_some());
    }
    if !extra {
        return Vec::new();
    }
    crate::dialect::to_draft4(&Value::Object(body(plan, event))).1
}

fn body(plan: &Plan, event: &Event) -> Map<String, Value> {
    let additional = event
        .additional_properties
        .unwrap_or(plan.manifest.policy.additional_properties);
    let mut s = Map::new();
    s.insert("title".into(), json!(event.name));
    if let Some(d) = &event.description {
        s.insert("description".into(), json!(d));
    }
    s.insert("type".into(), json!("object"));
    object_fields(plan, &event.properties, additional, &mut s);
    if event.status == Status::Deprecated {
        s.insert("deprecated".into(), json!(true));
    }
    if !event.examples.is_empty() {
        let examples = event.examples.iter().cloned().map(Value::Object).collect();
        s.insert("examples".into(), Value::Array(examples));
    }
    if let Some(extra) = &event.schema_extra {
        for (k, v) in extra {
            s.insert(k.clone(), v.clone());
        }
    }
    s
}

/// Writes `properties`, `required` and `additionalProperties` of an object.
fn object_fields(
    plan: &Plan,
    properties: &std::collections::BTreeMap<String, Property>,
    additional: bool,
    out: &mut Map<String, Value>,
) {
    let mut props = Map::new();
    let mut required = Vec::new();
    for (name, p) in properties {
        let resolved = plan.resolve(p);
        if resolved.required {
            required.push(json!(name));
        }
        let schema = property_schema(plan, &resolved, additional);
        // A name it had before a rename: accepted as it was.
        for alias in resolved.aliases.iter().flatten() {
            if !properties.contains_key(alias) {
                props.insert(alias.clone(), schema.clone());
            }
        }
        props.insert(name.clone(), schema);
    }
    out.insert("properties".into(), Value::Object(props));
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    out.insert("additionalProperties".into(), json!(additional));
}

/// The schema of a resolved property. `inherited` is the enclosing
/// object's `additional_properties`, which nested objects follow unless they
/// set their own.
fn property_schema(plan: &Plan, p: &Property, inherited: bool) -> Value {
    let mut s = Map::new();
    if let Some(types) = &p.types {
        s.insert("type".into(), types.to_json());
    }
    if let Some(d) = &p.description {
        s.insert("description".into(), json!(d));
    }
    if let Some(values) = &p.enum_values {
        let mut values = values.clone();
        // TOML has no null: a nullable property's enum lists its other
        // values, and null is allowed by the type, as the author means.
        if p.types.as_ref().is_some_and(|t| t.contains(JsonType::Null))
            && !values.contains(&Value::Null)
        {
            values.push(Value::Null);
        }
        s.insert("enum".into(), Value::Array(values));
    }
    if let Some(c) = &p.const_value {
        s.insert("const".into(), (**c).clone());
    }
    if let Some(f) = &p.format {
        s.insert("format".into(), json!(f));
    }
    if let Some(pat) = &p.pattern {
        s.insert("pattern".into(), json!(pat));
    }
    let num = |n: &serde_json::Number| Value::Number(normalize_number(n));
    for (key, n) in [
        ("minimum", &p.minimum),
        ("maximum", &p.maximum),
        ("exclusiveMinimum", &p.exclusive_minimum),
        ("exclusiveMaximum", &p.exclusive_maximum),
    ] {
        if let Some(n) = n {
            s.insert(key.into(), num(n));
        }
    }
    if let Some(n) = &p.multiple_of {
        s.insert("multipleOf".into(), num(n));
    }
    for (key, n) in [
        ("minLength", p.min_length),
        ("maxLength", p.max_length),
        ("minItems", p.min_items),
        ("maxItems", p.max_items),
    ] {
        if let Some(n) = n {
            s.insert(key.into(), json!(n));
        }
    }
    if let Some(u) = p.unique_items {
        s.insert("uniqueItems".into(), json!(u));
    }
    if let Some(items) = &p.items {
        s.insert("items".into(), property_schema(plan, items, inherited));
    }
    match &p.properties {
        Some(props) => {
            // A declared shape follows the enclosing object's closedness.
            let additional = p.additional_properties.unwrap_or(inherited);
            object_fields(plan, props, additional, &mut s);
        }
        None => {
            // An object without declared properties is free-form unless it
            // says otherwise.
            if let Some(a) = p.additional_properties {
                s.insert("additionalProperties".into(), json!(a));
            }
        }
    }
    if let Some(d) = &p.default {
        s.insert("default".into(), (**d).clone());
    }
    if let Some(e) = &p.examples {
        s.insert("examples".into(), Value::Array(e.clone()));
    }
    if let Some(d) = p.deprecated {
        s.insert("deprecated".into(), json!(d));
    }
    if let Some(extra) = &p.schema_extra {
        for (k, v) in extra.iter() {
            s.insert(k.clone(), v.clone());
        }
    }
    Value::Object(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iglu_uris_round_trip() {
        let s = "iglu:com.acme/checkout_completed/jsonschema/1-0-2";
        let uri = IgluUri::parse(s).unwrap();
        assert_eq!(uri.to_string(), s);
        assert_eq!(
            uri.registry_path(),
            "schemas/com.acme/checkout_completed/jsonschema/1-0-2"
        );
        for bad in [
            "iglu:com.acme/x/jsonschema",
            "http:x",
            "iglu:../x/jsonschema/1-0-0",
            "iglu:a/b/c/1-0-0/x",
        ] {
            assert!(IgluUri::parse(bad).is_none(), "{bad}");
        }
    }
}
