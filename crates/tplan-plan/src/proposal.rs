//! Proposals and reviews: the record a proposal keeps (in git, as a small
//! TOML file on `refs/tplan/proposals/<n>`), and who a person is.
//!
//! The record is data, never code: it is parsed with unknown keys refused,
//! and every field that names a branch or a commit is checked.

use serde::{Deserialize, Serialize};

/// One proposal: a request to merge `head` into `base`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// Its number, as in `refs/tplan/proposals/<number>`.
    pub number: u64,
    /// One line.
    pub title: String,
    /// What and why, free text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
    /// The branch it merges into (`main`).
    pub base: String,
    /// The branch it proposes (`gift-cards`).
    pub head: String,
    /// Who proposed it: `Name <email>`.
    pub author: String,
    /// `open`, `merged` or `closed`.
    pub state: ProposalState,
    /// When it was proposed (RFC 3339).
    pub created: String,
    /// The head commit when it was proposed.
    pub proposed_commit: String,
    /// Set by publish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Published>,
    /// Reviews, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<Review>,
}

/// Where a proposal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProposalState {
    /// Waiting for reviews and publish.
    Open,
    /// Published: merged into its base.
    Merged,
    /// Closed without publishing.
    Closed,
}

impl ProposalState {
    /// The word used in records and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalState::Open => "open",
            ProposalState::Merged => "merged",
            ProposalState::Closed => "closed",
        }
    }
}

impl std::fmt::Display for ProposalState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What publish recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Published {
    /// The merge commit on the base.
    pub commit: String,
    /// The head commit that was published.
    pub head: String,
    /// The plan release (`1.3.0`).
    pub version: String,
    /// The tag (`plan-v1.3.0`).
    pub tag: String,
    /// Who published, `Name <email>`.
    pub by: String,
    /// When (RFC 3339).
    pub time: String,
}

/// One review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Who: `Name <email>`.
    pub reviewer: String,
    /// `approve`, `request-changes` or `comment`.
    pub verdict: Verdict,
    /// What they said.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    /// The head commit they reviewed: an approval counts only while the
    /// branch is still there.
    pub commit: String,
    /// When (RFC 3339).
    pub time: String,
}

/// A review's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Ready to publish, as far as this reviewer goes.
    Approve,
    /// Blocks until the same reviewer approves.
    RequestChanges,
    /// Neither.
    Comment,
}

impl Verdict {
    /// The word used in records.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Approve => "approve",
            Verdict::RequestChanges => "request-changes",
            Verdict::Comment => "comment",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A record that cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct RecordError {
    /// What is wrong, with the line when TOML says so.
    pub message: String,
}

impl Proposal {
    /// Parses and checks a record.
    pub fn from_toml(text: &str) -> Result<Proposal, RecordError> {
        let proposal: Proposal = toml::from_str(text).map_err(|e| RecordError {
            message: describe_toml_error(text, &e),
        })?;
        proposal.check()?;
        Ok(proposal)
    }

    /// The record as TOML.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("a proposal always serialises")
    }

    /// Checks what serde cannot: commit ids, people, non-empty title.
    pub fn check(&self) -> Result<(), RecordError> {
        let bad = |message: String| Err(RecordError { message });
        if self.number == 0 {
            return bad("`number` must be 1 or more".into());
        }
        if self.title.trim().is_empty() {
            return bad("`title` is empty".into());
        }
        for (field, value) in [("base", &self.base), ("head", &self.head)] {
            if value.is_empty() || value.contains("..") || value.starts_with('-') {
                return bad(format!("`{field}` = `{value}` is not a branch name"));
            }
        }
        check_commit("proposed_commit", &self.proposed_commit)?;
        Person::parse(&self.author).map_err(|e| RecordError {
            message: format!("`author`: {e}"),
        })?;
        if let Some(p) = &self.published {
            check_commit("published.commit", &p.commit)?;
            check_commit("published.head", &p.head)?;
        }
        for (i, review) in self.reviews.iter().enumerate() {
            check_commit(&format!("reviews[{i}].commit"), &review.commit)?;
            Person::parse(&review.reviewer).map_err(|e| RecordError {
                message: format!("`reviews[{i}].reviewer`: {e}"),
            })?;
        }
        Ok(())
    }
}

