//! `tplan propose`, `proposals`, `proposal show|close` and `review` for
//! people.

use std::io::{self, Write};

use tplan_git::{Assessment, ProposalList, Proposed, Reviewed, StoredProposal};
use tplan_plan::proposal::{Person, Proposal, ProposalState, Verdict};

use super::{Escaped, Style, escaped, report, table};

/// The proposal opened, what it leaves out, and what to do next.
pub fn proposed(done: &Proposed, s: Style, out: &mut dyn Write) -> io::Result<()> {
    let r = &done.proposal.record;
    writeln!(
        out,
        "Opened proposal #{}: {} (`{}` into `{}`, at {})",
        r.number,
        Escaped(&r.title),
        Escaped(&r.head),
        Escaped(&r.base),
        short(&r.proposed_commit)
    )?;
    if done.uncommitted > 0 {
        let n = done.uncommitted;
        writeln!(
            out,
            "{}",
            s.yellow(&format!(
                "note: {n} uncommitted plan file{} not part of it; commit them to add them",
                if n == 1 { " is" } else { "s are" }
            ))
        )?;
    }
    writeln!(
        out,
        "Next: `tplan proposal show {n}`; reviewers run `tplan review {n} --approve`.\nShare it: git push origin {head} 'refs/tplan/*:refs/tplan/*'",
        n = r.number,
        head = Escaped(&r.head)
    )
}

/// A table of proposals, or a sentence when there are none.
pub fn list(list: &ProposalList, s: Style, out: &mut dyn Write) -> io::Result<()> {
    if list.proposals.is_empty() {
        let which = list
            .state
            .map(|state| format!(" {}", state.as_str()))
            .unwrap_or_default();
        return writeln!(
            out,
            "No{which} proposals. Open one from a branch with `tplan propose -m TITLE`."
        );
    }
    let rows: Vec<Vec<String>> = list
        .proposals
        .iter()
        .map(|p| {
            let r = &p.proposal.record;
            let mut reviews = Vec::new();
            if p.approvals > 0 {
                reviews.push(format!("{} approve", p.approvals));
            }
            if p.changes_requested > 0 {
                reviews.push(format!("{} changes requested", p.changes_requested));
            }
            vec![
                format!("#{}", r.number),
                r.state.to_string(),
                r.title.clone(),
                format!("{} -> {}", r.head, r.base),
                name(&r.author),
                if reviews.is_empty() {
                    "-".into()
                } else {
                    reviews.join(", ")
                },
            ]
        })
        .collect();
    table(
        out,
        s,
        &["#", "STATE", "TITLE", "BRANCH", "AUTHOR", "REVIEWS"],
        &rows,
        &[|s, c| s.bold(c), state_style],
    )
}

