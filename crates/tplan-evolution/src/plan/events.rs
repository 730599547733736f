//! Events compared key by key: changed ones classified on their compiled
//! schemas, removed, added, re-added after a removal, or renamed.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use tplan_plan::model::Event;
use tplan_plan::{Key, Plan, SchemaVer};
use tplan_schema::event_schema;

use super::error::DiffError;
use super::metadata::event_metadata;
use crate::bump::{EventClass, EventOutcome, event_version, publish_class};
use crate::class::Class;
use crate::classify::{Options, SchemaChange, classify};
use crate::edit::Edit;
use crate::report::{Change, EventReport};
use crate::rules::{self, Rule};
use crate::subject::Subject;

/// What comparing the events found.
#[derive(Default)]
pub(super) struct Events<'a> {
    /// Changes to events as a whole and to their metadata.
    pub changes: Vec<Change>,
    /// Every event that is not unchanged, by key.
    pub reports: Vec<EventReport>,
    /// Each changed event's schema changes, for shared-property
    /// attribution.
    pub schemas: BTreeMap<&'a Key, Vec<SchemaChange>>,
}

/// The two plans and how to classify their schemas.
struct Sides<'a> {
    old: &'a Plan,
    new: &'a Plan,
    options: &'a Options,
    declared: &'a BTreeMap<String, Class>,
}

/// Compares every event key of `old` and `new`.
pub(super) fn events<'a>(
    old: &'a Plan,
    new: &'a Plan,
    options: &'a Options,
    declared: &'a BTreeMap<String, Class>,
) -> Result<Events<'a>, DiffError> {
    let sides = Sides {
        old,
        new,
        options,
        declared,
    };
    let keys: BTreeSet<&Key> = old.events.keys().chain(new.events.keys()).collect();
    let renamed_from = renames(old, new, &keys);
    let mut found = Events::default();
    for key in keys {
        let current = old.lock.version_of(key.as_str());
        match (old.events.get(key), new.events.get(key)) {
            (Some(o), Some(n)) if o.id != n.id => {
                sides.changed(key, (o, n), current, &mut found)?
            }
            (Some(o), None) => {
                let renamed = renamed_from.values().any(|r| r.key == *key);
                removed(key, o, current, renamed, &mut found);
            }
            (None, Some(n)) => {
                let from = renamed_from.get(key).map(|r| {
                    let published = old.lock.version_of(r.key.as_str()).is_some();
                    (r.key.clone(), published)
                });
                added(key, n, current, from, &mut found);
            }
            _ => {}
        }
    }
    Ok(found)
}

/// A removed and an added event with one name, or one content, are a
/// rename: the same event under a new key. Added key -> removed event.
fn renames<'a>(
    old: &'a Plan,
    new: &'a Plan,
    keys: &BTreeSet<&'a Key>,
) -> BTreeMap<&'a Key, &'a Event> {
    let removed: Vec<&Event> = keys
        .iter()
        .filter_map(|k| old.events.get(*k).filter(|_| !new.events.contains_key(*k)))
        .collect();
    let added = keys
        .iter()
        .filter_map(|k| new.events.get(*k).filter(|_| !old.events.contains_key(*k)));
    let mut renamed_from: BTreeMap<&Key, &Event> = BTreeMap::new();
    for a in added {
        if let Some(r) = removed.iter().find(|r| {
            (r.name == a.name || r.id == a.id) && !renamed_from.values().any(|x| x.key == r.key)
        }) {
            renamed_from.insert(&a.key, r);
        }
    }
    renamed_from
}

impl<'a> Sides<'a> {
    /// An event on both sides whose content differs: its schema changes,
    /// its metadata changes, and its bump.
    fn changed(
        &self,
        key: &'a Key,
        (o, n): (&Event, &Event),
        current: Option<SchemaVer>,
        found: &mut Events<'a>,
    ) -> Result<(), DiffError> {
        let mut schema_changes = classify(
            &event_schema(self.old, o),
            &event_schema(self.new, n),
            self.options,
        )
        .map_err(|error| DiffError::Classify {
            event: key.clone(),
            error,
        })?;
        let meta = event_metadata(o, n);
        plan_renames(&mut schema_changes, (o, n), current.is_some());
        let retyped = o.call_type != n.call_type;
        let (old_vendor, new_vendor) = (self.old.vendor_of(o), self.new.vendor_of(n));
        let revendored = old_vendor != new_vendor;
        let computed = schema_changes
            .iter()
            .map(|c| c.class)
            .chain(meta.iter().map(|_| Class::Metadata))
            .chain((retyped || revendored).then_some(Class::Model))
            .max()
            .unwrap_or(Class::None);
        let declared = self.declared.get(key.as_str()).copied();
        let (published, _noted) = publish_class(key, computed, declared)?;
        let outcome = if published == Class::None {
            EventOutcome::Unchanged
        } else {
            EventOutcome::Changed(published)
        };
        if retyped {
            let types = (
                Some(json!(o.call_type.as_str())),
                Some(json!(n.call_type.as_str())),
            );
            let rule = &rules::event_type_changed::RULE;
            let change = event_change(key, rule, "type".into(), types, Edit::Changed);
            found.changes.push(change);
        }
        if revendored {
            let vendors = (Some(json!(old_vendor)), Some(json!(new_vendor)));
            let rule = &rules::event_vendor_changed::RULE;
            let change = event_change(key, rule, "vendor".into(), vendors, Edit::Changed);
            found.changes.push(change);
        }
        for (field, a, b) in meta {
            let edit = Edit::between(a.as_ref(), b.as_ref());
            let rule = &rules::metadata_changed::RULE;
            found
                .changes
                .push(event_change(key, rule, field, (a, b), edit));
        }
        found.schemas.insert(key, schema_changes);
        if outcome != EventOutcome::Unchanged {
            found.reports.push(EventReport {
                key: key.clone(),
                name: n.name.clone(),
                outcome,
                class: class_label(outcome, computed),
                old_version: current,
                new_version: event_version(outcome, current),
                renamed_from: None,
            });
        }
        Ok(())
    }
}

