//! `tplan event|property|owner`: edit plan files the way `cargo add` edits
//! `Cargo.toml`, keeping comments and layout. An edit that would leave the
//! plan invalid is refused and nothing is written.

mod names;
mod owner;
mod source;

pub use owner::{OwnerCommand, owner};
pub use source::{SourceCommand, source};

use std::fs;

use clap::Subcommand;
use tplan_edit::{Changeset, Edit, EditError, PropertySpec, Target, apply};
use tplan_plan::{Key, Loaded};

use super::Format;
use crate::Ctx;
use crate::diagnostic::SourceDiagnostic;
use crate::exit::{CliResult, Exit, Failure};
use crate::output;
use crate::workspace::{Source, Workspace, plan_failure};

/// `tplan event …`
#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Add an event (its key is derived from the name unless `--key` is given).
    #[command(
        after_help = "Examples:\n  tplan event add \"Gift Card Redeemed\" --owner checkout --description \"A gift card paid for an order.\"\n  tplan event add \"Search Filtered\" --key search_filter_used --source web --source ios --status draft"
    )]
    Add {
        /// The event name apps send (`Gift Card Redeemed`).
        name: String,
        /// The key: file name and schema name (default: the name in snake_case).
        #[arg(long)]
        key: Option<String>,
        /// What the event means and when it fires.
        #[arg(long)]
        description: Option<String>,
        /// The owner's key.
        #[arg(long)]
        owner: Option<String>,
        /// draft, active or deprecated.
        #[arg(long)]
        status: Option<String>,
        /// How it is sent: track (the default), identify, group, page or screen.
        #[arg(long = "type", value_name = "TYPE", value_parser = ["track", "identify", "group", "page", "screen"])]
        call_type: Option<String>,
        /// Where it is sent from (repeatable).
        #[arg(long = "source", value_name = "SOURCE")]
        sources: Vec<String>,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Remove an event.
    #[command(after_help = "Examples:\n  tplan event rm newsletter_subscribed")]
    Rm {
        /// The event's key.
        #[arg(add = clap_complete::ArgValueCandidates::new(crate::completion::event_keys))]
        key: String,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Rename an event's key (its file and Iglu name); its name, what apps send, stays.
    #[command(after_help = "Examples:\n  tplan event rename order_completed purchase_completed")]
    Rename {
        /// The event's key.
        #[arg(add = clap_complete::ArgValueCandidates::new(crate::completion::event_keys))]
        key: String,
        /// Its new key.
        to: String,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Set a field of an event; VALUE is TOML when it parses as TOML (`true`, `2027-06-30`, `["web", "ios"]`), else a string.
    #[command(
        after_help = "Examples:\n  tplan event set order_completed owner checkout\n  tplan event set product_clicked status deprecated\n  tplan event set product_clicked sunset 2027-06-30\n  tplan event set order_completed sources '[\"web\", \"ios\"]'"
    )]
    Set {
        /// The event's key.
        #[arg(add = clap_complete::ArgValueCandidates::new(crate::completion::event_keys))]
        key: String,
        /// The field: name, type, description, owner, status, deprecated_since, sunset, replaced_by, sources, tags, additional_properties.
        field: String,
        /// The value.
        value: String,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Remove a field of an event.
    #[command(after_help = "Examples:\n  tplan event unset product_clicked sunset")]
    Unset {
        /// The event's key.
        #[arg(add = clap_complete::ArgValueCandidates::new(crate::completion::event_keys))]
        key: String,
        /// The field to remove.
        field: String,
        #[command(flatten)]
        out: OutputArgs,
    },
}

/// `tplan property …`
#[derive(Debug, Subcommand)]
pub enum PropertyCommand {
    /// Remove one key of a property (an override on a `ref`, a bound …).
    #[command(
        after_help = "Examples:\n  tplan property unset order_completed coupon max_length\n  tplan property unset --shared price maximum"
    )]
    Unset {
        /// EVENT NAME FIELD, or NAME FIELD with `--shared`.
        #[arg(num_args = 2..=3, required = true, value_names = ["EVENT", "NAME", "FIELD"])]
        target: Vec<String>,
        /// Change a shared property instead.
        #[arg(long)]
        shared: bool,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Add a property to an event, or a shared property with `--shared`.
    #[command(
        after_help = "Examples:\n  tplan property add order_completed gift_card --type string --max-length 32\n  tplan property add order_completed total --ref price --required\n  tplan property add --shared loyalty_tier --type string --enum bronze,silver,gold --description \"Loyalty level\""
    )]
    Add {
        /// EVENT NAME, or NAME with `--shared`.
        #[arg(num_args = 1..=2, required = true, value_names = ["EVENT", "NAME"])]
        target: Vec<String>,
        /// Add a shared property (`properties/NAME.toml`) instead.
        #[arg(long)]
        shared: bool,
        #[command(flatten)]
        spec: Box<SpecArgs>,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Remove a property from an event, or a shared property with `--shared`.
    #[command(
        after_help = "Examples:\n  tplan property rm order_completed coupon\n  tplan property rm --shared loyalty_tier"
    )]
    Rm {
        /// EVENT NAME, or NAME with `--shared`.
        #[arg(num_args = 1..=2, required = true, value_names = ["EVENT", "NAME"])]
        target: Vec<String>,
        /// Remove a shared property instead.
        #[arg(long)]
        shared: bool,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Rename a property of an event (and its examples), or a shared property's key with `--shared` (every `ref` follows).
    #[command(
        after_help = "Examples:\n  tplan property rename order_completed coupon coupon_code\n  tplan property rename --shared price unit_price"
    )]
    Rename {
        /// EVENT OLD NEW, or OLD NEW with `--shared`.
        #[arg(num_args = 2..=3, required = true, value_names = ["EVENT", "OLD", "NEW"])]
        target: Vec<String>,
        /// Rename a shared property instead.
        #[arg(long)]
        shared: bool,
        /// Keep the old name as an alias: payloads that send it stay valid, and the rename is not breaking.
        #[arg(long)]
        keep_alias: bool,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Set one key of a property (`type`, `max_length`, `enum` …); VALUE is TOML when it parses as TOML.
    #[command(
        after_help = "Examples:\n  tplan property set order_completed coupon max_length 64\n  tplan property set order_completed currency enum '[\"EUR\", \"USD\", \"GBP\"]'\n  tplan property set --shared price minimum 0"
    )]
    Set {
        /// EVENT NAME FIELD VALUE, or NAME FIELD VALUE with `--shared`.
        #[arg(num_args = 3..=4, required = true, value_names = ["EVENT", "NAME", "FIELD", "VALUE"])]
        target: Vec<String>,
        /// Change a shared property instead.
        #[arg(long)]
        shared: bool,
        #[command(flatten)]
        out: OutputArgs,
    },
}

