//! The gate between a proposal and a release: does a proposal, with its
//! reviews, meet the plan's `[policy]`?
//!
//! - Each reviewer's latest verdict (comments aside) is their stance.
//! - An approval counts only for the proposal's current head commit; one
//!   for an older commit is stale.
//! - A request-changes blocks until the same reviewer approves.
//! - The author's own approval does not count.
//! - `approvals` approvals are needed; a breaking change (a `model` change
//!   or a removed event) needs one more with `breaking = "approve"`, and is
//!   refused with `breaking = "deny"`.
//! - With `owners_must_approve`, an owner (through the owner's `members`)
//!   of every touched event must be among the counted approvals.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use tplan_plan::model::{Breaking, Policy};
use tplan_plan::proposal::{Person, Review, Verdict};
use tplan_plan::{Key, Owner, Plan};

use crate::bump::EventOutcome;
use crate::class::Class;
use crate::report::Report;

/// An event the proposal changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Touched {
    /// Its key.
    pub event: Key,
    /// Its owner's key (at the head; at the base for a removed event).
    pub owner: Option<Key>,
    /// What happened to it.
    pub outcome: EventOutcome,
}

impl Touched {
    /// A change that breaks historical data or its consumers.
    pub fn is_breaking(&self) -> bool {
        matches!(
            self.outcome,
            EventOutcome::Changed(Class::Model)
                | EventOutcome::Readded(Class::Model)
                | EventOutcome::Removed
        )
    }

    fn verb(&self) -> String {
        match self.outcome {
            EventOutcome::Added => format!("{} added", self.event),
            EventOutcome::Removed => format!("{} removed", self.event),
            _ => format!("{} changed", self.event),
        }
    }
}

/// The events a plan diff touches, with their owners.
pub fn touched(report: &Report, old: &Plan, new: &Plan) -> Vec<Touched> {
    report
        .events
        .iter()
        .filter(|e| e.outcome != EventOutcome::Unchanged)
        .map(|e| {
            let owner = new
                .event(e.key.as_str())
                .or_else(|| old.event(e.key.as_str()))
                .and_then(|ev| ev.owner.clone());
            Touched {
                event: e.key.clone(),
                owner,
                outcome: e.outcome,
            }
        })
        .collect()
}

/// What the policy is checked against.
#[derive(Debug, Clone, Copy)]
pub struct PolicyInput<'a> {
    /// The base's `[policy]`: a proposal cannot loosen its own gate.
    pub policy: &'a Policy,
    /// Who proposed it (`Name <email>`).
    pub author: &'a str,
    /// The proposal's current head commit.
    pub head: &'a str,
    /// Its reviews, oldest first.
    pub reviews: &'a [Review],
    /// The events it changes.
    pub touched: &'a [Touched],
    /// Owners, by key (the base's: members who may approve).
    pub owners: &'a BTreeMap<Key, Owner>,
}

/// A reviewer's standing verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stance {
    /// `Name <email>`.
    pub reviewer: String,
    /// `approve` or `request-changes`.
    pub verdict: Verdict,
    /// The commit reviewed.
    pub commit: String,
    /// Whether it counts towards `approvals` (an approval of the current
    /// head by someone else than the author).
    pub counts: bool,
    /// Why it does not count, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The policy's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyVerdict {
    /// Whether the proposal may be published.
    pub passes: bool,
    /// Approvals needed (breaking included).
    pub needed: u32,
    /// Approvals that count.
    pub approvals: u32,
    /// Whether the proposal changes historical data incompatibly.
    pub breaking: bool,
    /// Each reviewer's standing verdict.
    pub stances: Vec<Stance>,
    /// What is missing, one sentence each; empty when it passes.
    pub unmet: Vec<String>,
}

impl PolicyVerdict {
    /// The verdict in one line: `ready to publish`, or what is missing.
    pub fn summary(&self) -> String {
        if self.passes {
            format!(
                "ready to publish: {} of {} approval{} on the current head",
                self.approvals,
                self.needed,
                if self.needed == 1 { "" } else { "s" }
            )
        } else {
            self.unmet.join("; ")
        }
    }
}

/// Each reviewer's standing verdict, who counts, and who blocks.
struct Reviews {
    stances: Vec<Stance>,
    approvers: Vec<Person>,
    blocking: Vec<String>,
}

