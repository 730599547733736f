//! `tplan sync` for people.

use std::io::{self, Write};

use tplan_git::{SyncAction, SyncReport};

use super::{Escaped, Style, plural, table};

/// One line per ref: what happened to it; then what to push.
pub fn human(report: &SyncReport, s: Style, out: &mut dyn Write) -> io::Result<()> {
    let rows: Vec<Vec<String>> = report
        .entries
        .iter()
        .map(|entry| {
            vec![
                format!("  {}", entry.subject),
                action(&entry.action, &report.remote),
            ]
        })
        .collect();
    writeln!(out, "Synced with {}:", Escaped(&report.remote))?;
    let plain: fn(&Style, &str) -> String = |_, v| v.to_string();
    table(
        out,
        s,
        &["  REF", "WHAT HAPPENED"],
        &rows,
        &[plain, action_style],
    )?;
    if report.push_needed {
        writeln!(
            out,
            "\nNext: `git push {} 'refs/tplan/*:refs/tplan/*'` to share what {} lacks.",
            Escaped(&report.remote),
            Escaped(&report.remote)
        )?;
    }
    Ok(())
}

/// What sync did to one ref, in words.
fn action(action: &SyncAction, remote: &str) -> String {
    match action {
        SyncAction::Created => "new here, taken".into(),
        SyncAction::FastForwarded => "fast-forwarded".into(),
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
            text
        }
        SyncAction::Ahead => "ours is ahead".into(),
        SyncAction::UpToDate => "up to date".into(),
        SyncAction::Renumbered { to } => {
            format!("{remote} has another proposal under this number: ours is now #{to}")
        }
        SyncAction::Diverged => {
            "diverged: both sides published apart; publish again from one clone, then sync".into()
        }
        SyncAction::Unreadable { reason } => format!("left out: {reason}"),
    }
}

/// The colour of what [`action`] says: green taken, yellow to look at,
/// red left out.
fn action_style(s: &Style, text: &str) -> String {
    if ["new here", "fast-forwarded", "joined"]
        .iter()
        .any(|p| text.starts_with(p))
    {
        s.green(text)
    } else if text.starts_with("ours is ahead") || text.contains("has another proposal") {
        s.yellow(text)
    } else if text.starts_with("diverged") || text.starts_with("left out") {
        s.red(text)
    } else {
        text.to_string()
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
