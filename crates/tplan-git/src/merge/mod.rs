//! `tplan merge`: merging a revision into the current branch, plan files
//! semantically (tplan-evolution's three-way merge) and other files by tree.
//!
//! A merge is computed in full before anything is written. A clean merge
//! writes its objects, records itself as in progress (so a killed merge can
//! be aborted), updates the work tree and index, and moves the branch last
//! by compare-and-swap; if the branch moved meanwhile, the work tree is put
//! back. A conflicted merge writes the files with conflict markers and the
//! state git and tplan need to continue or abort, and moves no ref.
//!
//! The state lives where git keeps its own (`MERGE_HEAD`, `MERGE_MSG`), so
//! `git status` says a merge is in progress and `git commit` can conclude
//! it too; tplan's own notes are in `TPLAN_MERGE`.

mod apply;
mod conclude;
mod prepare;
mod state;

pub use conclude::first_marker;
pub(crate) use state::MERGE_HEAD;
pub use state::MergeState;

mod report;

pub use report::{Aborted, Concluded, MergeReport};

use gix::refs::FullName;
use tplan_evolution::merge::{Conflict, ConflictKind};
use tplan_plan::model::Date;

use crate::ids::CommitId;
use crate::index::IndexEdit;
use crate::store::Revision;
use crate::tree::PathChange;

/// What a merge did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum MergeOutcome {
    /// The revision is already part of the branch.
    UpToDate,
    /// The branch had nothing of its own: it now points at the revision.
    FastForward {
        /// The branch's previous commit.
        from: CommitId,
        /// The revision's commit, where the branch is now.
        commit: CommitId,
        /// Files written or removed in the work tree.
        files: usize,
    },
    /// A merge commit with both parents.
    Merged {
        /// The merge commit.
        commit: CommitId,
        /// Plan files the merge changed, by plan path.
        files: Vec<String>,
    },
    /// Nothing committed: conflicts written for the user to resolve.
    Conflicted {
        /// Every conflict.
        conflicts: Vec<Conflict>,
        /// The state to continue from.
        #[serde(skip)]
        state: MergeState,
    },
}

/// Options of a merge.
#[derive(Debug, Clone, Copy)]
pub struct MergeOptions<'a> {
    /// The merge commit's message (default: git's `Merge branch 'x'`).
    pub message: Option<&'a str>,
    /// The author, `(name, email)`.
    pub author: Option<(&'a str, &'a str)>,
    /// Today, for lint's deprecation checks.
    pub today: Date,
}

/// A merge computed and not yet written: [`Store::apply_merge`] writes it.
#[derive(Debug)]
pub struct PreparedMerge {
    plan: Plan,
}

#[derive(Debug)]
enum Plan {
    UpToDate,
    FastForward {
        branch: FullName,
        from: gix::ObjectId,
        to: Revision,
        changes: Vec<PathChange>,
    },
    Clean {
        branch: FullName,
        ours: gix::ObjectId,
        commit: gix::ObjectId,
        changes: Vec<PathChange>,
        files: Vec<String>,
        state: MergeState,
    },
    Conflicted {
        changes: Vec<PathChange>,
        /// Conflicted files: repo path, text with markers (`None`: keep
        /// what the clean part wrote), and the index stages.
        marked: Vec<(String, Option<String>, IndexEdit)>,
        conflicts: Vec<Conflict>,
        state: MergeState,
    },
}

/// Whether a conflict is one the user must edit markers for.
pub fn is_marked(conflict: &Conflict) -> bool {
    conflict.kind != ConflictKind::Lint
}
