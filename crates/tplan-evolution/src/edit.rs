//! What kind of edit a change is, so messages and renderers never guess it
//! from the words of a message.

use serde_json::Value;

/// What kind of edit a change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    /// Something new where there was nothing.
    Added,
    /// Something gone.
    Removed,
    /// A value replaced by another (or a change that carries no values,
    /// such as a property made required).
    Changed,
    /// Prose replaced by other prose (a description, a title): renderers
    /// show it as a word diff.
    Reworded,
}

impl Edit {
    /// The edit from `old` to `new`: text with a space on either side is
    /// prose, reworded rather than replaced.
    pub fn between(old: Option<&Value>, new: Option<&Value>) -> Edit {
        match (old, new) {
            (None, Some(_)) => Edit::Added,
            (Some(_), None) => Edit::Removed,
            (Some(Value::String(a)), Some(Value::String(b)))
                if a.contains(' ') || b.contains(' ') =>
            {
                Edit::Reworded
            }
            _ => Edit::Changed,
        }
    }

    /// Added, removed or changed, from whether there was something before
    /// and after: for whole objects, whose values are not compared as text.
    pub fn presence(before: bool, after: bool) -> Edit {
        match (before, after) {
            (false, true) => Edit::Added,
            (true, false) => Edit::Removed,
            _ => Edit::Changed,
        }
    }
}
