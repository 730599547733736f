//! Moving the work tree and the index from one tree to another, as `git
//! switch` does: only the paths that differ are written, and only after
//! checking that none of them holds changes that would be lost.
//!
//! Blobs are written as stored (no clean/smudge filters, no end-of-line
//! conversion): plan files need none. A repository that relies on filters
//! for other files is better served by `git switch`.

use std::path::{Path, PathBuf};

use gix::bstr::ByteSlice;
use gix::index::entry::Stage;
use gix::objs::tree::{EntryKind, EntryMode};

use crate::error::{StoreError, io};
use crate::index::IndexEdit;
use crate::store::Store;
use crate::tree::{Blob, PathChange, check_path};

/// What the work tree holds at a path, compared with what a tree says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathState {
    /// Exactly the expected entry (or nothing, when nothing is expected).
    Clean,
    /// Something else: local changes.
    Changed,
}

/// The index entries that record `changes` once written: removed paths
/// go, the others hold their new blob.
pub(crate) fn index_edits(changes: &[PathChange]) -> Vec<IndexEdit> {
    changes
        .iter()
        .map(|c| match c.new {
            Some(blob) => IndexEdit::Set {
                path: c.path.clone(),
                blob,
            },
            None => IndexEdit::Remove {
                path: c.path.clone(),
            },
        })
        .collect()
}

impl Store {
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

    /// Refuses a move that would overwrite local changes: [`Store::blocked`].
    pub(crate) fn refuse_blocked(&self, changes: &[PathChange]) -> Result<(), StoreError> {
        let blocked = self.blocked(changes)?;
        if blocked.is_empty() {
            Ok(())
        } else {
            Err(StoreError::WouldOverwrite { files: blocked })
        }
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
            // A temporary file renamed into place: killed midway, the path
            // holds the old content or the new, never half of it.
            let name = abs.file_name().map(|n| n.to_string_lossy().into_owned());
            let tmp = abs.with_file_name(format!(".{}.tplan-new", name.unwrap_or_default()));
            std::fs::write(&tmp, &data).map_err(|source| io(&tmp, "cannot write", source))?;
            set_executable(&tmp, mode.kind() == EntryKind::BlobExecutable)?;
            std::fs::rename(&tmp, &abs).map_err(|source| io(&abs, "cannot write", source))?;
        }
        Ok(())
    }

    /// Whether the work tree holds `expected` at `path` (nothing, for `None`).
    pub(crate) fn holds(&self, path: &str, expected: Option<Blob>) -> Result<bool, StoreError> {
        let abs = self.workdir.join(path);
        Ok(match expected {
            None => abs.symlink_metadata().is_err(),
            Some((mode, id)) => self.worktree_blob(&abs, mode)? == Some(id),
        })
    }

    /// What the work tree holds at `path` now, as a blob (its mode as git
    /// would record it); `None` when nothing (or a folder) is there.
    pub(crate) fn file_blob(&self, path: &str) -> Result<Option<Blob>, StoreError> {
        check_path(path)?;
        let abs = self.workdir.join(path);
        let Ok(md) = abs.symlink_metadata() else {
            return Ok(None);
        };
        let kind = if md.file_type().is_symlink() {
            EntryKind::Link
        } else if !md.is_file() {
            return Ok(None);
        } else if is_executable(&md) {
            EntryKind::BlobExecutable
        } else {
            EntryKind::Blob
        };
        let mode: EntryMode = kind.into();
        Ok(self.worktree_blob(&abs, mode)?.map(|id| (mode, id)))
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

#[cfg(unix)]
fn is_executable(md: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    md.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_: &std::fs::Metadata) -> bool {
    false
}
