//! Branches: listing, creating, and switching the work tree to one.

use gix::bstr::ByteSlice;

use gix::refs::Target;
use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit, RefLog};

use crate::error::StoreError;
use crate::ids::{BranchName, CommitId};
use crate::journal::{Operation, RefMove};
use crate::store::{Revision, Store};
use crate::tree::PathChange;
use crate::worktree::index_edits;

/// A local branch.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Branch {
    /// Its short name (`feature/gift-cards`).
    pub name: BranchName,
    /// The commit it points at.
    pub commit: CommitId,
    /// Whether `HEAD` is on it.
    pub current: bool,
    /// The summary line of that commit.
    pub summary: String,
}

/// Where `HEAD` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Head {
    /// On a branch; `commit` is `None` while the branch is unborn.
    Branch {
        /// The branch.
        name: BranchName,
        /// Its commit.
        commit: Option<CommitId>,
    },
    /// Detached at a commit.
    Detached {
        /// The commit.
        commit: CommitId,
    },
}

impl Head {
    /// The commit `HEAD` names, if any.
    pub fn commit(&self) -> Option<CommitId> {
        match self {
            Head::Branch { commit, .. } => *commit,
            Head::Detached { commit } => Some(*commit),
        }
    }

    /// The branch, if `HEAD` is on one.
    pub fn branch(&self) -> Option<&BranchName> {
        match self {
            Head::Branch { name, .. } => Some(name),
            Head::Detached { .. } => None,
        }
    }
}

/// What `tplan switch` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Switched {
    /// The branch (or short commit) `HEAD` was on.
    pub from: String,
    /// The branch now checked out.
    pub branch: BranchName,
    /// Its commit.
    pub commit: CommitId,
    /// Files written or removed in the work tree.
    pub files: usize,
    /// Plan files whose uncommitted changes `--force` discarded, by plan
    /// path.
    pub discarded: Vec<String>,
    /// Plan files whose uncommitted changes came along (the switch wrote
    /// no file), by plan path.
    pub carried: Vec<String>,
    /// Whether the branch was created first (`switch -c`).
    #[serde(skip)]
    pub created: bool,
    /// The plan folder from the repository root (`plans/web/`, `""`), for
    /// naming files to people.
    #[serde(skip)]
    pub plan_folder: String,
}

/// How `tplan switch` switches.
#[derive(Debug, Clone, Copy, Default)]
pub struct SwitchOptions<'a> {
    /// Create the branch first (`-c`), at `start` (default `HEAD`).
    pub create: bool,
    /// Where a created branch starts.
    pub start: Option<&'a str>,
    /// Discard uncommitted plan changes and overwrite other local changes
    /// the switch must write.
    pub force: bool,
}

/// The branches, for `tplan branch`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BranchList {
    /// Every local branch, by name.
    pub branches: Vec<Branch>,
    /// The commit `HEAD` is detached at; `null` when it is on a branch.
    pub detached: Option<CommitId>,
    /// The branch `HEAD` is on while it has no commits (git lists no such
    /// branch yet).
    #[serde(skip)]
    pub unborn: Option<BranchName>,
}

/// A branch `tplan branch NAME` made.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BranchCreated {
    /// The branch.
    pub branch: BranchName,
    /// Its commit.
    pub commit: CommitId,
    /// Where it starts, as given (`HEAD` by default).
    pub from: String,
}

impl Store {
    /// Where `HEAD` is.
    pub fn head(&self) -> Result<Head, StoreError> {
        let head = self.repo.head()?;
        let commit = if head.is_unborn() {
            None
        } else {
            head.id().map(|id| CommitId::from(id.detach()))
        };
        Ok(match head.referent_name() {
            Some(name) => Head::Branch {
                name: BranchName::from_git(name.shorten().to_string()),
                commit,
            },
            None => Head::Detached {
                commit: commit.unwrap_or_else(|| {
                    CommitId::from(gix::ObjectId::null(self.repo.object_hash()))
                }),
            },
        })
    }

