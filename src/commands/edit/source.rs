//! `tplan source add|set|unset|rm`: the plan's sources (`sources/<key>.toml`).

use clap::Subcommand;
use tplan_edit::Edit;

use super::{OutputArgs, key, run_edit};
use crate::Ctx;
use crate::exit::CliResult;

/// `tplan source …`
#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add a source: where events are sent from.
    #[command(
        after_help = "Examples:\n  tplan source add ios --name \"iOS app\" --platform ios --owner checkout"
    )]
    Add {
        /// The source's key (`ios`): what events' `sources` name.
        key: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// What it runs on: web, ios, android, server…
        #[arg(long)]
        platform: Option<String>,
        /// The owner's key.
        #[arg(long)]
        owner: Option<String>,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Set a field of a source (`name`, `platform`, `owner`, `description`).
    #[command(after_help = "Examples:\n  tplan source set ios platform ios")]
    Set {
        /// The source's key.
        key: String,
        /// The field.
        field: String,
        /// The value.
        value: String,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Remove a field of a source.
    #[command(after_help = "Examples:\n  tplan source unset ios owner")]
    Unset {
        /// The source's key.
        key: String,
        /// The field to remove.
        field: String,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Remove a source no event names.
    #[command(after_help = "Examples:\n  tplan source rm kiosk")]
    Rm {
        /// The source's key.
        key: String,
        #[command(flatten)]
        out: OutputArgs,
    },
}

pub fn source(cmd: SourceCommand, ctx: &mut Ctx) -> CliResult {
    let (edit, out) = match cmd {
        SourceCommand::Add {
            key: k,
            name,
            platform,
            owner,
            out,
        } => (
            Edit::AddSource {
                key: key(&k)?,
                name,
                platform,
                owner,
            },
            out,
        ),
        SourceCommand::Set {
            key: k,
            field,
            value,
            out,
        } => (
            Edit::SetSource {
                key: key(&k)?,
                field,
                value,
            },
            out,
        ),
        SourceCommand::Unset { key: k, field, out } => (
            Edit::UnsetSource {
                key: key(&k)?,
                field,
            },
            out,
        ),
        SourceCommand::Rm { key: k, out } => (Edit::RemoveSource { key: key(&k)? }, out),
    };
    run_edit(edit, out.format, ctx)
}
