//! The spreadsheet of [`crate::csv`] read into candidates as a stream, in
//! two passes over the file. The first reads every row once, checks the
//! header and UTF-8, and keeps only where each event's rows are (runs of
//! consecutive rows: an event's rows need not be together); nothing is
//! written if it fails. The second reads each event's rows back, in key
//! order, makes the event ([`super::csv_row`]) and hands it to the
//! [`Assembler`], which writes it. Memory holds one event's rows and a
//! few bytes per event, whatever the size of the file.

use std::collections::BTreeMap;
use std::io::{Read, Seek};

use super::assemble::{Assembler, Sink};
use super::candidate::{Candidate, Import};
use super::csv_row::{Draft, Rename, agree, place, row_property};
use super::error::ImportError;
use super::schema::EventDraft;
use super::slug::slug;
use super::utf8::{Utf8Reader, reason};
use crate::csv::{COLUMNS, unprotect};
use tplan_plan::PlanFiles;

/// Where a run of consecutive rows of one event starts, and how many.
struct Run {
    at: csv::Position,
    first_row: usize,
    rows: usize,
}

/// What the first pass keeps: the columns, and each event's runs by key.
struct Index {
    columns: Columns,
    events: BTreeMap<String, Vec<Run>>,
}

/// Imports the spreadsheet `input` (the file the user named `file`) into
/// the plan `existing`, writing to `sink`: headers matched
/// case-insensitively (any order, extra columns ignored); the plan's events
/// are never overwritten and its owners are reused. A file without the
/// required columns, or not UTF-8, is refused before anything is written.
pub fn import<R: Read + Seek>(
    input: R,
    existing: &PlanFiles,
    file: &str,
    sink: &mut dyn Sink,
) -> Result<Import, ImportError> {
    let unreadable = |reason: String| ImportError::Unreadable {
        file: file.to_string(),
        reason,
    };
    let mut out = Import::default();
    let (index, input) = first_pass(input, &mut out.skipped).map_err(unreadable)?;
    let mark = out.skipped.len();
    let mut reader = builder().has_headers(false).from_reader(input);
    let mut assembler = Assembler::new(existing, None, out, sink);
    let mut broken = Vec::new();
    let mut renames: Vec<Rename> = Vec::new();
    let mut record = csv::StringRecord::new();
    for (key, runs) in &index.events {
        let mut draft: Option<Draft> = None;
        for run in runs {
            reader
                .seek(run.at.clone())
                .map_err(|e| unreadable(format!("cannot be read again: {e}")))?;
            for row in run.first_row..run.first_row + run.rows {
                let read = reader
                    .read_record(&mut record)
                    .map_err(|e| unreadable(format!("cannot be read again: {e}")))?;
                if !read {
                    return Err(unreadable("changed while it was read".into()));
                }
                read_row(&index.columns, &record, row, key, &mut draft, &mut renames);
            }
        }
        let Some(draft) = draft else { continue };
        if let Some(why) = draft.broken {
            broken.push(format!("`{}` not imported: {why}", draft.name));
            continue;
        }
        let candidate = candidate(draft, existing, &mut assembler)?;
        assembler.push(&candidate)?;
    }
    let mut import = assembler.finish()?;
    import.skipped.splice(mark..mark, broken);
    // Property renames in row order, as the rows were read; then events'.
    renames.sort_by_key(|(row, ..)| *row);
    let events = std::mem::take(&mut import.renames);
    import.renames = renames.into_iter().map(|(_, a, b)| (a, b)).collect();
    import.renames.extend(events);
    Ok(import)
}

fn builder() -> csv::ReaderBuilder {
    let mut b = csv::ReaderBuilder::new();
    b.flexible(true).trim(csv::Trim::All);
    b
}

