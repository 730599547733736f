//! What `tplan recover` did, for people.

use std::io::{self, Write};

use tplan_git::Recovery;

use super::{Escaped, Style};

pub fn human(r: &Recovery, s: Style, out: &mut dyn Write) -> io::Result<()> {
    let mut said = false;
    if let Some(what) = &r.finished {
        writeln!(
            out,
            "{} the interrupted `{}`",
            s.green("Finished"),
            Escaped(what)
        )?;
        said = true;
    }
    if let Some(what) = &r.undone {
        writeln!(
            out,
            "{} the interrupted `{}`",
            s.green("Undid"),
            Escaped(what)
        )?;
        said = true;
    }
    for lock in &r.removed_locks {
        writeln!(
            out,
            "Removed `{}`: tplan's own lock, its process is gone",
            Escaped(&lock.display().to_string())
        )?;
        said = true;
    }
    for lock in &r.other_locks {
        writeln!(
            out,
            "{} `{}` is not a lock this recovery can tell is stale: if no git or tplan process is running, remove it: rm '{}'",
            s.yellow("Left"),
            Escaped(&lock.display().to_string()),
            Escaped(&lock.display().to_string())
        )?;
        said = true;
    }
    if !said {
        writeln!(
            out,
            "Nothing to recover: no operation was interrupted, no lock is left."
        )?;
    }
    Ok(())
}
