//! What the readers hand to [`assemble`](super::assemble), and what it
//! gives back.

use std::collections::BTreeMap;

use serde::Serialize;

use super::schema::EventDraft;
use tplan_plan::model::SchemaVer;

/// One event read from a source, before it has a key.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Where it came from, for messages (`schemas/com.acme/x/jsonschema/1-0-0`).
    pub source: String,
    /// The name its key is made from (an Iglu name, a file stem, an event
    /// name).
    pub key_from: String,
    /// Its display name when the schema has no `title`.
    pub name: String,
    /// Whether `name` is an identifier (an Iglu name, a file stem) to be
    /// respelled in the plan's event naming style; a Segment event name is
    /// the payload's contract and stays as it is.
    pub respell_name: bool,
    /// The event read from its schema.
    pub draft: EventDraft,
    /// The version it was published at (Iglu), recorded in `tplan.lock`.
    pub version: Option<SchemaVer>,
}

/// What an import produces.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Import {
    /// New or changed plan files (relative to the plan folder) and their text.
    pub files: BTreeMap<String, String>,
    /// Events imported: name and key.
    pub events: Vec<(String, String)>,
    /// Names that had to be slugged to become keys: name, key.
    pub renames: Vec<(String, String)>,
    /// What was not imported, and why.
    pub skipped: Vec<String>,
    /// What was kept verbatim under `schema_extra`, per event.
    pub kept: Vec<String>,
    /// Other things worth knowing (a vendor set, meaning that changed).
    pub notes: Vec<String>,
    /// Versions recorded in `tplan.lock`, by key.
    pub versions: BTreeMap<String, String>,
}

impl Import {
    /// Whether anything was left out.
    pub fn partial(&self) -> bool {
        !self.skipped.is_empty()
    }
}
