//! Real git repositories in temp dirs, and the real `tplan` binary.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// A repository in a temp dir, isolated from the machine's git config.
pub struct TestRepo {
    dir: TempDir,
    home: TempDir,
}

/// Environment for every process a test starts: no system or user git
/// config, pinned identity and dates, no colour.
fn isolate(cmd: &mut Command, home: &Path) {
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Pat PM")
        .env("GIT_AUTHOR_EMAIL", "pat@acme.com")
        .env("GIT_COMMITTER_NAME", "Pat PM")
        .env("GIT_COMMITTER_EMAIL", "pat@acme.com")
        .env("GIT_AUTHOR_DATE", "2026-01-01T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T12:00:00Z")
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
}

impl TestRepo {
    /// An empty folder (no repository yet).
    pub fn empty() -> TestRepo {
        TestRepo {
            dir: tempfile::tempdir().expect("temp dir"),
            home: tempfile::tempdir().expect("temp home"),
        }
    }

    /// A repository holding the example plan, committed on `main`.
    pub fn example() -> TestRepo {
        let repo = TestRepo::empty();
        repo.tplan(["init", "--example"]).assert().success();
        repo.commit_all("Tracking plan");
        repo
    }

    /// A copy of the repository (work tree, `.git` and all) in a new temp
    /// dir: the same state to run a command from more than once.
    pub fn copy(&self) -> TestRepo {
        let repo = TestRepo::empty();
        let out = Command::new("cp")
            .arg("-a")
            .arg(format!("{}/.", self.path().display()))
            .arg(repo.path())
            .output()
            .expect("cp runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        repo
    }

    /// The repository's folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `tplan ARGS` run in the repository.
    pub fn tplan<I, S>(&self, args: I) -> assert_cmd::Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("tplan"));
        isolate(&mut cmd, self.home.path());
        cmd.current_dir(self.path()).args(args);
        assert_cmd::Command::from_std(cmd)
    }

    /// `tplan ARGS` as a process to spawn (for tests of concurrent runs).
    pub fn tplan_process<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("tplan"));
        isolate(&mut cmd, self.home.path());
        cmd.current_dir(self.path()).args(args);
        cmd
    }

    /// A clone of the repository at `url` (a path), with its own home.
    pub fn clone_of(url: &Path) -> TestRepo {
        let repo = TestRepo::empty();
        let mut cmd = Command::new("git");
        isolate(&mut cmd, repo.home.path());
        let out = cmd
            .current_dir(repo.path())
            .args(["clone", "-q"])
            .arg(url)
            .arg(".")
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        repo
    }

    /// `git ARGS` in the repository; panics on failure, returns stdout.
    pub fn git<const N: usize>(&self, args: [&str; N]) -> String {
        let mut cmd = Command::new("git");
        isolate(&mut cmd, self.home.path());
        let out = cmd
            .current_dir(self.path())
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    /// `git ARGS` with `input` on standard input; panics on failure.
    pub fn git_stdin<const N: usize>(&self, args: [&str; N], input: &str) -> String {
        use std::io::Write;
        let mut cmd = Command::new("git");
        isolate(&mut cmd, self.home.path());
        let mut child = cmd
            .current_dir(self.path())
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("git runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
        let out = child.wait_with_output().expect("git runs");
        assert!(out.status.success(), "git {args:?}");
        String::from_utf8(out.stdout).expect("utf-8")
    }

    /// `git ARGS` in the repository, success or not (`PATH` as the test's).
    pub fn git_output<const N: usize>(&self, args: [&str; N]) -> std::process::Output {
        let mut cmd = Command::new("git");
        isolate(&mut cmd, self.home.path());
        cmd.current_dir(self.path())
            .args(args)
            .output()
            .expect("git runs")
    }

    /// Stages everything and commits with plain git.
    pub fn commit_all(&self, message: &str) {
        self.git(["add", "-A"]);
        self.git(["commit", "-q", "-m", message]);
    }

    /// Writes a file (creating folders).
    pub fn write(&self, path: &str, text: impl AsRef<[u8]>) -> &Self {
        let p = self.path().join(path);
        fs::create_dir_all(p.parent().expect("a parent")).expect("mkdir");
        fs::write(p, text).expect("write");
        self
    }

    /// Reads a file.
    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.path().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Rewrites a file through `f`.
    pub fn edit(&self, path: &str, f: impl FnOnce(String) -> String) -> &Self {
        let text = f(self.read(path));
        self.write(path, text)
    }

    /// Every file under the repository (but `.git`) with its bytes: a
    /// snapshot to prove a command wrote nothing.
    pub fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        fn walk(dir: &Path, root: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
            let mut entries: Vec<_> = fs::read_dir(dir)
                .expect("read dir")
                .map(|e| e.expect("entry").path())
                .collect();
            entries.sort();
            for p in entries {
                if p.file_name().is_some_and(|n| n == ".git") {
                    continue;
                }
                if p.is_dir() {
                    walk(&p, root, out);
                } else {
                    let bytes = fs::read(&p).unwrap_or_default();
                    out.push((p.strip_prefix(root).expect("inside").to_path_buf(), bytes));
                }
            }
        }
        let mut out = Vec::new();
        walk(self.path(), self.path(), &mut out);
        out.push((
            PathBuf::from(".git/HEAD-ref"),
            self.git(["rev-parse", "HEAD"]).into_bytes(),
        ));
        out
    }
}

/// Standard output of a finished command, as text.
pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8")
}

/// Standard error of a finished command, as text.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("utf-8")
}

/// An empty bare repository on branch `main`: a remote to push to and
/// clone from, on disk.
pub fn bare_remote() -> tempfile::TempDir {
    let origin = tempfile::tempdir().unwrap();
    let status = Command::new("git")
        .args(["init", "-q", "--bare", "-b", "main"])
        .arg(origin.path())
        .status()
        .unwrap();
    assert!(status.success());
    origin
}
