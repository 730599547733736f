//! A commit of the plan folder: the tree written from the work tree, the
//! commit object, then the branch moved by compare-and-swap.
//!
//! gix never touches the index or the work tree, so after moving the branch
//! the index entries of the committed paths are patched to match: `git
//! status` is clean afterwards, and what the user staged elsewhere stays
//! staged (gix-notes §9).

use std::collections::BTreeMap;

use gix::objs::tree::EntryKind;
use tplan_plan::{Entry, PlanFiles};

use crate::error::StoreError;
use crate::index::IndexEdit;
use crate::store::{Revision, Store};

/// How to make a commit of the plan folder.
pub(crate) struct CommitSpec<'a> {
    pub message: &'a str,
    pub author: Option<(&'a str, &'a str)>,
    /// The tree the plan folder is put into (default: the parent's).
    pub base_tree: Option<gix::ObjectId>,
    /// Parents after the first (`HEAD`): the merged commit.
    pub merged: Option<gix::ObjectId>,
    /// The reflog's verb (`commit`, `commit (merge)`).
    pub reflog: &'a str,
    /// Files removed with the commit (a concluded merge's state).
    pub remove: Vec<std::path::PathBuf>,
}

impl Store {
    /// Writes the commit `spec` describes and moves the branch to it (last,
    /// by compare-and-swap), with the index staged before and put in place after.
    pub(crate) fn commit_worktree(&self, spec: CommitSpec<'_>) -> Result<Revision, StoreError> {
        let (branch, parent) = self.head_branch()?;

        // Each file is hashed as it is read: memory holds one file and the
        // ids, never the whole plan (an import can write 50,000 files).
        let mut files: BTreeMap<String, gix::ObjectId> = BTreeMap::new();
        PlanFiles::visit_dir(self.plan_dir(), &mut |path, entry| {
            if let Some(bytes) = committable(&path, entry)? {
                files.insert(path, self.repo.write_blob(&bytes)?.detach());
            }
            Ok::<(), StoreError>(())
        })?;
        // Files git ignores and does not track stay out, as with `git add`.
        for path in self.ignored_untracked(files.keys().map(String::as_str))? {
            files.remove(&path);
        }
        for (path, entry) in self.housekeeping_files()? {
            if let Entry::File(bytes) = entry {
                files.insert(path, self.repo.write_blob(&bytes)?.detach());
            }
        }
        let parent_tree = self.tree_of(parent)?;
        let base_tree = spec.base_tree.unwrap_or(parent_tree);
        let committed = self.plan_blobs(base_tree)?;

        let mut editor = self.repo.edit_tree(base_tree)?;
        let mut written: Vec<IndexEdit> = Vec::new();
        for (path, id) in &files {
            let repo_path = self.repo_path(path);
            if committed.get(path.as_str()) != Some(id) {
                editor.upsert(repo_path.as_str(), EntryKind::Blob, *id)?;
            }
            written.push(IndexEdit::Set {
                path: repo_path,
                blob: (EntryKind::Blob.into(), *id),
            });
        }
        for path in committed.keys().filter(|p| !files.contains_key(p.as_str())) {
            let repo_path = self.repo_path(path);
            editor.remove(repo_path.as_str())?;
            written.push(IndexEdit::Remove { path: repo_path });
        }
        let tree = editor.write()?.detach();
        if parent.is_some() && spec.merged.is_none() && tree == parent_tree {
            return Err(StoreError::NothingToCommit);
        }

        let (author, committer) = self.signatures(spec.author)?;
        let parents = parent.into_iter().chain(spec.merged);
        let commit_id = self.write_commit((&author, &committer), spec.message, tree, parents)?;

        // The branch moves last, and only if nobody moved it meanwhile.
        let summary = spec.message.lines().next().unwrap_or("");
        let log_message = if parent.is_some() {
            format!("{}: {summary}", spec.reflog)
        } else {
            format!("{} (initial): {summary}", spec.reflog)
        };
        // The branch and the index move as one operation: the index is
        // locked first, so a held lock changes nothing.
        self.run_operation(crate::journal::Operation {
            what: format!("commit on `{}`", branch.shorten()),
            refs: vec![crate::journal::RefMove {
                via_head: true,
                ..crate::journal::RefMove::new(
                    branch.as_bstr().to_string(),
                    parent,
                    commit_id,
                    log_message,
                )
            }],
            index: written,
            remove: spec.remove,
            ..Default::default()
        })?;
        Ok(Revision {
            spec: branch.shorten().to_string(),
            commit: commit_id.into(),
        })
    }
}

/// The bytes to commit at a plan path: a regular file's. Anything else (a
/// symlink, an oversized file) is refused by name; a folder inside
/// `events/` is not part of the plan and is left alone.
fn committable(path: &str, entry: Entry) -> Result<Option<Vec<u8>>, StoreError> {
    match entry {
        Entry::File(bytes) => Ok(Some(bytes)),
        Entry::Symlink => Err(StoreError::CannotCommit {
            path: path.into(),
            reason: "symbolic links are not plan files".into(),
        }),
        Entry::TooLarge { size } => Err(StoreError::CannotCommit {
            path: path.into(),
            reason: format!("{size} bytes is over the 1 MiB limit"),
        }),
        Entry::NotAFile | Entry::Unread => Ok(None),
    }
}
