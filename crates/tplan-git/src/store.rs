//! Finding a plan, opening the repository around it, and resolving
//! revisions.

use std::path::{Path, PathBuf};

use tplan_plan::PlanFiles;
use tplan_plan::files::MANIFEST;

use crate::error::StoreError;
use crate::ids::CommitId;

/// A resolved revision: what the user typed and the commit it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The spec as given (`main`, `HEAD~2`).
    pub spec: String,
    /// The commit.
    pub commit: CommitId,
}

impl Revision {
    /// The commit id shortened as git shows it (7 hex characters).
    pub fn short(&self) -> String {
        self.commit.short()
    }
}

/// A plan inside a git repository.
pub struct Store {
    pub(crate) repo: gix::Repository,
    pub(crate) workdir: PathBuf,
    pub(crate) plan_dir: PathBuf,
    /// The plan folder relative to the work tree root, `/`-separated, `""` at the root.
    pub(crate) prefix: String,
}

/// The nearest folder from `start` upwards that holds a `tplan.toml`, the
/// way cargo finds `Cargo.toml`. The search stops at the root of the git
/// repository around `start`: a stray `tplan.toml` in a home folder is not
/// this project's plan.
pub fn find_plan_dir(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        if dir.join(MANIFEST).symlink_metadata().is_ok() {
            return Some(dir.to_path_buf());
        }
        if dir.join(".git").symlink_metadata().is_ok() {
            return None;
        }
    }
    None
}

/// Creates a git repository at `dir` unless `dir` is already inside one
/// (as `cargo new` does). Returns whether one was created.
pub fn ensure_repo(dir: &Path) -> Result<bool, StoreError> {
    if gix::discover(dir).is_ok() {
        return Ok(false);
    }
    gix::init(dir)?;
    Ok(true)
}

impl Store {
    /// Finds the plan around `start` and the repository holding it.
    pub fn discover(start: &Path) -> Result<Store, StoreError> {
        let plan_dir = find_plan_dir(start).ok_or_else(|| StoreError::NoPlan {
            start: start.to_path_buf(),
        })?;
        Store::open(&plan_dir)
    }

    /// Opens the repository around the plan folder `plan_dir`.
    pub fn open(plan_dir: &Path) -> Result<Store, StoreError> {
        // Discover and open once, with the allocation limit set.
        let mut options: gix::sec::trust::Mapping<gix::open::Options> = Default::default();
        options.full = options.full.config_overrides([alloc_limit()]);
        options.reduced = options.reduced.config_overrides([alloc_limit()]);
        let repo = gix::ThreadSafeRepository::discover_opts(plan_dir, Default::default(), options)
            .map_err(|source| StoreError::NotARepo {
                dir: plan_dir.to_path_buf(),
                cause: source,
            })?
            .to_thread_local();
        let repo = with_pack_cache(repo);
        let workdir = repo
            .workdir()
            .ok_or_else(|| StoreError::Bare {
                git_dir: repo.git_dir().to_path_buf(),
            })?
            .to_path_buf();
        let canon = |p: &Path| {
            std::fs::canonicalize(p).map_err(|source| StoreError::Io {
                context: format!("cannot resolve `{}`", p.display()),
                cause: source,
            })
        };
        let (root, dir) = (canon(&workdir)?, canon(plan_dir)?);
        let relative = dir.strip_prefix(&root).map_err(|_| StoreError::Io {
            context: format!(
                "`{}` is outside the work tree `{}`",
                dir.display(),
                root.display()
            ),
            cause: std::io::Error::other("outside the work tree"),
        })?;
        let prefix = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        Ok(Store {
            repo,
            workdir: root,
            plan_dir: dir,
            prefix,
        })
    }

    /// The plan folder (absolute).
    pub fn plan_dir(&self) -> &Path {
        &self.plan_dir
    }

    /// The plan folder relative to the repository root, `/`-separated;
    /// `""` when the plan is at the root.
    pub fn plan_prefix(&self) -> &str {
        &self.prefix
    }

