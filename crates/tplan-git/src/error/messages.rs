//! The pieces of the store's messages: counts with their nouns, lists of
//! paths, causes on one line.

use std::error::Error;

/// `message`, then each cause of `err` (itself first) that it does not
/// already say, on one line: `git: Could not …: Conflict`.
pub(super) fn with_causes(message: String, err: &(dyn Error + 'static)) -> String {
    let mut out = message;
    let mut next: Option<&(dyn Error + 'static)> = Some(err);
    while let Some(e) = next {
        let text = e.to_string();
        if !text.is_empty() && !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        next = e.source();
    }
    out
}

/// Where a plan was read, for messages: `at `main``, `in the work tree`.
pub(super) fn origin(rev: &Option<String>) -> String {
    match rev {
        Some(rev) => format!("at `{rev}`"),
        None => "in the work tree".to_string(),
    }
}

/// `1 error`, `3 errors`.
pub(super) fn plural(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// `1 file` / `3 files`, with the verb agreeing.
pub(super) fn plural_files(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Up to ten paths, back-quoted, then how many more.
pub(super) fn list(files: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut out = files
        .iter()
        .take(SHOWN)
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if files.len() > SHOWN {
        out.push_str(&format!(" and {} more", files.len() - SHOWN));
    }
    out
}

/// Findings one per line under a message, with how many more there are.
pub(super) fn listed(found: &[String], total: usize) -> String {
    let mut out: String = found.iter().map(|f| format!("\n  {f}")).collect();
    if total > found.len() {
        out.push_str(&format!("\n  … and {} more", total - found.len()));
    }
    out
}
