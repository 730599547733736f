//! `tplan status` for people.

use std::io::{self, Write};

use tplan_git::{FileChange, MergeStatus, StatusReport};

use super::{Escaped, Style, after, escaped, plural, report};

/// Where `HEAD` is, the merge in progress, the plan's changes, then the
/// files `tplan commit` commits and those it leaves alone.
pub fn human(st: &StatusReport, s: Style, out: &mut dyn Write) -> io::Result<()> {
    match (&st.branch, &st.commit) {
        (Some(name), Some(c)) => writeln!(
            out,
            "On branch {} at {}",
            s.bold(name.as_str()),
            s.dim(&c.short())
        )?,
        (Some(name), None) => {
            writeln!(out, "On branch {} (no commits yet)", s.bold(name.as_str()))?
        }
        (None, c) => writeln!(
            out,
            "{}",
            s.yellow(&format!(
                "HEAD detached at {}",
                c.map(|c| c.short()).unwrap_or_default()
            ))
        )?,
    }
    if let Some(m) = &st.merge {
        merge(m, &st.plan_folder, s, out)?;
    }
    writeln!(out)?;
    if st.commit.is_none() {
        writeln!(
            out,
            "Nothing committed yet: `tplan commit -m \"Tracking plan\"` commits the plan."
        )?;
    } else if st.plan_files.is_empty() {
        writeln!(out, "The plan is as committed.")?;
    } else if let Some(n) = st.plan_errors {
        writeln!(
            out,
            "The plan in the work tree has {}: `tplan lint` shows where.",
            plural(n, "error")
        )?;
    } else if let Some(r) = &st.changes {
        writeln!(out, "Changes to the plan, not committed:")?;
        report::human(r, s, true, out)?;
    }
    let dim = |text: &str| s.dim(text);
    files(
        &format!(
            "Plan files ({}):",
            dim("`tplan commit -m MSG` commits them")
        ),
        &st.plan_files,
        &st.plan_folder,
        out,
    )?;
    files(
        &format!(
            "Not part of the plan ({}):",
            dim("`tplan commit` leaves them alone; use git")
        ),
        &st.other_files,
        &st.plan_folder,
        out,
    )?;
    if let Some(problem) = st.merge_driver.problem() {
        writeln!(out, "\n{}", s.yellow(&format!("warning: {problem}")))?;
    }
    Ok(())
}

/// The merge in progress: each conflict, with its marker's line while one
/// is left, and what to run next.
fn merge(m: &MergeStatus, folder: &str, s: Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{} `{}`: {}, {} still marked",
        s.yellow("Merging"),
        Escaped(&m.theirs),
        plural(m.conflicts.len(), "conflict"),
        plural(m.unresolved.len(), "file"),
    )?;
    for c in &m.conflicts {
        let marker = m
            .unresolved
            .iter()
            .find(|u| u.file == c.file)
            .map(|u| format!(":{}", u.line))
            .unwrap_or_default();
        writeln!(
            out,
            "  {} {}{}{}{}  {}",
            s.red("conflict"),
            Escaped(folder),
            Escaped(&c.file),
            marker,
            s.bold(&escaped(&after("  ", &c.path))),
            s.dim(&escaped(&c.message))
        )?;
    }
    if m.unresolved.is_empty() {
        writeln!(
            out,
            "All conflicts are resolved: `tplan merge --continue` commits the merge."
        )
    } else {
        writeln!(
            out,
            "Edit the marked lines, then `tplan merge --continue`; `tplan merge --abort` gives up."
        )
    }
}

/// A titled list of changed files, nothing when there are none.
fn files(title: &str, files: &[FileChange], folder: &str, out: &mut dyn Write) -> io::Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{title}")?;
    for f in files {
        writeln!(
            out,
            "  {:<9} {}{}",
            f.kind.as_str(),
            Escaped(folder),
            Escaped(&f.path)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use tplan_evolution::merge::{Conflict, ConflictKind};
    use tplan_git::{BranchName, CommitId, FileChangeKind, Unresolved};

    use super::*;

    #[test]
    fn a_merge_in_progress_lists_its_conflicts_and_the_files_outside_the_plan() {
        let commit = CommitId::parse(&"c".repeat(40)).unwrap();
        let conflict = |file: &str, path: &str| Conflict {
            file: file.into(),
            path: path.into(),
            kind: ConflictKind::BothChanged,
            base: Some("\"a\"".into()),
            ours: Some("\"b\"".into()),
            theirs: Some("\"c\"".into()),
            message: "both sides changed the description".into(),
        };
        let st = StatusReport {
            branch: Some(BranchName::new("main").unwrap()),
            commit: Some(commit),
            merge: Some(MergeStatus {
                theirs: "feature".into(),
                commit,
                conflicts: vec![
                    conflict("events/order_completed.toml", "description"),
                    conflict("events/signed_in.toml", ""),
                ],
                unresolved: vec![Unresolved {
                    file: "events/order_completed.toml".into(),
                    line: 3,
                }],
            }),
            plan_files: Vec::new(),
            changes: None,
            plan_errors: None,
            other_files: vec![FileChange {
                path: "README.md".into(),
                kind: FileChangeKind::Modified,
            }],
            merge_driver: tplan_git::DriverState::Ready,
            plan_folder: "plans/web/".into(),
        };
        let mut out = Vec::new();
        human(&st, Style { color: false }, &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }
}
