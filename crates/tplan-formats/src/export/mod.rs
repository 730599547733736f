//! Exporters: the plan as a spreadsheet ([`csv`]), a Segment Protocols plan
//! ([`segment`]) and a catalog for people ([`catalog`]). JSON Schema and
//! Iglu files come from `tplan-schema`.

pub mod catalog;
pub mod csv;
pub mod segment;
