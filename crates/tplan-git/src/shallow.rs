//! Shallow clones (CI's `fetch-depth: 1`): history past the boundary is
//! not in the repository. What needs it is refused by name, with how to
//! fetch what is missing, never with an object id from deep inside git.

use crate::error::StoreError;
use crate::store::Store;

impl Store {
    /// Whether this clone is shallow.
    pub(crate) fn is_shallow(&self) -> bool {
        self.repo.is_shallow().unwrap_or(false)
    }

    /// `err`, a failure while walking history, as the refusal it is in a
    /// shallow clone: `needed` says what the history was for.
    pub(crate) fn shallow_or(&self, err: StoreError, needed: &str) -> StoreError {
        if !self.is_shallow() {
            return err;
        }
        let boundary = self
            .repo
            .shallow_commits()
            .ok()
            .flatten()
            .map(|c| c.first().to_hex_with_len(7).to_string())
            .unwrap_or_default();
        StoreError::ShallowHistory {
            needed: needed.to_string(),
            boundary,
        }
    }

    /// The merge base of `a` and `b`, or, in a shallow clone that lacks
    /// it, the refusal that says so.
    pub(crate) fn merge_base_in_history(
        &self,
        a: gix::ObjectId,
        b: gix::ObjectId,
        needed: &str,
    ) -> Result<Option<gix::ObjectId>, StoreError> {
        match self.merge_base_of(a, b) {
            Ok(None) if self.is_shallow() => Err(self.shallow_or(
                StoreError::Git(gix::Error::from_error(std::io::Error::other(
                    "no merge base",
                ))),
                needed,
            )),
            Err(e) => Err(self.shallow_or(e, needed)),
            ok => ok,
        }
    }
}

/// The help for an unknown revision in a shallow or single-branch clone.
pub(crate) fn fetch_hint(spec: &str) -> String {
    let branch = spec.strip_prefix("origin/").unwrap_or(spec);
    format!(
        "this clone is shallow and may lack it: fetch it with `git fetch --depth=1 origin {branch}:refs/remotes/origin/{branch}`, or check out with full history (GitHub Actions: `actions/checkout` with `fetch-depth: 0`)"
    )
}
