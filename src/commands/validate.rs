//! `tplan validate`: real payloads (NDJSON, plain or gzip, files or
//! stdin) against the plan at a revision.

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::sync::Mutex;

use tplan_validate::{Catalog, Input, Policy, Registry, StreamOptions, Watch, validate_inputs};

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};
use crate::output;
use crate::output::progress::Progress;
use crate::workspace::{Workspace, plan_failure};

/// What to do with events the plan does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum UnknownEvents {
    /// Fail (exit 1).
    Error,
    /// Report them; do not fail.
    Warn,
    /// Neither report nor fail.
    Ignore,
}

/// Arguments of `tplan validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// NDJSON files (`.gz` too); `-` or nothing for standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,
    /// Validate against the plan at this revision (default: the work tree).
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Example lines kept per failing property, problem and unknown event.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub max_examples: usize,
    /// Fail (exit 1) when fewer than PCT percent of the plan's active events appear.
    #[arg(long, value_name = "PCT")]
    pub fail_under_coverage: Option<f64>,
    /// Events the plan does not have: fail, report, or ignore.
    #[arg(long, value_enum, default_value_t = UnknownEvents::Warn)]
    pub unknown_events: UnknownEvents,
    /// The payloads come from this source: events not planned for it are findings.
    #[arg(long, value_name = "SOURCE")]
    pub source: Option<String>,
}

/// A byte-count progress bar on a terminal, nothing when piped.
struct Bar(Option<indicatif::ProgressBar>);

impl Watch for Bar {
    fn read(&self, bytes: u64) {
        if let Some(bar) = &self.0 {
            bar.set_position(bytes);
        }
    }

    fn done(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

fn progress_bar(input: &Input) -> Box<dyn Watch> {
    if !io::stderr().is_terminal() {
        return Box::new(Bar(None));
    }
    let bar = match input.size {
        Some(size) => indicatif::ProgressBar::new(size).with_style(
            indicatif::ProgressStyle::with_template(
                "{msg} {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
            )
            .expect("a valid template"),
        ),
        None => indicatif::ProgressBar::new_spinner(),
    };
    bar.set_message(format!("validating {}", input.name));
    Box::new(Bar(Some(bar)))
}

/// Opens `name`, relative to `cwd` (where `-C` put us).
fn open(cwd: &std::path::Path, name: &str) -> Result<Input, Failure> {
    let (raw, size, shown): (Box<dyn Read + Send>, Option<u64>, String) = if name == "-" {
        (Box::new(io::stdin()), None, "standard input".into())
    } else {
        let file = File::open(cwd.join(name))
            .map_err(|e| Failure::new(format!("cannot read `{name}`: {e}"), None))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size, name.to_string())
    };
    Input::new(shown.clone(), raw, size)
        .map_err(|e| Failure::new(format!("cannot read `{shown}`: {e}"), None))
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let files = if args.files.is_empty() {
        if io::stdin().is_terminal() {
            return Err(Failure::new(
                "no payloads: give NDJSON files, or pipe them in",
                Some(
                    "tplan validate events.ndjson, or: zcat events.ndjson.gz | tplan validate -"
                        .into(),
                ),
            ));
        }
        vec!["-".to_string()]
    } else {
        args.files.clone()
    };
    if args
        .fail_under_coverage
        .is_some_and(|p| !(0.0..=100.0).contains(&p))
    {
        return Err(Failure::new(
            "--fail-under-coverage takes a percentage, 0 to 100",
            None,
        ));
    }
    // Open every input first: a typo in the third name fails before work.
    let inputs = files
        .iter()
        .map(|f| open(&ctx.cwd, f))
        .collect::<Result<Vec<_>, _>>()?;
    let ws = Workspace::discover(&ctx.cwd)?;
    let (mut catalog, plan) = {
        let source = ws.read(args.rev.as_deref())?;
        let registry: Option<Registry> = match ws.store.registry_tree()? {
            Some(tree) => Some(registry_server(ctx.cwd.clone(), tree)),
            None => None,
        };
        let _progress = Progress::start(format!("reading {} plan files", source.files.len()));
        match Catalog::from_files(&source.files, registry) {
            Ok(catalog) => (catalog, format!("the plan {}", source.origin())),
            // Say every error, with its source, as every command does.
            Err(_) => return Err(plan_failure(&tplan_schema::load(&source.files), &source)),
        }
    };
    if let Some(source) = &args.source
        && let Err(closest) = catalog.only_source(source)
    {
        return Err(Failure::new(
            format!("no source `{source}` in {plan}"),
            Some(closest.map_or_else(
                || "the plan's sources are the files in `sources/`".into(),
                |c| format!("did you mean `{c}`?"),
            )),
        ));
    }
    let options = StreamOptions {
        max_examples: args.max_examples,
    };
    let policy = Policy {
        unknown_events: match args.unknown_events {
            UnknownEvents::Error => tplan_validate::UnknownEvents::Error,
            UnknownEvents::Warn => tplan_validate::UnknownEvents::Warn,
            UnknownEvents::Ignore => tplan_validate::UnknownEvents::Ignore,
        },
        fail_under_coverage: args.fail_under_coverage,
    };
    let (summary, read_error) = validate_inputs(&catalog, inputs, options, &progress_bar);
    let validation = catalog
        .finish(summary)
        .judge(policy, plan, read_error.as_ref());
    match args.format {
        Format::Json => output::json(&mut ctx.out, &validation)?,
        Format::Human => output::validate::human(&validation, ctx.style, &mut ctx.out)?,
    }
    if let Some(e) = read_error {
        return Err(e.into());
    }
    Ok(if validation.failed {
        Exit::Found
    } else {
        Exit::Ok
    })
}

/// Published schemas, read on demand by a thread that owns its own store
/// (a repository handle stays on one thread); lookups happen once per
/// schema version seen, so one thread is plenty.
fn registry_server(cwd: std::path::PathBuf, tree: tplan_git::TreeId) -> Registry {
    type Request = (String, std::sync::mpsc::Sender<Option<Vec<u8>>>);
    let (send, receive) = std::sync::mpsc::channel::<Request>();
    std::thread::spawn(move || {
        let Ok(store) = tplan_git::Store::discover(&cwd) else {
            return;
        };
        for (path, reply) in receive {
            let _ = reply.send(store.registry_schema(tree, &path));
        }
    });
    let send = Mutex::new(send);
    Box::new(move |path: &str| {
        let (reply, answer) = std::sync::mpsc::channel();
        send.lock().ok()?.send((path.to_string(), reply)).ok()?;
        answer.recv().ok().flatten()
    })
}