/// What only the plan knows about renamed properties: in a published
/// event, the data collected so far has the old name only (model); a
/// property that keeps its old name as an alias adds the new one (the
/// class of adding it), named as the rename it is.
fn plan_renames(changes: &mut [SchemaChange], (o, n): (&Event, &Event), published: bool) {
    for c in changes.iter_mut() {
        if published && std::ptr::eq(c.rule, &rules::optional_property_renamed::RULE) {
            c.rule = &rules::property_renamed_published::RULE;
            c.class = Class::Model;
            continue;
        }
        let added = std::ptr::eq(c.rule, &rules::optional_property_added_open::RULE)
            || std::ptr::eq(c.rule, &rules::optional_property_added_closed::RULE);
        let Some(name) = c.path.strip_prefix("properties/").filter(|_| added) else {
            continue;
        };
        let old_name = n.properties.get(name).and_then(|p| {
            p.aliases.iter().flatten().find(|a| {
                o.properties.contains_key(a.as_str()) && !n.properties.contains_key(a.as_str())
            })
        });
        if let Some(old_name) = old_name {
            c.rule = &rules::property_renamed_aliased::RULE;
            c.old = Some(json!(old_name));
            c.new = Some(json!(name));
        }
    }
}

/// An event gone; a renamed one is reported with its new key.
fn removed(
    key: &Key,
    o: &Event,
    current: Option<SchemaVer>,
    renamed: bool,
    found: &mut Events<'_>,
) {
    if !renamed {
        // Nothing was collected against a schema never released.
        let rule = match current {
            Some(_) => &rules::event_removed::RULE,
            None => &rules::event_removed_unpublished::RULE,
        };
        found.changes.push(event_change(
            key,
            rule,
            String::new(),
            (Some(json!(o.name)), None),
            Edit::Removed,
        ));
    }
    found.reports.push(EventReport {
        key: key.clone(),
        name: o.name.clone(),
        outcome: EventOutcome::Removed,
        class: EventClass::Removed,
        old_version: current,
        new_version: None,
        renamed_from: None,
    });
}

/// A new key: added, renamed from `from`, or back after a removal.
fn added(
    key: &Key,
    n: &Event,
    current: Option<SchemaVer>,
    renamed: Option<(Key, bool)>,
    found: &mut Events<'_>,
) {
    let from = renamed.as_ref().map(|(k, _)| k.clone());
    // Renamed before its first publish: nothing was collected under the
    // old key.
    let rename_rule = match renamed {
        Some((_, false)) => &rules::event_renamed_unpublished::RULE,
        _ => &rules::event_renamed::RULE,
    };
    // Published before (its key is in the lock) and back now.
    let outcome = match (&from, current) {
        (None, Some(_)) => EventOutcome::Readded(Class::Model),
        _ => EventOutcome::Added,
    };
    // A rename replaces a key by a name: not prose, never reworded.
    let (rule, old_value, edit): (&'static Rule, _, _) = match (&from, outcome) {
        (Some(f), _) => (rename_rule, Some(json!(f.as_str())), Edit::Changed),
        (None, EventOutcome::Readded(_)) => (&rules::event_readded::RULE, None, Edit::Added),
        _ => (&rules::event_added::RULE, None, Edit::Added),
    };
    let values = (old_value, Some(json!(n.name)));
    let mut change = event_change(key, rule, String::new(), values, edit);
    if let EventOutcome::Readded(c) = outcome {
        // The last published schema is not in the plan: never safer than
        // proven until publish compares with it.
        change.class = c;
    }
    found.changes.push(change);
    found.reports.push(EventReport {
        key: key.clone(),
        name: n.name.clone(),
        outcome,
        class: outcome.class(),
        old_version: current,
        new_version: event_version(outcome, current),
        renamed_from: from,
    });
}

/// The class a changed event shows: what its changes need, even when a
/// declared bump publishes more.
fn class_label(outcome: EventOutcome, computed: Class) -> EventClass {
    match outcome {
        EventOutcome::Changed(_) | EventOutcome::Readded(_) => EventClass::Changed(computed),
        other => other.class(),
    }
}

/// A change to the event `key` as a whole, or to one of its fields.
fn event_change(
    key: &Key,
    rule: &'static Rule,
    path: String,
    (old, new): (Option<Value>, Option<Value>),
    edit: Edit,
) -> Change {
    let decided = SchemaChange {
        edit,
        ..SchemaChange::new(rule, path, old, new)
    };
    Change::new(Subject::Event(key.clone()), decided)
}