    /// `tplan branch`: the local branches, and where `HEAD` is when it is
    /// not on one of them.
    pub fn branch_list(&self) -> Result<BranchList, StoreError> {
        let (detached, unborn) = match self.head()? {
            Head::Detached { commit } => (Some(commit), None),
            Head::Branch { name, commit: None } => (None, Some(name)),
            Head::Branch { .. } => (None, None),
        };
        Ok(BranchList {
            branches: self.branches()?,
            detached,
            unborn,
        })
    }

    /// `tplan branch NAME`: creates branch `name` at `from` (default
    /// `HEAD`), without switching.
    pub fn branch_create(
        &self,
        name: &BranchName,
        from: Option<&str>,
    ) -> Result<BranchCreated, StoreError> {
        let rev = self.create_branch(name, from)?;
        Ok(BranchCreated {
            branch: name.clone(),
            commit: rev.commit,
            from: from.unwrap_or("HEAD").to_string(),
        })
    }

    /// `tplan switch`: [`Store::switch`], creating the branch first when
    /// asked.
    pub fn switch_with(
        &self,
        name: &BranchName,
        options: SwitchOptions<'_>,
    ) -> Result<Switched, StoreError> {
        if options.create {
            self.create_branch(name, options.start)?;
        }
        let mut done = self.switch(name, options.force)?;
        done.created = options.create;
        Ok(done)
    }

