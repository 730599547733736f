//! The state of a merge in progress, where git keeps its own
//! (`MERGE_HEAD`, `MERGE_MSG`, `MERGE_MODE`) so `git status` and `git
//! commit` see it too, and tplan's notes in `TPLAN_MERGE`.

use std::path::PathBuf;

use tplan_evolution::merge::Conflict;

use crate::error::{StoreError, io};
use crate::ids::{BranchName, CommitId, TreeId};
use crate::store::Store;

/// A merge waiting for `--continue` or `--abort`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MergeState {
    /// The revision being merged, as the user named it.
    pub theirs_spec: String,
    /// Its commit.
    pub theirs: CommitId,
    /// The branch merged into.
    pub branch: BranchName,
    /// The branch's commit when the merge started.
    pub ours: CommitId,
    /// The tree the merge commit starts from: ours with their changes to
    /// files outside the plan. The plan folder comes from the work tree.
    pub tree: TreeId,
    /// The merge commit's message.
    pub message: String,
    /// Plan files with conflicts, by plan path.
    pub conflicts: Vec<String>,
    /// Each conflict, with the three values.
    pub details: Vec<Conflict>,
    /// Every path the merge wrote, from the repository root (for `--abort`).
    pub touched: Vec<String>,
}

pub(crate) const STATE: &str = "TPLAN_MERGE";
pub(crate) const MERGE_HEAD: &str = "MERGE_HEAD";
const MERGE_MSG: &str = "MERGE_MSG";
const MERGE_MODE: &str = "MERGE_MODE";

impl Store {
    pub(crate) fn git_file(&self, name: &str) -> PathBuf {
        self.repo.git_dir().join(name)
    }

    /// The merge tplan started and has not concluded, if any. State left
    /// behind by a merge git concluded or aborted is ignored.
    pub fn merge_state(&self) -> Result<Option<MergeState>, StoreError> {
        let path = self.git_file(STATE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(io(&path, "cannot read", source)),
        };
        let Ok(state) = serde_json::from_str::<MergeState>(&text) else {
            return Ok(None);
        };
        let merge_head = std::fs::read_to_string(self.git_file(MERGE_HEAD)).unwrap_or_default();
        Ok((merge_head.trim() == state.theirs).then_some(state))
    }

    /// Refuses to start something while a merge waits to be concluded.
    pub(crate) fn refuse_merge_in_progress(&self) -> Result<(), StoreError> {
        if let Some(state) = self.merge_state()? {
            return Err(StoreError::MergeInProgress {
                theirs: state.theirs_spec,
            });
        }
        if self.git_file(MERGE_HEAD).exists() {
            return Err(StoreError::GitMergeInProgress);
        }
        Ok(())
    }

    pub(crate) fn write_state(&self, state: &MergeState) -> Result<(), StoreError> {
        let write = |name: &str, text: &str| {
            let path = self.git_file(name);
            std::fs::write(&path, text).map_err(|source| io(&path, "cannot write", source))
        };
        let json = serde_json::to_string_pretty(state).expect("the state serialises");
        write(STATE, &json)?;
        write(MERGE_MSG, &format!("{}\n", state.message))?;
        write(MERGE_MODE, "")?;
        // Last: with `MERGE_HEAD`, git too sees a merge in progress.
        write(MERGE_HEAD, &format!("{}\n", state.theirs))
    }

    /// The state's files, `MERGE_HEAD` first: removed in this order, git
    /// sees no merge in progress from the first removal on.
    pub(crate) fn state_files(&self) -> Vec<std::path::PathBuf> {
        [MERGE_HEAD, MERGE_MODE, MERGE_MSG, STATE]
            .into_iter()
            .map(|name| self.git_file(name))
            .collect()
    }

    pub(crate) fn clear_state(&self) -> Result<(), StoreError> {
        for path in self.state_files() {
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(io(&path, "cannot remove", source)),
            }
        }
        Ok(())
    }
}
