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
