//! `tplan branch` and `tplan switch`: git branches, for the plan.

use tplan_git::{BranchName, SwitchOptions};

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
        let list = ws.store.branch_list()?;
        match args.format {
            Format::Json => output::json(&mut ctx.out, &list)?,
            Format::Human => output::branch::list(&list, ctx.style, &mut ctx.out)?,
        }
        return Ok(Exit::Ok);
    };
    let done = ws
        .store
        .branch_create(&BranchName::new(name)?, args.from.as_deref())?;
    match args.format {
        Format::Json => output::json(&mut ctx.out, &done)?,
        Format::Human => output::branch::created(&done, ctx.style, &mut ctx.out)?,
    }
    Ok(Exit::Ok)
}

pub fn switch(args: SwitchArgs, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::for_write(&ctx.cwd)?;
    let options = SwitchOptions {
        create: args.create,
        start: args.start.as_deref(),
        force: args.force,
    };
    let done = ws
        .store
        .switch_with(&BranchName::new(&args.name)?, options)?;
    match args.format {
        Format::Json => output::json(&mut ctx.out, &done)?,
        Format::Human => output::branch::switched(&done, ctx.style, &mut ctx.out)?,
    }
    Ok(Exit::Ok)
}