/// Two clones' versions of one proposal, joined (`tplan sync`).
#[derive(Debug, Clone, PartialEq)]
pub struct Joined {
    /// The record with both sides' updates.
    pub record: Proposal,
    /// Reviews only the other side had.
    pub reviews_added: usize,
    /// Fields both sides changed differently, where ours was kept.
    pub kept_ours: Vec<&'static str>,
}

impl Proposal {
    /// Joins `theirs` into `ours`, both grown from `base` (their last common
    /// record). Reviews only ever append, so the result has every review of
    /// either side, in time order; the state goes forward (a proposal merged
    /// or closed on either side stays so); any other field takes the side
    /// that changed it, ours when both did.
    pub fn join(base: &Proposal, ours: &Proposal, theirs: &Proposal) -> Joined {
        let mut record = ours.clone();
        let mut kept_ours = Vec::new();
        macro_rules! three_way {
            ($($field:ident),*) => {$(
                if ours.$field == base.$field {
                    record.$field = theirs.$field.clone();
                } else if theirs.$field != base.$field && theirs.$field != ours.$field {
                    kept_ours.push(stringify!($field));
                }
            )*};
        }
        three_way!(title, body, base, head, author, created, proposed_commit);
        let rank = |s: ProposalState| match s {
            ProposalState::Open => 0,
            ProposalState::Closed => 1,
            ProposalState::Merged => 2,
        };
        if rank(theirs.state) > rank(ours.state) {
            record.state = theirs.state;
        }
        if record.published.is_none() {
            record.published = theirs.published.clone();
        }
        let mut reviews_added = 0;
        for review in &theirs.reviews {
            if !record.reviews.contains(review) {
                record.reviews.push(review.clone());
                reviews_added += 1;
            }
        }
        // Stable: reviews of one instant keep the order each side gave them.
        record
            .reviews
            .sort_by_key(|r| crate::model::instant(&r.time).unwrap_or(i64::MIN));
        Joined {
            record,
            reviews_added,
            kept_ours,
        }
    }
}

fn check_commit(field: &str, value: &str) -> Result<(), RecordError> {
    let hex = value.len() == 40 && value.bytes().all(|b| b.is_ascii_hexdigit());
    if hex {
        Ok(())
    } else {
        Err(RecordError {
            message: format!("`{field}` = `{value}` is not a commit id (40 hex digits)"),
        })
    }
}

/// `line L: message` from a TOML error.
fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim_end().to_string();
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {message}")
        }
        None => message,
    }
}

/// A person as git writes one: `Name <email>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The name.
    pub name: String,
    /// The email, as given.
    pub email: String,
}

impl Person {
    /// Parses `Name <email>`.
    pub fn parse(text: &str) -> Result<Person, String> {
        let text = text.trim();
        let (name, rest) = text
            .split_once('<')
            .ok_or_else(|| format!("`{text}` is not `Name <email>`"))?;
        let email = rest
            .strip_suffix('>')
            .ok_or_else(|| format!("`{text}` is not `Name <email>`"))?;
        let name = name.trim();
        if name.is_empty() || email.is_empty() || email.contains(['<', '>']) {
            return Err(format!("`{text}` is not `Name <email>`"));
        }
        Ok(Person {
            name: name.into(),
            email: email.trim().into(),
        })
    }

    /// Whether two people are the same: emails compared without case, as
    /// mail systems do.
    pub fn same_as(&self, other: &Person) -> bool {
        self.email.eq_ignore_ascii_case(&other.email)
    }
}

