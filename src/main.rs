//! The `tplan` command: parse arguments, run one command, map its result to
//! an exit code (0 ok, 1 found, 2 bad usage or input).

mod commands;
mod completion;
mod diagnostic;
mod exit;
mod output;
mod staging;
mod workspace;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

// Validation and plan loading allocate many small objects on several
// threads; jemalloc does that much faster than the system allocator (a
// third off `validate`) and, unlike mimalloc (as fast, but ~40% more peak
// memory holding a whole plan), keeps `lint` on 5,000 events under 150 MB.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use commands::{Cli, ColorChoice, Command};
use exit::{CliResult, Exit};
use output::Style;

/// What every command gets: where it runs, how to style, where to write.
pub struct Ctx {
    /// The folder the command acts from.
    pub cwd: PathBuf,
    /// Colour on or off.
    pub style: Style,
    /// Standard output.
    pub out: Box<dyn Write>,
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        // https://no-color.org: any non-empty value turns colour off.
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    }
}

fn run(cli: Cli, ctx: &mut Ctx) -> CliResult {
    match cli.command {
        Command::Init(args) => commands::init::run(args, ctx),
        Command::Ls(args) => commands::ls::run(args, ctx),
        Command::Show(args) => commands::show::run(args, ctx),
        Command::Lint(args) => commands::lint::run(args, ctx),
        Command::Commit(args) => commands::commit::run(args, ctx),
        Command::Branch(args) => commands::branch::branch(args, ctx),
        Command::Switch(args) => commands::branch::switch(args, ctx),
        Command::Status(args) => commands::status::run(args, ctx),
        Command::Log(args) => commands::log::log(args, ctx),
        Command::Blame(args) => commands::log::blame(args, ctx),
        Command::Merge(args) => commands::merge::run(args, ctx),
        Command::MergeFile(args) => commands::merge::merge_file(args, ctx),
        Command::SetupGit(args) => commands::merge::setup_git(args, ctx),
        Command::Propose(args) => commands::proposal::propose(args, ctx),
        Command::Proposals(args) => commands::proposal::list(args, ctx),
        Command::Proposal(cmd) => commands::proposal::proposal(cmd, ctx),
        Command::Review(args) => commands::proposal::review(args, ctx),
        Command::Publish(args) => commands::publish::run(args, ctx),
        Command::Sync(args) => commands::sync::run(args, ctx),
        Command::Recover(args) => commands::recover::run(args, ctx),
        Command::Validate(args) => commands::validate::run(args, ctx),
        Command::Diff(args) => commands::diff::run(args, ctx),
        Command::Check(args) => commands::check::run(args, ctx),
        Command::Schema(cmd) => commands::schema::run(cmd, ctx),
        Command::Event(cmd) => commands::edit::event(cmd, ctx),
        Command::Property(cmd) => commands::edit::property(cmd, ctx),
        Command::Owner(cmd) => commands::edit::owner(cmd, ctx),
        Command::Source(cmd) => commands::edit::source(cmd, ctx),
        Command::Import(cmd) => commands::import::run(cmd, ctx),
        Command::Export(args) => commands::export::run(args, ctx),
        Command::Demo(args) => commands::demo::run(args, ctx),
        Command::Completions(args) => commands::completions::run(args, ctx),
    }
}

fn main() -> ExitCode {
    // A shell asking for completions (`TPLAN_COMPLETE=bash tplan …`) is
    // answered here, before anything else runs or prints. The variable is
    // tplan's own: a `COMPLETE` set for something else never hijacks a run.
    clap_complete::CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command)
        .var(commands::completions::VAR)
        .complete();
    let cli = Cli::parse();
    let color = use_color(cli.color);
    let stderr_color = color && io::stderr().is_terminal();
    miette::set_hook(Box::new(move |_| {
        let theme = if stderr_color {
            miette::GraphicalTheme::unicode()
        } else {
            miette::GraphicalTheme::unicode_nocolor()
        };
        Box::new(
            miette::MietteHandlerOpts::new()
                .graphical_theme(theme)
                .terminal_links(false)
                // Long messages stay on one line: greppable, and copyable paths.
                .wrap_lines(false)
                .context_lines(1)
                .build(),
        )
    }))
    .expect("the hook is set once, first thing");
    let cwd = match std::env::current_dir() {
        Ok(d) => match &cli.dir {
            Some(p) => d.join(p),
            None => d,
        },
        Err(e) => {
            eprintln!("error: cannot read the current folder: {e}");
            return ExitCode::from(2);
        }
    };
    let mut ctx = Ctx {
        cwd,
        style: Style { color },
        out: Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    let result = run(cli, &mut ctx);
    let flushed = ctx.out.flush();
    drop(ctx);
    match (result, flushed) {
        // A reader that went away (`tplan ls | head`) is not an error.
        (_, Err(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        (Err(f), _) if f.broken_pipe => ExitCode::SUCCESS,
        (Ok(Exit::Ok), _) => ExitCode::SUCCESS,
        (Ok(Exit::Found), _) => ExitCode::from(1),
        (Err(failure), _) => {
            for d in failure.diagnostics {
                eprintln!("{:?}", miette::Report::new(d));
            }
            eprintln!("{:?}", failure.report);
            ExitCode::from(2)
        }
    }
}
