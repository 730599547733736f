//! Committing with no identity anywhere. Its own test binary: it clears the
//! process environment, which no other test may share.

use std::fs;
use std::process::Command;

use tplan_git::{Store, StoreError};

#[test]
fn no_identity_says_how_to_set_one() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    // SAFETY: this binary runs this one test; no other thread reads the environment.
    unsafe {
        for var in [
            "GIT_AUTHOR_NAME",
            "GIT_AUTHOR_EMAIL",
            "GIT_COMMITTER_NAME",
            "GIT_COMMITTER_EMAIL",
            "EMAIL",
        ] {
            std::env::remove_var(var);
        }
        std::env::set_var("HOME", home.path());
        std::env::set_var("XDG_CONFIG_HOME", home.path());
        std::env::set_var("GIT_CONFIG_NOSYSTEM", "1");
    }
    let status = Command::new("git")
        .args(["init", "-q", "-b", "main"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    fs::write(dir.path().join("tplan.toml"), "[plan]\n").unwrap();
    let err = Store::discover(dir.path())
        .unwrap()
        .commit_plan("plan", None)
        .unwrap_err();
    assert!(matches!(err, StoreError::NoIdentity), "{err:?}");
    let help = miette::Diagnostic::help(&err).unwrap().to_string();
    assert!(help.contains("git config --global user.name"), "{help}");
    // Nothing moved: the branch is still unborn and the index untouched.
    assert!(!dir.path().join(".git/refs/heads/main").exists());
    assert!(!dir.path().join(".git/index").exists());
    // An explicit author is enough.
    Store::discover(dir.path())
        .unwrap()
        .commit_plan("plan", Some(("Pat", "pat@acme.com")))
        .unwrap();
}
