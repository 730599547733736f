//! `tplan export`, for people.

use std::io::{self, Write};

use super::{Escaped, Style, plural};

/// Warns about keywords the exported draft cannot say: its validators skip
/// them, so the export accepts more than the plan.
pub fn warnings(gaps: &[String], draft: &str, s: Style, err: &mut dyn Write) -> io::Result<()> {
    for gap in gaps {
        writeln!(
            err,
            "{}: {}: {draft} has no such keyword; its validators skip it",
            s.yellow("warning"),
            Escaped(gap)
        )?;
    }
    Ok(())
}

/// `Wrote 28 JSON Schemas to DIR (in the work tree)`.
pub fn wrote(
    n: usize,
    noun: &str,
    to: &str,
    origin: Option<&str>,
    s: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let origin = origin.map(|o| format!(" {}", s.dim(&format!("({o})"))));
    writeln!(
        out,
        "{} {} to {}{}",
        s.green("Wrote"),
        plural(n, noun),
        Escaped(to),
        origin.unwrap_or_default()
    )
}
