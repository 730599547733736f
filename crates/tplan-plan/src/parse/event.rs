//! `events/<key>.toml`

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde_json::{Map, Value};
use toml::de::DeTable;

use super::doc::{Doc, Item};
use super::extra;
use super::property::{Place, Refs, check_property_name, parse_property};
use crate::error::{ErrorKind, suggest};
use crate::id::ObjectId;
use crate::key::Key;
use crate::model::{CallType, Event, Property, Status};

pub const EVENT_KEYS: &[&str] = &[
    "name",
    "type",
    "vendor",
    "description",
    "owner",
    "status",
    "deprecated_since",
    "sunset",
    "replaced_by",
    "sources",
    "tags",
    "additional_properties",
    "examples",
    "schema_extra",
    "properties",
];

/// An event with the spans that checks across files need.
pub(crate) struct ParsedEvent {
    pub event: Event,
    pub name_span: Range<usize>,
    pub replaced_by_span: Option<Range<usize>>,
}

pub(crate) fn parse_event(
    doc: &mut Doc<'_>,
    key: Key,
    table: &DeTable<'_>,
    owners: &BTreeSet<String>,
    refs: &Refs<'_>,
) -> Option<ParsedEvent> {
    let before = doc.errors.len();
    let mut name = None;
    let mut name_span = 0..0;
    let mut event = Event {
        key,
        name: String::new(),
        call_type: CallType::Track,
        vendor: None,
        description: None,
        owner: None,
        status: Status::Active,
        deprecated_since: None,
        sunset: None,
        replaced_by: None,
        sources: Vec::new(),
        tags: Vec::new(),
        additional_properties: None,
        examples: Vec::new(),
        schema_extra: None,
        properties: BTreeMap::new(),
        id: ObjectId::default(),
    };
    let mut replaced_by_span = None;
    for (k, v) in table.iter() {
        let key = k.get_ref().as_ref();
        match key {
            "name" => {
                name = doc.text_value(key, v);
                name_span = v.span();
            }
            "type" => {
                let Some(s) = doc.string(key, v) else {
                    continue;
                };
                match CallType::parse(&s) {
                    Some(t) => event.call_type = t,
                    None => doc.invalid(
                        key,
                        v.span(),
                        format!(
                            "`{s}` is no call type: use track, identify, group, page or screen"
                        ),
                    ),
                }
            }
            "vendor" => {
                let Some(s) = doc.string(key, v) else {
                    continue;
                };
                if super::manifest::valid_vendor(&s) {
                    event.vendor = Some(s);
                } else {
                    doc.invalid(
                        key,
                        v.span(),
                        format!("`{s}` is not an Iglu vendor like `com.acme` (letters, digits, `.`, `_`, `-`)"),
                    );
                }
            }
            "description" => event.description = doc.string(key, v),
            "owner" => event.owner = owner(doc, v, owners),
            "status" => {
                if let Some(status) = status(doc, v) {
                    event.status = status;
                }
            }
            "deprecated_since" => event.deprecated_since = doc.date(key, v),
            "sunset" => event.sunset = doc.date(key, v),
            "replaced_by" => {
                let Some(s) = doc.string(key, v) else {
                    continue;
                };
                match Key::new(&s) {
                    Ok(k) => {
                        event.replaced_by = Some(k);
                        replaced_by_span = Some(v.span());
                    }
                    Err(e) => doc.invalid(key, v.span(), e.to_string()),
                }
            }
            "sources" => event.sources = doc.string_set(key, v).unwrap_or_default(),
            "tags" => event.tags = doc.string_set(key, v).unwrap_or_default(),
            "additional_properties" => event.additional_properties = doc.boolean(key, v),
            "examples" => event.examples = examples(doc, v),
            "schema_extra" => {
                if let Some(map) = extra::read(doc, key, v) {
                    event.schema_extra = Some(map);
                }
            }
            "properties" => event.properties = properties(doc, v, refs),
            _ => doc.unknown_key(k, "an event", EVENT_KEYS),
        }
    }
    match name {
        Some(n) => event.name = n,
        None if doc.errors.len() == before => doc.missing_key(0..0, "name", "an event"),
        None => {}
    }
    check_deprecation(doc, table, &event);
    (doc.errors.len() == before).then_some(ParsedEvent {
        event,
        name_span,
        replaced_by_span,
    })
}

/// Deprecation fields only on a deprecated event, and a sunset after the
/// deprecation.
fn check_deprecation(doc: &mut Doc<'_>, table: &DeTable<'_>, event: &Event) {
    if event.status != Status::Deprecated {
        for (field, set) in [
            ("deprecated_since", event.deprecated_since.is_some()),
            ("sunset", event.sunset.is_some()),
            ("replaced_by", event.replaced_by.is_some()),
        ] {
            if set {
                let span = table.get(field).map(|v| v.span()).unwrap_or(0..0);
                doc.invalid(
                    field,
                    span,
                    "only a `deprecated` event has this; set `status = \"deprecated\"`",
                );
            }
        }
    }
    if let (Some(since), Some(sunset)) = (event.deprecated_since, event.sunset)
        && sunset < since
    {
        let span = table.get("sunset").map(|v| v.span()).unwrap_or(0..0);
        doc.invalid(
            "sunset",
            span,
            format!("{sunset} is before `deprecated_since` ({since})"),
        );
    }
}

/// `owner`: the key of an owner file.
fn owner(doc: &mut Doc<'_>, v: &Item<'_>, owners: &BTreeSet<String>) -> Option<Key> {
    let owner = doc.string("owner", v)?;
    if !owners.contains(&owner) {
        let suggestion = suggest(&owner, owners.iter().map(String::as_str));
        doc.error(
            v.span(),
            ErrorKind::UnknownOwner {
                name: owner,
                suggestion,
            },
        );
        return None;
    }
    Key::new(&owner).ok()
}

/// `status`: `draft`, `active` or `deprecated`.
fn status(doc: &mut Doc<'_>, v: &Item<'_>) -> Option<Status> {
    let s = doc.string("status", v)?;
    let status = Status::parse(&s);
    if status.is_none() {
        doc.invalid(
            "status",
            v.span(),
            format!("`{s}` is not a status; use `draft`, `active` or `deprecated`"),
        );
    }
    status
}

/// `examples`: a list of example payloads (tables).
fn examples(doc: &mut Doc<'_>, v: &Item<'_>) -> Vec<Map<String, Value>> {
    let mut out = Vec::new();
    match doc.json("examples", v) {
        Some(Value::Array(items)) => {
            for item in items {
                match item {
                    Value::Object(map) => out.push(map),
                    _ => {
                        doc.wrong_type("examples", v, "a list of tables (example payloads)");
                        break;
                    }
                }
            }
        }
        Some(_) => doc.wrong_type("examples", v, "a list of tables (example payloads)"),
        None => {}
    }
    out
}

/// `[properties]`: each property by name.
fn properties(doc: &mut Doc<'_>, v: &Item<'_>, refs: &Refs<'_>) -> BTreeMap<String, Property> {
    let mut out = BTreeMap::new();
    let Some(props) = doc.table("properties", v) else {
        return out;
    };
    for (name, item) in props.iter() {
        let name_str = name.get_ref().as_ref();
        if let Err(message) = check_property_name(name_str) {
            doc.invalid("properties", name.span(), message);
            continue;
        }
        if let Some(p) = parse_property(doc, name_str, item, Place::Field, Some(refs)) {
            out.insert(name_str.to_string(), p);
        }
    }
    super::aliases::check_aliases(doc, &out, v.span());
    out
}
