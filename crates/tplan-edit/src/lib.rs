//! Programmatic edits of plan files, the way `cargo add` edits `Cargo.toml`:
//! the keys an edit touches change, and every comment, blank line, spacing
//! and key order elsewhere stays as it was, byte for byte.
//!
//! [`apply`] is pure: it takes the plan's files and returns a [`Changeset`]
//! (new texts and deletions) for the caller to write. It refuses an edit
//! that would leave the plan invalid, so a refused edit writes nothing.
//!
//! Unsetting a field is its own variant ([`Edit::UnsetEvent`],
//! [`Edit::UnsetProperty`]): a `set` always has a value, so a value that
//! happens to be empty can never remove a key by accident.

mod changes;
mod changeset;
mod edit;
mod error;
mod fields;
pub mod init;
mod object;
pub mod release;
mod rename;
pub mod template;
mod value;

use std::collections::HashMap;

pub use changeset::{Changeset, EditReport, FileAction, FileChange};
pub use edit::{Edit, PropertySpec, Target};
pub use error::EditError;
use tplan_plan::error::PlanError;
use tplan_plan::files::PlanFiles;
use tplan_plan::parse::Loaded;
use tplan_schema::load;

/// Computes the files that `edit` changes in the plan `files`.
///
/// Refuses, with nothing to write, an edit that names something missing or
/// already there, an unknown field, a bad name or value, a file that is not
/// valid TOML, and any edit after which the plan would have an error in a
/// file the edit touched or an error anywhere that it did not have before
/// (such as removing an owner that events still name).
pub fn apply(files: &PlanFiles, edit: &Edit) -> Result<Changeset, EditError> {
    let before = load(files);
    let changeset = changes::changes(files, &before, edit)?;
    check(files, &before, changeset)
}

/// Refuses `changeset` when the edited plan has an error in a file it
/// touched, or an error the plan did not have before. Errors already in
/// untouched files are compared by file, code and message (positions may
/// not move, but a message is what a person would call "the same error").
fn check(files: &PlanFiles, before: &Loaded, changeset: Changeset) -> Result<Changeset, EditError> {
    let edited = changeset.apply_to(files);
    let after = load(&edited);
    let signature = |e: &PlanError| (e.file.clone(), e.kind.error_code(), e.kind.to_string());
    let mut known: HashMap<_, usize> = HashMap::new();
    for e in &before.errors {
        *known.entry(signature(e)).or_default() += 1;
    }
    let errors: Vec<PlanError> = after
        .errors
        .into_iter()
        .filter(|e| {
            if changeset.files.contains_key(&e.file) {
                return true;
            }
            match known.get_mut(&signature(e)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        })
        .collect();
    if errors.is_empty() {
        return Ok(changeset);
    }
    let sources = errors
        .iter()
        .filter_map(|e| Some((e.file.clone(), edited.text(&e.file)?.to_string())))
        .collect();
    Err(EditError::Invalid { errors, sources })
}
