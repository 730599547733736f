//! `tplan merge-file`: the merge driver git runs for a plan file during
//! `git merge`, `git rebase` and `git pull` (configured by `setup-git`):
//! the three versions in files, the result written over ours.

use std::path::Path;

use tplan_evolution::merge::{Conflict, Labels, merge_file};

use crate::error::{StoreError, io};

/// What the driver did to one file.
#[derive(Debug, Clone, PartialEq)]
pub struct DriverMerge {
    /// The file as git names it (`%P`), for messages.
    pub display: String,
    /// The conflicts; ours holds them with markers. Empty: a clean merge.
    pub conflicts: Vec<Conflict>,
}

/// The plan path git's `%P` names: `tplan.toml`, `tplan.lock`, or the
/// last two components (`events/x.toml`).
pub fn plan_path(repo_path: &str) -> String {
    let parts: Vec<&str> = repo_path.split('/').filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [] => String::new(),
        [.., last] if *last == "tplan.toml" || *last == "tplan.lock" => last.to_string(),
        [.., dir, file] => format!("{dir}/{file}"),
        [file] => file.to_string(),
    }
}

/// Merges the file at `ours` with `base` and `theirs` as git's driver
/// protocol asks (`%O %A %B %P`): the result, markers and all, replaces
/// `ours`. Git passes an empty file for a side without the file.
pub fn merge_driver(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    path: Option<&str>,
) -> Result<DriverMerge, StoreError> {
    let read = |p: &Path| -> Result<String, StoreError> {
        let bytes = std::fs::read(p).map_err(|e| io(p, "cannot read", e))?;
        String::from_utf8(bytes).map_err(|_| StoreError::NotText {
            path: p.display().to_string(),
        })
    };
    let display = path.map_or_else(|| ours.display().to_string(), str::to_string);
    let (base_text, ours_text, theirs_text) = (read(base)?, read(ours)?, read(theirs)?);
    let merged = merge_file(
        &plan_path(&display),
        Some(base_text.as_str()),
        Some(ours_text.as_str()),
        Some(theirs_text.as_str()),
        Labels {
            ours: "ours",
            theirs: "theirs",
        },
    );
    if let Some(text) = &merged.text {
        std::fs::write(ours, text).map_err(|e| io(ours, "cannot write", e))?;
    }
    Ok(DriverMerge {
        display,
        conflicts: merged.conflicts,
    })
}

#[cfg(test)]
mod tests {
    use super::plan_path;

    #[test]
    fn git_paths_map_to_plan_paths() {
        assert_eq!(plan_path("plans/web/events/x.toml"), "events/x.toml");
        assert_eq!(plan_path("events/x.toml"), "events/x.toml");
        assert_eq!(plan_path("plans/web/tplan.lock"), "tplan.lock");
        assert_eq!(plan_path("tplan.toml"), "tplan.toml");
    }
}
