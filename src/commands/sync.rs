//! `tplan sync [REMOTE]`: the remote's proposals and registry brought
//! together with ours, as `git pull` does for a branch.

use std::io::Write;

use serde_json::json;
use tplan_git::{SyncAction, SyncReport};

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit};
use crate::output;
use crate::workspace::Workspace;

/// Arguments of `tplan sync`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The remote (as `git remote` names it).
    #[arg(default_value = "origin")]
    pub remote: String,
    /// Use what was fetched already (`refs/tplan-remotes/REMOTE/*`) instead
    /// of running `git fetch`.
    #[arg(long)]
    pub no_fetch: bool,
    /// Join records as this person (`Name <email>`) instead of git's identity.
    #[arg(long = "as", value_name = "PERSON")]
    pub actor: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    tplan_git::check_remote_name(&args.remote)?;
    if !args.no_fetch {
        ws.store.fetch_tplan_refs(&args.remote)?;
    }
    let who = super::proposal::actor(&args.actor)?;
    let report = ws
        .store
        .sync_with(&args.remote, super::proposal::as_ref(&who))?;
    match args.format {
        Format::Json => output::json(&mut ctx.out, &json!(report))?,
        Format::Human => human(&report, ctx)?,
    }
    Ok(Exit::Ok)
}

fn human(report: &SyncReport, ctx: &mut Ctx) -> std::io::Result<()> {
    let s = &ctx.style;
    let mut rows = Vec::new();
    for entry in &report.entries {
        let what = match &entry.action {
            SyncAction::Created => s.green("new here, taken"),
            SyncAction::FastForwarded => s.green("fast-forwarded"),
            SyncAction::Joined {
                reviews_added,
                kept_ours,
            } => {
                let mut text = format!(
                    "joined: {} from {}",
                    output::plural(*reviews_added, "review"),
                    report.remote
                );
                if !kept_ours.is_empty() {
                    text.push_str(&format!(
                        "; both changed {}, ours kept",
                        kept_ours
                            .iter()
                            .map(|f| format!("`{f}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                s.green(&text)
            }
            SyncAction::Ahead => s.yellow("ours is ahead"),
            SyncAction::UpToDate => "up to date".to_string(),
            SyncAction::Renumbered { to } => s.yellow(&format!(
                "{} has another proposal under this number: ours is now #{to}",
                report.remote
            )),
            SyncAction::Diverged => s.red(
                "diverged: both sides published apart; publish again from one clone, then sync",
            ),
            SyncAction::Unreadable { reason } => s.red(&format!("left out: {reason}")),
        };
        rows.push(vec![format!("  {}", entry.subject), what]);
    }
    writeln!(ctx.out, "Synced with {}:", report.remote)?;
    output::table(&mut ctx.out, *s, &["  REF", "WHAT HAPPENED"], &rows, &[])?;
    if report.push_needed {
        writeln!(
            ctx.out,
            "\nNext: `git push {} 'refs/tplan/*:refs/tplan/*'` to share what {} lacks.",
            report.remote, report.remote
        )?;
    }
    Ok(())
}
