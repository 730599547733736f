//! `tplan event|property|owner`: edit plan files, keeping comments.

use clap::Subcommand;

use crate::Ctx;
use crate::exit::{CliResult, Failure};

/// `tplan event …`
#[derive(Debug, Subcommand)]
pub enum EventCommand {}

/// `tplan property …`
#[derive(Debug, Subcommand)]
pub enum PropertyCommand {}

/// `tplan owner …`
#[derive(Debug, Subcommand)]
pub enum OwnerCommand {}

pub fn event(cmd: EventCommand, _ctx: &mut Ctx) -> CliResult {
    match cmd {}
}

pub fn property(cmd: PropertyCommand, _ctx: &mut Ctx) -> CliResult {
    match cmd {}
}

pub fn owner(cmd: OwnerCommand, _ctx: &mut Ctx) -> CliResult {
    match cmd {}
}

#[allow(dead_code)]
fn unused() -> Failure {
    Failure::new("", None)
}
