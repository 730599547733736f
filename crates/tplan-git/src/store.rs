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
    /// A repository without a work tree (a CI mirror): read commands read
    /// `HEAD`'s plan, write commands are refused. `workdir` and `plan_dir`
    /// are then the git folder, never written.
    pub(crate) bare: bool,
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
        if dir.join(".git").symlink_metadata().is_ok() || is_git_dir(dir) {
            return None;
        }
    }
    None
}

/// Whether `dir` is itself a git folder (a bare repository): it has
/// `HEAD`, `objects/` and `refs/`, as git checks.
fn is_git_dir(dir: &Path) -> bool {
    dir.join("HEAD").is_file() && dir.join("objects").is_dir() && dir.join("refs").is_dir()
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
        let no_plan = || StoreError::NoPlan {
            start: start.to_path_buf(),
        };
        match find_plan_dir(start) {
            Some(plan_dir) => Store::open(&plan_dir),
            None => match gix::discover(start) {
                Ok(repo) if repo.is_bare() => Store::open(start),
                _ => Err(no_plan()),
            },
        }
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
        let Some(workdir) = repo.workdir().map(Path::to_path_buf) else {
            return crate::bare::open_bare(repo, plan_dir);
        };
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
            bare: false,
        })
    }

    /// Whether the repository has no work tree: reads are of `HEAD`.
    pub fn is_bare(&self) -> bool {
        self.bare
    }

    /// Refuses a bare repository: for commands that write the work tree.
    pub fn require_worktree(&self) -> Result<(), StoreError> {
        if self.bare {
            Err(StoreError::Bare {
                git_dir: self.repo.git_dir().to_path_buf(),
            })
        } else {
            Ok(())
        }
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

    /// The repository's git folder (`.git`, or a linked worktree's own):
    /// where a command may keep scratch files out of the work tree.
    pub fn git_dir(&self) -> &Path {
        self.repo.git_dir()
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
        // A full id is looked up as itself: objects kept in memory (a
        // predicted publish's) have no prefix to search.
        let full = (spec.len() == 40)
            .then(|| gix::ObjectId::from_hex(spec.as_bytes()).ok())
            .flatten()
            .filter(|id| self.repo.has_object(id));
        let parsed = match full {
            Some(id) => Ok(gix::prelude::ObjectIdExt::attach(id, &self.repo)),
            None => self.repo.rev_parse_single(spec),
        };
        // A branch this clone only tracks (`origin/gift` for `gift`), as
        // `git switch gift` finds it: a reviewer's clone.
        let parsed = match parsed {
            Err(e) => match self.branch_tip(spec).ok().flatten() {
                Some(id) => Ok(gix::prelude::ObjectIdExt::attach(id, &self.repo)),
                None => Err(e),
            },
            ok => ok,
        };
        let id = match parsed {
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
                    // A shallow clone most likely lacks it; else a typo.
                    suggestion: if self.is_shallow() {
                        Some(crate::shallow::fetch_hint(spec))
                    } else {
                        self.suggest_revision(spec)
                            .map(|s| format!("did you mean `{s}`?"))
                    },
                    cause: source,
                });
            }
        };
        let commit =
            id.object()?
                .peel_to_commit()
                .map_err(|source| StoreError::UnknownRevision {
                    spec: spec.to_string(),
                    suggestion: None,
                    cause: source,
                })?;
        Ok(Revision {
            spec: spec.to_string(),
            commit: commit.id.into(),
        })
    }

    /// The plan as it is in the work tree, uncommitted edits included.
    ///
    /// Files git ignores (`.gitignore`, `.git/info/exclude`, the global
    /// excludes) that git does not track are left out, as `git status` and
    /// `git add` leave them out.
    pub fn read_worktree(&self) -> Result<PlanFiles, StoreError> {
        self.require_worktree()?;
        let mut files = PlanFiles::read_dir(&self.plan_dir)?;
        let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
        for path in self.ignored_untracked(paths.iter().map(String::as_str))? {
            files.remove(&path);
        }
        Ok(files)
    }

    /// The plan paths among `paths` that git ignores and does not track.
    pub(crate) fn ignored_untracked<'p>(
        &self,
        paths: impl IntoIterator<Item = &'p str>,
    ) -> Result<Vec<String>, StoreError> {
        use gix::bstr::ByteSlice;
        use gix::worktree::stack::state::ignore::Source;
        let index = self.repo.index_or_empty()?;
        let mut excludes = self
            .repo
            .excludes(&index, None, Source::WorktreeThenIdMappingIfNotSkipped)
            .map_err(gix::Error::from_error)?;
        let mut out = Vec::new();
        for path in paths {
            let repo_path = self.repo_path(path);
            let at = repo_path.as_bytes().as_bstr();
            if index.entry_by_path(at).is_some() {
                continue;
            }
            let platform = excludes.at_entry(at, Some(gix::index::entry::Mode::FILE))?;
            if platform.is_excluded() {
                out.push(path.to_string());
            }
        }
        Ok(out)
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
