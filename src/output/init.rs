//! `tplan init`, for people.

use std::io::{self, Write};

use tplan_edit::init::InitReport;

use super::{Escaped, Style, plural};

/// What was created, and the next steps.
pub fn human(r: &InitReport, s: Style, out: &mut dyn Write) -> io::Result<()> {
    if r.created_repository {
        writeln!(out, "Initialized a git repository in {}", Escaped(&r.path))?;
    }
    let mut counts = vec![plural(r.owners, "owner")];
    if r.sources > 0 {
        counts.push(plural(r.sources, "source"));
    }
    counts.push(plural(r.properties, "shared property").replace("propertys", "properties"));
    counts.push(plural(r.events, "event"));
    writeln!(
        out,
        "{} plan `{}` ({}) in {}: {}",
        s.green("Created"),
        Escaped(&r.name),
        Escaped(&r.vendor),
        Escaped(&r.path),
        counts.join(", "),
    )?;
    writeln!(
        out,
        "Configured git to merge plan files semantically (`tplan setup-git`)"
    )?;
    writeln!(out, "\nNext:")?;
    if r.example {
        writeln!(out, "  {}     list the events", s.cyan("tplan ls"))?;
        writeln!(out, "  {}   check the plan", s.cyan("tplan lint"))?;
    } else {
        writeln!(
            out,
            "  {}   add an event",
            s.cyan("tplan event add \"Checkout Completed\"")
        )?;
    }
    writeln!(
        out,
        "  {}   commit it",
        s.cyan("tplan commit -m \"Tracking plan\"")
    )
}
