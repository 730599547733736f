//! `tplan commit` for people.

use std::io::{self, Write};

use tplan_git::CommitReport;

use super::{Escaped, Style};

/// `Committed 1a2b3c4 Add gift cards`: the commit and its summary line.
pub fn human(report: &CommitReport, style: Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{} {} {}",
        style.green("Committed"),
        style.dim(&report.commit.short()),
        Escaped(report.message.lines().next().unwrap_or(""))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commit_shows_its_short_id_and_summary() {
        let report = CommitReport {
            commit: tplan_git::CommitId::parse("1a2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5").unwrap(),
            message: "Add gift cards\n\nWith a flag on orders.".into(),
            bypasses_review: None,
        };
        let mut out = Vec::new();
        human(&report, Style { color: false }, &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap(), @"Committed 1a2b3c4 Add gift cards");
    }
}
