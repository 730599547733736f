//! The repository's other work trees (`git worktree add`) and what each
//! has checked out: a branch moved under another work tree leaves its
//! files and index behind, so tplan refuses to, as git does.

use std::path::{Path, PathBuf};

use crate::error::StoreError;
use crate::store::Store;

/// Another work tree and the ref its `HEAD` names (`None`: detached).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OtherWorktree {
    pub path: PathBuf,
    pub head: Option<String>,
}

/// The ref a `HEAD` file names, if it is symbolic.
fn symbolic_head(git_dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(git_dir.join("HEAD")).ok()?;
    text.strip_prefix("ref: ").map(|r| r.trim_end().to_string())
}

impl Store {
    /// Every work tree of the repository but this one.
    pub(crate) fn other_worktrees(&self) -> Vec<OtherWorktree> {
        let common = std::fs::canonicalize(self.repo.common_dir())
            .unwrap_or_else(|_| self.repo.common_dir().to_path_buf());
        let common = common.as_path();
        let own = std::fs::canonicalize(self.repo.git_dir()).ok();
        let mut out = Vec::new();
        let is_linked = own.as_deref() != Some(common);
        if is_linked && common.file_name().is_some_and(|n| n == ".git") {
            // The main work tree: the folder holding the common git folder
            // (none when the repository is bare).
            if let Some(path) = common.parent() {
                out.push(OtherWorktree {
                    path: path.to_path_buf(),
                    head: symbolic_head(common),
                });
            }
        }
        let Ok(entries) = std::fs::read_dir(common.join("worktrees")) else {
            return out;
        };
        for dir in entries.filter_map(Result::ok).map(|e| e.path()) {
            if std::fs::canonicalize(&dir).ok() == own {
                continue;
            }
            // `gitdir` names the work tree's `.git` file.
            let Ok(gitdir) = std::fs::read_to_string(dir.join("gitdir")) else {
                continue;
            };
            let dot_git = PathBuf::from(gitdir.trim_end());
            let path = dot_git.parent().map_or(dot_git.clone(), Path::to_path_buf);
            out.push(OtherWorktree {
                path,
                head: symbolic_head(&dir),
            });
        }
        out
    }

    /// Refuses when branch ref `full` (`refs/heads/main`) is checked out in
    /// another work tree.
    pub(crate) fn refuse_checked_out_elsewhere(&self, full: &str) -> Result<(), StoreError> {
        let Some(branch) = full.strip_prefix("refs/heads/") else {
            return Ok(());
        };
        match self
            .other_worktrees()
            .into_iter()
            .find(|w| w.head.as_deref() == Some(full))
        {
            Some(w) => Err(StoreError::CheckedOutElsewhere {
                branch: branch.to_string(),
                worktree: w.path,
            }),
            None => Ok(()),
        }
    }
}
