//! The plan's object files as editable documents: finding them, opening
//! them, and reaching the keys of one object or property inside them.

use toml_edit::{DocumentMut, Item, Table, Value};

use crate::edit::Target;
use crate::error::EditError;
use crate::fields::Fields;
use crate::value;
use tplan_plan::error::{ErrorKind, PlanError, suggest};
use tplan_plan::files::PlanFiles;
use tplan_plan::key::Key;
use tplan_plan::parse::{Loaded, PROPERTY_KEYS};
use tplan_plan::span::Span;

/// A kind of object file: its folder, and its name in messages.
#[derive(Clone, Copy)]
pub(crate) struct Object {
    folder: &'static str,
    kind: &'static str,
}

impl Object {
    pub(crate) const EVENT: Object = Object {
        folder: "events",
        kind: "event",
    };
    pub(crate) const OWNER: Object = Object {
        folder: "owners",
        kind: "owner",
    };
    pub(crate) const SOURCE: Object = Object {
        folder: "sources",
        kind: "source",
    };
    pub(crate) const SHARED: Object = Object {
        folder: "properties",
        kind: "shared property",
    };

    pub(crate) fn path(self, key: &str) -> String {
        format!("{}/{key}.toml", self.folder)
    }

    /// The path of a new object's file, refused when it exists.
    pub(crate) fn absent(self, files: &PlanFiles, key: &str) -> Result<String, EditError> {
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
    pub(crate) fn existing(self, files: &PlanFiles, key: &str) -> Result<String, EditError> {
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
pub(crate) fn set_top(
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
pub(crate) fn unset_top(
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

/// The rank of a key in `keys`, for [`Fields::set`]; unknown keys rank last.
pub(crate) fn rank_in(keys: &'static [&'static str]) -> impl Fn(&str) -> usize {
    move |k| keys.iter().position(|x| *x == k).unwrap_or(usize::MAX)
}

/// The house order of property keys: `ref`, `type`, `required`, then the
/// rest in the format's order.
pub(crate) fn rank_property() -> impl Fn(&str) -> usize {
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

/// The keys of the `.toml` files in `folder`.
pub(crate) fn keys_in<'f>(files: &'f PlanFiles, folder: &str) -> Vec<&'f str> {
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
pub(crate) fn shared_key(name: &str) -> Result<Key, EditError> {
    Key::new(name).map_err(|e| EditError::BadName {
        name: name.to_string(),
        reason: format!("a shared property's name is its file name: {e}"),
    })
}

/// The file at `path` as an editable document.
pub(crate) fn open(
    files: &PlanFiles,
    before: &Loaded,
    path: &str,
) -> Result<DocumentMut, EditError> {
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
pub(crate) fn unreadable(path: &str, before: &Loaded, fallback: Option<PlanError>) -> EditError {
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
pub(crate) fn properties<'d>(
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
pub(crate) fn property_file(
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
pub(crate) fn property<'d>(
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

pub(crate) fn not_found_property(
    props: &Fields<'_>,
    name: &str,
    event: &Key,
    path: &str,
) -> EditError {
    let names = props.keys();
    EditError::NotFound {
        what: format!("property `{name}` of event `{event}`"),
        place: path.to_string(),
        suggestion: suggest(name, names.iter().map(String::as_str)),
    }
}
