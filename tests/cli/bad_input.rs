//! Each bad input: a message naming the file and line:col (or the key or
//! revision), exit 2, and the repository exactly as it was.

use crate::support::{TestRepo, stderr};

/// Runs `tplan ARGS`, expects exit 2 and no change to any file or ref, and
/// returns standard error.
fn refused(repo: &TestRepo, args: &[&str]) -> String {
    let before = repo.snapshot();
    let out = repo.tplan(args).output().unwrap();
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "tplan {args:?} exited {:?}:\n{err}",
        out.status.code()
    );
    assert!(out.stdout.is_empty(), "nothing on stdout for a failure");
    assert_eq!(
        repo.snapshot(),
        before,
        "tplan {args:?} changed the repository"
    );
    err
}

fn contains_all(text: &str, parts: &[&str]) {
    for p in parts {
        assert!(text.contains(p), "missing `{p}` in:\n{text}");
    }
}

#[test]
fn malformed_toml() {
    let repo = TestRepo::example();
    repo.write(
        "events/order_completed.toml",
        "name = \"Order Completed\"\nowner = growth\n",
    );
    let err = refused(&repo, &["ls"]);
    contains_all(
        &err,
        &[
            "events/order_completed.toml:2:9",
            "invalid TOML",
            "owner = growth",
        ],
    );
}

#[test]
fn unknown_key_suggests_the_closest() {
    let repo = TestRepo::example();
    repo.edit("events/order_completed.toml", |t| {
        t.replacen("description =", "descripton =", 1)
    });
    let err = refused(&repo, &["show", "order_completed"]);
    contains_all(
        &err,
        &[
            "events/order_completed.toml:3:1",
            "unknown key `descripton`",
            "did you mean `description`?",
        ],
    );
}

#[test]
fn wrong_value_type() {
    let repo = TestRepo::example();
    repo.edit("events/order_completed.toml", |t| {
        t.replacen("sources = [", "sources = \"web\"\nx_sources = [", 1)
    });
    let err = refused(&repo, &["ls"]);
    contains_all(
        &err,
        &[
            "events/order_completed.toml:",
            "`sources` must be a list of strings, found a string",
        ],
    );
}

#[test]
fn ref_to_a_missing_shared_property() {
    let repo = TestRepo::example();
    repo.write(
        "events/zz_test.toml",
        "name = \"Test Ran\"\nowner = \"growth\"\n\n[properties]\ntotal = { ref = \"pricee\" }\n",
    );
    let err = refused(&repo, &["ls"]);
    contains_all(
        &err,
        &[
            "events/zz_test.toml:5:17",
            "no `properties/pricee.toml`",
            "did you mean `price`?",
        ],
    );
}

#[test]
fn unknown_owner() {
    let repo = TestRepo::example();
    repo.write(
        "events/zz_test.toml",
        "name = \"Test Ran\"\nowner = \"nobody\"\n",
    );
    let err = refused(&repo, &["ls"]);
    contains_all(
        &err,
        &["events/zz_test.toml:2:9", "owner `nobody` does not exist"],
    );
}

#[test]
fn names_that_are_not_keys() {
    let repo = TestRepo::example();
    let err = refused(&repo, &["event", "add", "Sneaky Thing", "--key", "../x"]);
    contains_all(&err, &["`../x`", "lowercase letters, digits and `_`"]);
    let err = refused(&repo, &["event", "add", "Empty Key", "--key", ""]);
    contains_all(&err, &["cannot be empty"]);
    for file in [
        "events/CON.toml",
        "events/con.toml",
        "events/Upper.toml",
        "owners/a-b.toml",
    ] {
        let repo = TestRepo::example();
        repo.write(file, "name = \"Odd Name\"\n");
        let err = refused(&repo, &["ls"]);
        contains_all(&err, &[file, "is not a valid key"]);
    }
}

