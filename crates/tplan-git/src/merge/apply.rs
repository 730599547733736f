//! Writing a prepared merge. A fast-forward or a clean merge moves the
//! branch, the work tree and the index as one journaled operation
//! ([`crate::journal`]); a conflicted one writes the merge state, the files
//! with markers and the conflict stages, and moves no ref.

use gix::objs::tree::EntryKind;
use gix::refs::FullName;

use super::{MergeOptions, MergeOutcome, Plan, PreparedMerge};
use crate::error::StoreError;
use crate::journal::{Operation, RefMove};
use crate::store::Store;
use crate::tree::PathChange;
use crate::worktree::index_edits;

/// The checked-out `branch` moved (through `HEAD`) from `from` to `to`.
fn branch_move(
    branch: &FullName,
    from: gix::ObjectId,
    to: gix::ObjectId,
    message: &str,
) -> RefMove {
    RefMove {
        via_head: true,
        ..RefMove::new(branch.as_bstr().to_string(), Some(from), to, message)
    }
}

impl Store {
    /// Merges `spec` into the current branch.
    pub fn merge(&self, spec: &str, options: MergeOptions<'_>) -> Result<MergeOutcome, StoreError> {
        let prepared = self.prepare_merge(spec, options)?;
        self.apply_merge(prepared)
    }

    /// Writes a prepared merge: work tree and index, then the branch.
    pub fn apply_merge(&self, prepared: PreparedMerge) -> Result<MergeOutcome, StoreError> {
        match prepared.plan {
            Plan::UpToDate => Ok(MergeOutcome::UpToDate),
            Plan::FastForward {
                branch,
                from,
                to,
                changes,
            } => {
                let message = format!("merge {}: Fast-forward", to.spec);
                self.run_operation(Operation {
                    what: format!("merge {} (fast-forward)", to.spec),
                    refs: vec![branch_move(&branch, from, to.commit.oid(), &message)],
                    index: index_edits(&changes),
                    files: changes.clone(),
                    remove: Vec::new(),
                })?;
                Ok(MergeOutcome::FastForward {
                    from: from.into(),
                    commit: to.commit,
                    files: changes.len(),
                })
            }
            Plan::Clean {
                branch,
                ours,
                commit,
                changes,
                files,
                state,
            } => {
                // No merge state: the operation is all-or-nothing, so a
                // killed merge needs no `--abort`.
                let message = format!("merge {}: Merge made by tplan.", state.theirs_spec);
                self.run_operation(Operation {
                    what: format!("merge {}", state.theirs_spec),
                    refs: vec![branch_move(&branch, ours, commit, &message)],
                    index: index_edits(&changes),
                    files: changes,
                    remove: Vec::new(),
                })?;
                Ok(MergeOutcome::Merged {
                    commit: commit.into(),
                    files,
                })
            }
            Plan::Conflicted {
                changes,
                marked,
                conflicts,
                state,
            } => {
                // The state first, so a merge killed at any later point is
                // one `--abort` (or `--continue`) away; the files and the
                // conflict stages then land as one operation.
                self.write_state(&state)?;
                let mut files = changes;
                let mut index = index_edits(&files);
                for (path, text, edit) in marked {
                    if let Some(text) = text {
                        files.push(self.marked_file(&path, text, &edit)?);
                    }
                    index.push(edit);
                }
                let op = Operation {
                    what: format!("merge {} (with conflicts)", state.theirs_spec),
                    refs: Vec::new(),
                    files,
                    index,
                    remove: Vec::new(),
                };
                if let Err(e) = self.run_operation(op) {
                    self.clear_state()?;
                    return Err(e);
                }
                Ok(MergeOutcome::Conflicted { conflicts, state })
            }
        }
    }
}

impl Store {
    /// The work-tree change writing a file with conflict markers: its text
    /// stored as a blob, with our side's mode.
    fn marked_file(
        &self,
        path: &str,
        text: String,
        edit: &crate::index::IndexEdit,
    ) -> Result<PathChange, StoreError> {
        let ours = match edit {
            crate::index::IndexEdit::Conflict { ours, .. } => *ours,
            _ => None,
        };
        let mode = ours.map_or(EntryKind::Blob.into(), |(mode, _)| mode);
        let id = self.repo.write_blob(text)?.detach();
        Ok(PathChange {
            path: path.to_string(),
            old: ours,
            new: Some((mode, id)),
        })
    }
}
