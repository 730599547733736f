//! Diffing two plans object by object. Objects with equal ids are skipped
//! without looking inside; changed events are classified on their compiled
//! schemas, so a plan diff and a schema diff agree by construction.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use tplan_plan::model::{Event, Manifest, Owner, Profile};
use tplan_plan::{Key, Plan};
use tplan_schema::event_schema;

use crate::bump::{EventOutcome, PlanBump, event_version, publish_class};
use crate::class::Class;
use crate::classify::{ClassifyError, Options, SchemaChange, classify};
use crate::edit::Edit;
use crate::report::{Change, EventReport, Report};
use crate::rules::{self, Rule};
use crate::subject::Subject;

/// How to diff two plans.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// Classify under this profile instead of the head plan's `[policy] profile`.
    pub profile: Option<Profile>,
    /// Declared bumps (`--bump EVENT=model`): raise an event's class.
    pub declared: BTreeMap<String, Class>,
}

/// Why a diff could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DiffError {
    /// A compiled schema could not be classified.
    #[error("event `{event}`: {source}")]
    Classify {
        event: String,
        #[source]
        source: ClassifyError,
    },
    /// A declared bump below the computed one.
    #[error(transparent)]
    DeclaredBelow(#[from] crate::bump::DeclaredBelowComputed),
}

