//! What the readers hand to [`assemble`](super::assemble), and what it
//! gives back.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::error::{ImportError, lines};
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
    /// New or changed plan files (relative to the plan folder), written
    /// to the import's sink.
    pub files: BTreeSet<String>,
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

    /// Refuses an import of no event from `source` (`plan.csv`), with what
    /// was left out and why.
    pub fn nonempty(self, source: &str) -> Result<Import, ImportError> {
        if self.events.is_empty() {
            return Err(ImportError::NothingToImport {
                source_name: source.to_string(),
                skipped: lines(&self.skipped),
            });
        }
        Ok(self)
    }

    /// The message of the commit that records the import.
    pub fn commit_message(&self, source: &str) -> String {
        let n = self.events.len();
        format!(
            "Import {n} event{} from {source}",
            if n == 1 { "" } else { "s" }
        )
    }

    /// The report, once committed as `commit` on the new branch `branch`
    /// (made from `from`).
    pub fn report(self, branch: &str, commit: &str, from: &str) -> ImportReport {
        ImportReport {
            branch: branch.to_string(),
            commit: commit.to_string(),
            files: self.files.into_iter().collect(),
            events: self.events,
            renames: self.renames,
            kept: self.kept,
            notes: self.notes,
            versions: self.versions,
            skipped: self.skipped,
            from: from.to_string(),
        }
    }
}

/// `tplan import … --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The branch the import was committed on.
    pub branch: String,
    /// The commit (full id).
    pub commit: String,
    /// Events imported, as `[name, key]`.
    pub events: Vec<(String, String)>,
    /// Files written, relative to the plan folder, sorted.
    pub files: Vec<String>,
    /// Names slugged to become keys, as `[name, key]`.
    pub renames: Vec<(String, String)>,
    /// What was kept verbatim under `schema_extra`, as `key: what`.
    pub kept: Vec<String>,
    /// Other things worth knowing (a vendor set, meaning that changed).
    pub notes: Vec<String>,
    /// Versions recorded in `tplan.lock`, by key.
    pub versions: BTreeMap<String, String>,
    /// What was not imported, and why.
    pub skipped: Vec<String>,
    /// The branch the import started from (for the next steps).
    #[serde(skip)]
    pub from: String,
}
