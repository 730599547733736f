//! The work tree against `HEAD`: which plan files changed, and which other
//! files in the plan folder changed (those `tplan commit` leaves alone).

use gix::bstr::ByteSlice;
use tplan_plan::files::{LOCK, MANIFEST, OBJECT_DIRS};
use tplan_plan::{Entry, PlanFiles};

use crate::error::{StoreError, io};
use crate::store::Store;
use crate::tree::HOUSEKEEPING;
use crate::worktree::PathState;

/// How a file differs from `HEAD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileChangeKind {
    /// Not in `HEAD`.
    Added,
    /// Different content.
    Modified,
    /// In `HEAD`, gone from the work tree.
    Deleted,
}

impl FileChangeKind {
    /// `added`, `modified`, `deleted`.
    pub fn as_str(self) -> &'static str {
        match self {
            FileChangeKind::Added => "added",
            FileChangeKind::Modified => "modified",
            FileChangeKind::Deleted => "deleted",
        }
    }
}

/// One changed file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct FileChange {
    /// The path inside the plan folder (`events/x.toml`); a folder ends in `/`.
    pub path: String,
    /// How it changed.
    #[serde(rename = "change")]
    pub kind: FileChangeKind,
}

impl Store {
    /// The plan files (and [`HOUSEKEEPING`] files) of the work tree that
    /// differ from `tree`, by plan path.
    pub(crate) fn plan_changes(&self, tree: gix::ObjectId) -> Result<Vec<FileChange>, StoreError> {
        self.plan_changes_of(&self.read_worktree()?, tree)
    }

    /// [`Store::plan_changes`] of a work tree already read.
    pub(crate) fn plan_changes_of(
        &self,
        worktree: &PlanFiles,
        tree: gix::ObjectId,
    ) -> Result<Vec<FileChange>, StoreError> {
        let committed = self.plan_blobs(tree)?;
        let housekeeping = self.housekeeping_files()?;
        let index = self.repo.index_or_empty()?;
        let mut out = Vec::new();
        let all = worktree
            .iter()
            .chain(housekeeping.iter().map(|(p, b)| (p.as_str(), b)));
        for (path, entry) in all {
            if path.ends_with('/') {
                continue;
            }
            let kind = match (entry, committed.get(path)) {
                (Entry::File(bytes), Some(id)) => {
                    let actual = gix::objs::compute_hash(
                        self.repo.object_hash(),
                        gix::objs::Kind::Blob,
                        bytes,
                    )
                    .map_err(gix::Error::from_error)?;
                    (actual != *id).then_some(FileChangeKind::Modified)
                }
                (_, Some(id)) => {
                    let mode = self.entry_at(tree, &self.repo_path(path))?.map(|(m, _)| m);
                    let expected = mode.map(|m| (m, *id));
                    (self.path_state(&index, &self.repo_path(path), expected)?
                        == PathState::Changed)
                        .then_some(FileChangeKind::Modified)
                }
                (Entry::Unread, None) => None,
                (_, None) => Some(FileChangeKind::Added),
            };
            if let Some(kind) = kind {
                out.push(FileChange {
                    path: path.to_string(),
                    kind,
                });
            }
        }
        for path in committed.keys() {
            if worktree.get(path).is_none() && !housekeeping.iter().any(|(p, _)| p == path) {
                out.push(FileChange {
                    path: path.clone(),
                    kind: FileChangeKind::Deleted,
                });
            }
        }
        out.sort();
        Ok(out)
    }