    /// The work tree root (absolute).
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// The plan folder from the repository root with a trailing `/`, `""`
    /// at the root: what goes before a plan path to name it from the root.
    pub(crate) fn folder(&self) -> String {
        if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", self.prefix)
        }
    }

    /// `path` inside the plan, as a path from the repository root.
    pub(crate) fn repo_path(&self, path: &str) -> String {
        if self.prefix.is_empty() {
            path.to_string()
        } else {
            format!("{}/{path}", self.prefix)
        }
    }

    /// The path inside the plan of a path from the repository root, when it
    /// is a plan file.
    pub(crate) fn plan_path_of<'p>(&self, repo_path: &'p str) -> Option<&'p str> {
        let inside = if self.prefix.is_empty() {
            repo_path
        } else {
            repo_path.strip_prefix(&self.prefix)?.strip_prefix('/')?
        };
        PlanFiles::is_plan_path(inside).then_some(inside)
    }

    /// Resolves any revision git understands to a commit (annotated tags
    /// are peeled).
    pub fn resolve(&self, spec: &str) -> Result<Revision, StoreError> {
        let id = match self.repo.rev_parse_single(spec) {
            Ok(id) => id,
            Err(source) => {
                // `HEAD` (or its branch) without commits is not a typo.
                if let Ok(head) = self.repo.head()
                    && head.is_unborn()
                {
                    let branch = head
                        .referent_name()
                        .map(|n| n.shorten().to_string())
                        .unwrap_or_else(|| "HEAD".into());
                    if spec == "HEAD"
                        || spec == branch
                        || spec.starts_with("HEAD")
                        || spec.starts_with(&branch)
                    {
                        return Err(StoreError::Unborn {
                            spec: spec.to_string(),
                            branch,
                        });
                    }
                }
                return Err(StoreError::UnknownRevision {
                    spec: spec.to_string(),
                    cause: source,
                });
            }
        };
        let commit =
            id.object()?
                .peel_to_commit()
                .map_err(|source| StoreError::UnknownRevision {
                    spec: spec.to_string(),
                    cause: source,
                })?;
        Ok(Revision {
            spec: spec.to_string(),
            commit: commit.id.into(),
        })
    }

    /// The plan as it is in the work tree, uncommitted edits included.
    pub fn read_worktree(&self) -> Result<PlanFiles, StoreError> {
        Ok(PlanFiles::read_dir(&self.plan_dir)?)
    }
}

/// Largest object gix may inflate for us. Plan files are at most 1 MiB, so
/// anything larger is only measured; the limit keeps a hostile multi-GB blob
/// from being inflated into memory, without the cost of reading each
/// object's header first.
const ALLOC_LIMIT: usize = 32 * 1024 * 1024;

/// The configuration that sets [`ALLOC_LIMIT`].
fn alloc_limit() -> String {
    format!("gitoxide.objects.allocLimit={ALLOC_LIMIT}")
}

/// Memory for delta bases while reading packed objects.
const PACK_CACHE: usize = 96 * 1024 * 1024;

/// Gives the repository a cache of delta bases, as git's
/// `core.deltaBaseCacheLimit`: without one, every packed object re-inflates
/// its whole delta chain, and walking history (a plan folder's tree at each
/// of thousands of commits) is ten times slower.
pub(crate) fn with_pack_cache(mut repo: gix::Repository) -> gix::Repository {
    repo.objects.set_pack_cache(|| {
        Box::new(gix::odb::pack::cache::lru::StaticLinkedList::<64>::new(
            PACK_CACHE,
        ))
    });
    repo
}

/// Opens the repository at `git_dir` with the allocation limit set.
pub(crate) fn open_bounded(git_dir: &Path) -> Result<gix::Repository, StoreError> {
    let options = gix::open::Options::default().config_overrides([alloc_limit()]);
    Ok(with_pack_cache(gix::open_opts(git_dir, options)?))
}

/// A commit id written as hex (in a record or a state file).
pub(crate) fn parse_oid(hex: &str) -> Result<gix::ObjectId, StoreError> {
    gix::ObjectId::from_hex(hex.as_bytes()).map_err(|e| StoreError::Git(gix::Error::from_error(e)))
}
