//! Real payloads against the plan: which events break their schema, which
//! properties, how often, and which planned events never showed up.
//!
//! Two line formats are read: Segment-style tracks
//! (`{"event": NAME, "properties": {...}}`, matched on the event's display
//! name) and Snowplow self-describing events
//! (`{"schema": "iglu:vendor/name/jsonschema/M-R-A", "data": {...}}`,
//! matched on key and version: the published schema of that version when
//! the registry has it, else the plan's).
//!
//! A [`Catalog`] is built once from the plan; the plan itself can then be
//! dropped. Schemas are compiled lazily, once per event, on first sight
//! (annotations stripped: they do not change validation and cost memory).
//! Lines are validated in chunks ([`reader`]), chunks in parallel, and the
//! partial [`Summary`]s merged in line order, so the report is the same
//! whatever the number of threads.

mod catalog;
mod checker;
mod compile;
mod distinct;
mod event;
mod input;
mod line;
mod policy;
pub mod reader;
mod report;
mod run;
mod stream;
mod summary;
mod text;

pub use catalog::{Catalog, Registry};
pub use distinct::Distinct;
pub use input::Input;
pub use policy::{Policy, UnknownEvents, Validation};
pub use report::Report;
pub use run::{ReadError, Watch, validate_inputs};
pub use stream::{StreamError, StreamOptions, validate_stream};
pub use summary::{
    EventSummary, Example, Failure, MAX_FAILURES_PER_EVENT, MAX_UNKNOWN_NAMES,
    MAX_VERSIONS_PER_EVENT, Occurrences, Problem, Summary,
};
