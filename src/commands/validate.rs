//! `tplan validate`: real payloads (NDJSON, plain or gzip, files or
//! stdin) against the plan at a revision.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::json;
use tplan_validate::{Catalog, Registry, Report, StreamOptions, Summary, validate_stream};

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};
use crate::output::progress::Progress;
use crate::output::{self, Style};
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
}

/// A reader that counts the bytes it hands out (the position in a
/// compressed file, for errors and progress).
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// One input, opened.
struct Input {
    name: String,
    reader: Box<dyn Read + Send>,
    /// Compressed (or raw) bytes read so far.
    position: Arc<AtomicU64>,
    size: Option<u64>,
    gzip: bool,
}

/// Opens `name`, relative to `cwd` (where `-C` put us).
fn open(cwd: &std::path::Path, name: &str) -> Result<Input, Failure> {
    let position = Arc::new(AtomicU64::new(0));
    let (raw, size, shown): (Box<dyn Read + Send>, Option<u64>, String) = if name == "-" {
        (Box::new(io::stdin()), None, "standard input".into())
    } else {
        let file = File::open(cwd.join(name))
            .map_err(|e| Failure::new(format!("cannot read `{name}`: {e}"), None))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size, name.to_string())
    };
    let mut buffered = BufReader::with_capacity(
        256 * 1024,
        Counting {
            inner: raw,
            count: position.clone(),
        },
    );
    let head = buffered
        .fill_buf()
        .map_err(|e| Failure::new(format!("cannot read `{shown}`: {e}"), None))?;
    // gzip by its magic number, whatever the file is called.
    let gzip = head.starts_with(&[0x1f, 0x8b]);
    let reader: Box<dyn Read + Send> = if gzip {
        Box::new(flate2::read::MultiGzDecoder::new(buffered))
    } else {
        Box::new(buffered)
    };
    Ok(Input {
        name: shown,
        reader,
        position,
        size,
        gzip,
    })
}

