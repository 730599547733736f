//! `tplan init`: write a new plan, creating the git repository if needed.

use std::fs;
use std::path::PathBuf;

use tplan_edit::init::{Options, new_plan};

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit};
use crate::output;

/// Arguments of `tplan init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder of the new plan (default: the current folder).
    pub path: Option<PathBuf>,
    /// Write a realistic e-commerce plan to explore tplan with.
    #[arg(long)]
    pub example: bool,
    /// The plan's name (default: the folder's name).
    #[arg(long)]
    pub name: Option<String>,
    /// The namespace of published schemas, reverse-DNS (default: `com.example`).
    #[arg(long)]
    pub vendor: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let dir = match &args.path {
        Some(p) => ctx.cwd.join(p),
        None => ctx.cwd.clone(),
    };
    let folder = fs::canonicalize(&dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "Tracking Plan".into());
    let options = Options {
        name: args.name,
        vendor: args.vendor,
        example: args.example,
        folder,
    };
    let exists = |path: &str| {
        let target = dir.join(path);
        (target.exists() || target.symlink_metadata().is_ok()).then(|| target.display().to_string())
    };
    let plan = new_plan(&options, &exists)?;
    fs::create_dir_all(&dir)?;
    let created_repo = tplan_git::ensure_repo(&dir)?;
    for (path, text) in &plan.files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&target, text)?;
    }
    // Plain `git merge` merges plan files the tplan way from the start.
    let ws = crate::workspace::Workspace {
        store: tplan_git::Store::open(&dir)?,
    };
    let git_setup = super::merge::setup(&ws)?;
    let report = plan.report(dir.display().to_string(), created_repo, git_setup.driver);
    match args.format {
        Format::Json => output::json(&mut ctx.out, &report)?,
        Format::Human => output::init::human(&report, ctx.style, &mut ctx.out)?,
    }
    Ok(Exit::Ok)
}
