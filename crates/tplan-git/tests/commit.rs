//! Committing the plan: branch moved by compare-and-swap, index patched so
//! git sees a clean work tree.

mod support;

use std::fs;

use support::Repo;
use tplan_git::{Store, StoreError};

const PAT: Option<(&str, &str)> = Some(("Pat PM", "pat@acme.com"));

#[test]
fn the_first_commit_creates_the_branch() {
    let repo = Repo::inited();
    repo.write(
        "tplan.toml",
        "[plan]\nname = \"A\"\nvendor = \"com.acme\"\n",
    );
    repo.write("events/a.toml", "name = \"A Happened\"\n");
    let rev = repo.store("").commit_plan("Tracking plan", PAT).unwrap();
    assert_eq!(repo.git(&["rev-parse", "main"]).trim(), rev.commit);
    assert_eq!(
        repo.git(&["log", "--format=%an <%ae>|%s"]).trim(),
        "Pat PM <pat@acme.com>|Tracking plan"
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    assert_eq!(repo.git(&["ls-files"]), "events/a.toml\ntplan.toml\n");
}

#[test]
fn modified_added_and_deleted_files_are_committed_and_git_status_is_clean() {
    let repo = Repo::inited();
    repo.write("tplan.toml", "[plan]\n");
    repo.write("events/a.toml", "name = \"A\"\n");
    repo.write("events/b.toml", "name = \"B\"\n");
    repo.store("").commit_plan("one", PAT).unwrap();
    // The user's own files: an untracked README and a staged note.
    repo.write("README.md", "hello\n");
    repo.write("notes.txt", "staged\n");
    repo.git(&["add", "notes.txt"]);
    repo.write("events/a.toml", "name = \"A changed\"\n");
    fs::remove_file(repo.path().join("events/b.toml")).unwrap();
    repo.write("events/c.toml", "name = \"C\"\n");
    repo.store("").commit_plan("two", PAT).unwrap();
    assert_eq!(
        repo.git(&["show", "--name-status", "--format=", "HEAD"]),
        "M\tevents/a.toml\nD\tevents/b.toml\nA\tevents/c.toml\n"
    );
    assert_eq!(
        repo.git(&["status", "--porcelain"]),
        "A  notes.txt\n?? README.md\n"
    );
    // git's own view agrees without refreshing stat data.
    assert_eq!(repo.git(&["diff-files", "--name-only"]), "");
    // The index holds the new commit's plan files: only the user's own
    // staged file differs from HEAD.
    assert_eq!(
        repo.git(&["diff", "--cached", "--name-only"]),
        "notes.txt\n"
    );
}

#[test]
fn only_the_plan_folder_changes_in_a_larger_repository() {
    let repo = Repo::inited();
    repo.write("app/main.c", "int main;\n");
    repo.write("plan/tplan.toml", "[plan]\n");
    repo.git(&["add", "-A"]);
    repo.git(&[
        "-c",
        "user.name=X",
        "-c",
        "user.email=x@x",
        "commit",
        "-q",
        "-m",
        "start",
    ]);
    repo.write("app/main.c", "int main(void);\n");
    repo.write("plan/events/a.toml", "name = \"A\"\n");
    Store::discover(&repo.path().join("plan"))
        .unwrap()
        .commit_plan("plan", PAT)
        .unwrap();
    assert_eq!(
        repo.git(&["show", "--name-only", "--format=", "HEAD"]),
        "plan/events/a.toml\n"
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), " M app/main.c\n");
}

#[test]
fn nothing_to_commit_is_an_error() {
    let repo = Repo::inited();
    repo.write("tplan.toml", "[plan]\n");
    repo.store("").commit_plan("one", PAT).unwrap();
    let err = repo.store("").commit_plan("again", PAT).unwrap_err();
    assert!(matches!(err, StoreError::NothingToCommit), "{err:?}");
}