    /// The [`HOUSEKEEPING`] files present in the plan folder.
    pub(crate) fn housekeeping_files(&self) -> Result<Vec<(String, Entry)>, StoreError> {
        let mut out = Vec::new();
        for name in HOUSEKEEPING {
            let path = self.plan_dir.join(name);
            match std::fs::read(&path) {
                Ok(bytes) => out.push((name.to_string(), Entry::File(bytes))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(io(&path, "cannot read", source)),
            }
        }
        Ok(out)
    }

    /// The plan files that differ from `HEAD`.
    pub fn changed_plan_files(&self) -> Result<Vec<FileChange>, StoreError> {
        let tree = self.head_tree()?;
        self.plan_changes(tree)
    }

    /// The tree of `HEAD` (empty while the branch is unborn).
    pub(crate) fn head_tree(&self) -> Result<gix::ObjectId, StoreError> {
        let head = self.repo.head()?;
        let commit = if head.is_unborn() {
            None
        } else {
            head.id().map(|id| id.detach())
        };
        self.tree_of(commit)
    }

    /// Files of the plan folder that are not plan files and differ from
    /// `HEAD`: at the folder's top level (a new folder counts as one
    /// entry, `drafts/`) and hidden files inside the object folders.
    /// `tplan commit` leaves them alone.
    pub fn changed_other_files(&self) -> Result<Vec<FileChange>, StoreError> {
        let tree = self.head_tree()?;
        let index = self.repo.index_or_empty()?;
        let mut candidates: Vec<String> = Vec::new();
        let mut seen_dirs: Vec<String> = Vec::new();
        let list = |dir: &std::path::Path| -> Result<Vec<(String, bool)>, StoreError> {
            let mut names = Vec::new();
            let read = match std::fs::read_dir(dir) {
                Ok(read) => read,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(names),
                Err(source) => return Err(io(dir, "cannot list", source)),
            };
            for item in read {
                let item = item.map_err(|source| io(dir, "cannot list", source))?;
                let is_dir = item.file_type().map(|t| t.is_dir()).unwrap_or(false);
                names.push((item.file_name().to_string_lossy().into_owned(), is_dir));
            }
            Ok(names)
        };
        for (name, is_dir) in list(&self.plan_dir)? {
            if name == ".git"
                || name == MANIFEST
                || name == LOCK
                || HOUSEKEEPING.contains(&name.as_str())
            {
                continue;
            }
            if OBJECT_DIRS.contains(&name.as_str()) && is_dir {
                for (child, child_is_dir) in list(&self.plan_dir.join(&name))? {
                    let path = format!("{name}/{child}");
                    if !child_is_dir && !PlanFiles::is_plan_path(&path) {
                        candidates.push(path);
                    }
                }
            } else if is_dir {
                seen_dirs.push(name);
            } else {
                candidates.push(name);
            }
        }
        let mut out = Vec::new();
        for path in candidates {
            let repo_path = self.repo_path(&path);
            let expected = self.entry_at(tree, &repo_path)?;
            if self.path_state(&index, &repo_path, expected)? == PathState::Changed {
                let kind = if expected.is_some() {
                    FileChangeKind::Modified
                } else {
                    FileChangeKind::Added
                };
                out.push(FileChange { path, kind });
            }
        }
        // A folder git does not know at all is new as a whole.
        for dir in seen_dirs {
            let repo_path = self.repo_path(&dir);
            let known = self.lookup(tree, &repo_path)?.is_some()
                || index
                    .prefixed_entries(format!("{repo_path}/").as_bytes().as_bstr())
                    .is_some_and(|e| !e.is_empty());
            if !known {
                out.push(FileChange {
                    path: format!("{dir}/"),
                    kind: FileChangeKind::Added,
                });
            }
        }
        // Top-level files of `HEAD` that are gone.
        if let Some(root) = self.plan_tree_in(tree)? {
            for entry in self.items(root)? {
                let name = entry.name;
                if entry.mode.is_tree()
                    || name == MANIFEST
                    || name == LOCK
                    || HOUSEKEEPING.contains(&name.as_str())
                {
                    continue;
                }
                if self.plan_dir.join(&name).symlink_metadata().is_err() {
                    out.push(FileChange {
                        path: name,
                        kind: FileChangeKind::Deleted,
                    });
                }
            }
        }
        out.sort();
        Ok(out)
    }
}
