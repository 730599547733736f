//! Operations that move more than one ref (or a ref and the work tree),
//! all-or-nothing across a crash at any point, as a database's write-ahead
//! log makes them:
//!
//! 1. every object is written, the index is locked (nothing is written yet
//!    when it cannot be), and the file system is flushed;
//! 2. the intent record (every ref move with its old and new value, every
//!    work-tree file, every index entry) is written as a blob and
//!    `refs/tplan-intent` is created pointing at it, by compare-and-swap:
//!    from here on the operation is decided;
//! 3. the refs move one by one, each by compare-and-swap; the files are
//!    written (each to a temporary file renamed into place), the index
//!    after them;
//! 4. the intent ref is deleted.
//!
//! Killed before 2, nothing moved. Killed after it, whoever comes next
//! (`tplan recover`, or any command that writes, which recovers first)
//! rolls the record forward: a ref already at its new value is skipped, one
//! at its old value is moved, any other value stops the recovery with the
//! ref named. A compare-and-swap lost in 3 (another process moved a ref)
//! puts back the refs already moved and deletes the record: as before.
//! Lock files the killed process held are its own when its owner record
//! names them ([`owner`]); those are removed, no other.

mod durable;
mod head_log;
mod owner;
mod record;
mod recover;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use gix::refs::Target;
use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit, RefLog};
use serde::Serialize;

pub use record::INTENT_REF;
pub(crate) use record::RefMove;
use record::{FileMove, IndexRecord, Intent};

use crate::error::StoreError;
use crate::failpoint;
use crate::index::IndexEdit;
use crate::store::Store;
use crate::tree::PathChange;
pub(crate) use owner::Owner;

/// How long an operation waits for one under way in another process.
pub const WAIT_FOR_OTHERS: Duration = Duration::from_secs(20);

/// The pause before the `attempt`-th retry: growing from 2 ms to 50 ms,
/// jittered so that waiting processes do not retry in step.
fn backoff(attempt: u32) -> Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let base = 2u64 << attempt.min(4);
    Duration::from_millis(base + u64::from(nanos % 16))
}

/// What an operation does: see the module's steps.
#[derive(Debug, Clone, Default)]
pub(crate) struct Operation {
    pub what: String,
    pub refs: Vec<RefMove>,
    pub files: Vec<PathChange>,
    pub index: Vec<IndexEdit>,
    /// Files (state files in the git folder) removed last.
    pub remove: Vec<PathBuf>,
}

/// An operation whose record is still in place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Interrupted {
    /// What it was doing (`publish plan 0.2.0 (#3)`).
    pub what: String,
    /// Its process.
    pub pid: u32,
    /// Whether that process still runs (then it is not interrupted, only
    /// under way).
    pub running: bool,
}

/// What `tplan recover` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Recovery {
    /// The interrupted operation finished, if there was one.
    pub finished: Option<String>,
    /// The interrupted operation undone (`--abort`), if there was one.
    pub undone: Option<String>,
    /// Stale lock files tplan had created and removed.
    pub removed_locks: Vec<PathBuf>,
    /// Lock files left in place: not tplan's, or their process runs.
    pub other_locks: Vec<PathBuf>,
}

impl Store {
    /// The operation whose record is in place, if any.
    pub fn interrupted(&self) -> Result<Option<Interrupted>, StoreError> {
        Ok(self.intent()?.map(|(_, intent)| Interrupted {
            running: intent.owner.alive(),
            what: intent.what,
            pid: intent.owner.pid,
        }))
    }

    fn intent(&self) -> Result<Option<(gix::ObjectId, Intent)>, StoreError> {
        let Some(r) = self.repo.try_find_reference(INTENT_REF)? else {
            return Ok(None);
        };
        let Some(id) = r.target().try_id().map(|id| id.to_owned()) else {
            return Err(StoreError::BadIntent {
                reason: format!("`{INTENT_REF}` is a symbolic ref"),
            });
        };
        let bytes = self.blob(id)?;
        Ok(Some((id, Intent::parse(&bytes)?)))
    }

    /// Finishes an interrupted operation (or undoes it, `abort`) and
    /// removes the lock files tplan created whose process is gone. An
    /// operation whose process still runs is refused.
    pub fn recover(&self, abort: bool) -> Result<Recovery, StoreError> {
        let common = self.repo.common_dir().to_path_buf();
        let mut recovery = Recovery {
            removed_locks: owner::remove_stale(&common)?,
            ..Recovery::default()
        };
        if let Some((id, intent)) = self.intent()? {
            if intent.owner.alive() {
                return Err(StoreError::OperationRunning {
                    what: intent.what,
                    pid: intent.owner.pid,
                });
            }
            let mut me = Owner::me();
            me.write(&common)?;
            let done = if abort {
                self.roll_back(&intent, &mut me)
            } else {
                self.roll_forward(&intent, &mut me)
            };
            let done = done.and_then(|()| self.delete_intent(id, &mut me));
            me.release(&common);
            done?;
            if abort {
                recovery.undone = Some(intent.what);
            } else {
                recovery.finished = Some(intent.what);
            }
        }
        recovery.other_locks = self.lock_files();
        Ok(recovery)
    }

