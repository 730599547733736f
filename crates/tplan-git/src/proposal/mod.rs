//! Proposals: `tplan propose` opens one for the current branch, reviewers
//! `tplan review` its head, `tplan proposal close` gives it up, `tplan
//! proposals` lists them. Records live in git (`record.rs`); what a
//! proposal changes and whether its policy is met is `review.rs`.

mod record;

pub use record::{RECORD_FILE, SkippedProposal, StoredProposal, require_open};

use serde::Serialize;
use tplan_plan::proposal::{Person, Proposal, ProposalState, Review, Verdict};

use crate::error::StoreError;
use crate::identity::Actor;
use crate::ids::ProposalNumber;
use crate::store::Store;

/// What `tplan propose` did.
#[derive(Debug, Clone, Serialize)]
pub struct Proposed {
    /// The proposal opened (its record's fields and `record_commit`).
    #[serde(flatten)]
    pub proposal: StoredProposal,
    /// How many plan files have uncommitted changes, not part of it.
    #[serde(skip)]
    pub uncommitted: usize,
    /// Refs under `refs/tplan/proposals/` that are not readable proposals,
    /// left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedProposal>,
}

/// What `tplan proposals` lists.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalList {
    /// The proposals, by number.
    pub proposals: Vec<ListedProposal>,
    /// Refs under `refs/tplan/proposals/` that are not readable proposals,
    /// left out of the list.
    pub skipped: Vec<SkippedProposal>,
    /// The state asked for; `None`: every state.
    #[serde(skip)]
    pub state: Option<ProposalState>,
}

/// One proposal of a list.
#[derive(Debug, Clone, Serialize)]
pub struct ListedProposal {
    /// The proposal (its record's fields and `record_commit`).
    #[serde(flatten)]
    pub proposal: StoredProposal,
    /// Reviewers whose latest verdict approves.
    #[serde(skip)]
    pub approvals: usize,
    /// Reviewers whose latest verdict requests changes.
    #[serde(skip)]
    pub changes_requested: usize,
}

/// What `tplan review` did.
#[derive(Debug, Clone, Serialize)]
pub struct Reviewed {
    /// The proposal with the review.
    pub proposal: StoredProposal,
    /// The review recorded.
    pub review: Review,
    /// Whether it approves the reviewer's own proposal (which does not
    /// count).
    #[serde(skip)]
    pub own_approval: bool,
    /// What changed since the reviewer's previous review of another head:
    /// the commit that review was of, and the diff from it to this head.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since_last_review: Option<SinceLastReview>,
}

/// The changes a reviewer has not reviewed yet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SinceLastReview {
    /// The head their previous review was of.
    pub commit: String,
    /// Its semantic diff to the head reviewed now.
    pub report: tplan_evolution::Report,
}

/// What `tplan propose` needs.
#[derive(Debug, Clone)]
pub struct NewProposal<'a> {
    /// The branch to merge into.
    pub base: &'a str,
    /// One line.
    pub title: &'a str,
    /// Free text.
    pub body: &'a str,
}

impl Store {
    /// `tplan propose`: [`Store::propose`], and how many plan files it
    /// leaves out because they are not committed.
    pub fn propose_report(
        &self,
        new: &NewProposal<'_>,
        actor: Actor<'_>,
    ) -> Result<Proposed, StoreError> {
        let uncommitted = self.changed_plan_files()?.len();
        let proposal = self.propose(new, actor)?;
        Ok(Proposed {
            proposal,
            uncommitted,
            skipped: self.scan_proposals()?.1,
        })
    }

    /// `tplan proposals`: the proposals in `state` (`None`: all), with
    /// their reviewers' latest verdicts counted.
    pub fn proposal_list(&self, state: Option<ProposalState>) -> Result<ProposalList, StoreError> {
        let (all, skipped) = self.scan_proposals()?;
        let proposals = all
            .into_iter()
            .filter(|p| state.is_none_or(|s| p.record.state == s))
            .map(|proposal| {
                let (approvals, changes_requested) = verdicts(&proposal.record);
                ListedProposal {
                    proposal,
                    approvals,
                    changes_requested,
                }
            })
            .collect();
        Ok(ProposalList {
            proposals,
            skipped,
            state,
        })
    }

    /// `tplan review`: [`Store::review`], saying whether it is an approval
    /// of one's own proposal.
    pub fn review_report(
        &self,
        number: ProposalNumber,
        verdict: Verdict,
        message: &str,
        actor: Actor<'_>,
    ) -> Result<Reviewed, StoreError> {
        let (proposal, review) = self.review(number, verdict, message, actor)?;
        let same = |a: &str, b: &str| {
            Person::parse(a)
                .ok()
                .zip(Person::parse(b).ok())
                .is_some_and(|(a, b)| a.same_as(&b))
        };
        let own = same(&review.reviewer, &proposal.record.author);
        // Their previous review, of another head (the last one is this).
        let reviews = &proposal.record.reviews;
        let previous = reviews[..reviews.len().saturating_sub(1)]
            .iter()
            .rev()
            .find(|r| same(&r.reviewer, &review.reviewer));
        let since_last_review = match previous {
            Some(p) if p.commit != review.commit => Some(SinceLastReview {
                commit: p.commit.clone(),
                report: self.diff_commits(&p.commit, &review.commit)?,
            }),
            _ => None,
        };
        Ok(Reviewed {
            own_approval: own && verdict == Verdict::Approve,
            proposal,
            review,
            since_last_review,
        })
    }

