//! Renames in a merge: a file one side moved (an event's new key, a shared
//! property's) is merged with the other side's edits of the old file, and
//! a property one side renamed takes the other side's edits of the old
//! name. A rename is the same content (or, for an event, the same `name`)
//! under a new key.

use std::collections::BTreeMap;

use toml_edit::{DocumentMut, InlineTable, Item, Key, Table, Value};
use tplan_plan::{Entry, PlanFiles};

use super::table::semantic;

/// The files `side` moved: base path -> new path, for objects (events,
/// shared properties, sources, owners) absent on `side` whose content (or event name) reappears
/// there under a path the base does not have.
pub(super) fn moved(base: &PlanFiles, side: &PlanFiles) -> BTreeMap<String, String> {
    let text = |files: &PlanFiles, path: &str| match files.get(path) {
        Some(Entry::File(bytes)) => Some(String::from_utf8_lossy(bytes).into_owned()),
        _ => None,
    };
    let object = |path: &str| {
        ["events/", "properties/", "sources/", "owners/"]
            .iter()
            .any(|d| path.starts_with(d))
    };
    let added: Vec<(String, String)> = side
        .iter()
        .filter(|(p, _)| object(p) && base.get(p).is_none())
        .filter_map(|(p, _)| Some((p.to_string(), text(side, p)?)))
        .collect();
    let mut out = BTreeMap::new();
    for (path, _) in base
        .iter()
        .filter(|(p, _)| object(p) && side.get(p).is_none())
    {
        let Some(old) = text(base, path) else {
            continue;
        };
        let same_kind = |p: &str| p.split('/').next() == path.split('/').next();
        let found = added.iter().find(|(p, new)| {
            same_kind(p)
                && !out.values().any(|taken: &String| taken == p)
                && (*new == old || (path.starts_with("events/") && name_of(new) == name_of(&old)))
        });
        if let Some((p, _)) = found {
            out.insert(path.to_string(), p.clone());
        }
    }
    out
}

/// An event file's `name`, when it has one.
fn name_of(text: &str) -> Option<String> {
    let doc = text.parse::<DocumentMut>().ok()?;
    doc.get("name")?.as_str().map(str::to_string)
}

/// Aligns the property names of an event's three documents: a property
/// one side renamed (same definition under a new name) is renamed in the
/// base and on the other side too, so the merge compares like with like.
pub(super) fn align_properties(
    base: &mut DocumentMut,
    ours: &mut DocumentMut,
    theirs: &mut DocumentMut,
) {
    for (from, to) in renamed(base, ours) {
        rename(base, &from, &to);
        rename(theirs, &from, &to);
    }
    for (from, to) in renamed(base, theirs) {
        rename(base, &from, &to);
        rename(ours, &from, &to);
    }
}

/// The properties `side` renamed from `base`: (old name, new name).
fn renamed(base: &DocumentMut, side: &DocumentMut) -> Vec<(String, String)> {
    let props = |d: &DocumentMut| -> BTreeMap<String, serde_json::Value> {
        match d.get("properties") {
            Some(item) => match semantic(item) {
                serde_json::Value::Object(m) => m.into_iter().collect(),
                _ => BTreeMap::new(),
            },
            None => BTreeMap::new(),
        }
    };
    let (b, s) = (props(base), props(side));
    let mut out: Vec<(String, String)> = Vec::new();
    for (name, def) in b.iter().filter(|(n, _)| !s.contains_key(*n)) {
        if let Some((to, _)) = s
            .iter()
            .find(|(n, d)| !b.contains_key(*n) && *d == def && !out.iter().any(|(_, t)| t == *n))
        {
            out.push((name.clone(), to.clone()));
        }
    }
    out
}

/// Property `from` of `doc` renamed `to` in place, when `doc` has it and
/// not `to`.
fn rename(doc: &mut DocumentMut, from: &str, to: &str) {
    match doc.get_mut("properties") {
        Some(Item::Table(t)) if t.contains_key(from) && !t.contains_key(to) => {
            rename_in_table(t, from, to);
        }
        Some(Item::Value(Value::InlineTable(t))) if t.contains_key(from) && !t.contains_key(to) => {
            rename_in_inline(t, from, to);
        }
        _ => {}
    }
}

fn new_key(old: &Key, to: &str) -> Key {
    let mut key = Key::new(to);
    *key.leaf_decor_mut() = old.leaf_decor().clone();
    key
}

fn rename_in_table(t: &mut Table, from: &str, to: &str) {
    let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
    let at = keys.iter().position(|k| k == from).unwrap_or(keys.len());
    let rest: Vec<(Key, Item)> = keys[at..]
        .iter()
        .filter_map(|k| t.remove_entry(k))
        .collect();
    for (k, item) in rest {
        let k = if k.get() == from { new_key(&k, to) } else { k };
        t.insert_formatted(&k, item);
    }
}

fn rename_in_inline(t: &mut InlineTable, from: &str, to: &str) {
    let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
    let entries: Vec<(Key, Value)> = keys.iter().filter_map(|k| t.remove_entry(k)).collect();
    for (k, v) in entries {
        let k = if k.get() == from { new_key(&k, to) } else { k };
        t.insert_formatted(&k, v);
    }
}