#[test]
fn two_events_with_one_name() {
    let repo = TestRepo::example();
    let copy = repo.read("events/order_completed.toml");
    repo.write("events/order_completed_v2.toml", copy);
    let err = refused(&repo, &["ls"]);
    contains_all(
        &err,
        &[
            "events/order_completed_v2.toml:2:8",
            "event name `Order Completed` is also used by `events/order_completed.toml`",
        ],
    );
}

#[test]
fn a_file_over_one_mebibyte() {
    let repo = TestRepo::example();
    let mut big = String::from("name = \"Big Event\"\n");
    while big.len() <= 1024 * 1024 {
        big.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    repo.write("events/big.toml", big);
    let err = refused(&repo, &["ls"]);
    contains_all(&err, &["events/big.toml", "over the 1 MiB limit"]);
}

#[test]
fn non_utf8_bytes() {
    let repo = TestRepo::example();
    repo.write("events/latin.toml", b"name = \"Caf\xe9 Visited\"\n");
    let err = refused(&repo, &["ls"]);
    contains_all(
        &err,
        &[
            "events/latin.toml",
            "not valid UTF-8 (first bad byte at offset 11)",
        ],
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_in_the_plan() {
    let repo = TestRepo::example();
    std::os::unix::fs::symlink("/etc/passwd", repo.path().join("events/passwd.toml")).unwrap();
    let err = refused(&repo, &["ls"]);
    contains_all(
        &err,
        &["events/passwd.toml", "symbolic links are not allowed"],
    );
    // Committed, it is refused from the object database too.
    repo.commit_all("a link");
    std::fs::remove_file(repo.path().join("events/passwd.toml")).unwrap();
    let err = refused(&repo, &["ls", "--rev", "HEAD"]);
    contains_all(
        &err,
        &["HEAD:events/passwd.toml", "symbolic links are not allowed"],
    );
}

#[test]
fn an_enum_with_mixed_types() {
    let repo = TestRepo::example();
    repo.write(
        "properties/zz_mixed.toml",
        "description = \"x\"\ntype = \"string\"\nenum = [\"a\", 1]\n",
    );
    let err = refused(&repo, &["ls"]);
    contains_all(
        &err,
        &["properties/zz_mixed.toml:3:8", "`enum` mixes value types"],
    );
}

#[test]
fn minimum_above_maximum() {
    let repo = TestRepo::example();
    repo.write(
        "properties/zz_range.toml",
        "description = \"x\"\ntype = \"integer\"\nminimum = 10\nmaximum = 1\n",
    );
    let err = refused(&repo, &["ls"]);
    contains_all(
        &err,
        &[
            "properties/zz_range.toml:3:11",
            "`minimum` (10) is greater than `maximum` (1)",
        ],
    );
}

#[test]
fn an_unknown_revision() {
    let repo = TestRepo::example();
    let err = refused(&repo, &["ls", "--rev", "nope"]);
    contains_all(&err, &["unknown revision `nope`"]);
    let err = refused(&repo, &["lint", "nope"]);
    contains_all(&err, &["unknown revision `nope`"]);
}

#[test]
fn outside_any_plan() {
    let repo = TestRepo::empty();
    repo.git(["init", "-q"]);
    repo.git(["commit", "-q", "--allow-empty", "-m", "empty"]);
    let err = refused(&repo, &["ls"]);
    contains_all(&err, &["tplan.toml", "tplan init"]);
}

#[test]
fn a_refused_edit_writes_nothing() {
    let repo = TestRepo::example();
    // Removing an owner that events use would break the plan.
    let err = refused(&repo, &["owner", "rm", "growth"]);
    contains_all(&err, &["owner `growth` does not exist"]);
    let err = refused(
        &repo,
        &[
            "property",
            "set",
            "order_completed",
            "coupon",
            "max_length",
            "\"long\"",
        ],
    );
    contains_all(
        &err,
        &[
            "events/order_completed.toml:",
            "`max_length` must be a non-negative integer",
        ],
    );
}