impl std::fmt::Display for Person {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} <{}>", self.name, self.email)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Proposal {
        Proposal {
            number: 3,
            title: "Gift cards".into(),
            body: "Adds gift card events.\nTwo lines.".into(),
            base: "main".into(),
            head: "gift-cards".into(),
            author: "Pat PM <pat@acme.com>".into(),
            state: ProposalState::Open,
            created: "2026-11-25T10:00:00Z".into(),
            proposed_commit: "a".repeat(40),
            published: None,
            reviews: vec![Review {
                reviewer: "Ana <ana@acme.com>".into(),
                verdict: Verdict::RequestChanges,
                message: "Name the currency".into(),
                commit: "b".repeat(40),
                time: "2026-11-25T11:00:00Z".into(),
            }],
        }
    }

    #[test]
    fn records_round_trip() {
        let p = sample();
        let text = p.to_toml();
        assert!(text.contains("verdict = \"request-changes\""), "{text}");
        assert_eq!(Proposal::from_toml(&text).unwrap(), p);
    }

    #[test]
    fn corrupt_records_say_what_and_where() {
        let text = sample()
            .to_toml()
            .replace("state = \"open\"", "state = \"opened\"");
        let e = Proposal::from_toml(&text).unwrap_err();
        assert!(e.message.starts_with("line "), "{e}");
        assert!(e.message.contains("opened"), "{e}");

        let text = format!("{}extra = 1\n", sample().to_toml());
        assert!(Proposal::from_toml(&text).is_err());

        let text = sample().to_toml().replace(&"b".repeat(40), "HEAD");
        let e = Proposal::from_toml(&text).unwrap_err();
        assert!(e.message.contains("reviews[0].commit"), "{e}");
    }

    #[test]
    fn two_clones_reviews_join_in_time_order() {
        let base = sample();
        let review = |who: &str, verdict, time: &str| Review {
            reviewer: who.into(),
            verdict,
            message: String::new(),
            commit: "c".repeat(40),
            time: time.into(),
        };
        let mut ours = base.clone();
        // 12:30 in Berlin is 11:30 UTC: before Li's 11:45 UTC approval.
        ours.reviews.push(review(
            "Kim <kim@acme.com>",
            Verdict::Approve,
            "2026-11-25T12:30:00+01:00",
        ));
        let mut theirs = base.clone();
        theirs.reviews.push(review(
            "Li <li@acme.com>",
            Verdict::Approve,
            "2026-11-25T11:45:00Z",
        ));
        theirs.state = ProposalState::Closed;
        theirs.title = "Gift cards, v2".into();
        let joined = Proposal::join(&base, &ours, &theirs);
        assert_eq!(joined.reviews_added, 1);
        assert!(joined.kept_ours.is_empty());
        let who: Vec<&str> = joined
            .record
            .reviews
            .iter()
            .map(|r| r.reviewer.as_str())
            .collect();
        assert_eq!(
            who,
            [
                "Ana <ana@acme.com>",
                "Kim <kim@acme.com>",
                "Li <li@acme.com>"
            ]
        );
        assert_eq!(joined.record.state, ProposalState::Closed);
        assert_eq!(joined.record.title, "Gift cards, v2");
        // Joining the other way gives the same record.
        assert_eq!(Proposal::join(&base, &theirs, &ours).record, joined.record);
        // Both retitled: ours is kept, and said.
        let mut both = ours.clone();
        both.title = "Gift cards (ours)".into();
        let joined = Proposal::join(&base, &both, &theirs);
        assert_eq!(joined.record.title, "Gift cards (ours)");
        assert_eq!(joined.kept_ours, ["title"]);
    }

    #[test]
    fn people_are_name_and_email() {
        let p = Person::parse("Ana Analyst <ana@acme.com>").unwrap();
        assert_eq!(p.name, "Ana Analyst");
        assert!(p.same_as(&Person::parse("A <ANA@acme.com>").unwrap()));
        assert!(Person::parse("ana@acme.com").is_err());
        assert!(Person::parse("<ana@acme.com>").is_err());
    }
}