/// A byte-count progress bar on a terminal, nothing when piped.
fn progress_bar(input: &Input) -> Option<indicatif::ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
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
    Some(bar)
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
    let catalog = {
        let source = ws.read(args.rev.as_deref())?;
        let registry: Option<Registry> = match ws.store.registry_tree()? {
            Some(tree) => Some(registry_server(ctx.cwd.clone(), tree)),
            None => None,
        };
        let _progress = Progress::start(format!("reading {} plan files", source.files.len()));
        match Catalog::from_files(&source.files, registry) {
            Ok(catalog) => catalog,
            // Say every error, with its source, as every command does.
            Err(_) => return Err(plan_failure(&tplan_schema::load(&source.files), &source)),
        }
    };
    let where_ = match &args.rev {
        Some(rev) => format!("the plan at `{rev}`"),
        None => "the plan in the work tree".to_string(),
    };

    let options = StreamOptions {
        max_examples: args.max_examples,
    };
    let many = inputs.len() > 1;
    let mut total = Summary::default();
    let mut read_error = None;
    for input in inputs {
        let bar = progress_bar(&input);
        let position = input.position.clone();
        let tick = |_: u64| {
            if let Some(bar) = &bar {
                bar.set_position(position.load(Ordering::Relaxed));
            }
        };
        let name = input.name.clone();
        let result = validate_stream(&catalog, input.reader, options, &tick);
        if let Some(bar) = &bar {
            bar.finish_and_clear();
        }
        let (mut summary, error) = match result {
            Ok(s) => (s, None),
            Err(e) => (e.summary, Some((e.error, position.load(Ordering::Relaxed)))),
        };
        if many {
            summary.label_examples(&name);
        }
        let lines = summary.lines + summary.blank;
        total.merge(summary, args.max_examples);
        if let Some((error, at)) = error {
            let what = if input.gzip && error.kind() == io::ErrorKind::UnexpectedEof {
                format!("`{name}` is truncated: the gzip stream ends at byte {at} before its end")
            } else if input.gzip {
                format!("`{name}` is not valid gzip at byte {at}: {error}")
            } else {
                format!("cannot read `{name}` at byte {at}: {error}")
            };
            read_error = Some(format!(
                "{what} ({lines} lines read before it; counts so far above)"
            ));
            break;
        }
    }
    let report = catalog.finish(total);

    let unknown_fail = args.unknown_events == UnknownEvents::Error && report.summary.unknown > 0;
    let coverage_fail = args
        .fail_under_coverage
        .is_some_and(|pct| report.coverage + 1e-9 < pct);
    let failed = report.summary.invalid > 0
        || report.summary.unparsable > 0
        || unknown_fail
        || coverage_fail;
    match args.format {
        Format::Json => {
            let mut value = serde_json::to_value(&report).expect("a report serialises");
            let events = value["events"].as_object_mut().expect("an object");
            for (key, stats) in events.iter_mut() {
                stats["failures"] = json!(report.summary.events[key].failures());
            }
            value["plan"] = json!(where_);
            value["passed"] = json!(!failed && read_error.is_none());
            if args.unknown_events == UnknownEvents::Ignore {
                value["unknown_events"] = json!({});
            }
            if let Some(e) = &read_error {
                value["error"] = json!(e);
            }
            output::json(&mut ctx.out, &value)?;
        }
        Format::Human => human(&report, &args, &where_, ctx.style, &mut ctx.out)?,
    }
    if let Some(message) = read_error {
        return Err(Failure::new(
            message,
            Some(
                "the file was cut short (an interrupted download or copy?); fetch it again".into(),
            ),
        ));
    }
    if coverage_fail && args.format == Format::Human {
        writeln!(
            ctx.out,
            "{}",
            ctx.style.red(&format!(
                "Coverage {:.1}% is under --fail-under-coverage {}%.",
                report.coverage,
                args.fail_under_coverage.unwrap_or_default()
            ))
        )?;
    }
    Ok(if failed { Exit::Found } else { Exit::Ok })
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

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn lines_of(examples: &[tplan_validate::Example]) -> String {
    examples
        .iter()
        .map(|e| match &e.file {
            Some(f) => format!("{f}:{}", e.line),
            None => e.line.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn human(
    report: &Report,
    args: &Args,
    where_: &str,
    s: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let r = &report.summary;
    writeln!(
        out,
        "{} {} lines against {where_}: {} valid, {} invalid, {} unknown event, {} unparsable",
        s.bold("Validated"),
        thousands(r.lines),
        s.green(&thousands(r.valid)),
        if r.invalid > 0 {
            s.red(&thousands(r.invalid))
        } else {
            "0".into()
        },
        thousands(r.unknown),
        if r.unparsable > 0 {
            s.red(&thousands(r.unparsable))
        } else {
            "0".into()
        },
    )?;
    let mut invalid: Vec<(&String, &tplan_validate::EventSummary)> =
        r.events.iter().filter(|(_, e)| e.invalid > 0).collect();
    invalid.sort_by(|a, b| b.1.invalid.cmp(&a.1.invalid).then(a.0.cmp(b.0)));
    if !invalid.is_empty() {
        writeln!(out, "\n{}", s.bold("Invalid payloads"))?;
    }
    // The worst events; a day of traffic can break thousands.
    const EVENTS_SHOWN: usize = 20;
    let hidden = invalid.len().saturating_sub(EVENTS_SHOWN);
    for (key, e) in invalid.into_iter().take(EVENTS_SHOWN) {
        writeln!(
            out,
            "{} ({}): {} of {} invalid",
            s.bold(key),
            e.name,
            thousands(e.invalid),
            thousands(e.count)
        )?;
        for f in e.failures() {
            let first = f.occurrences.examples.first();
            writeln!(
                out,
                "  {}  {}  {}x  line {}{}",
                if f.path.is_empty() {
                    "(root)"
                } else {
                    f.path.as_str()
                },
                s.yellow(&f.keyword),
                thousands(f.occurrences.count),
                lines_of(&f.occurrences.examples),
                first
                    .map(|x| format!(": {}", x.message))
                    .unwrap_or_default()
            )?;
        }
    }
    if hidden > 0 {
        writeln!(
            out,
            "… and {hidden} more events with invalid payloads (`--format json` lists every one)"
        )?;
    }
    if !r.unknown_events.is_empty() && args.unknown_events != UnknownEvents::Ignore {
        writeln!(out, "\n{}", s.bold("Events not in the plan"))?;
        for (name, o) in &r.unknown_events {
            writeln!(
                out,
                "  {name}  {}x  line {}",
                thousands(o.count),
                lines_of(&o.examples)
            )?;
        }
    }
    if !r.problems.is_empty() {
        writeln!(out, "\n{}", s.bold("Lines that are not events"))?;
        for (kind, o) in &r.problems {
            writeln!(out, "  {}  {}x", s.red(kind.describe()), thousands(o.count))?;
            for e in &o.examples {
                let at = match &e.file {
                    Some(f) => format!("{f}:{}", e.line),
                    None => format!("line {}", e.line),
                };
                writeln!(out, "    {at}: {}", e.message)?;
            }
        }
    }
    writeln!(
        out,
        "\nCoverage: {} of {} active planned events seen ({:.1}%)",
        thousands(report.seen as u64),
        thousands(report.expected as u64),
        report.coverage
    )?;
    if !report.never_seen.is_empty() {
        const SHOWN: usize = 10;
        let mut list = report.never_seen[..report.never_seen.len().min(SHOWN)].join(", ");
        if report.never_seen.len() > SHOWN {
            list.push_str(&format!(" and {} more", report.never_seen.len() - SHOWN));
        }
        writeln!(out, "Never seen: {list}")?;
    }
    Ok(())
}
