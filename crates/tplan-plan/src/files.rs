//! The raw files of a plan, before parsing: read from a folder or fed in
//! from any other store (the git crate feeds blobs of a revision).
//!
//! A plan is untrusted input, so readers record what they found instead of
//! following it: a symlink or an oversized file becomes an [`Entry`] that the
//! parser reports with the file's name, never a path outside the plan.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest plan file read; larger ones are reported, not loaded.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// The manifest's file name, which marks a plan folder.
pub const MANIFEST: &str = "tplan.toml";
/// The lock file written by publish.
pub const LOCK: &str = "tplan.lock";
/// The folders holding one object per file, with the kind they hold.
pub const OBJECT_DIRS: [&str; 4] = ["owners", "properties", "sources", "events"];

/// What a reader found at a plan path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A regular file and its bytes.
    File(Vec<u8>),
    /// A symbolic link: refused, plans are read as data and never followed.
    Symlink,
    /// A regular file larger than [`MAX_FILE_SIZE`].
    TooLarge { size: u64 },
    /// A folder, submodule or other non-file where the plan expects files.
    NotAFile,
    /// A file known to exist and to be the same on both sides of a diff,
    /// deliberately not read: its key counts, its object is not loaded.
    Unread,
}

/// The files of one plan, keyed by their path relative to the plan folder
/// with `/` separators (`events/checkout_completed.toml`).
///
/// Only paths that matter to a plan are kept: the manifest, the lock and the
/// direct entries of the object folders. Everything else in the folder
/// (README, CHANGELOG, schemas) is not part of the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanFiles {
    entries: BTreeMap<String, Entry>,
    /// Some files exist but are not listed at all (see [`PlanFiles::set_partial`]).
    partial: bool,
}

/// A failure to read a plan folder from disk.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The folder has no `tplan.toml`.
    #[error("no `tplan.toml` in `{}`", dir.display())]
    NoManifest { dir: PathBuf },
    /// An I/O error on one path.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl PlanFiles {
    /// An empty set of files.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether `path` (relative, `/`-separated) is a path the plan reads.
    pub fn is_plan_path(path: &str) -> bool {
        if path == MANIFEST || path == LOCK {
            return true;
        }
        match path.split_once('/') {
            // Hidden files (`.DS_Store`, `.x.toml.swp`) are not part of a
            // plan, but a hidden `.toml` file is reported: it looks like one.
            // `events/` itself is recorded when the folder is a link or a file.
            Some((dir, rest)) => {
                OBJECT_DIRS.contains(&dir) && (!rest.starts_with('.') || rest.ends_with(".toml"))
            }
            None => false,
        }
    }

    /// Records what was found at `path`. Paths outside the plan are ignored,
    /// so a store can feed a whole tree.
    pub fn insert(&mut self, path: impl Into<String>, entry: Entry) {
        let path = path.into();
        if Self::is_plan_path(&path) {
            self.entries.insert(path, entry);
        }
    }

    /// Marks the set as partial: besides what is listed, other events exist,
    /// unchanged and unread (a diff between revisions reads only what
    /// differs). Checks across events that need every event are skipped.
    pub fn set_partial(&mut self) {
        self.partial = true;
    }

    /// Whether unlisted events may exist.
    pub fn is_partial(&self) -> bool {
        self.partial
    }

    /// The empty plan `self` starts from: its manifest and nothing else,
    /// no event, owner, shared property or published version. What a
    /// revision without a plan is to a diff: everything is added.
    pub fn empty_like(&self) -> PlanFiles {
        let mut empty = PlanFiles::new();
        if let Some(manifest) = self.entries.get(MANIFEST) {
            empty.insert(MANIFEST, manifest.clone());
        }
        empty
    }

    /// Forgets what was recorded at `path`.
    pub fn remove(&mut self, path: &str) {
        self.entries.remove(path);
    }

    /// Records a file's bytes, applying the same size limit as the readers.
    pub fn insert_bytes(&mut self, path: impl Into<String>, bytes: Vec<u8>) {
        let entry = if bytes.len() as u64 > MAX_FILE_SIZE {
            Entry::TooLarge {
                size: bytes.len() as u64,
            }
        } else {
            Entry::File(bytes)
        };
        self.insert(path, entry);
    }

    /// What was found at `path`.
    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.entries.get(path)
    }

    /// The stored path and what was found there.
    pub fn get_key_value(&self, path: &str) -> Option<(&str, &Entry)> {
        self.entries
            .get_key_value(path)
            .map(|(p, e)| (p.as_str(), e))
    }

    /// The bytes of a regular file at `path`.
    pub fn bytes(&self, path: &str) -> Option<&[u8]> {
        match self.entries.get(path) {
            Some(Entry::File(bytes)) => Some(bytes),
            _ => None,
        }
    }

    /// The text of a regular UTF-8 file at `path`.
    pub fn text(&self, path: &str) -> Option<&str> {
        self.bytes(path).and_then(|b| std::str::from_utf8(b).ok())
    }

    /// Every recorded path and entry, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.entries.iter().map(|(p, e)| (p.as_str(), e))
    }

    /// Whether the manifest is present.
    pub fn has_manifest(&self) -> bool {
        self.entries.contains_key(MANIFEST)
    }

    /// Number of recorded paths.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Reads the plan in folder `dir` from disk, without following symlinks.
    pub fn read_dir(dir: &Path) -> Result<Self, ReadError> {
        let mut files = PlanFiles::new();
        PlanFiles::visit_dir(dir, &mut |path, entry| {
            files.insert(path, entry);
            Ok::<(), ReadError>(())
        })?;
        Ok(files)
    }

    /// Reads the plan in folder `dir` as [`PlanFiles::read_dir`] does, but
    /// hands each plan path and what was found there to `f` instead of
    /// keeping it: one file in memory at a time (a commit of an import of
    /// 50,000 events hashes them one by one). The manifest comes first.
    pub fn visit_dir<E: From<ReadError>>(
        dir: &Path,
        f: &mut dyn FnMut(String, Entry) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut visit = |path: String, entry: Entry| {
            if Self::is_plan_path(&path) {
                f(path, entry)
            } else {
                Ok(())
            }
        };
        let mut has_manifest = false;
        for name in [MANIFEST, LOCK] {
            let path = dir.join(name);
            if let Some(entry) = read_entry(&path)? {
                has_manifest |= name == MANIFEST;
                visit(name.to_string(), entry)?;
            }
        }
        if !has_manifest {
            return Err(ReadError::NoManifest {
                dir: dir.to_path_buf(),
            }
            .into());
        }
        for sub in OBJECT_DIRS {
            let folder = dir.join(sub);
            let meta = match fs::symlink_metadata(&folder) {
                Ok(meta) => meta,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(source) => {
                    return Err(ReadError::Io {
                        path: folder,
                        source,
                    }
                    .into());
                }
            };
            if !meta.is_dir() {
                // `events` as a symlink or a file: report it as the folder.
                let entry = if meta.file_type().is_symlink() {
                    Entry::Symlink
                } else {
                    Entry::NotAFile
                };
                visit(format!("{sub}/"), entry)?;
                continue;
            }
            let read = fs::read_dir(&folder).map_err(|source| ReadError::Io {
                path: folder.clone(),
                source,
            })?;
            for item in read {
                let item = item.map_err(|source| ReadError::Io {
                    path: folder.clone(),
                    source,
                })?;
                let name = item.file_name().to_string_lossy().into_owned();
                let path = format!("{sub}/{name}");
                if !Self::is_plan_path(&path) {
                    // Not read at all: a hidden file, say.
                    continue;
                }
                if let Some(entry) = read_entry(&item.path())? {
                    // Folders are named with a trailing `/`, as the git reader does.
                    let is_dir = entry == Entry::NotAFile && item.path().is_dir();
                    let path = if is_dir { format!("{path}/") } else { path };
                    visit(path, entry)?;
                }
            }
        }
        Ok(())
    }
}

