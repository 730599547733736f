//! `tplan sync` for people.

use std::io::{self, Write};

use tplan_git::{SyncAction, SyncReport};

use super::{Style, plural, table};

/// One line per ref: what happened to it; then what to push.
pub fn human(report: &SyncReport, s: Style, out: &mut dyn Write) -> io::Result<()> {
    let rows: Vec<Vec<String>> = report
        .entries
        .iter()
        .map(|entry| {
            vec![
                format!("  {}", entry.subject),
                action(&entry.action, &report.remote, s),
            ]
        })
        .collect();
    writeln!(out, "Synced with {}:", report.remote)?;
    table(out, s, &["  REF", "WHAT HAPPENED"], &rows, &[])?;
    if report.push_needed {
        writeln!(
            out,
            "\nNext: `git push {} 'refs/tplan/*:refs/tplan/*'` to share what {} lacks.",
            report.remote, report.remote
        )?;
    }
    Ok(())
}

/// What sync did to one ref, in words.
fn action(action: &SyncAction, remote: &str, s: Style) -> String {
    match action {
        SyncAction::Created => s.green("new here, taken"),
        SyncAction::FastForwarded => s.green("fast-forwarded"),
        SyncAction::Joined {
            reviews_added,
            kept_ours,
        } => {
            let mut text = format!("joined: {} from {remote}", plural(*reviews_added, "review"));
            if !kept_ours.is_empty() {
                text.push_str(&format!(
                    "; both changed {}, ours kept",
                    kept_ours
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            s.green(&text)
        }
        SyncAction::Ahead => s.yellow("ours is ahead"),
        SyncAction::UpToDate => "up to date".to_string(),
        SyncAction::Renumbered { to } => s.yellow(&format!(
            "{remote} has another proposal under this number: ours is now #{to}"
        )),
        SyncAction::Diverged => {
            s.red("diverged: both sides published apart; publish again from one clone, then sync")
        }
        SyncAction::Unreadable { reason } => s.red(&format!("left out: {reason}")),
    }
}

#[cfg(test)]
mod tests {
    use tplan_git::{SyncEntry, SyncSubject};

    use super::*;

    #[test]
    fn each_ref_says_what_happened_and_a_push_is_suggested() {
        let entry = |n: u64, action| SyncEntry {
            subject: SyncSubject::Proposal(n.into()),
            action,
        };
        let report = SyncReport {
            remote: "origin".into(),
            entries: vec![
                entry(1, SyncAction::Created),
                entry(
                    2,
                    SyncAction::Joined {
                        reviews_added: 2,
                        kept_ours: vec!["title"],
                    },
                ),
                entry(3, SyncAction::Renumbered { to: 7.into() }),
                SyncEntry {
                    subject: SyncSubject::Registry,
                    action: SyncAction::UpToDate,
                },
            ],
            push_needed: true,
        };
        let mut out = Vec::new();
        human(&report, Style { color: false }, &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }
}
