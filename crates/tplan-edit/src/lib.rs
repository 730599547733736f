//! Programmatic edits of plan files, the way `cargo add` edits `Cargo.toml`:
//! the keys an edit touches change, and every comment, blank line, spacing
//! and key order elsewhere stays as it was, byte for byte.
//!
//! [`apply`] is pure: it takes the plan's files and returns a [`Changeset`]
//! (new texts and deletions) for the caller to write. It refuses an edit
//! that would leave the plan invalid, so a refused edit writes nothing.
//!
//! Unsetting a field is its own variant ([`Edit::UnsetEvent`],
//! [`Edit::UnsetProperty`]): a `set` always has a value, so a value that
//! happens to be empty can never remove a key by accident.

mod error;
mod fields;
pub mod release;
pub mod template;
mod value;

use std::collections::{BTreeMap, HashMap};

use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

pub use error::EditError;
use fields::Fields;
use tplan_plan::error::{ErrorKind, PlanError, suggest, suggest_key};
use tplan_plan::files::PlanFiles;
use tplan_plan::key::Key;
use tplan_plan::model::JsonType;
use tplan_plan::parse::{EVENT_KEYS, Loaded, OWNER_KEYS, PROPERTY_KEYS, check_property_name};
use tplan_plan::span::Span;
use tplan_schema::load;

/// One change to a plan's files.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Creates `events/<key>.toml` with an empty `[properties]` table.
    AddEvent {
        /// The new event's key (its file name).
        key: Key,
        /// The name apps send (`Checkout Completed`).
        name: String,
        /// What the event means.
        description: Option<String>,
        /// The key of its owner, which must exist.
        owner: Option<String>,
        /// `draft`, `active` or `deprecated`; left out when `None`.
        status: Option<String>,
        /// Where it is sent from; left out when empty.
        sources: Vec<String>,
    },
    /// Deletes `events/<key>.toml`; refused while another event names it in
    /// `replaced_by`.
    RemoveEvent {
        /// The event's key.
        key: Key,
    },
    /// Sets one top-level key of an event (any event key but `properties`,
    /// which the property edits change). `value` is read as a TOML value
    /// when it is one (`true`, `12`, `2027-06-30`, `["web","ios"]`) and as
    /// plain text otherwise (`status deprecated`, `owner growth`); text
    /// fields (`name`, `description`, `owner`, `status`, `replaced_by`)
    /// always take text, and `sources`/`tags` split plain text on commas.
    SetEvent {
        /// The event's key.
        key: Key,
        /// The key to set (`status`).
        field: String,
        /// The value, as typed.
        value: String,
    },
    /// Removes one top-level key of an event (`sunset`).
    UnsetEvent {
        /// The event's key.
        key: Key,
        /// The key to remove.
        field: String,
    },
    /// Adds a property: to an event as a one-line inline table, or as a new
    /// shared property file `properties/<name>.toml`.
    AddProperty {
        /// Where it goes.
        target: Target,
        /// The property's name (for [`Target::Shared`], its key).
        name: String,
        /// Its definition.
        spec: PropertySpec,
    },
    /// Removes a property from an event (inline or `[properties.x]` form),
    /// or deletes a shared property file, refused while an event uses it.
    RemoveProperty {
        /// Where it is.
        target: Target,
        /// The property's name (for [`Target::Shared`], its key).
        name: String,
    },
    /// Sets one key of a property (any property key), `value` read as in
    /// [`Edit::SetEvent`] (`type` splits plain text on commas:
    /// `string,null`). An inline property stays inline, on one line.
    SetProperty {
        /// Where it is.
        target: Target,
        /// The property's name.
        name: String,
        /// The property key to set (`max_length`).
        field: String,
        /// The value, as typed.
        value: String,
    },
    /// Removes one key of a property (`max_length`).
    UnsetProperty {
        /// Where it is.
        target: Target,
        /// The property's name.
        name: String,
        /// The property key to remove.
        field: String,
    },
    /// Creates `owners/<key>.toml`.
    AddOwner {
        /// The owner's key.
        key: Key,
        /// Display name (`Growth`).
        name: String,
        /// Where to reach them.
        contact: Option<String>,
        /// People whose reviews count for the owner.
        members: Vec<String>,
    },
    /// Deletes `owners/<key>.toml`; refused while an event names the owner.
    RemoveOwner {
        /// The owner's key.
        key: Key,
    },
    /// Sets one key of an owner (`contact`), `value` read as in
    /// [`Edit::SetEvent`] (`members` splits plain text on commas).
    SetOwner {
        /// The owner's key.
        key: Key,
        /// The key to set.
        field: String,
        /// The value, as typed.
        value: String,
    },
    /// Removes one key of an owner (`contact`).
    UnsetOwner {
        /// The owner's key.
        key: Key,
        /// The key to remove.
        field: String,
    },
}

