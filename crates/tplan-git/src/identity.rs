//! Who acts: the author and committer of commits tplan writes, and the
//! names and times proposals record.

use crate::error::StoreError;
use crate::store::Store;

/// Who acts, `(name, email)`; `None`: the configured git identity.
pub type Actor<'a> = Option<(&'a str, &'a str)>;

impl Store {
    /// `Name <email>` of whoever acts: `actor`, or the configured identity.
    pub fn identity(&self, actor: Actor<'_>) -> Result<String, StoreError> {
        let (author, _) = self.signatures(actor)?;
        Ok(format!("{} <{}>", author.name, author.email))
    }

    /// The time an action happens, as its commit records it (RFC 3339).
    pub fn action_time(&self, actor: Actor<'_>) -> Result<String, StoreError> {
        let (_, committer) = self.signatures(actor)?;
        Ok(committer
            .time
            .format_or_unix(gix::date::time::format::ISO8601_STRICT))
    }

    /// Writes a commit object (no ref points at it yet) by `author` and
    /// `committer`.
    pub(crate) fn write_commit(
        &self,
        (author, committer): (&gix::actor::Signature, &gix::actor::Signature),
        message: &str,
        tree: gix::ObjectId,
        parents: impl IntoIterator<Item = gix::ObjectId>,
    ) -> Result<gix::ObjectId, StoreError> {
        let mut author_time = gix::date::parse::TimeBuf::default();
        let mut committer_time = gix::date::parse::TimeBuf::default();
        let commit = self.repo.new_commit_as(
            committer.to_ref(&mut committer_time),
            author.to_ref(&mut author_time),
            message,
            tree,
            parents,
        )?;
        Ok(commit.id)
    }

    /// Who ref logs name: the configured committer, or `tplan` as git
    /// falls back to a default identity for reflogs.
    pub(crate) fn reflog_committer(&self) -> Result<gix::actor::Signature, StoreError> {
        match self.signatures(None) {
            Ok((_, committer)) => Ok(committer),
            Err(StoreError::NoIdentity) => Ok(gix::actor::Signature {
                name: "tplan".into(),
                email: "tplan@localhost".into(),
                time: gix::date::Time::now_local_or_utc(),
            }),
            Err(e) => Err(e),
        }
    }

    /// The author and committer: the given author (also committing when no
    /// committer is configured), else the repository's identity.
    pub(crate) fn signatures(
        &self,
        author: Option<(&str, &str)>,
    ) -> Result<(gix::actor::Signature, gix::actor::Signature), StoreError> {
        let owned = |s: gix::actor::SignatureRef<'_>| -> Result<gix::actor::Signature, StoreError> {
            Ok(gix::actor::Signature {
                name: s.name.to_owned(),
                email: s.email.to_owned(),
                time: s.time().map_err(gix::Error::from_error)?,
            })
        };
        let configured_committer = match self.repo.committer() {
            Some(c) => Some(owned(c?)?),
            None => None,
        };
        let configured_author = match self.repo.author() {
            Some(a) => Some(owned(a?)?),
            None => None,
        };
        let now = gix::date::Time::now_local_or_utc();
        let given = author.map(|(name, email)| gix::actor::Signature {
            name: name.into(),
            email: email.into(),
            time: configured_author.as_ref().map_or(now, |a| a.time),
        });
        let author = given.or(configured_author).ok_or(StoreError::NoIdentity)?;
        let committer = match configured_committer {
            Some(c) => c,
            None => gix::actor::Signature {
                time: now,
                ..author.clone()
            },
        };
        Ok((author, committer))
    }
}
