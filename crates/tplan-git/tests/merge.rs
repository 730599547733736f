//! `Store::merge`: plan files merged semantically, other files by tree,
//! refs moved last, conflicts left for `--continue` or `--abort`.

mod support;

use std::fs;

use support::{Repo, branch};
use tplan_git::{MergeOptions, MergeOutcome, StoreError};
use tplan_plan::model::Date;

const PAT: Option<(&str, &str)> = Some(("Pat PM", "pat@acme.com"));

fn options() -> MergeOptions<'static> {
    MergeOptions {
        message: None,
        author: PAT,
        today: Date::parse("2026-11-24").unwrap(),
    }
}

fn read(repo: &Repo, path: &str) -> String {
    fs::read_to_string(repo.path().join(path)).unwrap()
}

/// `main` and `feature` diverge: each commits `edits` on its side.
fn diverged(main: &[(&str, &str)], feature: &[(&str, &str)]) -> Repo {
    let repo = Repo::with_plan("");
    repo.git(&["branch", "feature"]);
    for (path, text) in main {
        repo.write(path, text);
    }
    if !main.is_empty() {
        repo.git(&["add", "-A"]);
        repo.git(&["commit", "-qm", "main side"]);
    }
    repo.git(&["switch", "-q", "feature"]);
    for (path, text) in feature {
        repo.write(path, text);
    }
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-qm", "feature side"]);
    repo.git(&["switch", "-q", "main"]);
    repo
}

#[test]
fn edits_to_different_fields_merge_into_a_commit_with_both_parents() {
    let repo = diverged(
        &[(
            "events/a.toml",
            "name = \"A Happened\"\ndescription = \"main\"\n",
        )],
        &[
            (
                "events/a.toml",
                "name = \"A Happened\"\nstatus = \"draft\"\n",
            ),
            ("events/c.toml", "name = \"C Happened\"\n"),
            ("README.md", "feature readme\n"),
        ],
    );
    let outcome = repo.store("").merge("feature", options()).unwrap();
    let MergeOutcome::Merged { commit, files } = outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(files, ["events/a.toml", "events/c.toml"]);
    assert_eq!(repo.git(&["rev-parse", "main"]).trim(), commit);
    let parents = repo.git(&["log", "-1", "--format=%P %s"]);
    let feature = repo.git(&["rev-parse", "feature"]);
    assert!(parents.contains(feature.trim()), "{parents}");
    assert!(parents.ends_with("Merge branch 'feature'\n"), "{parents}");
    assert_eq!(
        read(&repo, "events/a.toml"),
        "name = \"A Happened\"\ndescription = \"main\"\nstatus = \"draft\"\n"
    );
    assert_eq!(read(&repo, "README.md"), "feature readme\n");
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    assert!(!repo.path().join(".git/MERGE_HEAD").exists());
}

#[test]
fn fast_forward_and_up_to_date() {
    let repo = diverged(&[], &[("events/c.toml", "name = \"C Happened\"\n")]);
    // `diverged` committed nothing on main (no edits): feature is ahead.
    let store = repo.store("");
    let outcome = store.merge("feature", options()).unwrap();
    assert!(
        matches!(outcome, MergeOutcome::FastForward { files: 1, .. }),
        "{outcome:?}"
    );
    assert_eq!(
        repo.git(&["rev-parse", "main"]),
        repo.git(&["rev-parse", "feature"])
    );
    assert_eq!(read(&repo, "events/c.toml"), "name = \"C Happened\"\n");
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    assert_eq!(
        store.merge("feature", options()).unwrap(),
        MergeOutcome::UpToDate
    );
}

#[test]
fn a_conflict_is_written_with_markers_and_git_sees_an_unmerged_path() {
    let repo = diverged(
        &[(
            "events/a.toml",
            "name = \"A Happened\"\ndescription = \"main\"\n",
        )],
        &[
            (
                "events/a.toml",
                "name = \"A Happened\"\ndescription = \"feature\"\n",
            ),
            ("events/c.toml", "name = \"C Happened\"\n"),
        ],
    );
    let main_before = repo.git(&["rev-parse", "main"]);
    let store = repo.store("");
    let outcome = store.merge("feature", options()).unwrap();
    let MergeOutcome::Conflicted { conflicts, state } = outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].file, "events/a.toml");
    assert_eq!(conflicts[0].path, "description");
    assert_eq!(state.conflicts, ["events/a.toml"]);
    assert_eq!(
        repo.git(&["rev-parse", "main"]),
        main_before,
        "no ref moved"
    );
    let text = read(&repo, "events/a.toml");
    assert!(text.contains("<<<<<<< HEAD\ndescription = \"main\"\n=======\ndescription = \"feature\"\n>>>>>>> feature\n"), "{text}");
    // The clean part is written and staged; the conflict is unmerged.
    assert_eq!(read(&repo, "events/c.toml"), "name = \"C Happened\"\n");
    assert_eq!(
        repo.git(&["status", "--porcelain"]),
        "UU events/a.toml\nA  events/c.toml\n"
    );
    assert_eq!(
        repo.git(&["rev-parse", "MERGE_HEAD"]),
        repo.git(&["rev-parse", "feature"])
    );

    // Nothing else starts while the merge waits.
    assert!(matches!(
        store.merge("feature", options()),
        Err(StoreError::MergeInProgress { .. })
    ));
    assert!(matches!(
        store.switch(&branch("feature"), false),
        Err(StoreError::MergeInProgress { .. })
    ));
    match store.continue_merge(PAT, options().today) {
        Err(StoreError::MarkerLeft { at }) => assert_eq!(at, "events/a.toml:2"),
        other => panic!("{other:?}"),
    }
    repo.write(
        "events/a.toml",
        "name = \"A Happened\"\ndescription = \"both\"\n",
    );
    let rev = store.continue_merge(PAT, options().today).unwrap();
    assert_eq!(repo.git(&["rev-parse", "main"]).trim(), rev.commit);
    let parents = repo.git(&["log", "-1", "--format=%P"]);
    assert_eq!(parents.split_whitespace().count(), 2);
    assert_eq!(
        repo.git(&["show", "HEAD:events/c.toml"]),
        "name = \"C Happened\"\n"
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    assert!(store.merge_state().unwrap().is_none());
}

