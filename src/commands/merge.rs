//! `tplan merge`, the git merge driver `tplan merge-file`, and
//! `tplan setup-git`.

use std::path::PathBuf;

use tplan_git::{MergeOptions, MergeOutcome};
use tplan_plan::model::Date;

use super::Format;
use super::commit::author_arg;
use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};
use crate::output;
use crate::workspace::Workspace;

/// Arguments of `tplan merge`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The branch, tag or commit to merge into the current branch.
    #[arg(required_unless_present_any = ["resume", "abort"])]
    pub rev: Option<String>,
    /// The merge commit's message (default: `Merge branch 'REV'`).
    #[arg(short, long)]
    pub message: Option<String>,
    /// Author as `Name <email>` (default: git's `user.name` and `user.email`).
    #[arg(long, value_name = "NAME <EMAIL>")]
    pub author: Option<String>,
    /// Commit the merge in progress once its conflicts are resolved.
    #[arg(long = "continue", id = "resume", conflicts_with_all = ["rev", "abort", "message"])]
    pub resume: bool,
    /// Give up the merge in progress: the work tree goes back to `HEAD`.
    #[arg(long, conflicts_with_all = ["rev", "message", "author"])]
    pub abort: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Arguments of `tplan merge-file`, as git's `merge.<driver>.driver` passes them.
#[derive(Debug, clap::Args)]
pub struct MergeFileArgs {
    /// The common ancestor's version (`%O`).
    pub base: PathBuf,
    /// Our version (`%A`); the result is written here.
    pub ours: PathBuf,
    /// Their version (`%B`).
    pub theirs: PathBuf,
    /// The file's path in the repository (`%P`), for messages and to
    /// recognise `tplan.toml` and `tplan.lock`.
    pub path: Option<String>,
}

/// Arguments of `tplan setup-git`.
#[derive(Debug, clap::Args)]
pub struct SetupArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::for_write(&ctx.cwd)?;
    let author = author_arg(args.author.as_deref())?;
    let author = author.as_ref().map(|(n, e)| (n.as_str(), e.as_str()));
    // `tplan merge` needs no driver; the `git merge` and `git pull` a
    // user runs next do.
    if let Some(problem) = ws.store.driver_state().problem() {
        output::warn(&problem)?;
    }
    if args.abort {
        let done = ws.store.abort_merge()?;
        match args.format {
            Format::Json => output::json(&mut ctx.out, &done)?,
            Format::Human => output::merge::aborted(&done, ctx.style, &mut ctx.out)?,
        }
        return Ok(Exit::Ok);
    }
    if args.resume {
        let done = ws
            .store
            .continue_merge(author, Date::today())
            .map_err(|e| ws.failure(e))?;
        match args.format {
            Format::Json => output::json(&mut ctx.out, &done)?,
            Format::Human => output::merge::concluded(&done, ctx.style, &mut ctx.out)?,
        }
        return Ok(Exit::Ok);
    }
    let rev = args
        .rev
        .as_deref()
        .expect("clap requires REV without --continue or --abort");
    let options = MergeOptions {
        message: args.message.as_deref(),
        author,
        today: Date::today(),
    };
    let report = ws.store.merge_report(rev, options)?;
    match args.format {
        Format::Json => output::json(&mut ctx.out, &report)?,
        Format::Human => output::merge::human(&report, ctx.style, &mut ctx.out)?,
    }
    Ok(match report.outcome {
        MergeOutcome::Conflicted { .. } => Exit::Found,
        _ => Exit::Ok,
    })
}

pub fn merge_file(args: MergeFileArgs, _ctx: &mut Ctx) -> CliResult {
    let merged =
        tplan_git::merge_driver(&args.base, &args.ours, &args.theirs, args.path.as_deref())?;
    if merged.conflicts.is_empty() {
        return Ok(Exit::Ok);
    }
    // Git shows the driver's standard error to the user.
    output::merge::driver_conflicts(
        &merged.display,
        &merged.conflicts,
        &mut std::io::stderr().lock(),
    )?;
    Ok(Exit::Found)
}

/// How git should start this tplan, from any shell it starts (a GUI's, a
/// hook's, one without `~/.cargo/bin` on `PATH`): always an absolute
/// path. The `PATH` entry that finds this binary is kept as it is (a
/// package manager's symlink survives upgrades), else the binary's own.
fn driver_command() -> String {
    let Ok(exe) = std::env::current_exe() else {
        return "tplan".into();
    };
    let real = exe.canonicalize().unwrap_or_else(|_| exe.clone());
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .filter(|dir| dir.is_absolute())
            .map(|dir| dir.join("tplan"))
            .find(|candidate| candidate.canonicalize().ok().as_ref() == Some(&real))
    });
    let text = on_path.unwrap_or(exe).display().to_string();
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c))
    {
        text
    } else {
        // git runs the driver through the shell.
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Writes the attributes and the driver config; used by `init` too.
pub fn setup(ws: &Workspace) -> Result<tplan_git::GitSetup, Failure> {
    Ok(ws.store.setup_git(&driver_command())?)
}

pub fn setup_git(args: SetupArgs, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::for_write(&ctx.cwd)?;
    let done = setup(&ws)?;
    match args.format {
        Format::Json => output::json(&mut ctx.out, &done)?,
        Format::Human => output::merge::setup(&done, ctx.style, &mut ctx.out)?,
    }
    Ok(Exit::Ok)
}
