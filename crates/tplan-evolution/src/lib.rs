//! tplan-evolution: what a change to a tracking plan does to historical data.
//!
//! The engine classifies the difference between two JSON Schemas (so any
//! pair of schemas, not only tplan's, can be classified) by the rules of
//! `evolution-rules.md`; plan diffs compare plans object by object on top of
//! it, and bumps turn classes into SchemaVer and semver versions. Pure: no
//! git, no I/O.

pub mod bump;
mod changelog;
pub mod check;
pub mod class;
pub mod classify;
pub mod edit;
pub mod iglu;
pub mod locate;
pub mod merge;
pub mod plan;
pub mod policy;
pub mod release;
pub mod report;
pub mod rules;
pub mod schema_diff;
pub mod subject;

pub use bump::EventClass;
pub use check::{CheckOptions, CheckReport, check};
pub use class::Class;
pub use classify::{ClassifyError, Options, SchemaChange, classify};
pub use edit::Edit;
pub use plan::{DiffError, DiffOptions, diff, diff_plans};
pub use report::{Change, EventReport, Location, Report};
pub use subject::Subject;
