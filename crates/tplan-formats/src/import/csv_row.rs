//! One event's rows of the spreadsheet into a draft: its description and
//! owner agreeing across rows, each property in its place (nested rows
//! `parent.child`, `parent[]` under the rows that declare their parents).

use std::collections::BTreeMap;

use serde_json::Value;

use super::slug::slug;
use tplan_plan::model::Property;

/// A property renamed to fit the plan: the row, `event: path`, the name.
pub(super) type Rename = (usize, String, String);

/// One event's rows so far.
pub(super) struct Draft {
    pub(super) name: String,
    pub(super) first_row: usize,
    pub(super) description: String,
    pub(super) owner: String,
    pub(super) properties: BTreeMap<String, Property>,
    /// Why the event is not imported (the first row at fault).
    pub(super) broken: Option<String>,
}

/// Takes a row's event cells into `draft`: the same name, and the same
/// description and owner as the rows before (or the first given).
pub(super) fn agree(
    draft: &mut Draft,
    name: &str,
    key: &str,
    description: String,
    owner: String,
) -> Result<(), String> {
    if draft.name != name {
        return Err(format!(
            "`{name}` and `{}` (row {}) become the same key `{key}`",
            draft.name, draft.first_row
        ));
    }
    if !description.is_empty() && description != draft.description {
        if !draft.description.is_empty() {
            return Err(format!(
                "the event description differs from row {}'s",
                draft.first_row
            ));
        }
        draft.description = description;
    }
    if !owner.is_empty() && owner != draft.owner {
        if !draft.owner.is_empty() {
            return Err(format!(
                "owner `{owner}` differs from row {}'s `{}`",
                draft.first_row, draft.owner
            ));
        }
        draft.owner = owner;
    }
    Ok(())
}

/// The property one row describes (without its place in the event).
pub(super) fn row_property(
    record: &csv::StringRecord,
    columns: &super::csv::Columns,
) -> Result<Property, String> {
    let at = |record: &csv::StringRecord, name: &str| columns.at(record, name);
    let mut p = Property::default();
    let type_cell = at(record, "type").to_ascii_lowercase();
    let mut types = Vec::new();
    for t in type_cell
        .split([',', '|'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        match tplan_plan::JsonType::parse(t) {
            Some(jt) => types.push(jt),
            None => {
                return Err(format!(
                    "unknown type `{t}` (string, number, integer, boolean, object, array, null)"
                ));
            }
        }
    }
    if types.is_empty() {
        return Err(format!("property `{}` has no type", at(record, "property")));
    }
    p.types = Some(types.iter().copied().collect());
    match at(record, "required").to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "x" | "required" => p.required = true,
        "" | "no" | "n" | "false" | "0" | "optional" => {}
        other => return Err(format!("`required` is `{other}`: use yes or no")),
    }
    let description = at(record, "description");
    if !description.is_empty() {
        p.description = Some(description);
    }
    let allowed = at(record, "allowed values");
    if !allowed.is_empty() {
        let numeric = types.iter().any(|t| {
            matches!(
                t,
                tplan_plan::JsonType::Number | tplan_plan::JsonType::Integer
            )
        });
        let values = allowed
            .split('|')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| match (numeric, v.parse::<i64>(), v.parse::<f64>()) {
                (true, Ok(n), _) => Value::from(n),
                (true, _, Ok(f)) => Value::from(f),
                _ => Value::from(v),
            })
            .collect();
        p.enum_values = Some(values);
    }
    Ok(p)
}

/// Puts `p` at `path` in `properties`: `parent.child` under an object row
/// written before it, `parent[]` as an array row's items (as `tplan export
/// csv` writes them); any other name is one property, slugged when the
/// plan cannot hold it as written.
pub(super) fn place(
    properties: &mut BTreeMap<String, Property>,
    path: &str,
    p: Property,
    renames: &mut Vec<(String, String)>,
    event: &str,
) -> Result<(), String> {
    if let Some(parent) = path.strip_suffix("[]")
        && let Some(array) = find(properties, parent)
    {
        if p.required {
            return Err(format!("`{path}`: array items cannot be required"));
        }
        if array.items.is_some() {
            return Err(format!("`{path}` appears twice"));
        }
        if !array.allows_type(tplan_plan::JsonType::Array) {
            return Err(format!(
                "`{parent}` is not an array, so `{path}` has no place"
            ));
        }
        array.items = Some(Box::new(p));
        return Ok(());
    }
    if let Some((parent, child)) = path.rsplit_once('.')
        && !child.is_empty()
        && let Some(object) = find(properties, parent)
    {
        if !object.allows_type(tplan_plan::JsonType::Object) {
            return Err(format!(
                "`{parent}` is not an object, so `{path}` has no place"
            ));
        }
        let name = property_name(child, renames, event, path);
        let children = object.properties.get_or_insert_default();
        if children.contains_key(&name) {
            return Err(format!("property `{path}` appears twice"));
        }
        children.insert(name, p);
        return Ok(());
    }
    if let Some((parent, _)) = path.split_once("[]") {
        return Err(format!(
            "`{path}`: no row before it declares the array `{parent}`"
        ));
    }
    let name = property_name(path, renames, event, path);
    if properties.contains_key(&name) {
        return Err(format!("property `{name}` appears twice"));
    }
    properties.insert(name, p);
    Ok(())
}

/// The name as written when the plan can hold it, else its slug (listed).
fn property_name(
    name: &str,
    renames: &mut Vec<(String, String)>,
    event: &str,
    path: &str,
) -> String {
    if tplan_plan::parse::check_property_name(name).is_ok() {
        return name.to_string();
    }
    let slugged = slug(name);
    renames.push((format!("{event}: {path}"), slugged.clone()));
    slugged
}

/// The property at a CSV path (`a`, `a.b`, `a[]`, `a[].b`), if declared.
fn find<'a>(
    properties: &'a mut BTreeMap<String, Property>,
    path: &str,
) -> Option<&'a mut Property> {
    if properties.contains_key(path) {
        return properties.get_mut(path);
    }
    if let Some(parent) = path.strip_suffix("[]") {
        return find(properties, parent)?.items.as_deref_mut();
    }
    let (parent, child) = path.rsplit_once('.')?;
    find(properties, parent)?
        .properties
        .as_mut()?
        .get_mut(child)
}
