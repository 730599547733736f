//! Which lock files tplan itself created, so that `tplan recover` can
//! remove the ones a killed tplan left behind, and only those.
//!
//! Before a command takes a lock it has a record,
//! `tplan/owners/<pid>-<n>.json` in the git folder (`n` tells apart the
//! operations of one process's threads), naming its process (id and start time); right after
//! taking each lock it adds the lock's path, device and inode. A lock is
//! tplan's own and stale when a record names it with the same inode and the
//! record's process is gone. Any other lock file is never removed.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{StoreError, io};

/// One lock file a process created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct HeldLock {
    pub path: PathBuf,
    pub dev: u64,
    pub ino: u64,
    /// When the file was created ([`born`]).
    pub changed: i128,
}

/// A process and the locks it created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Owner {
    pub pid: u32,
    /// The process's start time as the kernel counts it (`/proc/<pid>/stat`),
    /// so a reused process id is not taken for the same process.
    pub start: Option<u64>,
    /// Tells apart the records of one process's operations.
    #[serde(default)]
    pub serial: u64,
    pub locks: Vec<HeldLock>,
}

/// The folder of owner records in the (common) git folder.
pub(crate) fn owners_dir(git_dir: &Path) -> PathBuf {
    git_dir.join("tplan").join("owners")
}

impl Owner {
    /// This process, holding nothing yet.
    pub(crate) fn me() -> Owner {
        static SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let pid = std::process::id();
        Owner {
            pid,
            start: start_time(pid),
            serial: SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            locks: Vec::new(),
        }
    }

    fn path(&self, git_dir: &Path) -> PathBuf {
        owners_dir(git_dir).join(format!("{}-{}.json", self.pid, self.serial))
    }

    /// Adds `lock` (just created by this process) and writes the record.
    pub(crate) fn add(&mut self, git_dir: &Path, lock: &Path) -> Result<(), StoreError> {
        if let Some((dev, ino, changed)) = identity(lock) {
            self.locks.push(HeldLock {
                path: lock.to_path_buf(),
                dev,
                ino,
                changed,
            });
        }
        self.write(git_dir)
    }

    /// Writes the record (atomically: a temporary file renamed).
    pub(crate) fn write(&self, git_dir: &Path) -> Result<(), StoreError> {
        let dir = owners_dir(git_dir);
        std::fs::create_dir_all(&dir).map_err(|e| io(&dir, "cannot create", e))?;
        let path = self.path(git_dir);
        let tmp = path.with_extension("tmp");
        let text = serde_json::to_vec(self).expect("an owner record serialises");
        std::fs::write(&tmp, text).map_err(|e| io(&tmp, "cannot write", e))?;
        std::fs::rename(&tmp, &path).map_err(|e| io(&path, "cannot write", e))
    }

    /// Removes the record: the process holds no more locks.
    pub(crate) fn release(&self, git_dir: &Path) {
        let _ = std::fs::remove_file(self.path(git_dir));
    }

    /// Whether the process is still running.
    pub(crate) fn alive(&self) -> bool {
        if self.pid == std::process::id() {
            return true;
        }
        process_alive(self.pid, self.start)
    }
}

/// Every owner record in `git_dir`.
pub(crate) fn records(git_dir: &Path) -> Vec<(PathBuf, Owner)> {
    let Ok(dir) = std::fs::read_dir(owners_dir(git_dir)) else {
        return Vec::new();
    };
    dir.filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| {
            let owner = serde_json::from_slice(&std::fs::read(&p).ok()?).ok()?;
            Some((p, owner))
        })
        .collect()
}

/// Removes the lock files of processes that are gone, and their records;
/// returns the locks removed.
pub(crate) fn remove_stale(git_dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let mut removed = Vec::new();
    for (record, owner) in records(git_dir) {
        if owner.alive() {
            continue;
        }
        for lock in &owner.locks {
            if identity(&lock.path) == Some((lock.dev, lock.ino, lock.changed))
                && gone(std::fs::remove_file(&lock.path))
                    .map_err(|e| io(&lock.path, "cannot remove the stale lock", e))?
            {
                removed.push(lock.path.clone());
            }
        }
        gone(std::fs::remove_file(&record)).map_err(|e| io(&record, "cannot remove", e))?;
    }
    Ok(removed)
}

/// A removal that another process may have made first (a process that
/// just exited releases its own record; two commands may clean up the
/// same record at once): `true` when this one removed it.
fn gone(removed: std::io::Result<()>) -> std::io::Result<bool> {
    match removed {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// The device, inode and birth time of a file: which file it is, not what
/// it is called or holds (a lock is written after it is recorded).
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64, i128)> {
    use std::os::unix::fs::MetadataExt;
    let md = path.symlink_metadata().ok()?;
    Some((md.dev(), md.ino(), born(&md)))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<(u64, u64, i128)> {
    let md = path.symlink_metadata().ok()?;
    Some((0, 0, born(&md)))
}

/// When the file was created, in nanoseconds (0 where the file system
/// does not say): an inode number reused by a later file has another.
fn born(md: &std::fs::Metadata) -> i128 {
    md.created()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128)
}

/// A process's start time from `/proc` (Linux); `None` elsewhere.
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces: count fields
    // after its closing one. The start time is field 22 of the line.
    let rest = &stat[stat.rfind(')')? + 2..];
    rest.split(' ').nth(19)?.parse().ok()
}

fn process_alive(pid: u32, start: Option<u64>) -> bool {
    if Path::new("/proc/self").exists() {
        return match start_time(pid) {
            None => false,
            Some(now) => start.is_none_or(|s| s == now),
        };
    }
    #[cfg(unix)]
    {
        // SAFETY: signal 0 only checks that the process exists.
        let r = unsafe { libc::kill(pid as libc::pid_t, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = (pid, start);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_finished_child_is_not() {
        assert!(Owner::me().alive());
        let child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        let mut child = child;
        child.wait().unwrap();
        let gone = Owner {
            pid,
            start: Some(1),
            serial: 0,
            locks: Vec::new(),
        };
        assert!(!gone.alive());
    }

    #[test]
    fn only_recorded_locks_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let ours = dir.path().join("index.lock");
        let theirs = dir.path().join("HEAD.lock");
        std::fs::write(&ours, "").unwrap();
        let mut owner = Owner {
            pid: u32::MAX - 1,
            start: Some(1),
            serial: 0,
            locks: Vec::new(),
        };
        owner.add(dir.path(), &ours).unwrap();
        std::fs::write(&theirs, "").unwrap();
        assert_eq!(remove_stale(dir.path()).unwrap(), vec![ours.clone()]);
        assert!(!ours.exists() && theirs.exists());
        assert!(records(dir.path()).is_empty());
    }

    #[test]
    fn a_lock_recreated_by_someone_else_is_not_removed() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join("index.lock");
        std::fs::write(&lock, "").unwrap();
        let mut owner = Owner {
            pid: u32::MAX - 1,
            start: Some(1),
            serial: 0,
            locks: Vec::new(),
        };
        owner.add(dir.path(), &lock).unwrap();
        // Another git removed it and took its own: another file, even if
        // the inode number comes back.
        std::fs::remove_file(&lock).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
        std::fs::write(&lock, "theirs").unwrap();
        assert!(remove_stale(dir.path()).unwrap().is_empty());
        assert!(lock.exists());
    }
}
