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

/// Whether plain `git merge` merges this plan's files with tplan.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum DriverState {
    /// Attributes and driver in place, the driver's program found.
    Ready,
    /// The plan folder's `.gitattributes` does not name the driver.
    NoAttributes,
    /// This clone's config has no `merge.tplan.driver` (a fresh clone):
    /// git line-merges plan files.
    NotConfigured,
    /// The configured driver's program is not where the config says.
    ProgramMissing {
        /// The program named.
        program: String,
    },
}

impl DriverState {
    /// What is wrong, in one sentence for a warning; `None` when ready.
    pub fn problem(&self) -> Option<String> {
        match self {
            DriverState::Ready => None,
            DriverState::NoAttributes => Some(
                "plan files are merged line by line: the plan folder's `.gitattributes` does not name tplan's merge driver; run `tplan setup-git` and commit `.gitattributes`".into(),
            ),
            DriverState::NotConfigured => Some(
                "plan files are merged line by line: tplan's merge driver is not set up in this clone; run `tplan setup-git` once".into(),
            ),
            DriverState::ProgramMissing { program } => Some(format!(
                "plan files cannot be merged: the merge driver's program `{program}` is not there; run `tplan setup-git` again"
            )),
        }
    }
}

impl Store {
    /// Whether `git merge` would merge plan files with tplan: the
    /// attributes, this clone's driver config, and its program.
    pub fn driver_state(&self) -> DriverState {
        let attributes =
            std::fs::read_to_string(self.plan_dir.join(".gitattributes")).unwrap_or_default();
        let named = ATTRIBUTES.iter().all(|line| {
            attributes
                .lines()
                .any(|l| l.split_whitespace().eq(line.split_whitespace()))
        });
        if !named {
            return DriverState::NoAttributes;
        }
        let config = self.repo.config_snapshot();
        let Some(driver) = config.string("merge.tplan.driver") else {
            return DriverState::NotConfigured;
        };
        let driver = driver.to_string();
        let program = program_of(&driver);
        let found = if program.contains('/') {
            Path::new(&program).is_file()
        } else {
            std::env::var_os("PATH").is_some_and(|path| {
                std::env::split_paths(&path).any(|dir| dir.join(&program).is_file())
            })
        };
        if found {
            DriverState::Ready
        } else {
            DriverState::ProgramMissing { program }
        }
    }
}

/// The program a driver command starts: its first word, unquoted as the
/// shell does for the single quotes `setup-git` writes.
fn program_of(command: &str) -> String {
    let command = command.trim_start();
    match command.strip_prefix('\'') {
        Some(rest) => {
            // 'a'\''b' is a'b: runs of quoted text joined by \'.
            let mut out = String::new();
            let mut rest = rest;
            loop {
                let Some(end) = rest.find('\'') else {
                    out.push_str(rest);
                    return out;
                };
                out.push_str(&rest[..end]);
                rest = &rest[end + 1..];
                match rest.strip_prefix("\\''") {
                    Some(more) => {
                        out.push('\'');
                        rest = more;
                    }
                    None => return out,
                }
            }
        }
        None => command.split_whitespace().next().unwrap_or("").to_string(),
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

#[cfg(test)]
mod tests {
    use super::program_of;

    #[test]
    fn the_program_is_the_first_word_unquoted() {
        assert_eq!(program_of("tplan merge-file %O %A %B %P"), "tplan");
        assert_eq!(
            program_of("/usr/local/bin/tplan merge-file %O"),
            "/usr/local/bin/tplan"
        );
        assert_eq!(
            program_of(r"'/home/pat/my tools/tplan' merge-file %O"),
            "/home/pat/my tools/tplan"
        );
        assert_eq!(
            program_of(r"'/home/pat/it'\''s/tplan' merge-file %O"),
            "/home/pat/it's/tplan"
        );
    }
}
