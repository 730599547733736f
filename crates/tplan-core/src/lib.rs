//! tplan-core: the tracking plan model.
//!
//! Plan files (TOML) become typed objects ([`Owner`], [`Property`], [`Event`],
//! [`Plan`]) with a canonical JSON form whose SHA-256 is the object's
//! [`ObjectId`]. Events compile to JSON Schema draft 2020-12 and to Iglu
//! self-describing schemas. This crate is pure: no git, and no I/O beyond
//! reading a plan folder.

pub mod canonical;
pub mod catalog;
pub mod dialect;
pub mod edit;
pub mod error;
pub mod example;
pub mod files;
pub mod id;
pub mod import;
pub mod key;
pub mod lint;
pub mod locate;
pub mod model;
pub mod naming;
pub mod parse;
pub mod proposal;
pub mod release;
pub mod schema;
pub mod span;
pub mod tabular;
pub mod template;
pub mod validate;

pub use error::{ErrorKind, PlanError, PlanErrors};
pub use files::{Entry, PlanFiles};
pub use id::ObjectId;
pub use key::Key;
pub use model::{
    Event, JsonType, Lock, Manifest, Owner, Plan, Property, SchemaVer, SharedProperty, Status,
};
pub use parse::{Loaded, load};
pub use span::Span;