/// Reads one path without following symlinks; `None` when it does not exist.
fn read_entry(path: &Path) -> Result<Option<Entry>, ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Ok(Some(Entry::Symlink));
    }
    if !kind.is_file() {
        return Ok(Some(Entry::NotAFile));
    }
    if meta.len() > MAX_FILE_SIZE {
        return Ok(Some(Entry::TooLarge { size: meta.len() }));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Read at most one byte past the limit: the file may grow between stat and read.
    fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Ok(Some(Entry::TooLarge {
            size: bytes.len() as u64,
        }));
    }
    Ok(Some(Entry::File(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plan_paths_are_kept() {
        let mut files = PlanFiles::new();
        files.insert_bytes("tplan.toml", b"".to_vec());
        files.insert_bytes("events/a.toml", b"".to_vec());
        files.insert_bytes("events/.a.toml.swp", b"".to_vec());
        files.insert_bytes("README.md", b"".to_vec());
        files.insert_bytes("schemas/x.json", b"".to_vec());
        let paths: Vec<_> = files.iter().map(|(p, _)| p).collect();
        assert_eq!(paths, ["events/a.toml", "tplan.toml"]);
    }

    #[test]
    fn oversized_bytes_are_recorded_not_kept() {
        let mut files = PlanFiles::new();
        files.insert_bytes("events/big.toml", vec![b'#'; MAX_FILE_SIZE as usize + 1]);
        assert!(matches!(
            files.get("events/big.toml"),
            Some(Entry::TooLarge { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_object_folder_is_recorded() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("tplan.toml"), "[plan]\n").unwrap();
        std::os::unix::fs::symlink("/etc", dir.path().join("events")).unwrap();
        let files = PlanFiles::read_dir(dir.path()).unwrap();
        assert_eq!(files.get("events/"), Some(&Entry::Symlink));
        let loaded = crate::load(&files);
        assert!(
            loaded
                .errors
                .iter()
                .any(|e| e.file == "events/" && e.kind.error_code() == "symlink"),
            "{:?}",
            loaded.errors
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_recorded_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("tplan.toml"), "[plan]\n").unwrap();
        fs::create_dir(dir.path().join("events")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join("events/x.toml")).unwrap();
        let files = PlanFiles::read_dir(dir.path()).unwrap();
        assert_eq!(files.get("events/x.toml"), Some(&Entry::Symlink));
    }
}
