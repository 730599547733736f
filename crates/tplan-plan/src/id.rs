//! Object ids: the SHA-256 of an object's canonical form.

use std::fmt;

use sha2::{Digest, Sha256};

/// The id of an object: SHA-256 of its canonical JSON form. Equal ids mean
/// equal objects, across branches, revisions and reformatting.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ObjectId([u8; 32]);

impl ObjectId {
    /// Number of hex characters shown by [`ObjectId::short`].
    pub const SHORT_LEN: usize = 12;

    /// The id of canonical bytes.
    pub fn of(canonical: &[u8]) -> ObjectId {
        ObjectId(Sha256::digest(canonical).into())
    }

    /// The full id, 64 hex characters.
    pub fn to_hex(&self) -> String {
        let mut s = String::with_capacity(64);
        for b in self.0 {
            s.push(char::from_digit(u32::from(b >> 4), 16).expect("a nibble is a hex digit"));
            s.push(char::from_digit(u32::from(b & 15), 16).expect("a nibble is a hex digit"));
        }
        s
    }

    /// The short form shown to people: the first 12 hex characters.
    pub fn short(&self) -> String {
        let mut hex = self.to_hex();
        hex.truncate(Self::SHORT_LEN);
        hex
    }

    /// Parses 64 hex characters.
    pub fn from_hex(s: &str) -> Option<ObjectId> {
        if s.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, pair) in s.as_bytes().chunks(2).enumerate() {
            let hi = (pair[0] as char).to_digit(16)?;
            let lo = (pair[1] as char).to_digit(16)?;
            out[i] = (hi * 16 + lo) as u8;
        }
        Some(ObjectId(out))
    }
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ObjectId({})", self.short())
    }
}

impl serde::Serialize for ObjectId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sha256_in_hex() {
        let id = ObjectId::of(b"");
        assert_eq!(
            id.to_hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(id.short(), "e3b0c44298fc");
        assert_eq!(ObjectId::from_hex(&id.to_hex()), Some(id));
        assert_eq!(ObjectId::from_hex("zz"), None);
    }
}
