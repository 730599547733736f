//! `tplan import`, for people.

use std::io::{self, Write};

use tplan_formats::import::ImportReport;

use super::{Escaped, Style, plural};

/// What was imported, renamed, kept, noted and left out; the next steps.
pub fn human(r: &ImportReport, s: Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{} {} on branch `{}` ({})",
        s.green("Imported"),
        plural(r.events.len(), "event"),
        Escaped(&r.branch),
        &r.commit[..7]
    )?;
    if !r.versions.is_empty() {
        writeln!(
            out,
            "Recorded {} in tplan.lock: the next publish continues from them.",
            plural(r.versions.len(), "published version")
        )?;
    }
    if !r.renames.is_empty() {
        writeln!(out, "\nRenamed to become keys:")?;
        for (from, to) in &r.renames {
            writeln!(out, "  {}  ->  {}", Escaped(from), Escaped(to))?;
        }
    }
    list(
        out,
        "Kept verbatim under `schema_extra` (the diff reports changes to it as `unanalysed-change`):",
        &r.kept,
    )?;
    list(out, "Notes:", &r.notes)?;
    if !r.skipped.is_empty() {
        list(out, &s.yellow("Not imported:"), &r.skipped)?;
        writeln!(
            out,
            "\n{} imported, {} left out.",
            plural(r.events.len(), "event"),
            r.skipped.len()
        )?;
    }
    let (from, branch) = (Escaped(&r.from), Escaped(&r.branch));
    let then = if r.versions.is_empty() {
        "`tplan propose`".to_string()
    } else {
        // Published already: a publish keeps their versions; a merge
        // adopts them without a review.
        format!(
            "`tplan propose` (publish keeps the imported versions), or `tplan switch {from} && tplan merge {branch}` to adopt it without a review"
        )
    };
    writeln!(
        out,
        "\nNext: `tplan lint` (the plan's naming and description rules), `tplan diff {from} {branch}`, {then}."
    )
}

fn list(out: &mut dyn Write, title: &str, items: &[String]) -> io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{title}")?;
    for item in items {
        writeln!(out, "  {}", Escaped(item))?;
    }
    Ok(())
}