#[test]
fn abort_puts_every_written_path_back() {
    let repo = diverged(
        &[(
            "events/a.toml",
            "name = \"A Happened\"\ndescription = \"main\"\n",
        )],
        &[
            (
                "events/a.toml",
                "name = \"A Happened\"\ndescription = \"feature\"\n",
            ),
            ("events/c.toml", "name = \"C Happened\"\n"),
            ("README.md", "feature readme\n"),
        ],
    );
    let store = repo.store("");
    assert!(matches!(
        store.merge("feature", options()).unwrap(),
        MergeOutcome::Conflicted { .. }
    ));
    let state = store.abort_merge().unwrap();
    assert_eq!(state.aborted, "feature");
    assert_eq!(
        read(&repo, "events/a.toml"),
        "name = \"A Happened\"\ndescription = \"main\"\n"
    );
    assert!(!repo.path().join("events/c.toml").exists());
    assert_eq!(read(&repo, "README.md"), "not part of the plan\n");
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    assert!(matches!(
        store.abort_merge(),
        Err(StoreError::NoMergeInProgress)
    ));
}

#[test]
fn a_branch_moved_during_the_merge_loses_nothing() {
    let repo = diverged(
        &[(
            "events/a.toml",
            "name = \"A Happened\"\ndescription = \"main\"\n",
        )],
        &[("events/c.toml", "name = \"C Happened\"\n")],
    );
    let store = repo.store("");
    let prepared = store.prepare_merge("feature", options()).unwrap();
    // Someone else moves main meanwhile (without touching the work tree).
    let before = repo.git(&["rev-parse", "main~1"]);
    repo.git(&["update-ref", "refs/heads/main", before.trim()]);
    match store.apply_merge(prepared) {
        Err(StoreError::RefConflict { name, .. }) => assert_eq!(name, "refs/heads/main"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        repo.git(&["rev-parse", "main"]),
        before,
        "left where the other writer put it"
    );
    assert!(
        !repo.path().join("events/c.toml").exists(),
        "the work tree is put back"
    );
    assert!(!repo.path().join(".git/MERGE_HEAD").exists());
    assert!(store.merge_state().unwrap().is_none());
}

#[test]
fn refusals_change_nothing() {
    let repo = diverged(
        &[("README.md", "main readme\n")],
        &[
            ("README.md", "feature readme\n"),
            ("events/c.toml", "name = \"C Happened\"\n"),
        ],
    );
    let store = repo.store("");
    match store.merge("feature", options()) {
        Err(StoreError::OutsideConflict { files }) => assert_eq!(files, ["README.md"]),
        other => panic!("{other:?}"),
    }
    repo.write("events/a.toml", "name = \"A Happened\"\nowner = \"x\"\n");
    match store.merge("feature", options()) {
        Err(StoreError::DirtyPlan { files, .. }) => assert_eq!(files, ["events/a.toml"]),
        other => panic!("{other:?}"),
    }
    repo.git(&["checkout", "events/a.toml"]);
    assert!(matches!(
        store.merge("nope", options()),
        Err(StoreError::UnknownRevision { .. })
    ));

    // Unrelated history.
    repo.git(&["switch", "-q", "--orphan", "other"]);
    repo.write(
        "tplan.toml",
        "[plan]\nname = \"B\"\nvendor = \"com.acme\"\n",
    );
    repo.git(&["add", "tplan.toml"]);
    repo.git(&["commit", "-qm", "other plan"]);
    assert!(matches!(
        repo.store("").merge("main", options()),
        Err(StoreError::UnrelatedHistories { .. })
    ));
    // Detached.
    repo.git(&["switch", "-q", "--detach", "main"]);
    assert!(matches!(
        repo.store("").merge("feature", options()),
        Err(StoreError::DetachedHead { .. })
    ));
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn the_merged_plan_must_lint() {
    // Both sides add an event named the same: each file merges, the plan
    // does not.
    let repo = diverged(
        &[("events/x.toml", "name = \"X Happened\"\n")],
        &[("events/y.toml", "name = \"X Happened\"\n")],
    );
    let outcome = repo.store("").merge("feature", options()).unwrap();
    let MergeOutcome::Conflicted { conflicts, .. } = outcome else {
        panic!("{outcome:?}");
    };
    assert!(
        conflicts.iter().any(|c| c.message.contains("X Happened")),
        "{conflicts:#?}"
    );
}
