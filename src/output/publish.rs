//! `tplan publish` for people.

use std::io::{self, Write};

use tplan_git::{PublishReport, Refusal};

use super::{Escaped, EscapedText, Style, plural, table};

/// The release: version, commit and tag, each event's versions, what the
/// commit holds, and what to run next.
pub fn human(r: &PublishReport, s: Style, out: &mut dyn Write) -> io::Result<()> {
    let verb = if r.dry_run {
        "Would publish"
    } else {
        "Published"
    };
    writeln!(
        out,
        "{} plan {} from proposal #{} ({})",
        s.bold(verb),
        s.bold(&r.version.to_string()),
        r.proposal,
        Escaped(&r.title)
    )?;
    writeln!(
        out,
        "  commit {} on `{}`, tag {}",
        r.commit.short(),
        r.base,
        r.tag
    )?;
    events(r, s, out)?;
    writeln!(
        out,
        "  tplan.lock, tplan.toml (version {}) and {} in the commit",
        r.version, r.changelog_path
    )?;
    writeln!(
        out,
        "  {} added to the registry on {}",
        plural(r.schemas.len(), "schema"),
        r.registry_ref
    )?;
    if r.dry_run {
        writeln!(out, "\n{}", EscapedText(r.changelog.trim_end()))?;
        return writeln!(
            out,
            "\nNothing was written. Run without `--dry-run` to publish."
        );
    }
    if let Some(dir) = &r.out {
        writeln!(
            out,
            "  registry written to {}",
            Escaped(&dir.display().to_string())
        )?;
    }
    writeln!(
        out,
        "Share it: git push origin {} {} 'refs/tplan/*:refs/tplan/*'",
        r.base, r.tag
    )
}

/// Each event's versions and class; a first release of many events in
/// one line (a table of 5,000 identical rows says nothing).
fn events(r: &PublishReport, s: Style, out: &mut dyn Write) -> io::Result<()> {
    if r.first_release && r.events.len() > 8 {
        let first: Vec<&str> = r.events.iter().take(3).map(|e| e.key.as_str()).collect();
        return writeln!(
            out,
            "  {} first published at 1-0-0 ({}, …)",
            plural(r.events.len(), "event"),
            Escaped(&first.join(", "))
        );
    }
    let version =
        |v: Option<tplan_plan::SchemaVer>| v.map_or_else(|| "-".into(), |v| v.to_string());
    let rows: Vec<Vec<String>> = r
        .events
        .iter()
        .map(|e| {
            let class = if e.raised {
                format!("{} (raised)", e.class)
            } else {
                e.class.to_string()
            };
            vec![
                format!("  {}", e.key),
                version(e.old_version),
                version(e.version),
                class,
            ]
        })
        .collect();
    table(out, s, &["  EVENT", "FROM", "TO", "CLASS"], &rows, &[])
}

/// `publish refused: …`, each conflict, and the hint, in red.
pub fn refused(r: &Refusal, s: Style, out: &mut dyn Write) -> io::Result<()> {
    let mut text = format!("publish refused: {}", r.error);
    if r.conflicts {
        for d in &r.reasons {
            text.push_str(&format!("\n  {d}"));
        }
    }
    let help = r
        .help
        .as_ref()
        .map(|h| format!("\n  help: {h}"))
        .unwrap_or_default();
    writeln!(out, "{}{help}", s.red(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_lists_each_conflict_and_the_hint() {
        let r = Refusal {
            published: false,
            error: "the proposal does not merge cleanly into its base: `events/a.toml`".into(),
            reasons: vec!["events/a.toml: description changed on both sides".into()],
            files: vec!["events/a.toml".into()],
            help: Some("merge the base into the branch".into()),
            conflicts: true,
        };
        let mut out = Vec::new();
        refused(&r, Style { color: false }, &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }
}
