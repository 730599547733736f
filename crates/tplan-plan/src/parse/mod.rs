//! Plan files (TOML) to typed objects, with every error named by file,
//! line and column.
//!
//! Files are parsed independently (in parallel), in the order references
//! need: the manifest, owners and shared properties first, then events,
//! which refer to them. Keys of owners and shared properties are file names,
//! so references are checked against every file present, even one that
//! failed to parse: its own error is the one worth reading.

mod aliases;
mod doc;
mod event;
mod extra;
pub mod lock;
mod manifest;
mod owner;
mod property;
mod source;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use crate::canonical;
use crate::error::{ErrorKind, PlanError, PlanErrors};
use crate::files::{Entry, LOCK, MANIFEST, PlanFiles};
use crate::id::ObjectId;
use crate::key::Key;
use crate::model::{Event, Lock, Manifest, Owner, Plan, SharedProperty, Source};
use crate::span::Span;
use doc::Doc;
pub use event::EVENT_KEYS;
pub use manifest::valid_vendor;
pub use owner::OWNER_KEYS;
pub use property::PROPERTY_KEYS;
pub use property::check as check_property;
pub use property::{FORMATS, check_property_name};
pub use source::SOURCE_KEYS;

/// A plan read as far as it could be, with every error found. Objects whose
/// file has an error are left out of `plan`.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The objects that parsed.
    pub plan: Plan,
    /// Every error, sorted by file and position.
    pub errors: Vec<PlanError>,
}

impl Plan {
    /// Parses a plan; any error fails the whole plan.
    pub fn from_files(files: &PlanFiles) -> Result<Plan, PlanErrors> {
        let loaded = load(files);
        if loaded.errors.is_empty() {
            Ok(loaded.plan)
        } else {
            Err(PlanErrors {
                errors: loaded.errors,
            })
        }
    }
}

/// The object files of one folder: key, path and entry, plus errors for
/// paths that cannot be objects.
fn object_files<'f>(
    files: &'f PlanFiles,
    folder: &str,
    errors: &mut Vec<PlanError>,
) -> Vec<(Key, &'f str, &'f Entry)> {
    // `Unread` entries are listed (their keys exist) and parsed by no one.
    let prefix = format!("{folder}/");
    let mut out = Vec::new();
    for (path, entry) in files.iter() {
        let Some(name) = path.strip_prefix(&prefix) else {
            continue;
        };
        if name.is_empty() {
            // The folder itself is a link or a file.
            let kind = match entry {
                Entry::Symlink => ErrorKind::Symlink,
                _ => ErrorKind::NotAFile,
            };
            errors.push(PlanError::new(path, None, kind));
            continue;
        }
        if name.ends_with('/') || name.contains('/') {
            errors.push(PlanError::new(path, None, ErrorKind::NotAFile));
            continue;
        }
        let Some(stem) = name.strip_suffix(".toml") else {
            errors.push(PlanError::new(
                path,
                None,
                ErrorKind::NotToml {
                    folder: folder.to_string(),
                },
            ));
            continue;
        };
        match Key::new(stem) {
            Ok(key) => out.push((key, path, entry)),
            Err(e) => errors.push(PlanError::new(
                path,
                None,
                ErrorKind::InvalidKey {
                    name: stem.to_string(),
                    reason: e.to_string(),
                },
            )),
        }
    }
    out
}

/// Parses one file with `f`, returning its object and errors.
fn parse_file<T>(
    path: &str,
    entry: &Entry,
    f: impl FnOnce(&mut Doc<'_>, &toml::de::DeTable<'_>) -> Option<T>,
) -> (Option<T>, Vec<PlanError>) {
    let mut errors = Vec::new();
    if *entry == Entry::Unread {
        return (None, errors);
    }
    let Some(text) = Doc::text(path, entry, &mut errors) else {
        return (None, errors);
    };
    let mut doc = Doc::new(path, text);
    let value = doc.parse().and_then(|table| f(&mut doc, &table));
    (value, doc.errors)
}

