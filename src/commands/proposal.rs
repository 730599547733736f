//! `tplan propose`, `proposals`, `proposal show|close` and `review`:
//! proposals and reviews, stored in git under `refs/tplan/proposals/`.

use tplan_git::NewProposal;
use tplan_plan::proposal::{Person, ProposalState, Verdict};

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};
use crate::output;
use crate::workspace::Workspace;

/// Arguments of `tplan propose`.
#[derive(Debug, clap::Args)]
pub struct ProposeArgs {
    /// The branch to merge into (default: the default branch, from
    /// `origin/HEAD`, `init.defaultBranch` or the only other branch).
    #[arg(long)]
    pub base: Option<String>,
    /// The title: one line.
    #[arg(short = 'm', long = "message", value_name = "TITLE")]
    pub title: String,
    /// What and why.
    #[arg(long, default_value = "")]
    pub body: String,
    /// Propose as this person instead of the configured git identity.
    #[arg(long = "as", value_name = "NAME <EMAIL>")]
    pub actor: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Which proposals `tplan proposals` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StateFilter {
    /// Waiting for reviews or publish.
    Open,
    /// Published.
    Merged,
    /// Closed without publishing.
    Closed,
    /// Every proposal.
    All,
}

/// Arguments of `tplan proposals`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only proposals in this state.
    #[arg(long, value_enum, default_value_t = StateFilter::Open)]
    pub state: StateFilter,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// `tplan proposal …`
#[derive(Debug, clap::Subcommand)]
pub enum ProposalCommand {
    /// A proposal: title, reviews, its semantic diff with classes and next
    /// versions, and the policy's verdict.
    #[command(
        after_help = "Examples:\n  tplan proposal show 3\n  tplan proposal show 3 --format json"
    )]
    Show {
        /// The proposal's number.
        #[arg(add = clap_complete::ArgValueCandidates::new(crate::completion::proposal_numbers))]
        number: u64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Close a proposal without publishing it.
    Close {
        /// The proposal's number.
        #[arg(add = clap_complete::ArgValueCandidates::new(crate::completion::proposal_numbers))]
        number: u64,
        /// Act as this person instead of the configured git identity.
        #[arg(long = "as", value_name = "NAME <EMAIL>")]
        actor: Option<String>,
    },
}

/// Arguments of `tplan review`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("verdict").required(true).args(["approve", "request_changes", "comment"])))]
pub struct ReviewArgs {
    /// The proposal's number.
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::completion::proposal_numbers))]
    pub number: u64,
    /// Approve the proposal's current head.
    #[arg(long)]
    pub approve: bool,
    /// Block publishing until you approve.
    #[arg(long)]
    pub request_changes: bool,
    /// Comment without a verdict.
    #[arg(long)]
    pub comment: bool,
    /// What you have to say.
    #[arg(short = 'm', long = "message", default_value = "")]
    pub message: String,
    /// Review as this person instead of the configured git identity.
    #[arg(long = "as", value_name = "NAME <EMAIL>")]
    pub actor: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// `--as "Name <email>"`, checked.
pub fn actor(given: &Option<String>) -> Result<Option<(String, String)>, Failure> {
    match given {
        None => Ok(None),
        Some(text) => {
            let p = Person::parse(text).map_err(|e| {
                Failure::new(
                    format!("--as {e}"),
                    Some("give a person like `--as \"Ana Analyst <ana@acme.com>\"`".into()),
                )
            })?;
            Ok(Some((p.name, p.email)))
        }
    }
}

pub fn as_ref(actor: &Option<(String, String)>) -> Option<(&str, &str)> {
    actor.as_ref().map(|(n, e)| (n.as_str(), e.as_str()))
}

pub fn propose(args: ProposeArgs, ctx: &mut Ctx) -> CliResult {
    if args.title.trim().is_empty() || args.title.contains('\n') {
        return Err(Failure::new(
            "the title must be one non-empty line",
            Some("put details in `--body`".into()),
        ));
    }
    let ws = Workspace::for_write(&ctx.cwd)?;
    let who = actor(&args.actor)?;
    let base = match args.base {
        Some(base) => base,
        None => ws.store.default_branch()?.name,
    };
    let new = NewProposal {
        base: &base,
        title: &args.title,
        body: &args.body,
    };
    let done = ws.store.propose_report(&new, as_ref(&who))?;
    output::proposal::warn_skipped(&done.skipped)?;
    match args.format {
        Format::Json => output::json(&mut ctx.out, &done)?,
        Format::Human => output::proposal::proposed(&done, ctx.style, &mut ctx.out)?,
    }
    Ok(Exit::Ok)
}

pub fn list(args: ListArgs, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let state = match args.state {
        StateFilter::All => None,
        StateFilter::Open => Some(ProposalState::Open),
        StateFilter::Merged => Some(ProposalState::Merged),
        StateFilter::Closed => Some(ProposalState::Closed),
    };
    let list = ws.store.proposal_list(state)?;
    output::proposal::warn_skipped(&list.skipped)?;
    match args.format {
        Format::Json => output::json(&mut ctx.out, &list)?,
        Format::Human => output::proposal::list(&list, ctx.style, &mut ctx.out)?,
    }
    Ok(Exit::Ok)
}

pub fn proposal(cmd: ProposalCommand, ctx: &mut Ctx) -> CliResult {
    let ws = match cmd {
        ProposalCommand::Show { .. } => Workspace::discover(&ctx.cwd)?,
        ProposalCommand::Close { .. } => Workspace::for_write(&ctx.cwd)?,
    };
    match cmd {
        ProposalCommand::Show { number, format } => {
            let shown = ws.store.proposal_show(number.into())?;
            if let Some(behind) = ws.store.head_behind_remote(&shown.proposal)? {
                output::warn(&format!(
                    "{behind}; this shows your `{}`",
                    shown.proposal.record.head
                ))?;
            }
            match format {
                Format::Json => output::json(&mut ctx.out, &shown)?,
                Format::Human => {
                    let mut added = Vec::new();
                    for e in &shown.report.events {
                        if e.outcome == tplan_evolution::bump::EventOutcome::Added
                            && let Some(plan) =
                                ws.store.event_at(shown.revs.head, e.key.as_str())?
                        {
                            added.push((plan, e.key.clone()));
                        }
                    }
                    output::proposal::show(&shown, &added, ctx.style, &mut ctx.out)?
                }
            }
        }
        ProposalCommand::Close { number, actor: who } => {
            let who = actor(&who)?;
            let closed = ws.store.close_proposal(number.into(), as_ref(&who))?;
            output::proposal::closed(&closed, &mut ctx.out)?;
        }
    }
    Ok(Exit::Ok)
}

pub fn review(args: ReviewArgs, ctx: &mut Ctx) -> CliResult {
    let verdict = if args.approve {
        Verdict::Approve
    } else if args.request_changes {
        Verdict::RequestChanges
    } else {
        Verdict::Comment
    };
    if verdict != Verdict::Approve && args.message.trim().is_empty() {
        return Err(Failure::new(
            format!("a `{verdict}` review needs a message"),
            Some("say what to change with `-m`".into()),
        ));
    }
    let ws = Workspace::for_write(&ctx.cwd)?;
    let who = actor(&args.actor)?;
    let done = ws
        .store
        .review_report(args.number.into(), verdict, &args.message, as_ref(&who))?;
    match args.format {
        Format::Json => output::json(&mut ctx.out, &done)?,
        Format::Human => output::proposal::reviewed(&done, ctx.style, &mut ctx.out)?,
    }
    Ok(Exit::Ok)
}
