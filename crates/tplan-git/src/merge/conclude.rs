//! Ending a merge in progress: `--continue` (or `tplan commit`) once no
//! conflict marker is left, `--abort` to put back what `HEAD` has.

use tplan_plan::Entry;
use tplan_plan::model::Date;

use super::{Aborted, Concluded, MERGE_HEAD, MergeState};
use crate::error::StoreError;
use crate::gate::Gate;
use crate::journal::Operation;
use crate::snapshot::CommitSpec;
use crate::store::{Revision, Store};
use crate::tree::PathChange;
use crate::worktree::index_edits;

impl Store {
    /// `tplan merge --continue`: concludes the merge in progress once its
    /// conflicts are resolved (no conflict marker left) and the merged plan
    /// passes lint. The plan folder is committed from the work tree with
    /// both parents.
    pub fn continue_merge(
        &self,
        author: Option<(&str, &str)>,
        today: Date,
    ) -> Result<Concluded, StoreError> {
        let Some(state) = self.merge_state()? else {
            if self.git_file(MERGE_HEAD).exists() {
                return Err(StoreError::GitMergeInProgress);
            }
            return Err(StoreError::NoMergeInProgress);
        };
        if let Some((file, Some(line))) = self
            .unresolved(&state)?
            .into_iter()
            .find(|(_, line)| line.is_some())
        {
            return Err(StoreError::MarkerLeft {
                at: format!("{}:{line}", self.repo_path(&file)),
            });
        }
        self.gate_worktree(today, Gate::MergeContinue)?;
        let rev = self.conclude_merge(&state, None, author)?;
        Ok(Concluded {
            outcome: "merged",
            commit: rev.commit,
            theirs: state.theirs_spec,
            branch: rev.spec,
        })
    }

    pub(crate) fn conclude_merge(
        &self,
        state: &MergeState,
        message: Option<&str>,
        author: Option<(&str, &str)>,
    ) -> Result<Revision, StoreError> {
        let worktree = self.read_worktree()?;
        for file in &state.conflicts {
            if let Some(Entry::File(bytes)) = worktree.get(file)
                && let Some((line, marker)) = first_marker(bytes)
            {
                return Err(StoreError::MarkersLeft {
                    file: self.repo_path(file),
                    line,
                    marker,
                });
            }
        }
        let head = self.head()?;
        if head.commit() != Some(state.ours) || head.branch() != Some(&state.branch) {
            return Err(StoreError::RefConflict {
                name: format!("refs/heads/{}", state.branch),
                actual: head
                    .commit()
                    .map_or_else(|| "nothing".to_string(), |c| c.to_string()),
            });
        }
        let rev = self.commit_worktree(CommitSpec {
            message: message.unwrap_or(&state.message),
            author,
            base_tree: Some(state.tree.oid()),
            merged: Some(state.theirs.oid()),
            reflog: "commit (merge)",
            remove: self.state_files(),
        })?;
        Ok(rev)
    }

    /// `tplan merge --abort`: gives up the merge in progress; every path it
    /// wrote is put back as `HEAD` has it, in the work tree and the index.
    pub fn abort_merge(&self) -> Result<Aborted, StoreError> {
        let Some(state) = self.merge_state()? else {
            if self.git_file(MERGE_HEAD).exists() {
                return Err(StoreError::GitMergeInProgress);
            }
            return Err(StoreError::NoMergeInProgress);
        };
        let head_tree = self.head_tree()?;
        let mut restore = Vec::new();
        for path in &state.touched {
            restore.push(PathChange {
                path: path.clone(),
                old: self.file_blob(path)?,
                new: self.entry_at(head_tree, path)?,
            });
        }
        // The files, the index and the state's removal as one operation.
        self.run_operation(Operation {
            what: format!("merge --abort ({})", state.theirs_spec),
            refs: Vec::new(),
            index: index_edits(&restore),
            files: restore,
            remove: self.state_files(),
        })?;
        Ok(Aborted {
            aborted: state.theirs_spec,
            restored: state.touched,
        })
    }

    /// Conflicts of the merge in progress still marked in the work tree,
    /// by plan path.
    pub fn unresolved(
        &self,
        state: &MergeState,
    ) -> Result<Vec<(String, Option<usize>)>, StoreError> {
        let worktree = self.read_worktree()?;
        Ok(state
            .conflicts
            .iter()
            .map(|file| {
                let line = match worktree.get(file) {
                    Some(Entry::File(bytes)) => first_marker(bytes).map(|(line, _)| line),
                    _ => None,
                };
                (file.clone(), line)
            })
            .collect())
    }
}

/// The first conflict-marker line of a file: its number and the marker.
pub fn first_marker(bytes: &[u8]) -> Option<(usize, String)> {
    let text = String::from_utf8_lossy(bytes);
    text.lines().enumerate().find_map(|(i, line)| {
        let marker = ["<<<<<<< ", ">>>>>>> ", "======="]
            .into_iter()
            .find(|m| line.starts_with(m) && (m.ends_with(' ') || line.trim_end() == "======="))?;
        Some((i + 1, marker.trim_end().to_string()))
    })
}