/// Where a property edit applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A property in the event's `[properties]`.
    Event(Key),
    /// The shared property file `properties/<name>.toml` itself.
    Shared,
}

/// The definition of a new property, as given on a command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PropertySpec {
    /// `type`: one name, or a comma-separated list (`string,null`).
    pub r#type: Option<String>,
    /// `required` (written only when true).
    pub required: bool,
    /// `description`
    pub description: Option<String>,
    /// `ref`: the key of a shared property.
    pub reference: Option<String>,
    /// `enum`: strings, or numbers when the type (declared here or by the
    /// `ref`'d shared property) is `integer` or `number`.
    pub enum_values: Vec<String>,
    /// `format`
    pub format: Option<String>,
    /// `pattern`
    pub pattern: Option<String>,
    /// `minimum`, a number.
    pub minimum: Option<String>,
    /// `maximum`, a number.
    pub maximum: Option<String>,
    /// `min_length`
    pub min_length: Option<u64>,
    /// `max_length`
    pub max_length: Option<u64>,
}

/// What an edit does to the plan's files: each path maps to its new text,
/// or to `None` when the file is deleted. Paths are relative to the plan
/// folder (`events/checkout_completed.toml`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changeset {
    /// New texts (`Some`) and deletions (`None`) by path.
    pub files: BTreeMap<String, Option<String>>,
}

impl Changeset {
    /// The plan's files after the edit.
    pub fn apply_to(&self, files: &PlanFiles) -> PlanFiles {
        let mut out = PlanFiles::new();
        for (path, entry) in files.iter() {
            if !self.files.contains_key(path) {
                out.insert(path, entry.clone());
            }
        }
        for (path, text) in &self.files {
            if let Some(text) = text {
                out.insert_bytes(path.clone(), text.clone().into_bytes());
            }
        }
        out
    }
}

/// Computes the files that `edit` changes in the plan `files`.
///
/// Refuses, with nothing to write, an edit that names something missing or
/// already there, an unknown field, a bad name or value, a file that is not
/// valid TOML, and any edit after which the plan would have an error in a
/// file the edit touched or an error anywhere that it did not have before
/// (such as removing an owner that events still name).
pub fn apply(files: &PlanFiles, edit: &Edit) -> Result<Changeset, EditError> {
    let before = load(files);
    let changeset = changes(files, &before, edit)?;
    check(files, &before, changeset)
}

