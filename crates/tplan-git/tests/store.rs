//! The store against real repositories made with the git CLI in temp dirs.

use std::fs;
use std::path::Path;
use std::process::Command;

use tempfile::TempDir;
use tplan_core::Entry;
use tplan_git::{Store, StoreError, ensure_repo};

/// A temp dir with an isolated git environment.
struct Repo {
    dir: TempDir,
    home: TempDir,
}

impl Repo {
    fn new() -> Repo {
        Repo {
            dir: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn git_cmd(&self, identity: bool) -> Command {
        let mut cmd = Command::new("git");
        cmd.current_dir(self.path())
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("EMAIL");
        if identity {
            cmd.env("GIT_AUTHOR_NAME", "Pat")
                .env("GIT_AUTHOR_EMAIL", "pat@acme.com")
                .env("GIT_COMMITTER_NAME", "Pat")
                .env("GIT_COMMITTER_EMAIL", "pat@acme.com");
        }
        cmd
    }

    fn git(&self, args: &[&str]) -> String {
        let out = self.git_cmd(true).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn write(&self, path: &str, text: &str) {
        let p = self.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// A repository with a small plan at `prefix`, committed.
    fn with_plan(prefix: &str) -> Repo {
        let repo = Repo::new();
        repo.git(&["init", "-q", "-b", "main"]);
        let p = |f: &str| {
            if prefix.is_empty() {
                f.to_string()
            } else {
                format!("{prefix}/{f}")
            }
        };
        repo.write(
            &p("tplan.toml"),
            "[plan]\nname = \"A\"\nvendor = \"com.acme\"\n",
        );
        repo.write(&p("events/a.toml"), "name = \"A Happened\"\n");
        repo.write(&p("events/b.toml"), "name = \"B Happened\"\n");
        repo.write(&p("README.md"), "not part of the plan\n");
        repo.git(&["add", "-A"]);
        repo.git(&["commit", "-q", "-m", "plan"]);
        repo
    }

    /// Runs `f` with the identity environment of this repo's git commands,
    /// so gix sees the same identity git does.
    fn store(&self, at: &str) -> Store {
        Store::discover(&self.path().join(at)).unwrap()
    }
}

fn text(files: &tplan_core::PlanFiles, path: &str) -> String {
    files
        .text(path)
        .unwrap_or_else(|| panic!("{path} missing"))
        .to_string()
}

#[test]
fn discovers_the_plan_from_a_subfolder() {
    let repo = Repo::with_plan("");
    let store = repo.store("events");
    assert_eq!(store.plan_prefix(), "");
    assert_eq!(store.plan_dir(), fs::canonicalize(repo.path()).unwrap());
}

#[test]
fn a_plan_may_sit_in_a_subfolder_of_a_larger_repository() {
    let repo = Repo::with_plan("analytics/plan");
    let store = repo.store("analytics/plan/events");
    assert_eq!(store.plan_prefix(), "analytics/plan");
    let (_, files) = store.read_plan("HEAD").unwrap();
    assert_eq!(text(&files, "events/a.toml"), "name = \"A Happened\"\n");
    assert!(files.get("README.md").is_none());
}

#[test]
fn no_plan_and_no_repository_are_told_apart() {
    let repo = Repo::new();
    assert!(matches!(
        Store::discover(repo.path()),
        Err(StoreError::NoPlan { .. })
    ));
    repo.write("tplan.toml", "[plan]\n");
    let err = Store::discover(repo.path()).err().unwrap();
    assert!(matches!(err, StoreError::NotARepo { .. }), "{err:?}");
}

#[test]
fn revisions_resolve_like_git() {
    let repo = Repo::with_plan("");
    repo.write("events/c.toml", "name = \"C Happened\"\n");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "c"]);
    repo.git(&["tag", "light", "HEAD~1"]);
    repo.git(&["tag", "-a", "-m", "annotated", "heavy", "HEAD~1"]);
    let store = repo.store("");
    let first = repo.git(&["rev-parse", "HEAD~1"]).trim().to_string();
    for spec in ["HEAD~1", "main~1", "light", "heavy", &first[..7], &first] {
        assert_eq!(store.resolve(spec).unwrap().commit, first, "{spec}");
    }
    let err = store.resolve("nope").unwrap_err();
    assert_eq!(err.to_string(), "unknown revision `nope`");
}

#[test]
fn an_unborn_branch_says_so() {
    let repo = Repo::new();
    repo.git(&["init", "-q", "-b", "main"]);
    repo.write("tplan.toml", "[plan]\n");
    let store = repo.store("");
    let err = store.resolve("HEAD").unwrap_err();
    assert!(matches!(err, StoreError::Unborn { .. }), "{err:?}");
    assert!(err.to_string().contains("no commits yet"));
}

#[test]
fn reading_a_revision_ignores_the_work_tree() {
    let repo = Repo::with_plan("");
    repo.write("events/a.toml", "name = \"Changed\"\n");
    fs::remove_file(repo.path().join("events/b.toml")).unwrap();
    repo.write("events/new.toml", "name = \"New\"\n");
    let store = repo.store("");
    let (_, committed) = store.read_plan("HEAD").unwrap();
    assert_eq!(text(&committed, "events/a.toml"), "name = \"A Happened\"\n");
    assert!(committed.get("events/b.toml").is_some());
    assert!(committed.get("events/new.toml").is_none());
    let work = store.read_worktree().unwrap();
    assert_eq!(text(&work, "events/a.toml"), "name = \"Changed\"\n");
    assert!(work.get("events/b.toml").is_none());
}

#[cfg(unix)]
#[test]
fn links_folders_and_large_blobs_are_recorded_not_read() {
    let repo = Repo::with_plan("");
    std::os::unix::fs::symlink("/etc/passwd", repo.path().join("events/link.toml")).unwrap();
    repo.write("events/sub/x.toml", "name = \"X\"\n");
    repo.write("events/big.toml", &"#".repeat(2 * 1024 * 1024));
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "odd files"]);
    let (_, files) = repo.store("").read_plan("HEAD").unwrap();
    assert_eq!(files.get("events/link.toml"), Some(&Entry::Symlink));
    assert_eq!(files.get("events/sub/"), Some(&Entry::NotAFile));
    assert!(
        matches!(files.get("events/big.toml"), Some(Entry::TooLarge { size }) if *size == 2 * 1024 * 1024)
    );
}

