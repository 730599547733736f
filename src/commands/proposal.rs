//! `tplan propose`, `proposals`, `proposal show|close` and `review`:
//! proposals and reviews, stored in git under `refs/tplan/proposals/`.

use std::io::Write;

use serde_json::json;
use tplan_git::{Assessment, NewProposal, StoredProposal};
use tplan_plan::proposal::{Person, ProposalState, Verdict};

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};
use crate::output::{self, Style, report};
use crate::workspace::Workspace;

/// Arguments of `tplan propose`.
#[derive(Debug, clap::Args)]
pub struct ProposeArgs {
    /// The branch to merge into.
    #[arg(long, default_value = "main")]
    pub base: String,
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
        number: u64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Close a proposal without publishing it.
    Close {
        /// The proposal's number.
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
    let ws = Workspace::discover(&ctx.cwd)?;
    let who = actor(&args.actor)?;
    let dirty = ws.store.changed_plan_files()?;
    let stored = ws.store.propose(
        &NewProposal {
            base: &args.base,
            title: &args.title,
            body: &args.body,
        },
        as_ref(&who),
    )?;
    let r = &stored.record;
    if args.format == Format::Json {
        output::json(&mut ctx.out, &record_json(&stored))?;
        return Ok(Exit::Ok);
    }
    writeln!(
        ctx.out,
        "Opened proposal #{}: {} (`{}` into `{}`, at {})",
        r.number,
        r.title,
        r.head,
        r.base,
        &r.proposed_commit[..7]
    )?;
    if !dirty.is_empty() {
        writeln!(
            ctx.out,
            "{}",
            ctx.style.yellow(&format!(
                "note: {} uncommitted plan file{} not part of it; commit them to add them",
                dirty.len(),
                if dirty.len() == 1 { " is" } else { "s are" }
            ))
        )?;
    }
    writeln!(
        ctx.out,
        "Next: `tplan proposal show {n}`; reviewers run `tplan review {n} --approve`.\nShare it: git push origin {head} 'refs/tplan/*:refs/tplan/*'",
        n = r.number,
        head = r.head
    )?;
    Ok(Exit::Ok)
}

fn record_json(stored: &StoredProposal) -> serde_json::Value {
    let mut value = serde_json::to_value(&stored.record).expect("records serialise");
    value["record_commit"] = json!(stored.tip.to_string());
    value
}

/// `2 approve, 1 request-changes`: the reviewers' latest verdicts.
fn reviews_summary(stored: &StoredProposal) -> String {
    let mut latest: Vec<(String, Verdict)> = Vec::new();
    for review in &stored.record.reviews {
        if review.verdict == Verdict::Comment {
            continue;
        }
        let who = Person::parse(&review.reviewer)
            .map(|p| p.email.to_ascii_lowercase())
            .unwrap_or_else(|_| review.reviewer.clone());
        match latest.iter_mut().find(|(w, _)| *w == who) {
            Some(entry) => entry.1 = review.verdict,
            None => latest.push((who, review.verdict)),
        }
    }
    let count = |v: Verdict| latest.iter().filter(|(_, x)| *x == v).count();
    let mut parts = Vec::new();
    if count(Verdict::Approve) > 0 {
        parts.push(format!("{} approve", count(Verdict::Approve)));
    }
    if count(Verdict::RequestChanges) > 0 {
        parts.push(format!(
            "{} changes requested",
            count(Verdict::RequestChanges)
        ));
    }
    if parts.is_empty() {
        "-".into()
    } else {
        parts.join(", ")
    }
}

pub fn list(args: ListArgs, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let wanted = |state: ProposalState| match args.state {
        StateFilter::All => true,
        StateFilter::Open => state == ProposalState::Open,
        StateFilter::Merged => state == ProposalState::Merged,
        StateFilter::Closed => state == ProposalState::Closed,
    };
    let proposals: Vec<StoredProposal> = ws
        .store
        .proposals()?
        .into_iter()
        .filter(|p| wanted(p.record.state))
        .collect();
    if args.format == Format::Json {
        let list: Vec<serde_json::Value> = proposals.iter().map(record_json).collect();
        output::json(&mut ctx.out, &json!({ "proposals": list }))?;
        return Ok(Exit::Ok);
    }
    if proposals.is_empty() {
        let which = match args.state {
            StateFilter::All => String::new(),
            StateFilter::Open => " open".into(),
            StateFilter::Merged => " merged".into(),
            StateFilter::Closed => " closed".into(),
        };
        writeln!(
            ctx.out,
            "No{which} proposals. Open one from a branch with `tplan propose -m TITLE`."
        )?;
        return Ok(Exit::Ok);
    }
    let rows: Vec<Vec<String>> = proposals
        .iter()
        .map(|p| {
            let r = &p.record;
            let author = Person::parse(&r.author).map_or(r.author.clone(), |p| p.name);
            vec![
                format!("#{}", r.number),
                r.state.to_string(),
                r.title.clone(),
                format!("{} -> {}", r.head, r.base),
                author,
                reviews_summary(p),
            ]
        })
        .collect();
    output::table(
        &mut ctx.out,
        ctx.style,
        &["#", "STATE", "TITLE", "BRANCH", "AUTHOR", "REVIEWS"],
        &rows,
        &[|s, c| s.bold(c), state_style],
    )?;
    Ok(Exit::Ok)
}

fn state_style(style: &Style, state: &str) -> String {
    match state {
        "open" => style.green(state),
        "merged" => style.cyan(state),
        _ => style.dim(state),
    }
}

pub fn proposal(cmd: ProposalCommand, ctx: &mut Ctx) -> CliResult {
    match cmd {
        ProposalCommand::Show { number, format } => show(number, format, ctx),
        ProposalCommand::Close { number, actor: who } => {
            let ws = Workspace::discover(&ctx.cwd)?;
            let who = actor(&who)?;
            let stored = ws.store.close_proposal(number.into(), as_ref(&who))?;
            writeln!(
                ctx.out,
                "Closed proposal #{}: {}",
                stored.record.number, stored.record.title
            )?;
            Ok(Exit::Ok)
        }
    }
}

fn show(number: u64, format: Format, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let stored = ws.store.proposal(number.into())?;
    let a = ws.store.assess(stored)?;
    if format == Format::Json {
        output::json(
            &mut ctx.out,
            &json!({
                "proposal": record_json(&a.proposal),
                "base_commit": a.revs.base.to_string(),
                "head_commit": a.revs.head.to_string(),
                "merge_base": a.revs.merge_base.to_string(),
                "touched": a.touched,
                "policy": a.verdict,
                "report": a.report,
            }),
        )?;
        return Ok(Exit::Ok);
    }
    human_show(&a, ctx)?;
    Ok(Exit::Ok)
}

fn short(commit: &str) -> &str {
    &commit[..commit.len().min(7)]
}

fn human_show(a: &Assessment, ctx: &mut Ctx) -> std::io::Result<()> {
    let s = ctx.style;
    let r = &a.proposal.record;
    let out = &mut ctx.out;
    writeln!(
        out,
        "{} {}  [{}]",
        s.bold(&format!("#{}", r.number)),
        s.bold(&r.title),
        state_style(&s, r.state.as_str())
    )?;
    writeln!(
        out,
        "`{}` into `{}`, proposed by {} on {}",
        r.head,
        r.base,
        r.author,
        r.created.get(..10).unwrap_or(&r.created)
    )?;
    let head = a.revs.head.to_string();
    writeln!(
        out,
        "head {}, base {}, merge base {}",
        short(&head),
        short(&a.revs.base.to_string()),
        short(&a.revs.merge_base.to_string())
    )?;
    if let Some(p) = &r.published {
        writeln!(
            out,
            "published as {} ({}) by {} on {}",
            p.tag,
            short(&p.commit),
            p.by,
            p.time.get(..10).unwrap_or(&p.time)
        )?;
    }
    if !r.body.is_empty() {
        writeln!(out)?;
        for line in r.body.lines() {
            writeln!(out, "    {line}")?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", s.bold("Reviews"))?;
    if r.reviews.is_empty() {
        writeln!(out, "  none yet")?;
    }
    for review in &r.reviews {
        let stale = review.verdict == Verdict::Approve && review.commit != head;
        let verdict = match review.verdict {
            Verdict::Approve => s.green("approve"),
            Verdict::RequestChanges => s.red("request-changes"),
            Verdict::Comment => "comment".to_string(),
        };
        let pad = " ".repeat(15usize.saturating_sub(review.verdict.as_str().len()));
        let mut line = format!(
            "  {verdict}{pad}  {}  {}  on {}",
            review.reviewer,
            review.time.get(..10).unwrap_or(&review.time),
            short(&review.commit)
        );
        if stale && r.state == ProposalState::Open {
            line.push_str(&s.yellow(" (stale: the branch moved since)"));
        }
        writeln!(out, "{line}")?;
        if !review.message.is_empty() {
            for l in review.message.lines() {
                writeln!(out, "      {l}")?;
            }
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", s.bold("Changes"))?;
    report::human(&a.report, s, false, out)?;
    if r.state == ProposalState::Open {
        writeln!(out)?;
        let v = &a.verdict;
        let line = if v.passes {
            s.green(&format!("Policy: {}", v.summary()))
        } else {
            s.red(&format!("Policy: {}", v.summary()))
        };
        writeln!(out, "{line}")?;
        for stance in v.stances.iter().filter(|st| st.note.is_some()) {
            writeln!(
                out,
                "  {}: {}",
                stance.reviewer,
                stance.note.as_deref().unwrap_or_default()
            )?;
        }
        if v.passes {
            writeln!(out, "Next: `tplan publish {}`", r.number)?;
        }
    }
    Ok(())
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
    let ws = Workspace::discover(&ctx.cwd)?;
    let who = actor(&args.actor)?;
    let (stored, added) =
        ws.store
            .review(args.number.into(), verdict, &args.message, as_ref(&who))?;
    if args.format == Format::Json {
        output::json(
            &mut ctx.out,
            &json!({ "proposal": record_json(&stored), "review": added }),
        )?;
        return Ok(Exit::Ok);
    }
    writeln!(
        ctx.out,
        "Recorded: {} {} proposal #{} at {}",
        added.reviewer,
        match verdict {
            Verdict::Approve => "approved",
            Verdict::RequestChanges => "requested changes on",
            Verdict::Comment => "commented on",
        },
        stored.record.number,
        short(&added.commit)
    )?;
    let own = Person::parse(&added.reviewer)
        .ok()
        .zip(Person::parse(&stored.record.author).ok())
        .is_some_and(|(a, b)| a.same_as(&b));
    if own && verdict == Verdict::Approve {
        writeln!(
            ctx.out,
            "{}",
            ctx.style
                .yellow("note: this is your own proposal, so your approval does not count")
        )?;
    }
    Ok(Exit::Ok)
}