fn changes(files: &PlanFiles, before: &Loaded, edit: &Edit) -> Result<Changeset, EditError> {
    let mut out = Changeset::default();
    match edit {
        Edit::AddEvent {
            key,
            name,
            description,
            owner,
            status,
            sources,
        } => {
            let path = Object::EVENT.absent(files, key.as_str())?;
            let mut doc = DocumentMut::new();
            doc.insert("name", Item::Value(name.into()));
            for (k, v) in [
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
            out.files.insert(path, Some(doc.to_string()));
        }
        Edit::RemoveEvent { key } => {
            let path = Object::EVENT.existing(files, key.as_str())?;
            out.files.insert(path, None);
        }
        Edit::SetEvent { key, field, value } => {
            let field = known_field(field, event_fields(), "an event")?;
            let (path, text) =
                set_top(files, before, Object::EVENT, EVENT_KEYS, key, field, value)?;
            out.files.insert(path, Some(text));
        }
        Edit::UnsetEvent { key, field } => {
            let field = known_field(field, event_fields(), "an event")?;
            let (path, text) = unset_top(files, before, Object::EVENT, key, field)?;
            out.files.insert(path, Some(text));
        }
        Edit::AddProperty { target, name, spec } => {
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
                    out.files.insert(path, Some(doc.to_string()));
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
                    out.files.insert(path, Some(doc.to_string()));
                }
            }
        }
        Edit::RemoveProperty { target, name } => match target {
            Target::Shared => {
                let key = shared_key(name)?;
                let path = Object::SHARED.existing(files, key.as_str())?;
                out.files.insert(path, None);
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
                out.files.insert(path, Some(doc.to_string()));
            }
        },
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
            out.files.insert(path, Some(doc.to_string()));
        }
        Edit::UnsetProperty {
            target,
            name,
            field,
        } => {
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
            out.files.insert(path, Some(doc.to_string()));
        }
        Edit::AddOwner {
            key,
            name,
            contact,
            members,
        } => {
            let path = Object::OWNER.absent(files, key.as_str())?;
            let mut doc = DocumentMut::new();
            doc.insert("name", Item::Value(name.into()));
            if let Some(c) = contact {
                doc.insert("contact", Item::Value(c.into()));
            }
            if !members.is_empty() {
                doc.insert("members", Item::Value(strings(members)));
            }
            out.files.insert(path, Some(doc.to_string()));
        }
        Edit::RemoveOwner { key } => {
            let path = Object::OWNER.existing(files, key.as_str())?;
            out.files.insert(path, None);
        }
        Edit::SetOwner { key, field, value } => {
            let field = known_field(field, OWNER_KEYS.iter().copied(), "an owner")?;
            let (path, text) =
                set_top(files, before, Object::OWNER, OWNER_KEYS, key, field, value)?;
            out.files.insert(path, Some(text));
        }
        Edit::UnsetOwner { key, field } => {
            let field = known_field(field, OWNER_KEYS.iter().copied(), "an owner")?;
            let (path, text) = unset_top(files, before, Object::OWNER, key, field)?;
            out.files.insert(path, Some(text));
        }
    }
    Ok(out)
}

/// A kind of object file: its folder, and its name in messages.
#[derive(Clone, Copy)]
struct Object {
    folder: &'static str,
    kind: &'static str,
}

impl Object {
    const EVENT: Object = Object {
        folder: "events",
        kind: "event",
    };
    const OWNER: Object = Object {
        folder: "owners",
        kind: "owner",
    };
    const SHARED: Object = Object {
        folder: "properties",
        kind: "shared property",
    };

    fn path(self, key: &str) -> String {
        format!("{}/{key}.toml", self.folder)
    }

    /// The path of a new object's file, refused when it exists.
    fn absent(self, files: &PlanFiles, key: &str) -> Result<String, EditError> {
        let path = self.path(key);
        match files.get(&path) {
            Some(_) => Err(EditError::Exists {
                what: format!("{} `{key}`", self.kind),
                file: path,
            }),
            None => Ok(path),
        }
    }

    /// The path of an existing object's file, refused with the closest key
    /// when it does not exist.
    fn existing(self, files: &PlanFiles, key: &str) -> Result<String, EditError> {
        let path = self.path(key);
        match files.get(&path) {
            Some(_) => Ok(path),
            None => Err(EditError::NotFound {
                what: format!("{} `{key}`", self.kind),
                place: format!("{}/", self.folder),
                suggestion: suggest(key, keys_in(files, self.folder)),
            }),
        }
    }
}