    /// The local branches, sorted by name.
    pub fn branches(&self) -> Result<Vec<Branch>, StoreError> {
        let current = self.head()?.branch().cloned();
        let mut out = Vec::new();
        for reference in self.repo.references()?.local_branches()? {
            let mut reference = reference.map_err(gix::Error::from_error)?;
            let name = BranchName::from_git(reference.name().shorten().to_string());
            let id = reference.peel_to_id()?.detach();
            let summary = self
                .repo
                .find_commit(id)
                .ok()
                .and_then(|c| c.message().ok().map(|m| m.summary().to_string()))
                .unwrap_or_default();
            out.push(Branch {
                current: current.as_ref() == Some(&name),
                name,
                commit: id.into(),
                summary,
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Creates branch `name` at `from` (default `HEAD`), without switching.
    pub fn create_branch(
        &self,
        name: &BranchName,
        from: Option<&str>,
    ) -> Result<Revision, StoreError> {
        let full = name.full_name();
        if let Some(existing) = self.repo.try_find_reference(full.as_ref())? {
            let commit = existing.id().to_string();
            return Err(StoreError::BranchExists {
                name: name.to_string(),
                commit,
            });
        }
        let start = self.resolve(from.unwrap_or("HEAD"))?;
        let id = start.commit.oid();
        let edit = RefEdit {
            change: Change::Update {
                log: LogChange {
                    mode: RefLog::AndReference,
                    force_create_reflog: false,
                    message: format!("branch: Created from {}", start.spec).into(),
                },
                expected: PreviousValue::MustNotExist,
                new: Target::Object(id),
            },
            name: full,
            deref: false,
        };
        self.edit_ref(edit, &format!("refs/heads/{name}"))?;
        Ok(Revision {
            spec: name.to_string(),
            commit: start.commit,
        })
    }

    /// Checks out branch `name`: writes the files that differ, patches the
    /// index, then points `HEAD` at the branch (last, by compare-and-swap).
    ///
    /// Refuses when plan files have uncommitted changes, unless `force`,
    /// which discards them; refuses to overwrite local changes to any other
    /// file the switch must write, unless `force`.
    pub fn switch(&self, name: &BranchName, force: bool) -> Result<Switched, StoreError> {
        self.refuse_merge_in_progress()?;
        let full = name.full_name();
        let Some(mut target_ref) = self.repo.try_find_reference(full.as_ref())? else {
            return Err(self.no_such_branch(name.as_str()));
        };
        let target = target_ref.peel_to_id()?.detach();
        let head = self.head()?;
        let from = match &head {
            Head::Branch { name, .. } => name.to_string(),
            Head::Detached { commit } => commit.short(),
        };
        let head_commit = head.commit().map(CommitId::oid);
        let head_tree = self.tree_of(head_commit)?;
        let target_tree = self.tree_of(Some(target))?;
        let mut changes = self.tree_changes(head_tree, target_tree)?;

        // Uncommitted plan changes stop a switch, unless it writes no file
        // at all (a new branch at `HEAD`): then nothing can be lost.
        let dirty = if changes.is_empty() && !force {
            Vec::new()
        } else {
            self.plan_changes(head_tree)?
        };
        // A switch that writes no file keeps uncommitted edits, as git
        // does: they come along, and the report names them.
        let carried = if changes.is_empty() && !force {
            self.plan_changes(head_tree)?
                .into_iter()
                .map(|c| c.path)
                .collect()
        } else {
            Vec::new()
        };
        if !dirty.is_empty() && !force {
            return Err(StoreError::DirtyPlan {
                files: dirty.iter().map(|c| self.repo_path(&c.path)).collect(),
                action: format!(", or discard them with `tplan switch --force {name}`"),
            });
        }
        if force {
            // Discarding: each dirty plan file becomes what the target holds.
            for d in &dirty {
                let path = self.repo_path(&d.path);
                if !changes.iter().any(|c| c.path == path) {
                    let new = self.entry_at(target_tree, &path)?;
                    changes.push(PathChange {
                        path,
                        old: None,
                        new,
                    });
                }
            }
        } else {
            let blocked = self.blocked(&changes)?;
            if !blocked.is_empty() {
                return Err(StoreError::WouldOverwrite { files: blocked });
            }
        }

        let already_there = head.branch() == Some(name);
        let refs = if already_there {
            Vec::new()
        } else {
            self.refuse_checked_out_elsewhere(&full.as_bstr().to_str_lossy())?;
            let now = match &head {
                Head::Branch { name, .. } => Target::Symbolic(name.full_name()),
                Head::Detached { commit } => Target::Object(commit.oid()),
            };
            let message = format!("checkout: moving from {from} to {name}");
            vec![RefMove::symbolic("HEAD", now, &full, message)]
        };
        if !refs.is_empty() || !changes.is_empty() {
            self.run_operation(Operation {
                what: format!("switch to {name}"),
                refs,
                index: index_edits(&changes),
                files: changes.clone(),
                remove: Vec::new(),
            })?;
        }
        Ok(Switched {
            from,
            branch: name.clone(),
            commit: target.into(),
            files: changes.len(),
            discarded: dirty.into_iter().map(|c| c.path).collect(),
            carried,
            created: false,
            plan_folder: self.folder(),
        })
    }

    /// A branch's tip: the local branch, or else the one remote-tracking
    /// branch of that name (a reviewer's clone has `origin/feature` only).
    pub(crate) fn branch_tip(&self, name: &str) -> Result<Option<gix::ObjectId>, StoreError> {
        if let Some(mut r) = self
            .repo
            .try_find_reference(format!("refs/heads/{name}").as_str())?
        {
            return Ok(Some(r.peel_to_id()?.detach()));
        }
        let refs = self.repo.references()?;
        let mut found = Vec::new();
        for reference in refs.remote_branches()? {
            let mut reference = reference.map_err(gix::Error::from_error)?;
            let full = reference.name().as_bstr().to_str_lossy().into_owned();
            // refs/remotes/<remote>/<name>
            let Some(rest) = full.strip_prefix("refs/remotes/") else {
                continue;
            };
            if rest
                .split_once('/')
                .is_some_and(|(_, branch)| branch == name)
            {
                found.push(reference.peel_to_id()?.detach());
            }
        }
        found.sort();
        found.dedup();
        Ok(if found.len() == 1 { found.pop() } else { None })
    }
}
