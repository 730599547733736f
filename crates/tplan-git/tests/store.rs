//! The store against real repositories made with the git CLI in temp dirs.

mod support;

use std::fs;
use std::process::Command;

use support::Repo;
use tplan_git::{Store, StoreError, ensure_repo};
use tplan_plan::Entry;

fn text(files: &tplan_plan::PlanFiles, path: &str) -> String {
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
        |f: &tplan_plan::PlanFiles| f.iter().map(|(p, _)| p.to_string()).collect::<Vec<_>>();
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

mod read_pair {
    use super::*;

    fn repo_with_branch() -> Repo {
        let repo = Repo::with_plan("");
        repo.write("properties/price.toml", "type = \"number\"\n");
        repo.write("owners/growth.toml", "name = \"Growth\"\n");
        // Released once: a diff from here reads only what changed.
        repo.write(
            "tplan.lock",
            &format!(
                "version = 1\n\n[events.a]\nversion = \"1-0-0\"\nid = \"{}\"\n",
                "0".repeat(64)
            ),
        );
        repo.write(
            "events/c.toml",
            "name = \"C Happened\"\n\n[properties]\nprice = { ref = \"price\" }\n",
        );
        repo.git(&["add", "-A"]);
        repo.git(&["commit", "-q", "-m", "more"]);
        repo.git(&["switch", "-q", "-c", "feature"]);
        repo
    }

    fn kinds(files: &tplan_plan::PlanFiles) -> Vec<(String, &'static str)> {
        files
            .iter()
            .map(|(p, e)| {
                let kind = match e {
                    Entry::File(_) => "read",
                    Entry::Unread => "unread",
                    _ => "other",
                };
                (p.to_string(), kind)
            })
            .collect()
    }

    #[test]
    fn only_changed_events_are_read() {
        let repo = repo_with_branch();
        repo.write("events/a.toml", "name = \"A Changed\"\n");
        repo.write("events/d.toml", "name = \"D Happened\"\n");
        repo.git(&["add", "-A"]);
        repo.git(&["commit", "-q", "-m", "feature"]);
        let (old, new) = repo.store("").read_pair("main", "feature").unwrap();
        assert!(old.is_partial() && new.is_partial());
        // Unchanged events are not even listed; unchanged owners and unused
        // shared properties are listed, unread.
        assert_eq!(
            kinds(&new),
            [
                ("events/a.toml".to_string(), "read"),
                ("events/d.toml".to_string(), "read"),
                ("owners/growth.toml".to_string(), "unread"),
                ("properties/price.toml".to_string(), "unread"),
                ("tplan.lock".to_string(), "read"),
                ("tplan.toml".to_string(), "read"),
            ]
        );
        assert_eq!(old.text("events/a.toml"), Some("name = \"A Happened\"\n"));
        assert!(old.get("events/d.toml").is_none());
    }

    #[test]
    fn a_changed_shared_property_reads_the_events_that_use_it() {
        let repo = repo_with_branch();
        repo.write("properties/price.toml", "type = \"number\"\nminimum = 0\n");
        repo.git(&["add", "-A"]);
        repo.git(&["commit", "-q", "-m", "feature"]);
        let (old, new) = repo.store("").read_pair("main", "feature").unwrap();
        assert_eq!(
            new.get("events/c.toml")
                .map(|e| matches!(e, Entry::File(_))),
            Some(true)
        );
        assert_eq!(new.get("events/a.toml"), Some(&Entry::Unread));
        assert_eq!(
            old.text("properties/price.toml"),
            Some("type = \"number\"\n")
        );
    }

    #[test]
    fn a_plan_never_released_lists_its_unchanged_events_unread() {
        // Its first release publishes every event, changed or not: their
        // keys are needed, not their files.
        let repo = repo_with_branch();
        repo.write("tplan.lock", "version = 1\n");
        repo.git(&["commit", "-q", "-am", "unreleased"]);
        repo.git(&["switch", "-q", "-c", "next"]);
        repo.write("events/a.toml", "name = \"A Changed\"\n");
        repo.git(&["commit", "-q", "-am", "next"]);
        let store = repo.store("");
        let (old, new) = store.read_pair_for_release("feature", "next").unwrap();
        assert!(matches!(new.get("events/a.toml"), Some(Entry::File(_))));
        assert_eq!(new.get("events/c.toml"), Some(&Entry::Unread));
        assert_eq!(old.get("events/c.toml"), Some(&Entry::Unread));
        // A diff that lists no release (human output) lists no more.
        let (_, new) = store.read_pair("feature", "next").unwrap();
        assert!(new.get("events/c.toml").is_none());
    }

    #[test]
    fn a_changed_manifest_reads_everything() {
        let repo = repo_with_branch();
        repo.write(
            "tplan.toml",
            "[plan]\nname = \"B\"\nvendor = \"com.acme\"\n",
        );
        repo.git(&["add", "-A"]);
        repo.git(&["commit", "-q", "-m", "feature"]);
        let (_, new) = repo.store("").read_pair("main", "feature").unwrap();
        assert!(!new.is_partial());
        assert!(
            kinds(&new).iter().all(|(_, k)| *k == "read"),
            "{:?}",
            kinds(&new)
        );
    }
}
