//! tplan-plan: the tracking plan model.
//!
//! Plan files (TOML) become typed objects ([`Owner`], [`Property`], [`Event`],
//! [`Plan`]) with a canonical JSON form whose SHA-256 is the object's
//! [`ObjectId`]. Every error names its file, line and column. This crate is
//! pure: no git, and no I/O beyond reading a plan folder.

pub mod canonical;
pub mod error;
pub mod example;
pub mod files;
pub mod id;
pub mod key;
pub mod listing;
pub mod locate;
pub mod model;
pub mod naming;
pub mod parse;
pub mod proposal;
pub mod span;
#[cfg(feature = "testing")]
pub mod testing;

pub use error::{ErrorKind, PlanError, PlanErrors};
pub use files::{Entry, PlanFiles};
pub use id::ObjectId;
pub use key::Key;
pub use model::{
    Event, JsonType, Lock, Manifest, Owner, Plan, Property, SchemaVer, SharedProperty, Status,
};
pub use parse::{Loaded, load};
pub use span::Span;
