//! `tplan show`: one event, as defined, as JSON, or as its schemas.

use tplan_schema::view::EventView;
use tplan_schema::{event_schema, iglu_schema_at};

use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};
use crate::output;
use crate::workspace::Workspace;

/// Output formats of `tplan show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    /// A summary for people.
    Human,
    /// The event's plan file, as written.
    Toml,
    /// The event as JSON: its fields, id, version and resolved properties.
    Json,
    /// The compiled JSON Schema (draft 2020-12).
    Jsonschema,
    /// The Iglu self-describing schema at the event's version.
    Iglu,
}

/// Arguments of `tplan show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The event's key (`checkout_completed`) or name (`"Checkout Completed"`).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::completion::event_keys))]
    pub event: String,
    /// Read the plan at this revision instead of the work tree.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Human)]
    pub format: ShowFormat,
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let at = ws.load(args.rev.as_deref())?;
    let plan = &at.plan;
    let Some(event) = plan.find_event(&args.event) else {
        let keys = plan.events.keys().map(|k| k.as_str());
        let names = plan.events.values().map(|e| e.name.as_str());
        let hint = tplan_plan::error::suggest(&args.event, keys.chain(names))
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some("`tplan ls` lists the events".into()));
        return Err(Failure::new(
            format!(
                "no event `{}` in the plan {}",
                args.event,
                at.source.origin()
            ),
            hint,
        ));
    };
    match args.format {
        ShowFormat::Toml => {
            let file = format!("events/{}.toml", event.key);
            let text = at.source.files.text(&file).unwrap_or_default();
            write!(ctx.out, "{text}")?;
        }
        ShowFormat::Json => output::json(&mut ctx.out, &EventView::of(plan, event))?,
        ShowFormat::Jsonschema => output::json(&mut ctx.out, &event_schema(plan, event))?,
        ShowFormat::Iglu => {
            // Changed since published: the version its release will give.
            let published = plan.lock.events.get(event.key.as_str());
            let version = match published {
                Some(l) if l.id != event.id.to_string() => ws
                    .store
                    .release_lock(plan)?
                    .and_then(|lock| lock.version_of(event.key.as_str())),
                _ => None,
            };
            let version = version.unwrap_or(plan.version_of(event.key.as_str()));
            output::json(&mut ctx.out, &iglu_schema_at(plan, event, version))?
        }
        ShowFormat::Human => output::show::human(plan, event, ctx.style, &mut ctx.out)?,
    }
    Ok(Exit::Ok)
}
