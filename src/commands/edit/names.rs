//! The naming rules, checked when an add or a rename gives a name.

use tplan_edit::{Changeset, Edit};

use crate::exit::Failure;
use crate::workspace::Source;

/// Whether `edit` gives something a name: naming rules apply to it.
pub(super) fn names_something(edit: &Edit) -> bool {
    matches!(
        edit,
        Edit::AddEvent { .. }
            | Edit::AddProperty { .. }
            | Edit::RenameEvent { .. }
            | Edit::RenameProperty { .. }
    )
}

/// Refuses an edit that brings a naming error (`naming-*` lint rules) into
/// the files it writes: caught when the name is given, not at commit.
pub(super) fn refuse_bad_names(source: &Source, changes: &Changeset) -> Result<(), Failure> {
    let today = tplan_plan::model::Date::today();
    let paths: Vec<&str> = changes
        .files
        .iter()
        .filter(|(_, text)| text.is_some())
        .map(|(p, _)| p.as_str())
        .collect();
    let edited = changes.apply_to(&source.files);
    let before = tplan_lint::naming_errors(&source.files, &paths, today);
    let new: Vec<_> = tplan_lint::naming_errors(&edited, &paths, today)
        .into_iter()
        .filter(|f| {
            !before
                .iter()
                .any(|b| b.file == f.file && b.rule == f.rule && b.message == f.message)
        })
        .collect();
    let Some(first) = new.first() else {
        return Ok(());
    };
    let list: Vec<String> = new
        .iter()
        .map(|f| format!("{}: {}: {}", f.location(), f.rule, f.message))
        .collect();
    Err(Failure::new(
        format!(
            "the plan's naming rules refuse it; nothing was written:\n  {}",
            list.join("\n  ")
        ),
        first.help.clone().or(Some(
            "the rules and their settings: `tplan lint` and `[lints]` in tplan.toml".into(),
        )),
    ))
}