/// Reads every row once: the header and its required columns, UTF-8, and
/// where each event's rows are; rows without an event are listed in
/// `skipped`. Gives the input back for the second pass.
fn first_pass<R: Read>(input: R, skipped: &mut Vec<String>) -> Result<(Index, R), String> {
    let mut reader = builder().from_reader(Utf8Reader::new(input));
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(csv_reason(e, "the header row cannot be read")),
    };
    let columns = Columns { headers };
    let missing: Vec<&str> = ["event", "property", "type"]
        .into_iter()
        .filter(|c| columns.position(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "missing column{}: {} (columns: {}; `tplan import csv --template` prints one)",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            COLUMNS.join(", ")
        ));
    }
    let mut events: BTreeMap<String, Vec<Run>> = BTreeMap::new();
    let mut record = csv::StringRecord::new();
    let mut row = 1;
    let mut last: Option<String> = None;
    loop {
        let at = reader.position().clone();
        let read = reader.read_record(&mut record);
        row += 1;
        match read {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) if e.is_io_error() => return Err(csv_reason(e, "cannot be read")),
            Err(e) => {
                skipped.push(format!("row {row}: not CSV: {e}"));
                last = None;
                continue;
            }
        }
        let Some(key) = row_key(&columns, &record, row, skipped) else {
            last = None;
            continue;
        };
        let runs = events.entry(key.clone()).or_default();
        match runs.last_mut() {
            Some(run) if last.as_deref() == Some(key.as_str()) => run.rows += 1,
            _ => runs.push(Run {
                at,
                first_row: row,
                rows: 1,
            }),
        }
        last = Some(key);
    }
    let input = reader.into_inner().into_inner();
    Ok((Index { columns, events }, input))
}

/// Why the csv reader failed: the UTF-8 check's words, or `what` and the
/// error.
fn csv_reason(e: csv::Error, what: &str) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => match reason(io) {
            r if r.starts_with("not UTF-8") => format!("{r}; save it as CSV UTF-8"),
            r => r,
        },
        _ => format!("{what}: {e}"),
    }
}

/// The key of a row's event, or `None` with the row listed in `skipped`
/// (no name but other cells, or a name that cannot become a key).
fn row_key(
    columns: &Columns,
    record: &csv::StringRecord,
    row: usize,
    skipped: &mut Vec<String>,
) -> Option<String> {
    let name = columns.at(record, "event");
    if name.is_empty() {
        if record.iter().any(|c| !c.is_empty()) {
            skipped.push(format!("row {row}: no event name"));
        }
        return None;
    }
    let key = slug(&name);
    if key.is_empty() {
        skipped.push(format!("row {row}: `{name}` cannot become a key"));
        return None;
    }
    Some(key)
}

/// The header row, to find a column by name.
pub(super) struct Columns {
    headers: csv::StringRecord,
}

impl Columns {
    fn position(&self, name: &str) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
    }

    /// The cell of column `name` in `record` (empty when absent), without
    /// the `'` that `tplan export csv` puts before a formula-like cell.
    pub(super) fn at(&self, record: &csv::StringRecord, name: &str) -> String {
        let cell = self
            .position(name)
            .and_then(|i| record.get(i))
            .unwrap_or_default();
        unprotect(cell).to_string()
    }
}

/// Adds row `row` of the event `key` to its draft: the event's
/// description and owner must agree with its earlier rows, its property
/// must have a place.
fn read_row(
    columns: &Columns,
    record: &csv::StringRecord,
    row: usize,
    key: &str,
    draft: &mut Option<Draft>,
    renames: &mut Vec<Rename>,
) {
    let name = columns.at(record, "event");
    let description = columns.at(record, "event description");
    let owner = columns.at(record, "owner");
    let draft = draft.get_or_insert_with(|| Draft {
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
    if let Err(why) = agree(draft, &name, key, description, owner) {
        draft.broken = Some(format!("row {row}: {why}"));
        return;
    }
    let property = columns.at(record, "property");
    if property.is_empty() {
        return;
    }
    let mut renamed = Vec::new();
    let placed = row_property(record, columns)
        .and_then(|p| place(&mut draft.properties, &property, p, &mut renamed, &name));
    renames.extend(renamed.into_iter().map(|(a, b)| (row, a, b)));
    if let Err(why) = placed {
        draft.broken = Some(format!("row {row}: {why}"));
    }
}

/// The draft as a candidate; its owner's file is written first when the
/// plan does not have it.
fn candidate(
    draft: Draft,
    existing: &PlanFiles,
    assembler: &mut Assembler<'_>,
) -> Result<Candidate, ImportError> {
    let owner = (!draft.owner.is_empty()).then(|| slug(&draft.owner));
    if let Some(key) = &owner
        && existing.get(&format!("owners/{key}.toml")).is_none()
        && !assembler.has_owner(key)
    {
        assembler.add_owner(key, &draft.owner)?;
    }
    Ok(Candidate {
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
    })
}
