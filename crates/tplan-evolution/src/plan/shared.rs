//! Shared properties: a change that comes from a changed shared property
//! is reported once, with every event it reaches; a shared property that
//! changed without reaching any event is still a change to the plan.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use tplan_plan::model::Event;
use tplan_plan::{Key, Plan};

use crate::classify::SchemaChange;
use crate::edit::Edit;
use crate::report::Change;
use crate::rules;
use crate::subject::Subject;

/// Shared key, path inside it, rule, old and new value: one change.
type SharedChange = (Key, String, &'static str, String, String);

/// The changes of each changed event: those that come from a changed
/// shared property once at the property, with the events they reach; the
/// others at their event.
pub(super) fn attribute(
    old: &Plan,
    new: &Plan,
    per_event: BTreeMap<&Key, Vec<SchemaChange>>,
    changes: &mut Vec<Change>,
) {
    let changed_shared: BTreeSet<&Key> = old
        .properties
        .iter()
        .filter(|(k, p)| new.properties.get(*k).is_some_and(|q| q.id != p.id))
        .map(|(k, _)| k)
        .collect();
    let mut shared: BTreeMap<SharedChange, (Change, Vec<Key>)> = BTreeMap::new();
    for (event_key, schema_changes) in per_event {
        let (o, n) = (&old.events[event_key], &new.events[event_key]);
        for sc in schema_changes {
            let Some((shared_key, rest)) = via_shared(&sc.path, o, n, &changed_shared) else {
                changes.push(Change::new(Subject::Event(event_key.clone()), sc));
                continue;
            };
            let id = (
                shared_key.clone(),
                rest.clone(),
                sc.rule.id,
                value_key(&sc.old),
                value_key(&sc.new),
            );
            let entry = shared.entry(id).or_insert_with(|| {
                let inside = SchemaChange { path: rest, ..sc };
                (
                    Change::new(Subject::Property(shared_key), inside),
                    Vec::new(),
                )
            });
            // One event may use the property at several paths.
            if !entry.1.contains(event_key) {
                entry.1.push(event_key.clone());
            }
        }
    }
    for (_, (mut change, reached)) in shared {
        change.events = reached;
        changes.push(change);
    }
}

/// A shared property that changed (or was added or removed) without any
/// change of it reaching an event: `shared-property-changed`.
pub(super) fn unused(old: &Plan, new: &Plan, changes: &mut Vec<Change>) {
    let keys: BTreeSet<&Key> = old.properties.keys().chain(new.properties.keys()).collect();
    for key in keys {
        let (o, n) = (old.properties.get(key), new.properties.get(key));
        if o.map(|p| p.id) == n.map(|p| p.id)
            || changes
                .iter()
                .any(|c| matches!(&c.subject, Subject::Property(k) if k == key))
        {
            continue;
        }
        let decided = SchemaChange {
            edit: Edit::presence(o.is_some(), n.is_some()),
            ..SchemaChange::new(
                &rules::shared_property_changed::RULE,
                String::new(),
                None,
                None,
            )
        };
        changes.push(Change::new(Subject::Property(key.clone()), decided));
    }
}

fn value_key(v: &Option<Value>) -> String {
    v.as_ref()
        .map(tplan_plan::canonical::to_string)
        .unwrap_or_default()
}

/// When a schema change sits under a property that uses a changed shared
/// property, at any depth, with the same use site in both plans: the shared
/// key and the path inside the shared property.
fn via_shared(path: &str, o: &Event, n: &Event, changed: &BTreeSet<&Key>) -> Option<(Key, String)> {
    let mut segments = path.split('/').peekable();
    if segments.next()? != "properties" {
        return None;
    }
    let name = segments.next()?;
    let (mut po, mut pn) = (o.properties.get(name)?, n.properties.get(name)?);
    loop {
        if let Some(key) = &pn.reference
            && po == pn
            && changed.contains(key)
        {
            let rest: Vec<&str> = segments.collect();
            return Some((key.clone(), rest.join("/")));
        }
        match segments.next()? {
            "items" => {
                po = po.items.as_deref()?;
                pn = pn.items.as_deref()?;
            }
            "properties" => {
                let name = segments.next()?;
                po = po.properties.as_ref()?.get(name)?;
                pn = pn.properties.as_ref()?.get(name)?;
            }
            _ => return None,
        }
    }
}
