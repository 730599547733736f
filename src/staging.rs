//! Where an import writes the plan files it makes before they are
//! committed: a temporary folder in the repository's git folder (the same
//! disk, out of the work tree). A source that turns out bad halfway
//! through leaves the repository as it was: the folder is dropped, and
//! only a whole import is read back, one file at a time, and committed.

use std::fs;
use std::io;
use std::path::PathBuf;

use tplan_formats::import::Sink;
use tplan_git::StoreError;

use crate::exit::Failure;
use crate::workspace::Workspace;

/// The staging folder; removed when dropped.
pub struct Staging {
    dir: tempfile::TempDir,
}

impl Staging {
    /// A fresh staging folder for `ws`.
    pub fn new(ws: &Workspace) -> Result<Staging, Failure> {
        let git_dir = ws.store.git_dir();
        let dir = tempfile::Builder::new()
            .prefix("tplan-import-")
            .tempdir_in(git_dir)
            .map_err(|e| {
                Failure::new(
                    format!(
                        "cannot make a staging folder in `{}`: {e}",
                        git_dir.display()
                    ),
                    None,
                )
            })?;
        Ok(Staging { dir })
    }

    fn path(&self, path: &str) -> PathBuf {
        self.dir.path().join(path)
    }

    /// The staged file `path`, as `(path, bytes)`.
    pub fn read(&self, path: &str) -> Result<(String, Vec<u8>), StoreError> {
        let from = self.path(path);
        match fs::read(&from) {
            Ok(bytes) => Ok((path.to_string(), bytes)),
            Err(cause) => Err(StoreError::Io {
                context: format!("cannot read the staged `{}`", from.display()),
                cause,
            }),
        }
    }
}

impl Sink for Staging {
    fn write(&mut self, path: &str, text: &str) -> io::Result<()> {
        let target = self.path(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(target, text)
    }
}
