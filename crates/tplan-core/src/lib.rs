//! tplan-core: the tracking plan model.
//!
//! Plan files (TOML) become typed objects ([`Owner`], [`Property`], [`Event`],
//! [`Plan`]) with a canonical JSON form whose SHA-256 is the object's
//! [`ObjectId`]. Events compile to JSON Schema draft 2020-12 and to Iglu
//! self-describing schemas. This crate is pure: no git, and no I/O beyond
//! reading a plan folder.

pub mod files;

pub use files::{Entry, PlanFiles};
