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

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use toml_edit::{DocumentMut, Item};
use tplan_plan::files::{LOCK, MANIFEST};
use tplan_plan::locate::locate_in;
use tplan_plan::{Entry, PlanFiles, SchemaVer};

/// Why a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConflictKind {
    /// One field changed two ways.
    BothChanged,
    /// Changed on one side, deleted on the other.
    ModifyDelete,
    /// Added on both sides with different content.
    AddAdd,
    /// A file that is not valid TOML on one side.
    Unparsable,
    /// The merged plan fails lint (two events with one `name`, a `ref` to a
    /// property the other side removed …).
    Lint,
}

/// One conflict.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Conflict {
    /// The plan file.
    pub file: String,
    /// The key path in it (`properties/price/maximum`); empty for the file.
    pub path: String,
    /// Why.
    pub kind: ConflictKind,
    /// The value in the base (TOML), when there was one.
    pub base: Option<String>,
    /// Our value.
    pub ours: Option<String>,
    /// Their value.
    pub theirs: Option<String>,
    /// One sentence for people.
    pub message: String,
}

/// The merge of one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileMerge {
    /// The merged text (`None`: the file is deleted). With conflicts, the
    /// text holds conflict markers.
    pub text: Option<String>,
    /// The conflicts.
    pub conflicts: Vec<Conflict>,
}

/// Labels of the two sides in conflict markers.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    /// Our side (`HEAD`).
    pub ours: &'a str,
    /// Their side (the merged revision).
    pub theirs: &'a str,
}

/// Lists of strings merged as sets: additions from both sides are kept.
const SET_FIELDS: &[&str] = &["sources", "tags", "members"];

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
        (base_doc, Some(mut ours_doc), Some(theirs_doc)) => {
            let kind = if base_doc.is_none() {
                ConflictKind::AddAdd
            } else {
                ConflictKind::BothChanged
            };
            let empty = DocumentMut::new();
            let base_doc = base_doc.unwrap_or(empty);
            let mut found = Vec::new();
            merge_table(
                &mut Vec::new(),
                Some(base_doc.as_table()),
                ours_doc.as_table_mut(),
                Some(theirs_doc.as_table()),
                path,
                &mut found,
            );
            let text = ours_doc.to_string();
            if found.is_empty() {
                return clean(Some(&text));
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
        // Deleted on both sides, or absent everywhere.
        _ => clean(None),
    }
}

/// A conflict over the whole file: ours and theirs in full between markers.
fn whole_file_conflict(
    path: &str,
    base: Option<&str>,
    ours: Option<&str>,
    theirs: Option<&str>,
    kind: ConflictKind,
    labels: Labels<'_>,
    message: &str,
) -> FileMerge {
    let mut text = format!("<<<<<<< {}\n", labels.ours);
    push_lines(&mut text, ours.unwrap_or(""));
    text.push_str("=======\n");
    push_lines(&mut text, theirs.unwrap_or(""));
    text.push_str(&format!(">>>>>>> {}\n", labels.theirs));
    FileMerge {
        text: Some(text),
        conflicts: vec![Conflict {
            file: path.to_string(),
            path: String::new(),
            kind,
            base: base.map(str::to_string),
            ours: ours.map(str::to_string),
            theirs: theirs.map(str::to_string),
            message: message.to_string(),
        }],
    }
}

fn push_lines(out: &mut String, text: &str) {
    out.push_str(text);
    if !text.is_empty() && !text.ends_with('\n') {
        out.push('\n');
    }
}

/// A TOML item as JSON, numbers normalised: equal values compare equal
/// whatever their spelling (`1.0` and `1`, inline table or sub-table).
fn semantic(item: &Item) -> Value {
    match item {
        Item::None => Value::Null,
        Item::Value(v) => value_json(v),
        Item::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.to_string(), semantic(v)))
                .collect(),
        ),
        Item::ArrayOfTables(a) => Value::Array(
            a.iter()
                .map(|t| semantic(&Item::Table(t.clone())))
                .collect(),
        ),
    }
}

fn value_json(v: &toml_edit::Value) -> Value {
    use toml_edit::Value as V;
    match v {
        V::String(s) => Value::String(s.value().clone()),
        V::Integer(i) => Value::from(*i.value()),
        V::Float(f) => serde_json::Number::from_f64(*f.value())
            .map(|n| Value::Number(tplan_plan::canonical::normalize_number(&n)))
            .unwrap_or(Value::Null),
        V::Boolean(b) => Value::Bool(*b.value()),
        V::Datetime(d) => Value::String(d.value().to_string()),
        V::Array(a) => Value::Array(a.iter().map(value_json).collect()),
        V::InlineTable(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.to_string(), value_json(v)))
                .collect(),
        ),
    }
}

