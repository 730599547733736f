//! `tplan branch` and `tplan switch` for people.

use std::io::{self, Write};

use tplan_git::{BranchCreated, BranchList, Switched};

use super::{Escaped, Style, plural};

/// The branches, the current one marked, each with its commit's summary.
pub fn list(list: &BranchList, s: Style, out: &mut dyn Write) -> io::Result<()> {
    if let Some(commit) = &list.detached {
        writeln!(
            out,
            "* {}",
            s.yellow(&format!("(HEAD detached at {})", commit.short()))
        )?;
    }
    if let Some(name) = &list.unborn {
        writeln!(
            out,
            "* {}  {}",
            s.green(name.as_str()),
            s.dim("(no commits yet)")
        )?;
    }
    let width = list
        .branches
        .iter()
        .map(|b| b.name.as_str().chars().count())
        .max()
        .unwrap_or(0);
    for b in &list.branches {
        let pad = " ".repeat(width - b.name.as_str().chars().count());
        let (mark, name) = if b.current {
            ("*", s.green(b.name.as_str()))
        } else {
            (" ", b.name.to_string())
        };
        writeln!(
            out,
            "{mark} {name}{pad}  {} {}",
            s.dim(&b.commit.short()),
            Escaped(&b.summary)
        )?;
    }
    Ok(())
}

/// `Created branch `x` at 1a2b3c4 (from HEAD)`, and how to switch to it.
pub fn created(done: &BranchCreated, s: Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{} branch `{}` at {} (from {})",
        s.green("Created"),
        done.branch,
        s.dim(&done.commit.short()),
        Escaped(&done.from),
    )?;
    writeln!(
        out,
        "Switch to it: {}",
        s.cyan(&format!("tplan switch {}", done.branch))
    )
}

/// What a switch discarded, and where `HEAD` is now.
pub fn switched(done: &Switched, s: Style, out: &mut dyn Write) -> io::Result<()> {
    if !done.discarded.is_empty() {
        writeln!(out, "{} uncommitted changes to:", s.yellow("Discarded"))?;
        for f in &done.discarded {
            writeln!(out, "  {}{}", Escaped(&done.plan_folder), Escaped(f))?;
        }
    }
    if done.branch == done.from {
        return writeln!(out, "Already on `{}`", done.branch);
    }
    let created = if done.created { "a new branch " } else { "" };
    writeln!(
        out,
        "{} to {created}`{}` at {} ({} updated)",
        s.green("Switched"),
        done.branch,
        s.dim(&done.commit.short()),
        plural(done.files, "file"),
    )?;
    if !done.carried.is_empty() {
        writeln!(
            out,
            "Uncommitted changes came along, to commit on `{}`:",
            done.branch
        )?;
        for f in &done.carried {
            writeln!(out, "  {}{}", Escaped(&done.plan_folder), Escaped(f))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use tplan_git::{Branch, BranchName, CommitId};

    use super::*;

    fn id(c: char) -> CommitId {
        CommitId::parse(&c.to_string().repeat(40)).unwrap()
    }

    fn render(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn branches_list_with_the_current_one_marked() {
        let branch = |name: &str, c, current| Branch {
            name: BranchName::new(name).unwrap(),
            commit: id(c),
            current,
            summary: format!("{name}'s last commit"),
        };
        let list = BranchList {
            branches: vec![
                branch("feature/gift-cards", 'a', false),
                branch("main", 'b', true),
            ],
            detached: None,
            unborn: None,
        };
        insta::assert_snapshot!(render(|out| super::list(
            &list,
            Style { color: false },
            out
        )));
    }

    #[test]
    fn a_switch_says_what_it_discarded_and_where_head_is() {
        let done = Switched {
            from: "main".into(),
            branch: BranchName::new("gift-cards").unwrap(),
            commit: id('c'),
            files: 3,
            discarded: vec!["events/order_completed.toml".into()],
            carried: Vec::new(),
            created: true,
            plan_folder: "plans/web/".into(),
        };
        insta::assert_snapshot!(render(|out| switched(&done, Style { color: false }, out)));
    }
}
