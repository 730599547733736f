//! The spreadsheet of [`crate::csv`] read into candidates: rows grouped by
//! event, nested rows (`parent.child`, `parent[]`) placed under the rows
//! that declare their parents, owners created when the plan lacks them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::assemble::assemble;
use super::candidate::{Candidate, Import};
use super::error::ImportError;
use super::schema::EventDraft;
use super::slug::slug;
use crate::csv::COLUMNS;
use tplan_plan::PlanFiles;
use tplan_plan::model::Property;

/// What a CSV import produces: the importers' shared result.
pub type CsvImport = Import;

/// A CSV that cannot be read at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("{0}")]
#[diagnostic(code("unreadable-csv"))]
pub struct CsvError(pub String);

/// Imports the spreadsheet `text` (the file the user named `file`) into
/// the plan `existing`.
pub fn import(text: &str, existing: &PlanFiles, file: &str) -> Result<Import, ImportError> {
    from_csv(text, existing).map_err(|e| ImportError::Unreadable {
        file: file.to_string(),
        reason: e.0,
    })
}

/// Reads the spreadsheet: headers matched case-insensitively (any order,
/// extra columns ignored); `existing` is the plan it is imported into, whose
/// events are never overwritten and whose owners are reused.
pub fn from_csv(text: &str, existing: &PlanFiles) -> Result<CsvImport, CsvError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| CsvError(format!("the header row cannot be read: {e}")))?
        .clone();
    let columns = Columns { headers };
    let missing: Vec<&str> = ["event", "property", "type"]
        .into_iter()
        .filter(|c| columns.position(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(CsvError(format!(
            "missing column{}: {} (columns: {}; `tplan import csv --template` prints one)",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            COLUMNS.join(", ")
        )));
    }
    let mut drafts: BTreeMap<String, Draft> = BTreeMap::new();
    let mut out = CsvImport::default();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        match record {
            Ok(record) => read_row(&columns, &record, row, &mut drafts, &mut out),
            Err(e) => out.skipped.push(format!("row {row}: not CSV: {e}")),
        }
    }
    let candidates = candidates(drafts, existing, &mut out);
    Ok(assemble(candidates, existing, None, out))
}

/// The header row, to find a column by name.
struct Columns {
    headers: csv::StringRecord,
}

impl Columns {
    fn position(&self, name: &str) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
    }

    /// The cell of column `name` in `record` (empty when absent).
    fn at(&self, record: &csv::StringRecord, name: &str) -> String {
        self.position(name)
            .and_then(|i| record.get(i))
            .unwrap_or_default()
            .to_string()
    }
}

/// One event's rows so far.
struct Draft {
    name: String,
    first_row: usize,
    description: String,
    owner: String,
    properties: BTreeMap<String, Property>,
    /// Why the event is not imported (the first row at fault).
    broken: Option<String>,
}

/// Adds row `row` to its event's draft: the event's description and owner
/// must agree with its earlier rows, its property must have a place.
fn read_row(
    columns: &Columns,
    record: &csv::StringRecord,
    row: usize,
    drafts: &mut BTreeMap<String, Draft>,
    out: &mut CsvImport,
) {
    let name = columns.at(record, "event");
    if name.is_empty() {
        if record.iter().any(|c| !c.is_empty()) {
            out.skipped.push(format!("row {row}: no event name"));
        }
        return;
    }
    let key = slug(&name);
    if key.is_empty() {
        out.skipped
            .push(format!("row {row}: `{name}` cannot become a key"));
        return;
    }
    let description = columns.at(record, "event description");
    let owner = columns.at(record, "owner");
    let draft = drafts.entry(key.clone()).or_insert_with(|| Draft {
        name: name.clone(),
        first_row: row,
        description: description.clone(),
        owner: owner.clone(),
        properties: BTreeMap::new(),
        broken: None,
    });
    if draft.broken.is_some() {
        return;
    }
    if let Err(why) = agree(draft, &name, &key, description, owner) {
        draft.broken = Some(format!("row {row}: {why}"));
        return;
    }
    let property = columns.at(record, "property");
    if property.is_empty() {
        return;
    }
    let placed = row_property(record, columns)
        .and_then(|p| place(&mut draft.properties, &property, p, &mut out.renames, &name));
    if let Err(why) = placed {
        draft.broken = Some(format!("row {row}: {why}"));
    }
}

/// Takes a row's event cells into `draft`: the same name, and the same
/// description and owner as the rows before (or the first given).
fn agree(
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

/// The drafts as candidates (broken ones listed in `out.skipped`), and an
/// owner file for each owner the plan does not have.
fn candidates(
    drafts: BTreeMap<String, Draft>,
    existing: &PlanFiles,
    out: &mut CsvImport,
) -> Vec<Candidate> {
    let existing_owners: BTreeSet<String> = existing
        .iter()
        .filter_map(|(p, _)| p.strip_prefix("owners/")?.strip_suffix(".toml"))
        .map(str::to_string)
        .collect();
    let mut candidates = Vec::new();
    for draft in drafts.into_values() {
        if let Some(why) = draft.broken {
            out.skipped
                .push(format!("`{}` not imported: {why}", draft.name));
            continue;
        }
        let owner = (!draft.owner.is_empty()).then(|| slug(&draft.owner));
        if let Some(owner_key) = &owner {
            let owner_path = format!("owners/{owner_key}.toml");
            if !existing_owners.contains(owner_key) && !out.files.contains_key(&owner_path) {
                let mut doc = toml_edit::DocumentMut::new();
                doc.insert("name", toml_edit::value(draft.owner.as_str()));
                out.files.insert(owner_path, doc.to_string());
            }
        }
        candidates.push(Candidate {
            source: format!("`{}`", draft.name),
            key_from: draft.name.clone(),
            name: draft.name.clone(),
            respell_name: false,
            draft: EventDraft {
                description: (!draft.description.is_empty()).then_some(draft.description),
                owner,
                properties: draft.properties,
                ..EventDraft::default()
            },
            version: None,
        });
    }
    candidates
}

/// The property one row describes (without its place in the event).
fn row_property(record: &csv::StringRecord, columns: &Columns) -> Result<Property, String> {
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
fn place(
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