/// Reads every file of a plan, collecting every error.
pub fn load(files: &PlanFiles) -> Loaded {
    let mut errors = Vec::new();
    let (mut manifest, lock) = manifest_and_lock(files, &mut errors);
    let owner_files = object_files(files, "owners", &mut errors);
    let shared_files = object_files(files, "properties", &mut errors);
    let source_files = object_files(files, "sources", &mut errors);
    let event_files = object_files(files, "events", &mut errors);
    let owner_keys: BTreeSet<String> = owner_files.iter().map(|(k, ..)| k.to_string()).collect();
    let source_map = parse_sources(&source_files, &owner_keys, &mut errors);
    let shared_keys: BTreeSet<String> = shared_files.iter().map(|(k, ..)| k.to_string()).collect();
    let mut owner_map = parse_owners(&owner_files, &mut errors);
    let shared_map = parse_shared(&shared_files, &mut errors);
    let refs = property::Refs {
        keys: &shared_keys,
        parsed: &shared_map,
    };
    let parsed_events = parse_events(&event_files, &owner_keys, &refs, &mut errors);
    let event_keys: BTreeSet<&str> = event_files.iter().map(|(k, ..)| k.as_str()).collect();
    let mut rejected = duplicate_names(files, &parsed_events, &mut errors);
    rejected.extend(bad_replacements(
        files,
        &parsed_events,
        &event_keys,
        &mut errors,
    ));
    let mut event_map: BTreeMap<Key, Event> = parsed_events
        .into_iter()
        .map(|(parsed, ..)| parsed.event)
        .filter(|e| !rejected.contains(&e.key))
        .map(|e| (e.key.clone(), e))
        .collect();

    // Ids: shared properties first, then the events that hold their ids.
    for owner in owner_map.values_mut() {
        owner.id = canonical::id_of(&canonical::owner(owner));
    }
    let mut source_map = source_map;
    for source in source_map.values_mut() {
        source.id = canonical::id_of(&canonical::source(source));
    }
    let shared_id = |k: &str| shared_map.get(k).map(|s| s.id);
    let policy_default = manifest.policy.additional_properties;
    let ids: Vec<ObjectId> = event_map
        .par_iter()
        .map(|(_, e)| canonical::id_of(&canonical::event(e, policy_default, &shared_id)))
        .collect();
    for (event, id) in event_map.values_mut().zip(ids) {
        event.id = id;
    }
    manifest.id = canonical::id_of(&canonical::manifest(&manifest));
    let unread_events = event_files
        .iter()
        .filter(|(_, _, entry)| **entry == Entry::Unread)
        .map(|(key, ..)| key.clone())
        .collect();
    let mut plan = Plan {
        manifest,
        owners: owner_map,
        properties: shared_map,
        sources: source_map,
        events: event_map,
        lock,
        id: ObjectId::default(),
        unread_events,
    };
    plan.id = canonical::id_of(&canonical::plan(&plan));

    errors.sort_by(|a, b| {
        (a.file.as_str(), a.span.map(|s| s.start)).cmp(&(b.file.as_str(), b.span.map(|s| s.start)))
    });
    errors.dedup();
    Loaded { plan, errors }
}

/// The manifest (a fallback when it is missing or broken, so the other
/// files are still checked) and the lock.
fn manifest_and_lock(files: &PlanFiles, errors: &mut Vec<PlanError>) -> (Manifest, Lock) {
    let manifest = match files.get(MANIFEST) {
        Some(entry) => {
            let (m, errs) = parse_file(MANIFEST, entry, manifest::parse_manifest);
            errors.extend(errs);
            m
        }
        None => {
            errors.push(PlanError::new(
                MANIFEST,
                None,
                ErrorKind::MissingKey {
                    key: MANIFEST.into(),
                    context: "the plan folder".into(),
                },
            ));
            None
        }
    };
    let manifest = manifest.unwrap_or_else(manifest::fallback);

    let lock = match files.get(LOCK) {
        Some(entry) => {
            let (l, errs) = parse_file(LOCK, entry, lock::parse_lock);
            errors.extend(errs);
            l.unwrap_or_default()
        }
        None => Lock::default(),
    };
    (manifest, lock)
}

fn parse_owners(
    owner_files: &[(Key, &str, &Entry)],
    errors: &mut Vec<PlanError>,
) -> BTreeMap<Key, Owner> {
    let owners: Vec<_> = owner_files
        .par_iter()
        .map(|(key, path, entry)| {
            parse_file(path, entry, |doc, t| {
                owner::parse_owner(doc, key.clone(), t)
            })
        })
        .collect();
    let mut owner_map = BTreeMap::new();
    for (owner, errs) in owners {
        errors.extend(errs);
        if let Some(o) = owner {
            owner_map.insert(o.key.clone(), o);
        }
    }
    owner_map
}

fn parse_sources(
    source_files: &[(Key, &str, &Entry)],
    owners: &BTreeSet<String>,
    errors: &mut Vec<PlanError>,
) -> BTreeMap<Key, Source> {
    let mut out = BTreeMap::new();
    for (key, path, entry) in source_files {
        let (source, errs) = parse_file(path, entry, |doc, t| {
            source::parse_source(doc, key.clone(), t, owners)
        });
        errors.extend(errs);
        if let Some(s) = source {
            out.insert(s.key.clone(), s);
        }
    }
    out
}

fn parse_shared(
    shared_files: &[(Key, &str, &Entry)],
    errors: &mut Vec<PlanError>,
) -> BTreeMap<Key, SharedProperty> {
    let shared: Vec<_> = shared_files
        .par_iter()
        .map(|(key, path, entry)| {
            parse_file(path, entry, |doc, t| {
                let whole = 0..doc.src.len();
                let p = property::parse_table(doc, t, whole, property::Place::Shared, None)?;
                Some((key.clone(), p))
            })
        })
        .collect();
    let mut shared_map: BTreeMap<Key, SharedProperty> = BTreeMap::new();
    for (parsed, errs) in shared {
        errors.extend(errs);
        if let Some((key, property)) = parsed {
            let id = canonical::id_of(&canonical::property(&property, &|_| None));
            shared_map.insert(key.clone(), SharedProperty { key, property, id });
        }
    }
    shared_map
}

