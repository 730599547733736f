use serde_json::Value;

use crate::support::{TestRepo, stderr, stdout};

pub const ANA: &str = "Ana Analyst <ana@acme.com>";
pub const LI: &str = "Li <li@acme.com>";
pub const KIM: &str = "Kim <kim@acme.com>";

/// The example plan on `main`, and branch `gift` adding an optional
/// property to `order_completed` (owned by `checkout`: Ana, Li, Sam),
/// proposed as #1 by Pat PM (the test identity). `HEAD` is back on `main`.
pub fn proposed() -> TestRepo {
    let repo = TestRepo::example();
    repo.tplan(["switch", "-c", "gift"]).assert().success();
    add_property(&repo, "gift");
    repo.tplan(["commit", "-m", "Gift flag"]).assert().success();
    let out = repo
        .tplan(["propose", "-m", "Gift flag", "--body", "Finance asked"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("Opened proposal #1: Gift flag (`gift` into `main`"),
        "{}",
        stdout(&out)
    );
    repo.tplan(["switch", "main"]).assert().success();
    repo
}

/// Adds an optional, described boolean property to `order_completed`.
pub fn add_property(repo: &TestRepo, name: &str) {
    repo.tplan([
        "property",
        "add",
        "order_completed",
        name,
        "--type",
        "boolean",
    ])
    .assert()
    .success();
    repo.tplan([
        "property",
        "set",
        "order_completed",
        name,
        "description",
        "\"Set by the test.\"",
    ])
    .assert()
    .success();
}

pub fn json(repo: &TestRepo, args: &[&str]) -> Value {
    let out = repo.tplan(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

pub fn review(repo: &TestRepo, number: &str, verdict: &str, who: &str) {
    let out = repo
        .tplan(["review", number, verdict, "-m", "noted", "--as", who])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

fn policy(repo: &TestRepo) -> Value {
    json(repo, &["proposal", "show", "1", "--format", "json"])["policy"].clone()
}

#[test]
fn a_proposal_is_listed_shown_and_stored_in_git() {
    let repo = proposed();
    let list = json(&repo, &["proposals", "--format", "json"]);
    let p = &list["proposals"][0];
    assert_eq!(p["number"], 1);
    assert_eq!(p["title"], "Gift flag");
    assert_eq!(p["body"], "Finance asked");
    assert_eq!(p["base"], "main");
    assert_eq!(p["head"], "gift");
    assert_eq!(p["author"], "Pat PM <pat@acme.com>");
    assert_eq!(p["state"], "open");
    assert_eq!(p["proposed_commit"], repo.git(["rev-parse", "gift"]).trim());
    // A commit chain under refs/tplan/proposals/1, with a TOML record.
    let record = repo.git(["show", "refs/tplan/proposals/1:proposal.toml"]);
    assert!(record.contains("title = \"Gift flag\""), "{record}");

    let human = stdout(&repo.tplan(["proposals"]).output().unwrap());
    assert!(
        human.contains("#1  open   Gift flag  gift -> main  Pat PM"),
        "{human}"
    );

    let show = json(&repo, &["proposal", "show", "1", "--format", "json"]);
    assert_eq!(show["head_commit"], repo.git(["rev-parse", "gift"]).trim());
    assert_eq!(show["merge_base"], repo.git(["rev-parse", "main"]).trim());
    assert_eq!(show["touched"][0]["event"], "order_completed");
    assert_eq!(show["touched"][0]["owner"], "checkout");
    assert_eq!(show["report"]["events"][0]["class"], "addition");
    assert_eq!(show["policy"]["passes"], false);
    assert_eq!(
        show["policy"]["unmet"][0],
        "needs 1 approval from an owner of `checkout`: order_completed changed"
    );
    let human = stdout(&repo.tplan(["proposal", "show", "1"]).output().unwrap());
    assert!(human.starts_with("#1 Gift flag  [open]"), "{human}");
    assert!(human.contains("addition order_completed"), "{human}");
    assert!(
        human.contains("Policy: needs 1 approval from an owner of `checkout`"),
        "{human}"
    );

    // Nothing else listed under other states.
    let merged = json(
        &repo,
        &["proposals", "--state", "merged", "--format", "json"],
    );
    assert_eq!(merged["proposals"], serde_json::json!([]));
}

#[test]
fn reviews_decide_the_verdict_and_go_stale_with_a_new_commit() {
    let repo = proposed();
    // The author's own approval does not count.
    let out = repo.tplan(["review", "1", "--approve"]).output().unwrap();
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("your own proposal, so your approval does not count"),
        "{}",
        stdout(&out)
    );
    assert_eq!(policy(&repo)["approvals"], 0);

    // A request-changes blocks until the same reviewer approves.
    review(&repo, "1", "--request-changes", ANA);
    review(&repo, "1", "--approve", LI);
    let p = policy(&repo);
    assert_eq!(p["passes"], false);
    assert_eq!(
        p["unmet"],
        serde_json::json!(["Ana Analyst requested changes (blocks until they approve)"])
    );
    review(&repo, "1", "--approve", ANA);
    let p = policy(&repo);
    assert_eq!(p["passes"], true, "{p}");
    assert_eq!(p["approvals"], 2);

    // A new commit on the branch makes the approvals stale.
    repo.tplan(["switch", "gift"]).assert().success();
    add_property(&repo, "gift_wrap");
    repo.tplan(["commit", "-m", "Gift wrap"]).assert().success();
    let p = policy(&repo);
    assert_eq!(p["passes"], false);
    assert_eq!(p["approvals"], 0);
    let human = stdout(&repo.tplan(["proposal", "show", "1"]).output().unwrap());
    assert!(human.contains("(stale: the branch moved since)"), "{human}");
    assert!(human.contains("stale: approved"), "{human}");
    review(&repo, "1", "--approve", LI);
    assert_eq!(policy(&repo)["passes"], true);
}

#[test]
fn a_breaking_change_needs_one_more_approval() {
    let repo = TestRepo::example();
    repo.tplan(["switch", "-c", "cleanup"]).assert().success();
    repo.tplan(["event", "rm", "coupon_denied"])
        .assert()
        .success();
    repo.tplan(["commit", "-m", "Drop coupon_denied"])
        .assert()
        .success();
    repo.tplan(["propose", "-m", "Cleanup"]).assert().success();
    review(&repo, "1", "--approve", ANA);
    let p = policy(&repo);
    assert_eq!(p["breaking"], true);
    assert_eq!(p["needed"], 2);
    assert_eq!(
        p["unmet"],
        serde_json::json!(["breaking change needs 1 more approval: coupon_denied removed"])
    );
    review(&repo, "1", "--approve", KIM);
    assert_eq!(policy(&repo)["passes"], true);
}

#[test]
fn closed_and_unknown_proposals_refuse_changes() {
    let repo = proposed();
    let out = repo.tplan(["review", "9", "--approve"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("there is no proposal #9"),
        "{}",
        stderr(&out)
    );
    let out = repo.tplan(["proposal", "show", "9"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));

    repo.tplan(["proposal", "close", "1"]).assert().success();
    let before = repo.git(["rev-parse", "refs/tplan/proposals/1"]);
    let out = repo
        .tplan(["review", "1", "--approve", "--as", ANA])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("proposal #1 is closed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(repo.git(["rev-parse", "refs/tplan/proposals/1"]), before);
    let out = repo.tplan(["publish", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let closed = json(
        &repo,
        &["proposals", "--state", "closed", "--format", "json"],
    );
    assert_eq!(closed["proposals"][0]["state"], "closed");
    // Closed, the branch may be proposed again.
    repo.tplan(["switch", "gift"]).assert().success();
    let out = repo.tplan(["propose", "-m", "Again"]).output().unwrap();
    assert!(
        stdout(&out).contains("Opened proposal #2"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn propose_refuses_what_cannot_be_proposed() {
    let repo = proposed();
    // From the base itself.
    let out = repo.tplan(["propose", "-m", "X"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`main` is the base"),
        "{}",
        stderr(&out)
    );
    // Twice for one branch.
    repo.tplan(["switch", "gift"]).assert().success();
    let out = repo.tplan(["propose", "-m", "X"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("proposal #1 is already open for `gift` into `main`"),
        "{}",
        stderr(&out)
    );
    // A branch with nothing of its own; a base that does not exist.
    repo.tplan(["switch", "-c", "empty", "main"])
        .assert()
        .success();
    let out = repo.tplan(["propose", "-m", "X"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nothing to propose"),
        "{}",
        stderr(&out)
    );
    let out = repo
        .tplan(["propose", "-m", "X", "--base", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // A reviewer who is not a person.
    let out = repo
        .tplan(["review", "1", "--approve", "--as", "ana"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        json(&repo, &["proposals", "--format", "json"])["proposals"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_corrupt_record_is_named_by_its_ref() {
    let repo = proposed();
    // A record someone edited by hand into something else.
    let blob = repo.git_stdin(["hash-object", "-w", "--stdin"], "number = 1\ntitle = 3\n");
    let tree = repo.git_stdin(
        ["mktree"],
        &format!("100644 blob {}\tproposal.toml\n", blob.trim()),
    );
    let commit = repo.git(["commit-tree", tree.trim(), "-m", "broken"]);
    repo.git(["update-ref", "refs/tplan/proposals/1", commit.trim()]);
    // The list skips it, naming it; the commands on it refuse.
    let out = repo.tplan(["proposals"]).output().unwrap();
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(err.contains("skipped `refs/tplan/proposals/1`"), "{err}");
    assert!(err.contains("line 2"), "{err}");
    for args in [
        &["proposal", "show", "1"][..],
        &["review", "1", "--approve", "--as", ANA],
    ] {
        let out = repo.tplan(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("proposal record `refs/tplan/proposals/1` is corrupt"),
            "{err}"
        );
        assert!(err.contains("line 2"), "{err}");
    }
    assert_eq!(repo.git(["rev-parse", "refs/tplan/proposals/1"]), commit);
}

#[test]
fn reviewers_acting_at_once_all_keep_their_review() {
    let repo = proposed();
    let reviewers: Vec<String> = (0..8)
        .map(|i| format!("Reviewer {i} <r{i}@acme.com>"))
        .collect();
    let children: Vec<_> = reviewers
        .iter()
        .map(|who| {
            repo.tplan_process(["review", "1", "--comment", "-m", "looks fine", "--as", who])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let list = json(&repo, &["proposals", "--format", "json"]);
    let mut kept: Vec<String> = list["proposals"][0]["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reviewer"].as_str().unwrap().to_string())
        .collect();
    kept.sort();
    assert_eq!(kept, reviewers);
    // The chain has one commit per action: proposal + 8 reviews.
    let count = repo.git(["rev-list", "--count", "refs/tplan/proposals/1"]);
    assert_eq!(count.trim(), "9");
}

#[test]
fn proposals_opened_at_once_get_different_numbers() {
    let repo = TestRepo::example();
    for branch in ["a", "b", "c", "d"] {
        repo.tplan(["switch", "-c", branch, "main"])
            .assert()
            .success();
        add_property(&repo, &format!("flag_{branch}"));
        repo.tplan(["commit", "-m", branch]).assert().success();
    }
    repo.tplan(["switch", "main"]).assert().success();
    // `--base` from each branch, run from the same work tree: the current
    // branch is what is proposed, so use worktrees.
    let mut children = Vec::new();
    for branch in ["a", "b", "c", "d"] {
        let dir = repo.path().join(format!("wt-{branch}"));
        repo.git(["worktree", "add", "-q", dir.to_str().unwrap(), branch]);
        let mut cmd = repo.tplan_process(["-C", dir.to_str().unwrap(), "propose", "-m", branch]);
        children.push(
            cmd.stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap(),
        );
    }
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let list = json(&repo, &["proposals", "--format", "json"]);
    let mut numbers: Vec<u64> = list["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["number"].as_u64().unwrap())
        .collect();
    numbers.sort();
    assert_eq!(numbers, [1, 2, 3, 4]);
}

#[test]
fn proposal_show_lists_the_properties_of_an_added_event() {
    let repo = TestRepo::example();
    repo.tplan(["switch", "-c", "gift"]).assert().success();
    repo.tplan(["event", "add", "Gift Card Redeemed", "--owner", "checkout"])
        .assert()
        .success();
    repo.tplan([
        "property",
        "add",
        "gift_card_redeemed",
        "amount",
        "--type",
        "number",
        "--required",
        "--description",
        "Taken from the card.",
    ])
    .assert()
    .success();
    repo.tplan(["commit", "-m", "Gift cards"])
        .assert()
        .success();
    repo.tplan(["propose", "-m", "Gift cards"])
        .assert()
        .success();
    let shown = stdout(&repo.tplan(["proposal", "show", "1"]).output().unwrap());
    assert!(
        shown.contains("New event gift_card_redeemed (Gift Card Redeemed)"),
        "{shown}"
    );
    assert!(
        shown.contains("amount    number  yes") && shown.contains("Taken from the card."),
        "{shown}"
    );
}

#[test]
fn a_second_review_shows_what_changed_since_the_first() {
    let repo = proposed();
    review(&repo, "1", "--request-changes", ANA);
    repo.tplan(["switch", "gift"]).assert().success();
    add_property(&repo, "gift_note");
    repo.tplan(["commit", "-m", "Gift note"]).assert().success();
    let out = repo
        .tplan(["review", "1", "--approve", "--as", ANA])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        text.contains("Changes since your last review (at "),
        "{text}"
    );
    assert!(
        text.contains("optional property `gift_note` added"),
        "{text}"
    );
    assert!(!text.contains("`gift` added"), "only what is new: {text}");
    let done = json(
        &repo,
        &[
            "review",
            "1",
            "--comment",
            "-m",
            "ok",
            "--as",
            ANA,
            "--format",
            "json",
        ],
    );
    assert!(done.get("since_last_review").is_none(), "same head: {done}");
}

#[test]
fn the_list_does_not_count_the_authors_own_approval() {
    let repo = proposed();
    review(&repo, "1", "--approve", "Pat PM <pat@acme.com>");
    let list = stdout(&repo.tplan(["proposals"]).output().unwrap());
    assert!(!list.contains("approve"), "{list}");
    review(&repo, "1", "--approve", ANA);
    let list = stdout(&repo.tplan(["proposals"]).output().unwrap());
    assert!(list.contains("1 approve"), "{list}");
}
