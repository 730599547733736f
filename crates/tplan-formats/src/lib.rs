//! tplan-formats: plans in and out of the formats other tools use.
//!
//! Importers ([`import`]) read an Iglu registry, JSON Schema files, a
//! Segment Protocols plan or a spreadsheet ([`csv`]) into plan files; the
//! exporters ([`export`]) write the plan as CSV, a Segment plan and a
//! readable catalog (Markdown and HTML). Pure: callers read and write files.

pub mod csv;
pub mod export;
pub mod import;
