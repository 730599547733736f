//! Real repositories in temp dirs, built with the git CLI, isolated from the
//! machine's git configuration.
#![allow(dead_code)]

use std::fs;
use std::path::Path;
use std::process::Command;

use tempfile::TempDir;
use tplan_git::{BranchName, Store};

/// A temp dir with an isolated git environment.
pub struct Repo {
    dir: TempDir,
    home: TempDir,
}

impl Repo {
    pub fn new() -> Repo {
        Repo {
            dir: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
        }
    }

    /// A fresh repository with branch `main` and no commits.
    pub fn inited() -> Repo {
        let repo = Repo::new();
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn git_cmd(&self, identity: bool) -> Command {
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

    pub fn git(&self, args: &[&str]) -> String {
        let out = self.git_cmd(true).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn write(&self, path: &str, text: &str) {
        let p = self.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// A repository with a small plan at `prefix`, committed.
    pub fn with_plan(prefix: &str) -> Repo {
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

    /// The store of the plan found from `at` (a folder in the repository).
    pub fn store(&self, at: &str) -> Store {
        Store::discover(&self.path().join(at)).unwrap()
    }
}

/// A branch name the tests know to be valid.
pub fn branch(name: &str) -> BranchName {
    BranchName::new(name).unwrap()
}
