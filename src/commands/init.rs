//! `tplan init`: write a new plan, creating the git repository if needed.

use std::fs;
use std::path::PathBuf;

use serde_json::json;
use tplan_plan::files::MANIFEST;
use tplan_plan::parse::valid_vendor;

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};
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
    if dir.join(MANIFEST).exists() {
        return Err(Failure::new(
            format!("a plan already exists: `{}`", dir.join(MANIFEST).display()),
            Some("tplan never overwrites a plan; edit it, or choose another folder".into()),
        ));
    }
    if let Some(vendor) = &args.vendor
        && !valid_vendor(vendor)
    {
        return Err(Failure::new(
            format!("`{vendor}` is not a vendor like `com.acme`"),
            Some("use letters, digits, `_`, `-` and `.`".into()),
        ));
    }
    if args.name.as_deref().is_some_and(|n| n.trim().is_empty()) {
        return Err(Failure::new("the plan name cannot be empty", None));
    }
    let files: Vec<(String, String)> = if args.example {
        tplan_edit::template::example(args.name.as_deref(), args.vendor.as_deref())
            .into_iter()
            .map(|(p, t)| (p.to_string(), t))
            .collect()
    } else {
        let folder = fs::canonicalize(&dir)
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "Tracking Plan".into());
        let name = args.name.clone().unwrap_or(folder);
        let vendor = args.vendor.clone().unwrap_or_else(|| "com.example".into());
        vec![(
            MANIFEST.to_string(),
            tplan_edit::template::manifest(&name, &vendor),
        )]
    };
    // Refuse before writing anything: an existing file is the user's.
    for (path, _) in &files {
        let target = dir.join(path);
        if target.exists() || target.symlink_metadata().is_ok() {
            return Err(Failure::new(
                format!("`{}` already exists", target.display()),
                Some("tplan never overwrites files; init in an empty folder".into()),
            ));
        }
    }
    fs::create_dir_all(&dir)?;
    let created_repo = tplan_git::ensure_repo(&dir)?;
    for (path, text) in &files {
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
    let plan = tplan_schema::plan_from_files(&{
        let mut f = tplan_plan::PlanFiles::new();
        for (p, t) in &files {
            f.insert_bytes(p.clone(), t.clone().into_bytes());
        }
        f
    })
    .map_err(|e| Failure::new(format!("the new plan does not load: {e}"), None))?;
    match args.format {
        Format::Json => output::json(
            &mut ctx.out,
            &json!({
                "path": dir.display().to_string(),
                "name": plan.manifest.name,
                "vendor": plan.manifest.vendor,
                "created_repository": created_repo,
                "owners": plan.owners.len(),
                "properties": plan.properties.len(),
                "events": plan.events.len(),
                "merge_driver": git_setup.driver,
            }),
        )?,
        Format::Human => {
            let s = ctx.style;
            if created_repo {
                writeln!(ctx.out, "Initialized a git repository in {}", dir.display())?;
            }
            writeln!(
                ctx.out,
                "{} plan `{}` ({}) in {}: {}, {}, {}",
                s.green("Created"),
                plan.manifest.name,
                plan.manifest.vendor,
                dir.display(),
                output::plural(plan.owners.len(), "owner"),
                output::plural(plan.properties.len(), "shared property")
                    .replace("propertys", "properties"),
                output::plural(plan.events.len(), "event"),
            )?;
            writeln!(
                ctx.out,
                "Configured git to merge plan files semantically (`tplan setup-git`)"
            )?;
            writeln!(ctx.out, "\nNext:")?;
            if args.example {
                writeln!(ctx.out, "  {}     list the events", s.cyan("tplan ls"))?;
                writeln!(ctx.out, "  {}   check the plan", s.cyan("tplan lint"))?;
            } else {
                writeln!(
                    ctx.out,
                    "  {}   add an event",
                    s.cyan("tplan event add \"Checkout Completed\"")
                )?;
            }
            writeln!(
                ctx.out,
                "  {}   commit it",
                s.cyan("tplan commit -m \"Tracking plan\"")
            )?;
        }
    }
    Ok(Exit::Ok)
}

use std::io::Write as _;
