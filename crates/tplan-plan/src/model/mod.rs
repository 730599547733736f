//! The typed plan model. Each type mirrors one plan file (or one part of
//! one) and uses DESIGN.md's words.

mod date;
mod event;
mod lock;
mod manifest;
mod owner;
mod plan;
mod property;
mod schemaver;
mod source;

pub use date::{Date, instant};
pub use event::{CallType, Event, Status};
pub use lock::{Lock, LockedEvent};
pub use manifest::{Breaking, Manifest, NamingStyle, Policy, Profile, Severity};
pub use owner::Owner;
pub use plan::Plan;
pub use property::{JsonType, Property, SharedProperty, TypeSet};
pub use schemaver::SchemaVer;
pub use source::Source;
