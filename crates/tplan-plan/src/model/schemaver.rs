use std::fmt;

/// A SchemaVer version (`MODEL-REVISION-ADDITION`, `1-0-2`), as Iglu uses for
/// each published event schema. Parts are independent counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchemaVer {
    /// Breaks all historical data when bumped.
    pub model: u32,
    /// May break some historical data when bumped.
    pub revision: u32,
    /// Breaks no historical data when bumped.
    pub addition: u32,
}

impl SchemaVer {
    /// The version of a schema never published before.
    pub const FIRST: SchemaVer = SchemaVer {
        model: 1,
        revision: 0,
        addition: 0,
    };

    /// Parses `M-R-A`; the model is at least 1, as Iglu requires.
    pub fn parse(s: &str) -> Option<SchemaVer> {
        let mut parts = s.split('-');
        let mut next = || -> Option<u32> {
            let p = parts.next()?;
            // No leading zeros, signs or spaces: one spelling per version.
            if p.is_empty() || (p.len() > 1 && p.starts_with('0')) {
                return None;
            }
            if !p.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            p.parse().ok()
        };
        let v = SchemaVer {
            model: next()?,
            revision: next()?,
            addition: next()?,
        };
        (parts.next().is_none() && v.model >= 1).then_some(v)
    }
}

impl fmt::Display for SchemaVer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{}", self.model, self.revision, self.addition)
    }
}

impl serde::Serialize for SchemaVer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemaver_round_trips() {
        assert_eq!(SchemaVer::parse("1-0-12").unwrap().to_string(), "1-0-12");
        for bad in ["0-1-0", "1-0", "1-0-0-0", "1-01-0", "a-0-0", "1--0", ""] {
            assert!(SchemaVer::parse(bad).is_none(), "{bad}");
        }
    }
}
