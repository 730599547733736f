//! Moving the work tree and the index from one tree to another, as `git
//! switch` does: only the paths that differ are written, and only after
//! checking that none of them holds changes that would be lost.
//!
//! Blobs are written as stored (no clean/smudge filters, no end-of-line
//! conversion): plan files need none. A repository that relies on filters
//! for other files is better served by `git switch`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gix::bstr::ByteSlice;
use gix::diff::tree::recorder::Change;
use gix::index::entry::Stage;
use gix::objs::tree::{EntryKind, EntryMode};

use crate::error::StoreError;
use crate::index::{Blob, IndexEdit};
use crate::store::Store;

/// One path that differs between two trees, from the repository root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathChange {
    pub path: String,
    /// The entry in the tree we move from.
    pub old: Option<Blob>,
    /// The entry in the tree we move to.
    pub new: Option<Blob>,
}

/// What the work tree holds at a path, compared with what a tree says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathState {
    /// Exactly the expected entry (or nothing, when nothing is expected).
    Clean,
    /// Something else: local changes.
    Changed,
}

impl Store {
    /// The tree of `commit`, or the empty tree for `None` (an unborn branch).
    pub(crate) fn tree_of(
        &self,
        commit: Option<gix::ObjectId>,
    ) -> Result<gix::ObjectId, StoreError> {
        Ok(match commit {
            Some(c) => self.repo.find_commit(c)?.tree_id()?.detach(),
            None => gix::ObjectId::empty_tree(self.repo.object_hash()),
        })
    }

    /// Every file, link and submodule that differs between two trees.
    pub(crate) fn tree_changes(
        &self,
        from: gix::ObjectId,
        to: gix::ObjectId,
    ) -> Result<Vec<PathChange>, StoreError> {
        if from == to {
            return Ok(Vec::new());
        }
        let old = self.repo.find_tree(from)?;
        let new = self.repo.find_tree(to)?;
        let mut recorder = gix::diff::tree::Recorder::default();
        gix::diff::tree(
            gix::objs::TreeRefIter::from_bytes(&old.data, self.repo.object_hash()),
            gix::objs::TreeRefIter::from_bytes(&new.data, self.repo.object_hash()),
            &mut gix::diff::tree::State::default(),
            &self.repo.objects,
            &mut recorder,
        )
        .map_err(gix::Error::from_error)?;
        // A file that becomes a folder shows as a deletion and additions; a
        // map by path joins the halves of a change of kind.
        let mut out: BTreeMap<String, PathChange> = BTreeMap::new();
        for change in recorder.records {
            match change {
                Change::Addition {
                    entry_mode,
                    oid,
                    path,
                    ..
                } if !entry_mode.is_tree() => {
                    slot(&mut out, path.as_ref()).new = Some((entry_mode, oid))
                }
                Change::Deletion {
                    entry_mode,
                    oid,
                    path,
                    ..
                } if !entry_mode.is_tree() => {
                    slot(&mut out, path.as_ref()).old = Some((entry_mode, oid))
                }
                Change::Modification {
                    previous_entry_mode,
                    previous_oid,
                    entry_mode,
                    oid,
                    path,
                } => {
                    if !previous_entry_mode.is_tree() {
                        slot(&mut out, path.as_ref()).old =
                            Some((previous_entry_mode, previous_oid));
                    }
                    if !entry_mode.is_tree() {
                        slot(&mut out, path.as_ref()).new = Some((entry_mode, oid));
                    }
                }
                _ => {}
            }
        }
        let changes: Vec<PathChange> = out.into_values().filter(|c| c.old != c.new).collect();
        for c in &changes {
            check_path(&c.path)?;
        }
        Ok(changes)
    }

    /// The entry of `tree` at `path` (from the repository root).
    pub(crate) fn entry_at(
        &self,
        tree: gix::ObjectId,
        path: &str,
    ) -> Result<Option<Blob>, StoreError> {
        let tree = self.repo.find_tree(tree)?;
        Ok(tree
            .lookup_entry_by_path(path)?
            .filter(|e| !e.mode().is_tree())
            .map(|e| (e.mode(), e.object_id())))
    }