/// Each reviewer's latest approve or request-changes, in review order,
/// judged against the author and the head.
fn reviews(input: &PolicyInput<'_>) -> Reviews {
    let author = Person::parse(input.author).ok();
    let mut latest: BTreeMap<String, &Review> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for review in input.reviews {
        if review.verdict == Verdict::Comment {
            continue;
        }
        let key = Person::parse(&review.reviewer)
            .map(|p| p.email.to_ascii_lowercase())
            .unwrap_or_else(|_| review.reviewer.clone());
        if !latest.contains_key(&key) {
            order.push(key.clone());
        }
        latest.insert(key, review);
    }
    let mut found = Reviews {
        stances: Vec::new(),
        approvers: Vec::new(),
        blocking: Vec::new(),
    };
    for key in &order {
        let review = latest[key];
        let person = Person::parse(&review.reviewer).ok();
        let own = match (&person, &author) {
            (Some(p), Some(a)) => p.same_as(a),
            _ => false,
        };
        let (counts, note) = match review.verdict {
            Verdict::RequestChanges => {
                found.blocking.push(display_name(&review.reviewer));
                (false, Some("blocks until they approve".to_string()))
            }
            Verdict::Approve if own => (
                false,
                Some("the author's own approval does not count".into()),
            ),
            Verdict::Approve if review.commit != input.head => (
                false,
                Some(format!(
                    "stale: approved {}, the head is now {}",
                    short(&review.commit),
                    short(input.head)
                )),
            ),
            _ => (true, None),
        };
        if counts && let Some(p) = person {
            found.approvers.push(p);
        }
        found.stances.push(Stance {
            reviewer: review.reviewer.clone(),
            verdict: review.verdict,
            commit: review.commit.clone(),
            counts,
            note,
        });
    }
    found
}

/// With `owners_must_approve`: each owner of touched events none of whose
/// members approved.
fn owners_missing(input: &PolicyInput<'_>, approvers: &[Person]) -> Vec<String> {
    let mut unmet = Vec::new();
    let mut by_owner: BTreeMap<&Key, Vec<&Touched>> = BTreeMap::new();
    // An event without an owner has nobody to ask (lint flags it).
    for t in input.touched {
        if let Some(owner) = &t.owner {
            by_owner.entry(owner).or_default().push(t);
        }
    }
    for (owner, events) in by_owner {
        let members: BTreeSet<String> = input
            .owners
            .get(owner)
            .map(|o| o.members.iter().map(|m| member_email(m)).collect())
            .unwrap_or_default();
        let approved = approvers
            .iter()
            .any(|p| members.contains(&p.email.to_ascii_lowercase()));
        if !approved {
            let why = list(events.iter().map(|t| t.verb()));
            if members.is_empty() {
                unmet.push(format!(
                    "needs 1 approval from an owner of `{owner}`, which lists no `members`: {why}"
                ));
            } else {
                unmet.push(format!(
                    "needs 1 approval from an owner of `{owner}`: {why}"
                ));
            }
        }
    }
    unmet
}

/// Checks a proposal against its policy.
pub fn evaluate(input: &PolicyInput<'_>) -> PolicyVerdict {
    let Reviews {
        stances,
        approvers,
        blocking,
    } = reviews(input);
    let policy = input.policy;
    let breaking_events: Vec<&Touched> = input.touched.iter().filter(|t| t.is_breaking()).collect();
    let breaking = !breaking_events.is_empty();
    let extra = u32::from(breaking && policy.breaking == Breaking::Approve);
    let needed = policy.approvals + extra;
    let approvals = approvers.len() as u32;
    let mut unmet = Vec::new();

    if breaking && policy.breaking == Breaking::Deny {
        unmet.push(format!(
            "breaking changes are not allowed (`breaking = \"deny\"`): {}",
            list(breaking_events.iter().map(|t| t.verb()))
        ));
    }
    for who in &blocking {
        unmet.push(format!(
            "{who} requested changes (blocks until they approve)"
        ));
    }
    if policy.owners_must_approve {
        unmet.extend(owners_missing(input, &approvers));
    }
    if approvals < needed {
        let missing = needed - approvals;
        let plural = if missing == 1 { "" } else { "s" };
        if extra > 0 && approvals >= policy.approvals {
            unmet.push(format!(
                "breaking change needs {missing} more approval{plural}: {}",
                list(breaking_events.iter().map(|t| t.verb()))
            ));
        } else if extra > 0 {
            unmet.push(format!(
                "needs {missing} more approval{plural} ({} for any change, 1 more for the breaking change)",
                policy.approvals
            ));
        } else {
            unmet.push(format!(
                "needs {missing} more approval{plural} of the current head ({approvals} of {needed})"
            ));
        }
    }
    PolicyVerdict {
        passes: unmet.is_empty(),
        needed,
        approvals,
        breaking,
        stances,
        unmet,
    }
}

/// `ana@acme.com` from `ana@acme.com` or `Ana <ana@acme.com>`, lowercased.
fn member_email(member: &str) -> String {
    Person::parse(member)
        .map(|p| p.email)
        .unwrap_or_else(|_| member.trim().to_string())
        .to_ascii_lowercase()
}

fn display_name(person: &str) -> String {
    Person::parse(person)
        .map(|p| p.name)
        .unwrap_or_else(|_| person.to_string())
}

fn short(commit: &str) -> &str {
    &commit[..commit.len().min(7)]
}

/// `a, b and c`, at most five then `and N more`.
fn list(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    const SHOWN: usize = 5;
    let mut text = items
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        text.push_str(&format!(" and {} more", items.len() - SHOWN));
    }
    text
}

#[cfg(test)]
mod tests;
