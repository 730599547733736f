//! The policy gate, case by case.

use super::*;

const HEAD: &str = "1111111111111111111111111111111111111111";
const OLD: &str = "2222222222222222222222222222222222222222";
const PAT: &str = "Pat PM <pat@acme.com>";
const ANA: &str = "Ana Analyst <ana@acme.com>";
const LI: &str = "Li <li@acme.com>";
const KIM: &str = "Kim <kim@acme.com>";

fn owners() -> BTreeMap<Key, Owner> {
    let mut owners = BTreeMap::new();
    for (key, members) in [
        ("checkout", vec!["ana@acme.com", "li@acme.com"]),
        ("growth", vec!["Pat PM <pat@acme.com>"]),
        ("nobody", vec![]),
    ] {
        owners.insert(
            Key::new(key).unwrap(),
            Owner {
                key: Key::new(key).unwrap(),
                name: key.into(),
                contact: None,
                members: members.into_iter().map(String::from).collect(),
                description: None,
                id: tplan_plan::ObjectId::of(key.as_bytes()),
            },
        );
    }
    owners
}

fn review(who: &str, verdict: Verdict, commit: &str) -> Review {
    Review {
        reviewer: who.into(),
        verdict,
        message: String::new(),
        commit: commit.into(),
        time: "2026-11-25T10:00:00Z".into(),
    }
}

fn touched(event: &str, owner: &str, outcome: EventOutcome) -> Touched {
    Touched {
        event: Key::new(event).unwrap(),
        owner: Some(Key::new(owner).unwrap()),
        outcome,
    }
}

fn check(policy: &Policy, reviews: &[Review], touched: &[Touched]) -> PolicyVerdict {
    evaluate(&PolicyInput {
        policy,
        author: PAT,
        head: HEAD,
        reviews,
        touched,
        owners: &owners(),
    })
}

fn addition() -> Vec<Touched> {
    vec![touched(
        "order_completed",
        "checkout",
        EventOutcome::Changed(Class::Addition),
    )]
}

#[test]
fn one_owner_approval_of_the_head_passes_the_default_policy() {
    let policy = Policy::default();
    let v = check(&policy, &[], &addition());
    assert!(!v.passes);
    assert_eq!(
        v.unmet,
        [
            "needs 1 approval from an owner of `checkout`: order_completed changed",
            "needs 1 more approval of the current head (0 of 1)"
        ]
    );
    let v = check(&policy, &[review(ANA, Verdict::Approve, HEAD)], &addition());
    assert!(v.passes, "{v:?}");
    assert_eq!(
        v.summary(),
        "ready to publish: 1 of 1 approval on the current head"
    );
}

#[test]
fn a_non_owner_counts_towards_approvals_but_not_for_the_owner() {
    let v = check(
        &Policy::default(),
        &[review(KIM, Verdict::Approve, HEAD)],
        &addition(),
    );
    assert_eq!(v.approvals, 1);
    assert_eq!(
        v.unmet,
        ["needs 1 approval from an owner of `checkout`: order_completed changed"]
    );
    let lax = Policy {
        owners_must_approve: false,
        ..Policy::default()
    };
    assert!(check(&lax, &[review(KIM, Verdict::Approve, HEAD)], &addition()).passes);
}

#[test]
fn approvals_of_an_older_head_are_stale() {
    let v = check(
        &Policy::default(),
        &[review(ANA, Verdict::Approve, OLD)],
        &addition(),
    );
    assert!(!v.passes);
    assert_eq!(v.approvals, 0);
    assert_eq!(
        v.stances[0].note.as_deref(),
        Some("stale: approved 2222222, the head is now 1111111")
    );
}

#[test]
fn request_changes_blocks_until_the_same_reviewer_approves() {
    let reviews = vec![
        review(ANA, Verdict::RequestChanges, OLD),
        review(LI, Verdict::Approve, HEAD),
    ];
    let v = check(&Policy::default(), &reviews, &addition());
    assert_eq!(
        v.unmet,
        ["Ana Analyst requested changes (blocks until they approve)"]
    );
    // A comment does not lift it; another reviewer's approval does not either.
    let mut more = reviews.clone();
    more.push(review(ANA, Verdict::Comment, HEAD));
    assert!(!check(&Policy::default(), &more, &addition()).passes);
    more.push(review(ANA, Verdict::Approve, HEAD));
    let v = check(&Policy::default(), &more, &addition());
    assert!(v.passes, "{v:?}");
    assert_eq!(v.approvals, 2);
}

#[test]
fn the_authors_own_approval_does_not_count() {
    let growth = vec![touched("signed_up", "growth", EventOutcome::Added)];
    let v = check(
        &Policy::default(),
        &[review(PAT, Verdict::Approve, HEAD)],
        &growth,
    );
    assert!(!v.passes);
    assert_eq!(v.approvals, 0);
    assert_eq!(
        v.stances[0].note.as_deref(),
        Some("the author's own approval does not count")
    );
    assert!(v.unmet[0].starts_with("needs 1 approval from an owner of `growth`"));
}

#[test]
fn breaking_changes_need_one_more_approval_or_are_denied() {
    let touched = vec![
        touched("signed_up", "checkout", EventOutcome::Changed(Class::Model)),
        touched(
            "order_completed",
            "checkout",
            EventOutcome::Changed(Class::Addition),
        ),
    ];
    let one = [review(ANA, Verdict::Approve, HEAD)];
    let v = check(&Policy::default(), &one, &touched);
    assert!(v.breaking);
    assert_eq!(v.needed, 2);
    assert_eq!(
        v.unmet,
        ["breaking change needs 1 more approval: signed_up changed"]
    );
    let two = [
        review(ANA, Verdict::Approve, HEAD),
        review(KIM, Verdict::Approve, HEAD),
    ];
    assert!(check(&Policy::default(), &two, &touched).passes);

    let deny = Policy {
        breaking: Breaking::Deny,
        ..Policy::default()
    };
    let v = check(&deny, &two, &touched);
    assert_eq!(
        v.unmet,
        ["breaking changes are not allowed (`breaking = \"deny\"`): signed_up changed"]
    );
    let allow = Policy {
        breaking: Breaking::Allow,
        ..Policy::default()
    };
    assert!(check(&allow, &one, &touched).passes);
    // A removed event is breaking too.
    let removed = vec![self::touched(
        "signed_up",
        "checkout",
        EventOutcome::Removed,
    )];
    assert!(check(&Policy::default(), &one, &removed).breaking);
}

#[test]
fn an_owner_without_members_is_named() {
    let t = vec![touched("x_happened", "nobody", EventOutcome::Added)];
    let v = check(
        &Policy::default(),
        &[review(ANA, Verdict::Approve, HEAD)],
        &t,
    );
    assert_eq!(
        v.unmet,
        ["needs 1 approval from an owner of `nobody`, which lists no `members`: x_happened added"]
    );
}

#[test]
fn each_reviewer_counts_once_whatever_the_spelling_of_their_email() {
    let reviews = [
        review(ANA, Verdict::Approve, HEAD),
        review("Ana <ANA@acme.com>", Verdict::Approve, HEAD),
    ];
    let policy = Policy {
        approvals: 2,
        ..Policy::default()
    };
    let v = check(&policy, &reviews, &addition());
    assert_eq!(v.approvals, 1);
    assert!(!v.passes);
}