/// The property keys settable when adding one.
#[derive(Debug, clap::Args)]
pub struct SpecArgs {
    /// Type: string, number, integer, boolean, object, array, null; a list as `string,null`.
    #[arg(long = "type", value_name = "TYPE")]
    r#type: Option<String>,
    /// The event requires it.
    #[arg(long)]
    required: bool,
    /// What it means.
    #[arg(long)]
    description: Option<String>,
    /// Use a shared property (`properties/KEY.toml`).
    #[arg(long = "ref", value_name = "KEY")]
    reference: Option<String>,
    /// Allowed values, comma-separated.
    #[arg(long = "enum", value_delimiter = ',', value_name = "VALUES")]
    enum_values: Vec<String>,
    /// A JSON Schema string format (date-time, email, uri, uuid …); `--format` is the output format.
    #[arg(long = "string-format", value_name = "FORMAT")]
    string_format: Option<String>,
    /// A regular expression strings must match.
    #[arg(long)]
    pattern: Option<String>,
    /// Smallest allowed number.
    #[arg(long, allow_hyphen_values = true)]
    minimum: Option<String>,
    /// Largest allowed number.
    #[arg(long, allow_hyphen_values = true)]
    maximum: Option<String>,
    /// Shortest allowed string.
    #[arg(long)]
    min_length: Option<u64>,
    /// Longest allowed string.
    #[arg(long)]
    max_length: Option<u64>,
}

