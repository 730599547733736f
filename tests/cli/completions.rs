use crate::support::{TestRepo, stdout};

#[test]
fn completions_are_printed_for_each_shell() {
    let repo = TestRepo::empty();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = repo.tplan(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        assert!(stdout(&out).contains("tplan"), "{shell}");
    }
    repo.tplan(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn every_command_has_help_with_examples() {
    let repo = TestRepo::empty();
    for cmd in [
        "init",
        "ls",
        "show",
        "lint",
        "export",
        "commit",
        "completions",
    ] {
        let out = repo.tplan([cmd, "--help"]).output().unwrap();
        assert!(out.status.success(), "{cmd}");
        assert!(
            stdout(&out).contains("Examples:"),
            "{cmd} --help has no examples"
        );
    }
    for cmd in [
        ["event", "add"],
        ["event", "rm"],
        ["event", "set"],
        ["event", "unset"],
        ["property", "add"],
        ["property", "rm"],
        ["property", "set"],
        ["property", "unset"],
        ["owner", "add"],
        ["owner", "rm"],
        ["owner", "set"],
        ["owner", "unset"],
    ] {
        let out = repo.tplan([cmd[0], cmd[1], "--help"]).output().unwrap();
        assert!(
            stdout(&out).contains("Examples:"),
            "{cmd:?} --help has no examples"
        );
    }
}

/// What real bash completes for `words` (the last is the word being
/// typed), with the script `tplan completions bash` prints sourced.
fn bash_completes(repo: &TestRepo, words: &[&str]) -> Vec<String> {
    let script = repo.path().join(".tplan-completion.bash");
    std::fs::write(
        &script,
        repo.tplan(["completions", "bash"]).output().unwrap().stdout,
    )
    .unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let line = words.join(" ");
    let program = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; COMP_TYPE=9; \
         _clap_complete_tplan tplan '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", &program])
        .current_dir(repo.path())
        .env("HOME", repo.path())
        .output()
        .expect("bash runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_event_keys_and_open_proposal_numbers() {
    let repo = crate::proposal::proposed();
    assert_eq!(
        bash_completes(&repo, &["tplan", "show", "sig"]),
        ["signed_in", "signed_out", "signed_up"]
    );
    assert_eq!(
        bash_completes(&repo, &["tplan", "event", "rm", "order_"]),
        ["order_completed", "order_refunded"]
    );
    assert_eq!(bash_completes(&repo, &["tplan", "review", "1"]), ["1"]);
    assert_eq!(bash_completes(&repo, &["tplan", "publish", ""])[0], "1");
}

#[test]
fn a_complete_variable_set_for_another_tool_changes_nothing() {
    let repo = TestRepo::example();
    let out = repo.tplan(["ls"]).env("COMPLETE", "true").output().unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("order_completed"));
}
