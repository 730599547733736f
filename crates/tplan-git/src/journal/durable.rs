//! Making writes durable before a ref points at them: git objects, the
//! intent record and the refs are on disk, not only in the page cache, when
//! the next step relies on them.

use std::path::Path;

use crate::error::{StoreError, io};

/// Flushes the file system that holds `dir` (Linux: `syncfs`, one call for
/// every object and ref written; elsewhere: `sync`).
pub(crate) fn sync(dir: &Path) -> Result<(), StoreError> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let folder = std::fs::File::open(dir).map_err(|e| io(dir, "cannot open", e))?;
        // SAFETY: `syncfs` only reads the descriptor, which stays open.
        if unsafe { libc::syncfs(folder.as_raw_fd()) } != 0 {
            return Err(io(dir, "cannot flush", std::io::Error::last_os_error()));
        }
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        let _ = dir;
        // SAFETY: `sync` takes no arguments.
        unsafe { libc::sync() };
    }
    #[cfg(not(unix))]
    {
        let _ = (dir, io);
    }
    Ok(())
}
