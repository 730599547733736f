//! Three-way semantic merge of plans: base, ours and theirs compared per
//! object (file) and per field (TOML key path), never per line.
//!
//! A field changed on one side only takes that side's value; the same
//! change on both sides is taken once; formatting and key order are not
//! changes. Two different changes to one field, a change against a
//! deletion, and the same new file with different content are conflicts,
//! named by path with the three values, and written with git-style markers
//! around the lines that hold them. Versions never conflict (only publish
//! writes them): the higher one wins.

mod conflict;
mod markers;
mod renames;
mod table;

use std::collections::BTreeSet;

use toml_edit::DocumentMut;
use tplan_plan::{Entry, PlanFiles};

pub use conflict::{Conflict, ConflictKind, FileMerge, Labels, PlanMerge};

use markers::{mark, whole_file_conflict};
use table::{merge_table, semantic};

/// Merges one plan file. `path` is the plan path (`events/x.toml`), used
/// for messages and to recognise `tplan.lock` and `tplan.toml`.
pub fn merge_file(
    path: &str,
    base: Option<&str>,
    ours: Option<&str>,
    theirs: Option<&str>,
    labels: Labels<'_>,
) -> FileMerge {
    let clean = |text: Option<&str>| FileMerge {
        text: text.map(str::to_string),
        conflicts: Vec::new(),
    };
    if ours == theirs {
        return clean(ours);
    }
    if base == ours {
        return clean(theirs);
    }
    if base == theirs {
        return clean(ours);
    }
    let parse = |t: Option<&str>| -> Result<Option<DocumentMut>, ()> {
        match t {
            None => Ok(None),
            Some(t) => t.parse::<DocumentMut>().map(Some).map_err(|_| ()),
        }
    };
    let (Ok(b), Ok(o), Ok(t)) = (parse(base), parse(ours), parse(theirs)) else {
        return whole_file_conflict(
            path,
            base,
            ours,
            theirs,
            ConflictKind::Unparsable,
            labels,
            "the file is not valid TOML on one side; merge it by hand",
        );
    };
    let sem = |d: &Option<DocumentMut>| d.as_ref().map(|d| semantic(d.as_item()));
    let (sb, so, st) = (sem(&b), sem(&o), sem(&t));
    // Reformatting or reordering only is not a change. When only they
    // changed something, their changes are still applied field by field on
    // our text below, so our layout and comments survive.
    if so == st || sb == st {
        return clean(ours);
    }
    match (b, o, t) {
        (Some(_), None, Some(_)) | (Some(_), Some(_), None) => {
            let gone = if ours.is_none() {
                labels.ours
            } else {
                labels.theirs
            };
            whole_file_conflict(
                path,
                base,
                ours,
                theirs,
                ConflictKind::ModifyDelete,
                labels,
                &format!("deleted by {gone}, changed on the other side"),
            )
        }
        (base_doc, Some(ours_doc), Some(theirs_doc)) => {
            merge_documents(path, (base_doc, ours_doc, theirs_doc), theirs, labels)
        }
        // Deleted on both sides, or absent everywhere.
        _ => clean(None),
    }
}

/// Merges the documents of a file on both sides (added on both when there
/// is no base), field by field on our text; `theirs` is their text, for
/// the markers.
fn merge_documents(
    path: &str,
    (base, mut ours, mut theirs_doc): (Option<DocumentMut>, DocumentMut, DocumentMut),
    theirs: Option<&str>,
    labels: Labels<'_>,
) -> FileMerge {
    let kind = if base.is_none() {
        ConflictKind::AddAdd
    } else {
        ConflictKind::BothChanged
    };
    let mut base = base.unwrap_or_default();
    if path.starts_with("events/") {
        renames::align_properties(&mut base, &mut ours, &mut theirs_doc);
    }
    let mut found = Vec::new();
    merge_table(
        &mut Vec::new(),
        Some(base.as_table()),
        ours.as_table_mut(),
        Some(theirs_doc.as_table()),
        path,
        &mut found,
    );
    let text = ours.to_string();
    if found.is_empty() {
        return FileMerge {
            text: Some(text),
            conflicts: Vec::new(),
        };
    }
    let conflicts: Vec<Conflict> = found
        .into_iter()
        .map(|(key_path, b, o, t)| Conflict {
            file: path.to_string(),
            message: match kind {
                ConflictKind::AddAdd => {
                    format!("`{key_path}` differs in a file added on both sides")
                }
                _ => format!("`{key_path}` changed on both sides"),
            },
            path: key_path,
            kind,
            base: b,
            ours: o,
            theirs: t,
        })
        .collect();
    let marked = mark(&text, theirs.unwrap_or(""), &conflicts, labels);
    FileMerge {
        text: Some(marked),
        conflicts,
    }
}

fn text_of(files: &PlanFiles, path: &str) -> Option<String> {
    match files.get(path) {
        Some(Entry::File(bytes)) => Some(String::from_utf8_lossy(bytes).into_owned()),
        _ => None,
    }
}

/// Merges `theirs` into `ours` relative to `base`. `base` and `theirs` may
/// be partial (only the files that differ between them read, as
/// `Store::read_pair` gives them): files unread on both sides are
/// unchanged on their side and keep our version. `ours` is complete.
pub fn merge_plans(
    base: &PlanFiles,
    ours: &PlanFiles,
    theirs: &PlanFiles,
    labels: Labels<'_>,
) -> PlanMerge {
    let mut result = PlanMerge::default();
    // A file one side moved takes the other side's edits of it.
    let (ours_moved, theirs_moved) = (renames::moved(base, ours), renames::moved(base, theirs));
    let mut done: BTreeSet<String> = BTreeSet::new();
    for (from, to) in &ours_moved {
        let (b, t) = (text_of(base, from), text_of(theirs, from));
        if t.is_none() || b == t || theirs_moved.contains_key(from) {
            continue;
        }
        let merged = merge_file(
            to,
            b.as_deref(),
            text_of(ours, to).as_deref(),
            t.as_deref(),
            labels,
        );
        if merged.text != text_of(ours, to) {
            result.files.insert(to.clone(), merged.text);
        }
        result.conflicts.extend(merged.conflicts);
        done.insert(from.clone());
    }
    for (from, to) in &theirs_moved {
        let (b, o) = (text_of(base, from), text_of(ours, from));
        if o.is_none() || b == o || ours_moved.contains_key(from) {
            continue;
        }
        let merged = merge_file(
            to,
            b.as_deref(),
            o.as_deref(),
            text_of(theirs, to).as_deref(),
            labels,
        );
        result.files.insert(to.clone(), merged.text);
        result.files.insert(from.clone(), None);
        result.conflicts.extend(merged.conflicts);
        done.extend([from.clone(), to.clone()]);
    }
    let paths: BTreeSet<&str> = base
        .iter()
        .chain(theirs.iter())
        .filter(|(_, e)| matches!(e, Entry::File(_)))
        .map(|(p, _)| p)
        .filter(|p| !done.contains(*p))
        .collect();
    for path in paths {
        let (b, t) = (text_of(base, path), text_of(theirs, path));
        if b == t {
            continue;
        }
        let o = text_of(ours, path);
        let merged = merge_file(path, b.as_deref(), o.as_deref(), t.as_deref(), labels);
        if merged.text != o {
            result.files.insert(path.to_string(), merged.text);
        }
        result.conflicts.extend(merged.conflicts);
    }
    result
}
