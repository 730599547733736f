//! tplan-schema: the JSON Schema / Iglu dialect of a plan.
//!
//! [`keyword`] is the one table of JSON Schema keywords every crate asks;
//! events compile to JSON Schema draft 2020-12 ([`emit`]) and to Iglu
//! self-describing schemas (draft-04); [`dialect`] knows the drafts and
//! translates between them. Pure: no git, no I/O.

pub mod check;
pub mod dialect;
pub mod emit;
pub mod keyword;
pub mod view;

pub use check::{load, map_events, plan_from_files};
pub use emit::*;
