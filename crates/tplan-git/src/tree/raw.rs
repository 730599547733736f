//! Tree objects read straight from their bytes, `<mode> <name>\0<id>` after
//! `<mode> <name>\0<id>`: a large plan's `events` folder holds tens of
//! thousands of entries, and most of them only need to be compared, or
//! skipped, without being decoded.

use std::cmp::Ordering;

/// One entry of a tree object.
pub(crate) struct RawEntry<'a> {
    /// The whole entry, for comparing entries as bytes.
    bytes: &'a [u8],
    /// `<mode> <name>`, decoded only for entries that differ.
    head: &'a [u8],
    id: &'a [u8],
}

impl<'a> RawEntry<'a> {
    /// The object the entry names.
    pub(crate) fn id(&self) -> gix::ObjectId {
        gix::ObjectId::from_bytes_or_panic(self.id)
    }

    /// The entry's mode; `None` when it is not one git writes.
    pub(crate) fn checked_mode(&self) -> Option<gix::objs::tree::EntryMode> {
        gix::objs::tree::EntryMode::from_bytes(self.head)
    }

    /// The entry's mode, a file's when it is not one git writes (for
    /// comparisons only: listings use [`RawEntry::checked_mode`]).
    pub(crate) fn mode(&self) -> gix::objs::tree::EntryMode {
        self.checked_mode()
            .unwrap_or(gix::objs::tree::EntryMode::from_bytes(b"100644").expect("a valid mode"))
    }

    /// The whole entry: equal bytes are the same name, mode and object.
    pub(crate) fn raw(&self) -> &'a [u8] {
        self.bytes
    }

    /// The entry's name, as stored.
    pub(crate) fn name(&self) -> &'a [u8] {
        let space = memchr::memchr(b' ', self.head).map_or(0, |i| i + 1);
        &self.head[space..]
    }
}

/// The entries of a tree object, in the order git stores them; an `Err`
/// ends a tree that is cut short.
pub(crate) struct RawEntries<'a> {
    rest: &'a [u8],
    hash_len: usize,
}

impl<'a> RawEntries<'a> {
    /// The entries of the tree object `data`, with ids of `hash_len` bytes.
    pub(crate) fn new(data: &'a [u8], hash_len: usize) -> Self {
        RawEntries {
            rest: data,
            hash_len,
        }
    }
}

impl<'a> Iterator for RawEntries<'a> {
    type Item = Result<RawEntry<'a>, ()>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let buf = self.rest;
        let hash_len = self.hash_len;
        let parsed = (|| {
            let nul = memchr::memchr(0, buf)?;
            let end = nul + 1 + hash_len;
            let entry = RawEntry {
                bytes: buf.get(..end)?,
                head: &buf[..nul],
                id: buf.get(nul + 1..end)?,
            };
            Some((entry, end))
        })();
        match parsed {
            Some((entry, end)) => {
                self.rest = &buf[end..];
                Some(Ok(entry))
            }
            None => {
                self.rest = &[];
                Some(Err(()))
            }
        }
    }
}

/// Git's order of tree entries: by name, a folder's name followed by `/`.
fn tree_order(a: &RawEntry<'_>, b: &RawEntry<'_>) -> Ordering {
    let key = |e: &RawEntry<'_>| -> Vec<u8> {
        let mut k = e.name().to_vec();
        if e.mode().is_tree() {
            k.push(b'/');
        }
        k
    };
    key(a).cmp(&key(b))
}

/// Which of two trees compared by [`diff`] is cut short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Corrupt {
    /// The first.
    Old,
    /// The second.
    New,
}

/// Walks two flat trees in lockstep, in git's order, and hands `differ`
/// each name whose entry differs: only in `old`, only in `new`, or in both
/// with another mode or object. Identical entries cost a comparison of
/// their bytes, which is what most entries of a large plan's folders are.
pub(crate) fn diff<'a>(
    old: &'a [u8],
    new: &'a [u8],
    hash_len: usize,
    differ: &mut dyn FnMut(Option<RawEntry<'a>>, Option<RawEntry<'a>>),
) -> Result<(), Corrupt> {
    let mut i = RawEntries::new(old, hash_len).peekable();
    let mut j = RawEntries::new(new, hash_len).peekable();
    loop {
        let order = match (i.peek(), j.peek()) {
            (None, None) => return Ok(()),
            (Some(Err(())), _) => return Err(Corrupt::Old),
            (_, Some(Err(()))) => return Err(Corrupt::New),
            (Some(Ok(x)), Some(Ok(y))) if x.raw() == y.raw() => {
                i.next();
                j.next();
                continue;
            }
            (Some(Ok(x)), Some(Ok(y))) => tree_order(x, y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
        };
        let x = (order != Ordering::Greater).then(|| next_entry(&mut i));
        let y = (order != Ordering::Less).then(|| next_entry(&mut j));
        differ(x, y);
    }
}

/// The entry just peeked at.
fn next_entry<'a>(entries: &mut impl Iterator<Item = Result<RawEntry<'a>, ()>>) -> RawEntry<'a> {
    entries.next().expect("peeked").expect("peeked an entry")
}

