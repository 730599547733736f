//! tplan-schema: the JSON Schema / Iglu dialect of a plan.
//!
//! Events compile to JSON Schema draft 2020-12 ([`emit`]) and to Iglu
//! self-describing schemas (draft-04); [`dialect`] knows the drafts and
//! translates between them. Pure: no git, no I/O.

pub mod dialect;
pub mod emit;

pub use emit::*;
