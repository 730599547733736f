//! Programmatic edits of plan files, the way `cargo add` edits
//! `Cargo.toml`: through `toml_edit`, so comments, ordering and formatting of
//! everything not touched survive byte for byte.
//!
//! An edit is computed in memory as a [`Changeset`] and checked by loading
//! the edited plan: an edit that would add an error (an owner still in
//! use, a type that no longer fits) is refused, and nothing is written.

use std::collections::BTreeMap;

use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

use crate::error::{PlanError, suggest};
use crate::files::PlanFiles;
use crate::key::Key;
use crate::parse::{EVENT_KEYS, OWNER_KEYS, PROPERTY_KEYS, check_property_name};

/// What a property edit applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A property in `[properties]` of the event with this key.
    Event(Key),
    /// A shared property: the file `properties/<name>.toml` itself.
    Shared,
}

/// The keys of a new property.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PropertySpec {
    /// `type`: one name, or several separated by commas (`string,null`).
    pub r#type: Option<String>,
    /// `required` (event properties only).
    pub required: bool,
    /// `description`
    pub description: Option<String>,
    /// `ref`: a shared property's key (event properties only).
    pub reference: Option<String>,
    /// `enum`: numbers when the type is numeric, strings otherwise.
    pub enum_values: Vec<String>,
    /// `format`
    pub format: Option<String>,
    /// `pattern`
    pub pattern: Option<String>,
    /// `minimum`, a TOML number.
    pub minimum: Option<String>,
    /// `maximum`, a TOML number.
    pub maximum: Option<String>,
    /// `min_length`
    pub min_length: Option<u64>,
    /// `max_length`
    pub max_length: Option<u64>,
}

/// One edit of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Writes `events/<key>.toml`.
    AddEvent {
        key: Key,
        name: String,
        description: Option<String>,
        owner: Option<String>,
        status: Option<String>,
        sources: Vec<String>,
    },
    /// Deletes `events/<key>.toml`.
    RemoveEvent { key: Key },
    /// Sets a top-level field of an event; `None` removes it.
    SetEvent {
        key: Key,
        field: String,
        value: Option<String>,
    },
    /// Adds a property to an event, or a shared property file.
    AddProperty {
        target: Target,
        name: String,
        spec: PropertySpec,
    },
    /// Removes a property from an event, or a shared property file.
    RemoveProperty { target: Target, name: String },
    /// Sets one key of a property.
    SetProperty {
        target: Target,
        name: String,
        field: String,
        value: String,
    },
    /// Writes `owners/<key>.toml`.
    AddOwner {
        key: Key,
        name: String,
        contact: Option<String>,
        members: Vec<String>,
    },
    /// Deletes `owners/<key>.toml`.
    RemoveOwner { key: Key },
}

/// Files an edit writes: path -> new text, or `None` to delete.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changeset {
    /// The changed files by plan path.
    pub files: BTreeMap<String, Option<String>>,
}

impl Changeset {
    /// The plan's files after the edit.
    pub fn apply_to(&self, files: &PlanFiles) -> PlanFiles {
        let mut out = files.clone();
        for (path, text) in &self.files {
            match text {
                Some(t) => out.insert_bytes(path.clone(), t.clone().into_bytes()),
                None => out.remove(path),
            }
        }
        out
    }
}

/// Why an edit was refused. Nothing is written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    /// The object to add exists.
    #[error("{what} `{name}` already exists (`{path}`)")]
    Exists {
        what: &'static str,
        name: String,
        path: String,
    },
    /// The object to change does not exist.
    #[error("there is no {what} `{name}`")]
    NotFound {
        what: &'static str,
        name: String,
        suggestion: Option<String>,
    },
    /// A field the format does not know.
    #[error("`{field}` is not a field of {context}")]
    UnknownField {
        field: String,
        context: &'static str,
        suggestion: Option<String>,
    },
    /// A name that cannot be used.
    #[error("{0}")]
    BadName(String),
    /// A value that cannot be used for a field.
    #[error("invalid value for `{field}`: {message}")]
    BadValue { field: String, message: String },
    /// The file to edit is not valid TOML: fix it first.
    #[error("`{path}` is not valid TOML; fix it (`tplan lint` shows where) before editing it")]
    Unparsable { path: String },
    /// The edited plan would have errors it did not have before.
    #[error("the edit would leave the plan invalid")]
    Invalid {
        /// The new errors, positioned in the edited files.
        errors: Vec<PlanError>,
        /// The plan's files as the edit would leave them.
        files: PlanFiles,
    },
}