    /// What a command that writes does first: the lock files a killed
    /// tplan left are removed, and an interrupted operation (its process
    /// gone) is finished. One under way in a live process is
    /// left to it: the next operation waits for it ([`Store::run_operation`]).
    pub fn recover_first(&self) -> Result<Option<String>, StoreError> {
        // Locks a killed tplan left before it recorded an intent.
        owner::remove_stale(self.repo.common_dir())?;
        match self.interrupted()? {
            Some(op) if !op.running => Ok(self.recover(false)?.finished),
            _ => Ok(None),
        }
    }

    /// Runs `op` as the module describes. An operation under way in
    /// another live process is waited for (up to [`WAIT_FOR_OTHERS`]), as
    /// git waits for a ref lock: operations are short.
    pub(crate) fn run_operation(&self, op: Operation) -> Result<(), StoreError> {
        let deadline = Instant::now() + WAIT_FOR_OTHERS;
        for attempt in 0u32.. {
            match self.try_operation(&op) {
                Err(StoreError::OperationRunning { .. }) if Instant::now() < deadline => {
                    std::thread::sleep(backoff(attempt));
                }
                other => return other,
            }
        }
        unreachable!("the loop returns")
    }

    fn try_operation(&self, op: &Operation) -> Result<(), StoreError> {
        self.recover_first()?;
        let common = self.repo.common_dir().to_path_buf();
        let mut owner = Owner::me();
        owner.write(&common)?;
        let result = self.run_owned(op, &mut owner);
        owner.release(&common);
        result
    }

    fn run_owned(&self, op: &Operation, owner: &mut Owner) -> Result<(), StoreError> {
        for m in op.refs.iter().filter(|m| !m.via_head) {
            self.refuse_checked_out_elsewhere(&m.name)?;
        }
        let writes_tree = !op.files.is_empty() || !op.index.is_empty();
        let index_lock = if writes_tree {
            Some(self.lock_index(owner)?)
        } else {
            None
        };
        failpoint::hit("operation:locked");
        let intent = Intent {
            what: op.what.clone(),
            owner: Owner {
                locks: Vec::new(),
                ..owner.clone()
            },
            plan_dir: self.plan_dir.clone(),
            refs: op.refs.clone(),
            files: op.files.iter().map(FileMove::from).collect(),
            index: self.index_changes(&op.index)?,
            remove: op.remove.clone(),
        };
        let text = serde_json::to_vec_pretty(&intent).expect("an intent serialises");
        let record = self.repo.write_blob(text)?.detach();
        let common = self.repo.common_dir().to_path_buf();
        durable::sync(&common)?;
        self.create_intent(record, owner)?;
        durable::sync(&common)?;
        failpoint::step("intent recorded");
        for (k, m) in op.refs.iter().enumerate() {
            if let Err(lost) = self.move_one(m, owner) {
                // Someone else moved a ref: put back ours, as before.
                for done in op.refs[..k].iter().rev() {
                    self.move_back(done, owner)?;
                }
                self.delete_intent(record, owner)?;
                return Err(lost);
            }
        }
        if let Some(lock) = index_lock {
            self.write_tree_part(&op.files, &op.index, lock)?;
        }
        for path in &op.remove {
            let _ = std::fs::remove_file(path);
        }
        durable::sync(&common)?;
        self.delete_intent(record, owner)
    }

    /// The entries of `edits` the index does not hold yet (read under its
    /// lock): what the record keeps, so that a recovery can tell whether
    /// the index was written ([`Store::roll_back`] refuses then).
    fn index_changes(&self, edits: &[IndexEdit]) -> Result<Vec<IndexRecord>, StoreError> {
        use gix::bstr::ByteSlice;
        let index = self.repo.index_or_empty()?;
        let unconflicted = gix::index::entry::Stage::Unconflicted;
        Ok(edits
            .iter()
            .filter(|e| match e {
                IndexEdit::Set { path, blob } => {
                    let at = path.as_bytes().as_bstr();
                    let same = index
                        .entry_by_path_and_stage(at, unconflicted)
                        .is_some_and(|en| {
                            en.id == blob.1 && index.entry_range(at).is_some_and(|r| r.len() == 1)
                        });
                    !same
                }
                IndexEdit::Remove { path } => {
                    index.entry_range(path.as_bytes().as_bstr()).is_some()
                }
                IndexEdit::Conflict { .. } => true,
            })
            .map(IndexRecord::from)
            .collect())
    }

    /// Writes the files, then the index into the held `lock`.
    fn write_tree_part(
        &self,
        files: &[PathChange],
        index: &[IndexEdit],
        lock: gix::lock::File,
    ) -> Result<(), StoreError> {
        for c in files.iter().filter(|c| c.new.is_none()) {
            self.remove_file(&c.path)?;
            failpoint::step("file removed");
        }
        for c in files {
            if let Some(blob) = c.new {
                self.write_blob_to(&c.path, blob)?;
                failpoint::step("file written");
            }
        }
        let staged = self.stage_index_in(lock, index)?;
        staged.commit()?;
        failpoint::step("index written");
        Ok(())
    }

