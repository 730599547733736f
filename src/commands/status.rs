//! `tplan status`: the work tree against `HEAD`, as a semantic summary.

use std::io::Write;

use serde_json::json;
use tplan_evolution::{DiffOptions, Report, diff_plans};
use tplan_git::{FileChange, Head, MergeState};

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};
use crate::output::{self, report};
use crate::workspace::Workspace;

/// Arguments of `tplan status`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// The semantic side of the status: a report, or why there is none.
enum Semantic {
    Report(Report),
    /// The work tree's plan does not load: this many errors.
    Broken(usize),
    /// Nothing committed yet.
    Unborn,
    /// No plan file changed.
    Clean,
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let head = ws.store.head()?;
    let plan_files = ws.store.changed_plan_files()?;
    let other_files = ws.store.changed_other_files()?;
    let merge = ws.store.merge_state()?;
    let unresolved = match &merge {
        Some(state) => ws.store.unresolved(state)?,
        None => Vec::new(),
    };
    let semantic = if head.commit().is_none() {
        Semantic::Unborn
    } else if plan_files.is_empty() {
        Semantic::Clean
    } else {
        let new = ws.read(None)?;
        let loaded = tplan_schema::load(&new.files);
        if loaded.errors.is_empty() {
            let old = ws.load(Some("HEAD"))?;
            let r = diff_plans(&old.plan, &loaded.plan, &DiffOptions::default())
                .map_err(|e| Failure::new(e.to_string(), None))?;
            Semantic::Report(r)
        } else {
            Semantic::Broken(loaded.errors.len())
        }
    };
    let status = Status {
        prefix: prefix(ws.store.plan_prefix()),
        head,
        plan_files,
        other_files,
        merge,
        unresolved,
        semantic,
    };
    match args.format {
        Format::Json => json_status(ctx, &status)?,
        Format::Human => human(ctx, &status)?,
    }
    Ok(Exit::Ok)
}

/// Everything `status` shows.
struct Status {
    /// The plan folder from the repository root, with a trailing `/`.
    prefix: String,
    head: Head,
    plan_files: Vec<FileChange>,
    other_files: Vec<FileChange>,
    merge: Option<MergeState>,
    /// Conflicted files and the line of their first marker, if any is left.
    unresolved: Vec<(String, Option<usize>)>,
    semantic: Semantic,
}

fn files_json(files: &[FileChange], prefix: &str) -> Vec<serde_json::Value> {
    files
        .iter()
        .map(|f| json!({ "path": format!("{prefix}{}", f.path), "change": f.kind.as_str() }))
        .collect()
}

fn prefix(ws_prefix: &str) -> String {
    if ws_prefix.is_empty() {
        String::new()
    } else {
        format!("{ws_prefix}/")
    }
}

fn json_status(ctx: &mut Ctx, st: &Status) -> std::io::Result<()> {
    let ws_prefix = &st.prefix;
    let unresolved = &st.unresolved;
    let merge = st.merge.as_ref().map(|m| {
        json!({
            "theirs": m.theirs_spec,
            "commit": m.theirs,
            "conflicts": m.details,
            "unresolved": unresolved
                .iter()
                .filter(|(_, line)| line.is_some())
                .map(|(f, line)| json!({ "file": format!("{ws_prefix}{f}"), "line": line }))
                .collect::<Vec<_>>(),
        })
    });
    let (changes, errors) = match &st.semantic {
        Semantic::Report(r) => (
            Some(serde_json::to_value(r).expect("a report serialises")),
            None,
        ),
        Semantic::Broken(n) => (None, Some(*n)),
        Semantic::Unborn | Semantic::Clean => (None, None),
    };
    output::json(
        &mut ctx.out,
        &json!({
            "branch": st.head.branch(),
            "commit": st.head.commit(),
            "merge": merge,
            "plan_files": files_json(&st.plan_files, ws_prefix),
            "changes": changes,
            "plan_errors": errors,
            "other_files": files_json(&st.other_files, ws_prefix),
        }),
    )
}

fn human(ctx: &mut Ctx, st: &Status) -> std::io::Result<()> {
    let s = ctx.style;
    let ws_prefix = &st.prefix;
    let unresolved = &st.unresolved;
    let out = &mut ctx.out;
    match &st.head {
        Head::Branch {
            name,
            commit: Some(c),
        } => writeln!(
            out,
            "On branch {} at {}",
            s.bold(name.as_str()),
            s.dim(&c.short())
        )?,
        Head::Branch { name, commit: None } => {
            writeln!(out, "On branch {} (no commits yet)", s.bold(name.as_str()))?
        }
        Head::Detached { commit } => writeln!(
            out,
            "{}",
            s.yellow(&format!("HEAD detached at {}", commit.short()))
        )?,
    }
    if let Some(m) = &st.merge {
        let open = unresolved.iter().filter(|(_, line)| line.is_some()).count();
        writeln!(out)?;
        writeln!(
            out,
            "{} `{}`: {}, {} still marked",
            s.yellow("Merging"),
            m.theirs_spec,
            output::plural(m.details.len(), "conflict"),
            output::plural(open, "file"),
        )?;
        for c in &m.details {
            let marker = unresolved
                .iter()
                .find(|(f, _)| *f == c.file)
                .and_then(|(_, line)| *line)
                .map(|line| format!(":{line}"))
                .unwrap_or_default();
            let path = if c.path.is_empty() {
                String::new()
            } else {
                format!("  {}", c.path)
            };
            writeln!(
                out,
                "  {} {ws_prefix}{}{}{}  {}",
                s.red("conflict"),
                c.file,
                marker,
                s.bold(&path),
                s.dim(&c.message)
            )?;
        }
        if open > 0 {
            writeln!(
                out,
                "Edit the marked lines, then `tplan merge --continue`; `tplan merge --abort` gives up."
            )?;
        } else {
            writeln!(
                out,
                "All conflicts are resolved: `tplan merge --continue` commits the merge."
            )?;
        }
    }
    writeln!(out)?;
    match &st.semantic {
        Semantic::Unborn => {
            writeln!(
                out,
                "Nothing committed yet: `tplan commit -m \"Tracking plan\"` commits the plan."
            )?;
        }
        Semantic::Clean => writeln!(out, "The plan is as committed.")?,
        Semantic::Broken(n) => writeln!(
            out,
            "The plan in the work tree has {}: `tplan lint` shows where.",
            output::plural(*n, "error")
        )?,
        Semantic::Report(r) => {
            writeln!(out, "Changes to the plan, not committed:")?;
            report::human(r, s, true, out)?;
        }
    }
    if !st.plan_files.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Plan files ({}):",
            s.dim("`tplan commit -m MSG` commits them")
        )?;
        for f in &st.plan_files {
            writeln!(out, "  {:<9} {}{}", f.kind.as_str(), ws_prefix, f.path)?;
        }
    }
    if !st.other_files.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Not part of the plan ({}):",
            s.dim("`tplan commit` leaves them alone; use git")
        )?;
        for f in &st.other_files {
            writeln!(out, "  {:<9} {}{}", f.kind.as_str(), ws_prefix, f.path)?;
        }
    }
    Ok(())
}
