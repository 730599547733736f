//! `sources/<key>.toml`

use std::collections::BTreeSet;

use toml::de::DeTable;

use super::doc::Doc;
use crate::id::ObjectId;
use crate::key::Key;
use crate::model::Source;

pub const SOURCE_KEYS: &[&str] = &["name", "platform", "owner", "description"];

pub(crate) fn parse_source(
    doc: &mut Doc<'_>,
    key: Key,
    table: &DeTable<'_>,
    owners: &BTreeSet<String>,
) -> Option<Source> {
    let before = doc.errors.len();
    let mut source = Source {
        key,
        name: String::new(),
        platform: None,
        owner: None,
        description: None,
        id: ObjectId::default(),
    };
    let mut name = None;
    for (k, v) in table.iter() {
        let key = k.get_ref().as_ref();
        match key {
            "name" => name = doc.text_value(key, v),
            "platform" => source.platform = doc.string(key, v),
            "description" => source.description = doc.string(key, v),
            "owner" => {
                let Some(s) = doc.string(key, v) else {
                    continue;
                };
                match Key::new(&s) {
                    Ok(k) if owners.contains(k.as_str()) => source.owner = Some(k),
                    Ok(_) => doc.invalid(key, v.span(), format!("no owner `{s}` in `owners/`")),
                    Err(e) => doc.invalid(key, v.span(), e.to_string()),
                }
            }
            _ => doc.unknown_key(k, "a source", SOURCE_KEYS),
        }
    }
    match name {
        Some(n) => source.name = n,
        None if doc.errors.len() == before => doc.missing_key(0..0, "name", "a source"),
        None => {}
    }
    (doc.errors.len() == before).then_some(source)
}
