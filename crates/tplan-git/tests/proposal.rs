//! Proposals in git: records on `refs/tplan/proposals/<n>`, numbers
//! without races, updates by compare-and-swap that re-apply on conflict.

mod support;

use support::Repo;
use tplan_git::{NewProposal, StoreError};
use tplan_plan::proposal::{ProposalState, Verdict};

const PAT: Option<(&str, &str)> = Some(("Pat PM", "pat@acme.com"));

/// A plan on `main` and a branch `feature` with one more event, `HEAD` on it.
fn on_feature() -> Repo {
    let repo = Repo::with_plan("");
    repo.git(&["switch", "-q", "-c", "feature"]);
    repo.write("events/c.toml", "name = \"C Happened\"\n");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "c"]);
    repo
}

fn propose(repo: &Repo) -> u64 {
    repo.store("")
        .propose(
            &NewProposal {
                base: "main",
                title: "Add C",
                body: "",
            },
            PAT,
        )
        .unwrap()
        .record
        .number
}

#[test]
fn a_proposal_is_a_commit_chain_holding_its_record() {
    let repo = on_feature();
    assert_eq!(propose(&repo), 1);
    let store = repo.store("");
    let stored = store.proposal(1.into()).unwrap();
    assert_eq!(stored.record.head, "feature");
    assert_eq!(stored.record.base, "main");
    assert_eq!(stored.record.author, "Pat PM <pat@acme.com>");
    assert_eq!(
        stored.record.proposed_commit,
        repo.git(&["rev-parse", "feature"]).trim()
    );
    assert_eq!(
        repo.git(&["rev-parse", "refs/tplan/proposals/1"]).trim(),
        stored.tip.to_string()
    );

    let (after, review) = store
        .review(
            1.into(),
            Verdict::Approve,
            "ok",
            Some(("Ana", "ana@acme.com")),
        )
        .unwrap();
    assert_eq!(review.commit, stored.record.proposed_commit);
    assert_eq!(after.record.reviews.len(), 1);
    // One commit per action, each the child of the previous.
    assert_eq!(
        repo.git(&["rev-parse", "refs/tplan/proposals/1^"]).trim(),
        stored.tip.to_string()
    );
    // The ref keeps a reflog, as branches do.
    let log = repo.git(&["reflog", "show", "refs/tplan/proposals/1"]);
    assert_eq!(log.lines().count(), 2, "{log}");

    let closed = store.close_proposal(1.into(), PAT).unwrap();
    assert_eq!(closed.record.state, ProposalState::Closed);
    assert!(matches!(
        store.review(1.into(), Verdict::Approve, "", PAT),
        Err(StoreError::ProposalNotOpen { number: 1, .. })
    ));
    assert!(matches!(
        store.proposal(2.into()),
        Err(StoreError::NoSuchProposal { number: 2 })
    ));
}

#[test]
fn concurrent_reviews_are_reapplied_never_lost() {
    let repo = on_feature();
    propose(&repo);
    let path = repo.path().to_path_buf();
    let threads: Vec<_> = (0..6)
        .map(|i| {
            let path = path.clone();
            std::thread::spawn(move || {
                let store = tplan_git::Store::discover(&path).unwrap();
                let name = format!("R{i}");
                let email = format!("r{i}@acme.com");
                store
                    .review(1.into(), Verdict::Comment, "seen", Some((&name, &email)))
                    .unwrap();
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let record = repo.store("").proposal(1.into()).unwrap().record;
    let mut reviewers: Vec<String> = record.reviews.iter().map(|r| r.reviewer.clone()).collect();
    reviewers.sort();
    let expected: Vec<String> = (0..6).map(|i| format!("R{i} <r{i}@acme.com>")).collect();
    assert_eq!(reviewers, expected);
}

#[test]
fn records_are_checked_and_numbers_continue() {
    let repo = on_feature();
    propose(&repo);
    repo.git(&[
        "update-ref",
        "refs/tplan/proposals/2",
        "refs/tplan/proposals/1",
    ]);
    // 2 holds a record that says it is 1: corrupt, named by its ref; a
    // list skips it, reading it alone refuses.
    let (listed, skipped) = repo.store("").scan_proposals().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(skipped[0].name, "refs/tplan/proposals/2");
    assert!(
        skipped[0].reason.contains("says it is proposal 1"),
        "{skipped:?}"
    );
    match repo.store("").proposal(2.into()) {
        Err(StoreError::CorruptProposal { name, .. }) => {
            assert_eq!(name, "refs/tplan/proposals/2");
        }
        other => panic!("{other:?}"),
    }
    repo.git(&["update-ref", "-d", "refs/tplan/proposals/2"]);
    // A second branch proposes: the next free number.
    repo.git(&["switch", "-q", "-c", "other", "main"]);
    repo.write("events/d.toml", "name = \"D Happened\"\n");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "d"]);
    assert_eq!(propose(&repo), 2);
}
