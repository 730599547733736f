//! tplan's refs: their names, and the one way they move, a compare-and-swap
//! with a reflog entry.
//!
//! `refs/tplan/proposals/<n>` hold proposals, `refs/tplan/registry` the
//! published schemas, `refs/tplan-remotes/<remote>/` what `sync` fetched.

use gix::refs::transaction::RefEdit;

use gix::refs::file::transaction::prepare::{MustNotExist, ReferenceOutOfDate};

use crate::error::StoreError;
pub use crate::ids::{PROPOSALS_PREFIX, REGISTRY_REF};
use crate::ids::{ProposalNumber, RefName};
use crate::store::Store;

/// The ref of proposal `number`.
pub(crate) fn proposal_ref(number: u64) -> RefName {
    ProposalNumber::from(number).ref_name()
}

/// The registry's ref.
pub(crate) fn registry_ref() -> RefName {
    RefName::new(REGISTRY_REF.to_string())
}

/// The number of a proposal ref (`refs/tplan/proposals/12`): digits without
/// a leading zero, above 0.
pub(crate) fn number_of(name: &str) -> Option<u64> {
    let digits = name.strip_prefix(PROPOSALS_PREFIX)?;
    if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&n| n > 0)
}

/// Where `git fetch` puts a remote's tplan refs.
pub fn remote_prefix(remote: &str) -> String {
    format!("refs/tplan-remotes/{remote}/")
}

impl Store {
    /// The commit ref `name` points at, if it exists.
    pub(crate) fn tip_of(&self, name: &RefName) -> Result<Option<gix::ObjectId>, StoreError> {
        Ok(match self.repo.try_find_reference(name.as_str())? {
            Some(mut r) => Some(r.peel_to_id()?.detach()),
            None => None,
        })
    }

    /// Applies one ref edit, logged as the reflog committer (who is
    /// returned); a failure names `name`.
    pub(crate) fn edit_ref(
        &self,
        edit: RefEdit,
        name: &str,
    ) -> Result<gix::actor::Signature, StoreError> {
        let committer = self.reflog_committer()?;
        let mut time = gix::date::parse::TimeBuf::default();
        self.repo
            .edit_references_as([edit], Some(committer.to_ref(&mut time)))
            .map_err(|e| self.ref_error(name, e))?;
        Ok(committer)
    }

    /// The branch `HEAD` is on and its commit (`None` while unborn);
    /// refused when `HEAD` is detached.
    pub(crate) fn head_branch(
        &self,
    ) -> Result<(gix::refs::FullName, Option<gix::ObjectId>), StoreError> {
        let head = self.repo.head()?;
        let Some(name) = head.referent_name() else {
            let commit = head.id().map(|id| id.to_string()).unwrap_or_default();
            return Err(StoreError::DetachedHead { commit });
        };
        let commit = if head.is_unborn() {
            None
        } else {
            head.id().map(|id| id.detach())
        };
        Ok((name.to_owned(), commit))
    }

    /// The merge base of two commits; `None` for unrelated histories.
    pub(crate) fn merge_base_of(
        &self,
        a: gix::ObjectId,
        b: gix::ObjectId,
    ) -> Result<Option<gix::ObjectId>, StoreError> {
        Ok(self
            .repo
            .merge_base(a, b)
            .map_err(gix::Error::from_error)?
            .map(|id| id.detach()))
    }

    /// The merge base of our `ours` and their `theirs`, named for the
    /// error when the histories share no commit.
    pub(crate) fn shared_base(
        &self,
        (ours, our_name): (gix::ObjectId, &str),
        (theirs, their_name): (gix::ObjectId, &str),
    ) -> Result<gix::ObjectId, StoreError> {
        let needed = format!("the merge base of `{our_name}` and `{their_name}`");
        self.merge_base_in_history(ours, theirs, &needed)?
            .ok_or_else(|| StoreError::UnrelatedHistories {
                ours: our_name.to_string(),
                theirs: their_name.to_string(),
            })
    }
}

/// Maps a failed ref update to the error that says what happened.
fn map_ref_error(name: &str, err: gix::Error) -> StoreError {
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
    StoreError::Git(err)
}

impl Store {
    /// A failed update of ref `name`: a held lock named with its file.
    pub(crate) fn ref_error(&self, name: &str, err: gix::Error) -> StoreError {
        if err.is_retryable() {
            return StoreError::RefLocked {
                name: name.to_string(),
                lock: self.lock_path(name),
            };
        }
        map_ref_error(name, err)
    }

    /// The lock file of ref `name`: `HEAD`'s is the work tree's own.
    pub(crate) fn lock_path(&self, name: &str) -> std::path::PathBuf {
        if name == "HEAD" {
            self.repo.git_dir().join("HEAD.lock")
        } else {
            self.repo.common_dir().join(format!("{name}.lock"))
        }
    }
}