    /// The semantic diff between two commits' plans (only what differs is
    /// read).
    fn diff_commits(&self, old: &str, new: &str) -> Result<tplan_evolution::Report, StoreError> {
        let (old_files, new_files) = self.read_pair(old, new)?;
        let old_plan = self.parse_at(&old_files, old)?;
        let new_plan = self.parse_at(&new_files, new)?;
        tplan_evolution::diff_plans(
            &old_plan,
            &new_plan,
            &tplan_evolution::DiffOptions::default(),
        )
        .map_err(|e| StoreError::InvalidPlanAt {
            rev: new.to_string(),
            file: tplan_plan::files::MANIFEST.into(),
            message: e.to_string(),
        })
    }

    /// Opens a proposal to merge the current branch into `new.base`.
    pub fn propose(
        &self,
        new: &NewProposal<'_>,
        actor: Actor<'_>,
    ) -> Result<StoredProposal, StoreError> {
        let (head, head_tip) = match self.head()? {
            crate::branch::Head::Branch {
                name,
                commit: Some(commit),
            } => (name.to_string(), commit.oid()),
            crate::branch::Head::Branch { name, commit: None } => {
                return Err(StoreError::Unborn {
                    spec: "HEAD".into(),
                    branch: name.to_string(),
                });
            }
            crate::branch::Head::Detached { commit } => {
                return Err(StoreError::DetachedHead {
                    commit: commit.to_string(),
                });
            }
        };
        if head == new.base {
            return Err(StoreError::ProposeFromBase { base: head });
        }
        let base_tip = self
            .branch_tip(new.base)?
            .ok_or_else(|| self.no_such_branch(new.base))?;
        let merge_base = self.shared_base((base_tip, new.base), (head_tip, &head))?;
        if merge_base == head_tip {
            return Err(StoreError::NothingToPropose {
                head,
                base: new.base.to_string(),
            });
        }
        if let Some(open) = self.proposals()?.into_iter().find(|p| {
            p.record.state == ProposalState::Open
                && p.record.head == head
                && p.record.base == new.base
        }) {
            return Err(StoreError::ProposalExists {
                number: open.record.number,
                head,
                base: new.base.to_string(),
            });
        }
        let record = Proposal {
            number: 0,
            title: new.title.trim().to_string(),
            body: new.body.trim().to_string(),
            base: new.base.to_string(),
            head,
            author: self.identity(actor)?,
            state: ProposalState::Open,
            created: self.action_time(actor)?,
            proposed_commit: head_tip.to_string(),
            published: None,
            reviews: Vec::new(),
        };
        self.create_proposal(record, actor)
    }

    /// Records a review of the proposal's current head.
    pub fn review(
        &self,
        number: ProposalNumber,
        verdict: Verdict,
        message: &str,
        actor: Actor<'_>,
    ) -> Result<(StoredProposal, Review), StoreError> {
        let reviewer = self.identity(actor)?;
        let time = self.action_time(actor)?;
        let mut added = None;
        let summary = format!("Review #{number}: {verdict} by {reviewer}");
        let stored = self.update_proposal(number, &summary, actor, |record| {
            require_open(record)?;
            let head = self
                .branch_tip(&record.head)?
                .ok_or_else(|| self.no_such_branch(&record.head))?;
            // A verdict is on what the reviewer has seen: never on a head
            // the branch's remote has moved past.
            if verdict != Verdict::Comment
                && let Some(behind) = self.remote_ahead(&record.head, head)?
            {
                return Err(behind);
            }
            let review = Review {
                reviewer: reviewer.clone(),
                verdict,
                message: message.trim().to_string(),
                commit: head.to_string(),
                time: time.clone(),
            };
            record.reviews.push(review.clone());
            added = Some(review);
            Ok(())
        })?;
        Ok((stored, added.expect("the update ran")))
    }

    /// For an open proposal whose head branch here is behind its remote
    /// (fetched, not pulled): the sentence saying so, for `proposal show`
    /// to warn with (a review of it is refused).
    pub fn head_behind_remote(
        &self,
        stored: &StoredProposal,
    ) -> Result<Option<String>, StoreError> {
        let record = &stored.record;
        if record.state != ProposalState::Open {
            return Ok(None);
        }
        let Some(head) = self.branch_tip(&record.head)? else {
            return Ok(None);
        };
        Ok(self
            .remote_ahead(&record.head, head)?
            .map(|e| e.to_string()))
    }

    /// Closes an open proposal without publishing it.
    pub fn close_proposal(
        &self,
        number: ProposalNumber,
        actor: Actor<'_>,
    ) -> Result<StoredProposal, StoreError> {
        let who = self.identity(actor)?;
        self.update_proposal(
            number,
            &format!("Close #{number} by {who}"),
            actor,
            |record| {
                require_open(record)?;
                record.state = ProposalState::Closed;
                Ok(())
            },
        )
    }
}

/// Reviewers whose latest verdict approves, and whose requests changes
/// (comments are no verdict; a reviewer is their email, any case).
fn verdicts(record: &Proposal) -> (usize, usize) {
    let author = Person::parse(&record.author).ok();
    let mut latest: Vec<(String, Verdict)> = Vec::new();
    for review in &record.reviews {
        if review.verdict == Verdict::Comment {
            continue;
        }
        // The author's own approval never counts, as the policy says.
        let own = Person::parse(&review.reviewer)
            .ok()
            .zip(author.as_ref())
            .is_some_and(|(r, a)| r.same_as(a));
        if own && review.verdict == Verdict::Approve {
            continue;
        }
        let who = Person::parse(&review.reviewer)
            .map(|p| p.email.to_ascii_lowercase())
            .unwrap_or_else(|_| review.reviewer.clone());
        match latest.iter_mut().find(|(w, _)| *w == who) {
            Some(entry) => entry.1 = review.verdict,
            None => latest.push((who, review.verdict)),
        }
    }
    let count = |v: Verdict| latest.iter().filter(|(_, x)| *x == v).count();
    (count(Verdict::Approve), count(Verdict::RequestChanges))
}