impl EditError {
    /// A hint for the user, when there is one.
    pub fn help(&self) -> Option<String> {
        match self {
            EditError::NotFound {
                suggestion: Some(s),
                ..
            }
            | EditError::UnknownField {
                suggestion: Some(s),
                ..
            } => Some(format!("did you mean `{s}`?")),
            EditError::UnknownField { context, .. } => Some(format!(
                "the fields of {context} are listed in docs/plan-format.md"
            )),
            EditError::Exists { .. } => Some("choose another key, or edit the existing one".into()),
            _ => None,
        }
    }
}

fn event_path(key: &str) -> String {
    format!("events/{key}.toml")
}

fn owner_path(key: &str) -> String {
    format!("owners/{key}.toml")
}

fn shared_path(key: &str) -> String {
    format!("properties/{key}.toml")
}

/// Keys present in folder `dir`, for suggestions.
fn keys_in<'f>(files: &'f PlanFiles, dir: &str) -> Vec<&'f str> {
    files
        .iter()
        .filter_map(|(p, _)| {
            p.strip_prefix(dir)?
                .strip_prefix('/')?
                .strip_suffix(".toml")
        })
        .collect()
}

fn not_found(files: &PlanFiles, what: &'static str, dir: &str, name: &str) -> EditError {
    EditError::NotFound {
        what,
        name: name.to_string(),
        suggestion: suggest(name, keys_in(files, dir)),
    }
}

fn parse_doc(files: &PlanFiles, path: &str) -> Result<DocumentMut, EditError> {
    files
        .text(path)
        .and_then(|t| t.parse::<DocumentMut>().ok())
        .ok_or_else(|| EditError::Unparsable {
            path: path.to_string(),
        })
}

/// Fields whose value is always text: `VALUE` is taken as it is, so a
/// description of `2026` stays a string.
const TEXT_FIELDS: &[&str] = &[
    "name",
    "description",
    "owner",
    "status",
    "replaced_by",
    "format",
    "pattern",
    "ref",
    "contact",
];

/// Fields holding a list of strings: `web,ios` is accepted for `["web", "ios"]`.
const LIST_FIELDS: &[&str] = &["sources", "tags", "members"];

/// `raw` as a TOML value for `field`: text fields take it verbatim; other
/// fields take it as TOML when it parses (`true`, `64`, `2027-06-30`,
/// `["a", "b"]`), else as a string.
pub fn value_for(field: &str, raw: &str) -> Value {
    if TEXT_FIELDS.contains(&field) {
        return Value::from(raw);
    }
    if let Ok(v) = raw.parse::<Value>() {
        return v.decorated("", "");
    }
    if LIST_FIELDS.contains(&field) {
        let items: Array = raw
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(Value::from)
            .collect();
        return Value::Array(items);
    }
    Value::from(raw)
}

/// Replaces `slot` with `new`, keeping the old value's surrounding spaces
/// and trailing comment.
fn replace_value(slot: &mut Item, new: Value) {
    let decor = slot.as_value().map(|v| v.decor().clone());
    let mut new = new;
    match decor {
        Some(d) => *new.decor_mut() = d,
        None => {
            new = new.decorated(" ", "");
        }
    }
    *slot = Item::Value(new);
}

/// Sets `field` in a table-like (a document root, a table or an inline table).
fn set_in(table: &mut dyn toml_edit::TableLike, field: &str, value: Value) {
    match table.get_mut(field) {
        Some(slot) if slot.is_value() => replace_value(slot, value),
        Some(slot) => *slot = Item::Value(value),
        None => {
            table.insert(field, Item::Value(value));
        }
    }
}

/// Applies `edit` to the plan in `files` and checks the result.
pub fn apply(files: &PlanFiles, edit: &Edit) -> Result<Changeset, EditError> {
    let changes = changes(files, edit)?;
    check(files, &changes)?;
    Ok(changes)
}