/// The path and new text of `key`'s file with `field` set to `value`;
/// `keys` is the house order of the file's keys.
fn set_top(
    files: &PlanFiles,
    before: &Loaded,
    object: Object,
    keys: &'static [&'static str],
    key: &Key,
    field: &str,
    value: &str,
) -> Result<(String, String), EditError> {
    let path = object.existing(files, key.as_str())?;
    let mut doc = open(files, before, &path)?;
    Fields::Table(doc.as_table_mut()).set(field, value::parse(field, value), &rank_in(keys));
    Ok((path, doc.to_string()))
}

/// The path and new text of `key`'s file without `field`.
fn unset_top(
    files: &PlanFiles,
    before: &Loaded,
    object: Object,
    key: &Key,
    field: &str,
) -> Result<(String, String), EditError> {
    let path = object.existing(files, key.as_str())?;
    let mut doc = open(files, before, &path)?;
    if !Fields::Table(doc.as_table_mut()).remove(field) {
        return Err(EditError::NotFound {
            what: format!("field `{field}` of {} `{key}`", object.kind),
            place: path,
            suggestion: None,
        });
    }
    Ok((path, doc.to_string()))
}

/// Refuses `changeset` when the edited plan has an error in a file it
/// touched, or an error the plan did not have before. Errors already in
/// untouched files are compared by file, code and message (positions may
/// not move, but a message is what a person would call "the same error").
fn check(files: &PlanFiles, before: &Loaded, changeset: Changeset) -> Result<Changeset, EditError> {
    let edited = changeset.apply_to(files);
    let after = load(&edited);
    let signature = |e: &PlanError| (e.file.clone(), e.kind.error_code(), e.kind.to_string());
    let mut known: HashMap<_, usize> = HashMap::new();
    for e in &before.errors {
        *known.entry(signature(e)).or_default() += 1;
    }
    let errors: Vec<PlanError> = after
        .errors
        .into_iter()
        .filter(|e| {
            if changeset.files.contains_key(&e.file) {
                return true;
            }
            match known.get_mut(&signature(e)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        })
        .collect();
    if errors.is_empty() {
        return Ok(changeset);
    }
    let sources = errors
        .iter()
        .filter_map(|e| Some((e.file.clone(), edited.text(&e.file)?.to_string())))
        .collect();
    Err(EditError::Invalid { errors, sources })
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

/// The rank of a key in `keys`, for [`Fields::set`]; unknown keys rank last.
fn rank_in(keys: &'static [&'static str]) -> impl Fn(&str) -> usize {
    move |k| keys.iter().position(|x| *x == k).unwrap_or(usize::MAX)
}

/// The house order of property keys: `ref`, `type`, `required`, then the
/// rest in the format's order.
fn rank_property() -> impl Fn(&str) -> usize {
    const FIRST: [&str; 3] = ["ref", "type", "required"];
    move |k| match FIRST.iter().position(|x| *x == k) {
        Some(i) => i,
        None => PROPERTY_KEYS
            .iter()
            .filter(|x| !FIRST.contains(x))
            .position(|x| *x == k)
            .map_or(usize::MAX, |i| i + FIRST.len()),
    }
}

fn strings(list: &[String]) -> Value {
    Value::Array(list.iter().map(|s| Value::from(s.as_str())).collect())
}

/// The keys of the `.toml` files in `folder`.
fn keys_in<'f>(files: &'f PlanFiles, folder: &str) -> Vec<&'f str> {
    files
        .iter()
        .filter_map(|(path, _)| {
            path.strip_prefix(folder)?
                .strip_prefix('/')?
                .strip_suffix(".toml")
        })
        .collect()
}

/// A shared property's name as its key.
fn shared_key(name: &str) -> Result<Key, EditError> {
    Key::new(name).map_err(|e| EditError::BadName {
        name: name.to_string(),
        reason: format!("a shared property's name is its file name: {e}"),
    })
}

