//! Each edit turned into the one file it changes (a new text, or a deletion).

use std::collections::BTreeMap;

use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

use crate::changeset::Changeset;
use crate::edit::{Edit, PropertySpec, Target};
use crate::error::EditError;
use crate::fields::Fields;
use crate::object::{
    Object, not_found_property, open, properties, property, property_file, rank_property, set_top,
    shared_key, unset_top,
};
use crate::value;
use tplan_plan::error::suggest_key;
use tplan_plan::files::PlanFiles;
use tplan_plan::key::Key;
use tplan_plan::model::JsonType;
use tplan_plan::parse::{
    EVENT_KEYS, Loaded, OWNER_KEYS, PROPERTY_KEYS, SOURCE_KEYS, check_property_name,
};

/// A file's path and its new text (`None`: the file is deleted).
type FileChange = (String, Option<String>);

/// The files `edit` changes in `files` (whose loaded plan is `before`).
pub(crate) fn changes(
    files: &PlanFiles,
    before: &Loaded,
    edit: &Edit,
) -> Result<Changeset, EditError> {
    let (path, text) = match edit {
        Edit::RenameEvent { key, to } => {
            return crate::rename::rename_event(files, before, key, to);
        }
        Edit::RenameProperty {
            target,
            name,
            to,
            keep_alias,
        } => {
            return crate::rename::rename_property(files, before, target, (name, to), *keep_alias);
        }
        Edit::AddEvent {
            key,
            name,
            description,
            owner,
            status,
            call_type,
            sources,
        } => add_event(
            files,
            (key, name),
            [call_type, description, owner, status],
            sources,
        )?,
        Edit::RemoveEvent { key } => (Object::EVENT.existing(files, key.as_str())?, None),
        Edit::SetEvent { key, field, value } => {
            let field = known_field(field, event_fields(), "an event")?;
            written(set_top(
                files,
                before,
                Object::EVENT,
                EVENT_KEYS,
                key,
                field,
                value,
            )?)
        }
        Edit::UnsetEvent { key, field } => {
            let field = known_field(field, event_fields(), "an event")?;
            written(unset_top(files, before, Object::EVENT, key, field)?)
        }
        Edit::AddProperty { target, name, spec } => {
            add_property(files, before, target, name, spec)?
        }
        Edit::RemoveProperty { target, name } => remove_property(files, before, target, name)?,
        Edit::SetProperty {
            target,
            name,
            field,
            value,
        } => {
            let field = known_field(field, PROPERTY_KEYS.iter().copied(), "a property")?;
            let (path, mut doc) = property_file(files, before, target, name)?;
            let mut fields = property(&mut doc, before, target, name, &path)?;
            fields.set(field, value::parse(field, value), &rank_property());
            (path, Some(doc.to_string()))
        }
        Edit::UnsetProperty {
            target,
            name,
            field,
        } => unset_property(files, before, target, name, field)?,
        Edit::AddOwner {
            key,
            name,
            contact,
            members,
        } => add_owner(files, key, name, contact.as_deref(), members)?,
        Edit::RemoveOwner { key } => (Object::OWNER.existing(files, key.as_str())?, None),
        Edit::AddSource {
            key,
            name,
            platform,
            owner,
        } => add_source(files, key, name, [platform, owner])?,
        Edit::RemoveSource { key } => {
            let path = Object::SOURCE.existing(files, key.as_str())?;
            let by: Vec<String> = before
                .plan
                .events
                .values()
                .filter(|e| e.sources.iter().any(|s| s == key.as_str()))
                .map(|e| format!("events/{}.toml", e.key))
                .collect();
            if !by.is_empty() {
                return Err(EditError::InUse {
                    what: format!("source `{key}`"),
                    by,
                });
            }
            (path, None)
        }
        Edit::SetSource { key, field, value } => {
            let field = known_field(field, SOURCE_KEYS.iter().copied(), "a source")?;
            written(set_top(
                files,
                before,
                Object::SOURCE,
                SOURCE_KEYS,
                key,
                field,
                value,
            )?)
        }
        Edit::UnsetSource { key, field } => {
            let field = known_field(field, SOURCE_KEYS.iter().copied(), "a source")?;
            written(unset_top(files, before, Object::SOURCE, key, field)?)
        }
        Edit::SetOwner { key, field, value } => {
            let field = known_field(field, OWNER_KEYS.iter().copied(), "an owner")?;
            written(set_top(
                files,
                before,
                Object::OWNER,
                OWNER_KEYS,
                key,
                field,
                value,
            )?)
        }
        Edit::UnsetOwner { key, field } => {
            let field = known_field(field, OWNER_KEYS.iter().copied(), "an owner")?;
            written(unset_top(files, before, Object::OWNER, key, field)?)
        }
    };
    Ok(Changeset {
        files: BTreeMap::from([(path, text)]),
    })
}

fn written((path, text): (String, String)) -> FileChange {
    (path, Some(text))
}

/// `events/<key>.toml`: the name, the optional text keys, the sources and
/// an empty `[properties]` for the first property.
fn add_event(
    files: &PlanFiles,
    (key, name): (&Key, &str),
    [call_type, description, owner, status]: [&Option<String>; 4],
    sources: &[String],
) -> Result<FileChange, EditError> {
    let path = Object::EVENT.absent(files, key.as_str())?;
    let mut doc = DocumentMut::new();
    doc.insert("name", Item::Value(name.into()));
    for (k, v) in [
        ("type", call_type),
        ("description", description),
        ("owner", owner),
        ("status", status),
    ] {
        if let Some(v) = v {
            doc.insert(k, Item::Value(v.into()));
        }
    }
    if !sources.is_empty() {
        doc.insert("sources", Item::Value(strings(sources)));
    }
    doc.insert("properties", Item::Table(Table::new()));
    Ok((path, Some(doc.to_string())))
}

