use std::collections::BTreeMap;

use super::SchemaVer;
use crate::key::Key;

/// `tplan.lock`: the published version of each event, written only by
/// publish.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lock {
    /// Published events by key.
    pub events: BTreeMap<Key, LockedEvent>,
}

/// One event's last published version.
#[derive(Debug, Clone, PartialEq)]
pub struct LockedEvent {
    /// The SchemaVer of its last published schema.
    pub version: SchemaVer,
    /// The id of the event object that was published (64 hex).
    pub id: String,
}

impl Lock {
    /// The published version of `event`, if it was ever published.
    pub fn version_of(&self, event: &str) -> Option<SchemaVer> {
        self.events.get(event).map(|e| e.version)
    }
}
