//! `tplan sync`: proposals and the registry brought together with a
//! remote's, as `git pull` does for a branch.
//!
//! git does the transport (`git fetch`, with the user's remotes, keys and
//! credentials): the remote's `refs/tplan/*` land on
//! `refs/tplan-remotes/<remote>/*`, outside `refs/tplan/` so pushing
//! `refs/tplan/*` never sends them back, and outside `refs/remotes/` so a
//! branch named `tplan` cannot collide with them. Then each remote
//! proposal is taken (new here), fast-forwarded to, kept (ours is ahead),
//! or joined with ours in a merge commit whose record has both sides'
//! reviews. Two clones that numbered different proposals alike keep both:
//! ours moves to a free number. Every ref moves by compare-and-swap, all
//! of them as one journaled operation ([`crate::journal`]): a sync killed
//! midway has moved none, or, once recovered, all.

use std::fmt;
use std::path::Path;

use gix::bstr::ByteSlice;
use gix::refs::FullName;
use serde::Serialize;
use tplan_plan::proposal::Proposal;

use crate::error::StoreError;
use crate::identity::Actor;
use crate::ids::{ProposalNumber, RefName};
use crate::journal::{Operation, RefMove};
use crate::refs::{PROPOSALS_PREFIX, number_of, proposal_ref, registry_ref, remote_prefix};
use crate::store::Store;

/// What sync did to one ref.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum SyncAction {
    /// Only the remote had it: taken as it is.
    Created,
    /// Ours was behind: moved to the remote's.
    FastForwarded,
    /// Both had updates: joined in a merge commit.
    Joined {
        /// Reviews only the remote had.
        reviews_added: usize,
        /// Fields both changed differently, where ours was kept.
        kept_ours: Vec<&'static str>,
    },
    /// Ours has updates the remote has not: push them.
    Ahead,
    /// The same on both sides.
    UpToDate,
    /// Ours was another proposal under the same number: it moved to `to`,
    /// and the number is the remote's.
    Renumbered {
        /// Our proposal's new number.
        to: ProposalNumber,
    },
    /// The registries differ and neither contains the other: two clones
    /// published apart. Left as it is; the message says what to do.
    Diverged,
    /// The remote's record cannot be read; left out.
    Unreadable {
        /// Why.
        reason: String,
    },
}

/// The ref moves a sync has decided on, made together at its end, and the
/// next proposal number free on both sides.
struct Moves {
    refs: Vec<RefMove>,
    next_free: u64,
}

impl Moves {
    fn push(&mut self, name: &str, from: Option<gix::ObjectId>, to: gix::ObjectId, message: &str) {
        self.refs.push(RefMove {
            new_reflog: true,
            ..RefMove::new(name, from, to, message)
        });
    }
}

/// A ref's first step in a sync.
enum Follow {
    /// Settled without looking inside.
    Done(SyncAction),
    /// Both sides moved: our tip, and the merge base when there is one.
    Diverged {
        ours: gix::ObjectId,
        base: Option<gix::ObjectId>,
    },
}

/// The ref a sync entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncSubject {
    /// A proposal, by number.
    Proposal(ProposalNumber),
    /// The registry.
    Registry,
}

impl fmt::Display for SyncSubject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyncSubject::Proposal(n) => write!(f, "proposal {n}"),
            SyncSubject::Registry => f.write_str("registry"),
        }
    }
}

impl Serialize for SyncSubject {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One ref's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncEntry {
    /// `proposal 3` or `registry`.
    pub subject: SyncSubject,
    /// What happened.
    #[serde(flatten)]
    pub action: SyncAction,
}

/// What `sync` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// The remote.
    pub remote: String,
    /// One entry per proposal the remote has, then the registry.
    pub entries: Vec<SyncEntry>,
    /// Whether the remote lacks what we have: a push is due.
    pub push_needed: bool,
}

/// Checks a remote name before it becomes part of a ref name or a git
/// argument: what git accepts for a remote, no option look-alikes.
pub fn check_remote_name(remote: &str) -> Result<(), StoreError> {
    let plain = !remote.is_empty()
        && !remote.starts_with(['-', '.', '/'])
        && !remote.ends_with(['/', '.'])
        && !remote.contains("..")
        && !remote.contains("//")
        && remote
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
    if plain && FullName::try_from(format!("{}x", remote_prefix(remote))).is_ok() {
        Ok(())
    } else {
        Err(StoreError::BadRemoteName {
            name: remote.to_string(),
        })
    }
}

