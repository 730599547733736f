//! `tplan diff`: every semantic change between two plans, like `git diff`.

use tplan_evolution::DiffOptions;
use tplan_plan::model::Profile;

use crate::Ctx;
use crate::exit::{CliResult, Exit};
use crate::output::{self, report};
use crate::workspace::Workspace;

/// Output formats of a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Grouped by event, for people.
    Human,
    /// The whole report as one JSON document.
    Json,
    /// A pull-request comment.
    Markdown,
}

/// A classification profile, as a command-line value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProfileArg {
    /// The rules of the evolution rules page.
    Default,
    /// Typed warehouse columns break too.
    WarehouseStrict,
    /// Optional keys added to open objects are additions.
    Tolerant,
}

impl From<ProfileArg> for Profile {
    fn from(p: ProfileArg) -> Profile {
        match p {
            ProfileArg::Default => Profile::Default,
            ProfileArg::WarehouseStrict => Profile::WarehouseStrict,
            ProfileArg::Tolerant => Profile::Tolerant,
        }
    }
}

/// Arguments of `tplan diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old plan's revision (default: `HEAD`).
    pub old: Option<String>,
    /// The new plan's revision (default: the work tree).
    pub new: Option<String>,
    /// Only one line per event.
    #[arg(long)]
    pub stat: bool,
    /// Classify under this profile instead of the plan's `[policy] profile`.
    #[arg(long, value_enum)]
    pub profile: Option<ProfileArg>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
}

/// Runs `tplan diff`.
pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let old_rev = args.old.as_deref().unwrap_or("HEAD");
    // Only JSON lists the release's every event.
    let json = matches!(args.format, DiffFormat::Json);
    let (old, new) = ws.load_pair(Some(old_rev), args.new.as_deref(), json)?;
    let options = DiffOptions {
        profile: args.profile.map(Into::into),
        ..Default::default()
    };
    // Only JSON shows where each change sits.
    let head_files = (args.format == DiffFormat::Json).then_some(&new.source.files);
    let r = tplan_evolution::diff(&old.plan, &new.plan, head_files, &options)?;
    match args.format {
        DiffFormat::Json => output::json(&mut ctx.out, &r)?,
        DiffFormat::Markdown => report::markdown(&r, &mut ctx.out)?,
        DiffFormat::Human => report::human(&r, ctx.style, args.stat, &mut ctx.out)?,
    }
    Ok(Exit::Ok)
}
