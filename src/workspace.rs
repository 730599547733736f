//! Finding the plan and reading it: from the work tree or at a revision.

use std::path::{Path, PathBuf};

use tplan_git::{Store, StoreError};
use tplan_plan::{Loaded, Plan, PlanFiles};

use crate::diagnostic::SourceDiagnostic;
use crate::exit::Failure;
use crate::output::Escaped;
use crate::output::progress::Progress;

/// The plan the command works on.
pub struct Workspace {
    /// The git store around the plan.
    pub store: Store,
}

/// A plan's files as read from one place.
pub struct Source {
    /// The files.
    pub files: PlanFiles,
    /// The revision, or `None` for the work tree.
    pub rev: Option<String>,
    /// The plan folder relative to the repository root (`""` or `plans/web/`).
    pub prefix: String,
}

impl Source {
    /// How to name a plan file to the user: `events/x.toml` in the work
    /// tree, `main:events/x.toml` at a revision (git's own spelling).
    pub fn display(&self, file: &str) -> String {
        match &self.rev {
            Some(rev) => format!("{rev}:{}{file}", self.prefix),
            None => format!("{}{file}", self.prefix),
        }
    }

    /// The file's path from the repository root (`plans/web/events/x.toml`),
    /// for machine output that links to files.
    pub fn display_path(&self, file: &str) -> String {
        format!("{}{file}", self.prefix)
    }

    /// Where the plan was read, for messages.
    pub fn origin(&self) -> String {
        match &self.rev {
            Some(rev) => format!("at `{rev}`"),
            None => "in the work tree".to_string(),
        }
    }
}

/// A parsed plan with the files it came from.
pub struct PlanAt {
    /// The plan.
    pub plan: Plan,
    /// Where it was read.
    pub source: Source,
}

impl Workspace {
    /// Finds the plan around `cwd`, for a command that only reads: an
    /// interrupted operation is reported, not finished.
    pub fn discover(cwd: &Path) -> Result<Workspace, Failure> {
        let store = Store::discover(cwd)?;
        if let Ok(Some(op)) = store.interrupted()
            && !op.running
        {
            eprintln!(
                "warning: `{}` was interrupted (process {} is gone); `tplan recover` finishes it, as does any command that writes",
                Escaped(&op.what),
                op.pid
            );
        }
        Ok(Workspace { store })
    }

    /// Finds the plan around `cwd`, saying nothing of interrupted
    /// operations (`tplan recover` deals with them).
    pub fn locate(cwd: &Path) -> Result<Workspace, Failure> {
        Ok(Workspace {
            store: Store::discover(cwd)?,
        })
    }

    /// Finds the plan around `cwd`, for a command that writes: an
    /// interrupted operation is finished first (one under way in another
    /// live process is waited for when this command's own operation runs).
    pub fn for_write(cwd: &Path) -> Result<Workspace, Failure> {
        let store = Store::discover(cwd)?;
        store.require_worktree()?;
        if let Some(what) = store.recover_first()? {
            eprintln!(
                "note: finished `{}`, which had been interrupted",
                Escaped(&what)
            );
        }
        Ok(Workspace { store })
    }

    /// The plan folder on disk.
    pub fn plan_dir(&self) -> PathBuf {
        self.store.plan_dir().to_path_buf()
    }

    fn prefix(&self) -> String {
        let p = self.store.plan_prefix();
        if p.is_empty() {
            String::new()
        } else {
            format!("{p}/")
        }
    }

    /// The plan's files: the work tree when `rev` is `None`, otherwise as
    /// committed at `rev`, from the object database.
    pub fn read(&self, rev: Option<&str>) -> Result<Source, Failure> {
        // A bare repository has no work tree: its plan is `HEAD`'s.
        let rev = rev.or(self.store.is_bare().then_some("HEAD"));
        let _progress = Progress::start(match rev {
            Some(rev) => format!("reading the plan at {rev}"),
            None => "reading the plan".to_string(),
        });
        let files = match rev {
            None => self.store.read_worktree()?,
            Some(spec) => self.store.read_plan(spec)?.1,
        };
        Ok(Source {
            files,
            rev: rev.map(str::to_string),
            prefix: self.prefix(),
        })
    }

