//! Object keys: the file names of owners, shared properties and events.
//!
//! A key becomes a file name, a path segment in git and an Iglu schema name,
//! so it is validated once here and never built into a path unchecked.

use std::borrow::Borrow;
use std::fmt;

/// Longest key accepted; long enough for any real event, short enough for
/// every file system and warehouse table name.
pub const MAX_KEY_LEN: usize = 64;

/// Names Windows reserves as device files; a plan must check out everywhere.
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A validated object key: `[a-z0-9_]+`, at most [`MAX_KEY_LEN`] bytes, never
/// a reserved device name. A key is never a path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Key(String);

/// Why a string is not a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The empty string.
    #[error("a key cannot be empty")]
    Empty,
    /// Longer than [`MAX_KEY_LEN`].
    #[error("`{0}` is longer than {MAX_KEY_LEN} characters")]
    TooLong(String),
    /// A character outside `[a-z0-9_]`.
    #[error("`{key}` has `{found}`: keys use only lowercase letters, digits and `_`")]
    BadChar { key: String, found: char },
    /// A reserved device name.
    #[error("`{0}` is a reserved file name on Windows")]
    Reserved(String),
}

impl Key {
    /// Validates `s` as a key.
    pub fn new(s: &str) -> Result<Key, KeyError> {
        if s.is_empty() {
            return Err(KeyError::Empty);
        }
        if let Some(found) = s
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_'))
        {
            return Err(KeyError::BadChar {
                key: s.to_string(),
                found,
            });
        }
        if s.len() > MAX_KEY_LEN {
            return Err(KeyError::TooLong(s.to_string()));
        }
        if RESERVED.contains(&s) {
            return Err(KeyError::Reserved(s.to_string()));
        }
        Ok(Key(s.to_string()))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A key derived from a free-form name (`Checkout Completed` ->
    /// `checkout_completed`), for commands that create objects from names.
    pub fn slug(name: &str) -> Result<Key, KeyError> {
        let mut out = String::with_capacity(name.len());
        let mut prev_lower = false;
        for c in name.chars() {
            if c.is_ascii_alphanumeric() {
                // camelCase and PascalCase split on a lower-to-upper step.
                if c.is_ascii_uppercase() && prev_lower {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
                prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            } else {
                if !out.is_empty() && !out.ends_with('_') {
                    out.push('_');
                }
                prev_lower = false;
            }
        }
        let trimmed = out.trim_end_matches('_');
        Key::new(trimmed)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Borrow<str> for Key {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Key {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_keys_are_accepted() {
        for ok in ["a", "checkout_completed", "v2", "_x", "a1_b2"] {
            assert_eq!(Key::new(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn paths_and_hostile_names_are_refused() {
        for bad in [
            "", "../x", "a/b", "Checkout", "a.b", "a-b", "con", "lpt1", "é", "a b",
        ] {
            assert!(Key::new(bad).is_err(), "{bad:?} accepted");
        }
        assert!(matches!(
            Key::new(&"a".repeat(65)),
            Err(KeyError::TooLong(_))
        ));
    }

    #[test]
    fn names_slug_into_keys() {
        assert_eq!(
            Key::slug("Checkout Completed").unwrap().as_str(),
            "checkout_completed"
        );
        assert_eq!(Key::slug("orderId").unwrap().as_str(), "order_id");
        assert_eq!(Key::slug("  Sign-up / v2 ").unwrap().as_str(), "sign_up_v2");
        assert!(Key::slug("!!!").is_err());
    }
}