/// Output options of an edit.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

fn key(s: &str) -> Result<Key, Failure> {
    Key::new(s).map_err(|e| Failure::new(format!("invalid key: {e}"), None))
}

fn target(
    args: &[String],
    shared: bool,
    shape: &str,
) -> Result<(Target, String, Vec<String>), Failure> {
    let fixed = if shared { 1 } else { 2 };
    let usage = || {
        Failure::new(
            format!("expected {shape}"),
            Some("with `--shared`, leave out the event".into()),
        )
    };
    if args.len() < fixed {
        return Err(usage());
    }
    let (head, rest) = args.split_at(fixed);
    if shared {
        Ok((Target::Shared, head[0].clone(), rest.to_vec()))
    } else {
        Ok((
            Target::Event(key(&head[0])?),
            head[1].clone(),
            rest.to_vec(),
        ))
    }
}

pub fn event(cmd: EventCommand, ctx: &mut Ctx) -> CliResult {
    let (edit, out) = match cmd {
        EventCommand::Add {
            name,
            key: k,
            description,
            owner,
            status,
            call_type,
            sources,
            out,
        } => {
            let key = match k {
                Some(k) => key(&k)?,
                None => Key::slug(&name).map_err(|e| {
                    Failure::new(
                        format!("cannot derive a key from `{name}`: {e}"),
                        Some("give one with `--key`".into()),
                    )
                })?,
            };
            (
                Edit::AddEvent {
                    key,
                    name,
                    description,
                    owner,
                    status,
                    // A track is the default: not written.
                    call_type: call_type.filter(|t| t != "track"),
                    sources,
                },
                out,
            )
        }
        EventCommand::Rm { key: k, out } => (Edit::RemoveEvent { key: key(&k)? }, out),
        EventCommand::Rename { key: k, to, out } => (
            Edit::RenameEvent {
                key: key(&k)?,
                to: key(&to)?,
            },
            out,
        ),
        EventCommand::Set {
            key: k,
            field,
            value,
            out,
        } => (
            Edit::SetEvent {
                key: key(&k)?,
                field,
                value,
            },
            out,
        ),
        EventCommand::Unset { key: k, field, out } => (
            Edit::UnsetEvent {
                key: key(&k)?,
                field,
            },
            out,
        ),
    };
    run_edit(edit, out.format, ctx)
}

