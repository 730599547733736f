use std::collections::BTreeMap;

use super::{Event, Lock, Manifest, Owner, Property, SchemaVer, SharedProperty, Source};
use crate::id::ObjectId;
use crate::key::Key;

/// One tracking plan: the folder holding `tplan.toml`, at some revision.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// `tplan.toml`
    pub manifest: Manifest,
    /// `owners/*.toml` by key.
    pub owners: BTreeMap<Key, Owner>,
    /// `properties/*.toml` by key.
    pub properties: BTreeMap<Key, SharedProperty>,
    /// `sources/*.toml` by key (none: events' sources are free names).
    pub sources: BTreeMap<Key, Source>,
    /// `events/*.toml` by key.
    pub events: BTreeMap<Key, Event>,
    /// `tplan.lock` (empty before the first publish).
    pub lock: Lock,
    /// Hash over the ids of every object, by kind and key.
    pub id: ObjectId,
    /// Events known by key only: listed unread by a diff's partial read
    /// (unchanged on both sides), not in `events`.
    pub unread_events: std::collections::BTreeSet<Key>,
}

impl Plan {
    /// The Iglu vendor of `event`: its own, else the plan's.
    pub fn vendor_of<'a>(&'a self, event: &'a Event) -> &'a str {
        event.vendor.as_deref().unwrap_or(&self.manifest.vendor)
    }

    /// Keeps only the events planned for `source` (their `sources` name
    /// it): what that app must send.
    pub fn keep_source(&mut self, source: &str) {
        self.events
            .retain(|_, e| e.sources.iter().any(|s| s == source));
    }

    /// Whether `event` refuses undeclared properties: its own
    /// `additional_properties`, else the plan's policy.
    pub fn is_closed(&self, event: &Event) -> bool {
        !event
            .additional_properties
            .unwrap_or(self.manifest.policy.additional_properties)
    }

    /// The event with key `key`.
    pub fn event(&self, key: &str) -> Option<&Event> {
        self.events.get(key)
    }

    /// The event with key or `name` `query` (`checkout_completed` or
    /// `Checkout Completed`).
    pub fn find_event(&self, query: &str) -> Option<&Event> {
        self.events
            .get(query)
            .or_else(|| self.events.values().find(|e| e.name == query))
    }

    /// A property as the event means it: a `ref` resolved to its shared
    /// definition with the use site's overrides, recursively.
    pub fn resolve(&self, property: &Property) -> Property {
        let mut resolved = match &property.reference {
            Some(key) => match self.properties.get(key) {
                Some(shared) => property.overlay_on(&shared.property),
                // Parsing refuses unknown refs; keep the use site as written.
                None => property.clone(),
            },
            None => property.clone(),
        };
        if let Some(items) = resolved.items.take() {
            resolved.items = Some(Box::new(self.resolve(&items)));
        }
        if let Some(props) = resolved.properties.take() {
            resolved.properties = Some(
                props
                    .into_iter()
                    .map(|(name, p)| {
                        let r = self.resolve(&p);
                        (name, r)
                    })
                    .collect(),
            );
        }
        resolved
    }

    /// The version an event's schema carries: its published version from
    /// `tplan.lock`, or `1-0-0` when it was never published.
    pub fn version_of(&self, event: &str) -> SchemaVer {
        self.lock.version_of(event).unwrap_or(SchemaVer::FIRST)
    }

    /// Keys of the events that reference the shared property `key`,
    /// at any depth.
    pub fn events_using(&self, key: &str) -> Vec<&Key> {
        self.events
            .values()
            .filter(|e| {
                e.properties.values().any(|p| {
                    let mut found = false;
                    p.walk(&mut |_, q| {
                        found |= q.reference.as_ref().is_some_and(|r| r.as_str() == key)
                    });
                    found
                })
            })
            .map(|e| &e.key)
            .collect()
    }
}