/// The events that parsed, in key order, with their paths.
fn parse_events<'f>(
    event_files: &[(Key, &'f str, &Entry)],
    owner_keys: &BTreeSet<String>,
    refs: &property::Refs<'_>,
    errors: &mut Vec<PlanError>,
) -> Vec<(event::ParsedEvent, &'f str)> {
    let events: Vec<_> = event_files
        .par_iter()
        .map(|(key, path, entry)| {
            parse_file(path, entry, |doc, t| {
                event::parse_event(doc, key.clone(), t, owner_keys, refs)
                    .map(|parsed| (parsed, *path))
            })
        })
        .collect();
    let mut parsed_events = Vec::new();
    for (parsed, errs) in events {
        errors.extend(errs);
        parsed_events.extend(parsed);
    }
    parsed_events
}

/// Events whose `name` another event has: payloads could not tell them
/// apart. Returns the keys rejected.
fn duplicate_names(
    files: &PlanFiles,
    parsed_events: &[(event::ParsedEvent, &str)],
    errors: &mut Vec<PlanError>,
) -> BTreeSet<Key> {
    // Events arrive in key order, so of two events with one name the second
    // is reported, deterministically.
    let mut rejected = BTreeSet::new();
    let mut by_name: HashMap<&str, &Key> = HashMap::new();
    // Sources are looked up again only for the rare error, not kept per event.
    let src = |path: &str| files.text(path).unwrap_or_default();
    for (parsed, path) in parsed_events {
        let event = &parsed.event;
        if let Some(other) = by_name.get(event.name.as_str()) {
            errors.push(PlanError::new(
                *path,
                Some(Span::new(src(path), parsed.name_span.clone())),
                ErrorKind::DuplicateEventName {
                    name: event.name.clone(),
                    other: format!("events/{other}.toml"),
                },
            ));
            rejected.insert(event.key.clone());
        } else {
            by_name.insert(&event.name, &event.key);
        }
    }
    rejected
}

/// Events whose `replaced_by` names themselves or no event. Returns the
/// keys rejected.
fn bad_replacements(
    files: &PlanFiles,
    parsed_events: &[(event::ParsedEvent, &str)],
    event_keys: &BTreeSet<&str>,
    errors: &mut Vec<PlanError>,
) -> BTreeSet<Key> {
    let mut rejected = BTreeSet::new();
    let src = |path: &str| files.text(path).unwrap_or_default();
    for (parsed, path) in parsed_events {
        let event = &parsed.event;
        let (Some(target), Some(span)) = (&event.replaced_by, &parsed.replaced_by_span) else {
            continue;
        };
        let message = if target == &event.key {
            "an event cannot replace itself".to_string()
        } else if !event_keys.contains(target.as_str()) && !files.is_partial() {
            format!("there is no event `{target}` (no `events/{target}.toml`)")
        } else {
            continue;
        };
        errors.push(PlanError::new(
            *path,
            Some(Span::new(src(path), span.clone())),
            ErrorKind::InvalidValue {
                key: "replaced_by".into(),
                message,
            },
        ));
        rejected.insert(event.key.clone());
    }
    rejected
}

/// Parses the plan's events one by one against `skeleton` (the plan loaded
/// without its events: manifest, lock, owners, shared properties), hands
/// each to `f` and drops it: memory holds `f`'s results, never every
/// event. For tools that stream over a large plan (validation). Returns
/// the results in key order and the events' errors (an event with errors
/// is left out); checks across events are the caller's.
pub fn map_events<T: Send>(
    files: &PlanFiles,
    skeleton: &Plan,
    f: impl Fn(Event) -> T + Sync,
) -> (Vec<T>, Vec<PlanError>) {
    let mut errors = Vec::new();
    let event_files = object_files(files, "events", &mut errors);
    let owner_keys: BTreeSet<String> = skeleton.owners.keys().map(|k| k.to_string()).collect();
    let shared_keys: BTreeSet<String> = skeleton.properties.keys().map(|k| k.to_string()).collect();
    let refs = property::Refs {
        keys: &shared_keys,
        parsed: &skeleton.properties,
    };
    let results: Vec<_> = event_files
        .par_iter()
        .map(|(key, path, entry)| {
            let (parsed, errs) = parse_file(path, entry, |doc, t| {
                event::parse_event(doc, key.clone(), t, &owner_keys, &refs)
            });
            (parsed.map(|p| f(p.event)), errs)
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    for (result, errs) in results {
        errors.extend(errs);
        out.extend(result);
    }
    (out, errors)
}