    /// Two plans for a diff. Between two revisions only what can differ is
    /// read and parsed (events unchanged on both sides are left out of both
    /// plans), so a diff costs what changed, not what the plan holds.
    /// `release_keys`: before a first release, list every event by key
    /// (the release publishes them all; a JSON report names each).
    pub fn load_pair(
        &self,
        old: Option<&str>,
        new: Option<&str>,
        release_keys: bool,
    ) -> Result<(PlanAt, PlanAt), Failure> {
        let (Some(old), Some(new)) = (old, new) else {
            let new = self.load(new)?;
            return Ok((self.load_base(old, &new)?, new));
        };
        let (old_files, new_files) = {
            let _progress = Progress::start(format!("reading the plan at {old} and {new}"));
            if release_keys {
                self.store.read_pair_for_release(old, new)?
            } else {
                self.store.read_pair(old, new)?
            }
        };
        let side = |files, rev: &str| -> Result<PlanAt, Failure> {
            let source = Source {
                files,
                rev: Some(rev.to_string()),
                prefix: self.prefix(),
            };
            let loaded = tplan_schema::load(&source.files);
            if !loaded.errors.is_empty() {
                return Err(plan_failure(&loaded, &source));
            }
            Ok(PlanAt {
                plan: loaded.plan,
                source,
            })
        };
        Ok((side(old_files, old)?, side(new_files, new)?))
    }

    /// The base of a diff with `new`: the plan at `rev` (or the work
    /// tree), or, when `rev` has no plan (the change that adds it), the
    /// empty plan with `new`'s manifest, so that everything is added.
    fn load_base(&self, rev: Option<&str>, new: &PlanAt) -> Result<PlanAt, Failure> {
        if let Some(spec) = rev
            && !self.store.has_plan(spec)?
        {
            let source = Source {
                files: new.source.files.empty_like(),
                rev: Some(spec.to_string()),
                prefix: self.prefix(),
            };
            let loaded = tplan_schema::load(&source.files);
            return Ok(PlanAt {
                plan: loaded.plan,
                source,
            });
        }
        self.load(rev)
    }

    /// The plan at `rev` (or the work tree), refusing a plan with errors:
    /// each error is shown with its source, exit 2.
    pub fn load(&self, rev: Option<&str>) -> Result<PlanAt, Failure> {
        let source = self.read(rev)?;
        let loaded = {
            let _progress = Progress::start(format!("checking {} files", source.files.len()));
            tplan_schema::load(&source.files)
        };
        if !loaded.errors.is_empty() {
            return Err(plan_failure(&loaded, &source));
        }
        Ok(PlanAt {
            plan: loaded.plan,
            source,
        })
    }
}

impl Workspace {
    /// A store error as people see it: a plan that does not load shows each
    /// error with its line (as [`plan_failure`]), any other its diagnostic.
    pub fn failure(&self, e: StoreError) -> Failure {
        match e {
            StoreError::PlanErrors { rev, files, errors } => {
                let source = Source {
                    files: *files,
                    rev,
                    prefix: self.prefix(),
                };
                errors_failure(&errors, &source)
            }
            e => e.into(),
        }
    }
}

/// A failure listing every error of a plan.
pub fn plan_failure(loaded: &Loaded, source: &Source) -> Failure {
    errors_failure(&loaded.errors, source)
}

/// A failure listing `errors`, each with its line in `source`.
fn errors_failure(errors: &[tplan_plan::PlanError], source: &Source) -> Failure {
    let display = |f: &str| source.display(f);
    let diagnostics = errors
        .iter()
        .map(|e| SourceDiagnostic::in_file(e, &e.file, e.span, &source.files, &display))
        .collect();
    let n = errors.len();
    Failure {
        diagnostics,
        report: SourceDiagnostic::message(
            format!(
                "the plan {} has {n} error{}",
                source.origin(),
                if n == 1 { "" } else { "s" }
            ),
            Some("`tplan lint` lists every problem; fix them and run the command again".into()),
        )
        .into(),
        broken_pipe: false,
    }
}
