//! Command-line arguments (clap derive), one module per command. Each
//! command loads what it needs, calls a crate, and renders the result.

pub mod branch;
pub mod check;
pub mod commit;
pub mod completions;
pub mod demo;
pub mod diff;
pub mod edit;
pub mod export;
pub mod import;
pub mod init;
pub mod lint;
pub mod log;
pub mod ls;
pub mod merge;
pub mod proposal;
pub mod publish;
pub mod recover;
pub mod schema;
pub mod show;
pub mod status;
pub mod sync;
pub mod validate;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Version control for analytics tracking plans, built on git.
#[derive(Debug, Parser)]
#[command(name = "tplan", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Run `tplan demo` for a tour in a temporary repository.\nDocs: docs/ in the tplan repository."
)]
pub struct Cli {
    /// Run as if started in PATH (like `git -C`).
    #[arg(short = 'C', global = true, value_name = "PATH", id = "run_in")]
    pub dir: Option<PathBuf>,
    /// When to use colour: auto (a terminal, and `NO_COLOR` unset), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Human,
    /// For machines: one JSON document.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new plan in this folder (a git repository is created if there is none).
    #[command(
        after_help = "Examples:\n  tplan init --name \"Acme Web\" --vendor com.acme\n  tplan init --example        # a realistic e-commerce plan to explore\n  tplan init plans/web         # in a subfolder of a larger repository"
    )]
    Init(init::Args),
    /// List the events of a plan.
    #[command(
        after_help = "Examples:\n  tplan ls                     # the work tree, uncommitted edits included\n  tplan ls --rev main          # as committed on main\n  tplan ls --rev plan-v1.2.0 --format json"
    )]
    Ls(ls::Args),
    /// Show one event: its definition, schema or Iglu schema.
    #[command(
        after_help = "Examples:\n  tplan show checkout_completed\n  tplan show \"Checkout Completed\" --format jsonschema\n  tplan show checkout_completed --rev HEAD~2 --format iglu"
    )]
    Show(show::Args),
    /// Check a plan: every structural error plus naming, descriptions, owners and deprecation.
    #[command(
        after_help = "Exit codes: 0 clean or warnings only, 1 errors found, 2 bad usage.\n\nExamples:\n  tplan lint                   # the work tree\n  tplan lint main              # as committed on main, from the object database\n  tplan lint --format github   # annotations for GitHub Actions"
    )]
    Lint(lint::Args),
    /// Commit the plan folder on the current branch (refuses a plan with lint errors).
    #[command(
        after_help = "Examples:\n  tplan commit -m \"Add gift cards\"\n  tplan commit -m \"Draft\" --no-verify --author \"Pat PM <pat@acme.com>\""
    )]
    Commit(commit::Args),
    /// List branches, or create one (a git branch).
    #[command(
        after_help = "Examples:\n  tplan branch                       # list, the current one marked\n  tplan branch gift-cards            # create at HEAD\n  tplan branch hotfix --from plan-v1.2.0"
    )]
    Branch(branch::BranchArgs),
    /// Check out a branch: the work tree and index follow (refuses uncommitted plan changes).
    #[command(
        after_help = "Exit codes: 0 switched, 2 refused (uncommitted plan changes, unknown branch); nothing changed.\n\nExamples:\n  tplan switch gift-cards\n  tplan switch -c gift-cards         # create it at HEAD, then switch\n  tplan switch main --force          # discard uncommitted plan changes"
    )]
    Switch(branch::SwitchArgs),
    /// The work tree against HEAD: semantic changes with classes, conflicts, files outside the plan.
    #[command(after_help = "Examples:\n  tplan status\n  tplan status --format json")]
    Status(status::Args),
    /// Commits that changed an event, a shared property or the plan, with classes and releases.
    #[command(
        after_help = "Examples:\n  tplan log                          # every commit that changed the plan\n  tplan log order_completed -n 10    # an event: its file and the shared properties it uses\n  tplan log \"Order Completed\"\n  tplan log property:price --format json"
    )]
    Log(log::LogArgs),
    /// For each property of an event, the commit that gave it its current definition.
    #[command(
        after_help = "Examples:\n  tplan blame order_completed\n  tplan blame order_completed --rev plan-v1.2.0 --format json"
    )]
    Blame(log::BlameArgs),
    /// Merge a branch into the current one, plan files field by field.
    #[command(
        after_help = "Exit codes: 0 merged (or up to date), 1 conflicts written (nothing committed), 2 refused.\n\nExamples:\n  tplan merge main\n  tplan merge feature -m \"Merge gift cards\"\n  tplan merge --continue             # once the conflicts are resolved\n  tplan merge --abort"
    )]
    Merge(merge::Args),
    /// The git merge driver: merge one plan file (git runs this; see `tplan setup-git`).
    #[command(
        name = "merge-file",
        after_help = "Exit codes: 0 clean (OURS holds the result), 1 conflicts (OURS holds them with markers), 2 bad input.\n\nConfigured by `tplan setup-git` as:\n  merge.tplan.driver = tplan merge-file %O %A %B %P"
    )]
    MergeFile(merge::MergeFileArgs),
    /// Make `git merge`, `git rebase` and `git pull` merge plan files semantically.
    #[command(
        name = "setup-git",
        after_help = "Writes `*.toml merge=tplan` and `tplan.lock merge=tplan` to the plan folder's .gitattributes\nand merge.tplan.driver to the repository's config. Safe to run again."
    )]
    SetupGit(merge::SetupArgs),
    /// Open a proposal to merge the current branch into a base branch.
    #[command(
        after_help = "Exit codes: 0 opened, 2 refused (nothing to propose, one already open, no such base).\n\nExamples:\n  tplan propose -m \"Gift cards\"\n  tplan propose --base release -m \"Hotfix\" --body \"Why and what\""
    )]
    Propose(proposal::ProposeArgs),
    /// List proposals (open ones unless `--state` says otherwise).
    #[command(
        after_help = "Examples:\n  tplan proposals\n  tplan proposals --state all --format json"
    )]
    Proposals(proposal::ListArgs),
    /// Show or close a proposal.
    #[command(subcommand)]
    Proposal(proposal::ProposalCommand),
    /// Review a proposal's current head: approve, request changes, or comment.
    #[command(
        after_help = "An approval counts for the head commit it reviewed: a new commit on the branch makes it stale.\nA request-changes blocks publish until the same reviewer approves.\n\nExamples:\n  tplan review 3 --approve\n  tplan review 3 --request-changes -m \"Name the currency\"\n  tplan review 3 --comment -m \"Looks fine to finance\" --as \"Li <li@acme.com>\""
    )]
    Review(proposal::ReviewArgs),
    /// Bring a remote's proposals and registry together with ours (fetch, then join), as `git pull` does.
    #[command(
        after_help = "Runs `git fetch REMOTE '+refs/tplan/*:refs/tplan-remotes/REMOTE/*'`, then for each remote proposal:
