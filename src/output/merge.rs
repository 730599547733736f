//! `tplan merge`, `tplan merge-file` and `tplan setup-git` for people.

use std::io::{self, Write};

use tplan_evolution::merge::{Conflict, ConflictKind};
use tplan_git::{Aborted, Concluded, GitSetup, MergeOutcome, MergeReport};

use super::{Escaped, Style, after, escaped, plural, report};

/// What the merge did: the new commit and what it brought in, or each
/// conflict with its three values and what to do next.
pub fn human(r: &MergeReport, s: Style, out: &mut dyn Write) -> io::Result<()> {
    let rev = &r.theirs;
    match &r.outcome {
        MergeOutcome::UpToDate => writeln!(out, "Already up to date with `{}`.", Escaped(rev))?,
        MergeOutcome::FastForward {
            from,
            commit,
            files,
        } => writeln!(
            out,
            "{} {}..{} to `{}` ({} updated)",
            s.green("Fast-forward"),
            from.short(),
            commit.short(),
            Escaped(rev),
            plural(*files, "file")
        )?,
        MergeOutcome::Merged { commit, files } => writeln!(
            out,
            "{} `{}` into `{}`: {} (merge commit {})",
            s.green("Merged"),
            Escaped(rev),
            Escaped(&r.branch),
            plural(files.len(), "plan file"),
            s.dim(&commit.short())
        )?,
        MergeOutcome::Conflicted { conflicts, state } => {
            for c in conflicts {
                conflict(c, &r.plan_folder, rev, s, out)?;
            }
            writeln!(
                out,
                "\n{}: {} in {}; nothing was committed.",
                s.red("Merge stopped"),
                plural(conflicts.len(), "conflict"),
                plural(state.conflicts.len(), "file"),
            )?;
            writeln!(
                out,
                "Edit the marked lines (`tplan status` lists them), then `tplan merge --continue`; `tplan merge --abort` gives up."
            )?;
        }
    }
    if let Some(incoming) = &r.incoming {
        writeln!(out)?;
        report::human(incoming, s, true, out)?;
    }
    Ok(())
}

/// One conflict: the file and key, why, and the base's, ours and theirs.
fn conflict(
    c: &Conflict,
    folder: &str,
    theirs: &str,
    s: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "{} {}{}{}: {}",
        s.red("CONFLICT"),
        Escaped(folder),
        Escaped(&c.file),
        s.bold(&escaped(&after(" ", &c.path))),
        Escaped(&c.message)
    )?;
    for (label, value) in [("base", &c.base), ("HEAD", &c.ours), (theirs, &c.theirs)] {
        let label = s.dim(&format!("{label}:"));
        if let Some(v) = value {
            let v = v.trim_end();
            let shown = if v.lines().count() > 1 {
                format!("{} …", v.lines().next().unwrap_or(""))
            } else {
                v.to_string()
            };
            writeln!(out, "    {label:<8} {}", Escaped(&shown))?;
        } else if c.kind != ConflictKind::Lint {
            writeln!(out, "    {label:<8} {}", s.dim("(absent)"))?;
        }
    }
    Ok(())
}

/// `Merged `feature` into `main` (merge commit 1a2b3c4)`.
pub fn concluded(done: &Concluded, s: Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{} `{}` into `{}` (merge commit {})",
        s.green("Merged"),
        Escaped(&done.theirs),
        Escaped(&done.branch),
        s.dim(&done.commit.short())
    )
}

/// `Aborted the merge of `feature`: 3 files put back as `HEAD` has them`.
pub fn aborted(done: &Aborted, s: Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{} the merge of `{}`: {} put back as `HEAD` has them",
        s.yellow("Aborted"),
        Escaped(&done.aborted),
        plural(done.restored.len(), "file")
    )
}

/// The merge driver's conflicts, as git shows a driver's standard error.
pub fn driver_conflicts(
    display: &str,
    conflicts: &[Conflict],
    err: &mut dyn Write,
) -> io::Result<()> {
    for c in conflicts {
        let at = after(" ", &c.path);
        writeln!(
            err,
            "tplan: CONFLICT {}{}: {}",
            Escaped(display),
            Escaped(&at),
            Escaped(&c.message)
        )?;
    }
    Ok(())
}

/// What `setup-git` wrote or kept.
pub fn setup(done: &GitSetup, s: Style, out: &mut dyn Write) -> io::Result<()> {
    let verb = |changed: bool| {
        if changed {
            s.green("Wrote")
        } else {
            "Kept".to_string()
        }
    };
    writeln!(
        out,
        "{} {} ({})",
        verb(done.attributes_changed),
        done.attributes.display(),
        done.lines.join(", ")
    )?;
    writeln!(
        out,
        "{} merge.tplan.driver = {}",
        verb(done.config_changed),
        done.driver
    )?;
    writeln!(
        out,
        "\n`git merge`, `git rebase` and `git pull` now merge plan files semantically.\nCommit `.gitattributes` (`tplan commit` includes it); each clone runs `tplan setup-git` once."
    )
}

#[cfg(test)]
mod tests {
    use tplan_git::MergeState;

    use super::*;

    #[test]
    fn a_conflicted_merge_shows_each_conflict_with_its_three_values() {
        let conflict = Conflict {
            file: "events/order_completed.toml".into(),
            path: "description".into(),
            kind: ConflictKind::BothChanged,
            base: Some("\"Placed\"".into()),
            ours: Some("\"Placed and paid\"".into()),
            theirs: None,
            message: "changed here, deleted there".into(),
        };
        let id = tplan_git::CommitId::parse(&"a".repeat(40)).unwrap();
        let state = MergeState {
            theirs_spec: "feature".into(),
            theirs: id,
            branch: tplan_git::BranchName::new("main").unwrap(),
            ours: id,
            tree: tplan_git::TreeId::parse(&"b".repeat(40)).unwrap(),
            message: "Merge branch 'feature'".into(),
            conflicts: vec![conflict.file.clone()],
            details: vec![conflict.clone()],
            touched: Vec::new(),
        };
        let r = MergeReport {
            outcome: MergeOutcome::Conflicted {
                conflicts: vec![conflict],
                state,
            },
            theirs: "feature".into(),
            branch: "main".into(),
            incoming: None,
            plan_folder: String::new(),
        };
        let mut out = Vec::new();
        human(&r, Style { color: false }, &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }
}
