//! Renames: an event's key, a property of an event, a shared property.
//! Each touches every file that names the old one, so the plan stays
//! whole: a moved event file and the `replaced_by` that point at it; a
//! property and the examples that use it; a shared property's file and
//! every `ref` to it.

use std::collections::BTreeMap;

use toml_edit::{DocumentMut, Item, Value};

use crate::changeset::Changeset;
use crate::edit::Target;
use crate::error::EditError;
use crate::fields::Fields;
use crate::object::{Object, not_found_property, open, properties, shared_key};
use tplan_plan::files::PlanFiles;
use tplan_plan::key::Key;
use tplan_plan::parse::{Loaded, check_property_name};

/// `events/<from>.toml` moved to `events/<to>.toml`, and every
/// `replaced_by = "<from>"` in other events pointed at `<to>`.
pub(crate) fn rename_event(
    files: &PlanFiles,
    before: &Loaded,
    from: &Key,
    to: &Key,
) -> Result<Changeset, EditError> {
    let old_path = Object::EVENT.existing(files, from.as_str())?;
    let new_path = Object::EVENT.absent(files, to.as_str())?;
    let text = files.text(&old_path).unwrap_or_default().to_string();
    let mut out = BTreeMap::from([(old_path, None), (new_path, Some(text))]);
    for path in files_naming(files, "events/", from.as_str()) {
        if out.contains_key(&path) {
            continue;
        }
        let mut doc = open(files, before, &path)?;
        let root = doc.as_table_mut();
        if root.get("replaced_by").and_then(Item::as_str) == Some(from.as_str()) {
            let mut fields = Fields::Table(root);
            fields.set("replaced_by", Value::from(to.as_str()), &|_| usize::MAX);
            out.insert(path, Some(doc.to_string()));
        }
    }
    Ok(Changeset { files: out })
}

/// Property `from` of an event renamed `to` (its definition, comments and
/// place kept), with the examples of the event that carry it; or a shared
/// property's file moved and every `ref` to it pointed at the new key.
pub(crate) fn rename_property(
    files: &PlanFiles,
    before: &Loaded,
    target: &Target,
    (from, to): (&str, &str),
    keep_alias: bool,
) -> Result<Changeset, EditError> {
    match target {
        Target::Event(event) => {
            check_property_name(to).map_err(|reason| EditError::BadName {
                name: to.to_string(),
                reason,
            })?;
            let path = Object::EVENT.existing(files, event.as_str())?;
            let mut doc = open(files, before, &path)?;
            let mut props = properties(doc.as_table_mut(), before, &path)?;
            if !props.contains(from) {
                return Err(not_found_property(&props, from, event, &path));
            }
            if props.contains(to) {
                return Err(EditError::Exists {
                    what: format!("property `{to}` of event `{event}`"),
                    file: path,
                });
            }
            props.rename(from, to);
            if keep_alias {
                keep_as_alias(&mut doc, before, &path, (from, to))?;
            }
            rename_in_examples(&mut doc, from, to);
            Ok(Changeset {
                files: BTreeMap::from([(path, Some(doc.to_string()))]),
            })
        }
        Target::Shared if keep_alias => Err(EditError::BadName {
            name: to.to_string(),
            reason: "a shared property's key is no wire name: an alias would mean nothing (alias the event properties that use it)".into(),
        }),
        Target::Shared => {
            let (from, to) = (shared_key(from)?, shared_key(to)?);
            let old_path = Object::SHARED.existing(files, from.as_str())?;
            let new_path = Object::SHARED.absent(files, to.as_str())?;
            let text = files.text(&old_path).unwrap_or_default().to_string();
            let mut out = BTreeMap::from([(old_path, None), (new_path, Some(text))]);
            for path in files_naming(files, "events/", from.as_str()) {
                let mut doc = open(files, before, &path)?;
                if repoint(doc.as_item_mut(), from.as_str(), to.as_str()) {
                    out.insert(path, Some(doc.to_string()));
                }
            }
            Ok(Changeset { files: out })
        }
    }
}

/// Property `to` (renamed from `from`) with `from` added to its aliases.
fn keep_as_alias(
    doc: &mut DocumentMut,
    before: &Loaded,
    path: &str,
    (from, to): (&str, &str),
) -> Result<(), EditError> {
    let event =
        Key::new(path.trim_start_matches("events/").trim_end_matches(".toml")).map_err(|e| {
            EditError::BadName {
                name: path.to_string(),
                reason: e.to_string(),
            }
        })?;
    let mut fields = crate::object::property(doc, before, &Target::Event(event), to, path)?;
    let mut aliases = toml_edit::Array::new();
    if let Some(existing) = fields.get_array("aliases") {
        for v in existing.iter() {
            aliases.push(v.clone());
        }
    }
    aliases.push(from);
    fields.set(
        "aliases",
        Value::Array(aliases),
        &crate::object::rank_property(),
    );
    Ok(())
}

/// The files under `folder` whose text holds `"<name>"`: the only ones
/// that can name it, found without parsing every file.
fn files_naming(files: &PlanFiles, folder: &str, name: &str) -> Vec<String> {
    let quoted = format!("\"{name}\"");
    let single = format!("'{name}'");
    files
        .iter()
        .filter(|(path, _)| path.starts_with(folder))
        .filter(|(path, _)| {
            files
                .text(path)
                .is_some_and(|t| t.contains(&quoted) || t.contains(&single))
        })
        .map(|(path, _)| path.to_string())
        .collect()
}

/// Every `ref = "<from>"` under `item` pointed at `to`; whether any was.
fn repoint(item: &mut Item, from: &str, to: &str) -> bool {
    let mut changed = false;
    match item {
        Item::Table(t) => {
            for (key, child) in t.iter_mut() {
                if key == "ref" && child.as_str() == Some(from) {
                    if let Some(v) = child.as_value_mut() {
                        let decor = v.decor().clone();
                        *v = Value::from(to);
                        *v.decor_mut() = decor;
                    }
                    changed = true;
                } else {
                    changed |= repoint(child, from, to);
                }
            }
        }
        Item::Value(v) => changed |= repoint_value(v, from, to),
        Item::ArrayOfTables(tables) => {
            for t in tables.iter_mut() {
                for (_, child) in t.iter_mut() {
                    changed |= repoint(child, from, to);
                }
            }
        }
        Item::None => {}
    }
    changed
}

fn repoint_value(value: &mut Value, from: &str, to: &str) -> bool {
    let mut changed = false;
    match value {
        Value::InlineTable(t) => {
            for (key, child) in t.iter_mut() {
                if key == "ref" && child.as_str() == Some(from) {
                    let decor = child.decor().clone();
                    *child = Value::from(to);
                    *child.decor_mut() = decor;
                    changed = true;
                } else {
                    changed |= repoint_value(child, from, to);
                }
            }
        }
        Value::Array(items) => {
            for child in items.iter_mut() {
                changed |= repoint_value(child, from, to);
            }
        }
        _ => {}
    }
    changed
}

/// Each example of the event (`examples = [{...}]` or `[[examples]]`)
/// with its key `from` renamed `to`.
fn rename_in_examples(doc: &mut DocumentMut, from: &str, to: &str) {
    match doc.as_table_mut().get_mut("examples") {
        Some(Item::Value(Value::Array(examples))) => {
            for example in examples.iter_mut() {
                if let Value::InlineTable(t) = example {
                    Fields::Inline(t).rename(from, to);
                }
            }
        }
        Some(Item::ArrayOfTables(examples)) => {
            for t in examples.iter_mut() {
                Fields::Table(t).rename(from, to);
            }
        }
        _ => {}
    }
}
