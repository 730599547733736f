//! Importers: an Iglu registry, JSON Schema files and Segment Protocols
//! plans become plan files. Every source is read into [`Candidate`]s (an
//! event read from a schema, with where it came from), then [`assemble`]
//! gives them keys, refuses collisions, renders the files and checks that
//! the plan they make loads. An import never overwrites an existing event.
//!
//! The caller opens the source and gives a [`Sink`] where the files go;
//! CSV and Segment sources are read as streams, one row or one rule at a
//! time, each event written as soon as it is made.

mod assemble;
mod candidate;
mod check;
pub mod csv;
mod csv_row;
mod error;
pub mod iglu;
pub mod jsonschema;
mod naming;
mod render;
pub mod schema;
pub mod segment;
mod segment_stream;
mod slug;
mod utf8;

pub use assemble::{Assembler, Prepared, Sink, assemble};
pub use candidate::{Candidate, Import, ImportReport};
pub use error::ImportError;
pub use schema::{Dialect, EventDraft, event_from_schema};
pub use slug::slug;
