//! Finding the position of a key path (`properties/items/items/properties/sku`)
//! in a plan file, for reports about objects that parsed fine: lint
//! findings now, diff changes later. Files are re-read only when a report
//! needs a position, so loading a large plan keeps no spans in memory.

use std::collections::HashMap;

use toml::de::{DeTable, DeValue};

use crate::files::PlanFiles;
use crate::span::Span;

/// Where a key and its value sit in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    /// The key's span.
    pub key: Span,
    /// The value's span.
    pub value: Span,
}

/// The position of `path` (keys separated by `/`) in a TOML `text`; `None`
/// when the text does not parse or a key is missing.
pub fn locate_in(text: &str, path: &str) -> Option<Located> {
    let table = DeTable::parse(text).ok()?.into_inner();
    locate_in_table(&table, text, path)
}

fn locate_in_table(table: &DeTable<'_>, text: &str, path: &str) -> Option<Located> {
    if path.is_empty() {
        let whole = Span::new(text, 0..0);
        return Some(Located {
            key: whole,
            value: whole,
        });
    }
    let mut current = table;
    let mut segments = path.split('/').peekable();
    while let Some(segment) = segments.next() {
        let (key, value) = current.get_key_value(segment)?;
        if segments.peek().is_none() {
            return Some(Located {
                key: Span::new(text, key.span()),
                value: Span::new(text, value.span()),
            });
        }
        current = match value.get_ref() {
            DeValue::Table(t) => t,
            _ => return None,
        };
    }
    None
}

/// Looks up key paths in the files of one plan, parsing each file once.
pub struct Locator<'f> {
    files: &'f PlanFiles,
    tables: HashMap<&'f str, Option<DeTable<'f>>>,
}

impl<'f> Locator<'f> {
    /// A locator over `files`.
    pub fn new(files: &'f PlanFiles) -> Self {
        Locator {
            files,
            tables: HashMap::new(),
        }
    }

    /// The position of `path` (keys separated by `/`) in `file`; `None` when
    /// the file or a key is missing. An empty path is the whole file.
    pub fn locate(&mut self, file: &str, path: &str) -> Option<Located> {
        let (stored, _) = self.files.get_key_value(file)?;
        let text = self.files.text(stored)?;
        let table = self
            .tables
            .entry(stored)
            .or_insert_with(|| DeTable::parse(text).ok().map(|t| t.into_inner()))
            .as_ref()?;
        locate_in_table(table, text, path)
    }

    /// The position of the deepest existing prefix of `path`: a change to a
    /// key that no longer exists points at its parent.
    pub fn locate_nearest(&mut self, file: &str, path: &str) -> Option<Located> {
        let mut p = path;
        loop {
            if let Some(found) = self.locate(file, p) {
                return Some(found);
            }
            p = match p.rfind('/') {
                Some(i) => &p[..i],
                None if !p.is_empty() => "",
                None => return None,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_keys_are_found_in_inline_and_sub_tables() {
        let mut files = PlanFiles::new();
        let text = "name = \"A\"\n\n[properties]\nprice = { type = \"number\" }\n\n[properties.items]\ntype = \"array\"\nitems = { properties = { sku = { type = \"string\" } } }\n";
        files.insert_bytes("events/a.toml", text.as_bytes().to_vec());
        let mut loc = Locator::new(&files);
        let price = loc
            .locate("events/a.toml", "properties/price/type")
            .unwrap();
        assert_eq!((price.key.line, price.key.col), (4, 11));
        let sku = loc
            .locate("events/a.toml", "properties/items/items/properties/sku")
            .unwrap();
        assert_eq!((sku.key.line, sku.key.col), (8, 26));
        assert!(loc.locate("events/a.toml", "properties/nope").is_none());
        let near = loc
            .locate_nearest("events/a.toml", "properties/price/enum")
            .unwrap();
        assert_eq!(near.key.line, 4);
        assert!(loc.locate("events/b.toml", "name").is_none());
    }
}