/// Refuses a changeset that adds errors to the plan. Errors are compared by
/// file and kind: positions move when text is inserted.
fn check(files: &PlanFiles, changes: &Changeset) -> Result<(), EditError> {
    let edited = changes.apply_to(files);
    let after = crate::load(&edited).errors;
    if after.is_empty() {
        return Ok(());
    }
    let mut before: Vec<(String, crate::ErrorKind)> = crate::load(files)
        .errors
        .into_iter()
        .map(|e| (e.file, e.kind))
        .collect();
    let mut new = Vec::new();
    for e in after {
        match before
            .iter()
            .position(|(f, k)| *f == e.file && *k == e.kind)
        {
            Some(i) => {
                before.swap_remove(i);
            }
            None => new.push(e),
        }
    }
    if new.is_empty() {
        Ok(())
    } else {
        Err(EditError::Invalid {
            errors: new,
            files: edited,
        })
    }
}

fn one(path: String, text: Option<String>) -> Changeset {
    Changeset {
        files: BTreeMap::from([(path, text)]),
    }
}

fn changes(files: &PlanFiles, edit: &Edit) -> Result<Changeset, EditError> {
    match edit {
        Edit::AddEvent {
            key,
            name,
            description,
            owner,
            status,
            sources,
        } => {
            let path = event_path(key.as_str());
            if files.get(&path).is_some() {
                return Err(EditError::Exists {
                    what: "event",
                    name: key.to_string(),
                    path,
                });
            }
            if name.trim().is_empty() {
                return Err(EditError::BadValue {
                    field: "name".into(),
                    message: "an event needs a name".into(),
                });
            }
            let mut doc = DocumentMut::new();
            doc.insert("name", Item::Value(Value::from(name.as_str())));
            if let Some(d) = description {
                doc.insert("description", Item::Value(Value::from(d.as_str())));
            }
            if let Some(o) = owner {
                doc.insert("owner", Item::Value(Value::from(o.as_str())));
            }
            if let Some(s) = status {
                doc.insert("status", Item::Value(Value::from(s.as_str())));
            }
            if !sources.is_empty() {
                let list: Array = sources.iter().map(|s| Value::from(s.as_str())).collect();
                doc.insert("sources", Item::Value(Value::Array(list)));
            }
            let mut props = Table::new();
            props.decor_mut().set_prefix("\n");
            doc.insert("properties", Item::Table(props));
            Ok(one(path, Some(doc.to_string())))
        }
        Edit::RemoveEvent { key } => {
            let path = event_path(key.as_str());
            if files.get(&path).is_none() {
                return Err(not_found(files, "event", "events", key.as_str()));
            }
            Ok(one(path, None))
        }
        Edit::SetEvent { key, field, value } => {
            let path = event_path(key.as_str());
            if files.get(&path).is_none() {
                return Err(not_found(files, "event", "events", key.as_str()));
            }
            if !EVENT_KEYS.contains(&field.as_str()) || field == "properties" || field == "examples"
            {
                let settable = EVENT_KEYS
                    .iter()
                    .copied()
                    .filter(|k| *k != "properties" && *k != "examples");
                return Err(EditError::UnknownField {
                    field: field.clone(),
                    context: "an event (`properties` and `examples` are edited in the file or with `tplan property`)",
                    suggestion: suggest(field, settable),
                });
            }
            let mut doc = parse_doc(files, &path)?;
            match value {
                Some(v) => set_in(doc.as_table_mut(), field, value_for(field, v)),
                None => {
                    if doc.remove(field).is_none() {
                        return Err(EditError::NotFound {
                            what: "field",
                            name: format!("{field}` in `{key}"),
                            suggestion: None,
                        });
                    }
                }
            }
            Ok(one(path, Some(doc.to_string())))
        }
        Edit::AddProperty { target, name, spec } => add_property(files, target, name, spec),
        Edit::RemoveProperty { target, name } => match target {
            Target::Shared => {
                let path = shared_path(name);
                if files.get(&path).is_none() {
                    return Err(not_found(files, "shared property", "properties", name));
                }
                Ok(one(path, None))
            }
            Target::Event(key) => {
                let path = event_path(key.as_str());
                if files.get(&path).is_none() {
                    return Err(not_found(files, "event", "events", key.as_str()));
                }
                let mut doc = parse_doc(files, &path)?;
                let removed = doc
                    .get_mut("properties")
                    .and_then(Item::as_table_like_mut)
                    .and_then(|t| t.remove(name));
                if removed.is_none() {
                    return Err(property_not_found(&doc, key, name));
                }
                Ok(one(path, Some(doc.to_string())))
            }
        },
        Edit::SetProperty {
            target,
            name,
            field,
            value,
        } => {
            let allowed: Vec<&str> = match target {
                Target::Shared => PROPERTY_KEYS
                    .iter()
                    .copied()
                    .filter(|k| *k != "ref" && *k != "required")
                    .collect(),
                Target::Event(_) => PROPERTY_KEYS.to_vec(),
            };
            if !allowed.contains(&field.as_str()) {
                return Err(EditError::UnknownField {
                    field: field.clone(),
                    context: match target {
                        Target::Shared => "a shared property",
                        Target::Event(_) => "a property",
                    },
                    suggestion: suggest(field, allowed),
                });
            }
            let new = value_for(field, value);
            match target {
                Target::Shared => {
                    let path = shared_path(name);
                    if files.get(&path).is_none() {
                        return Err(not_found(files, "shared property", "properties", name));
                    }
                    let mut doc = parse_doc(files, &path)?;
                    set_in(doc.as_table_mut(), field, new);
                    Ok(one(path, Some(doc.to_string())))
                }
                Target::Event(key) => {
                    let path = event_path(key.as_str());
                    if files.get(&path).is_none() {
                        return Err(not_found(files, "event", "events", key.as_str()));
                    }
                    let mut doc = parse_doc(files, &path)?;
                    let slot = doc
                        .get_mut("properties")
                        .and_then(Item::as_table_like_mut)
                        .and_then(|t| t.get_mut(name));
                    match slot {
                        // An inline table stays one line in the house style.
                        Some(Item::Value(Value::InlineTable(table))) => {
                            let existed = table.contains_key(field);
                            set_in(table, field, new);
                            if !existed {
                                table.fmt();
                            }
                        }
                        Some(Item::Table(table)) => set_in(table, field, new),
                        _ => return Err(property_not_found(&doc, key, name)),
                    }
                    Ok(one(path, Some(doc.to_string())))
                }
            }
        }
        Edit::AddOwner {
            key,
            name,
            contact,
            members,
        } => {
            let path = owner_path(key.as_str());
            if files.get(&path).is_some() {
                return Err(EditError::Exists {
                    what: "owner",
                    name: key.to_string(),
                    path,
                });
            }
            let mut doc = DocumentMut::new();
            doc.insert("name", Item::Value(Value::from(name.as_str())));
            if let Some(c) = contact {
                doc.insert("contact", Item::Value(Value::from(c.as_str())));
            }
            if !members.is_empty() {
                let list: Array = members.iter().map(|m| Value::from(m.as_str())).collect();
                doc.insert("members", Item::Value(Value::Array(list)));
            }
            debug_assert!(OWNER_KEYS.contains(&"members"));
            Ok(one(path, Some(doc.to_string())))
        }
        Edit::RemoveOwner { key } => {
            let path = owner_path(key.as_str());
            if files.get(&path).is_none() {
                return Err(not_found(files, "owner", "owners", key.as_str()));
            }
            Ok(one(path, None))
        }
    }
}

