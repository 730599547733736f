//! The store's errors: one enum, each variant carrying what the CLI needs
//! to say precisely what went wrong.

use std::path::{Path, PathBuf};

use gix::refs::file::transaction::prepare::{MustNotExist, ReferenceOutOfDate};

/// What can go wrong reading or writing a plan in git.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No folder from `start` upwards holds a `tplan.toml`.
    #[error("no plan here: no `tplan.toml` in `{}` or any folder above it", start.display())]
    NoPlan { start: PathBuf },
    /// The plan folder is not inside a git repository.
    #[error("`{}` is not inside a git repository", dir.display())]
    NotARepo {
        dir: PathBuf,
        #[source]
        source: gix::Error,
    },
    /// The repository has no work tree (a bare repository).
    #[error("the repository at `{}` has no work tree", git_dir.display())]
    Bare { git_dir: PathBuf },
    /// A revision git cannot resolve.
    #[error("unknown revision `{spec}`")]
    UnknownRevision {
        spec: String,
        #[source]
        source: gix::Error,
    },
    /// `HEAD` names a branch without commits.
    #[error("`{spec}` has no commits yet (branch `{branch}` is unborn)")]
    Unborn { spec: String, branch: String },
    /// The revision has no plan folder or no `tplan.toml` in it.
    #[error("there is no plan at `{rev}`: `{path}` does not exist there")]
    NoPlanAt { rev: String, path: String },
    /// Reading the work tree failed.
    #[error(transparent)]
    Read(#[from] tplan_plan::files::ReadError),
    /// A plan file that cannot be committed as it is.
    #[error("cannot commit `{path}`: {reason}")]
    CannotCommit { path: String, reason: String },
    /// No author or committer identity is configured.
    #[error("no git identity is configured, so the commit has no author")]
    NoIdentity,
    /// The plan is exactly as committed.
    #[error("nothing to commit: the plan is as committed at `HEAD`")]
    NothingToCommit,
    /// `HEAD` is not on a branch.
    #[error("`HEAD` is detached (at {commit}): switch to a branch to commit")]
    DetachedHead { commit: String },
    /// Someone else moved a ref between our read and our write.
    #[error(
        "`{name}` was moved by someone else (now at {actual}); nothing was changed, run the command again"
    )]
    RefConflict { name: String, actual: String },
    /// A ref that must not exist does.
    #[error("`{name}` already exists (at {actual})")]
    RefExists { name: String, actual: String },
    /// A ref that must exist does not.
    #[error("`{name}` does not exist")]
    RefMissing { name: String },
    /// Another process holds a lock on the repository.
    #[error("the repository is locked by another git process; try again")]
    Locked(#[source] gix::Error),
    /// A remote name that cannot be one (or could pass for an option).
    #[error("`{name}` is not a remote name")]
    BadRemoteName { name: String },
    /// `sync` found none of the remote's tplan refs.
    #[error("no proposals or registry fetched from `{remote}`")]
    NothingFetched { remote: String },
    /// A git command tplan ran failed (its own message went to stderr).
    #[error("`{command}` failed: {reason}")]
    GitCommand { command: String, reason: String },
    /// `index.lock` exists: another git process is writing the index (or
    /// one died doing so). Nothing was changed.
    #[error("`{}` exists: another git process seems to be running in this repository; nothing was changed", path.display())]
    IndexLocked { path: std::path::PathBuf },
    /// Any other git failure.
    #[error("git: {0}")]
    Git(#[from] gix::Error),
    /// A branch name git would not accept.
    #[error("`{name}` is not a valid branch name: {reason}")]
    InvalidBranchName { name: String, reason: String },
    /// `tplan branch NAME` for a branch that exists.
    #[error("a branch named `{name}` already exists (at {commit})")]
    BranchExists { name: String, commit: String },
    /// `tplan switch NAME` for a branch that does not exist.
    #[error("there is no branch named `{name}`")]
    NoSuchBranch { name: String },
    /// Plan files with changes that are not committed.
    #[error("{} uncommitted changes: {}", plural_files(files.len(), "plan file has", "plan files have"), list(files))]
    DirtyPlan { files: Vec<String>, action: String },
    /// Files with local changes that the command would overwrite.
    #[error("local changes to {} would be overwritten: {}", plural_files(files.len(), "file", "files"), list(files))]
    WouldOverwrite { files: Vec<String> },
    /// A tree path git should never check out (`..`, `.git`).
    #[error("refusing to write `{path}`: it is not a safe path inside the work tree")]
    UnsafePath { path: String },
    /// A merge started by tplan waits for `--continue` or `--abort`.
    #[error("a merge of `{theirs}` is in progress")]
    MergeInProgress { theirs: String },
    /// A merge started by plain git waits to be finished with git.
    #[error("a `git merge` is in progress (`.git/MERGE_HEAD` exists)")]
    GitMergeInProgress,
    /// `--continue` or `--abort` with nothing to continue.
    #[error("there is no merge in progress")]
    NoMergeInProgress,
    /// Conflict markers left in a file of a merge in progress.
    #[error("`{file}` line {line} still has a conflict marker (`{marker}`)")]
    MarkersLeft {
        file: String,
        line: usize,
        marker: String,
    },
    /// The two histories share no commit.
    #[error("`{theirs}` shares no history with `{ours}`")]
    UnrelatedHistories { ours: String, theirs: String },
    /// Files outside the plan changed on both sides.
    #[error("files outside the plan changed on both sides: {}", list(files))]
    OutsideConflict { files: Vec<String> },
    /// A plan at a revision that does not parse.
    #[error("the plan at `{rev}` has errors: `{file}`: {message}")]
    InvalidPlanAt {
        rev: String,
        file: String,
        message: String,
    },
    /// The branch has nothing its base lacks.
    #[error("nothing to propose: `{head}` has no commits that `{base}` lacks")]
    NothingToPropose { head: String, base: String },
    /// `tplan propose` on the base branch itself.
    #[error("`{base}` is the base: propose from the branch that holds the changes")]
    ProposeFromBase { base: String },
    /// An open proposal already covers these branches.
    #[error("proposal #{number} is already open for `{head}` into `{base}`")]
    ProposalExists {
        number: u64,
        head: String,
        base: String,
    },
    /// The policy does not allow publishing yet.
    #[error("proposal #{number} cannot be published yet: {}", unmet.join("; "))]
    PolicyNotMet { number: u64, unmet: Vec<String> },
    /// The head does not merge into the base cleanly.
    #[error("the proposal does not merge cleanly into its base: {}", list(files))]
    PublishConflicts {
        files: Vec<String>,
        details: Vec<String>,
    },
    /// Every event is as last published.
    #[error("proposal #{number} has nothing to publish: every event is as last published")]
    NothingToPublish { number: u64 },
    /// The release cannot be computed (a declared bump below the computed one).
    #[error("{0}")]
    Release(String),
    /// A version already in the registry with other content.
    #[error("`{path}` is already published with other content; a published schema never changes")]
    VersionPublished { path: String },
    /// No proposal has this number.
    #[error("there is no proposal #{number}")]
    NoSuchProposal { number: u64 },
    /// A proposal record that cannot be read.
    #[error("proposal record `{name}` is corrupt: {reason}")]
    CorruptProposal { name: String, reason: String },
    /// A merged or closed proposal cannot change.
    #[error("proposal #{number} is {state}")]
    ProposalNotOpen { number: u64, state: String },
    /// Compare-and-swap lost again and again.
    #[error("`{name}` kept changing under us; try again")]
    TooMuchContention { name: String },
    /// An I/O failure outside git.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl StoreError {
    /// A hint for the user, when there is one.
    pub fn help(&self) -> Option<String> {
        match self {
            StoreError::NoPlan { .. } => {
                Some("start one with `tplan init`, or `tplan init --example` for a demo plan".into())
            }
            StoreError::NotARepo { .. } => Some("run `git init` in the plan's folder, or move the plan into a repository".into()),
            StoreError::UnknownRevision { .. } => Some("use a branch, tag or commit id (`git log --oneline` lists commits)".into()),
            StoreError::Unborn { .. } => Some("commit the plan first: `tplan commit -m \"Tracking plan\"`".into()),
            StoreError::BadRemoteName { .. } => Some("`git remote -v` lists the remotes".into()),
            StoreError::NothingFetched { remote } => Some(format!(
                "the remote has no `refs/tplan/*` yet (push them with `git push {remote} 'refs/tplan/*:refs/tplan/*'`), or fetch them: `git fetch {remote} '+refs/tplan/*:refs/tplan-remotes/{remote}/*'`"
            )),
            StoreError::GitCommand { .. } => Some("git's own message above says why; `git remote -v` lists the remotes".into()),
            StoreError::IndexLocked { path } => Some(format!(
                "wait for the other git command to finish; if none is running (it may have crashed), remove `{}` and try again",
                path.display()
            )),
            StoreError::NoIdentity => Some(
                "set one with `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`, or pass `--author \"Name <email>\"`".into(),
            ),
            StoreError::BranchExists { name, .. } => Some(format!("switch to it with `tplan switch {name}`"))
            ,
            StoreError::NoSuchBranch { name } => Some(format!(
                "`tplan branch` lists the branches; create this one with `tplan branch {name}` or `tplan switch -c {name}`"
            )),
            StoreError::DirtyPlan { action, .. } => Some(format!(
                "commit them with `tplan commit -m MSG` first{action}"
            )),
            StoreError::WouldOverwrite { .. } => Some(
                "commit or stash them with git first (`git stash`), or move them away".into(),
            ),
            StoreError::MergeInProgress { .. } => Some(
                "resolve the conflicts and run `tplan merge --continue`, or give up with `tplan merge --abort` (`tplan status` lists them)".into(),
            ),
            StoreError::GitMergeInProgress => Some(
                "finish it with `git commit`, or give up with `git merge --abort`".into(),
            ),
            StoreError::MarkersLeft { .. } => Some(
                "edit the file to keep the right value and delete the marker lines, then run the command again".into(),
            ),
            StoreError::UnrelatedHistories { .. } => Some(
                "merge plans that grew from one history; to combine two plans, copy one's events into the other".into(),
            ),
            StoreError::OutsideConflict { .. } => Some(
                "merge with `git merge`, which merges the other files; `tplan setup-git` makes it merge plan files the tplan way".into(),
            ),
            StoreError::InvalidPlanAt { rev, .. } => Some(format!("`tplan lint {rev}` lists every error")),
            StoreError::NothingToPropose { .. } => Some("commit plan changes on a branch first (`tplan switch -c NAME`, edit, `tplan commit -m MSG`)".into()),
            StoreError::ProposeFromBase { .. } => Some("`tplan switch NAME` to the feature branch, or create one with `tplan switch -c NAME`".into()),
            StoreError::ProposalExists { number, .. } => Some(format!("see it with `tplan proposal show {number}`; new commits on the branch are part of it already")),
            StoreError::PolicyNotMet { number, .. } => Some(format!("`tplan proposal show {number}` shows the reviews and what the policy asks for")),
            StoreError::PublishConflicts { .. } => Some("merge the base into the branch (`tplan merge BASE` on it), resolve, commit, and ask for fresh approvals".into()),
            StoreError::VersionPublished { .. } => Some("raise the event's bump (`--bump EVENT=revision` or `model`) so it gets a new version".into()),
            StoreError::NoSuchProposal { .. } => Some("`tplan proposals --state all` lists them".into()),
            StoreError::CorruptProposal { name, .. } => Some(format!(
                "inspect it with `git log -p {name}`; `git update-ref {name} <commit>` puts back an earlier record"
            )),
            StoreError::ProposalNotOpen { .. } => Some("open a new proposal with `tplan propose`".into()),
            _ => None,
        }
    }
}

/// `1 file` / `3 files`, with the verb agreeing.
fn plural_files(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Up to ten paths, back-quoted, then how many more.
fn list(files: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut out = files
        .iter()
        .take(SHOWN)
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if files.len() > SHOWN {
        out.push_str(&format!(" and {} more", files.len() - SHOWN));
    }
    out
}

/// An I/O failure at `path`: `cannot write `.git/MERGE_HEAD``.
pub(crate) fn io(path: &Path, what: &str, source: std::io::Error) -> StoreError {
    StoreError::Io {
        context: format!("{what} `{}`", path.display()),
        source,
    }
}

/// A failed multi-ref transaction, naming the ref that failed.
pub(crate) fn map_transaction_error(err: gix::Error) -> StoreError {
    let name = if let Some(e) = err.downcast_any_ref::<ReferenceOutOfDate>() {
        e.full_name.to_string()
    } else if let Some(e) = err.downcast_any_ref::<MustNotExist>() {
        e.full_name.to_string()
    } else {
        String::from("a ref")
    };
    map_ref_error(&name, err)
}

/// Maps a failed ref update to the error that says what happened.
pub(crate) fn map_ref_error(name: &str, err: gix::Error) -> StoreError {
    if let Some(e) = err.downcast_any_ref::<ReferenceOutOfDate>() {
        return StoreError::RefConflict {
            name: name.into(),
            actual: e.actual.to_string(),
        };
    }
    if let Some(e) = err.downcast_any_ref::<MustNotExist>() {
        return StoreError::RefExists {
            name: name.into(),
            actual: e.actual.to_string(),
        };
    }
    if err.is_not_found() {
        return StoreError::RefMissing { name: name.into() };
    }
    if err.is_retryable() {
        return StoreError::Locked(err);
    }
    StoreError::Git(err)
}