/// A found conflict: key path and the three values as TOML.
type Found = (String, Option<String>, Option<String>, Option<String>);

fn show(item: Option<&Item>) -> Option<String> {
    item.map(|i| i.to_string().trim().to_string())
}

/// Merges `theirs` into `ours` relative to `base`, table by table, key by
/// key. Conflicting keys keep our value and are recorded.
fn merge_table(
    path: &mut Vec<String>,
    base: Option<&dyn toml_edit::TableLike>,
    ours: &mut dyn toml_edit::TableLike,
    theirs: Option<&dyn toml_edit::TableLike>,
    file: &str,
    found: &mut Vec<Found>,
) {
    let mut keys: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    for table in [Some(&*ours as &dyn toml_edit::TableLike), base, theirs]
        .into_iter()
        .flatten()
    {
        for (k, _) in table.iter() {
            if seen.insert(k.to_string()) {
                keys.push(k.to_string());
            }
        }
    }
    for key in keys {
        let b = base.and_then(|t| t.get(&key));
        let t = theirs.and_then(|t| t.get(&key));
        let o_is_table = ours.get(&key).is_some_and(|i| i.as_table_like().is_some());
        let tables = o_is_table
            && b.is_none_or(|i| i.as_table_like().is_some())
            && t.is_some_and(|i| i.as_table_like().is_some());
        path.push(key.clone());
        if tables {
            let slot = ours
                .get_mut(&key)
                .and_then(Item::as_table_like_mut)
                .expect("checked to be a table");
            merge_table(
                path,
                b.and_then(Item::as_table_like),
                slot,
                t.and_then(Item::as_table_like),
                file,
                found,
            );
            path.pop();
            continue;
        }
        let (sb, so, st) = (
            b.map(semantic),
            ours.get(&key).map(semantic),
            t.map(semantic),
        );
        if so == st || sb == st {
            // Same on both sides, or only we changed it.
        } else if sb == so {
            // Only they changed it: take theirs.
            match t {
                Some(item) => {
                    // Keep our spacing and trailing comment around the value.
                    let decor = ours
                        .get(&key)
                        .and_then(Item::as_value)
                        .map(|v| v.decor().clone());
                    let mut item = item.clone();
                    if let (Some(decor), Some(value)) = (decor, item.as_value_mut()) {
                        *value.decor_mut() = decor;
                    }
                    match ours.get_mut(&key) {
                        // Assigning in place keeps our key and its spacing.
                        Some(slot) => *slot = item,
                        None => {
                            ours.insert(&key, item);
                        }
                    }
                }
                None => {
                    ours.remove(&key);
                }
            }
        } else if let Some(merged) = merge_versions(file, path, so.as_ref(), st.as_ref()) {
            ours.insert(&key, merged);
        } else if let Some(merged) = merge_sets(&key, sb.as_ref(), so.as_ref(), st.as_ref()) {
            ours.insert(&key, merged);
        } else {
            found.push((path.join("/"), show(b), show(ours.get(&key)), show(t)));
        }
        path.pop();
    }
}

/// Versions are assigned by publish, never authored: the higher one wins
/// (`[plan] version` in `tplan.toml`, an event's `version` in `tplan.lock`).
fn merge_versions(
    file: &str,
    path: &[String],
    ours: Option<&Value>,
    theirs: Option<&Value>,
) -> Option<Item> {
    let (Some(Value::String(a)), Some(Value::String(b))) = (ours, theirs) else {
        return None;
    };
    let is_plan_version = file == MANIFEST && path == ["plan", "version"];
    let is_lock_version =
        file == LOCK && path.len() == 3 && path[0] == "events" && path[2] == "version";
    let higher = if is_plan_version {
        let (x, y) = (
            semver::Version::parse(a).ok()?,
            semver::Version::parse(b).ok()?,
        );
        if x >= y { a } else { b }
    } else if is_lock_version {
        let (x, y) = (SchemaVer::parse(a)?, SchemaVer::parse(b)?);
        if x >= y { a } else { b }
    } else {
        return None;
    };
    Some(toml_edit::value(higher.as_str()))
}

/// `sources`, `tags`, `members`: additions from both sides are kept and
/// removals from either side applied, in the order of ours then theirs.
fn merge_sets(
    key: &str,
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
) -> Option<Item> {
    if !SET_FIELDS.contains(&key) {
        return None;
    }
    let strings = |v: Option<&Value>| -> Option<Vec<String>> {
        match v {
            None => Some(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|i| i.as_str().map(str::to_string))
                .collect(),
            _ => None,
        }
    };
    let (b, o, t) = (strings(base)?, strings(ours)?, strings(theirs)?);
    let removed: BTreeSet<&String> = b
        .iter()
        .filter(|x| !o.contains(x) || !t.contains(x))
        .collect();
    let mut out: Vec<&String> = Vec::new();
    for x in o.iter().chain(&t) {
        if !removed.contains(x) && !out.contains(&x) {
            out.push(x);
        }
    }
    let array: toml_edit::Array = out.into_iter().map(|s| s.as_str()).collect();
    Some(toml_edit::value(array))
}

