//! The store's errors: one enum, each variant carrying what the CLI needs
//! to say precisely what went wrong, with its code and, where there is one,
//! a hint (`miette::Diagnostic`).
//!
//! A variant caused by another error keeps it as its `source` (a diagnostic
//! shows it on the line below), unless its message already says it: a
//! diagnostic would print it a second time.

mod messages;

use std::path::{Path, PathBuf};

use messages::{list, listed, origin, plural, plural_files, with_causes};

/// What can go wrong reading or writing a plan in git.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum StoreError {
    /// No folder from `start` upwards holds a `tplan.toml`.
    #[error("no plan here: no `tplan.toml` in `{}` or any folder above it", start.display())]
    #[diagnostic(
        code("no-plan"),
        help("start one with `tplan init`, or `tplan init --example` for a demo plan")
    )]
    NoPlan {
        /// Where the search started.
        start: PathBuf,
    },
    /// The plan folder is not inside a git repository.
    #[error("`{}` is not inside a git repository", dir.display())]
    #[diagnostic(
        code("not-a-repo"),
        help("run `git init` in the plan's folder, or move the plan into a repository")
    )]
    NotARepo {
        /// The plan folder.
        dir: PathBuf,
        /// Why gix found no repository.
        #[source]
        cause: gix::Error,
    },
    /// The repository has no work tree (a bare repository).
    #[error("the repository at `{}` has no work tree (it is bare)", git_dir.display())]
    #[diagnostic(
        code("bare-repository"),
        help("read commands read `HEAD`'s plan here; to change the plan, clone it: git clone '{}'", git_dir.display())
    )]
    Bare {
        /// The repository.
        git_dir: PathBuf,
    },
    /// A bare repository whose `HEAD` holds more than one plan at the
    /// shallowest depth: which to read is not for tplan to guess.
    #[error("`HEAD` holds more than one plan: {}", folders.join(", "))]
    #[diagnostic(
        code("several-plans"),
        help("run tplan in a clone with a work tree, inside the plan's folder")
    )]
    SeveralPlans {
        /// The plan folders.
        folders: Vec<String>,
    },
    /// A revision git cannot resolve.
    #[error("unknown revision `{spec}`")]
    #[diagnostic(
        code("unknown-revision"),
        help("{}", suggestion.clone().unwrap_or_else(
            || "use a branch, tag or commit id (`git log --oneline` lists commits)".to_string()
        ))
    )]
    UnknownRevision {
        /// The revision as given.
        spec: String,
        /// A did-you-mean (a branch or tag it likely means), or how to
        /// fetch it in a shallow clone.
        suggestion: Option<String>,
        /// Why git cannot resolve it.
        #[source]
        cause: gix::Error,
    },
    /// `HEAD` names a branch without commits.
    #[error("`{spec}` has no commits yet (branch `{branch}` is unborn)")]
    #[diagnostic(
        code("unborn-branch"),
        help("commit the plan first: `tplan commit -m \"Tracking plan\"`")
    )]
    Unborn {
        /// The revision as given.
        spec: String,
        /// The branch `HEAD` names.
        branch: String,
    },
    /// A shallow clone lacks the history a command needs.
    #[error(
        "this clone is shallow (its history stops at commit {boundary}): {needed} is not in it"
    )]
    #[diagnostic(
        code("shallow-clone"),
        help(
            "fetch the history: `git fetch --unshallow` (GitHub Actions: `actions/checkout` with `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`)"
        )
    )]
    ShallowHistory {
        /// What is missing (the plan's earlier history, the merge base of
        /// `feature` and `main`).
        needed: String,
        /// The first commit of the shallow boundary (abbreviated).
        boundary: String,
    },
    /// A review of a local head that its remote-tracking branch has moved
    /// past: the reviewer has not seen the latest commits.
    #[error(
        "`{remote}` has commits your `{branch}` lacks (yours is at {local}, `{remote}` at {remote_tip}): the review would be of a head that is not the latest"
    )]
    #[diagnostic(
        code("head-behind-remote"),
        help(
            "bring `{branch}` up to date (`git switch {branch} && git pull`, or `git branch -f {branch} {remote}`), read `tplan proposal show` again, then review"
        )
    )]
    HeadBehindRemote {
        /// The proposal's head branch.
        branch: String,
        /// The remote-tracking branch ahead (`origin/gift`).
        remote: String,
        /// The local branch's commit.
        local: String,
        /// The remote-tracking branch's commit.
        remote_tip: String,
    },
    /// No way of finding the default branch found one.
    #[error("cannot tell which branch is the default: {}", if branches.is_empty() { "there is no branch".to_string() } else { format!("the branches are {}", branches.iter().map(|b| format!("`{b}`")).collect::<Vec<_>>().join(", ")) })]
    #[diagnostic(
        code("no-default-branch"),
        help(
            "name it with `--base BRANCH`, or set it once: `git remote set-head origin --auto` (from the host) or `git config init.defaultBranch BRANCH`"
        )
    )]
    NoDefaultBranch {
        /// The local branches.
        branches: Vec<String>,
    },
    /// The revision has no plan folder or no `tplan.toml` in it.
    #[error("there is no plan at `{rev}`: `{path}` does not exist there")]
    #[diagnostic(code("no-plan-at"))]
    NoPlanAt {
        /// The revision.
        rev: String,
        /// The path looked for, from the repository root.
        path: String,
    },
    /// Reading the work tree failed.
    #[error("{0}")]
    #[diagnostic(code("cannot-read"))]
    Read(tplan_plan::files::ReadError),
    /// A plan file that cannot be committed as it is.
    #[error("cannot commit `{path}`: {reason}")]
    #[diagnostic(code("cannot-commit"))]
    CannotCommit {
        /// The plan file.
        path: String,
        /// Why not.
        reason: String,
    },
    /// No author or committer identity is configured.
    #[error("no git identity is configured, so the commit has no author")]
    #[diagnostic(
        code("no-identity"),
        help(
            "set one with `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`, or pass `--author \"Name <email>\"`"
        )
    )]
    NoIdentity,
    /// The plan is exactly as committed.
    #[error("nothing to commit: the plan is as committed at `HEAD`")]
    #[diagnostic(code("nothing-to-commit"))]
    NothingToCommit,
    /// `HEAD` is not on a branch.
    #[error("`HEAD` is detached (at {commit}): switch to a branch to commit")]
    #[diagnostic(code("detached-head"))]
    DetachedHead {
        /// The commit `HEAD` is at.
        commit: String,
    },
    /// Someone else moved a ref between our read and our write.
    #[error(
        "`{name}` was moved by someone else (now at {actual}); nothing was changed, run the command again"
    )]
    #[diagnostic(code("ref-conflict"))]
    RefConflict {
        /// The ref.
        name: String,
        /// Where it is now.
        actual: String,
    },
    /// A ref that must not exist does.
    #[error("`{name}` already exists (at {actual})")]
    #[diagnostic(code("ref-exists"))]
    RefExists {
        /// The ref.
        name: String,
        /// Where it is.
        actual: String,
    },
    /// A ref that must exist does not.
    #[error("`{name}` does not exist")]
    #[diagnostic(code("ref-missing"))]
    RefMissing {
        /// The ref.
        name: String,
    },
    /// A branch to be moved is checked out in another work tree, whose
    /// files and index would no longer match it.
    #[error("branch `{branch}` is checked out in the work tree at `{}`; nothing was changed", worktree.display())]
    #[diagnostic(
        code("checked-out-elsewhere"),
        help(
            "run the command in `{}`, or switch that work tree to another branch first",
            worktree.display()
        )
    )]
    CheckedOutElsewhere {
        /// The branch (`main`).
        branch: String,
        /// The other work tree's folder.
        worktree: PathBuf,
    },
    /// A ref's lock file exists: another process is moving it, or one died
    /// doing so. Nothing was changed.
    #[error("`{name}` is locked: `{}` exists; nothing was changed", lock.display())]
    #[diagnostic(
        code("ref-locked"),
        help(
            "`tplan recover` removes a lock a killed tplan left; if no git or tplan process is running and it stays, remove it: rm '{}'",
            lock.display()
        )
    )]
    RefLocked {
        /// The ref.
        name: String,
        /// Its lock file.
        lock: PathBuf,
    },
    /// `tplan recover --abort` after the interrupted operation had begun
    /// writing the work tree or the index: putting only its refs back
    /// would leave neither the state before nor the one after.
    #[error(
        "cannot undo `{what}`: it had begun writing the work tree and index; nothing was changed"
    )]
    #[diagnostic(
        code("cannot-abort"),
        help(
            "`tplan recover` finishes it; then undo what it did as with git (`tplan switch`, `git revert`)"
        )
    )]
    CannotAbort {
        /// The interrupted operation.
        what: String,
    },
    /// Another tplan is in the middle of an operation on this repository.
    #[error("`{what}` is under way in this repository (process {pid}); nothing was changed")]
    #[diagnostic(
        code("operation-running"),
        help(
            "wait for it to finish; if process {pid} is gone, `tplan recover` finishes what it started"
        )
    )]
    OperationRunning {
        /// What it is doing.
        what: String,
        /// Its process id.
        pid: u32,
    },
    /// Recovery found a ref moved by someone else since the operation was
    /// interrupted: it cannot tell what to keep.
    #[error("cannot finish `{what}`: `{name}` has moved since (it is at {actual})")]
    #[diagnostic(
        code("recover-conflict"),
        help(
            "`tplan recover --abort` puts back the refs the operation had moved; `git reflog {name}` shows who moved it"
        )
    )]
    RecoverConflict {
        /// The interrupted operation.
        what: String,
        /// The ref.
        name: String,
        /// Where it is now.
        actual: String,
    },
    /// The intent record cannot be read.
    #[error("`refs/tplan-intent` holds no operation tplan can read: {reason}")]
    #[diagnostic(
        code("bad-intent"),
        help(
            "`git show refs/tplan-intent` shows it; if no tplan wrote it, `git update-ref -d refs/tplan-intent` removes it"
        )
    )]
    BadIntent {
        /// Why.
        reason: String,
    },
    /// A remote name that cannot be one (or could pass for an option).
    #[error("`{name}` is not a remote name")]
    #[diagnostic(code("bad-remote-name"), help("`git remote -v` lists the remotes"))]
    BadRemoteName {
        /// The name as given.
        name: String,
    },
    /// `sync` found none of the remote's tplan refs.
    #[error("no proposals or registry fetched from `{remote}`")]
    #[diagnostic(
        code("nothing-fetched"),
        help(
            "the remote has no `refs/tplan/*` yet (push them with `git push {remote} 'refs/tplan/*:refs/tplan/*'`), or fetch them: `git fetch {remote} '+refs/tplan/*:refs/tplan-remotes/{remote}/*'`"
        )
    )]
    NothingFetched {
        /// The remote.
        remote: String,
    },
    /// A git command tplan ran failed (its own message went to stderr).
    #[error("`{command}` failed: {reason}")]
    #[diagnostic(
        code("git-command-failed"),
        help("git's own message above says why; `git remote -v` lists the remotes")
    )]
    GitCommand {
        /// The command, as a person would type it.
        command: String,
        /// Its exit code, or that it was killed.
        reason: String,
    },
    /// `index.lock` exists: another git process is writing the index (or
    /// one died doing so). Nothing was changed.
    #[error("`{}` exists: another git process seems to be running in this repository; nothing was changed", path.display())]
    #[diagnostic(
        code("index-locked"),
        help(
            "wait for the other git command to finish; if none is running (it may have crashed), remove `{}` and try again",
            path.display()
        )
    )]
    IndexLocked {
        /// The lock file.
        path: PathBuf,
    },
    /// Any other git failure.
    #[error("{}", with_causes(format!("git: {}", .0), .0))]
    #[diagnostic(code("git"))]
    Git(gix::Error),
    /// A branch name git would not accept.
    #[error("`{name}` is not a valid branch name: {reason}")]
    #[diagnostic(code("invalid-branch-name"))]
    InvalidBranchName {
        /// The name as given.
        name: String,
        /// Why git refuses it.
        reason: String,
    },
    /// `tplan branch NAME` for a branch that exists.
    #[error("a branch named `{name}` already exists (at {commit})")]
    #[diagnostic(code("branch-exists"), help("switch to it with `tplan switch {name}`"))]
    BranchExists {
        /// The branch.
        name: String,
        /// Its commit.
        commit: String,
    },
    /// `tplan switch NAME` for a branch that does not exist.
    #[error("there is no branch named `{name}`")]
    #[diagnostic(
        code("no-such-branch"),
        help("{}", hint.clone().unwrap_or_else(|| format!(
            "`tplan branch` lists the branches; create this one with `tplan branch {name}` or `tplan switch -c {name}`"
        )))
    )]
    NoSuchBranch {
        /// The branch.
        name: String,
        /// A did-you-mean, or where a branch of that name does exist.
        hint: Option<String>,
    },
    /// Plan files with changes that are not committed.
    #[error("{} uncommitted changes: {}", plural_files(files.len(), "plan file has", "plan files have"), list(files))]
    #[diagnostic(
        code("dirty-plan"),
        help("commit them with `tplan commit -m MSG` first{action}")
    )]
    DirtyPlan {
        /// The files, from the repository root.
        files: Vec<String>,
        /// What else the user can do (`, or discard them with …`).
        action: String,
    },
    /// Files with local changes that the command would overwrite.
    #[error("local changes to {} would be overwritten: {}", plural_files(files.len(), "file", "files"), list(files))]
    #[diagnostic(
        code("would-overwrite"),
        help("commit or stash them with git first (`git stash`), or move them away")
    )]
    WouldOverwrite {
        /// The files, from the repository root.
        files: Vec<String>,
    },
    /// A tree path git should never check out (`..`, `.git`).
    #[error("refusing to write `{path}`: it is not a safe path inside the work tree")]
    #[diagnostic(code("unsafe-path"))]
    UnsafePath {
        /// The path.
        path: String,
    },
    /// A merge started by tplan waits for `--continue` or `--abort`.
    #[error("a merge of `{theirs}` is in progress")]
    #[diagnostic(
        code("merge-in-progress"),
        help(
            "resolve the conflicts and run `tplan merge --continue`, or give up with `tplan merge --abort` (`tplan status` lists them)"
        )
    )]
    MergeInProgress {
        /// What is being merged.
        theirs: String,
    },
    /// A merge started by plain git waits to be finished with git.
    #[error("a `git merge` is in progress (`.git/MERGE_HEAD` exists)")]
    #[diagnostic(
        code("git-merge-in-progress"),
        help("finish it with `git commit`, or give up with `git merge --abort`")
    )]
    GitMergeInProgress,
    /// `--continue` or `--abort` with nothing to continue.
    #[error("there is no merge in progress")]
    #[diagnostic(code("no-merge-in-progress"))]
    NoMergeInProgress,
    /// Conflict markers left in a file of a merge in progress.
    #[error("`{file}` line {line} still has a conflict marker (`{marker}`)")]
    #[diagnostic(
        code("markers-left"),
        help(
            "edit the file to keep the right value and delete the marker lines, then run the command again"
        )
    )]
    MarkersLeft {
        /// The file, from the repository root.
        file: String,
        /// The marker's line.
        line: usize,
        /// The marker.
        marker: String,
    },
    /// The two histories share no commit.
    #[error("`{theirs}` shares no history with `{ours}`")]
    #[diagnostic(
        code("unrelated-histories"),
        help(
            "merge plans that grew from one history; to combine two plans, copy one's events into the other"
        )
    )]
    UnrelatedHistories {
        /// Our side.
        ours: String,
        /// Their side.
        theirs: String,
    },
    /// Files outside the plan changed on both sides.
    #[error("files outside the plan changed on both sides: {}", list(files))]
    #[diagnostic(
        code("outside-conflict"),
        help(
            "merge with `git merge`, which merges the other files; `tplan setup-git` makes it merge plan files the tplan way"
        )
    )]
    OutsideConflict {
        /// The files, from the repository root.
        files: Vec<String>,
    },
    /// A plan at a revision that does not parse.
    #[error("the plan at `{rev}` has errors: `{file}`: {message}")]
    #[diagnostic(code("invalid-plan-at"), help("`tplan lint {rev}` lists every error"))]
    InvalidPlanAt {
        /// The revision.
        rev: String,
        /// The first file with an error, from the repository root.
        file: String,
        /// Its first error.
        message: String,
    },
    /// The branch has nothing its base lacks.
    #[error("nothing to propose: `{head}` has no commits that `{base}` lacks")]
    #[diagnostic(
        code("nothing-to-propose"),
        help(
            "commit plan changes on a branch first (`tplan switch -c NAME`, edit, `tplan commit -m MSG`)"
        )
    )]
    NothingToPropose {
        /// The branch.
        head: String,
        /// The base.
        base: String,
    },
    /// `tplan propose` on the base branch itself.
    #[error("`{base}` is the base: propose from the branch that holds the changes")]
    #[diagnostic(
        code("propose-from-base"),
        help(
            "`tplan switch NAME` to the feature branch, or create one with `tplan switch -c NAME`"
        )
    )]
    ProposeFromBase {
        /// The base.
        base: String,
    },
    /// An open proposal already covers these branches.
    #[error("proposal #{number} is already open for `{head}` into `{base}`")]
    #[diagnostic(
        code("proposal-exists"),
        help(
            "see it with `tplan proposal show {number}`; new commits on the branch are part of it already"
        )
    )]
    ProposalExists {
        /// The open proposal.
        number: u64,
        /// Its branch.
        head: String,
        /// Its base.
        base: String,
    },
    /// The policy does not allow publishing yet.
    #[error("proposal #{number} cannot be published yet: {}", unmet.join("; "))]
    #[diagnostic(
        code("policy-not-met"),
        help("`tplan proposal show {number}` shows the reviews and what the policy asks for")
    )]
    PolicyNotMet {
        /// The proposal.
        number: u64,
        /// What the policy still asks for.
        unmet: Vec<String>,
    },
    /// The head does not merge into the base cleanly.
    #[error("the proposal does not merge cleanly into its base: {}", list(files))]
    #[diagnostic(
        code("publish-conflicts"),
        help(
            "merge the base into the branch (`tplan merge BASE` on it), resolve, commit, and ask for fresh approvals"
        )
    )]
    PublishConflicts {
        /// The files, from the repository root.
        files: Vec<String>,
        /// Each conflict, one line each.
        details: Vec<String>,
    },
    /// Every event is as last published.
    #[error("proposal #{number} has nothing to publish: every event is as last published")]
    #[diagnostic(code("nothing-to-publish"))]
    NothingToPublish {
        /// The proposal.
        number: u64,
    },
    /// An event changed since its last publish, and the release it was
    /// published in is not here to compute its next version from.
    #[error(
        "cannot tell the next version of `{event}`: it changed since it was published, and the release tag `{tag}` is not in this repository"
    )]
    #[diagnostic(
        code("release-tag-missing"),
        help("fetch the release tags: `git fetch --tags` (or `tplan sync`)")
    )]
    ReleaseTagMissing {
        /// The changed event.
        event: String,
        /// The tag of the plan's last release.
        tag: String,
    },
    /// The release cannot be computed (a declared bump below the computed one).
    #[error("{0}")]
    #[diagnostic(code("release"))]
    Release(String),
    /// A version already in the registry with other content.
    #[error("`{path}` is already published with other content; a published schema never changes")]
    #[diagnostic(
        code("version-published"),
        help(
            "raise the event's bump (`--bump EVENT=revision` or `model`) so it gets a new version"
        )
    )]
    VersionPublished {
        /// The registry path.
        path: String,
    },
    /// No proposal has this number.
    #[error("there is no proposal #{number}")]
    #[diagnostic(
        code("no-such-proposal"),
        help("`tplan proposals --state all` lists them")
    )]
    NoSuchProposal {
        /// The number.
        number: u64,
    },
    /// A proposal record that cannot be read.
    #[error("proposal record `{name}` is corrupt: {reason}")]
    #[diagnostic(
        code("corrupt-proposal"),
        help(
            "inspect it with `git log -p {name}`; `git update-ref {name} <commit>` puts back an earlier record"
        )
    )]
    CorruptProposal {
        /// The ref.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A merged or closed proposal cannot change.
    #[error("proposal #{number} is {state}")]
    #[diagnostic(
        code("proposal-not-open"),
        help("open a new proposal with `tplan propose`")
    )]
    ProposalNotOpen {
        /// The proposal.
        number: u64,
        /// Its state.
        state: String,
    },
    /// Compare-and-swap lost again and again.
    #[error("`{name}` kept changing under us; try again")]
    #[diagnostic(code("too-much-contention"))]
    TooMuchContention {
        /// The ref.
        name: String,
    },
    /// A plan that does not load: every error, with the files they are in
    /// (the CLI shows each with its line).
    #[error("the plan {} has {} error{}", origin(rev), errors.len(), if errors.len() == 1 { "" } else { "s" })]
    #[diagnostic(
        code("plan-has-errors"),
        help("`tplan lint` lists every problem; fix them and run the command again")
    )]
    PlanErrors {
        /// Where the plan was read: a revision, or `None` for the work tree.
        rev: Option<String>,
        /// The plan's files, for showing each error's line.
        files: Box<tplan_plan::PlanFiles>,
        /// Every error, sorted by file and position.
        errors: Vec<tplan_plan::PlanError>,
    },
    /// `tplan commit` of a plan that fails lint.
    #[error("`tplan lint` finds {} in the work tree; nothing was committed:{}", plural(*errors, "error"), listed(found, *errors))]
    #[diagnostic(
        code("lint-errors"),
        help(
            "fix them (`tplan lint` shows each in its file), or commit anyway with `--no-verify`"
        )
    )]
    LintRefused {
        /// How many lint errors.
        errors: usize,
        /// The first of them: `file:line:col: rule: message`.
        found: Vec<String>,
    },
    /// `tplan merge --continue` of a merged plan that fails lint.
    #[error("the merged plan has {}; nothing was committed:{}", plural(*errors, "lint error"), listed(found, *errors))]
    #[diagnostic(
        code("lint-errors"),
        help(
            "`tplan lint` shows each in its file; fix them and run `tplan merge --continue` again"
        )
    )]
    MergeLintRefused {
        /// How many lint errors.
        errors: usize,
        /// The first of them: `file:line:col: rule: message`.
        found: Vec<String>,
    },
    /// `tplan merge --continue` with a conflict marker left.
    #[error("`{at}` still has a conflict marker")]
    #[diagnostic(
        code("markers-left"),
        help("keep the right value, delete the marker lines, then `tplan merge --continue` again")
    )]
    MarkerLeft {
        /// The file and line, `events/x.toml:3` from the repository root.
        at: String,
    },
    /// `tplan log QUERY` or `tplan blame QUERY` for something that is not
    /// there.
    #[error("no event or shared property `{query}` at `{rev}`")]
    #[diagnostic(
        code("no-such-subject"),
        help("{}", suggestion.as_deref().map_or_else(|| "`tplan ls` lists the events".to_string(), |s| format!("did you mean `{s}`?")))
    )]
    NoSuchSubject {
        /// The query as given.
        query: String,
        /// The revision looked at.
        rev: String,
        /// A likely meant key or name.
        suggestion: Option<String>,
    },
    /// A file the merge driver was given that is not text.
    #[error("`{path}` is not UTF-8 text")]
    #[diagnostic(code("not-text"))]
    NotText {
        /// The file.
        path: String,
    },
    /// Two plans that cannot be compared.
    #[error("{0}")]
    #[diagnostic(code("diff"))]
    Diff(String),
    /// An I/O failure outside git.
    #[error("{context}: {cause}")]
    #[diagnostic(code("io"))]
    Io {
        /// What tplan was doing (`cannot write `.git/MERGE_HEAD``).
        context: String,
        /// The failure.
        cause: std::io::Error,
    },
}

impl From<gix::Error> for StoreError {
    fn from(e: gix::Error) -> StoreError {
        StoreError::Git(e)
    }
}

impl From<tplan_plan::files::ReadError> for StoreError {
    fn from(e: tplan_plan::files::ReadError) -> StoreError {
        StoreError::Read(e)
    }
}

/// An I/O failure at `path`: `cannot write `.git/MERGE_HEAD``.
pub(crate) fn io(path: &Path, what: &str, source: std::io::Error) -> StoreError {
    StoreError::Io {
        context: format!("{what} `{}`", path.display()),
        cause: source,
    }
}
