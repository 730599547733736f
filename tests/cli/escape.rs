//! Plan, payload and repository text with terminal escape sequences: every
//! human output shows them escaped (`\u{1b}`), never raw.

use crate::support::{TestRepo, stderr, stdout};

/// Raw control characters a terminal would act on.
fn assert_clean(what: &str, text: &str) {
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{what} prints a raw control character: {text:?}"
    );
}

/// The example plan with escape sequences in an event's name, description
/// and a property's description, committed with such a commit message.
fn evil_repo() -> TestRepo {
    let repo = TestRepo::example();
    repo.edit("events/signed_in.toml", |t| {
        t.replace("name = \"Signed In\"", "name = \"Signed \\u001b[31mIn\\r\"")
            .replace(
                "description = \"A customer signed in.\"",
                "description = \"A customer\\u001b]0;pwned\\u0007 signed in.\\u001b[2J\"",
            )
            .replace("How they signed in.", "How\\u001b[8m they signed in.")
    });
    repo.commit_all("Evil \u{1b}[31mcommit\u{1b}[0m");
    repo
}

#[test]
fn plan_text_is_escaped_in_ls_show_log_diff_check_lint_and_status() {
    let repo = evil_repo();
    for args in [
        vec!["ls"],
        vec!["show", "signed_in"],
        vec!["log"],
        vec!["log", "signed_in"],
        vec!["diff", "HEAD~1", "HEAD"],
        vec!["check", "--base", "HEAD~1"],
        vec!["lint"],
        vec!["blame", "signed_in"],
    ] {
        let out = repo.tplan(&args).output().unwrap();
        assert_clean(&args.join(" "), &stdout(&out));
        assert_clean(&args.join(" "), &stderr(&out));
    }
    let show = stdout(&repo.tplan(["show", "signed_in"]).output().unwrap());
    assert!(show.contains("Signed \\u{1b}[31mIn\\u{d}"), "{show}");
    assert!(
        show.contains("A customer\\u{1b}]0;pwned\\u{7} signed in.\\u{1b}[2J"),
        "{show}"
    );
    assert!(show.contains("How\\u{1b}[8m they signed in."), "{show}");
    let log = stdout(&repo.tplan(["log"]).output().unwrap());
    assert!(log.contains("Evil \\u{1b}[31mcommit\\u{1b}[0m"), "{log}");

    // Uncommitted: status shows the change.
    repo.edit("events/signed_in.toml", |t| {
        t.replace("\\u001b[2J", "\\u001b[3J")
    });
    let out = repo.tplan(["status"]).output().unwrap();
    assert_clean("status", &stdout(&out));
    assert!(stdout(&out).contains("\\u{1b}[31mIn"), "{}", stdout(&out));
}

#[test]
fn plan_errors_quote_bad_text_escaped() {
    let repo = TestRepo::example();
    repo.edit("events/signed_in.toml", |t| {
        format!("{t}\"bad\\u001b[31mkey\" = 1\n")
    });
    for args in [vec!["lint"], vec!["ls"]] {
        let out = repo.tplan(&args).output().unwrap();
        assert_clean(&args.join(" "), &stdout(&out));
        assert_clean(&args.join(" "), &stderr(&out));
    }
    let out = repo.tplan(["ls"]).output().unwrap();
    assert!(stderr(&out).contains("\\u{1b}[31mkey"), "{}", stderr(&out));
}

#[test]
fn proposals_and_reviews_are_escaped() {
    let repo = evil_repo();
    repo.tplan(["branch", "evil"]).assert().success();
    repo.tplan(["switch", "evil"]).assert().success();
    repo.edit("events/signed_in.toml", |t| t.replace("[8m", "[9m"));
    repo.tplan(["commit", "--no-verify", "-m", "Evil \u{1b}[2J change"])
        .assert()
        .success();
    let out = repo
        .tplan(["propose", "-m", "Title \u{1b}]0;x\u{7}"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_clean("propose", &stdout(&out));
    for args in [
        vec!["proposals"],
        vec!["proposal", "show", "1"],
        vec!["review", "1", "--comment", "-m", "looks \u{1b}[5m fine"],
        vec!["proposal", "show", "1"],
    ] {
        let out = repo.tplan(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_clean(&args.join(" "), &stdout(&out));
        assert_clean(&args.join(" "), &stderr(&out));
    }
}