    /// Moves one ref by compare-and-swap, its lock recorded as ours.
    fn move_one(&self, m: &RefMove, owner: &mut Owner) -> Result<(), StoreError> {
        let to = m.new_target()?;
        let logged = self.symbolic_log(m, &to)?;
        let edit = edit_of(m, expected(m.old_target()?), to)?;
        self.apply_edit(edit, &m.name, m.via_head, owner)?;
        match logged {
            Some(line) => self.append_head_log(line),
            None => Ok(()),
        }
    }

    /// Puts a moved ref back (`from`, or deleted when it was new).
    fn move_back(&self, m: &RefMove, owner: &mut Owner) -> Result<(), StoreError> {
        let to = m.new_target()?;
        let edit = match m.old_target()? {
            Some(from) => edit_of(m, expected(Some(to)), from)?,
            None => RefEdit {
                change: Change::Delete {
                    expected: expected(Some(to)),
                    log: RefLog::AndReference,
                },
                name: full_name(&m.name)?,
                deref: false,
            },
        };
        self.apply_edit(edit, &m.name, false, owner)
    }

    fn apply_edit(
        &self,
        edit: RefEdit,
        name: &str,
        via_head: bool,
        owner: &mut Owner,
    ) -> Result<(), StoreError> {
        use gix::lock::acquire::Fail;
        let committer = self.reflog_committer()?;
        let prepared = self
            .repo
            .refs
            .transaction()
            .prepare([edit], lock_wait(name), Fail::Immediately)
            .map_err(|e| self.ref_error(name, e))?;
        let common = self.repo.common_dir().to_path_buf();
        // Right after a prepare that waited for no lock, these are ours:
        // the ref's, `HEAD`'s, and `packed-refs`' when the ref was packed.
        let mut locks = vec![self.lock_path(name), common.join("packed-refs.lock")];
        if via_head {
            locks.push(self.repo.git_dir().join("HEAD.lock"));
        }
        for lock in locks.iter().filter(|l| l.exists()) {
            owner.add(&common, lock)?;
        }
        failpoint::step("ref locked");
        let mut time = gix::date::parse::TimeBuf::default();
        prepared
            .commit(Some(committer.to_ref(&mut time)))
            .map_err(|e| self.ref_error(name, e))?;
        failpoint::step("ref moved");
        Ok(())
    }

    fn create_intent(&self, record: gix::ObjectId, owner: &mut Owner) -> Result<(), StoreError> {
        let m = RefMove {
            new_reflog: false,
            ..RefMove::new(INTENT_REF, None, record, "tplan: operation begins")
        };
        let edit = edit_of(&m, PreviousValue::MustNotExist, Target::Object(record))?;
        match self.apply_edit(edit, INTENT_REF, false, owner) {
            Err(StoreError::RefExists { .. }) => match self.interrupted()? {
                Some(i) => Err(StoreError::OperationRunning {
                    what: i.what,
                    pid: i.pid,
                }),
                // Deleted between our attempt and our look: the other
                // operation just finished. Retried as one still running.
                None => Err(StoreError::OperationRunning {
                    what: "an operation that has just finished".into(),
                    pid: std::process::id(),
                }),
            },
            other => other,
        }
    }

    fn delete_intent(&self, record: gix::ObjectId, owner: &mut Owner) -> Result<(), StoreError> {
        let edit = RefEdit {
            change: Change::Delete {
                expected: PreviousValue::MustExistAndMatch(Target::Object(record)),
                log: RefLog::AndReference,
            },
            name: full_name(INTENT_REF)?,
            deref: false,
        };
        self.apply_edit(edit, INTENT_REF, false, owner)
    }
}

/// The intent ref's lock is held only for an instant by whoever creates or
/// deletes the record: waited for. Any other ref's lock fails at once and
/// is named.
fn lock_wait(name: &str) -> gix::lock::acquire::Fail {
    use gix::lock::acquire::Fail;
    if name == INTENT_REF {
        Fail::AfterDurationWithBackoff(Duration::from_secs(5))
    } else {
        Fail::Immediately
    }
}

fn expected(from: Option<Target>) -> PreviousValue {
    match from {
        Some(t) => PreviousValue::MustExistAndMatch(t),
        None => PreviousValue::MustNotExist,
    }
}

fn full_name(name: &str) -> Result<gix::refs::FullName, StoreError> {
    gix::refs::FullName::try_from(name).map_err(|e| StoreError::Git(gix::Error::from_error(e)))
}

/// The edit of `m` from `expected` to `to`.
fn edit_of(m: &RefMove, expected: PreviousValue, to: Target) -> Result<RefEdit, StoreError> {
    Ok(RefEdit {
        change: Change::Update {
            log: LogChange {
                mode: RefLog::AndReference,
                force_create_reflog: m.new_reflog,
                message: m.message.as_str().into(),
            },
            expected,
            new: to,
        },
        name: if m.via_head {
            full_name("HEAD")?
        } else {
            full_name(&m.name)?
        },
        deref: m.via_head,
    })
}
