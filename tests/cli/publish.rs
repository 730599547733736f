use serde_json::Value;

use crate::proposal::{ANA, KIM, LI, add_property, json, proposed, review};
use crate::support::{TestRepo, stderr, stdout};

/// Every ref a publish moves, and the work tree: what "nothing changed"
/// compares.
fn state(repo: &TestRepo) -> (String, Vec<(std::path::PathBuf, Vec<u8>)>) {
    (repo.git(["show-ref"]), repo.snapshot())
}

fn proposal(repo: &TestRepo, number: u64) -> Value {
    let list = json(repo, &["proposals", "--state", "all", "--format", "json"]);
    list["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["number"] == number)
        .cloned()
        .unwrap()
}

/// A second proposal on branch `NAME` from `main`, adding `PROPERTY`.
fn propose_more(repo: &TestRepo, branch: &str, property: &str) {
    repo.tplan(["switch", "-c", branch, "main"])
        .assert()
        .success();
    add_property(repo, property);
    repo.tplan(["commit", "-m", property]).assert().success();
    repo.tplan(["propose", "-m", property]).assert().success();
    repo.tplan(["switch", "main"]).assert().success();
}

#[test]
fn publish_releases_versions_tag_lock_changelog_and_registry() {
    let repo = proposed();
    review(&repo, "1", "--approve", ANA);
    let out_dir = tempfile::tempdir().unwrap();
    let out = repo
        .tplan(["publish", "1", "--out", out_dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("Published plan 0.1.0 from proposal #1 (Gift flag)"),
        "{text}"
    );

    // A merge commit on main with both parents, tagged.
    let parents = repo.git(["log", "-1", "--format=%P", "main"]);
    assert_eq!(
        parents.split_whitespace().nth(1),
        Some(repo.git(["rev-parse", "gift"]).trim())
    );
    assert_eq!(repo.git(["cat-file", "-t", "plan-v0.1.0"]).trim(), "tag");
    assert_eq!(
        repo.git(["rev-parse", "plan-v0.1.0^{commit}"]),
        repo.git(["rev-parse", "main"])
    );
    let tag_message = repo.git(["tag", "-l", "--format=%(contents)", "plan-v0.1.0"]);
    assert!(tag_message.starts_with("## 0.1.0 ("), "{tag_message}");
    assert!(
        tag_message.contains("Gift flag (proposal #1 by Pat PM; approved by Ana Analyst)."),
        "{tag_message}"
    );

    // The first release: every event at 1-0-0, the plan keeps its version.
    let lock = repo.read("tplan.lock");
    assert!(
        lock.contains("[events.order_completed]\nversion = \"1-0-0\""),
        "{lock}"
    );
    assert!(
        lock.contains("[events.signed_in]\nversion = \"1-0-0\""),
        "{lock}"
    );
    let manifest = repo.read("tplan.toml");
    assert!(
        manifest.contains("version = \"0.1.0\"              # plan release"),
        "{manifest}"
    );
    let changelog = repo.read("CHANGELOG.md");
    assert!(
        changelog.starts_with("# Changelog\n\n## 0.1.0 ("),
        "{changelog}"
    );
    assert!(
        changelog.contains("- `order_completed` 1-0-0 (Order Completed)"),
        "{changelog}"
    );

    // The registry ref and the folder hold the schemas.
    let schema = repo.git([
        "show",
        "refs/tplan/registry:schemas/com.acme/order_completed/jsonschema/1-0-0",
    ]);
    let schema: Value = serde_json::from_str(&schema).unwrap();
    assert_eq!(schema["self"]["version"], "1-0-0");
    assert!(schema["properties"]["gift"].is_object(), "{schema}");
    assert!(
        out_dir
            .path()
            .join("schemas/com.acme/order_completed/jsonschema/1-0-0")
            .is_file()
    );

    // The proposal is merged; the work tree and index follow main.
    let p = proposal(&repo, 1);
    assert_eq!(p["state"], "merged");
    assert_eq!(p["published"]["tag"], "plan-v0.1.0");
    assert_eq!(
        p["published"]["commit"],
        repo.git(["rev-parse", "main"]).trim()
    );
    assert_eq!(repo.git(["status", "--porcelain"]), "");
    repo.tplan(["lint"]).assert().success();
    let shown = stdout(&repo.tplan(["proposal", "show", "1"]).output().unwrap());
    assert!(shown.starts_with("#1 Gift flag  [merged]"), "{shown}");
    assert!(shown.contains("published as plan-v0.1.0"), "{shown}");
    // A merged proposal takes no more reviews and is not published twice.
    let out = repo
        .tplan(["review", "1", "--approve", "--as", LI])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("proposal #1 is merged"),
        "{}",
        stderr(&out)
    );
    let out = repo.tplan(["publish", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_next_release_continues_from_the_lock() {
    let repo = proposed();
    review(&repo, "1", "--approve", ANA);
    repo.tplan(["publish", "1"]).assert().success();
    propose_more(&repo, "wrap", "gift_wrap");
    review(&repo, "2", "--approve", LI);
    let released = json(&repo, &["publish", "2", "--format", "json"]);
    assert_eq!(released["version"], "0.2.0");
    assert_eq!(released["tag"], "plan-v0.2.0");
    let events = released["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{released}");
    assert_eq!(events[0]["key"], "order_completed");
    assert_eq!(events[0]["class"], "addition");
    assert_eq!(events[0]["old_version"], "1-0-0");
    assert_eq!(events[0]["version"], "1-0-1");
    assert!(
        repo.read("tplan.lock")
            .contains("[events.order_completed]\nversion = \"1-0-1\"")
    );
    assert!(repo.read("tplan.toml").contains("version = \"0.2.0\""));
    let changelog = repo.read("CHANGELOG.md");
    let (newer, older) = (
        changelog.find("## 0.2.0").unwrap(),
        changelog.find("## 0.1.0").unwrap(),
    );
    assert!(newer < older, "{changelog}");
    assert!(
        changelog.contains("- `order_completed` 1-0-0 -> 1-0-1 (addition)\n  - `properties/gift_wrap` addition: optional property `gift_wrap` added"),
        "{changelog}"
    );
    let registry = repo.git(["ls-tree", "-r", "--name-only", "refs/tplan/registry"]);
    assert!(registry.contains("schemas/com.acme/order_completed/jsonschema/1-0-0"));
    assert!(registry.contains("schemas/com.acme/order_completed/jsonschema/1-0-1"));
    assert_eq!(repo.git(["status", "--porcelain"]), "");
    // `tplan log` sees the releases.
    let log = json(&repo, &["log", "order_completed", "--format", "json"]);
    assert!(
        log["commits"][0]["releases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "plan-v0.2.0"),
        "{log}"
    );
}

#[test]
fn dry_run_shows_the_release_and_writes_nothing() {
    let repo = proposed();
    review(&repo, "1", "--approve", ANA);
    let before = state(&repo);
    let out = repo.tplan(["publish", "1", "--dry-run"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Would publish plan 0.1.0"), "{text}");
    assert!(text.contains("## 0.1.0 ("), "{text}");
    assert!(text.contains("Nothing was written."), "{text}");
    assert_eq!(state(&repo), before);
}

#[test]
fn the_policy_or_a_conflict_refuses_with_exit_1_and_changes_nothing() {
    let repo = proposed();
    // No approval yet.
    let before = state(&repo);
    let out = repo.tplan(["publish", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "proposal #1 cannot be published yet: needs 1 approval from an owner of `checkout`"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(state(&repo), before);

    // Approved, but main changed the same field since.
    review(&repo, "1", "--approve", ANA);
    repo.tplan([
        "event",
        "set",
        "order_completed",
        "description",
        "\"Main's words.\"",
    ])
    .assert()
    .success();
    repo.tplan(["commit", "-m", "Main words"])
        .assert()
        .success();
    repo.tplan(["switch", "gift"]).assert().success();
    repo.tplan([
        "event",
        "set",
        "order_completed",
        "description",
        "\"Gift's words.\"",
    ])
    .assert()
    .success();
    repo.tplan(["commit", "-m", "Gift words"])
        .assert()
        .success();
    review(&repo, "1", "--approve", ANA);
    repo.tplan(["switch", "main"]).assert().success();
    let before = state(&repo);
    let out = repo.tplan(["publish", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("does not merge cleanly into its base: `events/order_completed.toml`"),
        "{err}"
    );
    assert_eq!(state(&repo), before);
}

#[test]
fn a_base_that_moved_since_the_proposal_is_merged_again() {
    let repo = proposed();
    review(&repo, "1", "--approve", ANA);
    // main gains a change to another event after the proposal.
    repo.tplan(["event", "set", "signed_in", "tags", "[\"auth\"]"])
        .assert()
        .success();
    repo.tplan(["commit", "-m", "Tag signed_in"])
        .assert()
        .success();
    let out = repo.tplan(["publish", "1"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        repo.read("events/signed_in.toml")
            .contains("tags = [\"auth\"]")
    );
    assert!(repo.read("events/order_completed.toml").contains("gift"));
    assert_eq!(repo.git(["status", "--porcelain"]), "");
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let repo = proposed();
    review(&repo, "1", "--approve", ANA);
    let before = state(&repo);
    // Unknown proposal; a dirty work tree; a bump for an event not released.
    let out = repo.tplan(["publish", "7"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    repo.tplan(["event", "set", "signed_in", "status", "draft"])
        .assert()
        .success();
    let out = repo.tplan(["publish", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`events/signed_in.toml`"),
        "{}",
        stderr(&out)
    );
    repo.git(["checkout", "--", "."]);
    let out = repo
        .tplan(["publish", "1", "--bump", "no_such_event=model"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`no_such_event` is not part of this release"),
        "{}",
        stderr(&out)
    );
    let out = repo
        .tplan(["publish", "1", "--bump", "order_completed=huge"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`huge` is not a class"),
        "{}",
        stderr(&out)
    );
    // `metadata` names no version digit: nothing to raise to.
    let out = repo
        .tplan(["publish", "1", "--bump", "order_completed=metadata"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(state(&repo), before);
}

#[test]
fn bumps_only_raise_and_published_versions_never_change() {
    let repo = proposed();
    review(&repo, "1", "--approve", ANA);
    repo.tplan(["publish", "1"]).assert().success();

    // A model change cannot be published as a revision.
    repo.tplan(["switch", "-c", "drop", "main"])
        .assert()
        .success();
    repo.tplan(["property", "rm", "order_completed", "gift"])
        .assert()
        .success();
    repo.tplan(["commit", "-m", "Drop gift"]).assert().success();
    repo.tplan(["propose", "-m", "Drop gift"])
        .assert()
        .success();
    repo.tplan(["switch", "main"]).assert().success();
    review(&repo, "2", "--approve", ANA);
    review(&repo, "2", "--approve", KIM);
    let computed = json(&repo, &["publish", "2", "--dry-run", "--format", "json"]);
    let class = computed["events"][0]["class"].as_str().unwrap().to_string();
    assert!(class == "revision" || class == "model", "{computed}");
    let raised = json(
        &repo,
        &[
            "publish",
            "2",
            "--dry-run",
            "--bump",
            "order_completed=model",
            "--format",
            "json",
        ],
    );
    assert_eq!(raised["events"][0]["class"], "model");
    assert_eq!(raised["events"][0]["raised"], class != "model");
    assert_eq!(raised["events"][0]["version"], "2-0-0");
    assert_eq!(raised["version"], "1.0.0");
    let out = repo
        .tplan(["publish", "2", "--bump", "order_completed=addition"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("declared a `addition` bump"),
        "{}",
        stderr(&out)
    );

    // Someone already put other content at the version this release would get.
    let version = computed["events"][0]["version"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("schemas/com.acme/order_completed/jsonschema/{version}");
    let blob = repo.git_stdin(["hash-object", "-w", "--stdin"], "{\"other\": true}\n");
    let index = repo.path().join(".git/tmp-index");
    let env_index = index.to_str().unwrap().to_string();
    let mut cmd = std::process::Command::new("git");
    cmd.current_dir(repo.path())
        .env("GIT_INDEX_FILE", &env_index)
        .args(["read-tree", "refs/tplan/registry"]);
    assert!(cmd.status().unwrap().success());
    let mut cmd = std::process::Command::new("git");
    cmd.current_dir(repo.path())
        .env("GIT_INDEX_FILE", &env_index)
        .args(["update-index", "--add", "--cacheinfo"])
        .arg(format!("100644,{},{path}", blob.trim()));
    assert!(cmd.status().unwrap().success());
    let out = std::process::Command::new("git")
        .current_dir(repo.path())
        .env("GIT_INDEX_FILE", &env_index)
        .args(["write-tree"])
        .output()
        .unwrap();
    let tree = String::from_utf8(out.stdout).unwrap();
    let commit = repo.git([
        "commit-tree",
        tree.trim(),
        "-p",
        "refs/tplan/registry",
        "-m",
        "x",
    ]);
    repo.git(["update-ref", "refs/tplan/registry", commit.trim()]);
    std::fs::remove_file(&index).unwrap();
    let before = state(&repo);
    let out = repo.tplan(["publish", "2"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("`{path}` is already published with other content")),
        "{}",
        stderr(&out)
    );
    assert_eq!(state(&repo), before);
}

#[test]
fn two_publishers_racing_on_one_base_exactly_one_wins() {
    let repo = proposed();
    review(&repo, "1", "--approve", ANA);
    propose_more(&repo, "wrap", "gift_wrap");
    review(&repo, "2", "--approve", LI);
    let main_before = repo.git(["rev-parse", "main"]);
    // Both prepare from the same base, then wait before moving refs.
    let children: Vec<_> = ["1", "2"]
        .iter()
        .map(|n| {
            repo.tplan_process(["publish", n])
                .env("TPLAN_FAILPOINT_PAUSE", "publish:objects-written=700")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let winners: Vec<usize> = (0..2).filter(|&i| outputs[i].status.success()).collect();
    assert_eq!(winners.len(), 1, "{outputs:?}");
    let loser = &outputs[1 - winners[0]];
    assert_eq!(loser.status.code(), Some(2));
    let err = String::from_utf8_lossy(&loser.stderr);
    assert!(
        // Lost the compare-and-swap, or found the winner holding the index.
        err.contains("was moved by someone else")
            || err.contains("already exists")
            || err.contains("index.lock` exists"),
        "{err}"
    );
    // One publish commit on main; the loser's proposal is still open.
    assert_eq!(
        repo.git(["rev-parse", "main^1"]),
        main_before,
        "exactly one commit was added"
    );
    let states: Vec<String> = ["1", "2"]
        .iter()
        .map(|n| {
            proposal(&repo, n.parse().unwrap())["state"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        states.iter().filter(|s| *s == "merged").count(),
        1,
        "{states:?}"
    );
    assert_eq!(
        states.iter().filter(|s| *s == "open").count(),
        1,
        "{states:?}"
    );
    assert_eq!(repo.git(["status", "--porcelain"]), "");
    // The loser publishes after, merging the winner's release.
    let loser_number = if states[0] == "open" { "1" } else { "2" };
    let out = repo.tplan(["publish", loser_number]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_publish_killed_anywhere_leaves_the_old_state_or_the_new_one() {
    for (failpoint, published) in [
        ("publish:objects-written", false),
        ("publish:refs-moved", true),
    ] {
        let repo = proposed();
        review(&repo, "1", "--approve", ANA);
        let refs_before = repo.git(["show-ref"]);
        let out = repo
            .tplan(["publish", "1"])
            .env("TPLAN_FAILPOINT", failpoint)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{failpoint}: the process died");
        assert!(stderr(&out).contains(failpoint), "{}", stderr(&out));
        let refs = repo.git(["show-ref"]);
        let tag = repo.git_output(["rev-parse", "--verify", "-q", "plan-v0.1.0"]);
        let registry = repo.git_output(["rev-parse", "--verify", "-q", "refs/tplan/registry"]);
        let state = proposal(&repo, 1)["state"].as_str().unwrap().to_string();
        if published {
            assert!(
                tag.status.success() && registry.status.success(),
                "{failpoint}"
            );
            assert_eq!(state, "merged");
            assert_ne!(refs, refs_before);
            // The work tree and index followed in the same operation.
            assert_eq!(repo.git(["status", "--porcelain"]), "");
            assert!(repo.read("tplan.lock").contains("1-0-0"));
        } else {
            assert_eq!(refs, refs_before, "{failpoint}: no ref moved");
            assert!(!tag.status.success() && !registry.status.success());
            assert_eq!(state, "open");
            assert_eq!(repo.git(["status", "--porcelain"]), "");
            // And publishing again works.
            repo.tplan(["publish", "1"]).assert().success();
        }
    }
}

#[test]
fn a_round_trip_through_a_remote_carries_proposals_and_reviews() {
    let origin = crate::support::bare_remote();
    let url = origin.path().to_str().unwrap();

    // The PM's clone: the plan on main, a branch, a proposal; push all.
    let pm = proposed();
    pm.git(["remote", "add", "origin", url]);
    pm.git([
        "push",
        "-q",
        "origin",
        "main",
        "gift",
        "refs/tplan/*:refs/tplan/*",
    ]);

    // The analyst's clone fetches the proposals and reviews there.
    let analyst = TestRepo::clone_of(origin.path());
    analyst.git(["fetch", "-q", "origin", "refs/tplan/*:refs/tplan/*"]);
    let list = json(&analyst, &["proposals", "--format", "json"]);
    assert_eq!(list["proposals"][0]["title"], "Gift flag");
    // The branch exists there only as origin/gift.
    let show = json(&analyst, &["proposal", "show", "1", "--format", "json"]);
    assert_eq!(show["head_commit"], pm.git(["rev-parse", "gift"]).trim());
    review(&analyst, "1", "--approve", ANA);
    analyst.git(["push", "-q", "origin", "refs/tplan/*:refs/tplan/*"]);

    // Back in the PM's clone: the review arrived; publish and push.
    pm.git(["fetch", "-q", "origin", "refs/tplan/*:refs/tplan/*"]);
    let p = proposal(&pm, 1);
    assert_eq!(p["reviews"][0]["reviewer"], ANA);
    pm.tplan(["publish", "1"]).assert().success();
    pm.git([
        "push",
        "-q",
        "origin",
        "main",
        "plan-v0.1.0",
        "refs/tplan/*:refs/tplan/*",
    ]);

    analyst.git(["pull", "-q", "origin", "main"]);
    analyst.git([
        "fetch",
        "-q",
        "--tags",
        "origin",
        "+refs/tplan/*:refs/tplan/*",
    ]);
    assert_eq!(proposal(&analyst, 1)["state"], "merged");
    assert!(
        analyst
            .read("tplan.lock")
            .contains("[events.order_completed]")
    );
    assert_eq!(
        analyst.git(["rev-parse", "plan-v0.1.0^{commit}"]),
        pm.git(["rev-parse", "main"])
    );
}