/// A new property: an event's as a one-line inline table, or a shared
/// property's file.
fn add_property(
    files: &PlanFiles,
    before: &Loaded,
    target: &Target,
    name: &str,
    spec: &PropertySpec,
) -> Result<FileChange, EditError> {
    let shared_types = |key: &str| -> Option<Vec<JsonType>> {
        Some(
            before
                .plan
                .properties
                .get(key)?
                .property
                .types?
                .iter()
                .collect(),
        )
    };
    let mut fields = value::spec_fields(spec, &shared_types)?;
    let rank = rank_property();
    fields.sort_by_key(|(k, _)| rank(k));
    match target {
        Target::Shared => {
            let key = shared_key(name)?;
            let path = Object::SHARED.absent(files, key.as_str())?;
            let mut doc = DocumentMut::new();
            for (k, v) in fields {
                doc.insert(k, Item::Value(v));
            }
            Ok((path, Some(doc.to_string())))
        }
        Target::Event(event) => {
            check_name(name)?;
            let path = Object::EVENT.existing(files, event.as_str())?;
            let mut doc = open(files, before, &path)?;
            let mut props = properties(doc.as_table_mut(), before, &path)?;
            if props.contains(name) {
                return Err(EditError::Exists {
                    what: format!("property `{name}` of event `{event}`"),
                    file: path,
                });
            }
            let mut inline = InlineTable::new();
            for (k, v) in fields {
                inline.insert(k, v);
            }
            // Property names keep the author's order: new ones go last.
            props.set(name, Value::InlineTable(inline), &|_| usize::MAX);
            Ok((path, Some(doc.to_string())))
        }
    }
}

/// An event's property taken out of its `[properties]`, or a shared
/// property's file deleted.
fn remove_property(
    files: &PlanFiles,
    before: &Loaded,
    target: &Target,
    name: &str,
) -> Result<FileChange, EditError> {
    match target {
        Target::Shared => {
            let key = shared_key(name)?;
            Ok((Object::SHARED.existing(files, key.as_str())?, None))
        }
        Target::Event(event) => {
            let path = Object::EVENT.existing(files, event.as_str())?;
            let mut doc = open(files, before, &path)?;
            let mut props = properties(doc.as_table_mut(), before, &path)?;
            if !props.remove(name) {
                return Err(not_found_property(&props, name, event, &path));
            }
            // `[properties]` stays, even empty, for the next property.
            if let Fields::Table(t) = props {
                t.set_implicit(false);
            }
            Ok((path, Some(doc.to_string())))
        }
    }
}

/// One key of a property removed; refused when it is not there.
fn unset_property(
    files: &PlanFiles,
    before: &Loaded,
    target: &Target,
    name: &str,
    field: &str,
) -> Result<FileChange, EditError> {
    let field = known_field(field, PROPERTY_KEYS.iter().copied(), "a property")?;
    let (path, mut doc) = property_file(files, before, target, name)?;
    let mut fields = property(&mut doc, before, target, name, &path)?;
    if !fields.remove(field) {
        return Err(EditError::NotFound {
            what: format!("field `{field}` of property `{name}`"),
            place: path,
            suggestion: None,
        });
    }
    Ok((path, Some(doc.to_string())))
}

/// `owners/<key>.toml`.
fn add_owner(
    files: &PlanFiles,
    key: &Key,
    name: &str,
    contact: Option<&str>,
    members: &[String],
) -> Result<FileChange, EditError> {
    let path = Object::OWNER.absent(files, key.as_str())?;
    let mut doc = DocumentMut::new();
    doc.insert("name", Item::Value(name.into()));
    if let Some(c) = contact {
        doc.insert("contact", Item::Value(c.into()));
    }
    if !members.is_empty() {
        doc.insert("members", Item::Value(strings(members)));
    }
    Ok((path, Some(doc.to_string())))
}

/// `sources/<key>.toml`: the name, then platform and owner when given.
fn add_source(
    files: &PlanFiles,
    key: &Key,
    name: &str,
    [platform, owner]: [&Option<String>; 2],
) -> Result<FileChange, EditError> {
    let path = Object::SOURCE.absent(files, key.as_str())?;
    let mut doc = DocumentMut::new();
    doc.insert("name", Item::Value(name.into()));
    for (k, v) in [("platform", platform), ("owner", owner)] {
        if let Some(v) = v {
            doc.insert(k, Item::Value(v.into()));
        }
    }
    Ok((path, Some(doc.to_string())))
}

/// The top-level event keys `set` and `unset` accept: all but
/// `properties`, which the property edits change.
fn event_fields() -> impl Iterator<Item = &'static str> + Clone {
    EVENT_KEYS.iter().copied().filter(|k| *k != "properties")
}

/// `field` as one of `known`, or why not.
fn known_field(
    field: &str,
    known: impl Iterator<Item = &'static str> + Clone,
    context: &'static str,
) -> Result<&'static str, EditError> {
    known
        .clone()
        .find(|k| *k == field)
        .ok_or_else(|| EditError::UnknownField {
            field: field.to_string(),
            context,
            suggestion: suggest_key(field, known),
        })
}

fn strings(list: &[String]) -> Value {
    Value::Array(list.iter().map(|s| Value::from(s.as_str())).collect())
}

fn check_name(name: &str) -> Result<(), EditError> {
    check_property_name(name).map_err(|reason| EditError::BadName {
        name: name.to_string(),
        reason,
    })
}