/// Every change from `old` (the base) to `new` (the head).
pub fn diff_plans(old: &Plan, new: &Plan, options: &DiffOptions) -> Result<Report, DiffError> {
    let policy = &new.manifest.policy;
    let profile = options.profile.unwrap_or(policy.profile);
    let classify_options = Options {
        profile,
        string_width: policy.warehouse_string_width,
    };
    let mut changes: Vec<Change> = Vec::new();
    let mut events: Vec<EventReport> = Vec::new();

    let keys: BTreeSet<&Key> = old.events.keys().chain(new.events.keys()).collect();
    let removed: Vec<&Event> = keys
        .iter()
        .filter_map(|k| old.events.get(*k).filter(|_| !new.events.contains_key(*k)))
        .collect();
    let added: Vec<&Event> = keys
        .iter()
        .filter_map(|k| new.events.get(*k).filter(|_| !old.events.contains_key(*k)))
        .collect();
    // A removed and an added event with one name, or one content, are a
    // rename: the same event under a new key.
    let mut renamed_from: BTreeMap<&Key, &Event> = BTreeMap::new();
    for a in &added {
        if let Some(r) = removed.iter().find(|r| {
            (r.name == a.name || r.id == a.id) && !renamed_from.values().any(|x| x.key == r.key)
        }) {
            renamed_from.insert(&a.key, r);
        }
    }

    // Per-event schema changes, kept for shared-property attribution.
    let mut per_event: BTreeMap<&Key, Vec<SchemaChange>> = BTreeMap::new();
    for key in &keys {
        let current = old.lock.version_of(key.as_str());
        match (old.events.get(*key), new.events.get(*key)) {
            (Some(o), Some(n)) => {
                if o.id == n.id {
                    continue;
                }
                let schema_changes = classify(
                    &event_schema(old, o),
                    &event_schema(new, n),
                    &classify_options,
                )
                .map_err(|source| DiffError::Classify {
                    event: key.to_string(),
                    source,
                })?;
                let meta = event_metadata(o, n);
                let computed = schema_changes
                    .iter()
                    .map(|c| c.class)
                    .chain(meta.iter().map(|_| Class::Metadata))
                    .max()
                    .unwrap_or(Class::None);
                let declared = options.declared.get(key.as_str()).copied();
                let (published, _noted) = publish_class(key.as_str(), computed, declared)?;
                let outcome = if published == Class::None {
                    EventOutcome::Unchanged
                } else {
                    EventOutcome::Changed(published)
                };
                for (field, a, b) in meta {
                    let edit = Edit::between(a.as_ref(), b.as_ref());
                    changes.push(event_change(
                        key,
                        &rules::metadata_changed::RULE,
                        field,
                        (a, b),
                        edit,
                    ));
                }
                per_event.insert(key, schema_changes);
                if outcome != EventOutcome::Unchanged {
                    events.push(EventReport {
                        key: (*key).clone(),
                        name: n.name.clone(),
                        outcome,
                        class: class_label(outcome, computed),
                        old_version: current,
                        new_version: event_version(outcome, current),
                        renamed_from: None,
                    });
                }
            }
            (Some(o), None) => {
                if renamed_from.values().any(|r| r.key == **key) {
                    // Reported with the new key.
                } else {
                    changes.push(event_change(
                        key,
                        &rules::event_removed::RULE,
                        String::new(),
                        (Some(json!(o.name)), None),
                        Edit::Removed,
                    ));
                }
                events.push(EventReport {
                    key: (*key).clone(),
                    name: o.name.clone(),
                    outcome: EventOutcome::Removed,
                    class: "removed",
                    old_version: current,
                    new_version: None,
                    renamed_from: None,
                });
            }
            (None, Some(n)) => {
                let from = renamed_from.get(key).map(|r| r.key.clone());
                // Published before (its key is in the lock) and back now.
                let outcome = match (&from, current) {
                    (None, Some(_)) => EventOutcome::Readded(Class::Model),
                    _ => EventOutcome::Added,
                };
                // A rename replaces a key by a name: not prose, never reworded.
                let (rule, old_value, edit): (&'static Rule, _, _) = match (&from, outcome) {
                    (Some(f), _) => (
                        &rules::event_renamed::RULE,
                        Some(json!(f.as_str())),
                        Edit::Changed,
                    ),
                    (None, EventOutcome::Readded(_)) => {
                        (&rules::event_readded::RULE, None, Edit::Added)
                    }
                    _ => (&rules::event_added::RULE, None, Edit::Added),
                };
                let mut change = event_change(
                    key,
                    rule,
                    String::new(),
                    (old_value, Some(json!(n.name))),
                    edit,
                );
                if let EventOutcome::Readded(c) = outcome {
                    // The last published schema is not in the plan: never
                    // safer than proven until publish compares with it.
                    change.class = c;
                }
                changes.push(change);
                events.push(EventReport {
                    key: (*key).clone(),
                    name: n.name.clone(),
                    outcome,
                    class: outcome.label(),
                    old_version: current,
                    new_version: event_version(outcome, current),
                    renamed_from: from,
                });
            }
            (None, None) => {}
        }
    }

    // Changes that come from a changed shared property are reported once,
    // with every event they reach.
    let changed_shared: BTreeSet<&Key> = old
        .properties
        .iter()
        .filter(|(k, p)| new.properties.get(*k).is_some_and(|q| q.id != p.id))
        .map(|(k, _)| k)
        .collect();
    /// Shared key, path inside it, rule, old and new value: one change.
    type SharedChange = (Key, String, &'static str, String, String);
    let mut shared: BTreeMap<SharedChange, (Change, Vec<Key>)> = BTreeMap::new();
    for (event_key, schema_changes) in per_event {
        let (o, n) = (&old.events[event_key], &new.events[event_key]);
        for sc in schema_changes {
            if let Some((shared_key, rest)) = via_shared(&sc.path, o, n, &changed_shared) {
                let id = (
                    shared_key.clone(),
                    rest.clone(),
                    sc.rule.id,
                    value_key(&sc.old),
                    value_key(&sc.new),
                );
                let entry = shared.entry(id).or_insert_with(|| {
                    let inside = SchemaChange {
                        path: rest.clone(),
                        ..sc.clone()
                    };
                    (
                        Change::new(Subject::Property(shared_key.clone()), inside),
                        Vec::new(),
                    )
                });
                // One event may use the property at several paths.
                if !entry.1.contains(event_key) {
                    entry.1.push(event_key.clone());
                }
            } else {
                changes.push(Change::new(Subject::Event(event_key.clone()), sc));
            }
        }
    }
    for (_, (mut change, reached)) in shared {
        change.events = reached;
        changes.push(change);
    }
    // A shared property that changed without reaching any event (unused,
    // or added or removed) is still a change to the plan.
    let shared_keys: BTreeSet<&Key> = old.properties.keys().chain(new.properties.keys()).collect();
    for key in shared_keys {
        let (o, n) = (old.properties.get(key), new.properties.get(key));
        if o.map(|p| p.id) == n.map(|p| p.id)
            || changes
                .iter()
                .any(|c| c.subject == Subject::Property(key.clone()))
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
    owner_changes(&old.owners, &new.owners, &mut changes);
    manifest_changes(&old.manifest, &new.manifest, &mut changes);

    changes.sort_by(|a, b| {
        a.subject
            .cmp(&b.subject)
            .then(b.class.cmp(&a.class))
            .then(a.path.cmp(&b.path))
    });
    let mut plan_bump = events
        .iter()
        .map(|e| e.outcome.plan_bump())
        .max()
        .unwrap_or(PlanBump::None);
    if plan_bump == PlanBump::None && !changes.is_empty() {
        // Owners, the manifest or an unused shared property changed.
        plan_bump = PlanBump::Patch;
    }
    Ok(Report {
        profile: profile.as_str(),
        new_plan_version: plan_bump.apply(&old.manifest.version),
        old_plan_version: old.manifest.version.clone(),
        plan_bump,
        changes,
        events,
    })
}

fn class_label(outcome: EventOutcome, computed: Class) -> &'static str {
    match outcome {
        EventOutcome::Changed(_) | EventOutcome::Readded(_) => computed.as_str(),
        other => other.label(),
    }
}

fn value_key(v: &Option<Value>) -> String {
    v.as_ref()
        .map(tplan_plan::canonical::to_string)
        .unwrap_or_default()
}

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

/// Event fields outside the compiled schema (owner, sources, tags,
/// lifecycle dates): metadata.
fn event_metadata(o: &Event, n: &Event) -> Vec<(String, Option<Value>, Option<Value>)> {
    let mut out = Vec::new();
    let mut field = |name: &str, a: Option<Value>, b: Option<Value>| {
        if a != b {
            out.push((name.to_string(), a, b));
        }
    };
    let key = |k: &Option<Key>| k.as_ref().map(|k| json!(k.as_str()));
    let list = |l: &Vec<String>| (!l.is_empty()).then(|| json!(l));
    let date = |d: &Option<tplan_plan::model::Date>| d.map(|d| json!(d.to_string()));
    field("owner", key(&o.owner), key(&n.owner));
    field("sources", list(&o.sources), list(&n.sources));
    field("tags", list(&o.tags), list(&n.tags));
    if o.status != n.status
        && n.status != tplan_plan::Status::Deprecated
        && o.status != tplan_plan::Status::Deprecated
    {
        field(
            "status",
            Some(json!(o.status.as_str())),
            Some(json!(n.status.as_str())),
        );
    }
    field(
        "deprecated_since",
        date(&o.deprecated_since),
        date(&n.deprecated_since),
    );
    field("sunset", date(&o.sunset), date(&n.sunset));
    field("replaced_by", key(&o.replaced_by), key(&n.replaced_by));
    out
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

fn owner_changes(old: &BTreeMap<Key, Owner>, new: &BTreeMap<Key, Owner>, out: &mut Vec<Change>) {
    let keys: BTreeSet<&Key> = old.keys().chain(new.keys()).collect();
    for key in keys {
        let (o, n) = (old.get(key), new.get(key));
        if o.map(|x| x.id) == n.map(|x| x.id) {
            continue;
        }
        let value = |x: Option<&Owner>| x.map(tplan_plan::canonical::owner);
        let (a, b) = (value(o), value(n));
        let decided = SchemaChange::new(&rules::metadata_changed::RULE, String::new(), a, b);
        out.push(Change::new(Subject::Owner(key.clone()), decided));
    }
}

fn manifest_changes(old: &Manifest, new: &Manifest, out: &mut Vec<Change>) {
    if old.id == new.id {
        return;
    }
    let (a, b) = (
        tplan_plan::canonical::manifest(old),
        tplan_plan::canonical::manifest(new),
    );
    for section in ["plan", "policy", "naming", "lints"] {
        let (sa, sb) = (&a[section], &b[section]);
        let keys: BTreeSet<&String> = sa
            .as_object()
            .into_iter()
            .flatten()
            .chain(sb.as_object().into_iter().flatten())
            .map(|(k, _)| k)
            .collect();
        for key in keys {
            // Versions are assigned by publish, not authored.
            if section == "plan" && key == "version" {
                continue;
            }
            let (x, y) = (sa.get(key.as_str()), sb.get(key.as_str()));
            if x != y {
                let decided = SchemaChange::new(
                    &rules::metadata_changed::RULE,
                    format!("{section}/{key}"),
                    x.cloned(),
                    y.cloned(),
                );
                out.push(Change::new(Subject::Plan, decided));
            }
        }
    }
}
