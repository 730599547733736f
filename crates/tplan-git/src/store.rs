//! Finding a plan and reading it at a revision.

use std::path::{Path, PathBuf};

use gix::bstr::ByteSlice;
use tplan_core::files::{LOCK, MANIFEST, MAX_FILE_SIZE, OBJECT_DIRS};
use tplan_core::{Entry, PlanFiles};

use crate::error::StoreError;

/// A resolved revision: what the user typed and the commit it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The spec as given (`main`, `HEAD~2`).
    pub spec: String,
    /// The commit id, 40 hex characters.
    pub commit: String,
}

impl Revision {
    /// The commit id shortened as git shows it (7 hex characters).
    pub fn short(&self) -> &str {
        &self.commit[..7.min(self.commit.len())]
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
        let found = gix::discover(plan_dir).map_err(|source| StoreError::NotARepo {
            dir: plan_dir.to_path_buf(),
            source,
        })?;
        let repo = open_bounded(found.git_dir())?;
        let workdir = repo
            .workdir()
            .ok_or_else(|| StoreError::Bare {
                git_dir: repo.git_dir().to_path_buf(),
            })?
            .to_path_buf();
        let canon = |p: &Path| {
            std::fs::canonicalize(p).map_err(|source| StoreError::Io {
                context: format!("cannot resolve `{}`", p.display()),
                source,
            })
        };
        let (root, dir) = (canon(&workdir)?, canon(plan_dir)?);
        let relative = dir.strip_prefix(&root).map_err(|_| StoreError::Io {
            context: format!(
                "`{}` is outside the work tree `{}`",
                dir.display(),
                root.display()
            ),
            source: std::io::Error::other("outside the work tree"),
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

    /// `path` inside the plan, as a path from the repository root.
    pub(crate) fn repo_path(&self, path: &str) -> String {
        if self.prefix.is_empty() {
            path.to_string()
        } else {
            format!("{}/{path}", self.prefix)
        }
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
                    source,
                });
            }
        };
        let commit =
            id.object()?
                .peel_to_commit()
                .map_err(|source| StoreError::UnknownRevision {
                    spec: spec.to_string(),
                    source,
                })?;
        Ok(Revision {
            spec: spec.to_string(),
            commit: commit.id.to_string(),
        })
    }

    /// Reads the plan at `spec` from the object database: the manifest, the
    /// lock and the entries of the object folders, nothing else.
    pub fn read_plan(&self, spec: &str) -> Result<(Revision, PlanFiles), StoreError> {
        let rev = self.resolve(spec)?;
        let id =
            gix::ObjectId::from_hex(rev.commit.as_bytes()).expect("a resolved commit id is hex");
        let tree = self.repo.find_commit(id)?.tree()?;
        let root = if self.prefix.is_empty() {
            tree
        } else {
            match tree.lookup_entry_by_path(&self.prefix)? {
                Some(e) if e.mode().is_tree() => e.object()?.into_tree(),
                _ => {
                    return Err(StoreError::NoPlanAt {
                        rev: spec.to_string(),
                        path: self.repo_path(MANIFEST),
                    });
                }
            }
        };
        // Walk the trees first (cheap), then read the blobs: in parallel for
        // large plans, each thread with its own handle on the repository.
        let mut files = PlanFiles::new();
        let mut blobs: Vec<(String, gix::objs::tree::EntryMode, gix::ObjectId)> = Vec::new();
        for entry in root.iter() {
            let entry = entry?;
            let name = entry.filename().to_str_lossy().into_owned();
            if name == MANIFEST || name == LOCK {
                blobs.push((name, entry.mode(), entry.oid().to_owned()));
            } else if OBJECT_DIRS.contains(&name.as_str()) {
                if !entry.mode().is_tree() {
                    files.insert(format!("{name}/"), kind_entry(entry.mode()));
                    continue;
                }
                let sub = self.repo.find_tree(entry.oid().to_owned())?;
                for child in sub.iter() {
                    let child = child?;
                    let path = format!("{name}/{}", child.filename().to_str_lossy());
                    if !PlanFiles::is_plan_path(&path) {
                        continue;
                    }
                    if child.mode().is_tree() || child.mode().is_commit() {
                        // Report folders once, as `events/sub/`.
                        files.insert(format!("{path}/"), Entry::NotAFile);
                    } else {
                        blobs.push((path, child.mode(), child.oid().to_owned()));
                    }
                }
            }
        }
        for (path, entry) in self.read_entries(&blobs)? {
            files.insert(path, entry);
        }
        if !files.has_manifest() {
            return Err(StoreError::NoPlanAt {
                rev: spec.to_string(),
                path: self.repo_path(MANIFEST),
            });
        }
        Ok((rev, files))
    }

    /// Reads tree entries as plan entries. Large plans are read by several
    /// threads, each opening its own handle (a `gix::Repository` is not
    /// `Send` without gix's `parallel` feature, which costs build time).
    fn read_entries(
        &self,
        blobs: &[(String, gix::objs::tree::EntryMode, gix::ObjectId)],
    ) -> Result<Vec<(String, Entry)>, StoreError> {
        use rayon::prelude::*;
        const PER_THREAD: usize = 256;
        if blobs.len() < 2 * PER_THREAD {
            return blobs
                .iter()
                .map(|(path, mode, oid)| Ok((path.clone(), read_entry(&self.repo, *mode, *oid)?)))
                .collect();
        }
        let chunk = blobs
            .len()
            .div_ceil(rayon::current_num_threads())
            .max(PER_THREAD);
        let git_dir = self.repo.git_dir().to_path_buf();
        let parts: Vec<Result<Vec<(String, Entry)>, StoreError>> = blobs
            .par_chunks(chunk)
            .map(|part| {
                let repo = open_bounded(&git_dir)?;
                part.iter()
                    .map(|(path, mode, oid)| Ok((path.clone(), read_entry(&repo, *mode, *oid)?)))
                    .collect()
            })
            .collect();
        let mut out = Vec::with_capacity(blobs.len());
        for part in parts {
            out.extend(part?);
        }
        Ok(out)
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

/// Opens the repository at `git_dir` with the allocation limit set.
fn open_bounded(git_dir: &Path) -> Result<gix::Repository, StoreError> {
    let options = gix::open::Options::default()
        .config_overrides([format!("gitoxide.objects.allocLimit={ALLOC_LIMIT}")]);
    Ok(gix::open_opts(git_dir, options)?)
}

fn kind_entry(mode: gix::objs::tree::EntryMode) -> Entry {
    if mode.is_link() {
        Entry::Symlink
    } else {
        Entry::NotAFile
    }
}

/// One tree entry as a plan entry: links and folders are recorded, and a
/// blob over the 1 MiB limit only by its size.
fn read_entry(
    repo: &gix::Repository,
    mode: gix::objs::tree::EntryMode,
    oid: gix::ObjectId,
) -> Result<Entry, StoreError> {
    if !mode.is_blob() {
        return Ok(kind_entry(mode));
    }
    match repo.find_object(oid) {
        Ok(blob) if blob.data.len() as u64 > MAX_FILE_SIZE => Ok(Entry::TooLarge {
            size: blob.data.len() as u64,
        }),
        // Copy out exactly the bytes: the decoded buffer may carry spare
        // capacity from delta resolution, and goes back to gix for reuse.
        Ok(blob) => Ok(Entry::File(blob.data.to_vec())),
        // Over the allocation limit: measure it from its header instead.
        Err(err) => match repo.find_header(oid) {
            Ok(header) if header.size() > MAX_FILE_SIZE => Ok(Entry::TooLarge {
                size: header.size(),
            }),
            _ => Err(err.into()),
        },
    }
}