/// The id of entry `name` in a raw tree object. A folder of thousands of
/// events is searched with one SIMD scan for ` NAME\0` instead of entry
/// by entry; a hit counts only where an entry starts (the mode's digits
/// before it, and a full id after it).
pub(crate) fn find_entry(data: &[u8], name: &str, hash_len: usize) -> Option<gix::ObjectId> {
    let mut needle = Vec::with_capacity(name.len() + 2);
    needle.push(b' ');
    needle.extend_from_slice(name.as_bytes());
    needle.push(0);
    let finder = memchr::memmem::Finder::new(&needle);
    let mut from = 0;
    while let Some(at) = finder.find(&data[from..]) {
        let start = from + at;
        let id_start = start + needle.len();
        // An id's last bytes may look like digits: try each mode length
        // and require the previous entry's NUL and id right before it.
        let at_boundary = [5, 6].into_iter().any(|mode_len| {
            start >= mode_len && data[start - mode_len..start].iter().all(u8::is_ascii_digit) && {
                let entry_start = start - mode_len;
                entry_start == 0
                    || (entry_start > hash_len && data[entry_start - hash_len - 1] == 0)
            }
        });
        if at_boundary && data.len() >= id_start + hash_len {
            return gix::ObjectId::try_from(&data[id_start..id_start + hash_len]).ok();
        }
        from = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{diff, find_entry};

    fn entry(mode: &str, name: &str, id: [u8; 20]) -> Vec<u8> {
        let mut out = format!("{mode} {name}\0").into_bytes();
        out.extend_from_slice(&id);
        out
    }

    #[test]
    fn entries_are_found_at_entry_starts_only() {
        // Ids ending in digit bytes, and an id holding a look-alike name.
        let mut tricky = [b'7'; 20];
        tricky[..8].copy_from_slice(b" b.toml\0");
        let tree = [
            entry("100644", "a.toml", [b'1'; 20]),
            entry("40000", "b.toml", tricky),
            entry("100755", "b.toml.bak", [2; 20]),
            entry("100644", "c.toml", [3; 20]),
        ]
        .concat();
        let id = |b: [u8; 20]| gix::ObjectId::try_from(&b[..]).unwrap();
        assert_eq!(find_entry(&tree, "a.toml", 20), Some(id([b'1'; 20])));
        assert_eq!(find_entry(&tree, "b.toml", 20), Some(id(tricky)));
        assert_eq!(find_entry(&tree, "c.toml", 20), Some(id([3; 20])));
        assert_eq!(find_entry(&tree, "d.toml", 20), None);
        assert_eq!(find_entry(&tree, "toml", 20), None);
    }

    #[test]
    fn a_diff_names_each_differing_entry_once_in_tree_order() {
        let old = [
            entry("100644", "a.toml", [1; 20]),
            entry("100644", "b.toml", [2; 20]),
            entry("100644", "d.toml", [4; 20]),
        ]
        .concat();
        let new = [
            entry("100644", "a.toml", [1; 20]),
            entry("100644", "b.toml", [9; 20]),
            entry("100644", "c.toml", [3; 20]),
        ]
        .concat();
        let mut seen = Vec::new();
        diff(&old, &new, 20, &mut |x, y| {
            let name = |e: &Option<super::RawEntry<'_>>| {
                e.as_ref()
                    .map(|e| String::from_utf8_lossy(e.name()).into_owned())
            };
            seen.push((name(&x), name(&y)));
        })
        .unwrap();
        let s = |n: &str| Some(n.to_string());
        assert_eq!(
            seen,
            [
                (s("b.toml"), s("b.toml")),
                (None, s("c.toml")),
                (s("d.toml"), None)
            ]
        );
    }
}