fn property_not_found(doc: &DocumentMut, key: &Key, name: &str) -> EditError {
    let names: Vec<String> = doc
        .get("properties")
        .and_then(Item::as_table_like)
        .map(|t| t.iter().map(|(k, _)| k.to_string()).collect())
        .unwrap_or_default();
    EditError::NotFound {
        what: "property",
        name: format!("{name}` in event `{key}"),
        suggestion: suggest(name, names.iter().map(String::as_str)),
    }
}

/// The keys of a new property, in the house order: `ref`, `type`,
/// `required`, then the format's order.
fn spec_entries(
    spec: &PropertySpec,
    shared: bool,
) -> Result<Vec<(&'static str, Value)>, EditError> {
    let bad = |field: &str, message: &str| EditError::BadValue {
        field: field.to_string(),
        message: message.to_string(),
    };
    let mut out: Vec<(&'static str, Value)> = Vec::new();
    if let Some(r) = &spec.reference {
        if shared {
            return Err(bad(
                "ref",
                "a shared property cannot reference another shared property",
            ));
        }
        out.push(("ref", Value::from(r.as_str())));
    }
    let types: Vec<String> = spec
        .r#type
        .iter()
        .flat_map(|t| t.split(','))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    match types.as_slice() {
        [] => {}
        [one] => out.push(("type", Value::from(one.as_str()))),
        many => out.push((
            "type",
            Value::Array(many.iter().map(|t| Value::from(t.as_str())).collect()),
        )),
    }
    if spec.required {
        if shared {
            return Err(bad(
                "required",
                "a shared property is required where it is used: pass `--required` to `tplan property add EVENT NAME --ref KEY`",
            ));
        }
        out.push(("required", Value::from(true)));
    }
    if let Some(d) = &spec.description {
        out.push(("description", Value::from(d.as_str())));
    }
    if !spec.enum_values.is_empty() {
        let numeric = types.iter().any(|t| t == "integer" || t == "number");
        let mut list = Array::new();
        for v in &spec.enum_values {
            if numeric {
                let n = v
                    .parse::<Value>()
                    .ok()
                    .filter(|v| v.is_integer() || v.is_float())
                    .ok_or_else(|| bad("enum", &format!("`{v}` is not a number")))?;
                list.push(n.decorated("", ""));
            } else {
                list.push(v.as_str());
            }
        }
        list.fmt();
        out.push(("enum", Value::Array(list)));
    }
    if let Some(f) = &spec.format {
        out.push(("format", Value::from(f.as_str())));
    }
    if let Some(p) = &spec.pattern {
        out.push(("pattern", Value::from(p.as_str())));
    }
    for (field, raw) in [("minimum", &spec.minimum), ("maximum", &spec.maximum)] {
        if let Some(raw) = raw {
            let n = raw
                .parse::<Value>()
                .ok()
                .filter(|v| v.is_integer() || v.is_float())
                .ok_or_else(|| bad(field, &format!("`{raw}` is not a number")))?;
            out.push((field, n.decorated("", "")));
        }
    }
    for (field, n) in [
        ("min_length", spec.min_length),
        ("max_length", spec.max_length),
    ] {
        if let Some(n) = n {
            let n = i64::try_from(n).map_err(|_| bad(field, "too large"))?;
            out.push((field, Value::from(n)));
        }
    }
    Ok(out)
}

fn add_property(
    files: &PlanFiles,
    target: &Target,
    name: &str,
    spec: &PropertySpec,
) -> Result<Changeset, EditError> {
    match target {
        Target::Shared => {
            let key = Key::new(name)
                .map_err(|e| EditError::BadName(format!("invalid shared property key: {e}")))?;
            let path = shared_path(key.as_str());
            if files.get(&path).is_some() {
                return Err(EditError::Exists {
                    what: "shared property",
                    name: name.to_string(),
                    path,
                });
            }
            let mut doc = DocumentMut::new();
            for (field, value) in spec_entries(spec, true)? {
                doc.insert(field, Item::Value(value));
            }
            Ok(one(path, Some(doc.to_string())))
        }
        Target::Event(key) => {
            check_property_name(name).map_err(EditError::BadName)?;
            let path = event_path(key.as_str());
            if files.get(&path).is_none() {
                return Err(not_found(files, "event", "events", key.as_str()));
            }
            let mut doc = parse_doc(files, &path)?;
            if doc.get("properties").is_none() {
                let mut props = Table::new();
                props.decor_mut().set_prefix("\n");
                doc.insert("properties", Item::Table(props));
            }
            let Some(props) = doc.get_mut("properties").and_then(Item::as_table_like_mut) else {
                return Err(EditError::BadValue {
                    field: "properties".into(),
                    message: format!("`properties` in `{path}` is not a table"),
                });
            };
            if props.contains_key(name) {
                return Err(EditError::Exists {
                    what: "property",
                    name: format!("{name}` of event `{key}"),
                    path,
                });
            }
            let mut inline = InlineTable::new();
            for (field, value) in spec_entries(spec, false)? {
                inline.insert(field, value);
            }
            inline.fmt();
            props.insert(name, Item::Value(Value::InlineTable(inline)));
            Ok(one(path, Some(doc.to_string())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_toml_when_they_parse_and_text_otherwise() {
        assert_eq!(value_for("max_length", "64").as_integer(), Some(64));
        assert_eq!(
            value_for("status", "deprecated").as_str(),
            Some("deprecated")
        );
        assert_eq!(value_for("description", "2026").as_str(), Some("2026"));
        assert!(value_for("sunset", "2027-06-30").is_datetime());
        assert_eq!(
            value_for("sources", "web, ios").as_array().map(|a| a.len()),
            Some(2)
        );
        assert_eq!(
            value_for("sources", "[\"web\"]")
                .as_array()
                .map(|a| a.len()),
            Some(1)
        );
        assert_eq!(value_for("max_length", "\"long\"").as_str(), Some("long"));
    }
}
