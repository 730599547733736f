//! Branches: create, list, switch. The work tree and index follow `HEAD`,
//! local changes are never lost silently.

mod support;

use std::fs;

use support::{Repo, branch};
use tplan_git::{Head, StoreError};

/// A repository with branch `feature`, which changes `events/a.toml`,
/// adds `events/c.toml`, deletes `events/b.toml` and changes `README.md`.
fn with_feature() -> Repo {
    let repo = Repo::with_plan("");
    repo.git(&["switch", "-q", "-c", "feature"]);
    repo.write(
        "events/a.toml",
        "name = \"A Happened\"\ndescription = \"new\"\n",
    );
    repo.write("events/c.toml", "name = \"C Happened\"\n");
    fs::remove_file(repo.path().join("events/b.toml")).unwrap();
    repo.write("README.md", "feature readme\n");
    repo.write("tools/run.sh", "#!/bin/sh\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let script = repo.path().join("tools/run.sh");
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    }
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "feature"]);
    repo.git(&["switch", "-q", "main"]);
    repo
}

fn read(repo: &Repo, path: &str) -> String {
    fs::read_to_string(repo.path().join(path)).unwrap()
}

#[test]
fn a_branch_is_created_at_head_or_at_a_revision_and_never_twice() {
    let repo = with_feature();
    let store = repo.store("");
    let rev = store.create_branch(&branch("gift-cards"), None).unwrap();
    assert_eq!(rev.commit, repo.git(&["rev-parse", "main"]).trim());
    let from = store
        .create_branch(&branch("from-feature"), Some("feature"))
        .unwrap();
    assert_eq!(from.commit, repo.git(&["rev-parse", "feature"]).trim());
    assert!(
        repo.git(&["reflog", "show", "from-feature"])
            .contains("branch: Created from feature")
    );
    match store.create_branch(&branch("feature"), None) {
        Err(StoreError::BranchExists { name, .. }) => assert_eq!(name, "feature"),
        other => panic!("{other:?}"),
    }
    let names: Vec<(String, bool)> = store
        .branches()
        .unwrap()
        .into_iter()
        .map(|b| (b.name.to_string(), b.current))
        .collect();
    assert_eq!(
        names,
        [
            ("feature".into(), false),
            ("from-feature".into(), false),
            ("gift-cards".into(), false),
            ("main".into(), true)
        ]
    );
}

#[test]
fn names_git_would_refuse_are_refused() {
    let repo = with_feature();
    for bad in [
        "../x", "a..b", "-x", "HEAD", "a b", "x.lock", "", "a/", "@{1}", "a~1",
    ] {
        assert!(
            matches!(
                tplan_git::BranchName::new(bad),
                Err(StoreError::InvalidBranchName { .. })
            ),
            "{bad:?}"
        );
    }
    assert_eq!(
        repo.git(&["branch", "--format=%(refname:short)"]),
        "feature\nmain\n"
    );
}

