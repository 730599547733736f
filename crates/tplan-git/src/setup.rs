//! `tplan setup-git`: make plain `git merge`, `git rebase` and `git pull`
//! merge plan files with tplan's semantic merge, through a merge driver.
//!
//! Two halves, as git-lfs does it: `.gitattributes` in the plan folder
//! (committed, so every clone names the driver) and the driver's command
//! in the repository's config (local: a config never travels with a clone,
//! so each clone runs `tplan setup-git` once; git runs only commands its
//! user configured).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{StoreError, io};
use crate::store::Store;

/// The attribute lines the plan folder needs.
pub const ATTRIBUTES: &[&str] = &["*.toml merge=tplan", "tplan.lock merge=tplan"];

/// What `setup_git` changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GitSetup {
    /// The attributes file.
    #[serde(serialize_with = "display")]
    pub attributes: PathBuf,
    /// Whether lines were added to it.
    pub attributes_changed: bool,
    /// The config file.
    #[serde(serialize_with = "display")]
    pub config: PathBuf,
    /// The driver command now configured.
    pub driver: String,
    /// Whether the config changed.
    pub config_changed: bool,
    /// The attribute lines the plan folder needs ([`ATTRIBUTES`]).
    #[serde(skip)]
    pub lines: &'static [&'static str],
}

/// A path as people read it (lossy for a path that is not UTF-8).
fn display<S: serde::Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&path.display())
}

impl Store {
    /// Writes the attributes and the driver config; `command` is how git
    /// should start tplan (`tplan`, or an absolute path). Idempotent.
    pub fn setup_git(&self, command: &str) -> Result<GitSetup, StoreError> {
        let attributes = self.plan_dir.join(".gitattributes");
        let existing = match std::fs::read_to_string(&attributes) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => return Err(io(&attributes, "cannot read", source)),
        };
        let missing: Vec<&str> = ATTRIBUTES
            .iter()
            .copied()
            .filter(|line| {
                !existing
                    .lines()
                    .any(|l| l.split_whitespace().eq(line.split_whitespace()))
            })
            .collect();
        if !missing.is_empty() {
            let mut text = existing.clone();
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(
                "# Plan files merge semantically: `tplan setup-git` configures the driver.\n",
            );
            for line in &missing {
                text.push_str(line);
                text.push('\n');
            }
            std::fs::write(&attributes, text)
                .map_err(|source| io(&attributes, "cannot write", source))?;
        }

        let driver = format!("{command} merge-file %O %A %B %P");
        let config = self.repo.common_dir().join("config");
        let mut file =
            gix::config::File::from_path_no_includes(config.clone(), gix::config::Source::Local)
                .map_err(gix::Error::from_error)?;
        let current = |file: &gix::config::File, key: &str| {
            file.raw_value_by("merge", Some("tplan".into()), key)
                .ok()
                .map(|v| v.to_string())
        };
        let name = "tplan semantic merge of plan files";
        let config_changed = current(&file, "driver").as_deref() != Some(driver.as_str())
            || current(&file, "name").as_deref() != Some(name);
        if config_changed {
            file.set_raw_value_by("merge", Some("tplan".into()), "name", name)
                .map_err(gix::Error::from_error)?;
            file.set_raw_value_by("merge", Some("tplan".into()), "driver", driver.as_str())
                .map_err(gix::Error::from_error)?;
            write_locked(&config, &file)?;
        }
        Ok(GitSetup {
            attributes,
            attributes_changed: !missing.is_empty(),
            config,
            driver,
            config_changed,
            lines: ATTRIBUTES,
        })
    }
}

/// Writes a config file as git does: to `config.lock`, created exclusively,
/// then renamed over the file.
fn write_locked(path: &std::path::Path, file: &gix::config::File) -> Result<(), StoreError> {
    let lock = path.with_extension("lock");
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&lock)
        .map_err(|source| {
            if source.kind() == std::io::ErrorKind::AlreadyExists {
                StoreError::Io {
                    context: format!(
                        "`{}` exists: another git process is changing the config; try again",
                        lock.display()
                    ),
                    cause: source,
                }
            } else {
                io(&lock, "cannot create", source)
            }
        })?;
    let written = file.write_to(&mut out).and_then(|()| out.flush());
    if let Err(source) = written {
        let _ = std::fs::remove_file(&lock);
        return Err(io(&lock, "cannot write", source));
    }
    drop(out);
    std::fs::rename(&lock, path).map_err(|source| {
        let _ = std::fs::remove_file(&lock);
        io(path, "cannot replace", source)
    })
}