#[test]
fn a_revision_before_the_plan_has_no_plan() {
    let repo = Repo::new();
    repo.git(&["init", "-q", "-b", "main"]);
    repo.git(&["commit", "-q", "--allow-empty", "-m", "empty"]);
    repo.write("plan/tplan.toml", "[plan]\n");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "plan"]);
    let err = repo.store("plan").read_plan("HEAD~1").unwrap_err();
    assert_eq!(
        err.to_string(),
        "there is no plan at `HEAD~1`: `plan/tplan.toml` does not exist there"
    );
}

#[test]
fn ensure_repo_creates_main_once() {
    let dir = tempfile::tempdir().unwrap();
    assert!(ensure_repo(dir.path()).unwrap());
    assert!(dir.path().join(".git").is_dir());
    let sub = dir.path().join("plans");
    fs::create_dir(&sub).unwrap();
    assert!(!ensure_repo(&sub).unwrap());
    assert!(!sub.join(".git").exists());
}

#[test]
fn a_plan_above_the_repository_is_not_this_projects() {
    let outer = tempfile::tempdir().unwrap();
    fs::write(outer.path().join("tplan.toml"), "[plan]\n").unwrap();
    let inner = outer.path().join("project");
    fs::create_dir(&inner).unwrap();
    let status = Command::new("git")
        .args(["init", "-q"])
        .current_dir(&inner)
        .status()
        .unwrap();
    assert!(status.success());
    let err = Store::discover(&inner).err().unwrap();
    assert!(matches!(err, StoreError::NoPlan { .. }), "{err:?}");
}

#[test]
fn worktree_and_revision_reads_agree() {
    let repo = Repo::with_plan("");
    repo.write("events/sub/x.toml", "name = \"X\"\n");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "sub"]);
    let store = repo.store("");
    let (_, committed) = store.read_plan("HEAD").unwrap();
    let work = store.read_worktree().unwrap();
    let paths =
        |f: &tplan_core::PlanFiles| f.iter().map(|(p, _)| p.to_string()).collect::<Vec<_>>();
    assert_eq!(committed.get("events/sub/"), Some(&Entry::NotAFile));
    assert_eq!(work.get("events/sub/"), Some(&Entry::NotAFile));
    assert_eq!(paths(&committed), paths(&work));
}

#[test]
fn a_huge_blob_is_measured_never_inflated() {
    // Over gix's allocation limit (32 MiB): the size comes from the header.
    let repo = Repo::with_plan("");
    let size = 40 * 1024 * 1024;
    fs::write(repo.path().join("events/huge.toml"), vec![b'#'; size]).unwrap();
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "huge"]);
    let (_, files) = repo.store("").read_plan("HEAD").unwrap();
    assert_eq!(
        files.get("events/huge.toml"),
        Some(&Entry::TooLarge { size: size as u64 })
    );
    assert!(files.text("events/a.toml").is_some());
}
