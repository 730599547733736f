//! The branch a repository's changes go into when nobody names one, found
//! as git hosts and `git clone` say it: `origin/HEAD`, then
//! `init.defaultBranch`, then the only branch, then `main` or `master`.

use crate::error::StoreError;
use crate::store::Store;

/// Where the default branch came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultFrom {
    /// `refs/remotes/origin/HEAD`, which `git clone` sets from the host.
    OriginHead,
    /// The `init.defaultBranch` setting.
    InitDefault,
    /// The repository has one branch.
    OnlyBranch,
    /// A conventional name (`main`, then `master`).
    Conventional,
}

/// The default branch: a revision (`main`, or `origin/main` when only the
/// remote-tracking branch exists, as in a CI checkout), and where it came
/// from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultBranch {
    /// The branch's name (`main`).
    pub name: String,
    /// The revision to read it at: `name`, or `origin/name`.
    pub rev: String,
    /// How it was found.
    pub from: DefaultFrom,
}

impl Store {
    /// The default branch (see the module); an error listing the branches
    /// when none of the ways finds one.
    pub fn default_branch(&self) -> Result<DefaultBranch, StoreError> {
        let locals = self.local_branch_names()?;
        let remotes = self.remote_branch_names()?;
        let found = |name: &str, from| -> Option<DefaultBranch> {
            let rev = if locals.iter().any(|b| b == name) {
                name.to_string()
            } else if remotes.iter().any(|b| b == &format!("origin/{name}")) {
                format!("origin/{name}")
            } else {
                return None;
            };
            Some(DefaultBranch {
                name: name.to_string(),
                rev,
                from,
            })
        };
        if let Some(name) = self.origin_head()?
            && let Some(d) = found(&name, DefaultFrom::OriginHead)
        {
            return Ok(d);
        }
        let config = self.repo.config_snapshot();
        if let Some(name) = config.string("init.defaultBranch")
            && let Some(d) = found(&name.to_string(), DefaultFrom::InitDefault)
        {
            return Ok(d);
        }
        if let [only] = locals.as_slice()
            && let Some(d) = found(only, DefaultFrom::OnlyBranch)
        {
            return Ok(d);
        }
        for name in ["main", "master"] {
            if let Some(d) = found(name, DefaultFrom::Conventional) {
                return Ok(d);
            }
        }
        Err(StoreError::NoDefaultBranch { branches: locals })
    }

    /// The branch `refs/remotes/origin/HEAD` points at (`main`).
    fn origin_head(&self) -> Result<Option<String>, StoreError> {
        let Some(reference) = self.repo.try_find_reference("refs/remotes/origin/HEAD")? else {
            return Ok(None);
        };
        Ok(match reference.target() {
            gix::refs::TargetRef::Symbolic(name) => name
                .as_bstr()
                .to_string()
                .strip_prefix("refs/remotes/origin/")
                .map(str::to_string),
            gix::refs::TargetRef::Object(_) => None,
        })
    }

    /// Every local branch's short name, sorted.
    pub(crate) fn local_branch_names(&self) -> Result<Vec<String>, StoreError> {
        let mut names = Vec::new();
        for reference in self.repo.references()?.local_branches()? {
            let reference = reference.map_err(gix::Error::from_error)?;
            names.push(reference.name().shorten().to_string());
        }
        names.sort();
        Ok(names)
    }

    /// Every remote-tracking branch's short name (`origin/main`), sorted;
    /// `origin/HEAD` left out.
    pub(crate) fn remote_branch_names(&self) -> Result<Vec<String>, StoreError> {
        let mut names = Vec::new();
        for reference in self.repo.references()?.remote_branches()? {
            let reference = reference.map_err(gix::Error::from_error)?;
            let name = reference.name().shorten().to_string();
            if !name.ends_with("/HEAD") {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }

    /// When a remote-tracking branch of local branch `name` (at `local`)
    /// has commits the local one lacks (a reviewer's clone that has
    /// fetched but not pulled): the refusal naming both commits.
    pub(crate) fn remote_ahead(
        &self,
        name: &str,
        local: gix::ObjectId,
    ) -> Result<Option<StoreError>, StoreError> {
        if self
            .repo
            .try_find_reference(format!("refs/heads/{name}").as_str())?
            .is_none()
        {
            return Ok(None);
        }
        for remote in self.remote_branch_names()? {
            if remote.split_once('/').is_none_or(|(_, b)| b != name) {
                continue;
            }
            let Some(mut r) = self
                .repo
                .try_find_reference(format!("refs/remotes/{remote}").as_str())?
            else {
                continue;
            };
            let tip = r.peel_to_id()?.detach();
            // Ahead, or diverged: either way the local head is not the
            // branch's latest.
            if tip != local && self.merge_base_of(local, tip)? != Some(tip) {
                return Ok(Some(StoreError::HeadBehindRemote {
                    branch: name.to_string(),
                    remote,
                    local: local.to_hex_with_len(7).to_string(),
                    remote_tip: tip.to_hex_with_len(7).to_string(),
                }));
            }
        }
        Ok(None)
    }

    /// The refusal of branch `name`, which does not exist: with the
    /// closest local branch, or the remote-tracking branch of that name.
    pub(crate) fn no_such_branch(&self, name: &str) -> StoreError {
        let remote = self.remote_branch_names().ok().and_then(|r| {
            r.into_iter()
                .find(|r| r.split_once('/').is_some_and(|(_, b)| b == name))
        });
        let hint = match remote {
            Some(remote) => Some(format!(
                "it exists as `{remote}`: `git switch {name}` creates the local branch from it"
            )),
            None => self.local_branch_names().ok().and_then(|names| {
                tplan_plan::error::suggest(name, names.iter().map(String::as_str))
                    .map(|s| format!("did you mean `{s}`?"))
            }),
        };
        StoreError::NoSuchBranch {
            name: name.to_string(),
            hint,
        }
    }

    /// The branch or tag `spec` most likely means, when it names none:
    /// the remote-tracking branch of that name (`origin/main` for `main`),
    /// else the closest branch or tag name.
    pub(crate) fn suggest_revision(&self, spec: &str) -> Option<String> {
        let remotes = self.remote_branch_names().ok()?;
        if let Some(remote) = remotes
            .iter()
            .find(|r| r.split_once('/').is_some_and(|(_, b)| b == spec))
        {
            return Some(remote.clone());
        }
        let mut names = self.local_branch_names().ok()?;
        // `origin/trunk` is also offered for `trunkk`.
        let short: Vec<(String, String)> = remotes
            .iter()
            .filter_map(|r| Some((r.split_once('/')?.1.to_string(), r.clone())))
            .collect();
        if let Some(s) = tplan_plan::error::suggest(spec, short.iter().map(|(b, _)| b.as_str()))
            && !names.contains(&s)
        {
            return short.into_iter().find(|(b, _)| *b == s).map(|(_, r)| r);
        }
        names.extend(remotes);
        let platform = self.repo.references().ok()?;
        for tag in platform.tags().ok()?.filter_map(Result::ok) {
            names.push(tag.name().shorten().to_string());
        }
        tplan_plan::error::suggest(spec, names.iter().map(String::as_str))
    }
}
