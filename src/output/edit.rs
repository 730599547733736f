//! `tplan event|property|owner`, for people.

use std::io::{self, Write};

use tplan_edit::{EditReport, FileAction};

use super::{Escaped, Style};

/// One line per file: `Created`, `Updated` or `Removed`, named from the
/// repository root (`prefix` is the plan folder there, `plans/web/` or `""`).
pub fn human(r: &EditReport, prefix: &str, s: Style, out: &mut dyn Write) -> io::Result<()> {
    for f in &r.files {
        let verb = match f.action {
            FileAction::Created => "Created",
            FileAction::Updated => "Updated",
            FileAction::Removed => "Removed",
        };
        writeln!(
            out,
            "{} {}{}",
            s.green(verb),
            Escaped(prefix),
            Escaped(&f.path)
        )?;
    }
    Ok(())
}
