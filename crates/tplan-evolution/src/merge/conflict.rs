//! What a merge gives: each file's merged text and its conflicts.

use std::collections::BTreeMap;

/// Why a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConflictKind {
    /// One field changed two ways.
    BothChanged,
    /// Changed on one side, deleted on the other.
    ModifyDelete,
    /// Added on both sides with different content.
    AddAdd,
    /// A file that is not valid TOML on one side.
    Unparsable,
    /// The merged plan fails lint (two events with one `name`, a `ref` to a
    /// property the other side removed …).
    Lint,
}

/// One conflict.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Conflict {
    /// The plan file.
    pub file: String,
    /// The key path in it (`properties/price/maximum`); empty for the file.
    pub path: String,
    /// Why.
    pub kind: ConflictKind,
    /// The value in the base (TOML), when there was one.
    pub base: Option<String>,
    /// Our value.
    pub ours: Option<String>,
    /// Their value.
    pub theirs: Option<String>,
    /// One sentence for people.
    pub message: String,
}

/// The merge of one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileMerge {
    /// The merged text (`None`: the file is deleted). With conflicts, the
    /// text holds conflict markers.
    pub text: Option<String>,
    /// The conflicts.
    pub conflicts: Vec<Conflict>,
}

/// Labels of the two sides in conflict markers.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    /// Our side (`HEAD`).
    pub ours: &'a str,
    /// Their side (the merged revision).
    pub theirs: &'a str,
}

/// The merge of two plans.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanMerge {
    /// Files whose merged text differs from ours: path -> text (`None`:
    /// deleted). Conflicted files hold markers.
    pub files: BTreeMap<String, Option<String>>,
    /// Every conflict, by file.
    pub conflicts: Vec<Conflict>,
}

impl PlanMerge {
    /// Whether the merge is clean.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }
}
