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
