//! The events of a plan as `tplan ls` reports them.

use serde::Serialize;

use crate::id::ObjectId;
use crate::key::Key;
use crate::model::{Plan, SchemaVer, Status};

/// The plan and one row per event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listing {
    /// The plan's name (`[plan] name`).
    pub plan: String,
    /// The Iglu vendor of its schemas.
    pub vendor: String,
    /// The plan release (`[plan] version`).
    pub version: semver::Version,
    /// The plan's content id.
    pub id: ObjectId,
    /// Every event, in key order.
    pub events: Vec<ListedEvent>,
}

/// One event of a [`Listing`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListedEvent {
    /// The event's key (its file name).
    pub key: Key,
    /// The name payloads carry.
    pub name: String,
    /// How it is sent: `track`, `identify`, `group`, `page`, `screen`.
    #[serde(rename = "type")]
    pub call_type: crate::model::CallType,
    /// The owner's key.
    pub owner: Option<Key>,
    /// `draft`, `active` or `deprecated`.
    pub status: Status,
    /// How many top-level properties it has.
    pub properties: usize,
    /// The SchemaVer its schema carries: the last published, `1-0-0` before.
    pub version: SchemaVer,
    /// The event's content id.
    pub id: ObjectId,
}

impl Listing {
    /// Keeps only the events `plan` plans for `source` (`sources = [...]`).
    pub fn keep_source(&mut self, plan: &Plan, source: &str) {
        let planned = |key: &Key| {
            plan.events
                .get(key.as_str())
                .is_some_and(|e| e.sources.iter().any(|s| s == source))
        };
        self.events.retain(|e| planned(&e.key));
    }

    /// The listing of `plan`.
    pub fn of(plan: &Plan) -> Listing {
        Listing {
            plan: plan.manifest.name.clone(),
            vendor: plan.manifest.vendor.clone(),
            version: plan.manifest.version.clone(),
            id: plan.id,
            events: plan
                .events
                .values()
                .map(|e| ListedEvent {
                    key: e.key.clone(),
                    name: e.name.clone(),
                    call_type: e.call_type,
                    owner: e.owner.clone(),
                    status: e.status,
                    properties: e.properties.len(),
                    version: plan.version_of(e.key.as_str()),
                    id: e.id,
                })
                .collect(),
        }
    }
}