takes it (new here), fast-forwards, keeps ours (ahead), or joins both sides' reviews in a merge commit.
A proposal numbered alike in two clones keeps both: ours moves to a free number.

Exit codes: 0 synced, 2 bad input (unknown remote, nothing fetched, git fetch failed).

Examples:
  tplan sync
  tplan sync upstream --format json
  git push origin 'refs/tplan/*:refs/tplan/*'   # then share what the remote lacks"
    )]
    Sync(sync::Args),
    /// Finish an operation a killed tplan left half-done (or undo it), and remove the locks it left.
    #[command(
        after_help = "Every command that writes recovers first; read commands warn. A lock file tplan did not create\n(or whose process still runs) is never removed: it is listed with the command that removes it.\n\nExit codes: 0 recovered (or nothing to do), 2 the operation cannot be finished (a ref moved since), or it still runs.\n\nExamples:\n  tplan recover\n  tplan recover --abort\n  tplan recover --format json"
    )]
    Recover(recover::Args),
    /// Publish an approved proposal: merge it, version each changed event, tag the plan release.
    #[command(
        after_help = "Exit codes: 0 published (or shown with --dry-run), 1 refused by the policy or by conflicts, 2 bad input.\n\nExamples:\n  tplan publish 3 --dry-run\n  tplan publish 3\n  tplan publish 3 --bump order_completed=model --out registry/"
    )]
    Publish(publish::Args),
    /// Check real event payloads (NDJSON, gzip too) against the plan, with coverage.
    #[command(
        after_help = "Lines: Segment-style tracks {\"event\": NAME, \"properties\": {...}} and Snowplow self-describing\nevents {\"schema\": \"iglu:vendor/name/jsonschema/M-R-A\", \"data\": {...}}.\n\nExit codes: 0 every payload valid, 1 invalid or unparsable lines (or coverage under the threshold,\nor unknown events with --unknown-events error), 2 bad usage or an unreadable input.\n\nExamples:\n  tplan validate events.ndjson\n  zcat export-*.ndjson.gz | tplan validate - --rev plan-v1.4.0 --format json\n  tplan validate day.ndjson.gz --fail-under-coverage 90 --unknown-events error"
    )]
    Validate(validate::Args),
    /// Semantic changes between two plans, classified (model, revision, addition, metadata).
    #[command(
        after_help = "Like `git diff`: no revision compares HEAD with the work tree, one compares it with the work tree, two compare them.\n\nExamples:\n  tplan diff\n  tplan diff main\n  tplan diff plan-v1.4.0 main --format markdown\n  tplan diff main feature --stat"
    )]
    Diff(diff::Args),
    /// The CI gate: fail (exit 1) when a change at or above `--fail-on` is present.
    #[command(
        after_help = "Exit codes: 0 passed, 1 a change at or above --fail-on, 2 bad usage.\n\nExamples:\n  tplan check --base main\n  tplan check --base origin/main --head HEAD --fail-on revision --format github\n  tplan check --base main --format markdown > comment.md"
    )]
    Check(check::Args),
    /// Classify any two JSON Schemas; gate a static Iglu registry's declared versions.
    #[command(subcommand)]
    Schema(schema::SchemaCommand),
    /// Add, remove or change events.
    #[command(subcommand)]
    Event(edit::EventCommand),
    /// Add, remove or change properties of an event, or shared properties.
    #[command(subcommand)]
    Property(edit::PropertyCommand),
    /// Add or remove owners.
    #[command(subcommand)]
    Owner(edit::OwnerCommand),
    /// Add, change or remove sources: where events are sent from.
    #[command(subcommand)]
    Source(edit::SourceCommand),
    /// Bring an existing plan in (onto a new branch; never overwrites).
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Write the plan: JSON Schema files, a static Iglu registry, or a spreadsheet.
    #[command(
        after_help = "Examples:\n  tplan export jsonschema --out schemas/\n  tplan export iglu --out registry/ --rev main   # registry/schemas/<vendor>/<event>/jsonschema/<M-R-A>"
    )]
    Export(export::Args),
    /// Walk through tplan in a temporary repository, printing each command.
    #[command(
        after_help = "Examples:\n  tplan demo\n  tplan demo --keep --full   # keep the repository to explore it afterwards"
    )]
    Demo(demo::Args),
    /// Print shell completions.
    #[command(
        after_help = "Examples:\n  tplan completions bash > ~/.local/share/bash-completion/completions/tplan\n  tplan completions zsh > ~/.zfunc/_tplan"
    )]
    Completions(completions::Args),
}