/// The lines (start and end, 0-based inclusive) holding `path` in `text`,
/// or of its nearest existing parent.
fn lines_of(text: &str, path: &str) -> Option<(usize, usize)> {
    let mut p = path.to_string();
    loop {
        if let Some(found) = locate_in(text, &p) {
            if p.is_empty() {
                return None;
            }
            let start = found.key.line - 1;
            let end_offset = found.value.end.saturating_sub(1).max(found.value.start);
            let end = text[..end_offset.min(text.len())].matches('\n').count();
            return Some((start, end.max(start)));
        }
        match p.rfind('/') {
            Some(i) => p.truncate(i),
            None if !p.is_empty() => p.clear(),
            None => return None,
        }
    }
}

/// `ours` (the merged text) with each conflicting statement replaced by
/// git-style markers around our lines and their lines.
fn mark(ours: &str, theirs: &str, conflicts: &[Conflict], labels: Labels<'_>) -> String {
    let ours_lines: Vec<&str> = ours.lines().collect();
    let theirs_lines: Vec<&str> = theirs.lines().collect();
    // One block per distinct range of our lines.
    let mut blocks: BTreeMap<(usize, usize), Vec<(usize, usize)>> = BTreeMap::new();
    let mut at_end: Vec<(usize, usize)> = Vec::new();
    for c in conflicts {
        let their_range = lines_of(theirs, &c.path);
        match lines_of(ours, &c.path) {
            Some(range) => {
                let entry = blocks.entry(range).or_default();
                if let Some(r) = their_range
                    && !entry.contains(&r)
                {
                    entry.push(r);
                }
            }
            None => {
                if let Some(r) = their_range {
                    at_end.push(r);
                }
            }
        }
    }
    // Overlapping ranges (two keys of one inline table) become one block.
    /// Our line range, and their line ranges shown against it.
    type Block = ((usize, usize), Vec<(usize, usize)>);
    let mut merged: Vec<Block> = Vec::new();
    for (range, theirs) in blocks {
        match merged.last_mut() {
            Some((last, t)) if range.0 <= last.1 => {
                last.1 = last.1.max(range.1);
                t.extend(theirs);
            }
            _ => merged.push((range, theirs)),
        }
    }
    let mut out = String::new();
    let mut line = 0;
    let block = |out: &mut String, ours: &[&str], theirs: Vec<&str>| {
        out.push_str(&format!("<<<<<<< {}\n", labels.ours));
        for l in ours {
            out.push_str(l);
            out.push('\n');
        }
        out.push_str("=======\n");
        for l in theirs {
            out.push_str(l);
            out.push('\n');
        }
        out.push_str(&format!(">>>>>>> {}\n", labels.theirs));
    };
    let their_text = |ranges: &[(usize, usize)]| -> Vec<&str> {
        let mut lines = Vec::new();
        let mut sorted = ranges.to_vec();
        sorted.sort();
        sorted.dedup();
        for (a, b) in sorted {
            for l in theirs_lines.iter().take(b + 1).skip(a) {
                lines.push(*l);
            }
        }
        lines
    };
    for ((start, end), theirs) in merged {
        while line < start && line < ours_lines.len() {
            out.push_str(ours_lines[line]);
            out.push('\n');
            line += 1;
        }
        let end = end.min(ours_lines.len().saturating_sub(1));
        block(
            &mut out,
            &ours_lines[start.min(ours_lines.len())
                ..=end.max(start).min(ours_lines.len().saturating_sub(1))],
            their_text(&theirs),
        );
        line = end + 1;
    }
    while line < ours_lines.len() {
        out.push_str(ours_lines[line]);
        out.push('\n');
        line += 1;
    }
    if !at_end.is_empty() {
        block(&mut out, &[], their_text(&at_end));
    }
    out
}

/// The merge of two plans.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanMerge {
    /// Files whose merged text differs from ours: path -> text (`None`:
    /// deleted). Conflicted files hold markers.
    pub files: BTreeMap<String, Option<String>>,
    /// Every conflict, by file.
    pub conflicts: Vec<Conflict>,
}

impl PlanMerge {
    /// Whether the merge is clean.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
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
    let paths: BTreeSet<&str> = base
        .iter()
        .chain(theirs.iter())
        .filter(|(_, e)| matches!(e, Entry::File(_)))
        .map(|(p, _)| p)
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
