//! `tplan branch` and `tplan switch`: git branches, for the plan.

use std::io::Write;

use serde_json::json;
use tplan_git::{BranchName, Head};

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit};
use crate::output;
use crate::workspace::Workspace;

/// Arguments of `tplan branch`.
#[derive(Debug, clap::Args)]
pub struct BranchArgs {
    /// The branch to create; without it, the branches are listed.
    pub name: Option<String>,
    /// Where the new branch starts (default: `HEAD`).
    #[arg(long, value_name = "REV", requires = "name")]
    pub from: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Arguments of `tplan switch`.
#[derive(Debug, clap::Args)]
pub struct SwitchArgs {
    /// The branch to check out.
    pub name: String,
    /// With `-c`: where the new branch starts (default: `HEAD`).
    #[arg(value_name = "START", requires = "create")]
    pub start: Option<String>,
    /// Create the branch first, at `HEAD` or START (as `git switch -c`).
    #[arg(short = 'c', long)]
    pub create: bool,
    /// Discard uncommitted changes to plan files (and overwrite local
    /// changes to other files the switch must write).
    #[arg(short, long)]
    pub force: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn branch(args: BranchArgs, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let Some(name) = &args.name else {
        return list(&ws, args.format, ctx);
    };
    let rev = ws
        .store
        .create_branch(&BranchName::new(name)?, args.from.as_deref())?;
    let from = args.from.as_deref().unwrap_or("HEAD");
    match args.format {
        Format::Json => output::json(
            &mut ctx.out,
            &json!({ "branch": name, "commit": rev.commit, "from": from }),
        )?,
        Format::Human => {
            writeln!(
                ctx.out,
                "{} branch `{name}` at {} (from {from})",
                ctx.style.green("Created"),
                ctx.style.dim(&rev.short()),
            )?;
            writeln!(
                ctx.out,
                "Switch to it: {}",
                ctx.style.cyan(&format!("tplan switch {name}"))
            )?;
        }
    }
    Ok(Exit::Ok)
}

fn list(ws: &Workspace, format: Format, ctx: &mut Ctx) -> CliResult {
    let branches = ws.store.branches()?;
    let head = ws.store.head()?;
    match format {
        Format::Json => {
            let list: Vec<_> = branches
                .iter()
                .map(|b| json!({ "name": b.name, "commit": b.commit, "current": b.current, "summary": b.summary }))
                .collect();
            let detached = match &head {
                Head::Detached { commit } => Some(*commit),
                Head::Branch { .. } => None,
            };
            output::json(
                &mut ctx.out,
                &json!({ "branches": list, "detached": detached }),
            )?;
        }
        Format::Human => {
            let s = ctx.style;
            if let Head::Detached { commit } = &head {
                writeln!(
                    ctx.out,
                    "* {}",
                    s.yellow(&format!("(HEAD detached at {})", commit.short()))
                )?;
            }
            if let Head::Branch { name, commit: None } = &head {
                writeln!(
                    ctx.out,
                    "* {}  {}",
                    s.green(name.as_str()),
                    s.dim("(no commits yet)")
                )?;
            }
            let width = branches
                .iter()
                .map(|b| b.name.as_str().chars().count())
                .max()
                .unwrap_or(0);
            for b in &branches {
                let pad = " ".repeat(width - b.name.as_str().chars().count());
                let (mark, name) = if b.current {
                    ("*", s.green(b.name.as_str()))
                } else {
                    (" ", b.name.to_string())
                };
                writeln!(
                    ctx.out,
                    "{mark} {name}{pad}  {} {}",
                    s.dim(&b.commit.short()),
                    b.summary
                )?;
            }
        }
    }
    Ok(Exit::Ok)
}

pub fn switch(args: SwitchArgs, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let name = BranchName::new(&args.name)?;
    if args.create {
        ws.store.create_branch(&name, args.start.as_deref())?;
    }
    let done = ws.store.switch(&name, args.force)?;
    match args.format {
        Format::Json => output::json(
            &mut ctx.out,
            &json!({
                "from": done.from,
                "branch": args.name,
                "commit": done.to.commit,
                "files": done.files,
                "discarded": done.discarded,
            }),
        )?,
        Format::Human => {
            let s = ctx.style;
            if !done.discarded.is_empty() {
                writeln!(ctx.out, "{} uncommitted changes to:", s.yellow("Discarded"))?;
                let prefix = match ws.store.plan_prefix() {
                    "" => String::new(),
                    p => format!("{p}/"),
                };
                for f in &done.discarded {
                    writeln!(ctx.out, "  {prefix}{f}")?;
                }
            }
            if done.from == args.name {
                writeln!(ctx.out, "Already on `{}`", args.name)?;
            } else {
                let created = if args.create { "a new branch " } else { "" };
                writeln!(
                    ctx.out,
                    "{} to {created}`{}` at {} ({} updated)",
                    s.green("Switched"),
                    args.name,
                    s.dim(&done.to.short()),
                    output::plural(done.files, "file"),
                )?;
            }
        }
    }
    Ok(Exit::Ok)
}
