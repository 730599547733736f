//! One planned event as the catalog keeps it: its compact schema, split
//! into shared property parts when it is an object of properties.

use std::sync::OnceLock;

use serde_json::Value;

use crate::compile::{Compiled, compile, strip_annotations};
use tplan_plan::Plan;
use tplan_plan::model::{CallType, SchemaVer, Status};
use tplan_schema::event_schema;
use tplan_schema::keyword::keyword;

/// One planned event, as validation needs it.
#[derive(Debug)]
pub(crate) struct CatalogEvent {
    pub(crate) key: String,
    pub(crate) name: String,
    /// How it is sent: what a Segment-style payload's `type` must be.
    pub(crate) call_type: CallType,
    /// The sources it is planned for.
    pub(crate) sources: Vec<String>,
    /// Its Iglu vendor.
    pub(crate) vendor: String,
    /// Whether coverage counts it (active events; drafts and deprecated
    /// ones are not expected in traffic).
    pub(crate) expected: bool,
    /// Its current version (from the lock, `1-0-0` if never published).
    pub(crate) version: SchemaVer,
    /// How its payloads are checked.
    pub(crate) shape: Shape,
    /// Its Iglu (draft-04) schema, compact, for self-describing payloads,
    /// when it may differ in meaning from the 2020-12 one: only
    /// `schema_extra` keywords draft-04 cannot say can make it differ, so
    /// events without `schema_extra` have none.
    pub(crate) iglu: Option<(Box<[u8]>, OnceLock<Compiled>)>,
}

/// How an event's payloads are checked against the plan's schema.
#[derive(Debug)]
pub(crate) enum Shape {
    /// The whole schema compiled as one validator (compact JSON, compiled
    /// on first sight).
    Whole {
        schema: Box<[u8]>,
        compiled: OnceLock<Compiled>,
    },
    /// An object of properties (`type`, `properties`, `required`,
    /// `additionalProperties`), as the plan's events are: the object's
    /// keywords are checked here, each property's value by its subschema's
    /// validator. Identical subschemas across events share one validator,
    /// so 5,000 events cost what their distinct property shapes cost.
    Split {
        /// Property name and part index, sorted by name.
        properties: Box<[(Box<str>, u32)]>,
        required: Box<[Box<str>]>,
        additional: bool,
    },
}

/// Properties' subschemas (compact JSON), required names, open or closed.
pub(crate) type SplitForm = (Vec<(String, Vec<u8>)>, Vec<String>, bool);

/// The compact form of an event's schema: split, or whole.
pub(crate) type Compact = Result<SplitForm, Vec<u8>>;

/// An event as the catalog keeps it, before shapes are shared.
pub(crate) struct Item {
    pub(crate) key: String,
    pub(crate) name: String,
    pub(crate) call_type: CallType,
    pub(crate) sources: Vec<String>,
    pub(crate) vendor: String,
    pub(crate) expected: bool,
    pub(crate) version: SchemaVer,
    pub(crate) compact: Compact,
    pub(crate) iglu: Option<Vec<u8>>,
}

pub(crate) fn item(plan: &Plan, event: &tplan_plan::Event) -> Item {
    let mut schema = event_schema(plan, event);
    strip_annotations(&mut schema);
    let compact =
        split(&schema).ok_or_else(|| serde_json::to_vec(&schema).expect("a schema serialises"));
    let mut passes_through = event.schema_extra.is_some();
    for p in event.properties.values() {
        plan.resolve(p)
            .walk(&mut |_, q| passes_through |= q.schema_extra.is_some());
    }
    let iglu = passes_through.then(|| {
        let mut iglu = tplan_schema::iglu_schema(plan, event);
        if let Some(o) = iglu.as_object_mut() {
            o.remove("self");
            o.remove("$schema");
        }
        strip_annotations(&mut iglu);
        serde_json::to_vec(&iglu).expect("a schema serialises")
    });
    Item {
        key: event.key.to_string(),
        name: event.name.clone(),
        call_type: event.call_type,
        sources: event.sources.clone(),
        vendor: plan.vendor_of(event).to_string(),
        expected: event.status == Status::Active,
        version: plan.version_of(event.key.as_str()),
        compact,
        iglu,
    }
}

/// A property subschema shared by events.
#[derive(Debug)]
pub(crate) struct Part {
    pub(crate) schema: Box<[u8]>,
    pub(crate) compiled: OnceLock<Compiled>,
}

/// The split form of an object schema, when it has one: its properties'
/// subschemas (compact JSON), its required names, whether it is open.
pub(crate) fn split(schema: &Value) -> Option<SplitForm> {
    let o = schema.as_object()?;
    // Only keywords that shape an object's keys (the keyword table says
    // which) let the object be checked property by property.
    let shape = |k: &String| keyword(k).is_some_and(|k| k.object_shape);
    if !o.keys().all(shape) || o.get("type")? != "object" {
        return None;
    }
    let additional = match o.get("additionalProperties") {
        None => true,
        Some(Value::Bool(b)) => *b,
        Some(_) => return None,
    };
    let mut properties = Vec::new();
    for (name, sub) in o
        .get("properties")
        .map_or(Some(&serde_json::Map::new()), Value::as_object)?
    {
        let bytes = serde_json::to_vec(sub).ok()?;
        // A reference may point anywhere in the whole schema: keep it whole.
        if memchr::memmem::find(&bytes, b"\"$").is_some() {
            return None;
        }
        properties.push((name.clone(), bytes));
    }
    let required = match o.get("required") {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()?,
        Some(_) => return None,
    };
    Some((properties, required, additional))
}

impl Part {
    /// Its validator, compiled on first use.
    pub(crate) fn compiled(&self) -> &Compiled {
        self.compiled
            .get_or_init(|| compile(&serde_json::from_slice(&self.schema).expect("we wrote it")))
    }
}
