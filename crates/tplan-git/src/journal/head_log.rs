//! `HEAD`'s log for a symbolic move (a switch of branch): gix logs none,
//! git does, and `git reflog`, `@{-1}` and `git switch -` read it.

use std::path::Path;

use gix::refs::Target;

use super::record::RefMove;
use crate::error::{StoreError, io};
use crate::store::Store;

impl Store {
    /// The log line for moving `HEAD` to the symbolic target `to`, made
    /// before the move (it names the commit `HEAD` leaves); `None` for any
    /// other move.
    pub(super) fn symbolic_log(
        &self,
        m: &RefMove,
        to: &Target,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let Target::Symbolic(branch) = to else {
            return Ok(None);
        };
        if m.name != "HEAD" {
            return Ok(None);
        }
        let null = gix::ObjectId::null(self.repo.object_hash());
        let old = self.repo.head_id().map_or(null, |id| id.detach());
        let new = match self.repo.try_find_reference(branch.as_ref())? {
            Some(mut r) => r.peel_to_id()?.detach(),
            None => null,
        };
        let committer = self.reflog_committer()?;
        let mut line = format!("{old} {new} ").into_bytes();
        let mut time = gix::date::parse::TimeBuf::default();
        committer
            .to_ref(&mut time)
            .write_to(&mut line)
            .map_err(|source| io(Path::new("HEAD"), "cannot log", source))?;
        line.extend_from_slice(format!("\t{}\n", m.message).as_bytes());
        Ok(Some(line))
    }

    /// Appends `line` to `HEAD`'s log.
    pub(super) fn append_head_log(&self, line: Vec<u8>) -> Result<(), StoreError> {
        let logs = self.repo.git_dir().join("logs");
        let log = logs.join("HEAD");
        let appended = std::fs::create_dir_all(&logs).and_then(|()| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&log)
                .and_then(|mut f| std::io::Write::write_all(&mut f, &line))
        });
        appended.map_err(|source| io(&log, "cannot write", source))
    }
}