fn check_name(name: &str) -> Result<(), EditError> {
    check_property_name(name).map_err(|reason| EditError::BadName {
        name: name.to_string(),
        reason,
    })
}

/// The file at `path` as an editable document.
fn open(files: &PlanFiles, before: &Loaded, path: &str) -> Result<DocumentMut, EditError> {
    let Some(text) = files.text(path) else {
        return Err(unreadable(path, before, None));
    };
    text.parse::<DocumentMut>().map_err(|e| {
        let kind = ErrorKind::Toml {
            message: e.message().trim().to_string(),
        };
        let span = e.span().map(|r| Span::new(text, r));
        unreadable(path, before, Some(PlanError::new(path, span, kind)))
    })
}

/// A file that cannot be edited, with the errors the plan reports in it.
fn unreadable(path: &str, before: &Loaded, fallback: Option<PlanError>) -> EditError {
    let mut errors: Vec<PlanError> = before
        .errors
        .iter()
        .filter(|e| e.file == path)
        .cloned()
        .collect();
    if errors.is_empty() {
        errors.push(fallback.unwrap_or_else(|| {
            PlanError::new(
                path,
                None,
                ErrorKind::InvalidValue {
                    key: "properties".into(),
                    message: "not in a form tplan can edit".into(),
                },
            )
        }));
    }
    EditError::Unreadable {
        file: path.to_string(),
        errors,
    }
}

/// An event's `properties` table, standard or inline; created (standard)
/// when the event has none.
fn properties<'d>(
    root: &'d mut Table,
    before: &Loaded,
    path: &str,
) -> Result<Fields<'d>, EditError> {
    if !root.contains_key("properties") {
        root.insert("properties", Item::Table(Table::new()));
    }
    match root.get_mut("properties") {
        Some(Item::Table(t)) => Ok(Fields::Table(t)),
        Some(Item::Value(Value::InlineTable(t))) => Ok(Fields::Inline(t)),
        _ => Err(unreadable(path, before, None)),
    }
}

/// The file a property edit changes, checked and opened.
fn property_file(
    files: &PlanFiles,
    before: &Loaded,
    target: &Target,
    name: &str,
) -> Result<(String, DocumentMut), EditError> {
    let path = match target {
        Target::Shared => Object::SHARED.existing(files, shared_key(name)?.as_str())?,
        Target::Event(event) => Object::EVENT.existing(files, event.as_str())?,
    };
    let doc = open(files, before, &path)?;
    Ok((path, doc))
}

/// The keys of one property: a shared property file's top level, or an
/// event's entry in inline or `[properties.x]` form.
fn property<'d>(
    doc: &'d mut DocumentMut,
    before: &Loaded,
    target: &Target,
    name: &str,
    path: &str,
) -> Result<Fields<'d>, EditError> {
    let Target::Event(event) = target else {
        return Ok(Fields::Table(doc.as_table_mut()));
    };
    let props = properties(doc.as_table_mut(), before, path)?;
    if !props.contains(name) {
        return Err(not_found_property(&props, name, event, path));
    }
    let found = match props {
        Fields::Table(t) => match t.get_mut(name) {
            Some(Item::Table(sub)) => Some(Fields::Table(sub)),
            Some(Item::Value(Value::InlineTable(inline))) => Some(Fields::Inline(inline)),
            _ => None,
        },
        Fields::Inline(t) => match t.get_mut(name) {
            Some(Value::InlineTable(inline)) => Some(Fields::Inline(inline)),
            _ => None,
        },
    };
    // Anything else (`price = "x"`) is an error the plan already reports.
    found.ok_or_else(|| unreadable(path, before, None))
}

fn not_found_property(props: &Fields<'_>, name: &str, event: &Key, path: &str) -> EditError {
    let names = props.keys();
    EditError::NotFound {
        what: format!("property `{name}` of event `{event}`"),
        place: path.to_string(),
        suggestion: suggest(name, names.iter().map(String::as_str)),
    }
}
