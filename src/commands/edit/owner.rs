//! `tplan owner add|set|unset|rm`: the plan's owners (`owners/<key>.toml`).

use clap::Subcommand;
use tplan_edit::Edit;

use super::{OutputArgs, key, run_edit};
use crate::Ctx;
use crate::exit::CliResult;

/// `tplan owner …`
#[derive(Debug, Subcommand)]
pub enum OwnerCommand {
    /// Add an owner.
    #[command(
        after_help = "Examples:\n  tplan owner add payments --name Payments --contact \"#payments\" --member ana@acme.com"
    )]
    Add {
        /// The owner's key (`payments`).
        key: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Where to reach them.
        #[arg(long)]
        contact: Option<String>,
        /// A member whose reviews count for the owner (repeatable).
        #[arg(long = "member", value_name = "EMAIL")]
        members: Vec<String>,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Set a field of an owner (`name`, `contact`, `members`, `description`).
    #[command(
        after_help = "Examples:\n  tplan owner set growth contact \"#growth\"\n  tplan owner set growth members pat@acme.com,ondrej@acme.com"
    )]
    Set {
        /// The owner's key.
        key: String,
        /// The field.
        field: String,
        /// The value.
        value: String,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Remove a field of an owner.
    #[command(after_help = "Examples:\n  tplan owner unset growth contact")]
    Unset {
        /// The owner's key.
        key: String,
        /// The field to remove.
        field: String,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Remove an owner no event uses.
    #[command(after_help = "Examples:\n  tplan owner rm payments")]
    Rm {
        /// The owner's key.
        key: String,
        #[command(flatten)]
        out: OutputArgs,
    },
}

pub fn owner(cmd: OwnerCommand, ctx: &mut Ctx) -> CliResult {
    let (edit, out) = match cmd {
        OwnerCommand::Add {
            key: k,
            name,
            contact,
            members,
            out,
        } => (
            Edit::AddOwner {
                key: key(&k)?,
                name,
                contact,
                members,
            },
            out,
        ),
        OwnerCommand::Rm { key: k, out } => (Edit::RemoveOwner { key: key(&k)? }, out),
        OwnerCommand::Set {
            key: k,
            field,
            value,
            out,
        } => (
            Edit::SetOwner {
                key: key(&k)?,
                field,
                value,
            },
            out,
        ),
        OwnerCommand::Unset { key: k, field, out } => (
            Edit::UnsetOwner {
                key: key(&k)?,
                field,
            },
            out,
        ),
    };
    run_edit(edit, out.format, ctx)
}