    /// Whether the work tree and the index hold `expected` at `path`.
    /// `index` is the repository's index as it is now.
    pub(crate) fn path_state(
        &self,
        index: &gix::index::File,
        path: &str,
        expected: Option<Blob>,
    ) -> Result<PathState, StoreError> {
        let abs = self.workdir.join(path);
        let staged = index.entry_by_path_and_stage(path.as_bytes().as_bstr(), Stage::Unconflicted);
        let conflicted = index
            .entry_range(path.as_bytes().as_bstr())
            .is_some_and(|r| {
                index.entries()[r]
                    .iter()
                    .any(|e| e.stage() != Stage::Unconflicted)
            });
        let Some((mode, id)) = expected else {
            let exists = abs.symlink_metadata().is_ok();
            return Ok(if exists || staged.is_some() || conflicted {
                PathState::Changed
            } else {
                PathState::Clean
            });
        };
        match staged {
            Some(e) if e.id == id && !conflicted => {
                // The index's stat says the file is what was staged, unless
                // it was written in the same second as the index (racy).
                if let Ok(md) = gix::index::fs::Metadata::from_path_no_follow(&abs)
                    && let Ok(stat) = gix::index::entry::Stat::from_fs(&md)
                {
                    let options = Default::default();
                    if e.stat.matches(&stat, options) && !e.stat.is_racy(index.timestamp(), options)
                    {
                        return Ok(PathState::Clean);
                    }
                }
            }
            _ => return Ok(PathState::Changed),
        }
        if mode.kind() == EntryKind::Commit {
            // A submodule: its own repository's business.
            return Ok(PathState::Clean);
        }
        Ok(match self.worktree_blob(&abs, mode)? {
            Some(actual) if actual == id => PathState::Clean,
            _ => PathState::Changed,
        })
    }

    /// The blob id of what the work tree holds at `abs`, read as a blob of
    /// kind `mode` (a link's target, a file's bytes); `None` when missing
    /// or of another kind.
    fn worktree_blob(
        &self,
        abs: &Path,
        mode: EntryMode,
    ) -> Result<Option<gix::ObjectId>, StoreError> {
        let Ok(md) = abs.symlink_metadata() else {
            return Ok(None);
        };
        let bytes = if mode.is_link() {
            if !md.file_type().is_symlink() {
                return Ok(None);
            }
            let target =
                std::fs::read_link(abs).map_err(|source| io(abs, "cannot read link", source))?;
            target.to_string_lossy().into_owned().into_bytes()
        } else {
            if !md.is_file() {
                return Ok(None);
            }
            std::fs::read(abs).map_err(|source| io(abs, "cannot read", source))?
        };
        Ok(Some(
            gix::objs::compute_hash(self.repo.object_hash(), gix::objs::Kind::Blob, &bytes)
                .map_err(gix::Error::from_error)?,
        ))
    }

    /// The paths among `changes` whose work tree or index differ from the
    /// tree we move from: writing them would lose local changes. A path
    /// that already holds the new entry is no obstacle.
    pub(crate) fn blocked(&self, changes: &[PathChange]) -> Result<Vec<String>, StoreError> {
        let index = self.repo.index_or_empty()?;
        let mut out = Vec::new();
        for c in changes {
            if self.path_state(&index, &c.path, c.old)? == PathState::Clean {
                continue;
            }
            let already_new = match c.new {
                Some((mode, id)) => {
                    self.worktree_blob(&self.workdir.join(&c.path), mode)? == Some(id)
                }
                None => self.workdir.join(&c.path).symlink_metadata().is_err(),
            };
            if !already_new {
                out.push(c.path.clone());
            }
        }
        Ok(out)
    }

    /// Writes the new side of `changes` to the work tree, then records it
    /// in the index. Deletions go first, so a file can become a folder.
    pub(crate) fn write_changes(&self, changes: &[PathChange]) -> Result<(), StoreError> {
        let mut edits = Vec::with_capacity(changes.len());
        for c in changes.iter().filter(|c| c.new.is_none()) {
            self.remove_file(&c.path)?;
            edits.push(IndexEdit::Remove {
                path: c.path.clone(),
            });
        }
        for c in changes {
            if let Some(blob) = c.new {
                self.write_blob_to(&c.path, blob)?;
                crate::failpoint::hit("write-changes:file-written");
                edits.push(IndexEdit::Set {
                    path: c.path.clone(),
                    blob,
                });
            }
        }
        crate::failpoint::hit("write-changes:before-index");
        self.patch_index(&edits)
    }

    /// Puts back the old side of `changes` after a lost compare-and-swap.
    pub(crate) fn undo(&self, changes: &[PathChange]) -> Result<(), StoreError> {
        let back: Vec<PathChange> = changes
            .iter()
            .map(|c| PathChange {
                path: c.path.clone(),
                old: c.new,
                new: c.old,
            })
            .collect();
        self.write_changes(&back)
    }

