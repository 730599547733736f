//! The names git gives things, as types: commit and tree ids, branch and
//! ref names, proposal numbers. Each is written the way git writes it (hex
//! ids, full ref names) in JSON and messages, so a value read back, or
//! passed to git, means what it says.

use std::fmt;

use gix::refs::FullName;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::StoreError;

/// Where proposals live.
pub const PROPOSALS_PREFIX: &str = "refs/tplan/proposals/";

/// Where the release schemas accumulate, as a static Iglu registry tree.
pub const REGISTRY_REF: &str = "refs/tplan/registry";

/// How git shortens an id for people.
const SHORT: usize = 7;

macro_rules! hex_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(gix::ObjectId);

        impl $name {
            /// The id from its 40 hex characters.
            pub fn parse(hex: &str) -> Result<$name, StoreError> {
                gix::ObjectId::from_hex(hex.as_bytes())
                    .map($name)
                    .map_err(|e| StoreError::Git(gix::Error::from_error(e)))
            }

            /// The id shortened as git shows it (7 hex characters).
            pub fn short(&self) -> String {
                self.0.to_hex_with_len(SHORT).to_string()
            }

            /// The id as gix knows it.
            pub(crate) fn oid(self) -> gix::ObjectId {
                self.0
            }
        }

        impl From<gix::ObjectId> for $name {
            fn from(id: gix::ObjectId) -> $name {
                $name(id)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, hex: &str) -> bool {
                gix::ObjectId::from_hex(hex.as_bytes()).is_ok_and(|id| id == self.0)
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, hex: &&str) -> bool {
                *self == **hex
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, hex: &String) -> bool {
                *self == **hex
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, id: &$name) -> bool {
                id == self
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                let hex = String::deserialize(d)?;
                $name::parse(&hex).map_err(serde::de::Error::custom)
            }
        }
    };
}

hex_id!(
    /// A commit's id: 40 hex characters in JSON and messages.
    CommitId
);

hex_id!(
    /// A tree's id (the registry's, or a merge's starting tree).
    TreeId
);

/// A branch name git accepts (`feature/gift-cards`), without `refs/heads/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BranchName(String);

impl BranchName {
    /// `name` as a branch name, or why git would refuse it.
    pub fn new(name: &str) -> Result<BranchName, StoreError> {
        let invalid = |reason: &str| StoreError::InvalidBranchName {
            name: name.into(),
            reason: reason.into(),
        };
        if name.is_empty() {
            return Err(invalid("it is empty"));
        }
        if name.starts_with('-') {
            return Err(invalid("it starts with `-`"));
        }
        if name == "HEAD" {
            return Err(invalid("`HEAD` names the current commit"));
        }
        FullName::try_from(format!("refs/heads/{name}")).map_err(|e| {
            let reason = e.to_string();
            invalid(if reason.is_empty() {
                "git refuses it"
            } else {
                &reason
            })
        })?;
        Ok(BranchName(name.to_string()))
    }

    /// A name git itself gave (a ref it listed), taken as it is.
    pub(crate) fn from_git(name: String) -> BranchName {
        BranchName(name)
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `refs/heads/<name>`.
    pub fn full(&self) -> RefName {
        RefName(format!("refs/heads/{}", self.0))
    }

    /// `refs/heads/<name>` as gix takes it.
    pub(crate) fn full_name(&self) -> FullName {
        FullName::try_from(format!("refs/heads/{}", self.0))
            .expect("a branch name is checked when made, or comes from git")
    }
}

impl fmt::Display for BranchName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for BranchName {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for BranchName {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for BranchName {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

/// A proposal's number: `#3`, on `refs/tplan/proposals/3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProposalNumber(u64);

impl ProposalNumber {
    /// The number.
    pub fn get(self) -> u64 {
        self.0
    }

    /// The proposal's ref.
    pub fn ref_name(self) -> RefName {
        RefName(format!("{PROPOSALS_PREFIX}{}", self.0))
    }
}

impl From<u64> for ProposalNumber {
    fn from(n: u64) -> ProposalNumber {
        ProposalNumber(n)
    }
}

impl fmt::Display for ProposalNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A full ref name (`refs/tplan/proposals/3`, `refs/heads/main`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct RefName(String);

impl RefName {
    /// A ref name tplan builds from parts it checked (a remote name, a
    /// constant prefix).
    pub(crate) fn new(name: String) -> RefName {
        RefName(name)
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RefName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::{BranchName, CommitId};

    #[test]
    fn commit_ids_read_and_write_as_hex() {
        let hex = "0123456789abcdef0123456789abcdef01234567";
        let id = CommitId::parse(hex).unwrap();
        assert_eq!(id.to_string(), hex);
        assert_eq!(id.short(), "0123456");
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{hex}\""));
        let back: CommitId = serde_json::from_str(&format!("\"{hex}\"")).unwrap();
        assert_eq!(back, id);
        assert!(CommitId::parse("xyz").is_err());
    }

    #[test]
    fn branch_names_git_refuses_are_refused() {
        for bad in ["", "-x", "HEAD", "a..b", "x.lock", "../x"] {
            assert!(BranchName::new(bad).is_err(), "{bad}");
        }
        assert_eq!(BranchName::new("feature/x").unwrap().as_str(), "feature/x");
    }
}
