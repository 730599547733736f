//! Conflict markers, git's way: our lines and their lines between
//! `<<<<<<<`, `=======` and `>>>>>>>`, around the statements in conflict.

use std::collections::BTreeMap;

use tplan_plan::locate::locate_in;

use super::conflict::{Conflict, ConflictKind, FileMerge, Labels};

/// A conflict over the whole file: ours and theirs in full between markers.
pub(super) fn whole_file_conflict(
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
pub(super) fn mark(ours: &str, theirs: &str, conflicts: &[Conflict], labels: Labels<'_>) -> String {
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