impl Store {
    /// `tplan sync`: fetches the remote's tplan refs (unless `fetch` is
    /// off: they were fetched already), then [`Store::sync_with`].
    pub fn sync(
        &self,
        remote: &str,
        fetch: bool,
        actor: Actor<'_>,
    ) -> Result<SyncReport, StoreError> {
        check_remote_name(remote)?;
        if fetch {
            self.fetch_tplan_refs(remote)?;
        }
        self.sync_with(remote, actor)
    }

    /// Runs `git fetch REMOTE` (its branches, as configured: proposals are
    /// reviewed on them) and `git fetch REMOTE
    /// '+refs/tplan/*:refs/tplan-remotes/REMOTE/*'`: git's own transport,
    /// configuration and credentials. Their progress goes to standard error.
    pub fn fetch_tplan_refs(&self, remote: &str) -> Result<(), StoreError> {
        check_remote_name(remote)?;
        let refspec = format!("+refs/tplan/*:{}*", remote_prefix(remote));
        // Like `git pull`: what the branches did, and progress on a terminal.
        self.git(&["fetch", "--", remote])?;
        self.git(&[
            "fetch",
            "--quiet",
            "--no-write-fetch-head",
            "--",
            remote,
            &refspec,
        ])
    }

    /// Runs git in this repository, its output on ours.
    fn git(&self, args: &[&str]) -> Result<(), StoreError> {
        // Named without its options, as a person would type it.
        let words: Vec<&str> = args
            .iter()
            .copied()
            .filter(|a| !a.starts_with("--"))
            .collect();
        let shown = format!("git {}", words.join(" "));
        let status = std::process::Command::new("git")
            .arg("-C")
            .arg(self.git_dir_parent())
            .args(args)
            .stdin(std::process::Stdio::null())
            .status()
            .map_err(|e| StoreError::GitCommand {
                command: shown.clone(),
                reason: e.to_string(),
            })?;
        if status.success() {
            Ok(())
        } else {
            Err(StoreError::GitCommand {
                command: shown,
                reason: match status.code() {
                    Some(code) => format!("exit code {code}"),
                    None => "killed".into(),
                },
            })
        }
    }

    fn git_dir_parent(&self) -> &Path {
        self.repo.workdir().unwrap_or_else(|| self.repo.git_dir())
    }

    /// Brings the remote's proposals and registry (as fetched onto
    /// `refs/tplan-remotes/REMOTE/`) together with ours.
    pub fn sync_with(&self, remote: &str, actor: Actor<'_>) -> Result<SyncReport, StoreError> {
        check_remote_name(remote)?;
        let prefix = remote_prefix(remote);
        let mut theirs: Vec<(u64, gix::ObjectId)> = Vec::new();
        let mut their_registry = None;
        {
            let refs = self.repo.references()?;
            for reference in refs.prefixed(prefix.as_str())? {
                let mut reference = reference.map_err(gix::Error::from_error)?;
                let name = reference.name().as_bstr().to_str_lossy().into_owned();
                let rest = &name[prefix.len()..];
                let tip = reference.peel_to_id()?.detach();
                if rest == "registry" {
                    their_registry = Some(tip);
                } else if let Some(n) = rest
                    .strip_prefix("proposals/")
                    .and_then(|d| number_of(&format!("{PROPOSALS_PREFIX}{d}")))
                {
                    theirs.push((n, tip));
                }
            }
        }
        if theirs.is_empty() && their_registry.is_none() {
            return Err(StoreError::NothingFetched {
                remote: remote.to_string(),
            });
        }
        theirs.sort();
        let mut report = SyncReport {
            remote: remote.to_string(),
            ..SyncReport::default()
        };
        // Proposals only we have are ours to push.
        let remote_numbers: Vec<u64> = theirs.iter().map(|(n, _)| *n).collect();
        if self
            .proposals()?
            .iter()
            .any(|p| !remote_numbers.contains(&p.record.number))
        {
            report.push_needed = true;
        }
        let local_max = self.proposals()?.iter().map(|p| p.record.number).max();
        let mut moves = Moves {
            refs: Vec::new(),
            next_free: local_max
                .into_iter()
                .chain(remote_numbers)
                .max()
                .unwrap_or(0)
                + 1,
        };
        for (number, their_tip) in theirs {
            let action = self.sync_proposal(remote, number, their_tip, &mut moves, actor)?;
            if matches!(
                action,
                SyncAction::Joined { .. } | SyncAction::Ahead | SyncAction::Renumbered { .. }
            ) {
                report.push_needed = true;
            }
            report.entries.push(SyncEntry {
                subject: SyncSubject::Proposal(number.into()),
                action,
            });
        }
        if let Some(their_tip) = their_registry {
            let action = self.sync_registry(remote, their_tip, &mut moves)?;
            report.push_needed |= action == SyncAction::Ahead;
            report.entries.push(SyncEntry {
                subject: SyncSubject::Registry,
                action,
            });
        }
        if !moves.refs.is_empty() {
            self.run_operation(Operation {
                what: format!("sync with {remote}"),
                refs: moves.refs,
                ..Operation::default()
            })?;
        }
        Ok(report)
    }

