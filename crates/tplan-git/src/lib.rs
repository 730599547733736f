//! tplan-git: the store. A plan lives in a folder of a git repository;
//! this crate finds it, reads it at any revision straight from the object
//! database (never touching the work tree), and commits it.
//!
//! Every ref update is a compare-and-swap, made after every object is
//! written: a command that cannot finish leaves the repository as it was.
//!
//! Where things are, from the bottom up (a file uses only files listed
//! before it):
//! - `error/`: the errors, as diagnostics; `ids.rs`: the names git gives
//!   things (commit ids, branch and ref names, proposal numbers);
//!   `store.rs`: the repository around a plan, revisions.
//! - `tree/`: every walk over git trees; `read.rs`: a plan at a revision;
//!   `pair.rs`: two revisions for a diff, reading only what differs.
//! - `identity.rs`: who acts; `refs.rs`: tplan's refs and the one
//!   compare-and-swap; `index.rs`, `worktree.rs`: the index and the work
//!   tree; `changes.rs`: what differs from `HEAD`.
//! - `snapshot.rs`: a commit of the plan folder; `gate.rs`: the lint gates.
//! - One file or folder per command's work, each with its report:
//!   `branch.rs`, `merge/`, `commit.rs`, `status.rs`, `history/` (log,
//!   blame), `driver.rs` (the merge driver), `setup.rs`, `proposal/`,
//!   `review.rs`, `registry.rs`, `publish/`, `sync.rs`.

mod bare;
mod branch;
mod changes;
mod commit;
mod default_branch;
mod driver;
mod error;
pub mod failpoint;
mod gate;
mod history;
mod identity;
mod ids;
mod index;
mod journal;
mod merge;
mod new_branch;
mod pair;
mod proposal;
mod publish;
mod read;
mod refs;
mod registry;
mod review;
mod setup;
mod shallow;
mod snapshot;
mod status;
mod store;
mod sync;
mod tree;
mod worktree;
mod worktrees;

pub use branch::{Branch, BranchCreated, BranchList, Head, SwitchOptions, Switched};
pub use changes::{FileChange, FileChangeKind};
pub use commit::{CommitOptions, CommitReport};
pub use default_branch::{DefaultBranch, DefaultFrom};
pub use driver::{DriverMerge, merge_driver, plan_path};
pub use error::StoreError;
pub use gate::{lint_conflicts, lint_conflicts_loaded};
pub use history::{
    BlameEntry, BlameReport, CommitInfo, EventHistories, LogClass, LogEntry, LogReport, LogSubject,
};
pub use identity::Actor;
pub use ids::{BranchName, CommitId, ProposalNumber, RefName, TreeId};
pub use journal::{INTENT_REF, Interrupted, Recovery};
pub use merge::{
    Aborted, Concluded, MergeOptions, MergeOutcome, MergeReport, MergeState, PreparedMerge,
    first_marker, is_marked,
};
pub use proposal::{
    ListedProposal, NewProposal, ProposalList, Proposed, RECORD_FILE, Reviewed, SkippedProposal,
    StoredProposal, require_open,
};
pub use publish::{
    PreparedPublish, PublishOptions, PublishOutcome, PublishReport, PublishRequest, Refusal,
};
pub use refs::{PROPOSALS_PREFIX, REGISTRY_REF, remote_prefix};
pub use review::{Assessment, ProposalRevs};
pub use setup::{ATTRIBUTES, DriverState, GitSetup};
pub use status::{MergeStatus, StatusReport, Unresolved};
pub use store::{Revision, Store, ensure_repo, find_plan_dir};
pub use sync::{SyncAction, SyncEntry, SyncReport, SyncSubject, check_remote_name};
