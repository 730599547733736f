//! One event as `tplan show --format json` reports it: its fields, id and
//! version, with the properties as its JSON Schema resolves them.

use serde::Serialize;
use serde_json::{Value, json};
use tplan_plan::model::{Date, Event, Plan, SchemaVer, Status};
use tplan_plan::{Key, ObjectId};

use crate::emit::{IgluUri, event_schema, iglu_uri};

/// An event, resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventView {
    /// The event's key (its file name).
    pub key: Key,
    /// The name payloads carry.
    pub name: String,
    /// How it is sent: `track`, `identify`, `group`, `page`, `screen`.
    #[serde(rename = "type")]
    pub call_type: tplan_plan::model::CallType,
    /// What the event means.
    pub description: Option<String>,
    /// The owner's key.
    pub owner: Option<Key>,
    /// `draft`, `active` or `deprecated`.
    pub status: Status,
    /// When it was deprecated.
    pub deprecated_since: Option<Date>,
    /// When it stops being accepted.
    pub sunset: Option<Date>,
    /// The event that replaces it.
    pub replaced_by: Option<Key>,
    /// The apps that send it.
    pub sources: Vec<String>,
    /// Free labels.
    pub tags: Vec<String>,
    /// The event's content id.
    pub id: ObjectId,
    /// The SchemaVer its schema carries.
    pub version: SchemaVer,
    /// Its Iglu URI at that version.
    pub iglu: IgluUri,
    /// The JSON Schema of each property, shared ones resolved.
    pub properties: Value,
    /// The required property names.
    pub required: Value,
    /// The schema's `additionalProperties`.
    pub additional_properties: Value,
}

impl EventView {
    /// The view of `event` in `plan`.
    pub fn of(plan: &Plan, event: &Event) -> EventView {
        let schema = event_schema(plan, event);
        let version = plan.version_of(event.key.as_str());
        EventView {
            key: event.key.clone(),
            name: event.name.clone(),
            call_type: event.call_type,
            description: event.description.clone(),
            owner: event.owner.clone(),
            status: event.status,
            deprecated_since: event.deprecated_since,
            sunset: event.sunset,
            replaced_by: event.replaced_by.clone(),
            sources: event.sources.clone(),
            tags: event.tags.clone(),
            id: event.id,
            version,
            iglu: iglu_uri(plan, event, version),
            properties: schema["properties"].clone(),
            required: schema.get("required").cloned().unwrap_or(json!([])),
            additional_properties: schema["additionalProperties"].clone(),
        }
    }
}