    fn sync_proposal(
        &self,
        remote: &str,
        number: u64,
        their_tip: gix::ObjectId,
        moves: &mut Moves,
        actor: Actor<'_>,
    ) -> Result<SyncAction, StoreError> {
        let their_name = format!("{}proposals/{number}", remote_prefix(remote));
        let theirs = match self.read_record(number, &their_name, their_tip) {
            Ok(stored) => stored.record,
            Err(StoreError::CorruptProposal { reason, .. }) => {
                return Ok(SyncAction::Unreadable { reason });
            }
            Err(e) => return Err(e),
        };
        let ours_name = proposal_ref(number);
        let (our_tip, base) = match self.follow(&ours_name, their_tip, remote, moves)? {
            Follow::Done(action) => return Ok(action),
            Follow::Diverged { ours, base } => (ours, base),
        };
        let message = format!("sync: #{number} with {remote}");
        match base {
            Some(b) => {
                let ours = self
                    .read_record(number, ours_name.as_str(), our_tip)?
                    .record;
                let base = self.read_record(number, ours_name.as_str(), b)?.record;
                let joined = Proposal::join(&base, &ours, &theirs);
                let commit = self.write_record_with_parents(
                    &joined.record,
                    &[our_tip, their_tip],
                    &format!("Sync #{number} with {remote}: {}", joined.record.title),
                    actor,
                )?;
                moves.push(ours_name.as_str(), Some(our_tip), commit, &message);
                Ok(SyncAction::Joined {
                    reviews_added: joined.reviews_added,
                    kept_ours: joined.kept_ours,
                })
            }
            None => {
                // Two proposals numbered alike in two clones: ours takes the
                // next number free on both sides, the number goes to theirs.
                let ours = self
                    .read_record(number, ours_name.as_str(), our_tip)?
                    .record;
                let to = moves.next_free;
                moves.next_free += 1;
                let mut moved = ours;
                moved.number = to;
                let commit = self.write_record_with_parents(
                    &moved,
                    &[our_tip],
                    &format!("Renumber #{number} to #{to}: {remote} has another #{number}"),
                    actor,
                )?;
                moves.push(proposal_ref(to).as_str(), None, commit, &message);
                moves.push(ours_name.as_str(), Some(our_tip), their_tip, &message);
                Ok(SyncAction::Renumbered { to: to.into() })
            }
        }
    }

    /// The registry only grows by publishing; two clones' registries that
    /// both grew are not joined here (a publish each, made apart).
    fn sync_registry(
        &self,
        remote: &str,
        their_tip: gix::ObjectId,
        moves: &mut Moves,
    ) -> Result<SyncAction, StoreError> {
        Ok(
            match self.follow(&registry_ref(), their_tip, remote, moves)? {
                Follow::Done(action) => action,
                Follow::Diverged { .. } => SyncAction::Diverged,
            },
        )
    }

    /// What every ref sync starts with: take the remote's tip when ours is
    /// missing or behind, nothing when they agree or ours is ahead; else
    /// the two tips diverged (with their merge base, if any).
    fn follow(
        &self,
        name: &RefName,
        their_tip: gix::ObjectId,
        remote: &str,
        moves: &mut Moves,
    ) -> Result<Follow, StoreError> {
        let Some(our_tip) = self.tip_of(name)? else {
            moves.push(
                name.as_str(),
                None,
                their_tip,
                &format!("sync: {name} from {remote}"),
            );
            return Ok(Follow::Done(SyncAction::Created));
        };
        if our_tip == their_tip {
            return Ok(Follow::Done(SyncAction::UpToDate));
        }
        let base = self.merge_base_of(our_tip, their_tip)?;
        Ok(match base {
            Some(b) if b == their_tip => Follow::Done(SyncAction::Ahead),
            Some(b) if b == our_tip => {
                moves.push(
                    name.as_str(),
                    Some(our_tip),
                    their_tip,
                    &format!("sync: {name} with {remote}"),
                );
                Follow::Done(SyncAction::FastForwarded)
            }
            base => Follow::Diverged {
                ours: our_tip,
                base,
            },
        })
    }
}