pub fn property(cmd: PropertyCommand, ctx: &mut Ctx) -> CliResult {
    let (edit, out) = match cmd {
        PropertyCommand::Add {
            target: t,
            shared,
            spec,
            out,
        } => {
            let (target, name, rest) = target(&t, shared, "EVENT NAME, or NAME with --shared")?;
            if !rest.is_empty() {
                return Err(Failure::new(
                    "expected EVENT NAME, or NAME with --shared",
                    None,
                ));
            }
            let spec = PropertySpec {
                r#type: spec.r#type,
                required: spec.required,
                description: spec.description,
                reference: spec.reference,
                enum_values: spec.enum_values,
                format: spec.string_format,
                pattern: spec.pattern,
                minimum: spec.minimum,
                maximum: spec.maximum,
                min_length: spec.min_length,
                max_length: spec.max_length,
            };
            (Edit::AddProperty { target, name, spec }, out)
        }
        PropertyCommand::Rm {
            target: t,
            shared,
            out,
        } => {
            let (target, name, rest) = target(&t, shared, "EVENT NAME, or NAME with --shared")?;
            if !rest.is_empty() {
                return Err(Failure::new(
                    "expected EVENT NAME, or NAME with --shared",
                    None,
                ));
            }
            (Edit::RemoveProperty { target, name }, out)
        }
        PropertyCommand::Rename {
            target: t,
            shared,
            keep_alias,
            out,
        } => {
            let shape = "EVENT OLD NEW, or OLD NEW with --shared";
            let (target, name, rest) = target(&t, shared, shape)?;
            let [to] = <[String; 1]>::try_from(rest)
                .map_err(|_| Failure::new(format!("expected {shape}"), None))?;
            (
                Edit::RenameProperty {
                    target,
                    name,
                    to,
                    keep_alias,
                },
                out,
            )
        }
        PropertyCommand::Set {
            target: t,
            shared,
            out,
        } => {
            let (target, name, rest) = target(
                &t,
                shared,
                "EVENT NAME FIELD VALUE, or NAME FIELD VALUE with --shared",
            )?;
            let [field, value] = <[String; 2]>::try_from(rest).map_err(|_| {
                Failure::new(
                    "expected EVENT NAME FIELD VALUE, or NAME FIELD VALUE with --shared",
                    None,
                )
            })?;
            (
                Edit::SetProperty {
                    target,
                    name,
                    field,
                    value,
                },
                out,
            )
        }
        PropertyCommand::Unset {
            target: t,
            shared,
            out,
        } => {
            let shape = "EVENT NAME FIELD, or NAME FIELD with --shared";
            let (target, name, rest) = target(&t, shared, shape)?;
            let [field] = <[String; 1]>::try_from(rest)
                .map_err(|_| Failure::new(format!("expected {shape}"), None))?;
            (
                Edit::UnsetProperty {
                    target,
                    name,
                    field,
                },
                out,
            )
        }
    };
    run_edit(edit, out.format, ctx)
}

/// Applies an edit to the work tree: computed and checked in memory first,
/// then written file by file (each through a temporary file and a rename).
fn run_edit(edit: Edit, format: Format, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::for_write(&ctx.cwd)?;
    let source = ws.read(None)?;
    let changes = match apply(&source.files, &edit) {
        Ok(c) => c,
        Err(EditError::Invalid { errors, sources }) => {
            return Err(invalid(&source, errors, sources));
        }
        Err(e) => return Err(e.into()),
    };
    if names::names_something(&edit) {
        names::refuse_bad_names(&source, &changes)?;
    }
    write(&ws, &changes)?;
    let report = changes.report(&source.files);
    match format {
        Format::Json => output::json(&mut ctx.out, &report)?,
        Format::Human => output::edit::human(&report, &source.prefix, ctx.style, &mut ctx.out)?,
    }
    Ok(Exit::Ok)
}

/// The errors an edit would cause, each shown in the edited text.
fn invalid(
    source: &Source,
    errors: Vec<tplan_plan::PlanError>,
    sources: std::collections::BTreeMap<String, String>,
) -> Failure {
    let mut files = source.files.clone();
    for (path, text) in sources {
        files.insert_bytes(path, text.into_bytes());
    }
    let edited = Source {
        files,
        rev: None,
        prefix: source.prefix.clone(),
    };
    let loaded = Loaded {
        plan: tplan_schema::load(&edited.files).plan,
        errors,
    };
    let mut failure = plan_failure(&loaded, &edited);
    failure.report = SourceDiagnostic::message(
        "the edit would leave the plan invalid; nothing was written",
        None,
    )
    .into();
    failure
}

fn write(ws: &Workspace, changes: &Changeset) -> Result<(), Failure> {
    let dir = ws.plan_dir();
    for (path, text) in &changes.files {
        let target = dir.join(path);
        match text {
            Some(text) => {
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)?;
                }
                let tmp = target.with_extension("toml.tplan-tmp");
                fs::write(&tmp, text)?;
                fs::rename(&tmp, &target)?;
            }
            None => fs::remove_file(&target)?,
        }
    }
    Ok(())
}
