//! The intent record: what an operation is about to do, as JSON in a blob
//! that `refs/tplan-intent` points at while the operation runs.

use std::path::PathBuf;

use gix::objs::tree::EntryMode;
use serde::{Deserialize, Serialize};

use super::owner::Owner;
use crate::error::StoreError;
use crate::index::IndexEdit;
use crate::store::parse_oid;
use crate::tree::{Blob, PathChange};

/// The ref holding the record of the operation under way. Outside
/// `refs/tplan/`, so the refspec the docs give for sharing never pushes it.
pub const INTENT_REF: &str = "refs/tplan-intent";

/// One ref an operation moves, by compare-and-swap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RefMove {
    /// The full ref name (`refs/heads/main`).
    pub name: String,
    /// Where it must be before (hex, or `ref: <name>` for a symbolic
    /// ref), or `None`: it must not exist.
    pub from: Option<String>,
    /// Where it goes (hex, or `ref: <name>`).
    pub to: String,
    /// The reflog message.
    pub message: String,
    /// Moved through `HEAD`, which then logs the move too.
    #[serde(default)]
    pub via_head: bool,
    /// Create the ref's log if it has none (tplan's own refs).
    #[serde(default)]
    pub new_reflog: bool,
}

impl RefMove {
    /// A move of `name` from `from` to `to`.
    pub(crate) fn new(
        name: impl Into<String>,
        from: Option<gix::ObjectId>,
        to: gix::ObjectId,
        message: impl Into<String>,
    ) -> RefMove {
        RefMove {
            name: name.into(),
            from: from.map(|id| id.to_string()),
            to: to.to_string(),
            message: message.into(),
            via_head: false,
            new_reflog: false,
        }
    }

    /// A move of symbolic ref `name` (`HEAD`) from `from` to `to`.
    pub(crate) fn symbolic(
        name: impl Into<String>,
        from: gix::refs::Target,
        to: &gix::refs::FullName,
        message: impl Into<String>,
    ) -> RefMove {
        RefMove {
            name: name.into(),
            from: Some(target_text(&from)),
            to: target_text(&gix::refs::Target::Symbolic(to.clone())),
            message: message.into(),
            via_head: false,
            new_reflog: false,
        }
    }

    pub(crate) fn old_target(&self) -> Result<Option<gix::refs::Target>, StoreError> {
        self.from.as_deref().map(parse_target).transpose()
    }

    pub(crate) fn new_target(&self) -> Result<gix::refs::Target, StoreError> {
        parse_target(&self.to)
    }
}

/// A ref's target as the record holds it: hex, or `ref: <name>`.
pub(crate) fn target_text(t: &gix::refs::Target) -> String {
    match t {
        gix::refs::Target::Object(id) => id.to_string(),
        gix::refs::Target::Symbolic(name) => format!("ref: {}", name.as_bstr()),
    }
}

fn parse_target(text: &str) -> Result<gix::refs::Target, StoreError> {
    match text.strip_prefix("ref: ") {
        Some(name) => gix::refs::FullName::try_from(name)
            .map(gix::refs::Target::Symbolic)
            .map_err(|_| StoreError::BadIntent {
                reason: format!("`{name}` is not a ref name"),
            }),
        None => parse_oid(text).map(gix::refs::Target::Object),
    }
}

/// A blob as the record holds it: its tree mode (octal digits) and id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct BlobRecord {
    pub mode: u16,
    pub id: String,
}

impl From<Blob> for BlobRecord {
    fn from((mode, id): Blob) -> BlobRecord {
        BlobRecord {
            mode: mode.value(),
            id: id.to_string(),
        }
    }
}

impl BlobRecord {
    pub(crate) fn blob(&self) -> Result<Blob, StoreError> {
        let mode =
            EntryMode::try_from(u32::from(self.mode)).map_err(|_| StoreError::BadIntent {
                reason: format!("`{:o}` is not a tree entry mode", self.mode),
            })?;
        Ok((mode, parse_oid(&self.id)?))
    }
}

fn blob(b: &Option<BlobRecord>) -> Result<Option<Blob>, StoreError> {
    b.as_ref().map(BlobRecord::blob).transpose()
}

/// A work-tree path the operation writes: from `old` to `new`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileMove {
    pub path: String,
    pub old: Option<BlobRecord>,
    pub new: Option<BlobRecord>,
}

impl From<&PathChange> for FileMove {
    fn from(c: &PathChange) -> FileMove {
        FileMove {
            path: c.path.clone(),
            old: c.old.map(Into::into),
            new: c.new.map(Into::into),
        }
    }
}

impl FileMove {
    pub(crate) fn change(&self) -> Result<PathChange, StoreError> {
        Ok(PathChange {
            path: self.path.clone(),
            old: blob(&self.old)?,
            new: blob(&self.new)?,
        })
    }
}

/// An index entry the operation records, as [`IndexEdit`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub(crate) enum IndexRecord {
    Set {
        path: String,
        blob: BlobRecord,
    },
    Remove {
        path: String,
    },
    Conflict {
        path: String,
        base: Option<BlobRecord>,
        ours: Option<BlobRecord>,
        theirs: Option<BlobRecord>,
    },
}

impl From<&IndexEdit> for IndexRecord {
    fn from(e: &IndexEdit) -> IndexRecord {
        match e {
            IndexEdit::Set { path, blob } => IndexRecord::Set {
                path: path.clone(),
                blob: (*blob).into(),
            },
            IndexEdit::Remove { path } => IndexRecord::Remove { path: path.clone() },
            IndexEdit::Conflict {
                path,
                base,
                ours,
                theirs,
            } => IndexRecord::Conflict {
                path: path.clone(),
                base: base.map(Into::into),
                ours: ours.map(Into::into),
                theirs: theirs.map(Into::into),
            },
        }
    }
}

impl IndexRecord {
    pub(crate) fn edit(&self) -> Result<IndexEdit, StoreError> {
        Ok(match self {
            IndexRecord::Set { path, blob } => IndexEdit::Set {
                path: path.clone(),
                blob: blob.blob()?,
            },
            IndexRecord::Remove { path } => IndexEdit::Remove { path: path.clone() },
            IndexRecord::Conflict {
                path,
                base,
                ours,
                theirs,
            } => IndexEdit::Conflict {
                path: path.clone(),
                base: self::blob(base)?,
                ours: self::blob(ours)?,
                theirs: self::blob(theirs)?,
            },
        })
    }
}

/// What an operation does, in order: the refs move, then the work tree's
/// files are written, then the index records `index`, then the files in
/// `remove` (state files in the git folder) go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Intent {
    /// For people: `publish plan 0.2.0 (#3)`.
    pub what: String,
    /// The process running it.
    pub owner: Owner,
    /// The plan folder whose work tree and index the operation writes.
    pub plan_dir: PathBuf,
    pub refs: Vec<RefMove>,
    #[serde(default)]
    pub files: Vec<FileMove>,
    #[serde(default)]
    pub index: Vec<IndexRecord>,
    #[serde(default)]
    pub remove: Vec<PathBuf>,
}

impl Intent {
    pub(crate) fn parse(bytes: &[u8]) -> Result<Intent, StoreError> {
        serde_json::from_slice(bytes).map_err(|e| StoreError::BadIntent {
            reason: e.to_string(),
        })
    }
}