    /// Writes one blob (file, executable, link) at `path`, replacing what
    /// is there. A submodule gets an empty folder, as git leaves it.
    pub(crate) fn write_blob_to(&self, path: &str, (mode, id): Blob) -> Result<(), StoreError> {
        check_path(path)?;
        let abs = self.workdir.join(path);
        if let Some(parent) = abs.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|source| io(parent, "cannot create", source))?;
        }
        if mode.kind() == EntryKind::Commit {
            std::fs::create_dir_all(&abs).map_err(|source| io(&abs, "cannot create", source))?;
            return Ok(());
        }
        let data = self.repo.find_object(id)?.detach().data;
        if let Ok(md) = abs.symlink_metadata() {
            if md.is_dir() {
                // An empty folder left where a file goes (a submodule's).
                std::fs::remove_dir(&abs)
                    .map_err(|source| io(&abs, "cannot replace the folder", source))?;
            } else if md.file_type().is_symlink() || mode.is_link() {
                std::fs::remove_file(&abs).map_err(|source| io(&abs, "cannot replace", source))?;
            }
        }
        if mode.is_link() {
            write_link(&abs, &data)?;
        } else {
            std::fs::write(&abs, &data).map_err(|source| io(&abs, "cannot write", source))?;
            set_executable(&abs, mode.kind() == EntryKind::BlobExecutable)?;
        }
        Ok(())
    }

    /// Removes a file and the folders it leaves empty, up to the work tree root.
    pub(crate) fn remove_file(&self, path: &str) -> Result<(), StoreError> {
        check_path(path)?;
        let abs = self.workdir.join(path);
        match abs.symlink_metadata() {
            Ok(md) if md.is_dir() => {
                // A submodule's folder: removed only when empty, as git does.
                let _ = std::fs::remove_dir(&abs);
            }
            Ok(_) => {
                std::fs::remove_file(&abs).map_err(|source| io(&abs, "cannot remove", source))?
            }
            Err(_) => {}
        }
        let mut dir = abs.parent();
        while let Some(d) = dir {
            if d == self.workdir || std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        Ok(())
    }
}

/// The change at `path`, created empty on first use.
fn slot<'a>(
    out: &'a mut BTreeMap<String, PathChange>,
    path: &gix::bstr::BStr,
) -> &'a mut PathChange {
    out.entry(path.to_str_lossy().into_owned())
        .or_insert_with_key(|key| PathChange {
            path: key.clone(),
            old: None,
            new: None,
        })
}

/// Refuses tree paths that would escape the work tree or write into git's
/// own folder: a tree from a hostile remote can hold such names.
pub(crate) fn check_path(path: &str) -> Result<(), StoreError> {
    let bad = path.is_empty()
        || path.starts_with('/')
        || path.contains('\\')
        || path.split('/').any(|part| {
            part.is_empty() || part == "." || part == ".." || part.eq_ignore_ascii_case(".git")
        });
    if bad {
        return Err(StoreError::UnsafePath { path: path.into() });
    }
    Ok(())
}

pub(crate) fn io(path: &Path, what: &str, source: std::io::Error) -> StoreError {
    StoreError::Io {
        context: format!("{what} `{}`", path.display()),
        source,
    }
}

#[cfg(unix)]
fn write_link(abs: &Path, target: &[u8]) -> Result<(), StoreError> {
    use std::os::unix::ffi::OsStrExt;
    let target = PathBuf::from(std::ffi::OsStr::from_bytes(target));
    std::os::unix::fs::symlink(&target, abs)
        .map_err(|source| io(abs, "cannot create the link", source))
}

#[cfg(not(unix))]
fn write_link(abs: &Path, target: &[u8]) -> Result<(), StoreError> {
    // Without symbolic links git writes the target as a plain file.
    std::fs::write(abs, target).map_err(|source| io(abs, "cannot write", source))
}

#[cfg(unix)]
fn set_executable(abs: &Path, executable: bool) -> Result<(), StoreError> {
    use std::os::unix::fs::PermissionsExt;
    let md = abs
        .metadata()
        .map_err(|source| io(abs, "cannot read", source))?;
    let mode = md.permissions().mode();
    let wanted = if executable {
        mode | ((mode & 0o444) >> 2)
    } else {
        mode & !0o111
    };
    if wanted != mode {
        std::fs::set_permissions(abs, std::fs::Permissions::from_mode(wanted))
            .map_err(|source| io(abs, "cannot set the mode of", source))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn set_executable(_: &Path, _: bool) -> Result<(), StoreError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_path;

    #[test]
    fn paths_that_escape_or_touch_git_are_refused() {
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            ".git/config",
            "a/.GIT/x",
            "a//b",
            "a\\b",
            "",
        ] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
        for good in [
            "events/x.toml",
            "a/b/c",
            ".gitattributes",
            "plans/web/tplan.toml",
        ] {
            assert!(check_path(good).is_ok(), "{good}");
        }
    }
}
