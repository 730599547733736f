//! Patching the index for the paths a command wrote.
//!
//! gix never touches the index, so every command that moves a branch or
//! writes the work tree patches exactly the entries of the paths it wrote:
//! `git status` is clean afterwards, and what the user staged elsewhere
//! stays staged (gix-notes §9).

use std::collections::HashMap;

use gix::bstr::{BStr, ByteSlice};
use gix::index::entry::{Flags, Mode, Stage, Stat};
use gix::objs::tree::{EntryKind, EntryMode};

use crate::error::StoreError;
use crate::store::Store;
use crate::tree::Blob;

/// What to record for one path, from the repository root.
#[derive(Debug, Clone)]
pub(crate) enum IndexEdit {
    /// The path now holds this blob, as written to the work tree.
    Set { path: String, blob: Blob },
    /// The path is gone.
    Remove { path: String },
    /// A conflict: the three versions at stages 1, 2 and 3, as git records
    /// them so that `git status` lists the path as unmerged.
    Conflict {
        path: String,
        base: Option<Blob>,
        ours: Option<Blob>,
        theirs: Option<Blob>,
    },
}

impl IndexEdit {
    fn path(&self) -> &str {
        match self {
            IndexEdit::Set { path, .. }
            | IndexEdit::Remove { path }
            | IndexEdit::Conflict { path, .. } => path,
        }
    }
}

/// The index mode of a tree entry mode.
pub(crate) fn index_mode(mode: EntryMode) -> Mode {
    match mode.kind() {
        EntryKind::BlobExecutable => Mode::FILE_EXECUTABLE,
        EntryKind::Link => Mode::SYMLINK,
        EntryKind::Commit => Mode::COMMIT,
        EntryKind::Tree => Mode::DIR,
        EntryKind::Blob => Mode::FILE,
    }
}

/// A new index written to `index.lock`, not yet in place. Holding the lock
/// from before a branch moves keeps other git processes off the index until
/// it matches the branch; dropping it (a lost compare-and-swap) leaves the
/// index as it was.
pub(crate) struct StagedIndex {
    lock: Option<gix::lock::File>,
}

impl StagedIndex {
    /// Puts the new index in place.
    pub(crate) fn commit(self) -> Result<(), StoreError> {
        if let Some(lock) = self.lock {
            lock.commit()
                .map_err(|e| StoreError::Git(gix::Error::from_error(e.error)))?;
        }
        Ok(())
    }
}

impl Store {
    /// Takes `index.lock`, recorded as this process's own in `owner`;
    /// refused, naming the file, when another process holds it.
    pub(crate) fn lock_index(
        &self,
        owner: &mut crate::journal::Owner,
    ) -> Result<gix::lock::File, StoreError> {
        let lock = self.acquire_index()?;
        owner.add(self.repo.common_dir(), lock.lock_path())?;
        Ok(lock)
    }

    fn acquire_index(&self) -> Result<gix::lock::File, StoreError> {
        let path = self.repo.index_path();
        gix::lock::File::acquire_to_update_resource(
            &path,
            gix::lock::acquire::Fail::Immediately,
            None,
            0,
        )
        .map_err(|_| StoreError::IndexLocked {
            path: path.with_extension("lock"),
        })
    }

    /// Applies `edits` to a copy of the index and writes it into `lock`.
    pub(crate) fn stage_index_in(
        &self,
        mut lock: gix::lock::File,
        edits: &[IndexEdit],
    ) -> Result<StagedIndex, StoreError> {
        let path = self.repo.index_path();
        let mut index: gix::index::File = (**self.repo.index_or_empty()?).clone();
        let by_path: HashMap<&BStr, &IndexEdit> = edits
            .iter()
            .map(|e| (e.path().as_bytes().as_bstr(), e))
            .collect();
        // Conflict stages of a path that is set go away, as `git add` does.
        index.remove_entries(|_, path, entry| match by_path.get(path) {
            Some(IndexEdit::Set { .. }) => entry.stage() != Stage::Unconflicted,
            Some(_) => true,
            None => false,
        });
        let mut pushed: Vec<(Stat, gix::ObjectId, Flags, Mode, &str)> = Vec::new();
        for edit in edits {
            match edit {
                IndexEdit::Set { path, blob } => {
                    let stat = self.stat_of(path)?;
                    let mode = index_mode(blob.0);
                    match index
                        .entry_mut_by_path_and_stage(path.as_bytes().as_bstr(), Stage::Unconflicted)
                    {
                        Some(e) => {
                            e.id = blob.1;
                            e.stat = stat;
                            e.mode = mode;
                        }
                        None => pushed.push((stat, blob.1, Flags::empty(), mode, path)),
                    }
                }
                IndexEdit::Remove { .. } => {}
                IndexEdit::Conflict {
                    path,
                    base,
                    ours,
                    theirs,
                } => {
                    for (stage, blob) in [
                        (Stage::Base, base),
                        (Stage::Ours, ours),
                        (Stage::Theirs, theirs),
                    ] {
                        if let Some((mode, id)) = blob {
                            pushed.push((
                                Stat::default(),
                                *id,
                                Flags::from_stage(stage),
                                index_mode(*mode),
                                path,
                            ));
                        }
                    }
                }
            }
        }
        for (stat, id, flags, mode, path) in pushed {
            index.dangerously_push_entry(stat, id, flags, mode, path.as_bytes().as_bstr());
        }
        index.sort_entries();
        // The cached tree extension would be stale: git write-tree would reuse it.
        index.remove_tree();
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, &mut lock);
        index
            .write_to(&mut out, Default::default())
            .map_err(gix::Error::from_error)?;
        std::io::Write::flush(&mut out)
            .map_err(|source| crate::error::io(&path, "cannot write", source))?;
        drop(out);
        Ok(StagedIndex { lock: Some(lock) })
    }

    /// The stat of a work-tree path as the index records it; zero when the
    /// path is missing (git then re-reads it).
    fn stat_of(&self, path: &str) -> Result<Stat, StoreError> {
        let abs = self.workdir.join(path);
        match gix::index::fs::Metadata::from_path_no_follow(&abs) {
            Ok(md) => Ok(Stat::from_fs(&md).map_err(gix::Error::from_error)?),
            Err(_) => Ok(Stat::default()),
        }
    }
}