/// A proposal: its title and commits, its reviews, its changes, and for an
/// open one the policy's verdict.
/// `added`: each event the proposal adds, in the head's plan, whose
/// properties are shown in full (a reviewer has no other view of them).
pub fn show(
    a: &Assessment,
    added: &[(tplan_plan::Plan, tplan_plan::Key)],
    s: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let r = &a.proposal.record;
    heading(r, a, s, out)?;
    writeln!(out)?;
    writeln!(out, "{}", s.bold("Reviews"))?;
    if r.reviews.is_empty() {
        writeln!(out, "  none yet")?;
    }
    for (review, stale) in r.reviews.iter().zip(&a.stale) {
        let verdict = match review.verdict {
            Verdict::Approve => s.green("approve"),
            Verdict::RequestChanges => s.red("request-changes"),
            Verdict::Comment => "comment".to_string(),
        };
        let pad = " ".repeat(15usize.saturating_sub(review.verdict.as_str().len()));
        let mut line = format!(
            "  {verdict}{pad}  {}  {}  on {}",
            Escaped(&review.reviewer),
            Escaped(day(&review.time)),
            Escaped(short(&review.commit))
        );
        if *stale && r.state == ProposalState::Open {
            line.push_str(&s.yellow(" (stale: the branch moved since)"));
        }
        writeln!(out, "{line}")?;
        for l in review.message.lines() {
            writeln!(out, "      {}", Escaped(l))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", s.bold("Changes"))?;
    report::human(&a.report, s, false, out)?;
    for (plan, key) in added {
        let Some(event) = plan.events.get(key.as_str()) else {
            continue;
        };
        writeln!(
            out,
            "\n{} {} {}",
            s.bold("New event"),
            s.bold(key.as_str()),
            s.dim(&format!("({})", Escaped(&event.name)))
        )?;
        super::show::properties(plan, event, s, out)?;
    }
    if r.state == ProposalState::Open {
        policy(a, s, out)?;
    }
    Ok(())
}

/// The title, branches, commits, publication and body.
fn heading(r: &Proposal, a: &Assessment, s: Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{} {}  [{}]",
        s.bold(&format!("#{}", r.number)),
        s.bold(&escaped(&r.title)),
        state_style(&s, r.state.as_str())
    )?;
    writeln!(
        out,
        "`{}` into `{}`, proposed by {} on {}",
        Escaped(&r.head),
        Escaped(&r.base),
        Escaped(&r.author),
        Escaped(day(&r.created))
    )?;
    writeln!(
        out,
        "head {}, base {}, merge base {}",
        a.revs.head.short(),
        a.revs.base.short(),
        a.revs.merge_base.short()
    )?;
    if let Some(p) = &r.published {
        writeln!(
            out,
            "published as {} ({}) by {} on {}",
            Escaped(&p.tag),
            Escaped(short(&p.commit)),
            Escaped(&p.by),
            Escaped(day(&p.time))
        )?;
    }
    if !r.body.is_empty() {
        writeln!(out)?;
        for line in r.body.lines() {
            writeln!(out, "    {}", Escaped(line))?;
        }
    }
    Ok(())
}

/// The policy's verdict on an open proposal, and its notes.
fn policy(a: &Assessment, s: Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out)?;
    let v = &a.verdict;
    let line = format!("Policy: {}", v.summary());
    writeln!(
        out,
        "{}",
        if v.passes {
            s.green(&line)
        } else {
            s.red(&line)
        }
    )?;
    for stance in v.stances.iter().filter(|st| st.note.is_some()) {
        writeln!(
            out,
            "  {}: {}",
            Escaped(&stance.reviewer),
            Escaped(stance.note.as_deref().unwrap_or_default())
        )?;
    }
    if v.passes {
        writeln!(out, "Next: `tplan publish {}`", a.proposal.record.number)?;
    }
    Ok(())
}

/// `Recorded: Ana approved proposal #3 at 1a2b3c4`, and a note when it is
/// one's own.
pub fn reviewed(done: &Reviewed, s: Style, out: &mut dyn Write) -> io::Result<()> {
    let review = &done.review;
    writeln!(
        out,
        "Recorded: {} {} proposal #{} at {}",
        Escaped(&review.reviewer),
        match review.verdict {
            Verdict::Approve => "approved",
            Verdict::RequestChanges => "requested changes on",
            Verdict::Comment => "commented on",
        },
        done.proposal.record.number,
        Escaped(short(&review.commit))
    )?;
    if done.own_approval {
        writeln!(
            out,
            "{}",
            s.yellow("note: this is your own proposal, so your approval does not count")
        )?;
    }
    if let Some(since) = &done.since_last_review {
        let at = Escaped(short(&since.commit));
        if since.report.is_empty() {
            writeln!(out, "No plan changes since your last review (at {at}).")?;
        } else {
            writeln!(
                out,
                "\n{} (at {at}):",
                s.bold("Changes since your last review")
            )?;
            report::human(&since.report, s, false, out)?;
        }
    }
    Ok(())
}

/// `Closed proposal #3: Gift cards`.
pub fn closed(done: &StoredProposal, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "Closed proposal #{}: {}",
        done.record.number,
        Escaped(&done.record.title)
    )
}

/// A state, coloured.
fn state_style(style: &Style, state: &str) -> String {
    match state {
        "open" => style.green(state),
        "merged" => style.cyan(state),
        _ => style.dim(state),
    }
}

/// A person's name from `Name <email>`.
fn name(person: &str) -> String {
    Person::parse(person).map_or(person.to_string(), |p| p.name)
}

/// A commit id as a record holds it, shortened.
fn short(commit: &str) -> &str {
    &commit[..commit.len().min(7)]
}

/// The day of an RFC 3339 time.
fn day(time: &str) -> &str {
    time.get(..10).unwrap_or(time)
}

/// A warning on standard error for each proposal ref left out, naming it
/// (in every format: standard output stays the report).
pub fn warn_skipped(skipped: &[tplan_git::SkippedProposal]) -> std::io::Result<()> {
    let mut err = std::io::stderr().lock();
    for s in skipped {
        writeln!(
            err,
            "warning: skipped `{}`: {}; inspect it with `git log -p {}`",
            s.name, s.reason, s.name
        )?;
    }
    Ok(())
}
