//! What an edit does to the plan's files.

use std::collections::BTreeMap;

use tplan_plan::files::PlanFiles;

/// What an edit does to the plan's files: each path maps to its new text,
/// or to `None` when the file is deleted. Paths are relative to the plan
/// folder (`events/checkout_completed.toml`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changeset {
    /// New texts (`Some`) and deletions (`None`) by path.
    pub files: BTreeMap<String, Option<String>>,
}

impl Changeset {
    /// The plan's files after the edit.
    pub fn apply_to(&self, files: &PlanFiles) -> PlanFiles {
        let mut out = PlanFiles::new();
        for (path, entry) in files.iter() {
            if !self.files.contains_key(path) {
                out.insert(path, entry.clone());
            }
        }
        for (path, text) in &self.files {
            if let Some(text) = text {
                out.insert_bytes(path.clone(), text.clone().into_bytes());
            }
        }
        out
    }
}

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileAction {
    /// Written, new.
    Created,
    /// Written over its old text.
    Updated,
    /// Deleted.
    Removed,
}

impl serde::Serialize for FileAction {
    /// `write` or `delete`: a machine needs to know what to do with the
    /// file, not whether it was there.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match self {
            FileAction::Created | FileAction::Updated => "write",
            FileAction::Removed => "delete",
        })
    }
}

/// One file an edit wrote or deleted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileChange {
    /// The file, relative to the plan folder (`events/checkout_completed.toml`).
    pub path: String,
    /// `write` or `delete`.
    pub action: FileAction,
}

/// `tplan event|property|owner ... --format json`: the files written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EditReport {
    /// Each file the edit wrote or deleted, by path.
    pub files: Vec<FileChange>,
}

impl Changeset {
    /// The report of this changeset applied to `files` (the plan before).
    pub fn report(&self, files: &PlanFiles) -> EditReport {
        EditReport {
            files: self
                .files
                .iter()
                .map(|(path, text)| FileChange {
                    path: path.clone(),
                    action: match text {
                        None => FileAction::Removed,
                        Some(_) if files.get(path).is_some() => FileAction::Updated,
                        Some(_) => FileAction::Created,
                    },
                })
                .collect(),
        }
    }
}