#[test]
fn switching_writes_what_differs_and_leaves_git_status_clean() {
    let repo = with_feature();
    let store = repo.store("");
    let done = store.switch(&branch("feature"), false).unwrap();
    assert_eq!(done.from, "main");
    assert_eq!(done.commit, repo.git(&["rev-parse", "feature"]).trim());
    assert_eq!(done.files, 5);
    assert_eq!(
        repo.git(&["symbolic-ref", "HEAD"]).trim(),
        "refs/heads/feature"
    );
    assert_eq!(
        read(&repo, "events/a.toml"),
        "name = \"A Happened\"\ndescription = \"new\"\n"
    );
    assert!(!repo.path().join("events/b.toml").exists());
    assert_eq!(read(&repo, "README.md"), "feature readme\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(repo.path().join("tools/run.sh"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o100, 0o100, "executable bit kept");
    }
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    assert!(
        repo.git(&["reflog", "-1", "HEAD"])
            .contains("checkout: moving from main to feature")
    );
    assert_eq!(
        repo.git(&["rev-parse", "--symbolic-full-name", "@{-1}"])
            .trim(),
        "refs/heads/main"
    );

    // And back: the new folder goes away with its last file.
    store.switch(&branch("main"), false).unwrap();
    assert!(!repo.path().join("tools").exists());
    assert_eq!(read(&repo, "events/b.toml"), "name = \"B Happened\"\n");
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn uncommitted_plan_changes_block_a_switch_unless_forced() {
    let repo = with_feature();
    repo.write("events/b.toml", "name = \"B Happened\"\nowner = \"me\"\n");
    repo.write("events/new.toml", "name = \"New\"\n");
    let store = repo.store("");
    match store.switch(&branch("feature"), false) {
        Err(StoreError::DirtyPlan { files, .. }) => {
            assert_eq!(files, ["events/b.toml", "events/new.toml"])
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        repo.git(&["symbolic-ref", "HEAD"]).trim(),
        "refs/heads/main"
    );
    assert_eq!(
        read(&repo, "events/b.toml"),
        "name = \"B Happened\"\nowner = \"me\"\n"
    );

    let done = store.switch(&branch("feature"), true).unwrap();
    assert_eq!(done.discarded, ["events/b.toml", "events/new.toml"]);
    assert!(!repo.path().join("events/b.toml").exists());
    assert!(!repo.path().join("events/new.toml").exists());
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn other_local_changes_travel_unless_the_switch_would_overwrite_them() {
    let repo = with_feature();
    // Same in both branches: carried over, as git does.
    repo.write("notes.txt", "mine\n");
    // Changed on `feature`: would be overwritten.
    repo.write("README.md", "my edit\n");
    let store = repo.store("");
    match store.switch(&branch("feature"), false) {
        Err(StoreError::WouldOverwrite { files }) => assert_eq!(files, ["README.md"]),
        other => panic!("{other:?}"),
    }
    assert_eq!(read(&repo, "README.md"), "my edit\n");
    assert_eq!(
        repo.git(&["symbolic-ref", "HEAD"]).trim(),
        "refs/heads/main"
    );
    // An untracked file where the branch has one is in the way too.
    repo.git(&["checkout", "README.md"]);
    repo.write("tools/run.sh", "mine\n");
    match store.switch(&branch("feature"), false) {
        Err(StoreError::WouldOverwrite { files }) => assert_eq!(files, ["tools/run.sh"]),
        other => panic!("{other:?}"),
    }
    fs::remove_file(repo.path().join("tools/run.sh")).unwrap();
    store.switch(&branch("feature"), false).unwrap();
    assert_eq!(read(&repo, "notes.txt"), "mine\n");
    assert_eq!(repo.git(&["status", "--porcelain"]), "?? notes.txt\n");
}

#[test]
fn switching_to_a_missing_branch_or_from_a_detached_head() {
    let repo = with_feature();
    let store = repo.store("");
    assert!(matches!(
        store.switch(&branch("nope"), false),
        Err(StoreError::NoSuchBranch { .. })
    ));
    repo.git(&["switch", "-q", "--detach", "feature"]);
    assert!(matches!(
        repo.store("").head().unwrap(),
        Head::Detached { .. }
    ));
    repo.store("").switch(&branch("main"), false).unwrap();
    assert_eq!(
        repo.git(&["symbolic-ref", "HEAD"]).trim(),
        "refs/heads/main"
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn a_plan_in_a_subfolder_switches_the_whole_work_tree() {
    let repo = Repo::with_plan("plans/web");
    repo.git(&["switch", "-q", "-c", "feature"]);
    repo.write(
        "plans/web/events/a.toml",
        "name = \"A Happened\"\nowner = \"x\"\n",
    );
    repo.write("src/app.js", "track()\n");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "feature"]);
    repo.git(&["switch", "-q", "main"]);
    let store = repo.store("plans/web/events");
    store.switch(&branch("feature"), false).unwrap();
    assert_eq!(read(&repo, "src/app.js"), "track()\n");
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}
